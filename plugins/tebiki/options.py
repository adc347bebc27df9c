"""The `tebiki` plugin options read without any site engine (MkDocs, ProperDocs, Zensical).

`read_options(raw)` takes the mapping written under `tebiki:` in `plugins:` and
returns `(Options, errors, warnings)`, each error and warning a `(name, text)` pair
worded like MkDocs' own config checks. The plugin adapter (`config.TebikiConfig`)
declares the same options with the engine's classes; `tests/test_engines.py` holds
both to the same names, defaults and verdicts.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import date
from typing import Any, Callable

SEVERITY_CHOICES = ("error", "warning", "ignore")
LANGUAGES = ("ja", "en")
SUPERSEDED = {"edit_uri": (
    "The 'tebiki' option '{}' is no longer used: the edit button of a handbook page follows "
    "MkDocs' own repo_url, edit_uri and edit_uri_template, like any page; remove it.")}


@dataclass(frozen=True)
class Options:
    """The options' values after validation (defaults where not written); see config.py for each one's meaning."""

    enabled: bool = True
    procedures: str = "procedures"
    language: str | None = None
    policy: dict[str, str] = field(default_factory=dict)
    review_interval_months: int = 12
    handover_days: int = 60
    scenarios: dict[str, Any] = field(default_factory=dict)
    cache_dir: str = ".cache/tebiki"
    offline: bool = True
    strict_warnings: bool = False
    today: date | None = None
    working_days: int = 245
    workload: bool = True


class OptionError(ValueError):
    """One option's value is not acceptable; str() says what was expected."""


def _of_type(kind: type) -> Callable[[Any], Any]:
    def check(value: Any) -> Any:
        if not isinstance(value, kind):
            raise OptionError(f"Expected type: {kind} but received: {type(value)}")
        return value
    return check


def _language(value: Any) -> str | None:
    if value is None:
        return None
    if value not in LANGUAGES:
        raise OptionError(f"Expected one of: {LANGUAGES} but received: {value!r}")
    return value


def _policy(value: Any) -> dict[str, str]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise OptionError(f"Expected a dict of items, but a {type(value)} was given.")
    for severity in value.values():
        if severity not in SEVERITY_CHOICES:
            raise OptionError(f"Expected one of: {SEVERITY_CHOICES} but received: {severity!r}")
    return dict(value)


def _scenarios(value: Any) -> dict[str, Any]:
    from .risk import ScenarioError, parse_scenarios

    try:
        parse_scenarios(value)
    except ScenarioError as error:
        raise OptionError(str(error)) from None
    return value if value is not None else {}


def _today(value: Any) -> date | None:
    if value is None or isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise OptionError(f"expected a date written YYYY-MM-DD, found {value!r}") from None


def _working_days(value: Any) -> int:
    days = _of_type(int)(value)
    if isinstance(days, bool) or not 1 <= days <= 366:
        raise OptionError(f"expected the working days of a year, a whole number from 1 to 366, found {value!r}")
    return days


def _whole(low: int, high: int) -> Callable[[Any], int]:
    """A whole number within bounds (as config.WholeNumber): `true`, `6.5`, `0`, `1000000` are errors."""
    def check(value: Any) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise OptionError(f"expected a whole number from {low} to {high}, got {value!r}")
        return value
    return check


CHECKS: dict[str, Callable[[Any], Any]] = {
    "enabled": _of_type(bool),
    "procedures": _of_type(str),
    "language": _language,
    "policy": _policy,
    "review_interval_months": _whole(1, 1200),
    "handover_days": _whole(0, 3660),
    "scenarios": _scenarios,
    "cache_dir": _of_type(str),
    "offline": _of_type(bool),
    "strict_warnings": _of_type(bool),
    "today": _today,
    "working_days": _working_days,
    "workload": _of_type(bool),
}
assert set(CHECKS) == {f.name for f in fields(Options)}


def read_options(raw: dict[str, Any]) -> tuple[Options, list[tuple[str, str]], list[tuple[str, str]]]:
    """Validate `raw` (the plugin's mapping): the options, the errors and the warnings.

    A name written with the value null takes the default, as in MkDocs. Unknown and
    superseded names are warnings; a wrong value is an error naming the option.
    """
    values: dict[str, Any] = {}
    errors: list[tuple[str, str]] = []
    warnings: list[tuple[str, str]] = []
    for name, value in raw.items():
        if name in SUPERSEDED:
            if value is not None:
                warnings.append((name, SUPERSEDED[name].format(name)))
        elif name not in CHECKS:
            warnings.append((name, f"Unrecognised configuration name: {name}"))
        elif value is not None or name in ("language", "today"):
            try:
                values[name] = CHECKS[name](value)
            except OptionError as error:
                errors.append((name, str(error)))
    return Options(**values), errors, warnings
