"""属人化 risk beyond one procedure (spec: "Risk beyond one procedure").

Holders, what-if scenarios, the truck factor of a department, hand-over
candidates and `handover-late`, as pure functions over the model: nothing here
reads files or knows about MkDocs. The coverage class itself stays in
`coverage.coverage_of` (one rule, one place); a scenario only changes who
counts as available.

Shapes: people and procedures are referred to by id; dates are `datetime.date`;
hours are hours per year (`float`), `None` where the workload is unknown.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from typing import AbstractSet, Iterable, Mapping, Sequence

from .cannotrun import CannotRun
from .coverage import available, coverage_of
from .model import Coverage, Org, Person, Procedure, Status, by_department
from .references import closest
from .workload import DEFAULT_WORKING_DAYS, hours_per_year

# Higher is safer; a class "drops" when its rank goes down.
CLASS_RANK = {Coverage.COVERED: 2, Coverage.SINGLE_OWNER: 1, Coverage.NO_OWNER: 0}

HANDOVER_DAYS = 60
"""Spec default of `handover_days`: how long before `leaving_on` a hand-over is late."""


# --------------------------------------------------------------------------- holders

def holders(procedure: Procedure, org: Org, gone: AbstractSet[str] = frozenset()) -> tuple[str, ...]:
    """The owner and backups who are available and not in `gone`, owner first, each once.

    Trainees are never holders (spec)."""
    found: dict[str, None] = {}
    for person_id in (procedure.owner, *procedure.backup_owners):
        if person_id and person_id not in gone and available(person_id, org) is not None:
            found.setdefault(person_id)
    return tuple(found)


def without(org: Org, gone: Iterable[str]) -> Org:
    """`org` with the people in `gone` treated as `left` (unknown ids are ignored)."""
    gone = set(gone)
    people = {pid: replace(p, status=Status.LEFT) if pid in gone else p for pid, p in org.people.items()}
    return replace(org, people=people)


def leaving_by(org: Org, on: date) -> list[str]:
    """Ids of people not yet gone whose `leaving_on` is on or before `on`, by date then id."""
    due = [p for p in org.people.values()
           if p.status is not Status.LEFT and p.leaving_on is not None and p.leaving_on <= on]
    return [p.id for p in sorted(due, key=lambda p: (p.leaving_on, p.id))]


# -------------------------------------------------------------------------- workload

def workload_hours(procedures: Sequence[Procedure],
                   working_days: int = DEFAULT_WORKING_DAYS) -> dict[str, float | None]:
    """Hours per year by procedure id (None where unknown), from `workload.hours_per_year`:
    the one adapter to the workload model, so what-if hours and hand-over candidates never
    compute hours themselves."""
    return {p.id: hours_per_year(p, working_days) for p in procedures}


# --------------------------------------------------------------------------- what-if

@dataclass(frozen=True)
class Dropped:
    procedure: str
    before: Coverage
    after: Coverage


@dataclass(frozen=True)
class DepartmentImpact:
    procedures: int
    """Procedures of the department (loaded files)."""
    no_holder: int
    dropped: int


@dataclass(frozen=True)
class WhatIf:
    """The answer of "what if these people left (by this date)?" (spec: What if).

    `left`: everyone treated as left, sorted by id; `no_holder`: every procedure
    with no holder in the scenario, whether or not it had one before;
    `hours_per_year_without_holder` adds the known figures of those procedures
    (`hours_counted` of them have one)."""

    left: tuple[str, ...]
    on: date | None
    no_holder: tuple[str, ...]
    dropped: tuple[Dropped, ...]
    departments: dict[str, DepartmentImpact]
    hours_per_year_without_holder: float
    hours_counted: int

    def as_json(self) -> dict[str, object]:
        """The JSON shape of `tebiki whatif --format json` (spec: Other commands)."""
        return {
            "left": list(self.left),
            "on": self.on.isoformat() if self.on else None,
            "no_holder": list(self.no_holder),
            "dropped": [{"procedure": d.procedure, "from": d.before.value, "to": d.after.value}
                        for d in self.dropped],
            "departments": {did: {"procedures": d.procedures, "no_holder": d.no_holder, "dropped": d.dropped}
                            for did, d in self.departments.items()},
            "hours_per_year_without_holder": self.hours_per_year_without_holder,
            "hours_counted": self.hours_counted,
        }


def what_if(
    procedures: Sequence[Procedure],
    org: Org,
    people: Iterable[str] = (),
    on: date | None = None,
    hours: Mapping[str, float | None] | None = None,
) -> WhatIf:
    """Treat `people`, and everyone whose `leaving_on` is on or before `on`, as left,
    and recompute every procedure's class.

    `hours`: hours per year by procedure id (see `workload_hours`); missing or None
    figures are not added. Departments are listed (in `_org.yaml` order, then any
    unknown ones) when one of their procedures has no holder or dropped."""
    left = sorted(set(people) | set(leaving_by(org, on) if on else ()))
    after_org = without(org, left)
    no_holder: list[str] = []
    dropped: list[Dropped] = []
    per_department: dict[str, list[int]] = {}
    for procedure in procedures:
        counts = per_department.setdefault(procedure.department, [0, 0, 0])
        counts[0] += 1
        before, after = coverage_of(procedure, org), coverage_of(procedure, after_org)
        if not holders(procedure, after_org):
            no_holder.append(procedure.id)
            counts[1] += 1
        if CLASS_RANK[after] < CLASS_RANK[before]:
            dropped.append(Dropped(procedure.id, before, after))
            counts[2] += 1
    order = list(org.departments) + sorted(set(per_department) - set(org.departments))
    departments = {
        did: DepartmentImpact(*per_department[did])
        for did in order if did in per_department and (per_department[did][1] or per_department[did][2])
    }
    figures = [hours.get(pid) for pid in no_holder] if hours else []
    known = [h for h in figures if h is not None]
    return WhatIf(tuple(left), on, tuple(no_holder), tuple(dropped), departments,
                  round(float(sum(known)), 1), len(known))


# ------------------------------------------------------------------- truck factor

@dataclass(frozen=True)
class TruckFactor:
    """Truck factor of one department (spec): how many people, removed greedily,
    leave more than half of its procedures with no holder.

    `order`: the people removed, in order; `lost[i]`: the procedures that lost
    their last holder when `order[i]` left; `no_holder_before`: procedures with
    no holder before anyone leaves (a factor of 0 when they are already more
    than half)."""

    department: str
    procedures: int
    order: tuple[str, ...]
    lost: tuple[tuple[str, ...], ...]
    no_holder_before: tuple[str, ...]

    @property
    def factor(self) -> int:
        return len(self.order)

    @property
    def no_holder_after(self) -> int:
        """Procedures with no holder once everyone in `order` has left."""
        return len(self.no_holder_before) + sum(len(x) for x in self.lost)


def truck_factor(department: str, procedures: Sequence[Procedure], org: Org) -> TruckFactor | None:
    """Greedy truck factor of `department` over its procedures among `procedures`.

    Repeatedly removes the person who holds the most of the department's
    procedures that still have a holder (ties: the smaller id) until more than
    half of them have no holder. None when the department has no procedure."""
    own = [p for p in procedures if p.department == department]
    if not own:
        return None
    gone: set[str] = set()
    held = {p.id: holders(p, org) for p in own}
    before = tuple(pid for pid, h in held.items() if not h)
    no_holder = set(before)
    order: list[str] = []
    lost: list[tuple[str, ...]] = []
    while 2 * len(no_holder) <= len(own):
        counts: dict[str, int] = {}
        for pid, people in held.items():
            if pid in no_holder:
                continue
            for person in people:
                if person not in gone:
                    counts[person] = counts.get(person, 0) + 1
        person = min(counts, key=lambda x: (-counts[x], x))
        gone.add(person)
        order.append(person)
        newly = tuple(pid for pid, people in held.items()
                      if pid not in no_holder and all(h in gone for h in people))
        no_holder.update(newly)
        lost.append(newly)
    return TruckFactor(department, len(own), tuple(order), tuple(lost), before)


def truck_factors(procedures: Sequence[Procedure], org: Org) -> list[TruckFactor]:
    """The truck factor of every department of `_org.yaml` that has a procedure, in file order."""
    grouped = by_department(procedures)  # each department's own, found once (not once a department)
    found = (truck_factor(did, grouped.get(did, []), org) for did in org.departments)
    return [t for t in found if t is not None]


# ------------------------------------------------------------- hand-over candidates

@dataclass(frozen=True)
class WorkHeld:
    """The work a person holds: hours per year of the procedures they own (known
    figures only) and the number of procedures they hold (own or back up)."""

    hours: float = 0.0
    procedures: int = 0


def work_held(procedures: Sequence[Procedure], org: Org,
              hours: Mapping[str, float | None] | None = None) -> dict[str, WorkHeld]:
    """`WorkHeld` per person id, for every person holding at least one procedure."""
    found: dict[str, WorkHeld] = {}
    for procedure in procedures:
        for person in holders(procedure, org):
            work = found.get(person, WorkHeld())
            figure = (hours or {}).get(procedure.id) if person == procedure.owner else None
            found[person] = WorkHeld(work.hours + (figure or 0.0), work.procedures + 1)
    return found


def handover_candidates(
    procedure: Procedure,
    org: Org,
    work: Mapping[str, WorkHeld],
    gone: AbstractSet[str] = frozenset(),
    people: Iterable[Person] | None = None,
) -> tuple[str, ...]:
    """Who could be trained to hold `procedure`, best first (spec: Hand-over candidates).

    Available people of the procedure's department who are not holders and not
    in `gone`; people who are themselves `leaving` are left out (a successor
    must stay). Order: its trainees first, then those whose `roles` include one
    of its actors, then the least work held (`work`: hours per year owned, then
    procedures held), then id. `people`: where to look, when the caller has the
    department's people at hand (default: all of `org`; same result, faster)."""
    current = set(holders(procedure, org, gone))
    trainees = {t.person for t in procedure.trainees}
    found = [
        p for p in (org.people.values() if people is None else people)
        if p.department == procedure.department and p.status is Status.ACTIVE
        and p.id not in gone and p.id not in current
    ]

    actors = set(procedure.actors)  # a person whose `roles` include one of these performs it

    def rank(person: Person) -> tuple[bool, bool, float, int, str]:
        held = work.get(person.id, WorkHeld())
        return (person.id not in trainees, actors.isdisjoint(person.roles), held.hours, held.procedures,
                person.id)

    return tuple(p.id for p in sorted(found, key=rank))


# ------------------------------------------------------------------- handover-late

def handover_late(procedure: Procedure, org: Org, today: date, handover_days: int = HANDOVER_DAYS) -> Person | None:
    """The owner when `handover-late` applies, else None (spec: Risk beyond one procedure).

    The owner is `leaving` with a `leaving_on` within `handover_days` of `today`
    (or already past), and the procedure has no other holder and no trainee who
    is available."""
    owner = org.people.get(procedure.owner or "")
    if owner is None or owner.status is not Status.LEAVING or owner.leaving_on is None:
        return None
    if (owner.leaving_on - today).days > handover_days:
        return None
    if any(h != owner.id for h in holders(procedure, org)):
        return None
    if any(available(t.person, org) for t in procedure.trainees):
        return None
    return owner


# ------------------------------------------------------------------- departures

@dataclass(frozen=True)
class Departure:
    """One future `leaving_on` and what it takes away, counting every earlier departure too.

    `no_holder`: procedures that lose their last holder on this date;
    `dropped`: the other procedures whose class drops on this date."""

    on: date
    people: tuple[str, ...]
    no_holder: tuple[str, ...]
    dropped: tuple[Dropped, ...]


def departures(procedures: Sequence[Procedure], org: Org, today: date) -> list[Departure]:
    """Each date from `today` on where someone leaves, in date order, cumulative."""
    dates = sorted({p.leaving_on for p in org.people.values()
                    if p.status is Status.LEAVING and p.leaving_on is not None and p.leaving_on >= today})
    timeline: list[Departure] = []
    no_holder = {p.id for p in procedures if not holders(p, org)}
    classes = {p.id: coverage_of(p, org) for p in procedures}
    held_by: dict[str, list[int]] = {}  # person id -> places in `procedures` they own or back up
    for place, procedure in enumerate(procedures):
        for person_id in {procedure.owner or "", *procedure.backup_owners} - {""}:
            held_by.setdefault(person_id, []).append(place)
    gone: set[str] = set()
    for day in dates:
        leaving = leaving_by(org, day)
        after_org = without(org, leaving)
        # only the procedures of the people gone since the last date can change: each
        # other one keeps its class and holders (one look at each procedure per date
        # made the coverage page quadratic: ~70 dates x 10,000 procedures)
        newly_gone = set(leaving) - gone
        gone.update(newly_gone)
        newly: list[str] = []
        dropped: list[Dropped] = []
        for procedure in (procedures[i] for i in sorted({i for pid in newly_gone for i in held_by.get(pid, ())})):
            after = coverage_of(procedure, after_org)
            if procedure.id not in no_holder and not holders(procedure, after_org):
                newly.append(procedure.id)
            elif CLASS_RANK[after] < CLASS_RANK[classes[procedure.id]]:
                dropped.append(Dropped(procedure.id, classes[procedure.id], after))
            classes[procedure.id] = after
        no_holder.update(newly)
        people = tuple(p.id for p in org.people.values()
                       if p.status is Status.LEAVING and p.leaving_on == day)
        timeline.append(Departure(day, people, tuple(newly), tuple(dropped)))
    return timeline


# -------------------------------------------------------------------- scenarios

class ScenarioError(CannotRun):
    """The `scenarios` plugin option cannot be used; `message(lang)` names the scenario and the fix."""


def _bad(name: object, en: str, ja: str) -> ScenarioError:
    return ScenarioError(f"scenario {str(name)!r}: {en}", f"想定「{name}」: {ja}")


@dataclass(frozen=True)
class Scenario:
    """A named what-if of the plugin option `scenarios`: people and/or a date."""

    name: str
    people: tuple[str, ...] = ()
    on: date | None = None


def parse_scenarios(raw: object) -> list[Scenario]:
    """`{name: {people: [ids], on: YYYY-MM-DD}}` (either key may be left out, not both)
    -> scenarios in the order written. Raises ScenarioError naming the scenario."""
    if raw is None:
        return []
    if not isinstance(raw, dict):
        raise ScenarioError("expected a mapping of scenario names to {people: [person ids], on: YYYY-MM-DD}",
                            "想定の名前ごとに {people: [人ID], on: YYYY-MM-DD} を書いてください")
    found = []
    for name, body in raw.items():
        if not isinstance(body, dict) or not body:
            raise _bad(name, "expected {people: [person ids], on: YYYY-MM-DD}",
                       "{people: [人ID], on: YYYY-MM-DD} の形で書いてください")
        # mkdocs.yml is read as YAML 1.1, where an unquoted key `on` is the boolean true
        body = {("on" if key is True else key): value for key, value in body.items()}
        unknown = sorted(map(str, set(body) - {"people", "on"}))
        if unknown:
            raise _bad(name, f"unknown key {unknown[0]!r}; use people and/or on",
                       f"「{unknown[0]}」という項目はありません。people と on を使ってください")
        people = body.get("people") or []
        if isinstance(people, str):
            people = [people]
        if not isinstance(people, list) or not all(isinstance(p, str) and p for p in people):
            raise _bad(name, "people must be a list of person ids", "people には人IDの一覧を書いてください")
        on = body.get("on")
        if isinstance(on, str):
            try:
                on = date.fromisoformat(on)
            except ValueError:
                raise _bad(name, f"on must be a date YYYY-MM-DD, not {on!r}",
                           f"on の日付「{on}」は YYYY-MM-DD の形で書いてください") from None
        if on is not None and not isinstance(on, date):
            raise _bad(name, "on must be a date YYYY-MM-DD", "on には日付を YYYY-MM-DD の形で書いてください")
        if not people and on is None:
            raise _bad(name, "name people, a date (on), or both", "people(人)か on(日付)、またはその両方を書いてください")
        found.append(Scenario(str(name), tuple(people), on))
    return found


def unknown_people(people: Iterable[str], org: Org) -> list[str]:
    """The ids among `people` that `_org.yaml` does not define, in the order given."""
    return [p for p in dict.fromkeys(people) if p not in org.people]


def closest_person_id(found: str, org: Org) -> str:
    """The known person id `found` most likely means ("" when none is close), by the
    same rule as `unknown-person` problems (`references.closest`)."""
    return closest(found, org.people, {p.id: p.name for p in org.people.values()})


def checked_scenarios(raw: object, org: Org) -> list[Scenario]:
    """`parse_scenarios`, then every person named must be in `_org.yaml` (ScenarioError
    naming the scenario, the id and the closest known id)."""
    scenarios = parse_scenarios(raw)
    for scenario in scenarios:
        for found in unknown_people(scenario.people, org):
            near = closest_person_id(found, org)
            raise _bad(scenario.name,
                       f'"{found}" is not a person in _org.yaml' + (f' (did you mean "{near}"?)' if near else ""),
                       f"「{found}」は _org.yaml にいない人です" + (f"(「{near}」のことですか?)" if near else ""))
    return scenarios
