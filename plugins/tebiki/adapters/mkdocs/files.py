"""The handbook's pages as MkDocs files: generated `File`s (nothing is written to
docs_dir), the stylesheet and the search script, the home page's path, and the
「図を拡大」 SVG files written next to a page's HTML."""

from __future__ import annotations

import posixpath
from pathlib import Path
from typing import Mapping, Sequence

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page

from ...render.context import RenderedPage
from ...render.zoom import ZoomFile
from .edit_links import EditLinks
from .logs import log

ASSETS = Path(__file__).resolve().parents[2] / "assets"
CSS_URI = "assets/tebiki/tebiki.css"
CSS_FILE = ASSETS / "tebiki.css"
JS_URI = "assets/tebiki/tebiki-search.js"  # what is typed into search, read in NFKC (search_index.py)
JS_FILE = ASSETS / "tebiki-search.js"
HOME_URIS = ("index.md", "README.md")
OFF_MENU = ("procedure", "person")  # page kinds reached from a page, not from the menu


def home_uri(files: Files) -> str:
    """`index.md` unless docs_dir has its own home page; then `handbook.md`."""
    return "handbook.md" if any(files.get_file_from_path(u) for u in HOME_URIS) else "index.md"


def add_generated_files(config: MkDocsConfig, files: Files, pages: Sequence[RenderedPage],
                        edit_links: EditLinks) -> dict[str, File]:
    """Add the pages to `files` as generated files (nothing is written to docs_dir),
    replacing a docs_dir file at the same path with a warning; plus the stylesheet and
    the search script. Procedure and person pages are reached from their department
    and people pages, not listed in the menu (`NOT_IN_NAV`). Each page's edit button
    opens its YAML file (`File.edit_uri`) when MkDocs can make a working link."""
    made: dict[str, File] = {}
    for page in pages:
        existing = files.get_file_from_path(page.src_uri)
        if existing is not None:
            log.warning("'%s' in the docs folder is replaced by the handbook page of the same path", page.src_uri)
            files.remove(existing)
        inclusion = InclusionLevel.NOT_IN_NAV if page.kind in OFF_MENU else InclusionLevel.UNDEFINED
        file = File.generated(config, page.src_uri, content=page.text.site_markdown, inclusion=inclusion)
        file.edit_uri = edit_links.uri(page.edit_file)
        files.append(file)
        made[page.src_uri] = file
    if files.get_file_from_path(CSS_URI) is None:
        files.append(File.generated(config, CSS_URI, abs_src_path=str(CSS_FILE)))
    if files.get_file_from_path(JS_URI) is None:
        files.append(File.generated(config, JS_URI, abs_src_path=str(JS_FILE)))
    return made


def add_assets(config: MkDocsConfig) -> None:
    """The stylesheet and the search script on every page (kept when the user listed them)."""
    if CSS_URI not in config.extra_css:
        config.extra_css.append(CSS_URI)
    if JS_URI not in [str(s) for s in config.extra_javascript]:
        config.extra_javascript.append(JS_URI)


def standalone_files(page: Page, figures: Mapping[str, str | ZoomFile]) -> list[tuple[str, str | ZoomFile]]:
    """The 「図を拡大」 files of a page, (path next to its HTML, SVG with its step links back to
    it, or the ZoomFile that makes it where it is written)."""
    if not figures:
        return []
    folder = Path(page.file.abs_dest_path).parent
    back = posixpath.basename(page.file.dest_uri)
    return [(str(folder / name), svg.replace('href="index.html#', f'href="{back}#') if isinstance(svg, str)
             else svg.leading_back_to(back)) for name, svg in figures.items()]
