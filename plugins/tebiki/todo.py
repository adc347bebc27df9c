"""What a manager fixes first: the coverage page's to-do list, ordered by urgency.

One row per thing to fix, most urgent first (issue 12, tebiki's order):

1. `no_owner`      the procedure has no available owner (nobody may be able to run it);
2. `owner_leaving` the owner is `leaving` (the sooner the date, the higher; no date last);
3. `single_owner`  only the owner can run it;
4. `overdue`       its review is overdue (or it was never reviewed), oldest due first;
5. `undocumented`  an inventory entry with no procedure file.

A procedure appears once, under its most urgent kind: a procedure whose owner is
leaving is not `covered` for the manager even when the spec's class says so.
Pure: the handbook model in, rows out; no MkDocs import.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from .model import Coverage, Handbook, InventoryEntry, Procedure, Status

KINDS = ("no_owner", "owner_leaving", "single_owner", "overdue", "undocumented")


@dataclass(frozen=True)
class TodoRow:
    """One thing to fix. `procedure` or `entry` is set (an undocumented entry has no file).
    `days_left`: days from today to the owner's `leaving_on` (negative when past), or None.
    `due`: the missed review date (None: never reviewed), for `overdue`."""

    kind: str
    title: str
    department: str
    owner: str | None
    procedure: Procedure | None = None
    entry: InventoryEntry | None = None
    leaving_on: date | None = None
    days_left: int | None = None
    due: date | None = None


def _leaving_owner(proc: Procedure, hb: Handbook) -> date | None | bool:
    person = hb.org.people.get(proc.owner or "")
    if person is None or person.status is not Status.LEAVING:
        return False
    return person.leaving_on


def todo_rows(hb: Handbook) -> list[TodoRow]:
    """Every row, in urgency order (kind, then date, then file order)."""
    rows: list[tuple[tuple[object, ...], TodoRow]] = []
    for n, proc in enumerate(hb.procedures.values()):
        cls = hb.coverage.get(proc.id)
        leaving = _leaving_owner(proc, hb) if hb.ownership_known else False
        due = hb.next_review(proc)
        base: dict[str, Any] = dict(title=proc.title, department=proc.department, owner=proc.owner, procedure=proc)
        if cls is Coverage.NO_OWNER:
            row = TodoRow("no_owner", **base)
            key: tuple[object, ...] = (0, n)
        elif leaving is not False:
            on = leaving if isinstance(leaving, date) else None
            row = TodoRow("owner_leaving", leaving_on=on, days_left=(on - hb.today).days if on else None, **base)
            key = (1, on is None, on or date.max, n)
        elif cls is Coverage.SINGLE_OWNER:
            row, key = TodoRow("single_owner", **base), (2, n)
        elif hb.review_overdue(proc):
            row, key = TodoRow("overdue", due=due, **base), (3, due is not None, due or date.min, n)
        else:
            continue
        rows.append((key, row))
    for n, entry in enumerate(hb.undocumented):
        rows.append(((4, n), TodoRow("undocumented", entry.title, entry.department, None, entry=entry)))
    return [row for _key, row in sorted(rows, key=lambda kr: kr[0])]


def count_by_kind(rows: list[TodoRow]) -> dict[str, int]:
    return {kind: sum(r.kind == kind for r in rows) for kind in KINDS}
