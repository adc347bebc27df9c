"""One entry point shared by the site and the CLI: folder -> checked `Handbook`."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Mapping

from .cannotrun import CannotRun
from .checks import run_checks
from .coverage import coverage_of, review_of
from .loader import HandbookError, ParsedFiles, collector_paused, load_files
from .model import Handbook, Procedure
from .risk import HANDOVER_DAYS
from .workload import DEFAULT_WORKING_DAYS
from .problem_codes import DATA_ERRORS, DEFAULT_SEVERITY, Severity
from .problems import Problem

__all__ = ["HandbookError", "PolicyError", "build_handbook", "resolve_policy"]


class PolicyError(CannotRun, ValueError):
    """The policy in the configuration names an unknown code or tries to change a data error."""


def resolve_policy(overrides: Mapping[str, str] | None) -> dict[str, Severity | None]:
    """Default severities with the handbook's overrides; None means `ignore`.

    Raises PolicyError for an unknown code or an attempt to change a data error.
    """
    policy: dict[str, Severity | None] = dict(DEFAULT_SEVERITY)
    for code, value in (overrides or {}).items():
        if code not in DEFAULT_SEVERITY:
            raise PolicyError(f"unknown problem code {code!r} in policy; known codes: {', '.join(DEFAULT_SEVERITY)}",
                              f"policy に知らない問題コード {code!r} があります。使えるコード: {', '.join(DEFAULT_SEVERITY)}")
        if code in DATA_ERRORS and value != "error":
            raise PolicyError(f"policy cannot change {code!r}: data errors are always errors",
                              f"policy で {code!r} は変えられません。データの誤りは常にエラーです")
        policy[code] = None if value == "ignore" else Severity(value)
    return policy


def apply_policy(problems: list[Problem], policy: Mapping[str, Severity | None]) -> list[Problem]:
    """Problems with the policy's severity, ignored codes dropped, sorted by place."""
    kept = [p.with_severity(policy[p.code]) for p in problems if policy.get(p.code) is not None]  # type: ignore[arg-type]
    return sorted(kept, key=lambda p: p.sort_key)


def build_handbook(
    root: Path,
    folder: str = "procedures",
    *,
    policy: Mapping[str, str] | None = None,
    review_interval_months: int = 12,
    today: date | None = None,
    handover_days: int = HANDOVER_DAYS,
    working_days: int = DEFAULT_WORKING_DAYS,
    parsed: ParsedFiles | None = None,
) -> Handbook:
    """Load and check the handbook under `root/folder`. Bad data becomes problems;
    only a missing folder (HandbookError) or a bad policy (PolicyError) raises.
    `parsed`: procedure files already parsed, by path and bytes (`mkdocs serve`).
    The cycle collector is paused throughout: the checks, like the loading, make
    objects that stay alive, which it would otherwise rescan at every collection
    (a third of the checks' time at 1,000 procedures)."""
    severities = resolve_policy(policy)
    with collector_paused():
        return _build(root, folder, severities, review_interval_months, today or date.today(),
                      handover_days, working_days, parsed)


def _build(root: Path, folder: str, severities: Mapping[str, Severity | None], review_interval_months: int,
           today: date, handover_days: int, working_days: int, parsed: ParsedFiles | None) -> Handbook:
    files = load_files(Path(root), folder, parsed)
    # each procedure's review status, once: `tebiki check` and every page read it
    reviews = {p.file: review_of(p, review_interval_months, today) for p in files.procedures}
    # and its coverage class, once: the no-owner/single-owner checks and every page read it
    coverage = {p.file: coverage_of(p, files.org) for p in files.procedures} if files.org_known else {}
    problems = files.problems + run_checks(files, today, reviews, handover_days, working_days, coverage)
    procedures: dict[str, Procedure] = {}
    for procedure in files.procedures:
        procedures.setdefault(procedure.id, procedure)  # a duplicate id keeps the first file
    return Handbook(
        folder=folder,
        org=files.org,
        inventory=files.inventory,
        procedures=procedures,
        coverage={pid: coverage[p.file] for pid, p in procedures.items()} if files.org_known else {},
        problems=apply_policy(problems, severities),
        today=today,
        review_interval_months=review_interval_months,
        reviews={pid: reviews[p.file] for pid, p in procedures.items()},
        documented_ids=frozenset(files.file_ids),
        ownership_known=files.org_known,
    )
