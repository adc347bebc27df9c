"""The building blocks every page is made of: page text with raw HTML slots, the
render context, and a writer of the small HTML pieces pages share (links, badges,
tables). Pages themselves are in `pages.py`."""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, field
from typing import Iterable, Sequence

from ..coverage import NO_DUE_DATE
from ..model import Coverage, Handbook, Person, Procedure, Status
from ..problems import Problem
from ..workload import DEFAULT_WORKING_DAYS, Workload, handbook_workload
from ..risk import Scenario
from .figures import Figures
from .index import HandbookIndex
from .labels import Labels
from .links import Links, SiteLinks, Urls
from .safe import DescriptionRenderer, esc, md_inline, yaml_str

Card = tuple[str, "int | str", str]
"""A figure card: (label, value, CSS class suffix); the value is a word when it is unknown."""


class Html(str):
    """A raw HTML block of a page (as opposed to a Markdown heading line)."""


@dataclass(frozen=True)
class PageText:
    """A page's source twice over.

    `markdown`: front matter, `#`/`##` headings and the HTML blocks inline
    (export, and what any Markdown engine can render).
    `site_markdown` + `blocks`: the same with each HTML block replaced by a slot
    `<div class="tebiki-block-slot" data-tebiki-block="N"></div>`; the plugin
    puts `blocks[N]` back into the rendered page (`fill_blocks`). MkDocs' Markdown
    then only parses headings, which is fast and keeps the YAML-derived HTML out
    of any Markdown or template extension the site enables.
    """

    markdown: str
    site_markdown: str
    blocks: tuple[str, ...]


_BLOCK_SLOT = re.compile(r'<div class="tebiki-block-slot" data-tebiki-block="(\d+)"></div>')


def fill_blocks(html: str, blocks: Sequence[str]) -> str:
    """Put the HTML blocks back into a page rendered from `site_markdown`.

    Python-Markdown passes the slot (a raw HTML block) through unchanged; some
    setups wrap it in `<p>`, which is removed with it."""
    def block(m: re.Match[str]) -> str:
        n = int(m[1])
        return blocks[n] if n < len(blocks) else ""

    html = re.sub(r"<p>\s*(" + _BLOCK_SLOT.pattern + r")\s*</p>", r"\1", html)
    return _BLOCK_SLOT.sub(block, html)


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


SEARCH_EXCLUDE = "exclude: true"
"""`search` front matter of a page kept out of the search index (editor pages, print packs)."""
SEARCH_BOOST = "boost: 4"
"""`search` front matter of a procedure page: its title and steps rank above pages that mention them."""


def front_matter(title: str | None, tags: Iterable[str] = (), search: str | None = None, *,
                 search_exclude: bool = False) -> str:
    # Material and MkDocs print meta values without escaping: store them escaped.
    lines = ["---"] + ([f"title: {yaml_str(esc(title))}"] if title is not None else [])
    tags = list(dict.fromkeys(tags))
    if tags:
        lines.append("tags:")
        lines.extend(f"  - {yaml_str(esc(t))}" for t in tags)
    if search_exclude:  # Material's search skips the page (its content is found on other pages)
        search = SEARCH_EXCLUDE
    if search:  # Material's search plugin: `search: {exclude: true}` / `{boost: N}`
        lines.append(f"search: {{{search}}}")
    if len(lines) == 1:
        return ""  # an empty `---` block is not front matter to MkDocs: it would show as text
    lines.append("---")
    return "\n".join(lines) + "\n\n"


def page_text(title: str, blocks: Iterable[str], tags: Iterable[str] = (), *, meta_title: bool = True,
              search: str | None = None, search_exclude: bool = False) -> PageText:
    """`meta_title=False` leaves the title to the heading: Material appends the site
    name to a meta title, which on a home page named after the site reads twice.
    `search`: SEARCH_EXCLUDE or SEARCH_BOOST (front matter for Material's search);
    `search_exclude` keeps the page out of the search index."""
    head = [front_matter(title if meta_title else None, tags, search, search_exclude=search_exclude),
            f"# {md_inline(title)}\n"]
    full, site = list(head), list(head)
    html: list[str] = []
    for block in blocks:
        if not block:
            continue
        full.append(block)
        if isinstance(block, Html):
            site.append(f'<div class="tebiki-block-slot" data-tebiki-block="{len(html)}"></div>\n')
            html.append(block)
        else:
            site.append(block)
    return PageText("\n".join(full), "\n".join(site), tuple(html))


def html_block(*chunks: str) -> Html:
    """A raw HTML block: starts at column 0 after a blank line, ends with one."""
    return Html("".join(chunks).strip() + "\n")


def h2(text: str) -> str:
    return f"## {md_inline(text)}\n"


class Writer:
    """Shared fragments of all page types, for one page (`uri`)."""

    def __init__(self, ctx: RenderContext, uri: str) -> None:
        self.ctx, self.uri, self.L = ctx, uri, ctx.labels
        self.hb = ctx.handbook

    def href(self, to_uri: str) -> str:
        return esc(self.ctx.links.href(self.uri, to_uri))

    def proc_link(self, proc: Procedure) -> str:
        return f'<a href="{self.href(self.ctx.urls.procedure(proc.id))}">{esc(proc.title)}</a>'

    def dept_name(self, did: str) -> str:
        dept = self.hb.org.departments.get(did)
        return dept.name if dept else did

    def dept_link(self, did: str) -> str:
        if did not in self.hb.org.departments:
            return esc(did)
        return f'<a href="{self.href(self.ctx.urls.department(did))}">{esc(self.dept_name(did))}</a>'

    def status_badge(self, person: Person) -> str:
        if person.status is Status.ACTIVE:
            return ""
        text = self.L[f"status.{person.status.value}"]
        if person.status is Status.LEAVING and person.leaving_on:
            text += f" {person.leaving_on.isoformat()}"
        return f' <span class="tebiki-badge tebiki-badge--{person.status.value}">{esc(text)}</span>'

    def person_link(self, pid: str | None, badge: bool = True) -> str:
        if not pid:
            return f'<span class="tebiki-badge tebiki-badge--no_owner">{esc(self.L["no_owner"])}</span>'
        person = self.hb.org.people.get(pid)
        if person is None:
            return (
                f'{esc(pid)} <span class="tebiki-badge tebiki-badge--unknown">'
                f'{esc(self.L["unknown_person"])}</span>'
            )
        link = f'<a href="{self.href(self.ctx.urls.person(pid))}">{esc(person.name)}</a>'
        return link + (self.status_badge(person) if badge else "")

    def people_links(self, ids: Sequence[str]) -> str:
        if not ids:
            return f'<span class="tebiki-muted">{esc(self.L["person.none"])}</span>'
        return "、".join(self.person_link(i) for i in ids) if self.L.lang == "ja" else ", ".join(
            self.person_link(i) for i in ids
        )

    def coverage_badge(self, proc_id: str) -> str:
        cls = self.hb.coverage.get(proc_id)
        if cls is None:
            return ""
        return f'<span class="tebiki-badge tebiki-badge--{cls.value}">{esc(self.L[cls.value])}</span>'

    def frequency(self, freq: str) -> str:
        return esc(self.L[f"freq.{freq}"]) if freq else "—"

    def review_cells(self, proc: Procedure) -> tuple[str, str]:
        reviewed = proc.reviewed.isoformat() if proc.reviewed else self.L["proc.never_reviewed"]
        due, overdue = self.hb.next_review(proc), self.hb.review_overdue(proc)
        due_text = due.isoformat() if due and due != NO_DUE_DATE else "—"
        if overdue:
            due_html = (
                f'<span class="tebiki-overdue">{esc(due_text)} '
                f'<span class="tebiki-badge tebiki-badge--overdue">{esc(self.L["proc.overdue"])}</span></span>'
            )
        else:
            due_html = esc(due_text)
        return esc(reviewed), due_html

    def chips(self, values: Sequence[str], cls: str = "tebiki-chip") -> str:
        return " ".join(f'<span class="{cls}">{esc(v)}</span>' for v in values)

    def table(self, head: Sequence[str], rows: Iterable[Sequence[str]], cls: str = "") -> str:
        """A table; `rows` cells are HTML already, `head` is plain text."""
        out = [f'<table class="{" ".join(filter(None, ("tebiki-table", cls)))}">']
        out.append("<thead><tr>" + "".join(f"<th>{esc(h)}</th>" for h in head) + "</tr></thead><tbody>")
        for row in rows:
            out.append("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>")
        out.append("</tbody></table>")
        return "\n".join(out)

    def figures_cards(self, items: Sequence[Card]) -> str:
        cards = "".join(
            f'<div class="tebiki-stat tebiki-stat--{esc(cls)}"><span class="tebiki-stat__value">{esc(str(value))}</span>'
            f'<span class="tebiki-stat__label">{esc(label)}</span></div>'
            for label, value, cls in items
        )
        notice = "" if self.hb.ownership_known else f'<p class="tebiki-warning">{esc(self.L["coverage.unknown"])}</p>'
        return f'{notice}<div class="tebiki-stats">{cards}</div>'

    def minutes(self, n: int | None) -> str:
        return esc(self.L.minutes(n)) if n is not None else ""

    def para(self, text: str, cls: str = "") -> str:
        klass = f' class="{cls}"' if cls else ""
        body = "<br>".join(esc(line) for line in text.strip().splitlines())
        return f"<p{klass}>{body}</p>"

    def muted(self, text: str) -> str:
        return f'<p class="tebiki-muted">{esc(text)}</p>'

    def map_figure(self, procs: Sequence[Procedure], caption: str) -> str:
        uri = self.uri
        return self.ctx.figures.map(
            uri, procs, self.hb.coverage,
            lambda p: self.ctx.links.href(uri, self.ctx.urls.procedure(p.id)), caption,
        )

    def summary_stats(self) -> list[Card]:
        s = self.hb.summary
        unknown = self.L["coverage.unknown.value"]  # spec rule 8: _org.yaml unreadable, coverage unknown

        def count(n: int | None) -> int | str:
            return unknown if n is None else n

        return [
            (self.L["procedures.count"], s.procedures, "procedures"),
            (self.L["covered"], count(s.covered), "covered"),
            (self.L["single_owner"], count(s.single_owner), "single_owner"),
            (self.L["no_owner"], count(s.no_owner), "no_owner"),
            (self.L["undocumented"], s.undocumented, "undocumented"),
        ]

    def dept_counts(self, did: str) -> tuple[int, int, int, int, int]:
        procs = self.ctx.index.procedures_by_department.get(did, [])
        classes = [self.hb.coverage.get(p.id) for p in procs]
        return (
            len(procs),
            classes.count(Coverage.COVERED),
            classes.count(Coverage.SINGLE_OWNER),
            classes.count(Coverage.NO_OWNER),
            len(self.ctx.index.undocumented_by_department.get(did, [])),
        )

    def problem_message(self, problem: Problem) -> str:
        return self.L.problem_message(problem)
