"""The problem codes: every code of the spec (and tebiki's own), its default
severity, and the data errors a policy cannot change. Their messages are in the
catalog (`i18n/messages.py`), keyed by these codes."""

from __future__ import annotations

from enum import Enum


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"


# Every problem code of the spec with its default severity, in the spec's order;
# None is `ignore` (the v2 workload codes are off until a handbook turns them on).
DEFAULT_SEVERITY: dict[str, Severity | None] = {
    "yaml-syntax": Severity.ERROR,
    "duplicate-key": Severity.ERROR,
    "encoding": Severity.ERROR,
    "schema": Severity.ERROR,
    "duplicate-id": Severity.ERROR,
    "unknown-department": Severity.ERROR,
    "unknown-person": Severity.ERROR,
    "unknown-step": Severity.ERROR,
    "unknown-procedure": Severity.ERROR,
    "no-owner": Severity.ERROR,
    "single-owner": Severity.WARNING,
    "undocumented": Severity.ERROR,
    "owner-leaving": Severity.WARNING,
    "review-overdue": Severity.WARNING,
    "unreachable-step": Severity.WARNING,
    "improvement-overdue": Severity.WARNING,
    "minutes-missing": None,
    "volume-missing": None,
    "inline-comment": Severity.WARNING,
    "handover-late": Severity.WARNING,
    # tebiki's own code (FORMAT.md, "Where the spec is silent"): a trainee who already holds the procedure
    "trainee-holder": Severity.WARNING,
    # tebiki's own (FORMAT.md, "Where the spec is silent"): files that are not read, and limits.
    "unsafe-file": Severity.ERROR,
    "ignored-file": Severity.WARNING,
    "too-large": Severity.ERROR,
    "reserved-id": Severity.ERROR,
    "invisible-text": Severity.ERROR,
    "endless-loop": Severity.WARNING,
}

# Data errors: the file cannot be read as a handbook at all. Always errors.
DATA_ERRORS = frozenset({"yaml-syntax", "duplicate-key", "encoding", "schema", "unsafe-file", "too-large", "reserved-id"})
