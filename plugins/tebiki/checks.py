"""Cross-file rules: one small function per problem code, each yielding located problems.

Every rule takes the loaded files and the context it needs and knows nothing of
severities: the policy is applied afterwards, in one place (core.apply_policy).
"""

from __future__ import annotations

from datetime import date
from typing import Callable, Iterable, Mapping, Iterator

from .coverage import coverage_of
from .graph import StepGraph, step_graph, unreachable
from .limits import limit_problems
from .safety_checks import safety_problems
from .loader import LoadedFiles
from .model import Coverage, Location, Org, Procedure, Review, Status
from .problems import Problem
from .references import closest
from .workload import DEFAULT_WORKING_DAYS, improvement_overdue
from .risk import HANDOVER_DAYS, handover_candidates, handover_late, holders, work_held, workload_hours


def _at(location: Location, code: str, procedure: str | None = None, **params: object) -> Problem:
    return Problem(code, location.file, location.line, location.column, procedure, params)


def _suggester(known: Iterable[str], names: Callable[[], Mapping[str, str]]) -> Callable[[str], str]:
    """`closest(found, known, names())` once per distinct `found`: a name missing from
    `_org.yaml` (`owner: Mori`) is usually written in many files, and each lookup compares
    it with every known id. `names` is built on the first lookup (none when all is known)."""
    answers: dict[str, str] = {}
    table: Mapping[str, str] | None = None

    def suggest(found: str) -> str:
        nonlocal table
        if found not in answers:
            if table is None:
                table = names()
            answers[found] = closest(found, known, table)
        return answers[found]
    return suggest


def duplicate_ids(files: LoadedFiles) -> Iterator[Problem]:
    """`duplicate-id`: a procedure id carried by several files (each later file names the first);
    also repeated department, person and inventory ids, which would shadow each other."""
    for procedure_id, places in files.file_ids.items():
        first_file = places[0][0]
        for _file, location in places[1:]:
            yield _at(location, "duplicate-id", procedure_id, id=procedure_id, other=first_file)


def unknown_departments(files: LoadedFiles) -> Iterator[Problem]:
    """`unknown-department` in procedures, people and inventory entries, naming the closest
    known department id (by id or display name). A blank department is a `schema` problem."""
    known = files.org.departments
    suggest = _suggester(known, lambda: {d.id: d.name for d in known.values()})

    def problem(where: Location, procedure: str | None, field: str, found: str) -> Problem:
        return _at(where, "unknown-department", procedure, field=field, found=found, suggestion=suggest(found))

    for procedure in files.procedures:
        if procedure.department and procedure.department not in known:
            yield problem(procedure.location_of("department"), procedure.id, "department", procedure.department)
    for person in files.org.people.values():
        if person.department and person.department not in known:
            yield problem(person.department_location or person.location, None, "department", person.department)
    for entry in files.inventory:
        if entry.department and entry.department not in known:
            yield problem(entry.department_location or entry.location, entry.id, "department", entry.department)


def unknown_people(files: LoadedFiles) -> Iterator[Problem]:
    """`unknown-person`: an owner, backup owner or trainee missing from `_org.yaml`, naming the
    closest known person id (other case or width, spaces, the person's name, a typo)."""
    people = files.org.people
    suggest = _suggester(people, lambda: {p.id: p.name for p in people.values()})

    def problem(where: Location, procedure: str, field: str, found: str) -> Problem:
        return _at(where, "unknown-person", procedure, field=field, found=found, suggestion=suggest(found))

    for procedure in files.procedures:
        if procedure.owner is not None and procedure.owner not in people:
            yield problem(procedure.location_of("owner"), procedure.id, "owner", procedure.owner)
        for i, backup in enumerate(procedure.backup_owners):
            if backup not in people:
                yield problem(procedure.location_of(f"backup_owners.{i}"), procedure.id, "backup_owners", backup)
        for i, trainee in enumerate(procedure.trainees):
            if trainee.person not in people:
                yield problem(procedure.location_of(f"trainees.{i}.person"), procedure.id, "trainees", trainee.person)


def unknown_steps(files: LoadedFiles) -> Iterator[Problem]:
    """`unknown-step`: a `next` target that is not a step of the same procedure."""
    for procedure in files.procedures:
        ids = {step.id for step in procedure.steps}
        for number, step in enumerate(procedure.steps, 1):
            for transition in step.next:
                if transition.to not in ids:
                    titles = {s.id: s.title for s in procedure.steps}
                    yield _at(transition.location, "unknown-step", procedure.id,
                              step=step.id, number=number, found=transition.to,
                              steps=", ".join(ids_in_order(procedure)), suggestion=closest(transition.to, ids, titles))


def unknown_improvement_steps(files: LoadedFiles) -> Iterator[Problem]:
    """`unknown-step` (v2): an improvement's `steps` entry that is not a step of the procedure."""
    for procedure in files.procedures:
        ids = {step.id for step in procedure.steps}
        for i, improvement in enumerate(procedure.improvements):
            for j, step_id in enumerate(improvement.steps):
                if step_id not in ids:
                    yield _at(procedure.location_of(f"improvements.{i}.steps.{j}"), "unknown-step", procedure.id,
                              title=improvement.title, found=step_id, steps=", ".join(ids_in_order(procedure)),
                              suggestion=closest(step_id, ids_in_order(procedure), {s.id: s.title for s in procedure.steps}))


def ids_in_order(procedure: Procedure) -> list[str]:
    return [step.id for step in procedure.steps]


def unknown_procedures(files: LoadedFiles) -> Iterator[Problem]:
    """`unknown-procedure`: a `related` id that no procedure file carries."""
    suggest = _suggester(files.file_ids, lambda: {p.id: p.title for p in files.procedures})
    for procedure in files.procedures:
        for i, related in enumerate(procedure.related):
            if related not in files.file_ids:
                yield _at(procedure.location_of(f"related.{i}"), "unknown-procedure", procedure.id, found=related,
                          suggestion=suggest(related))


def ownership(files: LoadedFiles, coverages: Mapping[str, Coverage] | None = None) -> Iterator[Problem]:
    """`no-owner` and `single-owner`, straight from the coverage class (`coverages`: by
    procedure file, as `core` computed them once; computed here when not given)."""
    for procedure in files.procedures:
        coverage = coverages[procedure.file] if coverages is not None else coverage_of(procedure, files.org)
        where = procedure.location_of("owner" if "owner" in procedure.locations else "id")
        if coverage is Coverage.NO_OWNER:
            yield _at(where, "no-owner", procedure.id, owner=procedure.owner or "", reason=_no_owner_reason(procedure, files.org))
        elif coverage is Coverage.SINGLE_OWNER and procedure.owner is not None:
            yield _at(where, "single-owner", procedure.id, owner=procedure.owner,
                      name=files.org.people[procedure.owner].name)  # single_owner: the owner is a known person


def _no_owner_reason(procedure: Procedure, org: Org) -> str:
    if not procedure.owner:
        return "absent"
    person = org.people.get(procedure.owner)
    return "unknown" if person is None else "left"


def leaving_owners(files: LoadedFiles) -> Iterator[Problem]:
    """`owner-leaving`: the owner or a backup has status `leaving` (with the date when known)."""
    for procedure in files.procedures:
        roles = [("owner", procedure.owner, "owner")] if procedure.owner else []
        roles += [("backup", b, f"backup_owners.{i}") for i, b in enumerate(procedure.backup_owners)]
        for role, person_id, path in roles:
            person = files.org.people.get(person_id or "")
            if person is not None and person.status is Status.LEAVING:
                yield _at(procedure.location_of(path), "owner-leaving", procedure.id, role=role,
                          person=person.id, name=person.name,
                          date=person.leaving_on.isoformat() if person.leaving_on else "")


def trainee_holders(files: LoadedFiles) -> Iterator[Problem]:
    """`trainee-holder` (tebiki's own code, FORMAT.md): a trainee who already holds the
    procedure as its owner or an available backup; training them adds no cover."""
    for procedure in files.procedures:
        current = holders(procedure, files.org)
        for i, trainee in enumerate(procedure.trainees):
            if trainee.person in current:
                person = files.org.people[trainee.person]
                yield _at(procedure.location_of(f"trainees.{i}.person"), "trainee-holder", procedure.id,
                          person=person.id, name=person.name,
                          role="owner" if person.id == procedure.owner else "backup")


def late_handovers(files: LoadedFiles, today: date, handover_days: int,
                   working_days: int = DEFAULT_WORKING_DAYS) -> Iterator[Problem]:
    """`handover-late`: a leaving owner within `handover_days` of `leaving_on`, with no other
    holder and no trainee; the message names the date and the hand-over candidates."""
    procedures = files.procedures
    work = None
    for procedure in procedures:
        owner = handover_late(procedure, files.org, today, handover_days)
        if owner is None or owner.leaving_on is None:
            continue
        if work is None:
            work = work_held(procedures, files.org, workload_hours(procedures, working_days))
        candidates = handover_candidates(procedure, files.org, work, gone={owner.id})
        names = [(files.org.people[c].name, c) for c in candidates[:3]]
        yield _at(procedure.location_of("owner"), "handover-late", procedure.id,
                  person=owner.id, name=owner.name, date=owner.leaving_on.isoformat(),
                  days=(owner.leaving_on - today).days, candidates=names)


def overdue_reviews(files: LoadedFiles, reviews: Mapping[str, Review]) -> Iterator[Problem]:
    """`review-overdue`: never reviewed, or last review + interval is before today; `reviews`
    by procedure file, as `core` computed them once (`coverage.review_of`)."""
    for procedure in files.procedures:
        review = reviews[procedure.file]
        due = review.due
        if not review.overdue:
            continue
        if due is None:
            yield _at(procedure.location_of("id"), "review-overdue", procedure.id, due="")
        else:
            yield _at(procedure.location_of("reviewed"), "review-overdue", procedure.id,
                      due=due.isoformat(), reviewed=procedure.reviewed.isoformat() if procedure.reviewed else "")


def overdue_improvements(files: LoadedFiles, today: date) -> Iterator[Problem]:
    """`improvement-overdue` (v2, spec: Workload): not `done` and its `due` is before today."""
    for procedure in files.procedures:
        for i, improvement in enumerate(procedure.improvements):
            if improvement_overdue(improvement, today) and improvement.due is not None:
                yield _at(procedure.location_of(f"improvements.{i}.due"), "improvement-overdue", procedure.id,
                          title=improvement.title, due=improvement.due.isoformat(), status=improvement.status)


def missing_minutes(files: LoadedFiles) -> Iterator[Problem]:
    """`minutes-missing` (v2, default ignore): a step without `minutes`; its hours per year are partial."""
    for procedure in files.procedures:
        for number, step in enumerate(procedure.steps, 1):
            if step.minutes is None:
                yield _at(step.location, "minutes-missing", procedure.id, step=step.id, number=number)


def missing_volume(files: LoadedFiles) -> Iterator[Problem]:
    """`volume-missing` (v2, default ignore): an `on-demand` procedure without `volume` has no hours per year."""
    for procedure in files.procedures:
        if procedure.frequency == "on-demand" and procedure.volume is None:
            yield _at(procedure.location_of("frequency"), "volume-missing", procedure.id)


def unreachable_steps(files: LoadedFiles, graphs: Mapping[str, StepGraph] | None = None) -> Iterator[Problem]:
    """`unreachable-step`: a step no path from the first step reaches (`graphs`: each
    procedure's step graph by file, as run_checks built them once; built here when not given)."""
    for procedure in files.procedures:
        for step_id in unreachable(procedure, graphs[procedure.file] if graphs is not None else None):
            step = procedure.step(step_id)
            assert step is not None
            yield _at(step.location, "unreachable-step", procedure.id, step=step_id,
                      number=procedure.steps.index(step) + 1)


def undocumented(files: LoadedFiles) -> Iterator[Problem]:
    """`undocumented`: an inventory entry whose id no procedure file carries."""
    for entry in files.inventory:
        if entry.id not in files.file_ids:
            yield _at(entry.location, "undocumented", entry.id, id=entry.id, title=entry.title)


NEEDS_ORG = (unknown_departments, unknown_people, ownership, leaving_owners, trainee_holders)
"""The rules that need `_org.yaml`; not run when it could not be read at all."""


def run_checks(files: LoadedFiles, today: date, reviews: Mapping[str, Review],
               handover_days: int = HANDOVER_DAYS, working_days: int = DEFAULT_WORKING_DAYS,
               coverages: Mapping[str, Coverage] | None = None) -> list[Problem]:
    """All cross-file rules over what loaded; `reviews` and `coverages`: each procedure's
    review status and coverage class by file, as `core` computed them once."""
    found: list[Problem] = []
    graphs = {procedure.file: step_graph(procedure) for procedure in files.procedures}  # unreachable and endless
    for rule in (duplicate_ids, unknown_departments, unknown_people, unknown_steps, unknown_procedures,
                 ownership, leaving_owners, unreachable_steps, undocumented, trainee_holders):
        if rule in NEEDS_ORG and not files.org_known:
            continue  # spec rule 8: without a readable _org.yaml ownership is unknown, not missing
        if rule is ownership:
            found.extend(ownership(files, coverages))
        elif rule is unreachable_steps:
            found.extend(unreachable_steps(files, graphs))
        else:
            found.extend(rule(files))
    found.extend(overdue_reviews(files, reviews))
    for workload_rule in (unknown_improvement_steps, missing_minutes, missing_volume):
        found.extend(workload_rule(files))
    found.extend(overdue_improvements(files, today))
    if files.org_known:
        found.extend(late_handovers(files, today, handover_days, working_days))
    for procedure in files.procedures:
        found.extend(limit_problems(procedure))
    found.extend(safety_problems(files, graphs))
    return found
