"""The handbook's site plan without any engine: which generated page goes in which
menu section (`NavPlan`) and where a page's edit button points (`edit_uri`).
The MkDocs adapter (`adapters/mkdocs`) and the Zensical adapter both use it."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable
from urllib.parse import quote

from .model import Handbook
from .render.context import RenderedPage


def edit_uri(edit_file: str | None, root: Path, docs_dir: Path) -> str | None:
    """`File.edit_uri` of a generated page: its YAML file relative to docs_dir
    (`../procedures/x.yaml`), each path segment percent-encoded so that no file
    name (`"`, `<`, `#`, `?`, `%`, space) can break out of the edit link.
    MkDocs then joins it with `repo_url` and `edit_uri` / `edit_uri_template`."""
    if not edit_file:
        return None
    try:
        relative = os.path.relpath(root / edit_file, docs_dir)
    except ValueError:  # another drive (Windows): no path between them
        return None
    return "/".join(quote(segment, safe="") for segment in Path(relative).as_posix().split("/"))



@dataclass
class NavPlan:
    """The handbook's part of the navigation, as (kind, src_uri, section title)."""

    home: str | None = None
    departments: list[tuple[str, str, list[str]]] = field(default_factory=list)  # title, index uri, procedures
    loose: list[str] = field(default_factory=list)  # procedures of unknown departments
    people: tuple[str, str, list[str]] | None = None  # title, index uri, person uris
    tail: list[str] = field(default_factory=list)  # coverage, problems
    unlisted: list[str] = field(default_factory=list)  # hand-over packs: linked from person pages only

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
            elif page.kind == "handover":
                plan.unlisted.append(page.src_uri)
            else:
                plan.tail.append(page.src_uri)
        if plan.loose:
            plan.departments.append((procedures_title, "", plan.loose))
        if people_index:
            plan.people = (people_title, people_index, people)
        return plan

    def uris(self) -> set[str]:
        out = {u for u in (self.home, *self.tail, *self.unlisted) if u}
        for _t, index, procs in self.departments:
            out.update(u for u in (index, *procs) if u)
        if self.people:
            out.add(self.people[1])
            out.update(self.people[2])
        return out
