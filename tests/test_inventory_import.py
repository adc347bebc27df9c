"""`tebiki inventory import`: a 業務一覧 (xlsx or CSV) becomes `_inventory.yaml` without
losing anything already written; problems are shown as `sheet!row:column`."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Callable

import pytest
from openpyxl import Workbook

from cli_run import Ran, run_tebiki
from tebiki.core import build_handbook

EXISTING = """\
# 業務棚卸し(2026年度)
procedures:
  # 経理
  - id: acc-close          # 毎月第3営業日まで
    title: 月次決算
    department: accounting
  - id: acc-assets
    title: 固定資産管理
    department: accounting
    hours_per_year: 60     # 田中さんの申告

  # 人事
  - id: hr-old
    title: 旧・勤怠集計
    department: hr
"""


def xlsx(path: Path, rows: list[list[Any]], title: str = "業務一覧") -> Path:
    book = Workbook()
    sheet = book.active
    sheet.title = title
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


SHEET = [
    ["2026年度 業務一覧(管理部門)"],           # a title row above the header, as people do
    ["業務ID", "業務名", "部門", "年間時間", "備考"],
    ["acc-close", "月次決算", "経理・財務", 136, "部門は表示名でもよい"],
    ["acc-assets", "固定資産管理", "accounting", 72.5, None],
    [None, None, None, None, None],               # a blank row is skipped
    ["hr-payroll", "給与計算: 月次", "hr", None, None],
]


def run(root: Path, *args: str) -> Ran:
    """`tebiki inventory import *args` in this process."""
    return run_tebiki(["inventory", "import", *args], root)


@pytest.fixture
def root(tebiki_handbook: Callable[..., Path]) -> Path:
    return tebiki_handbook({}, inventory=EXISTING)


def inventory(root: Path) -> str:
    return (root / "procedures" / "_inventory.yaml").read_text(encoding="utf-8")


def test_xlsx_with_japanese_headers_round_trips(root: Path, tmp_path: Path) -> None:
    sheet = xlsx(tmp_path / "業務一覧.xlsx", SHEET)
    done = run(root, str(sheet))
    assert done.returncode == 0, done.stderr
    assert "追加 1 件、更新 2 件、変更なし 0 件" in done.stdout
    assert "シートにない項目 1 件はそのまま残しました: hr-old。削除するには --prune を付けてください" in done.stdout
    text = inventory(root)
    # comments, order and untouched entries stay; only changed values are rewritten
    for kept in ("# 業務棚卸し(2026年度)", "  # 経理", "- id: acc-close          # 毎月第3営業日まで",
                 "hours_per_year: 72.5     # 田中さんの申告", "  # 人事", "title: 旧・勤怠集計"):
        assert kept in text, kept
    assert '    title: "給与計算: 月次"' in text
    handbook = build_handbook(root, "procedures")
    entries = {e.id: (e.title, e.department, e.hours_per_year) for e in handbook.inventory}
    assert entries == {"acc-close": ("月次決算", "accounting", 136), "acc-assets": ("固定資産管理", "accounting", 72.5),
                       "hr-old": ("旧・勤怠集計", "hr", None), "hr-payroll": ("給与計算: 月次", "hr", None)}
    assert not [p for p in handbook.problems if p.file.endswith("_inventory.yaml") and p.code == "schema"]
    # the same sheet again changes nothing
    again = run(root, str(sheet))
    assert again.returncode == 0 and "変更ありません" in again.stdout and inventory(root) == text


def test_bad_rows_are_reported_at_sheet_row_column_and_nothing_is_written(root: Path, tmp_path: Path) -> None:
    sheet = xlsx(tmp_path / "a.xlsx", SHEET[:2] + [
        ["acc-close", "月次決算", "accounting", "30時間"],
        ["Acc_Assets", "固定資産管理", "accounting", 10],
        ["acc-close", "", "経理部", -1],
    ])
    before = inventory(root)
    done = run(root, str(sheet))
    assert done.returncode == 1
    assert done.stdout.splitlines() == [
        "業務一覧!3:D: 年間時間「30時間」は数値ではありません。時間数だけを半角数字で書いてください(例: 30)",
        "業務一覧!4:A: 業務ID「Acc_Assets」は使えません。半角の英小文字・数字・ハイフンで書いてください(例: acc-assets)",
        "業務一覧!5:A: 業務ID「acc-close」は 3 行目にもあります。1行にまとめるか ID を変えてください",
        "業務一覧!5:B: 業務名が空欄です。業務の名前を書いてください",
        "業務一覧!5:C: 部門「経理部」は _org.yaml にありません。部門 ID(accounting, hr)を書いてください",
        "業務一覧!5:D: 年間時間「-1」がマイナスです。0 以上の時間数を書いてください",
    ]
    assert "シートに問題が 6 件あるため、procedures/_inventory.yaml は書き換えていません" in done.stderr
    assert inventory(root) == before


def test_english_headers_and_messages(tebiki_handbook: Callable[..., Path], tmp_path: Path) -> None:
    root = tebiki_handbook({}, inventory=EXISTING, options={"language": "en"})
    sheet = xlsx(tmp_path / "list.xlsx", [["ID", "Title", "Department", "hours_per_year"],
                                          ["acc-close", "Monthly close", "accounting", "about 12"],
                                          ["acc-assets", "Fixed assets", "accounting", "1,200"]], title="Sheet1")
    done = run(root, str(sheet))
    assert done.returncode == 1
    assert done.stdout.splitlines() == [
        'Sheet1!2:D: hours per year "about 12" is not a number; write the hours only, in plain digits (e.g. 12)']
    assert "the sheet has 1 problems" in done.stderr


def test_shift_jis_csv_is_read_and_said_so(root: Path, tmp_path: Path) -> None:
    csv_file = tmp_path / "業務一覧.csv"
    csv_file.write_bytes("業務ID,業務名,部門,年間時間\r\nhr-payroll,給与計算,人事・労務,94\r\n".encode("cp932"))
    done = run(root, str(csv_file))
    assert done.returncode == 0, done.stderr
    assert "業務一覧.csv を Shift_JIS の CSV として読みました" in done.stderr
    assert "  - id: hr-payroll\n    title: 給与計算\n    department: hr\n    hours_per_year: 94\n" in inventory(root)
    utf8 = tmp_path / "utf8.csv"
    utf8.write_text("\ufeffid,title,department\nhr-payroll,給与計算,hr\n", encoding="utf-8")
    done = run(root, str(utf8))
    assert done.returncode == 0 and "Shift_JIS" not in done.stderr


def test_removed_rows_need_prune(root: Path, tmp_path: Path) -> None:
    sheet = xlsx(tmp_path / "a.xlsx", [SHEET[1], SHEET[2], ["hr-old", "旧・勤怠集計", "hr", None]])
    done = run(root, str(sheet))
    assert "シートにない項目 1 件はそのまま残しました: acc-assets" in done.stdout and "acc-assets" in inventory(root)
    done = run(root, str(sheet), "--prune")
    assert done.returncode == 0
    assert "シートにない項目 1 件を削除しました: acc-assets" in done.stdout
    text = inventory(root)
    assert "acc-assets" not in text and "固定資産管理" not in text and "田中さんの申告" not in text
    # comments around the removed entry stay: the next section's heading right after it too
    assert "  # 人事\n  - id: hr-old" in text and "- id: acc-close          # 毎月第3営業日まで" in text
    assert [e.id for e in build_handbook(root, "procedures").inventory] == ["acc-close", "hr-old"]


def test_new_inventory_file_and_no_temp_files_left(tebiki_handbook: Callable[..., Path], tmp_path: Path) -> None:
    root = tebiki_handbook({})
    sheet = xlsx(tmp_path / "a.xlsx", SHEET[1:])
    done = run(root, str(sheet))
    assert done.returncode == 0, done.stderr
    assert "追加 3 件" in done.stdout
    handbook = build_handbook(root, "procedures")
    assert [e.id for e in handbook.inventory] == ["acc-close", "acc-assets", "hr-payroll"]
    assert not list((root / "procedures").glob(".*.tmp"))


@pytest.mark.parametrize("content, message", [
    (b"not a spreadsheet", "を読めません"),
    (None, "見出し行が見つかりません"),
])
def test_unusable_files_exit_2_without_traceback(root: Path, tmp_path: Path, content: bytes | None,
                                                 message: str) -> None:
    path = tmp_path / "x.xlsx"
    if content is None:
        xlsx(path, [["a", "b"], ["c", "d"]])
    else:
        path.write_bytes(content)
    before = inventory(root)
    done = run(root, str(path))
    assert done.returncode == 2 and message in done.stderr
    assert inventory(root) == before


def test_a_broken_inventory_is_not_overwritten(tebiki_handbook: Callable[..., Path], tmp_path: Path) -> None:
    root = tebiki_handbook({}, inventory="procedures:\n  - id: acc-close\n    title: [broken\n")
    before = inventory(root)
    done = run(root, str(xlsx(tmp_path / "a.xlsx", SHEET)))
    assert done.returncode == 2 and "tebiki check" in done.stderr
    assert inventory(root) == before
