"""MkDocs glue of the plugin as plain functions: language, edit links,
generated files, navigation and problem logging. `plugin.py` only calls these."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Sequence
from urllib.parse import urljoin

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page

from .model import Handbook
from .render.labels import language_of
from .render.blocks import RenderedPage
from .render.safe import esc

log = logging.getLogger("mkdocs.plugins.tebiki.plugin")

CSS_URI = "assets/tebiki/tebiki.css"
CSS_FILE = Path(__file__).parent / "assets" / "tebiki.css"
HOME_URIS = ("index.md", "README.md")


def site_language(plugin_language: str | None, theme_language: str | None) -> str:
    """Plugin `language`, else `theme.language`, else ja."""
    return plugin_language or language_of(theme_language)


def edit_base(
    repo_url: str | None, plugin_edit_uri: str | None, edit_uri: str | None, docs_dir_rel: str
) -> str | None:
    """The URL a handbook-relative file path is appended to for the edit button.

    `repo_url` + plugin `edit_uri`; without it, MkDocs' `edit_uri` (which points
    into docs_dir) cut before its docs_dir part: `edit/main/docs/` -> `edit/main/`.
    None when there is nothing to edit with.
    """
    path = plugin_edit_uri
    if path is None:
        if not edit_uri:
            return None
        path = edit_uri
        docs = docs_dir_rel.strip("/") + "/"
        if docs != "./" and path.endswith(docs):
            path = path[: -len(docs)]
    if not path and not repo_url:
        return None
    if path and not path.endswith(("/", "=")):
        path += "/"
    if not repo_url:
        return path or None
    return urljoin(repo_url if repo_url.endswith("/") else repo_url + "/", path)


def edit_url(base: str | None, file: str | None) -> str | None:
    if not base or not file:
        return None
    return base + file


def log_problems(handbook: Handbook, lang: str) -> None:
    """One log line per problem, `file:line:column: message [code]`: errors with
    `log.error`, warnings with `log.warning`, so `mkdocs build --strict` fails."""
    for p in handbook.problems:
        where = f"{p.file}:{p.line}" + (f":{p.column}" if p.column else "")
        level = logging.ERROR if p.severity == "error" else logging.WARNING
        log.log(level, "%s: %s [%s]", where, p.message(lang), p.code)


def add_generated_files(config: MkDocsConfig, files: Files, pages: Sequence[RenderedPage]) -> dict[str, File]:
    """Add the pages to `files` as generated files (nothing is written to docs_dir),
    replacing a docs_dir file at the same path with a warning; plus the stylesheet."""
    made: dict[str, File] = {}
    for page in pages:
        existing = files.get_file_from_path(page.src_uri)
        if existing is not None:
            log.warning("'%s' in the docs folder is replaced by the handbook page of the same path", page.src_uri)
            files.remove(existing)
        file = File.generated(config, page.src_uri, content=page.text.site_markdown)
        files.append(file)
        made[page.src_uri] = file
    if files.get_file_from_path(CSS_URI) is None:
        files.append(File.generated(config, CSS_URI, abs_src_path=str(CSS_FILE)))
    return made


def home_uri(files: Files) -> str:
    """`index.md` unless docs_dir has its own home page; then `handbook.md`."""
    return "handbook.md" if any(files.get_file_from_path(u) for u in HOME_URIS) else "index.md"


@dataclass
class NavPlan:
    """The handbook's part of the navigation, as (kind, src_uri, section title)."""

    home: str | None = None
    departments: list[tuple[str, str, list[str]]] = field(default_factory=list)  # title, index uri, procedures
    loose: list[str] = field(default_factory=list)  # procedures of unknown departments
    people: tuple[str, str, list[str]] | None = None  # title, index uri, person uris
    tail: list[str] = field(default_factory=list)  # coverage, problems

    @classmethod
    def from_pages(cls, pages: Iterable[RenderedPage], handbook: Handbook, people_title: str,
                   procedures_title: str) -> "NavPlan":
        plan = cls()
        self_procs: dict[str, list[str]] = {}
        people: list[str] = []
        people_index = ""
        for page in pages:
            if page.kind == "home":
                plan.home = page.src_uri
            elif page.kind == "department":
                uris: list[str] = []
                self_procs[page.key or ""] = uris
                plan.departments.append((page.title, page.src_uri, uris))
            elif page.kind == "procedure":
                dept = handbook.procedures[page.key].department if page.key in handbook.procedures else ""
                self_procs.get(dept, plan.loose).append(page.src_uri)
            elif page.kind == "people":
                people_index = page.src_uri
            elif page.kind == "person":
                people.append(page.src_uri)
            else:
                plan.tail.append(page.src_uri)
        if plan.loose:
            plan.departments.append((procedures_title, "", plan.loose))
        if people_index:
            plan.people = (people_title, people_index, people)
        return plan

    def uris(self) -> set[str]:
        out = {u for u in (self.home, *self.tail) if u}
        for _t, index, procs in self.departments:
            out.update(u for u in (index, *procs) if u)
        if self.people:
            out.add(self.people[1])
            out.update(self.people[2])
        return out


def arrange_nav(nav: Navigation, plan: NavPlan, files: Files) -> Navigation:
    """The user's nav without any handbook page, then the handbook: home, one
    section per department (its page first, for `navigation.indexes`, then its
    procedures), people, coverage, problems."""
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

    def section(title: str, uris: Iterable[str]) -> Section | None:
        children = [p for p in map(page, uris) if p is not None]
        return Section(esc(title), children) if children else None

    items = keep(list(nav.items))
    handbook_items: list = []
    home = page(plan.home) if plan.home else None
    for title, index, procs in plan.departments:
        sec = section(title, [index, *procs] if index else procs)
        if sec:
            handbook_items.append(sec)
    if plan.people:
        sec = section(plan.people[0], [plan.people[1], *plan.people[2]])
        if sec:
            handbook_items.append(sec)
    handbook_items.extend(p for p in map(page, plan.tail) if p is not None)
    if home is not None and plan.home == "index.md":
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
