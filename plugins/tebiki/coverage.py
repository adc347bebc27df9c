"""Ownership coverage and review dates (spec: Ownership coverage, review-overdue)."""

from __future__ import annotations

from datetime import date

from .model import Coverage, Org, Person, Procedure, Review


def available(person_id: str | None, org: Org) -> Person | None:
    """The person if they exist and are active or leaving, else None."""
    person = org.people.get(person_id) if person_id else None
    return person if person is not None and person.status.available else None


def coverage_of(procedure: Procedure, org: Org) -> Coverage:
    """`no_owner`, `single_owner` or `covered`, exactly as the spec defines them."""
    if available(procedure.owner, org) is None:
        return Coverage.NO_OWNER
    backups = {b for b in procedure.backup_owners if b != procedure.owner and available(b, org)}
    return Coverage.COVERED if backups else Coverage.SINGLE_OWNER


NO_DUE_DATE = date.max
"""The due date of a review that would fall after year 9999: there is none (never overdue)."""


def add_months(day: date, months: int) -> date:
    """`day` plus whole months, clamped to the month's last day (2026-01-31 + 1 = 2026-02-28);
    NO_DUE_DATE when that would pass the last representable year (9999)."""
    month_index = day.month - 1 + int(months)
    year, month = day.year + month_index // 12, month_index % 12 + 1
    if year > date.max.year:
        return NO_DUE_DATE
    for candidate in (day.day, 30, 29, 28):
        try:
            return date(year, month, min(day.day, candidate))
        except ValueError:
            continue
    raise AssertionError("unreachable")  # pragma: no cover


def next_review(procedure: Procedure, default_interval_months: int) -> date | None:
    """Last review plus the procedure's interval (or the handbook default); None if never reviewed."""
    if procedure.reviewed is None:
        return None
    interval = procedure.review_interval_months or default_interval_months
    return add_months(procedure.reviewed, interval)


def review_of(procedure: Procedure, default_interval_months: int, today: date) -> Review:
    """The review status on `today` (spec: `review-overdue`): overdue when never reviewed
    or when the next review is before today (due today is not yet overdue)."""
    due = next_review(procedure, default_interval_months)
    return Review(due, due is None or due < today)
