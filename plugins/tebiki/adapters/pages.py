"""The handbook's pages for any engine adapter, from the one set of page builders
(`render.pages.iter_pages`). The adapters differ only in what they pass in: where
links point (`SiteLinks` for a built site, `FileLinks` for Markdown files), how
figures are delivered (`Figures` deferred, inline or as files), where the home page
is (`Urls`), and the plugin options that change pages (`PageOptions`). No engine here.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from ..diagrams import DiagramRenderer
from ..model import Handbook
from ..render.context import RenderContext, RenderedPage
from ..render.figures import Figures
from ..render.labels import Labels
from ..render.links import Links, Urls
from ..render.page_memo import PageMemo
from ..render.pages import iter_pages
from ..render.safe import DescriptionRenderer
from ..risk import Scenario
from ..workload import DEFAULT_WORKING_DAYS


@dataclass(frozen=True)
class PageOptions:
    """What changes the pages, besides the handbook: language, site title and the
    plugin options `working_days`, `workload` and `scenarios` (already checked)."""

    lang: str = "ja"
    site_title: str | None = None
    working_days: int = DEFAULT_WORKING_DAYS
    workload: bool = True
    scenarios: tuple[Scenario, ...] = ()


def diagram_renderer(handbook: Handbook, cache_dir: Path | None, lang: str, *,
                     time_limit: float | None = None) -> DiagramRenderer:
    """The diagram renderer of one build, the same for every engine: cached in `cache_dir`
    (None: no cache); a map of several departments groups its procedures by department;
    each diagram in a worker killed after `time_limit` seconds when given."""
    departments = {d.id: d.name for d in handbook.org.departments.values()}
    return DiagramRenderer(cache_dir, lang, time_limit=time_limit, departments=departments)


def handbook_pages(handbook: Handbook, options: PageOptions, *, links: Links, figures: Figures, urls: Urls,
                   descriptions: DescriptionRenderer | None = None, memo: PageMemo | None = None) -> list[RenderedPage]:
    """Every page of the handbook, in menu order. `descriptions`: a renderer with a
    cache file (the plugin's); without, descriptions are converted afresh. `memo`: the
    pages of the previous build, kept where nothing they show changed (`mkdocs serve`)."""
    return list(handbook_page_stream(handbook, options, links=links, figures=figures, urls=urls,
                                     descriptions=descriptions, memo=memo))


def handbook_page_stream(handbook: Handbook, options: PageOptions, *, links: Links, figures: Figures, urls: Urls,
                         descriptions: DescriptionRenderer | None = None,
                         memo: PageMemo | None = None) -> Iterator[RenderedPage]:
    """`handbook_pages` one page at a time, each made when it is asked for."""
    ctx = RenderContext(handbook, Labels(options.lang), links=links, figures=figures, urls=urls,
                        descriptions=descriptions if descriptions is not None else DescriptionRenderer(),
                        site_title=options.site_title, working_days=options.working_days,
                        show_workload=options.workload, scenarios=options.scenarios)
    return iter_pages(ctx, memo)
