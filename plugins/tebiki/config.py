"""The `tebiki` plugin options in `mkdocs.yml`; `tebiki check` reads the same ones."""

from __future__ import annotations

from mkdocs.config import base
from mkdocs.config import config_options as c

SEVERITY_CHOICES = ("error", "warning", "ignore")


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

    review_interval_months = c.Type(int, default=12)
    """Default months between reviews when a procedure sets no `review_interval_months`."""

    cache_dir = c.Type(str, default=".cache/tebiki")
    """Where rendered diagrams are cached, relative to the folder of `mkdocs.yml`."""

    edit_uri = c.Optional(c.Type(str))
    """Path appended to `repo_url` before a YAML file's path for the edit button,
    e.g. `edit/main/`. Default: `edit_uri` of mkdocs.yml up to its `docs/` part."""

    working_days = c.Type(int, default=245)
    """Working days a year: the runs per year of `daily` and of `volume` per day (業務量)."""

    workload = c.Type(bool, default=True)
    """Set to false to leave out the 業務量 page and the hours on procedure and department pages."""
