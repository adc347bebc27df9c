"""`tebiki whatif`, `tebiki skills` and the `scenarios` option as a user runs them
(`tebiki.cli.main` in this process) on the sample handbook and on small handbooks in tmp_path
(spec: "Risk beyond one procedure", "Other commands")."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Callable

import pytest
from openpyxl import load_workbook

from core_samples import CLEAN_PROCEDURE
from cli_run import Ran, run_tebiki
from constants import REPO, SAMPLE_DAY

ROOT = REPO
TODAY = SAMPLE_DAY.isoformat()  # as typed after --today
GA = ["ga-company-car", "ga-disaster-drill", "ga-mail-visitor", "ga-purchase", "ga-seal"]


def run(cwd: Path, *args: str, today: str | None = TODAY) -> Ran:
    """`tebiki *args` in this process; stdout and stderr as bytes."""
    return run_tebiki(list(args) + (["--today", today] if today else []), cwd, text=False)


def out(done: Ran) -> str:
    assert isinstance(done.stdout, bytes)
    return done.stdout.decode("utf-8")


# ------------------------------------------------------------------ whatif

def test_whatif_the_two_general_affairs_holders_leave_no_one_for_its_five_procedures() -> None:
    done = run(ROOT, "whatif", "ito", "watanabe", "--format", "json")
    assert done.returncode == 0, done.stderr.decode()
    answer = json.loads(out(done))
    assert answer["left"] == ["ito", "watanabe"] and answer["on"] is None
    assert answer["no_holder"] == GA
    assert answer["departments"] == {"general-affairs": {"procedures": 5, "no_holder": 5, "dropped": 5}}
    assert {d["procedure"]: (d["from"], d["to"]) for d in answer["dropped"]} == {
        "ga-company-car": ("single_owner", "no_owner"), "ga-disaster-drill": ("covered", "no_owner"),
        "ga-mail-visitor": ("single_owner", "no_owner"), "ga-purchase": ("covered", "no_owner"),
        "ga-seal": ("covered", "no_owner")}
    # the hours are the workload's own figures (tebiki workload) of those five, the unknown ones left out
    detail = json.loads(out(run(ROOT, "workload", "--format", "json")))["procedures_detail"]
    known = [d["hours_per_year"] for d in detail if d["procedure"] in GA and d["hours_per_year"] is not None]
    assert answer["hours_counted"] == len(known) > 0
    assert answer["hours_per_year_without_holder"] == pytest.approx(sum(known), abs=0.1)


def test_whatif_text_in_japanese_and_english() -> None:
    ja = out(run(ROOT, "whatif", "ito", "watanabe"))
    assert "抜ける人: 伊藤 直樹(ito)、渡辺 由美(watanabe)" in ja
    assert "担える人がいなくなる手順: 5 件" in ja and "総務: 5 / 5 手順" in ja
    assert "ga-seal  印鑑管理（押印申請）: 複数担当 → 担当者なし" in ja
    en = out(run(ROOT, "whatif", "ito", "--lang", "en"))
    assert "Procedures with nobody left who can run them: 1" in en and "ga-company-car" in en


def test_whatif_on_a_date_alone_applies_every_leaving_on_up_to_it() -> None:
    # kato leaves 2027-01-31 (year-end adjustment, nobody else), tanaka 2027-03-31 (payment; takahashi
    # is only a trainee, so nobody holds it then)
    before = json.loads(out(run(ROOT, "whatif", "--on", "2027-01-30", "--format", "json")))
    assert before["left"] == [] and before["no_holder"] == []
    january = json.loads(out(run(ROOT, "whatif", "--on", "2027-01-31", "--format", "json")))
    assert january["left"] == ["kato"] and january["no_holder"] == ["hr-year-end-adjustment"]
    march = json.loads(out(run(ROOT, "whatif", "--on", "2027-03-31", "--format", "json")))
    assert march["left"] == ["kato", "tanaka"] and march["on"] == "2027-03-31"
    assert march["no_holder"] == ["acc-payment", "hr-year-end-adjustment"]
    assert {"procedure": "acc-annual-close", "from": "covered", "to": "single_owner"} in march["dropped"]


@pytest.mark.parametrize("args, words", [
    (("itou",), "「itou」は _org.yaml にいない人です(「ito」のことですか?)"),
    (("伊藤直樹",), "「ito」のことですか"),
    (("ITO", "--lang", "en"), 'did you mean "ito"?'),
    ((), "--on YYYY-MM-DD"),
])
def test_whatif_cannot_run_exits_2_with_one_line(args: tuple[str, ...], words: str) -> None:
    done = run(ROOT, "whatif", *args)
    assert done.returncode == 2 and done.stdout == b""
    message = done.stderr.decode("utf-8")
    assert words in message and len(message.strip().splitlines()) == 1


# ------------------------------------------------------------------ skills

def test_skills_text_marks_and_totals_for_one_department() -> None:
    text = out(run(ROOT, "skills", "--department", "general-affairs"))
    rows = {line.split()[0]: line.split()[-1] for line in text.splitlines() if line.startswith(("ito", "watanabe"))}
    assert rows == {"ito": "4", "watanabe": "4"}
    assert "1: 社用車管理 (ga-company-car)  ← 担える人が1人だけの手順" in text
    assert "経理" not in text


def test_skills_csv_is_excel_readable_utf8_with_bom() -> None:
    data = run(ROOT, "skills", "--format", "csv", "--department", "accounting").stdout
    assert data.startswith("\ufeff".encode("utf-8"))
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0][:3] == ["部門", "ID", "人"] and rows[0][-1] == "担当数"
    payment = rows[0].index("支払処理")
    by_person = {row[1]: row for row in rows[1:]}
    assert by_person["tanaka"][payment] == "◎" and by_person["takahashi"][payment] == "△"
    assert by_person[""][payment] == "1"  # the trainee is not counted


def test_skills_xlsx_sheet_per_department_with_numeric_totals(tmp_path: Path) -> None:
    target = tmp_path / "星取表.xlsx"
    done = run(ROOT, "skills", "--format", "xlsx", "--out", str(target))
    assert done.returncode == 0, done.stderr.decode()
    book = load_workbook(target)
    assert book.sheetnames == ["経理・財務", "総務", "人事・労務", "法務", "情報システム"]
    sheet = book["総務"]
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert values[0] == ["ID", "人", "社用車管理", "防災訓練", "郵便物・来客対応", "備品購入",
                         "印鑑管理（押印申請）", "担当数"]
    assert values[1] == ["ito", "伊藤 直樹", "◎", "◎", None, "○", "◎", 4]
    assert values[-1] == [None, "担える人数", 1, 2, 1, 2, 2, 8]
    assert sheet["C1"].fill.fgColor.rgb.endswith("FFE0B2")  # one holder: highlighted as on the page


def test_skills_unknown_department_exits_2_naming_the_known_ones() -> None:
    done = run(ROOT, "skills", "--department", "soumu")
    assert done.returncode == 2 and "general-affairs" in done.stderr.decode("utf-8")


# ------------------------------------------------------------------ scenarios option

def test_check_json_includes_the_configured_scenarios() -> None:
    report = json.loads(out(run(ROOT, "check", "--format", "json")))
    names = [s["name"] for s in report["scenarios"]]
    assert names == ["総務の2人が抜けたら", "年度末(2027-03-31)までの退職予定者が抜けたら"]
    first, second = report["scenarios"]
    assert first["people"] == ["ito", "watanabe"] and first["no_holder"] == GA
    assert second["on"] == "2027-03-31" and second["left"] == ["kato", "tanaka"]
    # the same answer as tebiki whatif
    whatif = json.loads(out(run(ROOT, "whatif", "ito", "watanabe", "--format", "json")))
    assert {k: v for k, v in first.items() if k not in ("name", "people")} == whatif


def test_no_scenarios_no_key(tebiki_handbook: Callable[..., Path]) -> None:
    root = tebiki_handbook({"a.yaml": CLEAN_PROCEDURE})
    assert "scenarios" not in json.loads(out(run(root, "check", "--format", "json")))


@pytest.mark.parametrize("scenarios, lang, words", [
    ({"x": {"people": ["sato", "suzki"]}}, "en",
     "scenario 'x': \"suzki\" is not a person in _org.yaml (did you mean \"suzuki\"?)"),
    ({"x": {"people": ["佐藤花子", "nobody"]}}, "ja", "想定「x」: 「佐藤花子」は _org.yaml にいない人です(「sato」のことですか?)"),
    ({"x": {"on": "2027/03/31"}}, "en", "YYYY-MM-DD"),
    ({"x": {"who": ["sato"]}}, "en", "unknown key 'who'"),
])
def test_a_bad_scenario_is_a_configuration_error(tebiki_handbook: Callable[..., Path],
                                                 scenarios: dict, lang: str, words: str) -> None:
    root = tebiki_handbook({"a.yaml": CLEAN_PROCEDURE}, options={"scenarios": scenarios})
    done = run(root, "check", "--format", "json", "--lang", lang)
    assert done.returncode == 2 and words in done.stderr.decode("utf-8") and "scenarios" in done.stderr.decode()


def test_an_unquoted_on_key_in_mkdocs_yml_is_the_date(tebiki_handbook: Callable[..., Path]) -> None:
    root = tebiki_handbook({"a.yaml": CLEAN_PROCEDURE})
    config = root / "mkdocs.yml"
    config.write_text("site_name: t\nplugins:\n  - tebiki:\n      scenarios:\n"
                      "        年度末: {on: 2027-03-31}\n", encoding="utf-8")
    [scenario] = json.loads(out(run(root, "check", "--format", "json")))["scenarios"]
    assert scenario["on"] == "2027-03-31" and scenario["left"] == ["tanaka"]


def test_an_unreadable_org_makes_the_scenarios_unknown_not_a_failure(tebiki_handbook: Callable[..., Path]) -> None:
    root = tebiki_handbook({"a.yaml": CLEAN_PROCEDURE}, org="departments: [oops\n",
                           options={"scenarios": {"x": {"people": ["sato"]}}})
    done = run(root, "check", "--format", "json")
    assert done.returncode == 1, done.stderr.decode()  # the _org.yaml problem, not "could not run"
    report = json.loads(out(done))
    assert report["scenarios"] is None and report["summary"]["covered"] is None


def test_skills_xlsx_to_a_redirected_stdout(tmp_path: Path) -> None:
    done = run(ROOT, "skills", "--format", "xlsx", "--department", "legal", "--lang", "en")
    target = tmp_path / "legal.xlsx"
    target.write_bytes(done.stdout)
    sheet = load_workbook(target)["法務"]
    assert [c.value for c in sheet[1]] == ["ID", "Person", "契約書レビュー", "Holds"]
    assert [c.value for c in sheet[sheet.max_row]] == [None, "Holders", 2, 2]
