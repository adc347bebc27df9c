"""The 星取表 (skills matrix) of a department: people × procedures, who holds what.

◎ owner, ○ backup, △ trainee (spec: `tebiki skills`). Pure data for the site
page and for `tebiki skills` (text, csv, xlsx), so they all show the same.

Rows: the department's people who have not left, in `_org.yaml` order, then
people of other departments named on its procedures. A person who has left
holds nothing and has no row. Totals count holders only (◎ and ○ of available
people): a row's total is the procedures the person can run, a column's the
people who can run the procedure. Trainees (△) are shown, never counted.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from .model import Org, Person, Procedure, Status, by_department
from .risk import holders

MARKS = {"owner": "◎", "backup": "○", "trainee": "△"}


@dataclass(frozen=True)
class SkillMatrix:
    department: str
    procedures: tuple[Procedure, ...]
    people: tuple[Person, ...]
    cells: dict[tuple[str, str], str]
    """(person id, procedure id) -> "owner" | "backup" | "trainee"."""
    holders: dict[str, tuple[str, ...]]
    """Procedure id -> its holders."""

    def mark(self, person_id: str, procedure_id: str) -> str:
        return MARKS.get(self.cells.get((person_id, procedure_id), ""), "")

    def row_total(self, person_id: str) -> int:
        """Procedures of the department this person holds."""
        return sum(person_id in self.holders[p.id] for p in self.procedures)

    def column_total(self, procedure_id: str) -> int:
        """People who hold the procedure."""
        return len(self.holders[procedure_id])

    @property
    def total(self) -> int:
        return sum(self.column_total(p.id) for p in self.procedures)


def skill_matrix(department: str, procedures: Sequence[Procedure], org: Org) -> SkillMatrix:
    """The 星取表 of `department` over its procedures among `procedures` (path order)."""
    own = tuple(p for p in procedures if p.department == department)
    cells: dict[tuple[str, str], str] = {}
    for procedure in own:
        for trainee in procedure.trainees:
            cells[(trainee.person, procedure.id)] = "trainee"
        for backup in procedure.backup_owners:
            cells[(backup, procedure.id)] = "backup"
        if procedure.owner:
            cells[(procedure.owner, procedure.id)] = "owner"
    named = {person_id for person_id, _ in cells}
    rows = [p for p in org.people.values() if p.status is not Status.LEFT and p.department == department]
    rows += [p for p in org.people.values()
             if p.status is not Status.LEFT and p.department != department and p.id in named]
    return SkillMatrix(department, own, tuple(rows), cells, {p.id: holders(p, org) for p in own})


def skill_matrices(procedures: Sequence[Procedure], org: Org, department: str | None = None) -> list[SkillMatrix]:
    """One matrix per department of `_org.yaml` (or only `department`), in file order."""
    ids = [department] if department else list(org.departments)
    grouped = by_department(procedures)  # each department's own, found once (not once a department)
    return [skill_matrix(did, grouped.get(did, []), org) for did in ids]
