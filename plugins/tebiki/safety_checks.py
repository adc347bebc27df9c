"""Rules against pages that mislead or break (pure; tebiki's own codes, FORMAT.md):

- `reserved-id` (error): an id whose page would take the place of a generated
  page (`people/index.md` is the people list: a person `index` would replace it).
- `invisible-text` (error): a title, name or actor made only of characters that
  show nothing (spaces, zero-width and bidi controls, fillers): a link nobody sees.
- `schema` (error, kinds `control-character` and `bidi-character`): a text value of
  any file holding a C0/C1 control character (newline and tab allowed in `description`
  and `summary`, which may span lines) or a bidi embedding, override or isolate
  (U+202A–U+202E, U+2066–U+2069): it drives terminals, breaks XML and reorders what a
  reviewer reads (`title: "\\u202Eexe.pdf"`). Reported at the value; pages show it escaped.
- `endless-loop` (warning): steps the flow reaches but from which no path leads
  to an end (a step without `next`, or `next: []`): the procedure never finishes.
"""

from __future__ import annotations

import re
import unicodedata
from typing import TYPE_CHECKING, Iterator

import yaml

from .graph import no_way_out
from .model import Location
from .problems import Problem
from .schemas import place_of

if TYPE_CHECKING:
    from .loader import LoadedFiles
    from .yamlfile import YamlDocument

RESERVED_IDS = frozenset({"index"})
"""Ids that would collide with a generated page (`people/index.md`, `departments/<id>/index.md`,
and MkDocs' section index pages): refused for procedures, departments and people alike."""

_INVISIBLE_CATEGORIES = frozenset({"Cc", "Cf", "Zs", "Zl", "Zp", "Mn", "Me", "Cs", "Cn"})
_FILLERS = frozenset("\u115f\u1160\u3164\uffa0\u2800\u180e")  # letters or symbols that draw nothing


def visible(text: str) -> bool:
    """Whether `text` has at least one character that draws something."""
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


_CONTROLS = re.compile("[\x00-\x1f\x7f-\x9f]")
_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")
_MULTI_LINE_FIELDS = frozenset({"description", "summary"})


def hidden_characters(document: YamlDocument) -> Iterator[Problem]:
    """One `schema` problem per text value (of any file) holding control or bidi characters,
    at the value, naming each distinct character as U+XXXX. A single trailing newline (a
    `|` or `>` block's own) is not counted."""
    for path, node in _text_values(document.root, (), set()):
        text = node.value
        multi_line = bool(path) and path[-1] in _MULTI_LINE_FIELDS
        if multi_line:
            text = text.replace("\n", "").replace("\t", "")
        elif text.endswith("\n") and node.style in ("|", ">"):
            text = text[:-1]
        found = dict.fromkeys(_CONTROLS.findall(text) + _BIDI.findall(text))
        if not found:
            continue
        kind = "control-character" if any(_CONTROLS.match(ch) for ch in found) else "bidi-character"
        yield Problem("schema", document.file, node.start_mark.line + 1, node.start_mark.column + 1,
                      params={"kind": kind, "place": place_of(document.data, list(path)),
                              "chars": ", ".join(f"U+{ord(ch):04X}" for ch in found)})


def _text_values(node: yaml.Node | None, path: tuple[str | int, ...],
                 seen: set[int]) -> Iterator[tuple[tuple[str | int, ...], yaml.ScalarNode]]:
    """Every scalar value below `node` (not keys), with its path; a shared (aliased) node once."""
    if node is None or id(node) in seen:
        return
    seen.add(id(node))
    if isinstance(node, yaml.ScalarNode):
        if isinstance(node.value, str):
            yield path, node
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            yield from _text_values(item, (*path, i), seen)
    elif isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if isinstance(key, yaml.ScalarNode):
                yield from _text_values(value, (*path, key.value), seen)


def endless_loops(files: LoadedFiles) -> Iterator[Problem]:
    for procedure in files.procedures:
        stuck = no_way_out(procedure)
        if stuck:
            step = procedure.step(stuck[0])
            assert step is not None
            yield _at(step.location, "endless-loop", procedure.id, step=stuck[0], steps=", ".join(stuck))


def safety_problems(files: LoadedFiles) -> list[Problem]:
    return [*reserved_ids(files), *invisible_texts(files), *endless_loops(files)]
