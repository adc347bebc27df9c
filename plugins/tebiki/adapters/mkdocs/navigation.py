"""The site menu (on_nav): the user's own nav, then the handbook's sections, and the
previous/next links through the result. Which page goes in which section is decided
without any engine (`siteplan.NavPlan`); this module only applies it to MkDocs'
`Navigation`."""

from __future__ import annotations

from typing import Iterable

from mkdocs.structure import StructureItem
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page

from ...render.safe import esc
from ...siteplan import NavPlan


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
