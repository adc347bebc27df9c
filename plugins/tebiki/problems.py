"""Problems: what a check found, where, and how bad the handbook's policy says it is.
The codes and their default severities are in `problem_codes.py`."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any, Mapping

from .problem_codes import DATA_ERRORS, DEFAULT_SEVERITY, Severity

__all__ = ["DATA_ERRORS", "DEFAULT_SEVERITY", "Problem", "Severity"]


@dataclass(frozen=True)
class Problem:
    """One finding: where, which code, how bad. `params` fill the message template of
    `code`; reporters and pages word it with `i18n.messages.problem_message`."""

    code: str
    file: str
    line: int
    column: int | None = None
    procedure: str | None = None
    params: Mapping[str, Any] = field(default_factory=dict)
    severity: Severity = Severity.ERROR

    def with_severity(self, severity: Severity) -> "Problem":
        return replace(self, severity=severity)

    @property
    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.file, self.line, self.column or 0, self.code)
