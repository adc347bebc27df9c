"""`tebiki inventory import`: a 業務一覧 spreadsheet (xlsx, or CSV in UTF-8 or Shift_JIS)
-> `_inventory.yaml`, without losing anything already written.

- Columns are found by their header, Japanese or English (業務ID / id, 業務名 / title,
  部門 / department, 年間時間 / hours_per_year), in the first rows of the first sheet.
- Every problem of the sheet is reported as `sheet!row:column` (row number, column
  letter); with any problem nothing is written.
- Existing entries are kept and updated by id *in place*: only the values that change
  are rewritten, so comments, order and layout stay; a blank optional cell never
  deletes a value. New ids are appended. Entries missing from the sheet are listed
  and only removed with `prune=True`.
- The new text is checked (YAML + schema) before it replaces the file atomically.
"""

from __future__ import annotations

import csv
import io
import json
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from . import outfile
from .model import Org
from .i18n.cli import INVENTORY_IMPORT as MESSAGES

SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
FIELDS = ("id", "title", "department", "hours_per_year")
HEADER_NAMES = {
    "id": ("業務id", "id", "手順id", "業務コード"),
    "title": ("業務名", "title", "手順名", "名称"),
    "department": ("部門", "department", "部署", "部門id", "部署id"),
    "hours_per_year": ("年間時間", "hours_per_year", "hours per year", "年間時間(h)", "年間工数", "年間工数(h)"),
}
HEADER_ROWS = 10  # the header is looked for in the first rows (a title row above it is usual)


class ImportError_(Exception):
    """The sheet or the inventory cannot be used at all; str() is the message for users."""


@dataclass(frozen=True)
class SheetProblem:
    sheet: str
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        return f"{self.sheet}!{self.row}:{self.column}: {self.message}"


@dataclass
class Sheet:
    """The cells of one sheet: `rows[i]` is row i+1, a list of values (None for blank)."""

    name: str
    rows: list[list[Any]]
    notes: list[str] = field(default_factory=list)


def _msg(lang: str, key: str, **values: Any) -> str:
    return MESSAGES[lang if lang in MESSAGES else "en"][key].format(**values)


def column_letter(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA (Excel's column names)."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def read_sheet(path: Path, lang: str) -> Sheet:
    """The first sheet of an xlsx, or a CSV (UTF-8, with or without BOM, else Shift_JIS/cp932)."""
    suffix = path.suffix.lower()
    try:
        if suffix in (".xlsx", ".xlsm"):
            from openpyxl import load_workbook

            book = load_workbook(path, read_only=True, data_only=True)
            try:
                sheet = book.worksheets[0]
                return Sheet(sheet.title, [list(r) for r in sheet.iter_rows(values_only=True)])
            finally:
                book.close()
        if suffix == ".csv":
            raw = path.read_bytes()
            notes = []
            try:
                text = raw.decode("utf-8-sig")
            except UnicodeDecodeError:
                text = raw.decode("cp932")
                notes.append(_msg(lang, "shift-jis", file=path.name))
            rows = [[cell if cell != "" else None for cell in row] for row in csv.reader(io.StringIO(text))]
            return Sheet(path.stem, rows, notes)
    except (OSError, UnicodeDecodeError, ValueError, KeyError) as error:
        raise ImportError_(_msg(lang, "unreadable", file=path, error=error)) from None
    except Exception as error:  # openpyxl raises its own (zipfile, XML) errors for a damaged file
        raise ImportError_(_msg(lang, "unreadable", file=path, error=f"{type(error).__name__}: {error}")) from None
    raise ImportError_(_msg(lang, "format", file=path))


def _norm_header(value: Any) -> str:
    text = unicodedata.normalize("NFKC", str(value or "")).strip().lower()
    return re.sub(r"\s+", " ", text).replace("（", "(").replace("）", ")")


def find_columns(sheet: Sheet, lang: str) -> tuple[int, dict[str, int]]:
    """(header row index, {field: column index}); ImportError_ when no header row is found."""
    for r, row in enumerate(sheet.rows[:HEADER_ROWS]):
        found = {}
        for c, cell in enumerate(row):
            name = _norm_header(cell)
            for field_name, names in HEADER_NAMES.items():
                if name in names and field_name not in found:
                    found[field_name] = c
        if "id" in found and "title" in found:
            for required in ("department",):
                if required not in found:
                    raise ImportError_(_msg(lang, "missing-column", sheet=sheet.name, row=r + 1,
                                            name=HEADER_NAMES[required][0] if lang == "ja" else required))
            return r, found
    raise ImportError_(_msg(lang, "no-header", sheet=sheet.name, n=HEADER_ROWS))


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return unicodedata.normalize("NFC", str(value)).strip()


def _hours(value: Any) -> float | int | None | str:
    """A number of hours, None for blank, or the text as written when it is not a number."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, (int, float)):
        return int(value) if float(value).is_integer() else float(value)
    text = unicodedata.normalize("NFKC", str(value)).strip().replace(",", "")
    if re.fullmatch(r"-?\d+(\.\d+)?", text):
        number = float(text)
        return int(number) if number.is_integer() else number
    return str(value).strip()


def rows_of(sheet: Sheet, org: Org | None, lang: str) -> tuple[list[dict[str, Any]], list[SheetProblem]]:
    """The sheet's entries ({field: value}) in row order, and every problem at sheet!row:column."""
    header, columns = find_columns(sheet, lang)
    names = {d.name: d.id for d in org.departments.values()} if org else {}
    known = list(org.departments) if org and org.departments else []
    entries: list[dict[str, Any]] = []
    problems: list[SheetProblem] = []
    first_row: dict[str, int] = {}
    for r in range(header + 1, len(sheet.rows)):
        row = sheet.rows[r]
        cell = {f: (row[c] if c < len(row) else None) for f, c in columns.items()}
        if all(_text(v) == "" for v in cell.values()):
            continue
        number = r + 1

        def problem(field_name: str, key: str, **values: Any) -> None:
            problems.append(SheetProblem(sheet.name, number, column_letter(columns[field_name]),  # noqa: B023 - called in this iteration only
                                         _msg(lang, key, **values)))

        entry: dict[str, Any] = {"row": number}
        pid = _text(cell["id"])
        if not pid:
            problem("id", "id-blank")
        elif not SLUG.match(pid):
            fixed = re.sub(r"[^a-z0-9]+", "-", unicodedata.normalize("NFKC", pid).lower()).strip("-")
            hint = (f"(例: {fixed})" if lang == "ja" else f" (e.g. {fixed})") if fixed and SLUG.match(fixed) else ""
            problem("id", "id-bad", value=pid, hint=hint)
        elif pid in first_row:
            problem("id", "id-repeat", value=pid, first=first_row[pid])
        else:
            first_row[pid] = number
        entry["id"] = pid
        entry["title"] = _text(cell["title"])
        if not entry["title"]:
            problem("title", "title-blank")
        dept = _text(cell["department"])
        dept = names.get(dept, dept)
        if not dept:
            problem("department", "department-blank")
        elif org is not None and org.departments and dept not in org.departments:
            problem("department", "department-unknown", value=dept, known=", ".join(known))
        entry["department"] = dept
        if "hours_per_year" in columns:
            hours = _hours(cell["hours_per_year"])
            if isinstance(hours, str):
                digits = re.search(r"\d+(\.\d+)?", unicodedata.normalize("NFKC", hours))
                hint = ((f"(例: {digits[0]})" if lang == "ja" else f" (e.g. {digits[0]})") if digits else "")
                problem("hours_per_year", "hours-bad", value=hours, hint=hint)
            elif hours is not None and hours < 0:
                problem("hours_per_year", "hours-negative", value=hours)
            else:
                entry["hours_per_year"] = hours
        entries.append(entry)
    return entries, problems


# ------------------------------------------------------------------ merging into YAML text

def _scalar(value: Any) -> str:
    """A YAML scalar for `value`: numbers plain, slugs and plain-safe text plain, anything else quoted."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return repr(value)
    text = str(value)
    if SLUG.match(text) and not re.fullmatch(r"[0-9]+|y|n|yes|no|on|off|true|false|null", text):
        return text
    risky = (not text or text[0] in "-?:,[]{}#&*!|>'\"%@`" or ": " in text or " #" in text
             or text != text.strip() or re.fullmatch(r"[0-9.+-:]+|~|null|true|false|yes|no|on|off", text, re.I))
    return json.dumps(text, ensure_ascii=False) if risky else text


@dataclass
class Merge:
    text: str
    added: list[str]
    updated: list[str]
    same: list[str]
    missing: list[str]
    pruned: list[str]


def _offset(text: str, mark: yaml.Mark) -> int:
    return mark.index


def _procedures_node(text: str) -> tuple[str, yaml.Node]:
    """The text (with `procedures:` added when missing) and the node of its `procedures` value."""
    root = yaml.compose(text, Loader=yaml.SafeLoader)
    if root is None:
        text = (text if text.endswith("\n") or not text else text + "\n") + "procedures:\n"
        root = yaml.compose(text, Loader=yaml.SafeLoader)
        assert root is not None  # the text now holds a `procedures:` key
    return text, next(v for k, v in root.value if k.value == "procedures")


def merge(existing: str | None, entries: list[dict[str, Any]], *, prune: bool = False,
          header: str = "") -> Merge:
    """`existing` _inventory.yaml text with `entries` merged in by id (see module docstring)."""
    if not existing or not existing.strip():
        existing = (header or "") + "procedures:\n"
    existing, items_node = _procedures_node(existing)
    items = items_node.value if isinstance(items_node, yaml.SequenceNode) else []
    by_id = {e["id"]: e for e in entries}
    edits: list[tuple[int, int, str]] = []  # (start, end, replacement), applied from the end
    result = Merge(existing, [], [], [], [], [])
    seen: set[str] = set()
    item_indent = None
    for item in items:
        values = {k.value: v for k, v in item.value}
        pid = values["id"].value
        if pid in seen:
            continue  # a repeated id stays as written (tebiki check reports it)
        seen.add(pid)
        item_indent = item_indent if item_indent is not None else _dash_column(existing, item)
        new = by_id.get(pid)
        if new is None:
            result.missing.append(pid)
            if prune:
                edits.append(_item_span(existing, item))
                result.pruned.append(pid)
            continue
        changed = False
        for name in ("title", "department", "hours_per_year"):
            if name not in new or new[name] is None:
                continue  # a blank optional cell never deletes a value
            node = values.get(name)
            if node is not None:
                if _same(node, new[name]):
                    continue
                block_scalar = isinstance(node, yaml.ScalarNode) and node.style in ("|", ">")
                edits.append((_offset(existing, node.start_mark), _offset(existing, node.end_mark),
                               _scalar(new[name]) + ("\n" if block_scalar else "")))
            else:
                edits.append(_insertion(existing, item, name, new[name]))
            changed = True
        (result.updated if changed else result.same).append(pid)
    text = existing
    for start, end, replacement in sorted(edits, key=lambda e: e[0], reverse=True):
        text = text[:start] + replacement + text[end:]
    additions = [e for e in entries if e["id"] not in seen]
    if additions:
        indent = " " * (item_indent if item_indent is not None else 2)
        block = "".join(
            f"{indent}- id: {_scalar(e['id'])}\n{indent}  title: {_scalar(e['title'])}\n"
            f"{indent}  department: {_scalar(e['department'])}\n"
            + (f"{indent}  hours_per_year: {_scalar(e['hours_per_year'])}\n" if e.get("hours_per_year") is not None else "")
            for e in additions)
        if not items:
            # `procedures: []` or `procedures:` (empty): write the list in block style
            start, end = _offset(text, items_node.start_mark), _offset(text, items_node.end_mark)
            text = text[:start].rstrip(" ") + text[end:].lstrip(" ")
            line_end = text.find("\n", start)
            line_end = len(text) if line_end < 0 else line_end
            text = text[:line_end].rstrip() + "\n" + block + text[line_end + 1:]
        else:
            text = (text if text.endswith("\n") else text + "\n") + block
        result.added = [e["id"] for e in additions]
    result.text = text
    return result


def _same(node: yaml.Node, value: Any) -> bool:
    loaded = yaml.SafeLoader("").construct_object(node, deep=True) if isinstance(node, yaml.ScalarNode) else None
    if isinstance(value, (int, float)) and isinstance(loaded, (int, float)) and not isinstance(loaded, bool):
        return float(loaded) == float(value)
    return str(loaded if loaded is not None else node.value) == str(value)


def _dash_column(text: str, item: yaml.Node) -> int:
    line_start = text.rfind("\n", 0, item.start_mark.index) + 1
    dash = text.rfind("-", line_start, item.start_mark.index)
    return dash - line_start if dash >= 0 else max(item.start_mark.column - 2, 0)


def _insertion(text: str, item: yaml.MappingNode, name: str, value: Any) -> tuple[int, int, str]:
    """Add `name: value` to an entry: a new line under its keys, or `, name: value` in a flow mapping."""
    if item.flow_style:
        end = item.end_mark.index - 1  # before the closing brace
        return end, end, f", {name}: {_scalar(value)}"
    last_value = item.value[-1][1]
    line_end = text.find("\n", last_value.end_mark.index)
    line_end = len(text) if line_end < 0 else line_end
    indent = " " * item.value[0][0].start_mark.column
    return line_end, line_end, f"\n{indent}{name}: {_scalar(value)}"


def _item_span(text: str, item: yaml.MappingNode) -> tuple[int, int, str]:
    """From the start of the item's `- ` line to the end of its last value's line
    (comments after it, such as the next section's heading, stay)."""
    start = text.rfind("\n", 0, item.start_mark.index) + 1
    last = item.end_mark.index if item.flow_style else item.value[-1][1].end_mark.index
    end = text.find("\n", max(last - 1, 0))
    end = len(text) if end < 0 else end + 1
    return start, end, ""


def write_atomically(path: Path, text: str) -> None:
    """Write beside and rename: a reader sees the old file or the new one, never half (outfile.py)."""
    outfile.write_atomically(path, text.encode("utf-8"))
