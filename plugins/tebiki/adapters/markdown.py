"""`tebiki render --out DIR`: the handbook pages as Markdown files for other
engines (or for review), from the same page builders as the MkDocs plugin
(`adapters.pages`); no engine is imported.

Links point at the `.md` files; diagrams are `.svg` files next to the page
that shows them (`procedures/<id>.flow.svg`, `index.map.svg`, …).
"""

from __future__ import annotations

from pathlib import Path

from ..diagrams import TIME_LIMIT
from ..model import Handbook
from ..outfile import write_atomically
from ..render.figures import Figures
from ..render.links import FileLinks, Urls
from ..risk import Scenario
from ..workload import DEFAULT_WORKING_DAYS
from .pages import PageOptions, diagram_renderer, handbook_pages


def render_markdown(
    handbook: Handbook,
    out_dir: Path,
    lang: str = "ja",
    *,
    site_title: str | None = None,
    cache_dir: Path | None = None,
    diagrams: bool = True,
    working_days: int = DEFAULT_WORKING_DAYS,
    workload: bool = True,
    scenarios: tuple[Scenario, ...] = (),
) -> list[Path]:
    """Write every page (and its diagrams) under `out_dir`; return the files written.

    `diagrams=False` leaves the figures out; `working_days` and `workload` are the plugin options.
    Existing files of the same names are replaced whole (written beside, then
    renamed), so an interrupted run never leaves a half-written page; nothing
    else is removed.
    """
    renderer = (diagram_renderer(handbook, cache_dir, lang, time_limit=TIME_LIMIT)
                if diagrams else None)
    figures = Figures(renderer, mode="files")
    options = PageOptions(lang, site_title, working_days, workload, scenarios)
    written: list[Path] = []
    try:
        pages = handbook_pages(handbook, options, links=FileLinks(), figures=figures, urls=Urls())
        outputs = {page.src_uri: page.markdown for page in pages}
    finally:
        if renderer is not None:
            renderer.close()  # its diagram worker must not outlive the render
    outputs.update(figures.files)
    for rel, text in outputs.items():
        path = Path(out_dir) / rel
        write_atomically(path, text.encode("utf-8"), keep_mode=False)  # a web server must read it
        written.append(path)
    return written
