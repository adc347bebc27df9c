"""The site menu (on_nav): the user's own nav, then the handbook's sections, and the
previous/next links through the result. Which page goes in which section is decided
without any engine (`siteplan.NavPlan`); this module only applies it to MkDocs'
`Navigation`."""

from __future__ import annotations

from mkdocs.structure import StructureItem
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page

from ...render.safe import esc
from ...siteplan import NavPlan


def arrange_nav(nav: Navigation, plan: NavPlan, files: Files, home_label: str | None = None,
                departments_label: str = "", indexes: bool = False) -> Navigation:
    """The user's nav without any handbook page, then the handbook: one home entry
    (named `home_label` when it is the handbook's own page), one section
    `departments_label` holding one entry per department page, people, coverage, problems.

    The menu's size does not grow with the procedures or the people: a procedure (or
    person) page is not listed and belongs to no section; it is reached from its
    department (or the people) page. With `navigation.prune` (a default the plugin
    applies) the department entries are in the HTML of the department pages only, so
    every other page carries a menu of a few entries however large the handbook.

    A department page is an index page (`departments/<id>/index.md`): with Material's
    `navigation.indexes` (`indexes`) each sits in a section of its own named after it, so
    that no department is taken as the index of the whole section."""
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
        file = files.get_file_from_path(uri) if uri else None
        return file.page if file is not None else None

    items = keep(list(nav.items))
    handbook_items: list = []
    home = page(plan.home) if plan.home else None
    departments = [(title, p) for title, p in ((t, page(index)) for t, index, _procs in plan.departments)
                   if p is not None]
    if departments:
        entries: list[StructureItem] = [Section(esc(title), [p]) if indexes else p for title, p in departments]
        handbook_items.append(Section(esc(departments_label), entries))
    for title, index, procs in plan.departments:
        if not index:  # procedures of unknown departments: no department page leads to them
            loose: list[StructureItem] = [p for p in map(page, procs) if p is not None]
            if loose:
                handbook_items.append(Section(esc(title), loose))
    people = page(plan.people[1]) if plan.people else None
    if people is not None:
        handbook_items.append(people)
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
