"""The HTML pieces all page types share (links, badges, tables, figures), for one
page: a `Writer` calls the macros of `templates/fragments.html` and returns Markup.
The page modules (`home`, `department`, `procedure`, …) are made of these and of
their own templates."""

from __future__ import annotations

from typing import Callable, Iterable, Sequence

from markupsafe import Markup

from ..coverage import NO_DUE_DATE
from ..model import Coverage, Person, Procedure, Status
from ..problems import Problem
from .context import RenderContext
from .markup import Macros, fragments, html, join


Card = tuple[str, "int | str", str]
"""A figure card: (label, value, CSS class suffix); the value is a word when it is unknown."""


class Writer:
    """Shared fragments of all page types, for one page (`uri`)."""

    def __init__(self, ctx: RenderContext, uri: str) -> None:
        self.ctx, self.uri, self.L = ctx, uri, ctx.labels
        self.hb = ctx.handbook
        self.f: Macros = fragments()

    def href(self, to_uri: str) -> Markup:
        return html(self.ctx.links.href(self.uri, to_uri))

    def shared(self, key: tuple[str, ...], make: Callable[[], Markup]) -> Markup:
        """The fragment made once per build for `key`, which names everything it shows."""
        made = self.ctx.shared_fragments.get(key)
        if made is None:
            made = self.ctx.shared_fragments[key] = make()
        return made

    def proc_link(self, proc: Procedure) -> Markup:
        href = self.href(self.ctx.urls.procedure(proc.id))
        return self.shared(("proc", href, proc.id), lambda: self.f.link(href, proc.title))

    def dept_name(self, did: str) -> str:
        dept = self.hb.org.departments.get(did)
        return dept.name if dept else did

    def dept_link(self, did: str) -> Markup:
        if did not in self.hb.org.departments:
            return html(did)
        href = self.href(self.ctx.urls.department(did))
        return self.shared(("dept", href, did), lambda: self.f.link(href, self.dept_name(did)))

    def status_text(self, person: Person) -> str:
        """«退職予定 2027-03-31»: the status label, with the date of a leaving person."""
        text = self.L[f"status.{person.status.value}"]
        if person.status is Status.LEAVING and person.leaving_on:
            text += f" {person.leaving_on.isoformat()}"
        return text

    def status_badge(self, person: Person) -> Markup:
        if person.status is Status.ACTIVE:
            return html("")
        return self.f.badge_after(person.status.value, self.status_text(person))

    def person_link(self, pid: str | None, badge: bool = True) -> Markup:
        if not pid:
            return self.f.badge("no_owner", self.L["no_owner"])
        person = self.hb.org.people.get(pid)
        if person is None:
            return self.f.unknown_person(pid, self.L["unknown_person"])
        href = self.href(self.ctx.urls.person(pid))
        return self.shared(("person", href, pid, "badge" if badge else ""), lambda: self.f.link(
            href, person.name) + (self.status_badge(person) if badge else html("")))

    def names_sep(self) -> str:
        return "、" if self.L.lang == "ja" else ", "

    def people_links(self, ids: Sequence[str], sep: str | Markup | None = None) -> Markup:
        """Linked names separated by 、 (ja) or `, ` (en) or `sep`; «なし» when there are none."""
        if not ids:
            return self.f.muted_span(self.L["person.none"])
        return join((self.person_link(i) for i in ids), self.names_sep() if sep is None else sep)

    def joined(self, items: Sequence[object], sep: str | Markup) -> Markup:
        """Items with `sep` between, or «—» when there are none."""
        return join(items, sep) if items else html("—")

    def lines(self, items: Sequence[object]) -> Markup:
        """Items one per line (`<br>` between), or «—» when there are none."""
        return self.joined(items, self.f.br())

    def coverage_badge(self, proc_id: str) -> Markup:
        cls = self.hb.coverage.get(proc_id)
        if cls is None:
            return html("")
        return self.f.badge(cls.value, self.L[cls.value])

    def frequency(self, freq: str) -> Markup:
        return html(self.L[f"freq.{freq}"] if freq else "—")

    def overdue(self, text: str | Markup) -> Markup:
        """«2026-04-01 期限切れ»: marked by a word, not by colour alone."""
        return self.f.overdue(text, self.L["proc.overdue"])

    def review_cells(self, proc: Procedure) -> tuple[Markup, Markup]:
        reviewed = proc.reviewed.isoformat() if proc.reviewed else self.L["proc.never_reviewed"]
        due, overdue = self.hb.next_review(proc), self.hb.review_overdue(proc)
        due_text = due.isoformat() if due and due != NO_DUE_DATE else "—"
        return html(reviewed), (self.overdue(due_text) if overdue else html(due_text))

    def chips(self, values: Sequence[str], cls: str = "tebiki-chip") -> Markup:
        return self.f.chips(values, cls)

    def table(self, head: Sequence[str], rows: Iterable[Sequence[object]], cls: str = "") -> Markup:
        """A table; `head` is plain text, cells are escaped unless Markup."""
        return self.f.table(head, rows, " ".join(filter(None, ("tebiki-table", cls))))

    def figures_cards(self, items: Sequence[Card]) -> Markup:
        warning = "" if self.hb.ownership_known else self.L["coverage.unknown"]
        return self.f.stats(items, warning)

    def minutes(self, n: int | None) -> Markup:
        return html(self.L.minutes(n) if n is not None else "")

    def para(self, text: str, cls: str = "") -> Markup:
        return self.f.para(text.strip().splitlines(), cls)

    def muted(self, text: str) -> Markup:
        return self.f.muted(text)

    def map_figure(self, procs: Sequence[Procedure], caption: str) -> Markup:
        # what the map reads, and only that: a page kept for the next build (page_memo)
        # keeps its figure's recipe, not the whole handbook through this writer
        uri, links, urls = self.uri, self.ctx.links, self.ctx.urls
        known = self.hb.coverage  # looked up by the map's procedures, not looked through (10,000 per department)
        coverage = {p.id: known[p.id] for p in procs if p.id in known}
        return self.ctx.figures.map(uri, procs, coverage, lambda p: links.href(uri, urls.procedure(p.id)), caption)

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
