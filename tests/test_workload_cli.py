"""`tebiki workload` as a user runs it (`tebiki.cli.main` in this process): JSON per the
spec, CSV and xlsx with Japanese headers and numbers as numbers, and `--compare` on a
real git repository built in a temporary folder."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any, Callable

import pytest
from openpyxl import load_workbook

from cli_run import Ran, run_tebiki
from workload_samples import FILES, INVENTORY, TODAY

def tebiki(root: Path, *args: str) -> Ran:
    """`tebiki workload *args` in this process; stdout and stderr as bytes."""
    return run_tebiki(["workload", "--today", TODAY.isoformat(), *args], root, text=False)


def workload_json(root: Path, *args: str) -> dict[str, Any]:
    done = tebiki(root, "--format", "json", *args)
    assert done.returncode == 0, done.stderr.decode()
    return json.loads(done.stdout)


@pytest.fixture
def root(tebiki_handbook: Callable[..., Path]) -> Path:
    return tebiki_handbook(FILES, inventory=INVENTORY)


def test_json_holds_the_spec_fields_with_hand_computed_figures(root: Path) -> None:
    data = workload_json(root)
    assert (data["hours_per_year"], data["procedures"], data["computed"], data["partial"]) == (74.2, 4, 3, 1)
    assert data["by_department"] == {"accounting": 66.0, "hr": 8.2}
    assert data["by_mode"] == {"manual": 52.0, "paper": 12.0, "system": 10.2, "automated": 0.0, "outsourced": 0.0}
    assert data["by_owner"] == {"sato": 17.0, "suzuki": 49.0, "(none)": 8.2}
    assert data["by_actor"]["経理担当"] == 63.0
    assert data["paper_share"] == 0.162 and data["manual_share"] == 0.701
    assert data["undocumented"] == {"hours_per_year": 127.5, "estimated": 2, "unestimated": 1}
    detail = {d["procedure"]: d for d in data["procedures_detail"]}
    assert detail["hr-letter"] == {"procedure": "hr-letter", "title": "証明書発行", "department": "hr",
                                   "runs_per_year": None, "minutes_per_run": 20, "hours_per_year": None,
                                   "partial": False}
    assert (detail["acc-expense"]["runs_per_year"], detail["acc-expense"]["partial"]) == (735, True)
    assert '"runs_per_year": 735,' in tebiki(root, "--format", "json").stdout.decode()  # not 735.0
    assert [(c["procedure"], c["step"]) for c in data["candidates"]][:2] == [("acc-expense", "input"),
                                                                           ("acc-close", "collect")]
    overdue = [i for i in data["improvements"] if i["overdue"]]
    assert [(i["title"], i["status"], i["due"]) for i in overdue] == [("証憑の回収を電子化する", "planned", "2026-05-01")]


def test_working_days_comes_from_the_plugin_option(tebiki_handbook: Callable[..., Path]) -> None:
    root = tebiki_handbook(FILES, inventory=INVENTORY, options={"working_days": 200})
    data = workload_json(root)
    assert data["working_days"] == 200
    assert data["hours_per_year"] == round(17 + 40 + 200 * 2 / 60, 1)


def test_text_report_in_japanese_and_english(root: Path) -> None:
    ja = tebiki(root).stdout.decode()
    assert "業務量: 年間 74.2 時間(手順 4 件のうち 3 件で計算" in ja
    assert "hr-letter" in ja and "紙 16.2%、手作業 70.1%" in ja
    assert "経理・財務 (accounting)  66.0" in ja
    en = tebiki(root, "--lang", "en", "--by", "procedure").stdout.decode()
    assert "Workload: 74.2 hours a year (computed for 3 of 4 procedures" in en
    assert "経費精算 (acc-expense)  49.0 (partial)" in en and "証明書発行 (hr-letter)  unknown" in en


def test_csv_has_japanese_headers_and_plain_numbers(root: Path) -> None:
    done = tebiki(root, "--format", "csv", "--by", "department")
    lines = done.stdout.decode("utf-8-sig").splitlines()
    assert lines[0] == "部門ID,部門,年間時間,手作業,紙,システム,自動,外部委託"
    assert lines[1] == "accounting,経理・財務,66.0,52.0,12.0,2.0,0.0,0.0"


def test_xlsx_opens_with_openpyxl_and_its_totals_equal_the_json(root: Path, tmp_path: Path) -> None:
    data = workload_json(root)
    out = tmp_path / "業務量.xlsx"
    done = tebiki(root, "--format", "xlsx", "--out", str(out))
    assert done.returncode == 0, done.stderr.decode()
    book = load_workbook(out)
    assert book.sheetnames == ["概要", "部門別", "役割別", "担当者別", "方法別", "手順別", "改善候補", "改善計画"]
    summary = {row[0]: row[1] for row in book["概要"].iter_rows(min_row=2, values_only=True)}
    assert summary["年間時間(合計)"] == data["hours_per_year"]
    assert isinstance(summary["年間時間(合計)"], float)
    depts = book["部門別"]
    assert [c.value for c in depts[1]][:3] == ["部門ID", "部門", "年間時間"]
    assert {r[0]: r[2] for r in depts.iter_rows(min_row=2, values_only=True)} == data["by_department"]
    assert {r[0]: r[2] for r in book["方法別"].iter_rows(min_row=2, values_only=True)} == data["by_mode"]
    assert {r[0]: r[1] for r in book["役割別"].iter_rows(min_row=2, values_only=True)} == data["by_actor"]
    procedures = list(book["手順別"].iter_rows(min_row=2, values_only=True))
    assert sum(r[6] for r in procedures if r[6] is not None) == pytest.approx(data["hours_per_year"], abs=0.2)


def test_xlsx_is_not_written_to_a_terminal_or_half_written(root: Path) -> None:
    done = tebiki(root, "--format", "xlsx", "--out", str(root / "missing-dir" / "a.xlsx"))
    assert done.returncode == 0, done.stderr
    assert load_workbook(root / "missing-dir" / "a.xlsx").worksheets[0].max_row > 1  # a whole workbook, with rows
    assert not list((root / "missing-dir").glob(".*.tmp"))


# --------------------------------------------------------------------------- --compare

def git(root: Path, *args: str) -> str:
    done = subprocess.run(["git", *args], cwd=root, capture_output=True, check=True, text=True,
                          env={"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "t",
                               "GIT_COMMITTER_EMAIL": "t@example.org", "HOME": str(root), "PATH": "/usr/bin:/bin"})
    return done.stdout.strip()


def test_compare_reads_the_past_handbook_from_git(tmp_path: Path, tebiki_handbook: Callable[..., Path]) -> None:
    # The handbook lives in a sub-folder of the repository, as in a monorepo.
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "-q")
    root = tebiki_handbook(FILES, inventory=INVENTORY)
    shutil.move(str(root), repo / "handbook")
    root = repo / "handbook"
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "last quarter")
    past = git(repo, "rev-parse", "HEAD")

    close = root / "procedures" / "accounting" / "close.yaml"
    text = close.read_text(encoding="utf-8")
    # The paper step becomes automated, its planned improvement is done; one procedure added, one removed.
    text = text.replace("    mode: paper\n    minutes: 30\n    headcount: 2", "    mode: automated\n    minutes: 1")
    text = text.replace("    status: planned\n", "    status: done\n")
    close.write_text(text, encoding="utf-8")
    (root / "procedures" / "hr" / "letter.yaml").unlink()
    (root / "procedures" / "hr" / "new.yaml").write_text(
        FILES["hr/attendance.yaml"].replace("id: hr-attendance", "id: hr-new"), encoding="utf-8")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "this quarter")
    (root / "procedures" / "hr" / "new.yaml").write_text("uncommitted: [", encoding="utf-8")  # now is the work tree
    status_before = git(repo, "status", "--porcelain")

    data = workload_json(root, "--compare", past)
    # Before: 74.17 h (paper 12.0). After: collect is 12 × 1 min automated = 0.2 h, so acc-close is
    # 12 × 26 / 60 = 5.2 h; hr-new does not load (uncommitted broken file): 5.2 + 49 + 8.17 = 62.37 h.
    assert data["hours_per_year"] == {"before": 74.2, "after": 62.4, "change": -11.8}
    assert data["by_department"]["accounting"] == {"before": 66.0, "after": 54.2, "change": -11.8}
    assert data["by_department"]["hr"] == {"before": 8.2, "after": 8.2, "change": 0.0}
    assert data["paper_share"]["before"] == 0.162 and data["paper_share"]["after"] == 0.0
    assert data["automated_share"] == {"before": 0.0, "after": 0.003, "change": 0.003}
    assert data["improvements_done"] == [{"procedure": "acc-close", "title": "証憑の回収を電子化する",
                                          "lever": "digitize"}]
    assert data["procedures_removed"] == ["hr-letter"]
    assert data["procedures_added"] == []  # hr-new is broken in the work tree, so it did not load now
    assert git(repo, "status", "--porcelain") == status_before  # nothing checked out or changed

    (root / "procedures" / "hr" / "new.yaml").write_text(
        FILES["hr/attendance.yaml"].replace("id: hr-attendance", "id: hr-new"), encoding="utf-8")
    text_report = tebiki(root, "--compare", past).stdout.decode()
    assert "年間時間: 74.2 → 70.5 時間(-3.7)" in text_report
    assert "完了した改善 1 件:" in text_report and "証憑の回収を電子化する(acc-close)" in text_report
    assert "追加された手順: hr-new" in text_report and "削除された手順: hr-letter" in text_report
    assert "計算できた手順: 3 → 4 件" in text_report  # hr-new now loads: more hours without more work
    assert data["computed"] == {"before": 3, "after": 3}


def test_compare_with_an_unknown_revision_says_so(root: Path, tmp_path: Path) -> None:
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "one")
    done = tebiki(root, "--compare", "v2026-Q3")
    assert done.returncode == 2
    line = done.stderr.decode().strip()
    assert line.startswith("tebiki: v2026-Q3 の手引きを読めません: 「v2026-Q3」は ") and line.count("\n") == 0, line
    assert not re.search(r"[A-Za-z]{3,}", line.replace("tebiki", "").replace("v2026-Q3", "").replace("git log", "")
                         .replace("git tag", "").replace(str(root.resolve()), "")), line  # the whole line in Japanese
    english = tebiki(root, "--compare", "v2026-Q3", "--lang", "en").stderr.decode()
    assert "cannot read the handbook at v2026-Q3: v2026-Q3 is not a commit" in english
    assert not re.search(r"[\u3040-\u30ff\u4e00-\u9fff]", english), english
    outside = tmp_path / "not-a-repo"
    shutil.copytree(root, outside, ignore=shutil.ignore_patterns(".git"))
    done = tebiki(outside, "--compare", "HEAD", "--lang", "en")
    assert done.returncode == 2 and "cannot read the handbook at HEAD" in done.stderr.decode()
    japanese = tebiki(outside, "--compare", "HEAD").stderr.decode()
    assert "HEAD の手引きを読めません: 手引きのフォルダが git リポジトリの中にありません" in japanese, japanese


@pytest.mark.parametrize("days", [0, 400, "多い"])
def test_working_days_outside_a_year_cannot_run(tebiki_handbook: Callable[..., Path], days: Any) -> None:
    root = tebiki_handbook(FILES, inventory=INVENTORY, options={"working_days": days})
    done = tebiki(root)
    assert done.returncode == 2 and "working_days" in done.stderr.decode()
