"""Handbook folder -> model objects, or recorded problems. One broken file never stops the others."""

from __future__ import annotations

import dataclasses
import gc
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Iterator

from .cannotrun import CannotRun
from .model import (
    Department,
    Improvement,
    InventoryEntry,
    Location,
    Mode,
    Org,
    Person,
    Procedure,
    Reference,
    Status,
    Step,
    Transition,
    Volume,
)
from .problems import Problem
from .schemas import schema_problems
from .yamlfile import YamlDocument, read_yaml

ORG_FILE = "_org.yaml"
INVENTORY_FILE = "_inventory.yaml"


class HandbookError(CannotRun):
    """The handbook cannot be read at all (missing or unreadable folder). str() is for users."""


@dataclass
class LoadedFiles:
    """What the folder held: the model objects that loaded and the problems met on the way."""

    org: Org
    inventory: tuple[InventoryEntry, ...]
    procedures: list[Procedure]
    file_ids: dict[str, list[tuple[str, Location]]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)


def procedure_files(folder: Path) -> list[Path]:
    """Every `*.yaml`/`*.yml` below `folder` whose name does not start with `_`, in path order.
    Hidden folders (`.git`, `.cache`) are skipped."""
    found = []
    for path in folder.rglob("*"):
        relative = path.relative_to(folder).parts
        if any(part.startswith(".") for part in relative):
            continue
        if path.suffix in (".yaml", ".yml") and not path.name.startswith("_") and path.is_file():
            found.append(path)
    return sorted(found, key=lambda p: p.relative_to(folder).as_posix())


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Loading builds many small acyclic objects that all stay alive; the cycle
    collector would rescan them again and again (a third of the load time)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def load_files(root: Path, folder: str) -> LoadedFiles:
    """Read `_org.yaml`, `_inventory.yaml` and every procedure file under `root/folder`."""
    with _collector_paused():
        return _load_files(root, folder)


def _load_files(root: Path, folder: str) -> LoadedFiles:
    base = root / folder
    if not base.is_dir():
        raise HandbookError(f"procedures folder not found: {base}",
                            f"手順のフォルダ {base} がありません。プラグインの procedures の設定を確認してください")
    problems: list[Problem] = []

    org_doc = _read_optional(root, base / ORG_FILE, "org", problems, required=True)
    org = _build_org(org_doc, problems) if org_doc else Org()
    inventory_doc = _read_optional(root, base / INVENTORY_FILE, "inventory", problems, required=False)
    inventory = _build_inventory(inventory_doc) if inventory_doc else ()

    procedures: list[Procedure] = []
    file_ids: dict[str, list[tuple[str, Location]]] = {}
    try:
        paths = procedure_files(base)
    except OSError as error:
        raise HandbookError(f"cannot read procedures folder {base}: {error.strerror or error}",
                            f"手順のフォルダ {base} を読めません({error.strerror or error})。権限を確認してください") from error
    for path in paths:
        rel = _relative(root, path)
        document = read_yaml(path, rel)
        problems.extend(document.problems)
        if document.problems:
            continue
        if isinstance(document.data, dict) and isinstance(document.data.get("id"), str):
            file_ids.setdefault(document.data["id"], []).append((rel, document.locate(["id"])))
        found = schema_problems(document, "procedure")
        if found:
            procedure_id = document.data.get("id") if isinstance(document.data, dict) else None
            if isinstance(procedure_id, str):
                found = [dataclasses.replace(p, procedure=procedure_id) for p in found]
            problems.extend(found)
            continue
        procedure, build_problems = _build_procedure(document)
        problems.extend(build_problems)
        if not build_problems:
            procedures.append(procedure)
    return LoadedFiles(org, inventory, procedures, file_ids, problems)


def _relative(root: Path, path: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def _read_optional(root: Path, path: Path, kind: str, problems: list[Problem],
                   *, required: bool) -> YamlDocument | None:
    rel = _relative(root, path)
    if not path.is_file():
        if required:
            problems.append(Problem("schema", rel, 1, 1, params={"kind": "missing-file", "field": ""}))
        return None
    document = read_yaml(path, rel)
    problems.extend(document.problems)
    if document.problems:
        return None
    found = schema_problems(document, kind)
    problems.extend(found)
    return None if found else document


def _build_org(document: YamlDocument, problems: list[Problem]) -> Org:
    data = document.data
    departments: dict[str, Department] = {}
    for i, item in enumerate(data["departments"]):
        department = Department(item["id"], item["name"], document.locate(["departments", i, "id"]))
        _add_unique(departments, department, problems)
    people: dict[str, Person] = {}
    for i, item in enumerate(data["people"]):
        leaving_on, problem = _date(document, ["people", i, "leaving_on"], item.get("leaving_on"))
        if problem:
            problems.append(problem)
        person = Person(item["id"], item["name"], item["department"], Status(item.get("status", "active")),
                        leaving_on, document.locate(["people", i, "id"]))
        _add_unique(people, person, problems)
    return Org(departments, people)


def _add_unique(table: dict[str, Any], item: Department | Person, problems: list[Problem]) -> None:
    """Keep the first of a repeated department or person id; the repeat is a `duplicate-id`."""
    first = table.setdefault(item.id, item)
    if first is not item:
        where = item.location
        problems.append(Problem("duplicate-id", where.file, where.line, where.column,
                                params={"id": item.id, "other": f"{first.location.file}:{first.location.line}"}))


def _build_inventory(document: YamlDocument) -> tuple[InventoryEntry, ...]:
    return tuple(
        InventoryEntry(item["id"], item["title"], item["department"], document.locate(["procedures", i]),
                       item.get("hours_per_year"))
        for i, item in enumerate(document.data["procedures"])
    )


def _build_procedure(document: YamlDocument) -> tuple[Procedure, list[Problem]]:
    """A schema-valid document -> Procedure, or problems the schema cannot see (impossible dates, repeated step ids)."""
    data: dict[str, Any] = document.data
    problems: list[Problem] = []
    reviewed, problem = _date(document, ["reviewed"], data.get("reviewed"))
    if problem:
        problems.append(problem)
    raw_steps = data["steps"]
    steps = tuple(_build_step(document, i, raw, raw_steps) for i, raw in enumerate(raw_steps))
    first_of: dict[str, Step] = {}
    for step in steps:  # the schema cannot say "unique by id"; next targets would be ambiguous
        first = first_of.setdefault(step.id, step)
        if first is not step:
            where = document.locate(["steps", steps.index(step), "id"])
            problems.append(Problem("duplicate-id", document.file, where.line, where.column, data["id"],
                                    params={"id": step.id, "other": f"{document.file}:{first.location.line}"}))
    procedure = Procedure(
        id=data["id"],
        title=data["title"],
        department=data["department"],
        summary=data["summary"],
        owner=data.get("owner"),
        backup_owners=tuple(data.get("backup_owners") or ()),
        frequency=data["frequency"],
        trigger=data.get("trigger"),
        reviewed=reviewed,
        review_interval_months=data.get("review_interval_months"),
        systems=tuple(data.get("systems") or ()),
        references=tuple(Reference(r["title"], r.get("url")) for r in data.get("references") or ()),
        related=tuple(data.get("related") or ()),
        tags=tuple(data.get("tags") or ()),
        steps=steps,
        file=document.file,
        locations=dict(_procedure_locations(document, data)),
        volume=Volume(data["volume"]["count"], data["volume"]["per"]) if data.get("volume") else None,
        improvements=tuple(_build_improvements(document, data.get("improvements") or (), problems)),
    )
    return procedure, problems


def _build_improvements(document: YamlDocument, raw: Any, problems: list[Problem]) -> Iterator[Improvement]:
    """v2 `improvements` -> Improvement (status default `idea`); an impossible `due` is a schema problem."""
    for i, item in enumerate(raw):
        due, problem = _date(document, ["improvements", i, "due"], item.get("due"))
        if problem:
            problems.append(dataclasses.replace(problem, procedure=document.data["id"]))
        yield Improvement(
            title=item["title"], lever=item.get("lever"), status=item.get("status", "idea"),
            steps=tuple(item.get("steps") or ()), due=due, location=document.locate(["improvements", i]),
        )


def _build_step(document: YamlDocument, index: int, raw: dict[str, Any], all_steps: list[Any]) -> Step:
    location = document.locate(["steps", index])
    if "next" in raw:
        transitions = tuple(
            Transition(
                to=entry if isinstance(entry, str) else entry["to"],
                when=None if isinstance(entry, str) else entry.get("when"),
                location=document.locate(["steps", index, "next", j]),
            )
            for j, entry in enumerate(raw["next"])
        )
    elif index + 1 < len(all_steps):
        transitions = (Transition(all_steps[index + 1]["id"], None, location, explicit=False),)
    else:
        transitions = ()
    return Step(
        id=raw["id"],
        title=raw["title"],
        actor=raw["actor"],
        mode=Mode(raw.get("mode", "manual")),
        minutes=raw.get("minutes"),
        description=raw.get("description"),
        next=transitions,
        location=location,
        headcount=raw.get("headcount", 1),
    )


def _procedure_locations(document: YamlDocument, data: dict[str, Any]) -> Iterator[tuple[str, Location]]:
    """The places checks point at: the document, scalar fields, and each list item."""
    yield "", document.locate([])
    for name in ("id", "department", "owner", "reviewed", "backup_owners", "related", "frequency", "volume"):
        if name in data:
            yield name, document.locate([name])
    for name in ("backup_owners", "related"):
        for i in range(len(data.get(name) or ())):
            yield f"{name}.{i}", document.locate([name, i])
    for i, item in enumerate(data.get("improvements") or ()):
        if "due" in item:
            yield f"improvements.{i}.due", document.locate(["improvements", i, "due"])
        for j in range(len(item.get("steps") or ())):
            yield f"improvements.{i}.steps.{j}", document.locate(["improvements", i, "steps", j])


def _date(document: YamlDocument, path: list[str | int], value: str | None) -> tuple[date | None, Problem | None]:
    """An ISO date string -> date; a located `schema` problem for an impossible one (2026-02-30)."""
    if value is None:
        return None, None
    try:
        return date.fromisoformat(value), None
    except ValueError:
        where = document.locate(path)
        return None, Problem("schema", document.file, where.line, where.column,
                             params={"kind": "date", "field": ".".join(map(str, path)), "found": value})
