"""業務量 (workload): where the hours go, exactly as the spec's "Workload (業務量)" defines them.

Pure functions over the model; nothing here reads files or knows about MkDocs.

- runs per year: `volume` when given (per day = `working_days`, week 52, month 12,
  quarter 4, year 1), otherwise from `frequency` (daily = `working_days`, weekly 52,
  monthly 12, quarterly 4, yearly 1); `on-demand` without `volume` is unknown (None).
- minutes per run: the sum over steps of `minutes` × `headcount`; every step counts
  once per run (branches and loops are not weighted).
- hours per year: runs per year × minutes per run / 60; None with unknown runs;
  `partial` when some step has no `minutes` (the figure counts those that have).

Figures are kept unrounded; reports and pages round to 0.1 hour.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Iterable, Mapping

from .model import IMPROVEMENT_STATUSES, Handbook, Improvement, InventoryEntry, Mode, Procedure, Step

DEFAULT_WORKING_DAYS = 245
"""Working days a year when the handbook sets no `working_days` (spec: Workload)."""

_PER_YEAR = {"week": 52, "month": 12, "quarter": 4, "year": 1}
_FREQUENCY_PER = {"daily": "day", "weekly": "week", "monthly": "month", "quarterly": "quarter", "yearly": "year"}
MODES = tuple(m.value for m in Mode)
NO_OWNER = "(none)"
"""The `by_owner` key of procedures without an owner (never a person id: ids are slugs)."""
BREAKDOWNS = ("department", "actor", "owner", "mode", "procedure")
"""The breakdowns of `tebiki workload --by` (workload_report.py draws each)."""


def _per_year(per: str, working_days: float) -> float:
    return float(working_days) if per == "day" else float(_PER_YEAR[per])


def runs_per_year(procedure: Procedure, working_days: float = DEFAULT_WORKING_DAYS) -> float | None:
    """How many times a year the procedure runs; None for `on-demand` without `volume`."""
    if procedure.volume is not None:
        return procedure.volume.count * _per_year(procedure.volume.per, working_days)
    per = _FREQUENCY_PER.get(procedure.frequency)
    return None if per is None else _per_year(per, working_days)


def step_minutes(step: Step) -> int:
    """Person-minutes of one run of the step: `minutes` × `headcount` (0 without minutes)."""
    return (step.minutes or 0) * step.headcount


def minutes_per_run(procedure: Procedure) -> int:
    """Person-minutes of one run: the sum over steps of `minutes` × `headcount`."""
    return sum(step_minutes(s) for s in procedure.steps)


def is_partial(procedure: Procedure) -> bool:
    """True when some step has no `minutes`: the figure counts only the steps that have them."""
    return any(s.minutes is None for s in procedure.steps)


def hours_per_year(procedure: Procedure, working_days: float = DEFAULT_WORKING_DAYS) -> float | None:
    """Hours a year spent on the procedure (unrounded); None when its runs per year are unknown."""
    runs = runs_per_year(procedure, working_days)
    return None if runs is None else runs * minutes_per_run(procedure) / 60


@dataclass(frozen=True)
class StepHours:
    """One step's share of its procedure's hours per year (None with unknown runs)."""

    procedure: str
    step: Step
    number: int
    hours_per_year: float | None


@dataclass(frozen=True)
class ProcedureWorkload:
    """The workload figures of one procedure."""

    procedure: Procedure
    runs_per_year: float | None
    minutes_per_run: int
    hours_per_year: float | None
    partial: bool
    steps: tuple[StepHours, ...]


def procedure_workload(procedure: Procedure, working_days: float = DEFAULT_WORKING_DAYS) -> ProcedureWorkload:
    runs = runs_per_year(procedure, working_days)
    steps = tuple(
        StepHours(procedure.id, s, n, None if runs is None else runs * step_minutes(s) / 60)
        for n, s in enumerate(procedure.steps, 1)
    )
    return ProcedureWorkload(procedure, runs, minutes_per_run(procedure),
                             hours_per_year(procedure, working_days), is_partial(procedure), steps)


@dataclass(frozen=True)
class Candidate:
    """An improvement candidate: a `paper` or `manual` step and its hours per year,
    with the procedure's improvements not yet done that name this step or no step."""

    procedure: Procedure
    step: StepHours
    improvements: tuple[Improvement, ...]


@dataclass(frozen=True)
class BoardItem:
    procedure: Procedure
    improvement: Improvement
    overdue: bool


@dataclass
class Workload:
    """The handbook's workload. `by_*` map a key to hours per year per mode
    (`{key: {mode: hours}}`, every mode present); `totals` of a breakdown add the modes.

    Hours are unrounded; every procedure with a figure counts once in each breakdown,
    so each breakdown adds up to `hours_per_year`.
    """

    working_days: float
    procedures: list[ProcedureWorkload]
    hours_per_year: float = 0.0
    computed: int = 0
    partial: int = 0
    by_department: dict[str, dict[str, float]] = field(default_factory=dict)
    by_actor: dict[str, dict[str, float]] = field(default_factory=dict)
    by_owner: dict[str, dict[str, float]] = field(default_factory=dict)
    by_mode: dict[str, float] = field(default_factory=dict)
    undocumented_hours: float = 0.0
    undocumented_estimated: int = 0
    undocumented_unestimated: int = 0
    _by_id: dict[str, ProcedureWorkload] = field(default_factory=dict, repr=False)
    _in_department: dict[str, list[ProcedureWorkload]] | None = field(default=None, repr=False)

    @property
    def count(self) -> int:
        """How many procedures there are (with a figure or not)."""
        return len(self.procedures)

    def share(self, mode: str) -> float | None:
        """The fraction (0..1) of the total hours done in `mode`; None when the total is 0."""
        return self.by_mode.get(mode, 0.0) / self.hours_per_year if self.hours_per_year else None

    @property
    def unknown(self) -> list[ProcedureWorkload]:
        """Procedures without a figure (on-demand without volume)."""
        return [p for p in self.procedures if p.hours_per_year is None]

    def ranked(self) -> list[ProcedureWorkload]:
        """Procedures with a figure, most hours first (ties by id): the Pareto order."""
        known = [p for p in self.procedures if p.hours_per_year is not None]
        return sorted(known, key=lambda p: (-(p.hours_per_year or 0.0), p.procedure.id))

    def candidates(self) -> list[Candidate]:
        """`paper` and `manual` steps with hours, most hours first (ties by procedure id, step order)."""
        found = []
        for pw in self.procedures:
            for sh in pw.steps:
                if sh.step.mode in (Mode.PAPER, Mode.MANUAL) and sh.hours_per_year:
                    plans = tuple(i for i in pw.procedure.improvements
                                  if i.status != "done" and (not i.steps or sh.step.id in i.steps))
                    found.append(Candidate(pw.procedure, sh, plans))
        return sorted(found, key=lambda c: (-(c.step.hours_per_year or 0.0), c.procedure.id, c.step.number))

    def of(self, procedure_id: str) -> ProcedureWorkload | None:
        """The figures of one procedure (a dict lookup: every procedure page asks)."""
        if len(self._by_id) != len(self.procedures):
            self._by_id = {p.procedure.id: p for p in self.procedures}
        return self._by_id.get(procedure_id)

    def in_department(self, department: str) -> list[ProcedureWorkload]:
        """The figures of the department's procedures, in order (grouped once: every
        department page asks, and looking through every procedure for each was quadratic)."""
        if self._in_department is None:
            self._in_department = {}
            for pw in self.procedures:
                self._in_department.setdefault(pw.procedure.department, []).append(pw)
        return self._in_department.get(department, [])


def totals(breakdown: Mapping[str, Mapping[str, float]]) -> dict[str, float]:
    """`{key: hours}` from `{key: {mode: hours}}`, in the breakdown's order."""
    return {key: sum(modes.values()) for key, modes in breakdown.items()}


def _add(table: dict[str, dict[str, float]], key: str, mode: str, hours: float) -> None:
    row = table.get(key)
    if row is None:
        row = table[key] = dict.fromkeys(MODES, 0.0)
    row[mode] += hours


def compute(procedures: Iterable[Procedure], inventory: Iterable[InventoryEntry] = (),
            documented_ids: Iterable[str] = (), working_days: float = DEFAULT_WORKING_DAYS) -> Workload:
    """The workload of `procedures`; undocumented inventory hours from the entries whose id
    is not in `documented_ids` (each id once: the first entry counts)."""
    workload = Workload(working_days, [procedure_workload(p, working_days) for p in procedures])
    workload.by_mode = dict.fromkeys(MODES, 0.0)
    for pw in workload.procedures:
        if pw.hours_per_year is None:
            continue
        workload.computed += 1
        workload.partial += pw.partial
        workload.hours_per_year += pw.hours_per_year
        proc = pw.procedure
        for sh in pw.steps:
            hours, mode = sh.hours_per_year or 0.0, sh.step.mode.value
            workload.by_mode[mode] += hours
            _add(workload.by_department, proc.department, mode, hours)
            _add(workload.by_actor, sh.step.actor, mode, hours)
            _add(workload.by_owner, proc.owner or NO_OWNER, mode, hours)
    documented, seen = set(documented_ids), set()
    for entry in inventory:
        if entry.id in documented or entry.id in seen:
            continue
        seen.add(entry.id)
        if entry.hours_per_year is None:
            workload.undocumented_unestimated += 1
        else:
            workload.undocumented_estimated += 1
            workload.undocumented_hours += entry.hours_per_year
    return workload


def handbook_workload(handbook: Handbook, working_days: float = DEFAULT_WORKING_DAYS) -> Workload:
    """`compute` over a checked handbook (its procedures, inventory and documented ids)."""
    return compute(handbook.procedures.values(), handbook.inventory, handbook.documented_ids, working_days)


def improvement_overdue(improvement: Improvement, today: date) -> bool:
    """Not `done` and its `due` is before `today` (spec: `improvement-overdue`)."""
    return improvement.status != "done" and improvement.due is not None and improvement.due < today


def improvement_board(procedures: Iterable[Procedure], today: date) -> dict[str, list[BoardItem]]:
    """Every improvement by status (idea, planned, doing, done), in procedure order;
    `overdue`: not done and `due` before `today` (the `improvement-overdue` rule)."""
    board: dict[str, list[BoardItem]] = {status: [] for status in IMPROVEMENT_STATUSES}
    for proc in procedures:
        for imp in proc.improvements:
            board.setdefault(imp.status, []).append(BoardItem(proc, imp, improvement_overdue(imp, today)))
    return board


def rounded(hours: float | None) -> float | None:
    """Hours rounded to 0.1 (spec: `tebiki workload`), None stays None."""
    return None if hours is None else round(hours + 0.0, 1)
