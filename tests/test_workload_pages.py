"""The 業務量 page and the hours on procedure and department pages, as `tebiki render`
writes them: the sample handbook's page agrees with `tebiki workload` to 0.1 hour,
and the hand-computed handbook (workload_samples.py) shows its figures, candidates
and improvements board with the overdue one marked."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path
from typing import Any, Callable

import pytest

from tebiki.cli import main
from tebiki.render.safe import md_inline

from workload_samples import FILES, INVENTORY, TODAY
from cli_run import run_tebiki
from constants import REPO

ROOT = REPO


def render(root: Path, out: Path, *args: str) -> Path:
    assert main(["render", "--config", str(root / "mkdocs.yml"), "--out", str(out), *args]) == 0
    return out


def text_of(fragment: str) -> str:
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", fragment))).strip()


def stat(page: str, label: str) -> str:
    """The value printed in the stat card labelled `label`."""
    m = re.search(r'<span class="tebiki-stat__value">([^<]*)</span><span class="tebiki-stat__label">'
                  + re.escape(label) + "</span>", page)
    assert m, f"no stat card {label!r}"
    return html.unescape(m[1])


def table_after(page: str, heading: str) -> list[list[str]]:
    """The rows (cell text) of the first table after the `## heading`."""
    part = page.split(f"## {md_inline(heading)}\n", 1)[1]
    table = part[part.index("<table"):part.index("</table>")]
    return [[text_of(c) for c in re.findall(r"<td>(.*?)</td>", row, re.S)]
            for row in re.findall(r"<tr>(.*?)</tr>", table, re.S) if "<td>" in row]


def cli_json(root: Path, *args: str) -> dict[str, Any]:
    done = run_tebiki(["workload", "--format", "json", "--config", str(root / "mkdocs.yml"), *args], root)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_sample_workload_page_agrees_with_tebiki_workload(tmp_path: Path) -> None:
    out = render(ROOT, tmp_path / "out")
    data = cli_json(ROOT)
    page = (out / "workload.md").read_text(encoding="utf-8")
    assert float(stat(page, "年間時間(合計)")) == data["hours_per_year"]
    assert stat(page, "計算できた手順") == f'{data["computed"]} / {data["procedures"]}'
    assert stat(page, "紙の割合") == f'{data["paper_share"] * 100:.1f}%'
    assert float(stat(page, "未文書化業務の年間時間(見積もり)")) == data["undocumented"]["hours_per_year"]
    names = {"accounting": "経理・財務", "general-affairs": "総務", "hr": "人事・労務", "it": "情報システム", "legal": "法務"}
    shown = {row[0]: float(row[1]) for row in table_after(page, "部門別の年間時間")}
    assert shown == {names[k]: v for k, v in data["by_department"].items()}
    shown_roles = {row[0]: float(row[1]) for row in table_after(page, "役割別の年間時間")}
    assert shown_roles == data["by_actor"]
    ranked = table_after(page, "パレート図(年間時間の多い手順)")
    detail = {d["title"]: d["hours_per_year"] for d in data["procedures_detail"]}
    assert {row[1]: float(row[5]) for row in ranked} == detail
    assert [float(r[5]) for r in ranked] == sorted((float(r[5]) for r in ranked), reverse=True)
    assert ranked[-1][6] == "100.0%"
    # each department page shows its total, each procedure page its hours per year
    for did, hours in data["by_department"].items():
        dept = (out / "departments" / did / "index.md").read_text(encoding="utf-8")
        assert float(stat(dept, "年間時間(合計)")) == hours, did
    for d in data["procedures_detail"]:
        proc = (out / "procedures" / f'{d["procedure"]}.md').read_text(encoding="utf-8")
        assert f'{d["hours_per_year"]:.1f}時間/年' in proc, d["procedure"]


def test_sample_is_complete_and_has_improvements() -> None:
    data = cli_json(ROOT)
    assert data["computed"] == data["procedures"] == 21 and data["partial"] == 0
    assert {i["status"] for i in data["improvements"]} >= {"idea", "planned", "doing", "done"}
    assert data["undocumented"]["estimated"] == 2


@pytest.fixture
def rendered(tebiki_handbook: Callable[..., Path], tmp_path: Path) -> Path:
    root = tebiki_handbook(FILES, inventory=INVENTORY)
    return render(root, tmp_path / "out", "--today", TODAY.isoformat())


def test_hand_computed_handbook_page(rendered: Path) -> None:
    page = (rendered / "workload.md").read_text(encoding="utf-8")
    assert stat(page, "年間時間(合計)") == "74.2" and stat(page, "計算できた手順") == "3 / 4"
    assert "うち 1 件は、所要時間(minutes)が未記入のステップを除いた一部のみの値です。" in page
    assert "随時の手順 1 件は件数(volume)が未記入のため" in page and "証明書発行" in page
    assert table_after(page, "部門別の年間時間")[0] == ["経理・財務", "66.0", "52.0", "12.0", "2.0", "0.0", "0.0"]
    assert table_after(page, "担当者別の年間時間")[-1][:2] == ["担当者なし", "8.2"]
    candidates = table_after(page, "改善候補(紙・手作業のステップ)")
    assert [(r[1], r[2], r[5]) for r in candidates] == [
        ("経費精算", "1. 入力する", "49.0"), ("月次決算", "1. 証憑を回収する", "12.0"), ("月次決算", "2. 確認する", "3.0")]
    assert "証憑の回収を電子化する" in candidates[1][6] and "電子化する" not in candidates[2][6]
    board = page.split("## 改善計画ボード\n", 1)[1]
    columns = re.findall(r'tebiki-board__column--(\w+)">.*?<p class="tebiki-board__title">([^<]*)</p>', board)
    assert columns == [("idea", "案 (1)"), ("planned", "計画済み (1)"), ("doing", "実施中 (0)"), ("done", "完了 (1)")]
    overdue = re.findall(r'tebiki-board__card--overdue"><strong>([^<]*)</strong>', board)
    assert overdue == ["証憑の回収を電子化する"]
    assert "期限切れ" in board
    assert "<svg" in page.split(f'## {md_inline("パレート図(年間時間の多い手順)")}\n', 1)[1].split("## ", 1)[0]


def test_hand_computed_procedure_and_department_pages(rendered: Path) -> None:
    close = (rendered / "procedures" / "acc-close.md").read_text(encoding="utf-8")
    assert "17.0時間/年" in close and "年 12 回 × 85分" in close and "2名で実施" in close
    improvements = text_of(close.split("## 改善計画\n", 1)[1])
    assert "計画済み 証憑の回収を電子化する" in improvements and "期限 2026-05-01 期限切れ" in improvements
    assert "完了 承認を廃止する" in improvements
    expense = (rendered / "procedures" / "acc-expense.md").read_text(encoding="utf-8")
    assert "49.0時間/年" in expense and "(一部のみ)" in expense
    letter = (rendered / "procedures" / "hr-letter.md").read_text(encoding="utf-8")
    assert "不明(随時の手順で件数 volume が未記入)" in letter and "## 改善計画" not in letter
    dept = (rendered / "departments" / "accounting" / "index.md").read_text(encoding="utf-8")
    assert stat(dept, "年間時間(合計)") == "66.0" and stat(dept, "紙の割合") == "18.2%"
    home = (rendered / "index.md").read_text(encoding="utf-8")
    assert '<a href="workload.md">業務量</a>' in home


def test_english_pages(tebiki_handbook: Callable[..., Path], tmp_path: Path) -> None:
    root = tebiki_handbook(FILES, inventory=INVENTORY, options={"language": "en"})
    out = render(root, tmp_path / "out", "--today", TODAY.isoformat())
    page = (out / "workload.md").read_text(encoding="utf-8")
    assert stat(page, "Hours a year (total)") == "74.2" and "## Improvements board" in page
    assert "17.0 h a year" in (out / "procedures" / "acc-close.md").read_text(encoding="utf-8")


def test_workload_option_false_leaves_the_page_out(tebiki_handbook: Callable[..., Path], tmp_path: Path) -> None:
    root = tebiki_handbook(FILES, inventory=INVENTORY, options={"workload": False})
    out = render(root, tmp_path / "out", "--today", TODAY.isoformat())
    assert not (out / "workload.md").exists()
    assert "時間/年" not in (out / "procedures" / "acc-close.md").read_text(encoding="utf-8")
    assert "workload.md" not in (out / "index.md").read_text(encoding="utf-8")


def test_pareto_chart_bars_rest_and_cumulative_line() -> None:
    from tebiki.render.pareto import pareto

    items = [(f"手順{i}", float(30 - i)) for i in range(25)]  # 30 + 29 + … + 6 = 450
    svg = pareto("パレート図", items, top=20, rest_label="その他")
    bars = re.findall(r'<rect class="(tebiki-fill--\w+)"[^>]*><title>([^<]*)</title>', svg)
    assert len(bars) == 21 and bars[-1] == ("tebiki-fill--rest", "21. その他 (5): 40.0 (100.0%)")
    assert bars[0] == ("tebiki-fill--hours", "1. 手順0: 30.0 (6.7%)")
    points = re.search(r'<polyline class="tebiki-pareto__line" points="([^"]+)"', svg)[1].split()
    assert len(points) == 21 and points[-1].endswith(",12.0")  # the line ends at 100 % (top of the plot)
    assert pareto("x", []) == "" and pareto("x", [("a", 0.0)]) == ""
    assert "<script" not in pareto("<script>", [("<b>", 1.0)]) and "&lt;b&gt;" in pareto("t", [("<b>", 1.0)])
