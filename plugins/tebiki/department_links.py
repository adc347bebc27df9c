"""How departments relate, for the map of a large handbook's home page (pure: model in,
plain data out; drawn by diagrams/department_map.py)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .model import Procedure


@dataclass(frozen=True)
class DepartmentNode:
    """One department on the map: its id, name, number of procedures and page link."""

    id: str
    name: str
    procedures: int
    href: str


def department_lines(procedures: Sequence[Procedure], departments: Sequence[str]) -> list[tuple[str, str]]:
    """Pairs of departments (ids, in `departments` order within a pair) joined by at least
    one `related` link between procedures of the two, each pair once, in the order first
    met (procedure file order, then `related` order); a link to a procedure outside
    `procedures`, or of a department not in `departments`, joins nothing."""
    place = {d: i for i, d in enumerate(departments)}
    of = {p.id: p.department for p in procedures}
    seen: dict[tuple[str, str], None] = {}
    for procedure in procedures:
        a = procedure.department
        for other in procedure.related:
            b = of.get(other)
            if b is not None and a != b and a in place and b in place:
                seen.setdefault((a, b) if place[a] < place[b] else (b, a), None)
    return list(seen)
