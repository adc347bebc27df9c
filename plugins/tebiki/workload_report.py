"""`tebiki workload` reports: one table model, written as text, JSON, CSV or xlsx.

Every format is made from the same rows (`report`), with hours rounded to 0.1
(spec: `tebiki workload`), so the xlsx totals equal the JSON by construction.
Headers are in the handbook's language (Japanese by default); numbers stay
numbers (xlsx cells are numeric, CSV cells are plain decimals).
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from typing import Any

from .display import display_safe
from .model import Handbook
from .render.labels import Labels
from .workload import BREAKDOWNS, MODES, NO_OWNER, Workload, improvement_board, rounded, totals
from .i18n.reports import WORKLOAD_TEXT as _TEXT, HEADERS, SUMMARY_ITEMS, SHEETS


def _share(workload: Workload, mode: str) -> float | None:
    share = workload.share(mode)
    return None if share is None else round(share, 3)


def _number(value: float | None) -> float | int | None:
    """A whole float as an int (735.0 -> 735), so JSON and sheets show what a person would write."""
    return int(value) if isinstance(value, float) and value.is_integer() else value


def workload_json(workload: Workload, handbook: Handbook) -> dict[str, Any]:
    """The spec's JSON of `tebiki workload` (hours rounded to 0.1; shares as fractions to 0.001)."""
    board = improvement_board(handbook.procedures.values(), handbook.today)
    return {
        "working_days": workload.working_days,
        "hours_per_year": rounded(workload.hours_per_year),
        "procedures": workload.count,
        "computed": workload.computed,
        "partial": workload.partial,
        "paper_share": _share(workload, "paper"),
        "manual_share": _share(workload, "manual"),
        "automated_share": _share(workload, "automated"),
        "by_department": {k: rounded(v) for k, v in totals(workload.by_department).items()},
        "by_mode": {k: rounded(v) for k, v in workload.by_mode.items()},
        "by_actor": {k: rounded(v) for k, v in totals(workload.by_actor).items()},
        "by_owner": {k: rounded(v) for k, v in totals(workload.by_owner).items()},
        "undocumented": {"hours_per_year": rounded(workload.undocumented_hours),
                         "estimated": workload.undocumented_estimated,
                         "unestimated": workload.undocumented_unestimated},
        "procedures_detail": [
            {"procedure": pw.procedure.id, "title": pw.procedure.title, "department": pw.procedure.department,
             "runs_per_year": _number(pw.runs_per_year), "minutes_per_run": pw.minutes_per_run,
             "hours_per_year": rounded(pw.hours_per_year), "partial": pw.partial}
            for pw in workload.procedures
        ],
        "candidates": [
            {"procedure": c.procedure.id, "step": c.step.step.id, "title": c.step.step.title,
             "actor": c.step.step.actor, "mode": c.step.step.mode.value,
             "hours_per_year": rounded(c.step.hours_per_year), "improvements": [i.title for i in c.improvements]}
            for c in workload.candidates()
        ],
        "improvements": [
            {"procedure": item.procedure.id, "title": item.improvement.title, "lever": item.improvement.lever,
             "status": item.improvement.status, "steps": list(item.improvement.steps),
             "due": item.improvement.due.isoformat() if item.improvement.due else None, "overdue": item.overdue}
            for items in board.values() for item in items
        ],
    }


@dataclass(frozen=True)
class Table:
    """One sheet: a name, header keys (see HEADERS) and rows of plain values (numbers stay numbers)."""

    key: str
    columns: tuple[str, ...]
    rows: list[list[Any]]


def _people_name(handbook: Handbook, pid: str, lang: str) -> str:
    if pid == NO_OWNER:
        return _TEXT[lang]["no_owner"]
    person = handbook.org.people.get(pid)
    return person.name if person else pid


def _mode_name(mode: str, lang: str) -> str:
    return HEADERS[lang][mode]


def breakdown_table(data: dict[str, Any], workload: Workload, handbook: Handbook, by: str, lang: str) -> Table:
    """The rows of one breakdown, hours from `data` (the JSON), per-mode hours for stacked bars."""
    if by == "procedure":
        by_id = {p["procedure"]: p for p in data["procedures_detail"]}
        freq = Labels(lang)
        rows = [[pw.procedure.id, pw.procedure.title, pw.procedure.department, freq[f"freq.{pw.procedure.frequency}"],
                 by_id[pw.procedure.id]["runs_per_year"], pw.minutes_per_run,
                 by_id[pw.procedure.id]["hours_per_year"], pw.partial] for pw in workload.procedures]
        return Table(by, ("procedure", "title", "department", "frequency", "runs_per_year", "minutes_per_run",
                          "hours_per_year", "partial"), rows)
    if by == "mode":
        rows = [[mode, _mode_name(mode, lang), data["by_mode"][mode]] for mode in MODES]
        return Table(by, ("mode", "mode_name", "hours_per_year"), rows)
    source = {"department": workload.by_department, "actor": workload.by_actor, "owner": workload.by_owner}[by]
    hours = data[f"by_{by}"]
    rows = []
    for key in sorted(source, key=lambda k: (-hours[k], k)):
        modes = [rounded(source[key][m]) for m in MODES]
        if by == "department":
            dept = handbook.org.departments.get(key)
            rows.append([key, dept.name if dept else key, hours[key], *modes])
        elif by == "owner":
            rows.append([key, _people_name(handbook, key, lang), hours[key], *modes])
        else:
            rows.append([key, hours[key], *modes])
    head = {"department": ("department", "department_name"), "owner": ("owner", "owner_name"), "actor": ("actor",)}[by]
    return Table(by, (*head, "hours_per_year", *MODES), rows)


def all_tables(data: dict[str, Any], workload: Workload, handbook: Handbook, lang: str) -> list[Table]:
    """Summary, each breakdown, candidates and improvements: the sheets of the xlsx."""
    items = SUMMARY_ITEMS[lang]
    values = {**data, "undocumented": data["undocumented"]["hours_per_year"]}
    summary = Table("summary", ("item", "value"), [[items[key], values[key]] for key in items])
    tables = [summary] + [breakdown_table(data, workload, handbook, by, lang) for by in BREAKDOWNS]
    tables.append(Table("candidates", ("procedure", "step", "step_title", "actor", "mode", "hours_per_year",
                                       "improvements"),
                        [[c["procedure"], c["step"], c["title"], c["actor"], _mode_name(c["mode"], lang),
                          c["hours_per_year"], " / ".join(c["improvements"])] for c in data["candidates"]]))
    labels = Labels(lang)
    tables.append(Table("improvements", ("procedure", "improvements", "lever", "status", "due", "overdue"),
                        [[i["procedure"], i["title"], labels[f"lever.{i['lever']}"] if i["lever"] else "",
                          labels[f"improvement.{i['status']}"], i["due"] or "", i["overdue"]]
                         for i in data["improvements"]]))
    return tables


def _percent(share: float | None) -> str:
    return "—" if share is None else f"{share * 100:.1f}%"


def render_text(data: dict[str, Any], workload: Workload, handbook: Handbook, by: str, lang: str) -> str:
    """The headline figures, then the `by` breakdown, one line per row."""
    t = _TEXT[lang]
    partial = t["partial"].format(n=data["partial"]) if data["partial"] else ""
    lines = [t["headline"].format(hours=data["hours_per_year"], procedures=data["procedures"],
                                  computed=data["computed"], partial=partial)]
    unknown = [p["procedure"] for p in data["procedures_detail"] if p["hours_per_year"] is None]
    if unknown:
        lines.append(t["unknown"].format(n=len(unknown), ids=", ".join(unknown)))
    lines.append(t["shares"].format(paper=_percent(data["paper_share"]), manual=_percent(data["manual_share"]),
                                    automated=_percent(data["automated_share"])))
    u = data["undocumented"]
    if u["estimated"] or u["unestimated"]:
        lines.append(t["undocumented"].format(hours=u["hours_per_year"], estimated=u["estimated"],
                                              unestimated=u["unestimated"]))
    table = breakdown_table(data, workload, handbook, by, lang)
    lines += ["", t["breakdown"].format(title=t[by])]
    for row in table.rows:
        if by == "procedure":
            hours = t["unknown_hours"] if row[6] is None else f"{row[6]:.1f}" + (t["partial_mark"] if row[7] else "")
            lines.append(f"  {row[1]} ({row[0]})  {hours}")
        elif by == "actor":
            lines.append(f"  {row[0]}  {row[1]:.1f}")
        else:
            lines.append(f"  {row[1]} ({row[0]})  {row[2]:.1f}")
    return "\n".join(display_safe(line) for line in lines) + "\n"  # titles and names come from the files


def render_csv(table: Table, lang: str) -> str:
    """One table as CSV (UTF-8 with BOM, so Excel opens Japanese correctly), headers in `lang`."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([HEADERS[lang].get(c, c) for c in table.columns])
    writer.writerows(["" if v is None else v for v in row] for row in table.rows)
    return "\ufeff" + out.getvalue()


def render_xlsx(tables: list[Table], lang: str) -> bytes:
    """One sheet per table, headers in `lang`, numbers as numeric cells, header row frozen."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    book.remove(book.worksheets[0])  # the empty sheet a new workbook starts with
    for table in tables:
        sheet = book.create_sheet(SHEETS[lang][table.key])
        sheet.append([HEADERS[lang].get(c, c) for c in table.columns])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in table.rows:
            sheet.append(row)
        sheet.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def render_json(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
