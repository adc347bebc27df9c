"""The 星取表 as text, CSV and xlsx (`tebiki skills`), from the same `SkillMatrix`
as the site page, so the figures cannot differ.

CSV: UTF-8 with a byte-order mark (Excel then reads the Japanese), one block
per department separated by a blank line. xlsx (openpyxl): one sheet per
department, marks as text, totals as numbers, single-holder columns filled
orange and no-holder columns red, as on the page.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from typing import Callable, Sequence

from ..display import display_safe
from ..model import Org
from ..skills import SkillMatrix
from .labels import Labels

SINGLE_FILL, NONE_FILL = "FFE0B2", "FFCDD2"


def _department(matrix: SkillMatrix, org: Org) -> str:
    dept = org.departments.get(matrix.department)
    return dept.name if dept else matrix.department


def _rows(matrix: SkillMatrix, org: Org, labels: Labels) -> list[list[str | int]]:
    """Header, one row per person, then the column totals: the table every format writes."""
    head: list[str | int] = [labels["col.id"], labels["skills.col.person"]]
    head += [p.title for p in matrix.procedures] + [labels["skills.col.total"]]
    rows = [head]
    for person in matrix.people:
        rows.append([person.id, person.name, *(matrix.mark(person.id, p.id) for p in matrix.procedures),
                     matrix.row_total(person.id)])
    rows.append(["", labels["skills.row.total"], *(matrix.column_total(p.id) for p in matrix.procedures),
                 matrix.total])
    return rows


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def to_text(matrices: Sequence[SkillMatrix], org: Org, lang: str) -> str:
    """Aligned columns per department; procedures as numbered columns with a legend."""
    labels = Labels(lang)
    out: list[str] = []
    for matrix in matrices:
        out.append(f"■ {_department(matrix, org)}")
        if not matrix.procedures:
            out += [labels["skills.none"], ""]
            continue
        table = _rows(matrix, org, labels)
        table[0] = table[0][:2] + [str(i) for i in range(1, len(matrix.procedures) + 1)] + [table[0][-1]]
        cells = [[str(c) for c in row] for row in table]
        widths = [max(_width(row[i]) for row in cells) for i in range(len(cells[0]))]
        for row in cells:
            out.append("  ".join(c + " " * (w - _width(c)) for c, w in zip(row, widths)).rstrip())
        for i, procedure in enumerate(matrix.procedures, 1):
            holders = matrix.column_total(procedure.id)
            flag = f"  ← {labels['skills.legend.single']}" if holders == 1 else (
                f"  ← {labels['skills.legend.none']}" if holders == 0 else "")
            out.append(f"  {i}: {procedure.title} ({procedure.id}){flag}")
        out.append("")
    out.append("◎ " + labels["pack.role.owner"] + "  ○ " + labels["pack.role.backup"] + "  △ " + labels["trainees"])
    return "\n".join(display_safe(line) for line in out) + "\n"  # names and titles come from the files


def to_csv(matrices: Sequence[SkillMatrix], org: Org, lang: str) -> bytes:
    labels = Labels(lang)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    for n, matrix in enumerate(matrices):
        if n:
            writer.writerow([])
        for i, row in enumerate(_rows(matrix, org, labels)):
            writer.writerow([labels["col.department"] if i == 0 else _department(matrix, org), *row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


_SHEET_BAD = re.compile(r"[\[\]:*?/\\]")


def to_xlsx(matrices: Sequence[SkillMatrix], org: Org, lang: str) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill

    labels = Labels(lang)
    book = Workbook()
    book.remove(book.worksheets[0])  # the empty sheet a new workbook starts with
    used: set[str] = set()
    for matrix in matrices:
        name = _SHEET_BAD.sub("_", _department(matrix, org))[:31] or matrix.department[:31]
        while name in used:
            name = name[:28] + f"~{len(used)}"
        used.add(name)
        sheet = book.create_sheet(name)
        for row in _rows(matrix, org, labels):
            sheet.append(row)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        for cell in sheet[sheet.max_row]:
            cell.font = Font(bold=True)
        for i, procedure in enumerate(matrix.procedures, 3):
            holders = matrix.column_total(procedure.id)
            if holders <= 1:
                fill = PatternFill("solid", fgColor=SINGLE_FILL if holders == 1 else NONE_FILL)
                sheet.cell(1, i).fill = fill
                sheet.cell(sheet.max_row, i).fill = fill
            sheet.column_dimensions[sheet.cell(1, i).column_letter].width = 14
            for r in range(2, sheet.max_row):
                sheet.cell(r, i).alignment = Alignment(horizontal="center")
        sheet.column_dimensions["B"].width = 16
        sheet.freeze_panes = "C2"
    if not book.sheetnames:
        book.create_sheet(labels["skills.title"])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


FORMATS: dict[str, Callable[[Sequence[SkillMatrix], Org, str], str | bytes]] = {"text": to_text, "csv": to_csv, "xlsx": to_xlsx}
