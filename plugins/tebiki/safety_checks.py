"""Rules against pages that mislead or break (pure; tebiki's own codes, FORMAT.md):

- `reserved-id` (error): an id whose page would take the place of a generated
  page (`people/index.md` is the people list: a person `index` would replace it).
- `invisible-text` (error): a title, name or actor made only of characters that
  show nothing (spaces, zero-width and bidi controls, fillers): a link nobody sees.
- `endless-loop` (warning): steps the flow reaches but from which no path leads
  to an end (a step without `next`, or `next: []`): the procedure never finishes.

Control and bidi characters in any text value are found while each file is read
(`hidden_characters`, run by the loader).
"""

from __future__ import annotations

import unicodedata
from typing import TYPE_CHECKING, Iterator, Mapping

from .graph import StepGraph, no_way_out
from .model import Location
from .problems import Problem

if TYPE_CHECKING:
    from .loader import LoadedFiles

RESERVED_IDS = frozenset({"index"})
"""Ids that would collide with a generated page (`people/index.md`, `departments/<id>/index.md`,
and MkDocs' section index pages): refused for procedures, departments and people alike."""

_INVISIBLE_CATEGORIES = frozenset({"Cc", "Cf", "Zs", "Zl", "Zp", "Mn", "Me", "Cs", "Cn"})
_FILLERS = frozenset("\u115f\u1160\u3164\uffa0\u2800\u180e")  # letters or symbols that draw nothing


def visible(text: str) -> bool:
    """Whether `text` has at least one character that draws something. A text starting with
    a letter or digit (str.isalnum: categories L and N, none invisible) that is not a filler
    does (most titles and names: no category looked up)."""
    if text[:1].isalnum() and text[0] not in _FILLERS:
        return True
    return any(unicodedata.category(ch) not in _INVISIBLE_CATEGORIES and ch not in _FILLERS for ch in text)


def _at(location: Location, code: str, procedure: str | None = None, **params: object) -> Problem:
    return Problem(code, location.file, location.line, location.column, procedure, params)


def reserved_ids(files: LoadedFiles) -> Iterator[Problem]:
    for procedure in files.procedures:
        if procedure.id in RESERVED_IDS:
            yield _at(procedure.location_of("id"), "reserved-id", procedure.id, id=procedure.id, kind="procedure")
    for department in files.org.departments.values():
        if department.id in RESERVED_IDS:
            yield _at(department.location, "reserved-id", None, id=department.id, kind="department")
    for person in files.org.people.values():
        if person.id in RESERVED_IDS:
            yield _at(person.location, "reserved-id", None, id=person.id, kind="person")


def invisible_texts(files: LoadedFiles) -> Iterator[Problem]:
    for procedure in files.procedures:
        if not visible(procedure.title):
            yield _at(procedure.location_of("id"), "invisible-text", procedure.id, field="title")
        for step in procedure.steps:
            for name, value in (("title", step.title), ("actor", step.actor)):
                if not visible(value):
                    yield _at(step.location, "invisible-text", procedure.id, field=f"steps.{step.id}.{name}")
    for department in files.org.departments.values():
        if not visible(department.name):
            yield _at(department.location, "invisible-text", None, field="departments.name")
    for person in files.org.people.values():
        if not visible(person.name):
            yield _at(person.location, "invisible-text", None, field="people.name")


def endless_loops(files: LoadedFiles, graphs: Mapping[str, StepGraph] | None = None) -> Iterator[Problem]:
    """`graphs`: each procedure's step graph by file, when the checks built them already."""
    for procedure in files.procedures:
        stuck = no_way_out(procedure, graphs[procedure.file] if graphs is not None else None)
        if stuck:
            step = procedure.step(stuck[0])
            assert step is not None
            yield _at(step.location, "endless-loop", procedure.id, step=stuck[0], steps=", ".join(stuck))


def safety_problems(files: LoadedFiles, graphs: Mapping[str, StepGraph] | None = None) -> list[Problem]:
    return [*reserved_ids(files), *invisible_texts(files), *endless_loops(files, graphs)]
