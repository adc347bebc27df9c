"""Cross-references the pages need, computed once per build from a Handbook.

Who performs what — the spec maps procedures to owner and backup owners (person
ids) and steps to an `actor` (a role as free text), but has no person→role
table. tebiki therefore defines the steps a person performs as:

1. every step, in any procedure, whose `actor` is the person's name or id
   (compared without blanks, so `佐藤花子` matches `佐藤 花子`), and
2. for the procedures they own or back up, all steps of the procedure,
   grouped by actor — an owner answers for every step of their procedure.

What a person's leaving would change is not computed here: `tebiki.if_left`.
"""

from __future__ import annotations

import re
from functools import lru_cache
from dataclasses import dataclass, field
from typing import Iterator

from ..model import Handbook, InventoryEntry, Procedure, Step, by_department as group_by_department
from ..problems import Problem

_BLANKS = re.compile(r"\s+")


@lru_cache(maxsize=16384)  # actors repeat across thousands of steps
def _norm(text: str) -> str:
    return _BLANKS.sub("", text)


def by_department(handbook: Handbook) -> dict[str, list[Procedure]]:
    """Department id -> its procedures in file order: every department of `_org.yaml` (in its
    order, maybe with none), then unknown departments as first met."""
    return group_by_department(handbook.procedures.values(), handbook.org.departments)


def page_order(handbook: Handbook, procedures_by_department: dict[str, list[Procedure]],
               ) -> Iterator[tuple[str | None, list[Procedure]]]:
    """The procedures in the order their pages come (render/pages.iter_pages), by
    department: (department id, its procedures) in `_org.yaml` order, then (None, those
    whose department is unknown)."""
    for did in handbook.org.departments:
        yield did, procedures_by_department.get(did, [])
    yield None, [p for p in handbook.procedures.values() if p.department not in handbook.org.departments]


@dataclass
class HandbookIndex:
    procedures_by_department: dict[str, list[Procedure]] = field(default_factory=dict)
    owns: dict[str, list[Procedure]] = field(default_factory=dict)
    backs_up: dict[str, list[Procedure]] = field(default_factory=dict)
    trains: dict[str, list[Procedure]] = field(default_factory=dict)  # person id -> procedures they learn
    steps_by_actor: dict[str, list[tuple[Procedure, Step]]] = field(default_factory=dict)
    problems_by_file: dict[str, list[Problem]] = field(default_factory=dict)
    undocumented_by_department: dict[str, list[InventoryEntry]] = field(default_factory=dict)
    referenced_by: dict[str, list[Procedure]] = field(default_factory=dict)

    @classmethod
    def build(cls, handbook: Handbook) -> "HandbookIndex":
        index = cls(procedures_by_department=by_department(handbook))
        for proc in handbook.procedures.values():
            if proc.owner:
                index.owns.setdefault(proc.owner, []).append(proc)
            for backup in dict.fromkeys(proc.backup_owners):
                if backup != proc.owner:
                    index.backs_up.setdefault(backup, []).append(proc)
            for trainee in dict.fromkeys(t.person for t in proc.trainees):
                index.trains.setdefault(trainee, []).append(proc)
            for step in proc.steps:
                index.steps_by_actor.setdefault(_norm(step.actor), []).append((proc, step))
            for rel in proc.related:
                index.referenced_by.setdefault(rel, []).append(proc)
        for problem in handbook.problems:
            index.problems_by_file.setdefault(problem.file, []).append(problem)
        for entry in handbook.undocumented:
            index.undocumented_by_department.setdefault(entry.department, []).append(entry)
        return index

    def steps_named_for(self, handbook: Handbook, person_id: str) -> list[tuple[Procedure, Step]]:
        """Steps whose actor is the person's name or id (rule 1 of the module docstring)."""
        person = handbook.org.people.get(person_id)
        keys = {_norm(person_id)}
        if person is not None:
            keys.add(_norm(person.name))
        seen: dict[tuple[str, str], tuple[Procedure, Step]] = {}
        for key in keys:
            for proc, step in self.steps_by_actor.get(key, ()):
                seen.setdefault((proc.id, step.id), (proc, step))
        return list(seen.values())

    def related_of(self, proc: Procedure, handbook: Handbook) -> list[Procedure]:
        """Declared related procedures that exist, then those that name this one."""
        out = {r: handbook.procedures[r] for r in proc.related if r in handbook.procedures}
        for other in self.referenced_by.get(proc.id, ()):
            out.setdefault(other.id, other)
        out.pop(proc.id, None)
        return list(out.values())
