"""The `tebiki` plugin options in `mkdocs.yml`; `tebiki check` reads the same ones."""

from __future__ import annotations

from datetime import date

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.base import ValidationError

SEVERITY_CHOICES = ("error", "warning", "ignore")


class IsoDate(c.BaseConfigOption[date | None]):
    """A day written `YYYY-MM-DD` (YAML may already have read it as a date)."""

    def run_validation(self, value: object) -> date | None:
        if value is None or isinstance(value, date):
            return value
        try:
            return date.fromisoformat(str(value))
        except ValueError:
            raise ValidationError(f"expected a date written YYYY-MM-DD, found {value!r}") from None


class Scenarios(c.BaseConfigOption[dict]):
    """`scenarios`: validated by `risk.parse_scenarios`, kept as the mapping written."""

    def __init__(self) -> None:
        super().__init__()
        self.default = {}

    def run_validation(self, value: object) -> dict:
        from ...risk import ScenarioError, parse_scenarios

        try:
            parse_scenarios(value)
        except ScenarioError as error:
            raise c.ValidationError(str(error)) from None
        return value  # type: ignore[return-value]


class WorkingDays(c.Type):
    """Working days a year: a whole number from 1 to 366."""

    def __init__(self, default: int) -> None:
        super().__init__(int, default=default)

    def run_validation(self, value: object) -> int:
        days = super().run_validation(value)
        if isinstance(days, bool) or not 1 <= days <= 366:
            raise ValidationError(f"expected the working days of a year, a whole number from 1 to 366, found {value!r}")
        return days


class WholeNumber(c.Type):
    """A whole number within bounds: `true`, `6.5`, `0` or `1000000` months is a configuration error."""

    def __init__(self, low: int, high: int, default: int) -> None:
        super().__init__(int, default=default)
        self.low, self.high = low, high

    def run_validation(self, value: object) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or not self.low <= value <= self.high:
            raise ValidationError(f"expected a whole number from {self.low} to {self.high}, got {value!r}")
        return value


class TebikiConfig(base.Config):
    enabled = c.Type(bool, default=True)
    """Set to false to build the site without the handbook pages."""

    procedures = c.Type(str, default="procedures")
    """The handbook's data folder, relative to the folder of `mkdocs.yml`."""

    language = c.Optional(c.Choice(("ja", "en")))
    """Language of generated pages and of messages; default: `theme.language` (ja when unset)."""

    policy = c.DictOfItems(c.Choice(SEVERITY_CHOICES), default={})
    """Severity per problem code, e.g. `{single-owner: error, review-overdue: ignore}`.
    Data errors (yaml-syntax, duplicate-key, encoding, schema) cannot be changed."""

    review_interval_months = WholeNumber(1, 1200, default=12)
    """Default months between reviews when a procedure sets no `review_interval_months`."""

    handover_days = WholeNumber(0, 3660, default=60)
    """`handover-late`: days before a leaving owner's `leaving_on` from which a
    procedure nobody else holds or is learning is reported (spec default 60)."""

    scenarios = Scenarios()
    """Named what-if scenarios shown on the coverage page and in `tebiki check --format json`:
    `{name: {people: [ids], on: YYYY-MM-DD}}`, either key optional but not both."""

    cache_dir = c.Type(str, default=".cache/tebiki")
    """Where rendered diagrams are cached, relative to the folder of `mkdocs.yml`."""

    edit_uri = c.Deprecated(message=(
        "The 'tebiki' option '{}' is no longer used: the edit button of a handbook page follows "
        "MkDocs' own repo_url, edit_uri and edit_uri_template, like any page; remove it."))
    """Superseded: generated pages set `File.edit_uri`, so MkDocs' options apply."""

    offline = c.Type(bool, default=True)
    """The site must work without internet: no web fonts (Material `font: false` when
    unset) and a warning when a built page refers to another host. `false` leaves the
    theme alone and skips the check."""

    strict_warnings = c.Type(bool, default=False)
    """With `mkdocs build --strict`, fail on the handbook's warnings too (like
    `tebiki check --strict`); by default only its errors fail, like `tebiki check`."""

    today = IsoDate()
    """The day reviews and hand-overs are judged against (`YYYY-MM-DD`), for
    reproducible builds; the environment variable `TEBIKI_TODAY` overrides it."""

    working_days = WorkingDays(default=245)
    """Working days a year: the runs per year of `daily` and of `volume` per day (業務量)."""

    workload = c.Type(bool, default=True)
    """Set to false to leave out the 業務量 page and the hours on procedure and department pages."""
