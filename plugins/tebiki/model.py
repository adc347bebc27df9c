"""The handbook as plain data: what the loader builds and every renderer reads.

Data flows one way: YAML -> this model -> problems and coverage -> pages,
diagrams and reports. Nothing here reads files or knows about MkDocs.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import Enum
from typing import Iterable

from .problems import Problem


@dataclass(frozen=True)
class Location:
    """Where a value was written: a handbook-relative path with `/`, 1-based line and column."""

    file: str
    line: int = 1
    column: int = 1


class Status(str, Enum):
    """A person's availability (spec: active (default) | leaving | left)."""

    ACTIVE = "active"
    LEAVING = "leaving"
    LEFT = "left"

    @property
    def available(self) -> bool:
        """Active and leaving people still count as available owners."""
        return self is not Status.LEFT


class Mode(str, Enum):
    """How a step is carried out; drives the node style in diagrams."""

    MANUAL = "manual"
    PAPER = "paper"
    SYSTEM = "system"
    AUTOMATED = "automated"
    OUTSOURCED = "outsourced"


class Coverage(str, Enum):
    """Ownership coverage class of a procedure (spec: Ownership coverage)."""

    COVERED = "covered"
    SINGLE_OWNER = "single_owner"
    NO_OWNER = "no_owner"


FREQUENCIES = ("daily", "weekly", "monthly", "quarterly", "yearly", "on-demand")


@dataclass(frozen=True)
class Department:
    id: str
    name: str
    location: Location


@dataclass(frozen=True)
class Person:
    id: str
    name: str
    department: str
    status: Status
    leaving_on: date | None
    location: Location
    department_location: Location | None = None
    roles: tuple[str, ...] = ()
    """v2: the step actors (roles) this person performs, as written in `_org.yaml`."""


@dataclass(frozen=True)
class Org:
    """Departments and people from `_org.yaml`, each keyed by id, in file order."""

    departments: dict[str, Department] = field(default_factory=dict)
    people: dict[str, Person] = field(default_factory=dict)


@dataclass(frozen=True)
class InventoryEntry:
    """One line of the business inventory (業務棚卸し) in `_inventory.yaml`."""

    id: str
    title: str
    department: str
    location: Location
    hours_per_year: float | None = None
    """v2: estimated hours a year of work not yet documented."""
    department_location: Location | None = None


@dataclass(frozen=True)
class Volume:
    """v2 `volume`: how often a procedure runs, `count` times per `per`
    (day | week | month | quarter | year)."""

    count: int
    per: str


IMPROVEMENT_STATUSES = ("idea", "planned", "doing", "done")


@dataclass(frozen=True)
class Improvement:
    """v2: one planned change of a procedure (PDCA). `steps` are step ids it changes."""

    title: str
    lever: str | None
    status: str
    steps: tuple[str, ...]
    due: date | None
    location: Location


@dataclass(frozen=True)
class Trainee:
    """v2: a person learning a procedure to become a backup; not a holder."""

    person: str
    since: date | None = None


@dataclass(frozen=True)
class Reference:
    title: str
    url: str | None = None


@dataclass(frozen=True)
class Transition:
    """An edge from a step: to a step id, with a branch label (`when`) or none.

    `explicit` is False for the default edge to the following step.
    """

    to: str
    when: str | None
    location: Location
    explicit: bool = True


@dataclass(frozen=True)
class Step:
    id: str
    title: str
    actor: str
    mode: Mode
    minutes: int | None
    description: str | None
    next: tuple[Transition, ...]
    location: Location
    headcount: int = 1
    """v2: people doing the step together."""


@dataclass(frozen=True)
class Procedure:
    """One procedure file. `locations` maps a field path like `owner` or
    `steps.2.next.0.to` to where it was written, for precise problems."""

    id: str
    title: str
    department: str
    summary: str
    owner: str | None
    backup_owners: tuple[str, ...]
    frequency: str
    trigger: str | None
    reviewed: date | None
    review_interval_months: int | None
    systems: tuple[str, ...]
    references: tuple[Reference, ...]
    related: tuple[str, ...]
    tags: tuple[str, ...]
    steps: tuple[Step, ...]
    file: str
    locations: dict[str, Location] = field(default_factory=dict, compare=False, repr=False)
    volume: Volume | None = None
    improvements: tuple[Improvement, ...] = ()
    trainees: tuple[Trainee, ...] = ()

    def location_of(self, path: str) -> Location:
        """Where `path` (dotted field path) was written; falls back to the file's first line."""
        return self.locations.get(path) or self.locations.get("") or Location(self.file)

    def step(self, step_id: str) -> Step | None:
        return next((s for s in self.steps if s.id == step_id), None)

    @property
    def actors(self) -> tuple[str, ...]:
        """Actors in order of first appearance (the swimlanes of the diagram)."""
        return tuple(dict.fromkeys(s.actor for s in self.steps))

    @property
    def total_minutes(self) -> int:
        return sum(s.minutes or 0 for s in self.steps)


def by_department(procedures: Iterable[Procedure], departments: Iterable[str] = ()) -> dict[str, list[Procedure]]:
    """Department id -> its procedures, in the order given: each of `departments` first, in
    that order (maybe with none), then the other departments as first met. One pass: every
    per-department page, count and map looks its procedures up here, never through all."""
    groups: dict[str, list[Procedure]] = {department: [] for department in departments}
    for procedure in procedures:
        groups.setdefault(procedure.department, []).append(procedure)
    return groups


@dataclass(frozen=True)
class Summary:
    """The figures of `tebiki check --format json`'s `summary` (spec: `tebiki check`)."""

    procedures: int
    covered: int | None
    single_owner: int | None
    no_owner: int | None
    """The coverage counts are None when `_org.yaml` could not be read (ownership unknown)."""
    undocumented: int
    errors: int
    warnings: int


@dataclass(frozen=True)
class Review:
    """A procedure's review status on the handbook's day (the rule: `coverage.review_of`).

    `due`: last review plus the interval; None when never reviewed; `coverage.NO_DUE_DATE`
    past year 9999. `overdue`: never reviewed, or `due` before today (`review-overdue`)."""

    due: date | None
    overdue: bool


@dataclass
class Handbook:
    """Everything known about one handbook after loading and checking.

    `procedures` holds the files that loaded (valid YAML and schema), by id, in
    path order; `coverage` classifies each of them and `reviews` gives each its
    review status, both computed once in `core`; `problems` are sorted and
    carry the severity of the handbook's policy (codes set to `ignore` are gone).
    """

    folder: str
    org: Org
    inventory: tuple[InventoryEntry, ...]
    procedures: dict[str, Procedure]
    coverage: dict[str, Coverage]
    problems: list[Problem]
    today: date
    review_interval_months: int
    reviews: dict[str, Review]
    documented_ids: frozenset[str] = frozenset()
    """Ids carried by any procedure file, also one that failed to load."""
    ownership_known: bool = True
    """False when `_org.yaml` could not be read at all: `coverage` is empty, counts are None."""

    @property
    def undocumented(self) -> list[InventoryEntry]:
        """Inventory entries whose id no procedure file carries."""
        return [e for e in self.inventory if e.id not in self.documented_ids]

    @property
    def summary(self) -> Summary:
        classes = list(self.coverage.values())
        known = self.ownership_known
        return Summary(
            procedures=len(self.procedures),
            covered=classes.count(Coverage.COVERED) if known else None,
            single_owner=classes.count(Coverage.SINGLE_OWNER) if known else None,
            no_owner=classes.count(Coverage.NO_OWNER) if known else None,
            undocumented=len(self.undocumented),
            errors=sum(p.severity == "error" for p in self.problems),
            warnings=sum(p.severity == "warning" for p in self.problems),
        )

    def next_review(self, procedure: Procedure) -> date | None:
        """When the procedure is next due for review; None if never reviewed (due now)."""
        return self.reviews[procedure.id].due

    def review_overdue(self, procedure: Procedure) -> bool:
        """Never reviewed, or due before today (the `review-overdue` rule)."""
        return self.reviews[procedure.id].overdue

    def problems_of(self, file: str) -> list[Problem]:
        return [p for p in self.problems if p.file == file]

