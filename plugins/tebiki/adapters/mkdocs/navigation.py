"""MkDocs glue of the plugin as plain functions: language, edit links,
generated files, navigation and problem logging. `plugin.py` only calls these."""

from __future__ import annotations

import logging
import posixpath
from pathlib import Path
from typing import Iterable, Sequence
from urllib.parse import urlsplit

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure import StructureItem
from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page

from ...model import Handbook
from ...render.labels import language_of
from ...render.blocks import RenderedPage
from ...render.safe import esc
from ...siteplan import NavPlan, edit_uri  # noqa: F401  (the plan is engine-free)
from ...display import display_safe

log = logging.getLogger("mkdocs.plugins.tebiki.plugin")

CSS_URI = "assets/tebiki/tebiki.css"
CSS_FILE = Path(__file__).parents[2] / "assets" / "tebiki.css"
JS_URI = "assets/tebiki/tebiki-search.js"  # what is typed into search, read in NFKC (search_index.py)
JS_FILE = Path(__file__).parents[2] / "assets" / "tebiki-search.js"
HOME_URIS = ("index.md", "README.md")
OFF_MENU = ("procedure", "person")  # page kinds reached from a page, not from the menu


def site_language(plugin_language: str | None, theme_language: str | None) -> str:
    """Plugin `language`, else `theme.language`, else ja."""
    return plugin_language or language_of(theme_language)


def edit_button_works(config: MkDocsConfig) -> bool:
    """MkDocs makes a working edit link from `repo_url`, or from an `edit_uri` /
    `edit_uri_template` that is itself a full URL; anything else would be a broken,
    site-relative link, so the handbook's pages then get none."""
    target = config.edit_uri_template or config.edit_uri
    if not target:
        return False
    return bool(config.repo_url) or bool(urlsplit(target).scheme and urlsplit(target).netloc)


def log_problems(handbook: Handbook, lang: str, strict_warnings: bool = False) -> None:
    """One log line per problem, `file:line:column: message [code]`. Errors use
    `log.error`, so `mkdocs build --strict` fails exactly when `tebiki check` does;
    warnings use `log.info` (shown, not counted), or `log.warning` with the option
    `strict_warnings`, like `tebiki check --strict`."""
    warning_level = logging.WARNING if strict_warnings else logging.INFO
    for p in handbook.problems:
        where = f"{p.file}:{p.line}" + (f":{p.column}" if p.column else "")
        level = logging.ERROR if p.severity == "error" else warning_level
        log.log(level, "%s: %s [%s]", display_safe(where), display_safe(p.message(lang)), p.code)


def add_generated_files(config: MkDocsConfig, files: Files, pages: Sequence[RenderedPage],
                        root: Path | None = None) -> dict[str, File]:
    """Add the pages to `files` as generated files (nothing is written to docs_dir),
    replacing a docs_dir file at the same path with a warning; plus the stylesheet.
    Procedure and person pages are reached from their department and people pages,
    not listed in the menu (`NOT_IN_NAV`). Each page's edit button opens its YAML
    file (`File.edit_uri`, relative to docs_dir) when MkDocs can make a working link."""
    made: dict[str, File] = {}
    docs_dir = Path(config.docs_dir)
    editable = root is not None and edit_button_works(config)
    for page in pages:
        existing = files.get_file_from_path(page.src_uri)
        if existing is not None:
            log.warning("'%s' in the docs folder is replaced by the handbook page of the same path", page.src_uri)
            files.remove(existing)
        inclusion = InclusionLevel.NOT_IN_NAV if page.kind in OFF_MENU else InclusionLevel.UNDEFINED
        file = File.generated(config, page.src_uri, content=page.text.site_markdown, inclusion=inclusion)
        file.edit_uri = edit_uri(page.edit_file, root, docs_dir) if editable and root is not None else None
        files.append(file)
        made[page.src_uri] = file
    if files.get_file_from_path(CSS_URI) is None:
        files.append(File.generated(config, CSS_URI, abs_src_path=str(CSS_FILE)))
    if files.get_file_from_path(JS_URI) is None:
        files.append(File.generated(config, JS_URI, abs_src_path=str(JS_FILE)))
    return made


def write_standalone_figures(page: Page, figures: dict[str, str]) -> None:
    """The 「図を拡大」 files of a page, written next to its HTML (step links go back to it)."""
    if not figures:
        return
    folder = Path(page.file.abs_dest_path).parent
    back = posixpath.basename(page.file.dest_uri)
    for name, svg in figures.items():
        folder.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(svg.replace('href="index.html#', f'href="{back}#'), encoding="utf-8")


def home_uri(files: Files) -> str:
    """`index.md` unless docs_dir has its own home page; then `handbook.md`."""
    return "handbook.md" if any(files.get_file_from_path(u) for u in HOME_URIS) else "index.md"


def arrange_nav(nav: Navigation, plan: NavPlan, files: Files, home_label: str | None = None) -> Navigation:
    """The user's nav without any handbook page, then the handbook: one home entry
    (named `home_label` when it is the handbook's own page), one section per
    department opening its department page, people, coverage, problems.

    The menu stays the same size whatever the number of procedures: a procedure
    (or person) page is not listed; it belongs to its department (or the people)
    section, so the menu and breadcrumbs show where the reader is."""
    ours = plan.uris()

    def keep(items: list) -> list:
        kept = []
        for item in items:
            if isinstance(item, Page) and item.file.src_uri in ours:
                continue
            if isinstance(item, Section):
                item.children = keep(item.children)
                if not item.children:
                    continue
            kept.append(item)
        return kept

    def page(uri: str) -> Page | None:
        file = files.get_file_from_path(uri)
        return file.page if file is not None else None

    def section(title: str, index: str, members: Iterable[str]) -> Section | None:
        """A section of the index page alone; `members` are reached from it. Without
        an index page (procedures of unknown departments) the members are listed."""
        first = page(index) if index else None
        pages: list[StructureItem] = [p for p in map(page, members) if p is not None]
        sec = Section(esc(title), [first] if first else pages)
        if not sec.children:
            return None
        if first:
            for member in pages:
                member.parent = sec
        return sec

    items = keep(list(nav.items))
    handbook_items: list = []
    home = page(plan.home) if plan.home else None
    for title, index, procs in plan.departments:
        sec = section(title, index, procs)
        if sec:
            handbook_items.append(sec)
    if plan.people:
        sec = section(*plan.people)
        if sec:
            handbook_items.append(sec)
    handbook_items.extend(p for p in map(page, plan.tail) if p is not None)
    if home is not None and plan.home == "index.md":
        if home_label:
            home.title = home_label
        items = [home, *items, *handbook_items]
    else:
        items = [*items, *([home] if home else []), *handbook_items]
    return _navigation(items)


def _navigation(items: list) -> Navigation:
    pages: list[Page] = []

    def walk(children: list, parent: Section | None) -> None:
        for item in children:
            item.parent = parent
            if isinstance(item, Page):
                pages.append(item)
            elif isinstance(item, Section):
                walk(item.children, item)

    walk(items, None)
    for prev, nxt in zip(pages, pages[1:]):
        prev.next_page, nxt.previous_page = nxt, prev
    if pages:
        pages[0].previous_page = None
        pages[-1].next_page = None
    return Navigation(items, pages)
