"""Work that must not grow with departments x procedures (issue 13: a 10,000-procedure
handbook has 200 departments): the department pages, the coverage page's truck factors
and the 星取表 each look through the handbook's procedures once, not once per department,
and show the same as before."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any, Callable, Iterator

from tebiki.core import build_handbook
from tebiki.model import Handbook
from tebiki.render.context import RenderContext
from tebiki.render.labels import Labels
from tebiki.render.pages import department_page
from tebiki.risk import truck_factors
from tebiki.skills import skill_matrices

DEPARTMENTS = 12


class Looked(list):  # type: ignore[type-arg]
    """A list that counts how often it is looked through."""

    looks = 0

    def __iter__(self) -> Iterator[Any]:
        self.looks += 1
        return super().__iter__()


class LookedDict(dict):  # type: ignore[type-arg]
    """A dict that counts how often it is looked through (keys, values, items or itself)."""

    looks = 0

    def _look(self) -> None:
        self.looks += 1

    def __iter__(self) -> Iterator[Any]:
        self._look()
        return super().__iter__()

    def values(self) -> Any:
        self._look()
        return super().values()

    def items(self) -> Any:
        self._look()
        return super().items()


def _handbook(write: Callable[..., Path]) -> Handbook:
    """DEPARTMENTS departments of 3 procedures and 2 people each (one leaving); each
    procedure owned in its department and backed up by the department before."""
    departments = "".join(f"  - id: d{d}\n    name: 部署{d}\n" for d in range(DEPARTMENTS))
    people = "".join(
        f"  - id: p{d}a\n    name: 人{d}A\n    department: d{d}\n"
        f"  - id: p{d}b\n    name: 人{d}B\n    department: d{d}\n    status: leaving\n    leaving_on: 2027-0{d % 9 + 1}-01\n"
        for d in range(DEPARTMENTS))
    procedures = {
        f"d{d}-{n}.yaml": (f"id: d{d}-{n}\ntitle: 手順{d}-{n}\ndepartment: d{d}\nsummary: 概要\nowner: p{d}{'ab'[n % 2]}\n"
                           f"backup_owners: [p{(d - 1) % DEPARTMENTS}a]\nfrequency: monthly\n"
                           "steps:\n  - id: s1\n    title: 作業\n    actor: 担当\n    mode: manual\n    minutes: 10\n")
        for d in range(DEPARTMENTS) for n in range(3)}
    root = write(procedures, org=f"departments:\n{departments}people:\n{people}")
    hb = build_handbook(root, "procedures")
    assert len(hb.procedures) == 3 * DEPARTMENTS and not [p for p in hb.problems if p.severity.value == "error"]
    return hb


def test_truck_factors_and_skill_matrices_look_through_the_procedures_once(
        tebiki_handbook: Callable[..., Path]) -> None:
    hb = _handbook(tebiki_handbook)
    plain = list(hb.procedures.values())
    looked = Looked(plain)
    assert truck_factors(looked, hb.org) == truck_factors(plain, hb.org)
    assert looked.looks == 1  # not once per department (200 x 10,000 at the large size)
    assert len(truck_factors(plain, hb.org)) == DEPARTMENTS
    looked = Looked(plain)
    assert skill_matrices(looked, hb.org) == skill_matrices(plain, hb.org)
    assert looked.looks == 1
    assert [len(m.procedures) for m in skill_matrices(plain, hb.org)] == [3] * DEPARTMENTS


def test_department_pages_look_up_their_procedures_instead_of_looking_through_all(
        tebiki_handbook: Callable[..., Path]) -> None:
    hb = _handbook(tebiki_handbook)
    expected = [department_page(RenderContext(hb, Labels("ja")), did).markdown for did in hb.org.departments]
    counted = replace(hb, procedures=LookedDict(hb.procedures), coverage=LookedDict(hb.coverage))
    ctx = RenderContext(counted, Labels("ja"))
    assert ctx.workload is not None
    workload = Looked(ctx.workload.procedures)
    ctx.workload.procedures = workload
    made_before = (counted.procedures.looks, counted.coverage.looks, workload.looks)  # the build's index, made once
    pages = [department_page(ctx, did).markdown for did in hb.org.departments]
    assert pages == expected
    assert "手順3-1" in pages[3] and "手順4-1" not in pages[3]
    # at most one look through each, for all the department pages together
    looks = (counted.procedures.looks, counted.coverage.looks, workload.looks)
    assert all(now - before <= 1 for now, before in zip(looks, made_before)), (made_before, looks)
