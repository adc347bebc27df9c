"""What every page is rendered with (the handbook, labels, URLs, links, figures),
and what a page is once rendered."""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, field

from markupsafe import Markup

from ..model import Handbook
from ..risk import Scenario
from ..workload import DEFAULT_WORKING_DAYS, Workload, handbook_workload
from .figures import Figures
from .index import HandbookIndex
from .labels import Labels
from .links import Links, SiteLinks, Urls
from .safe import DescriptionRenderer
from .slots import PageText


@dataclass(frozen=True)
class RenderedPage:
    """One generated page. `title` is plain text; `edit_file` is the YAML file
    (relative to the handbook root) that the edit button opens."""

    kind: str
    key: str | None
    src_uri: str
    title: str
    text: PageText
    edit_file: str | None

    @property
    def markdown(self) -> str:
        return self.text.markdown


@dataclass
class RenderContext:
    handbook: Handbook
    labels: Labels
    links: Links = field(default_factory=SiteLinks)
    figures: Figures = field(default_factory=Figures)
    urls: Urls = field(default_factory=Urls)
    descriptions: DescriptionRenderer = field(default_factory=DescriptionRenderer)
    site_title: str | None = None
    working_days: int = DEFAULT_WORKING_DAYS
    show_workload: bool = True
    """業務量: the workload page and the hours on procedure and department pages (plugin option `workload`)."""
    scenarios: tuple[Scenario, ...] = ()
    """The plugin option `scenarios` (what-ifs shown on the coverage page)."""
    index: HandbookIndex = field(init=False)
    workload: Workload | None = field(init=False, default=None)
    shared_fragments: dict[tuple[str, ...], Markup] = field(init=False, default_factory=dict, repr=False)
    """Fragments many pages show the same (a person's link from pages at one depth), made
    once per build: key (kind, href, id…) -> HTML (render/fragments.Writer)."""

    def __post_init__(self) -> None:
        self.index = HandbookIndex.build(self.handbook)
        if self.show_workload:
            self.workload = handbook_workload(self.handbook, self.working_days)

    @property
    def org_file(self) -> str:
        for d in self.handbook.org.departments.values():
            return d.location.file
        for p in self.handbook.org.people.values():
            return p.location.file
        return posixpath.join(self.handbook.folder, "_org.yaml")

    @property
    def inventory_file(self) -> str | None:
        for e in self.handbook.inventory:
            return e.location.file
        return None
