"""The handbook's pages as Markdown text: model in, page source out.

Each page is front matter (title, tags) + a Markdown `#` heading + `##` section
headings (so the table of contents and search sections work) + raw HTML blocks
for the content. Every YAML value is escaped with `safe.esc` / `safe.md_inline`,
and step descriptions are rendered and sanitised by `safe.DescriptionRenderer`,
so MkDocs' second Markdown pass cannot reinterpret anything from YAML.

The same functions serve the MkDocs plugin (links to built pages, diagrams
inline) and `export.render_markdown` (links to `.md` files, diagrams as `.svg`
files next to the pages): only `Links` and `Figures` differ.
"""

from __future__ import annotations

import logging
import posixpath
import re
from dataclasses import dataclass, field
from typing import Iterable, Sequence

from ..model import Coverage, Handbook, InventoryEntry, Person, Procedure, Status, Step
from ..problems import Problem
from . import charts
from .figures import Figures
from .index import HandbookIndex
from .labels import Labels
from .links import Links, SiteLinks, Urls
from .safe import DescriptionRenderer, esc, md_inline, safe_url, yaml_str

log = logging.getLogger(f"mkdocs.plugins.{__name__}")


# ---------------------------------------------------------------------- the pages

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
    index: HandbookIndex = field(init=False)

    def __post_init__(self) -> None:
        self.index = HandbookIndex.build(self.handbook)

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


def _front_matter(title: str | None, tags: Iterable[str] = ()) -> str:
    # Material and MkDocs print meta values without escaping: store them escaped.
    lines = ["---"] + ([f"title: {yaml_str(esc(title))}"] if title is not None else [])
    tags = list(dict.fromkeys(tags))
    if tags:
        lines.append("tags:")
        lines.extend(f"  - {yaml_str(esc(t))}" for t in tags)
    if len(lines) == 1:
        return ""  # an empty `---` block is not front matter to MkDocs: it would show as text
    lines.append("---")
    return "\n".join(lines) + "\n\n"


def _page(title: str, blocks: Iterable[str], tags: Iterable[str] = (), *, meta_title: bool = True) -> PageText:
    """`meta_title=False` leaves the title to the heading: Material appends the site
    name to a meta title, which on a home page named after the site reads twice."""
    head = [_front_matter(title if meta_title else None, tags), f"# {md_inline(title)}\n"]
    full, site, html = list(head), list(head), []
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


def _html(*chunks: str) -> Html:
    """A raw HTML block: starts at column 0 after a blank line, ends with one."""
    return Html("".join(chunks).strip() + "\n")


def _h2(text: str) -> str:
    return f"## {md_inline(text)}\n"


class _Writer:
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
        return esc(self.L[f"freq.{freq}"])

    def review_cells(self, proc: Procedure) -> tuple[str, str]:
        reviewed = proc.reviewed.isoformat() if proc.reviewed else self.L["proc.never_reviewed"]
        due = self.ctx.index.next_review.get(proc.id)
        overdue = due is None or due < self.hb.today
        due_text = due.isoformat() if due else "—"
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

    def figures_cards(self, items: Sequence[tuple[str, int, str]]) -> str:
        cards = "".join(
            f'<div class="tebiki-stat tebiki-stat--{esc(cls)}"><span class="tebiki-stat__value">{value}</span>'
            f'<span class="tebiki-stat__label">{esc(label)}</span></div>'
            for label, value, cls in items
        )
        return f'<div class="tebiki-stats">{cards}</div>'

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

    def summary_stats(self) -> list[tuple[str, int, str]]:
        s = self.hb.summary
        return [
            (self.L["procedures.count"], s.procedures, "procedures"),
            (self.L["covered"], s.covered, "covered"),
            (self.L["single_owner"], s.single_owner, "single_owner"),
            (self.L["no_owner"], s.no_owner, "no_owner"),
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
        try:
            return problem.message(self.L.lang)
        except ImportError:  # messages.py not installed: show the code and its values
            params = ", ".join(f"{k}={v}" for k, v in problem.params.items())
            return f"{problem.code} {params}".strip()


# --------------------------------------------------------------------------- home

def home_page(ctx: RenderContext) -> RenderedPage:
    uri = ctx.urls.home
    w, L, hb = _Writer(ctx, uri), ctx.labels, ctx.handbook
    title = ctx.site_title or L["home.title"]
    s = hb.summary
    blocks = [
        _html(f'<p class="tebiki-lead">{esc(L["home.lead"])}</p>'),
        _h2(L["home.at_a_glance"]),
        _html(
            w.figures_cards(w.summary_stats()),
            f'\n<p class="tebiki-links"><a href="{w.href(ctx.urls.coverage)}">{esc(L["coverage.title"])}</a>'
            f' · <a href="{w.href(ctx.urls.problems)}">{esc(L["problems.title"])}</a> '
            f'({esc(L.fmt("problems.summary", errors=s.errors, warnings=s.warnings))})'
            f' · <a href="{w.href(ctx.urls.people)}">{esc(L["people.title"])}</a></p>',
        ),
        _h2(L["home.departments"]),
        _html(_department_table(w)),
    ]
    figure = w.map_figure(list(hb.procedures.values()), L["home.map"])
    if figure:
        blocks += [_h2(L["home.map"]), _html(figure)]
    edit = ctx.inventory_file or ctx.org_file
    return RenderedPage("home", None, uri, title, _page(title, blocks, meta_title=not ctx.site_title), edit)


def _department_table(w: _Writer) -> str:
    L = w.L
    rows = []
    for did in w.ctx.index.procedures_by_department:
        if did not in w.hb.org.departments:
            continue
        n, cov, single, none, undoc = w.dept_counts(did)
        rows.append([w.dept_link(did), str(n), str(cov), str(single), str(none), str(undoc)])
    return w.table(
        [L["col.department"], L["procedures.count"], L["covered"], L["single_owner"], L["no_owner"], L["undocumented"]],
        rows, "tebiki-table--numbers",
    )


# --------------------------------------------------------------------- department

def department_page(ctx: RenderContext, did: str) -> RenderedPage:
    uri = ctx.urls.department(did)
    w, L, hb = _Writer(ctx, uri), ctx.labels, ctx.handbook
    dept = hb.org.departments[did]
    procs = ctx.index.procedures_by_department.get(did, [])
    n, cov, single, none, undoc = w.dept_counts(did)
    blocks = [
        _html(w.figures_cards([
            (L["procedures.count"], n, "procedures"), (L["covered"], cov, "covered"),
            (L["single_owner"], single, "single_owner"), (L["no_owner"], none, "no_owner"),
            (L["undocumented"], undoc, "undocumented"),
        ])),
        _h2(L["dept.procedures"]),
    ]
    if procs:
        rows = []
        for p in procs:
            reviewed, _due = w.review_cells(p)
            overdue = ctx.index.is_overdue(p, hb.today)
            reviewed_html = (
                f'<span class="tebiki-overdue">{reviewed}</span>' if overdue else reviewed
            )
            rows.append([
                w.proc_link(p), w.person_link(p.owner), w.people_links(p.backup_owners),
                w.coverage_badge(p.id), w.frequency(p.frequency), reviewed_html,
            ])
        blocks.append(_html(w.table(
            [L["col.procedure"], L["col.owner"], L["col.backups"], L["col.coverage"],
             L["col.frequency"], L["col.reviewed"]], rows, "tebiki-table--procedures",
        )))
    else:
        blocks.append(_html(w.muted(L["dept.none"])))
    undocumented = ctx.index.undocumented_by_department.get(did, [])
    if undocumented:
        blocks += [_h2(L["dept.undocumented"]), _html(_undocumented_table(w, undocumented, False))]
    members = [p for p in hb.org.people.values() if p.department == did]
    if members:
        blocks += [_h2(L["dept.people"]), _html(
            "<ul>" + "".join(f"<li>{w.person_link(p.id)}</li>" for p in members) + "</ul>"
        )]
    figure = w.map_figure(procs, L["dept.map"])
    if figure:
        blocks += [_h2(L["dept.map"]), _html(figure)]
    return RenderedPage("department", did, uri, dept.name, _page(dept.name, blocks), dept.location.file)


def _undocumented_table(w: _Writer, entries: Sequence[InventoryEntry], with_department: bool) -> str:
    L = w.L
    head = [L["col.id"], L["col.title"]] + ([L["col.department"]] if with_department else []) + [L["col.file"]]
    rows = []
    for e in entries:
        row = [f"<code>{esc(e.id)}</code>", esc(e.title)]
        if with_department:
            row.append(w.dept_link(e.department))
        row.append(f"<code>{esc(e.location.file)}:{e.location.line}</code>")
        rows.append(row)
    return w.table(head, rows)


# ---------------------------------------------------------------------- procedure

def procedure_page(ctx: RenderContext, proc: Procedure) -> RenderedPage:
    uri = ctx.urls.procedure(proc.id)
    w, L, hb = _Writer(ctx, uri), ctx.labels, ctx.handbook
    reviewed, due = w.review_cells(proc)
    card: list[tuple[str, str]] = [
        (L["proc.department"], w.dept_link(proc.department)),
        (L["proc.owner"], w.person_link(proc.owner)),
        (L["proc.backups"], w.people_links(proc.backup_owners)),
        (L["col.coverage"], w.coverage_badge(proc.id)),
        (L["proc.frequency"], w.frequency(proc.frequency)),
    ]
    if proc.trigger:
        card.append((L["proc.trigger"], esc(proc.trigger)))
    if proc.systems:
        card.append((L["proc.systems"], w.chips(proc.systems)))
    if proc.references:
        items = []
        for ref in proc.references:
            url = safe_url(ref.url)
            if url:
                items.append(f'<li><a href="{esc(url)}" rel="noopener noreferrer">{esc(ref.title)}</a></li>')
            elif ref.url:
                items.append(f"<li>{esc(ref.title)} <code>{esc(ref.url)}</code></li>")
            else:
                items.append(f"<li>{esc(ref.title)}</li>")
        card.append((L["proc.references"], "<ul>" + "".join(items) + "</ul>"))
    if proc.tags:
        card.append((L["proc.tags"], w.chips(proc.tags, "tebiki-chip tebiki-chip--tag")))
    card.append((L["proc.reviewed"], reviewed))
    card.append((L["proc.next_review"], due))
    if proc.total_minutes:
        card.append((L["proc.total_minutes"], w.minutes(proc.total_minutes)))
    card_html = '<div class="tebiki-card"><dl>' + "".join(
        f"<dt>{esc(k)}</dt><dd>{v}</dd>" for k, v in card
    ) + "</dl></div>"

    blocks = [_html(w.para(proc.summary, "tebiki-lead")), _html(card_html)]
    problems = ctx.index.problems_by_file.get(proc.file, [])
    if problems:
        items = "".join(
            f"<li><code>{esc(p.file)}:{p.line}</code> {esc(p.code)}: {esc(w.problem_message(p))}</li>"
            for p in problems
        )
        kind = "failure" if any(p.severity == "error" for p in problems) else "warning"
        blocks.append(_html(
            f'<div class="admonition {kind}"><p class="admonition-title">{esc(L["proc.problems"])}</p>'
            f"<ul>{items}</ul></div>"
        ))
    figure = ctx.figures.flow(uri, proc, L["proc.flow"])
    if figure:
        blocks += [_h2(L["proc.flow"]), _html(figure)]
    blocks += [_h2(L["proc.steps"]), _html(_steps(w, proc))]
    related = ctx.index.related_of(proc, hb)
    if related:
        blocks += [_h2(L["proc.related"]), _html(
            "<ul>" + "".join(
                f"<li>{w.proc_link(r)} <span class=\"tebiki-muted\">{esc(w.dept_name(r.department))}</span></li>"
                for r in related
            ) + "</ul>"
        )]
    return RenderedPage("procedure", proc.id, uri, proc.title, _page(proc.title, blocks, proc.tags), proc.file)


def _steps(w: _Writer, proc: Procedure) -> str:
    L = w.L
    numbers = {s.id: i for i, s in enumerate(proc.steps, 1)}
    out = ['<ol class="tebiki-steps">']
    for i, step in enumerate(proc.steps, 1):
        sid = esc(step.id)
        meta = [
            f'<span class="tebiki-step__actor">{esc(L["step.actor"])}: {esc(step.actor)}</span>',
            f'<span class="tebiki-mode tebiki-mode--{step.mode.value}">{esc(L["mode." + step.mode.value])}</span>',
        ]
        if step.minutes is not None:
            meta.append(f'<span class="tebiki-step__minutes">{w.minutes(step.minutes)}</span>')
        out.append(
            f'<li class="tebiki-step tebiki-step--{step.mode.value}" value="{i}">'
            f'<h3 id="step-{sid}"><span class="tebiki-step__no">{i}</span> {esc(step.title)}'
            f'<a class="headerlink" href="#step-{sid}" title="Permanent link">&para;</a></h3>'
            f'<p class="tebiki-step__meta">{" ".join(meta)}</p>'
        )
        body = w.ctx.descriptions.render(step.description)
        if body:
            out.append(f'<div class="tebiki-step__body">\n{body}\n</div>')
        next_line = _next_line(w, proc, step, i, numbers)
        out.append(f"{next_line}</li>" if next_line else "</li>")
    out.append("</ol>")
    return "\n".join(out)


def _next_line(w: _Writer, proc: Procedure, step: Step, i: int, numbers: dict[str, int]) -> str:
    L = w.L
    targets = []
    for t in step.next:
        if t.to in numbers:
            target = proc.steps[numbers[t.to] - 1]
            link = f'<a href="#step-{esc(t.to)}">{numbers[t.to]}. {esc(target.title)}</a>'
        else:
            link = f"<code>{esc(t.to)}</code>"
        if t.when:
            link += f' <span class="tebiki-when">({esc(t.when)})</span>'
        targets.append(link)
    # The default edge to the following step needs no line; a branch, a jump or the end does.
    if len(step.next) == 1 and not step.next[0].explicit and not step.next[0].when:
        return ""
    if not step.next and i < len(proc.steps):
        return f'<p class="tebiki-step__next">{esc(L["step.next"])}: {esc(L["step.end"])}</p>'
    if not step.next:
        return ""
    if len(targets) == 1 and step.next[0].to in numbers and numbers[step.next[0].to] == i + 1 and not step.next[0].when:
        return ""
    return f'<p class="tebiki-step__next">{esc(L["step.next"])}: {" / ".join(targets)}</p>'


# ------------------------------------------------------------------------- people

def person_page(ctx: RenderContext, pid: str) -> RenderedPage:
    """The person's procedures, the steps they perform and what their leaving
    would leave uncovered (definitions: `tebiki.render.index`)."""
    uri = ctx.urls.person(pid)
    w, L, hb, ix = _Writer(ctx, uri), ctx.labels, ctx.handbook, ctx.index
    person = hb.org.people[pid]
    owns, backs = ix.owns.get(pid, []), ix.backs_up.get(pid, [])
    status = esc(L[f"status.{person.status.value}"])
    if person.status is Status.LEAVING and person.leaving_on:
        status += f" {person.leaving_on.isoformat()}"
    card = (
        '<div class="tebiki-card"><dl>'
        f'<dt>{esc(L["person.department"])}</dt><dd>{w.dept_link(person.department)}</dd>'
        f'<dt>{esc(L["person.status"])}</dt><dd><span class="tebiki-badge tebiki-badge--{person.status.value}">'
        f"{status}</span></dd>"
        f'<dt>{esc(L["col.id"])}</dt><dd><code>{esc(pid)}</code></dd>'
        "</dl></div>"
    )
    blocks = [_html(card)]
    for heading, procs in ((L["person.owns"], owns), (L["person.backs_up"], backs)):
        blocks.append(_h2(heading))
        if procs:
            blocks.append(_html(w.table(
                [L["col.procedure"], L["col.department"], L["col.coverage"], L["col.frequency"]],
                ([w.proc_link(p), w.dept_link(p.department), w.coverage_badge(p.id), w.frequency(p.frequency)]
                 for p in procs),
            )))
        else:
            blocks.append(_html(w.muted(L["person.none"])))

    blocks += [_h2(L["person.steps"]), _html(w.muted(L["person.steps.help"]))]
    named = ix.steps_named_for(hb, pid)
    parts = []
    if named:
        parts.append('<ul class="tebiki-person-steps">' + "".join(
            f'<li><a href="{w.href(ctx.urls.procedure(p.id))}#step-{esc(s.id)}">'
            f"{esc(p.title)} — {esc(s.title)}</a>"
            f' <span class="tebiki-muted">({esc(s.actor)})</span></li>'
            for p, s in named
        ) + "</ul>")
    for proc in list(dict.fromkeys(owns + backs)):
        by_actor: dict[str, list[Step]] = {}
        for s in proc.steps:
            by_actor.setdefault(s.actor, []).append(s)
        numbers = {s.id: i for i, s in enumerate(proc.steps, 1)}
        groups = "".join(
            f"<li>{esc(actor)}: " + "、".join(
                f'<a href="{w.href(ctx.urls.procedure(proc.id))}#step-{esc(s.id)}">{numbers[s.id]}. {esc(s.title)}</a>'
                for s in steps
            ) + "</li>"
            for actor, steps in by_actor.items()
        )
        parts.append(f'<div class="tebiki-person-proc"><p>{w.proc_link(proc)}</p><ul>{groups}</ul></div>')
    blocks.append(_html("\n".join(parts) if parts else w.muted(L["person.none"])))

    no_owner, single = ix.if_left(hb, pid)
    blocks.append(_h2(L["person.if_left"]))
    if not no_owner and not single:
        blocks.append(_html(w.muted(L["person.if_left.none"])))
    for heading, procs, cls in (
        (L["person.if_left.no_owner"], no_owner, "no_owner"),
        (L["person.if_left.single"], single, "single_owner"),
    ):
        if procs:
            blocks.append(_html(
                f'<p><span class="tebiki-badge tebiki-badge--{cls}">{esc(heading)}</span></p><ul>'
                + "".join(f"<li>{w.proc_link(p)}</li>" for p in procs) + "</ul>"
            ))
    return RenderedPage("person", pid, uri, person.name, _page(person.name, blocks), person.location.file)


def people_page(ctx: RenderContext) -> RenderedPage:
    uri = ctx.urls.people
    w, L, hb, ix = _Writer(ctx, uri), ctx.labels, ctx.handbook, ctx.index
    rows = [
        [w.person_link(p.id), w.dept_link(p.department), esc(L[f"status.{p.status.value}"]),
         str(len(ix.owns.get(p.id, []))), str(len(ix.backs_up.get(p.id, [])))]
        for p in hb.org.people.values()
    ]
    blocks = [_html(w.table(
        [L["col.person"], L["col.department"], L["col.status"], L["col.owns"], L["col.backs_up"]], rows,
    ))]
    title = L["people.title"]
    return RenderedPage("people", None, uri, title, _page(title, blocks), ctx.org_file)


# ----------------------------------------------------------------------- coverage

def coverage_page(ctx: RenderContext) -> RenderedPage:
    uri = ctx.urls.coverage
    w, L, hb, ix = _Writer(ctx, uri), ctx.labels, ctx.handbook, ctx.index
    stats = w.summary_stats()
    blocks = [
        _h2(L["coverage.summary"]),
        _html(w.figures_cards(stats)),
        _html(f'<div class="tebiki-chart-box">{charts.bars(L["coverage.chart"], [(lab, v, c) for lab, v, c in stats[1:]])}</div>'),
        _h2(L["coverage.by_department"]),
        _html(_department_table(w)),
    ]
    dept_rows = []
    for did, dept in hb.org.departments.items():
        _n, cov, single, none, undoc = w.dept_counts(did)
        dept_rows.append((dept.name, [
            (cov, "covered", L["covered"]), (single, "single_owner", L["single_owner"]),
            (none, "no_owner", L["no_owner"]), (undoc, "undocumented", L["undocumented"]),
        ]))
    if dept_rows:
        blocks.append(_html(
            f'<div class="tebiki-chart-box">{charts.stacked_bars(L["coverage.chart.department"], dept_rows)}</div>'
        ))

    order = {Coverage.NO_OWNER: 0, Coverage.SINGLE_OWNER: 1}
    at_risk = sorted(
        (p for p in hb.procedures.values() if hb.coverage.get(p.id) in order),
        key=lambda p: order[hb.coverage[p.id]],
    )
    blocks.append(_h2(L["coverage.at_risk"]))
    blocks.append(_html(w.table(
        [L["col.coverage"], L["col.procedure"], L["col.department"], L["col.owner"], L["col.backups"]],
        ([w.coverage_badge(p.id), w.proc_link(p), w.dept_link(p.department), w.person_link(p.owner),
          w.people_links(p.backup_owners)] for p in at_risk),
    ) if at_risk else w.muted(L["coverage.at_risk.none"])))

    undocumented = hb.undocumented
    blocks.append(_h2(L["coverage.undocumented"]))
    blocks.append(_html(
        _undocumented_table(w, undocumented, True) if undocumented else w.muted(L["coverage.undocumented.none"])
    ))

    leaving = [p for p in hb.org.people.values() if p.status is not Status.ACTIVE]
    blocks.append(_h2(L["coverage.leaving"]))
    blocks.append(_html(w.table(
        [L["col.person"], L["col.department"], L["col.owns"], L["col.backs_up"]],
        ([w.person_link(p.id), w.dept_link(p.department),
          "<br>".join(w.proc_link(x) for x in ix.owns.get(p.id, [])) or "—",
          "<br>".join(w.proc_link(x) for x in ix.backs_up.get(p.id, [])) or "—"] for p in leaving),
    ) if leaving else w.muted(L["coverage.leaving.none"])))

    blocks.append(_h2(L["coverage.overdue"]))
    rows = []
    for p in ix.overdue:
        reviewed, due = w.review_cells(p)
        rows.append([w.proc_link(p), w.dept_link(p.department), w.person_link(p.owner), reviewed, due])
    blocks.append(_html(w.table(
        [L["col.procedure"], L["col.department"], L["col.owner"], L["col.reviewed"], L["col.next_review"]], rows,
    ) if rows else w.muted(L["coverage.overdue.none"])))
    title = L["coverage.title"]
    return RenderedPage("coverage", None, uri, title, _page(title, blocks), ctx.inventory_file or ctx.org_file)


# ----------------------------------------------------------------------- problems

def problems_page(ctx: RenderContext) -> RenderedPage:
    uri = ctx.urls.problems
    w, L, hb = _Writer(ctx, uri), ctx.labels, ctx.handbook
    s = hb.summary
    blocks = [_html(f'<p class="tebiki-lead">{esc(L["problems.lead"])}</p>'
                    f'<p><strong>{esc(L.fmt("problems.summary", errors=s.errors, warnings=s.warnings))}</strong></p>')]
    if hb.problems:
        rows = []
        for p in hb.problems:
            where = f"{p.file}:{p.line}" + (f":{p.column}" if p.column else "")
            cell = f"<code>{esc(where)}</code>"
            if p.procedure and p.procedure in hb.procedures and hb.procedures[p.procedure].file == p.file:
                cell = f'<a href="{w.href(ctx.urls.procedure(p.procedure))}">{cell}</a>'
            sev = p.severity.value if hasattr(p.severity, "value") else str(p.severity)
            rows.append([
                cell,
                f'<span class="tebiki-badge tebiki-badge--{esc(sev)}">{esc(L["severity." + sev])}</span>',
                f"<code>{esc(p.code)}</code>",
                esc(w.problem_message(p)),
            ])
        blocks.append(_html(w.table(
            [L["col.file"], L["col.severity"], L["col.code"], L["col.message"]], rows, "tebiki-table--problems",
        )))
    else:
        blocks.append(_html(w.muted(L["problems.none"])))
    title = L["problems.title"]
    return RenderedPage("problems", None, uri, title, _page(title, blocks), None)


# --------------------------------------------------------------------------- all

def all_pages(ctx: RenderContext) -> list[RenderedPage]:
    """Every page of the handbook, in navigation order."""
    hb = ctx.handbook
    pages = [home_page(ctx)]
    for did in hb.org.departments:
        pages.append(department_page(ctx, did))
        pages.extend(procedure_page(ctx, p) for p in ctx.index.procedures_by_department.get(did, []))
    # Procedures whose department is unknown still get a page (their problem says why).
    pages.extend(procedure_page(ctx, p) for p in hb.procedures.values() if p.department not in hb.org.departments)
    pages.append(people_page(ctx))
    pages.extend(person_page(ctx, pid) for pid in hb.org.people)
    pages.append(coverage_page(ctx))
    pages.append(problems_page(ctx))
    return pages
