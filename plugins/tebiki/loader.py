"""Handbook folder -> model objects, or recorded problems. One broken file never stops the others,
and one bad value removes only itself (contain.py; spec rule 8)."""

from __future__ import annotations

import dataclasses
import gc
import os
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
    Trainee,
    Transition,
    Volume,
)
from .contain import contain, kept
from .idscan import recover_id
from .problems import Problem
from .hidden_characters import hidden_characters
from .schemas import load_schema, place_of, validate
from .handbook_files import (ReadChecker, UnsafeFile, check_readable, find_procedure_files, inside, read_bounded,
                             relative)
from .yamlfile import LIST_FILE, PROCEDURE_FILE, Budget, YamlDocument, parse_yaml
from .oswords import os_reason

ORG_FILE = "_org.yaml"
_MODES = {mode.value: mode for mode in Mode}
"""`Mode(value)` by a look-up: a step's mode is read for every step of every file."""
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
    org_known: bool = True
    """False when `_org.yaml` could not be read at all: ownership is unknown (spec rule 8)."""


def procedure_files(folder: Path) -> list[Path]:
    """Every procedure file below `folder`, in path order (see handbook_files)."""
    return find_procedure_files(folder, folder).files


@contextmanager
def collector_paused() -> Iterator[None]:
    """Loading builds many small acyclic objects that all stay alive; the cycle
    collector would rescan them again and again (a third of the load time).
    Nested pauses are one pause: only the outermost turns the collector back on."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


@dataclass(frozen=True)
class FileOutcome:
    """What one procedure file gave: its problems in order, its id and where it is
    written (when usable), an id recovered from a file that is not YAML, its procedure."""

    problems: tuple[Problem, ...]
    file_id: tuple[str, Location] | None = None
    recovered_id: str | None = None
    procedure: Procedure | None = None


ParsedFiles = dict[str, tuple[bytes, FileOutcome]]
"""Path (relative to the handbook) -> the bytes read and what they gave. `mkdocs serve`
keeps one across builds: a procedure file whose bytes are unchanged is not parsed,
validated or built again (what it gives depends on its path and bytes only)."""


def load_files(root: Path, folder: str, parsed: ParsedFiles | None = None) -> LoadedFiles:
    """Read `_org.yaml`, `_inventory.yaml` and every procedure file under `root/folder`
    (through `parsed`, when given)."""
    with collector_paused():
        return _load_files(root, folder, parsed)


def _load_files(root: Path, folder: str, parsed: ParsedFiles | None = None) -> LoadedFiles:
    base = root / folder
    if inside(root, folder) is None:
        raise HandbookError(f"the 'procedures' folder ({folder}) must lie inside the handbook folder {root}; "
                            "use a relative path without '..' and without a symlink that leads out",
                            f"手順のフォルダ ({folder}) は手引きのフォルダ {root} の中に置いてください。"
                            "「..」やフォルダの外を指すシンボリックリンクは使えません")
    if not base.is_dir():
        raise HandbookError(f"procedures folder not found: {base}",
                            f"手順のフォルダ {base} がありません。プラグインの procedures の設定を確認してください")
    problems: list[Problem] = []

    org_doc = _read_optional(root, base / ORG_FILE, "org", problems, required=True)
    org = _build_org(org_doc, problems) if org_doc else Org()
    inventory_doc = _read_optional(root, base / INVENTORY_FILE, "inventory", problems, required=False)
    inventory = _build_inventory(inventory_doc, problems) if inventory_doc else ()

    procedures: list[Procedure] = []
    file_ids: dict[str, list[tuple[str, Location]]] = {}
    unloadable_ids: dict[str, str] = {}  # id recovered from a file that is not YAML -> that file
    try:
        os.listdir(base)
    except OSError as error:
        raise HandbookError(f"cannot read procedures folder {base}: {error.strerror or error}",
                            f"手順のフォルダ {base} を読めません({os_reason(error, 'ja')})。権限を確認してください") from error
    found_files = find_procedure_files(root, base)
    problems.extend(found_files.problems)
    checker = ReadChecker(root)
    for path in found_files.files:
        rel = _relative(root, path)
        outcome = _procedure_file(root, path, rel, parsed, checker)
        problems.extend(outcome.problems)
        if outcome.recovered_id:
            unloadable_ids.setdefault(outcome.recovered_id, rel)
        if outcome.file_id is not None:
            file_ids.setdefault(outcome.file_id[0], []).append((rel, outcome.file_id[1]))
        if outcome.procedure is not None:
            procedures.append(outcome.procedure)
    if parsed is not None:  # forget the files gone since the last load
        for rel in set(parsed) - {_relative(root, path) for path in found_files.files}:
            del parsed[rel]
    for procedure_id, rel in unloadable_ids.items():  # known but not loadable: never a duplicate, never unknown
        file_ids.setdefault(procedure_id, [(rel, Location(rel, 1, 1))])
    return LoadedFiles(org, inventory, procedures, file_ids, problems, org_known=org_doc is not None)


def _procedure_file(root: Path, path: Path, rel: str, parsed: ParsedFiles | None,
                    checker: ReadChecker | None = None) -> FileOutcome:
    """One procedure file read, and parsed unless `parsed` holds the same bytes."""
    raw, refusal = _read_bytes(root, path, rel, PROCEDURE_FILE, checker)
    if raw is None:
        return FileOutcome(tuple(refusal.problems) if refusal is not None else ())
    known = parsed.get(rel) if parsed is not None else None
    if known is not None and known[0] == raw:
        return known[1]
    outcome = _outcome(parse_yaml(raw, rel, PROCEDURE_FILE), raw)
    if parsed is not None:
        parsed[rel] = (raw, outcome)
    return outcome


def _outcome(document: YamlDocument, raw: bytes) -> FileOutcome:
    """What a parsed procedure file gives (its problems in the order they are reported)."""
    if _unreadable(document):
        return FileOutcome(tuple(document.problems), recovered_id=recover_id(raw) or None)
    validation = validate(document, "procedure")
    procedure_id = document.data.get("id") if isinstance(document.data, dict) else None
    found = document.problems + validation.problems + list(hidden_characters(document, raw))
    file_id = None
    if isinstance(procedure_id, str):
        found = [dataclasses.replace(p, procedure=procedure_id) for p in found]
        if ("id",) not in validation.unusable:
            file_id = (procedure_id, document.locate(["id"]))
    if contain(document.data, validation.unusable, "procedure", load_schema("procedure")) is None:
        return FileOutcome(tuple(found), file_id)
    procedure, build_problems = _build_procedure(document)
    return FileOutcome(tuple(found + build_problems), file_id, None, procedure)


def _unreadable(document: YamlDocument) -> bool:
    """The file is not YAML at all (encoding, syntax, limits): nothing of it can be used."""
    return document.root is None and bool(document.problems)


_relative = relative


def _read(root: Path, path: Path, rel: str, budget: Budget = PROCEDURE_FILE) -> YamlDocument:
    """Parse a handbook file that `check_readable` accepts, reading at most the size limit + 1."""
    return _read_raw(root, path, rel, budget)[0]


def _read_raw(root: Path, path: Path, rel: str,
              budget: Budget = PROCEDURE_FILE) -> tuple[YamlDocument, bytes | None]:
    """As `_read`, with the bytes read (None when the file was refused or unreadable)."""
    raw, refusal = _read_bytes(root, path, rel, budget)
    if raw is None:
        assert refusal is not None
        return refusal, None
    return parse_yaml(raw, rel, budget), raw


def _read_bytes(root: Path, path: Path, rel: str, budget: Budget,
                checker: ReadChecker | None = None) -> tuple[bytes | None, YamlDocument | None]:
    """The file's bytes, or None and a document holding why it was refused or unreadable
    (`checker`: the load's, which resolves each folder once)."""
    try:
        real = checker.check(path) if checker is not None else check_readable(root, path)
        return read_bounded(real, budget.bytes, follow_symlinks=False), None
    except UnsafeFile as refusal:
        return None, YamlDocument(rel, None, None, [Problem("unsafe-file", rel, 1, None,
                                                            params={"reason": refusal.reason, "detail": ""})])
    except OSError as error:
        return None, YamlDocument(rel, None, None, [Problem("encoding", rel, 1, 1, params={
            "reason": "unreadable", "error": os_reason(error, "en"), "error_ja": os_reason(error, "ja")})])


def _read_optional(root: Path, path: Path, kind: str, problems: list[Problem],
                   *, required: bool) -> YamlDocument | None:
    rel = _relative(root, path)
    if not path.exists() and not path.is_symlink():
        if required:
            problems.append(Problem("schema", rel, 1, 1, params={"kind": "missing-file", "field": ""}))
        return None
    document, raw = _read_raw(root, path, rel, LIST_FILE)  # the organisation or inventory file
    problems.extend(document.problems)
    if _unreadable(document):
        return None
    validation = validate(document, kind)
    problems.extend(validation.problems)
    problems.extend(hidden_characters(document, raw))
    if contain(document.data, validation.unusable, kind, load_schema(kind)) is None:
        return None
    return document


def _build_org(document: YamlDocument, problems: list[Problem]) -> Org:
    data = document.data
    departments: dict[str, Department] = {}
    for i, item in kept(data.get("departments")):
        department = Department(item["id"], item["name"], document.locate(["departments", i, "id"]))
        _add_unique(departments, department, problems)
    people: dict[str, Person] = {}
    for i, item in kept(data.get("people")):
        leaving_on, problem = _date(document, ["people", i, "leaving_on"], item.get("leaving_on"))
        if problem:
            problems.append(problem)
        person = Person(item["id"], item["name"], item["department"], Status(item.get("status", "active")),
                        leaving_on, document.locate(["people", i, "id"]), document.locate(["people", i, "department"]),
                        tuple(role for _, role in kept(item.get("roles"))))
        _add_unique(people, person, problems)
    return Org(departments, people)


def _add_unique(table: dict[str, Any], item: Department | Person, problems: list[Problem]) -> None:
    """Keep the first of a repeated department or person id; the repeat is a `duplicate-id`."""
    first = table.setdefault(item.id, item)
    if first is not item:
        where = item.location
        problems.append(Problem("duplicate-id", where.file, where.line, where.column,
                                params={"id": item.id, "other": f"{first.location.file}:{first.location.line}"}))


def _build_inventory(document: YamlDocument, problems: list[Problem]) -> tuple[InventoryEntry, ...]:
    """The entries in file order; a repeated id is a `duplicate-id` and the first counts."""
    entries: dict[str, InventoryEntry] = {}
    for i, item in kept(document.data.get("procedures")):
        entry = InventoryEntry(item["id"], item["title"], item["department"], document.locate(["procedures", i]),
                               department_location=document.locate(["procedures", i, "department"]),
                               hours_per_year=item.get("hours_per_year"))
        first = entries.setdefault(entry.id, entry)
        if first is not entry:
            where = document.locate(["procedures", i, "id"])
            problems.append(Problem("duplicate-id", where.file, where.line, where.column, entry.id,
                                    params={"id": entry.id, "other": f"{first.location.file}:{first.location.line}"}))
    return tuple(entries.values())


def _build_procedure(document: YamlDocument) -> tuple[Procedure | None, list[Problem]]:
    """A contained document (contain.py) -> Procedure, with the problems the schema cannot
    see (impossible dates, repeated step ids: the repeat is left out, the first counts)."""
    data: dict[str, Any] = document.data
    problems: list[Problem] = []
    reviewed, problem = _date(document, ["reviewed"], data.get("reviewed"))
    if problem:
        problems.append(problem)
    trainees = []
    for i, raw in kept(data.get("trainees")):
        since, problem = _date(document, ["trainees", i, "since"], raw.get("since"))
        if problem:
            problems.append(problem)
        trainees.append(Trainee(raw["person"], since))
    usable = kept(data["steps"])
    first_of: dict[str, int] = {}
    unique: list[tuple[int, Any]] = []
    for i, raw in usable:  # the schema cannot say "unique by id"; next targets would be ambiguous
        first = first_of.setdefault(raw["id"], i)
        if first != i:
            where = document.locate(["steps", i, "id"])
            problems.append(Problem("duplicate-id", document.file, where.line, where.column, data["id"],
                                    params={"id": raw["id"], "other": f"{document.file}:{document.locate(['steps', first]).line}"}))
        else:
            unique.append((i, raw))
    steps = tuple(_build_step(document, position, unique) for position in range(len(unique)))
    procedure = Procedure(
        id=data["id"],
        title=data["title"],
        department=data["department"],
        summary=data["summary"],
        owner=data.get("owner"),
        backup_owners=tuple(value for _, value in kept(data.get("backup_owners"))),
        frequency=data["frequency"],
        trigger=data.get("trigger"),
        reviewed=reviewed,
        review_interval_months=data.get("review_interval_months"),
        systems=tuple(value for _, value in kept(data.get("systems"))),
        references=tuple(Reference(r["title"], r.get("url")) for _, r in kept(data.get("references"))),
        related=tuple(value for _, value in kept(data.get("related"))),
        tags=tuple(value for _, value in kept(data.get("tags"))),
        steps=steps,
        file=document.file,
        locations=dict(_procedure_locations(document, data)),
        volume=Volume(data["volume"]["count"], data["volume"]["per"]) if data.get("volume") else None,
        improvements=tuple(_build_improvements(document, data.get("improvements") or (), problems)),
        trainees=tuple(trainees),
    )
    return procedure, problems


def _build_improvements(document: YamlDocument, raw: Any, problems: list[Problem]) -> Iterator[Improvement]:
    """v2 `improvements` -> Improvement (status default `idea`); an impossible `due` is a schema problem."""
    for i, item in kept(raw):
        due, problem = _date(document, ["improvements", i, "due"], item.get("due"))
        if problem:
            problems.append(dataclasses.replace(problem, procedure=document.data["id"]))
        yield Improvement(
            title=item["title"], lever=item.get("lever"), status=item.get("status", "idea"),
            steps=tuple(value for _, value in kept(item.get("steps"))), due=due,
            location=document.locate(["improvements", i]),
        )


def _build_step(document: YamlDocument, position: int, steps: list[tuple[int, Any]]) -> Step:
    """The step at `position` of the usable `steps` ((index in the file, data) pairs)."""
    index, raw = steps[position]
    location = document.locate(["steps", index])
    if "next" in raw:
        transitions = tuple(
            Transition(
                to=entry if isinstance(entry, str) else entry["to"],
                when=None if isinstance(entry, str) else entry.get("when"),
                location=document.locate(["steps", index, "next", j]),
            )
            for j, entry in kept(raw["next"])
        )
    elif position + 1 < len(steps):
        transitions = (Transition(steps[position + 1][1]["id"], None, location, explicit=False),)
    else:
        transitions = ()
    return Step(
        id=raw["id"],
        title=raw["title"],
        actor=raw["actor"],
        mode=_MODES.get(raw.get("mode", "manual")) or Mode(raw["mode"]),  # Mode() says what is wrong
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
        for position, (i, _) in enumerate(kept(data.get(name))):
            yield f"{name}.{position}", document.locate([name, i])
    for position, (i, item) in enumerate(kept(data.get("improvements"))):
        if "due" in item:
            yield f"improvements.{position}.due", document.locate(["improvements", i, "due"])
        for j, (k, _) in enumerate(kept(item.get("steps"))):
            yield f"improvements.{position}.steps.{j}", document.locate(["improvements", i, "steps", k])
    for position, (i, trainee) in enumerate(kept(data.get("trainees"))):
        yield f"trainees.{position}", document.locate(["trainees", i])
        if "person" in trainee:
            yield f"trainees.{position}.person", document.locate(["trainees", i, "person"])


def _date(document: YamlDocument, path: list[str | int], value: str | None) -> tuple[date | None, Problem | None]:
    """An ISO date string -> date; a located `schema` problem for an impossible one (2026-02-30)."""
    if value is None:
        return None, None
    try:
        return date.fromisoformat(value), None
    except ValueError:
        where = document.locate(path)
        return None, Problem("schema", document.file, where.line, where.column,
                             params={"kind": "date", "field": ".".join(map(str, path)), "found": value,
                                     "place": place_of(document.data, tuple(path))})
