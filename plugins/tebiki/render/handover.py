"""A person's hand-over pack (引き継ぎ資料): everything they own or back up, with who
else holds it and suggested successors, one procedure per printed page (tebiki.css,
`@media print`: A4, headings kept with what follows).

Figures come from `tebiki.risk` only, the same functions `tebiki whatif` uses
(templates/handover.html).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterator, Mapping

from ..model import Person, Procedure, Status
from ..risk import WorkHeld, handover_candidates, holders, work_held, workload_hours
from .context import RenderContext, RenderedPage
from .fragments import Writer
from .index import HandbookIndex
from .markup import Macros, template
from .procedure import steps
from .safe import safe_url
from .slots import h2, html_block, page_text
from .workload_page import procedure_card_rows

SUCCESSORS_SHOWN = 3


def _t() -> Macros:
    return template("handover.html")


def has_pack(index: HandbookIndex, pid: str) -> bool:
    """Whether the person owns or backs up a procedure (and so has a hand-over pack)."""
    return pid in index.owns or pid in index.backs_up


@dataclass
class PackShared:
    """What every pack of one build shares, computed once instead of once a pack (at
    10,000 procedures and 2,000 people, once a pack is minutes): the work each person
    holds and the people of each department. (Each procedure's steps are made once per
    build for its page and every pack: `procedure.steps`.)"""

    work: Mapping[str, WorkHeld]
    people_by_department: Mapping[str, list[Person]]

    @classmethod
    def of(cls, ctx: RenderContext) -> "PackShared":
        hb = ctx.handbook
        procedures = list(hb.procedures.values())
        by_department: dict[str, list[Person]] = {}
        for person in hb.org.people.values():
            by_department.setdefault(person.department, []).append(person)
        return cls(work_held(procedures, hb.org, workload_hours(procedures, ctx.working_days)), by_department)


def handover_pages(ctx: RenderContext) -> Iterator[RenderedPage]:
    """The pack of every person who owns or backs up a procedure, in _org.yaml order, one at a time."""
    shared = PackShared.of(ctx)
    return (handover_page(ctx, pid, shared) for pid in ctx.handbook.org.people if has_pack(ctx.index, pid))


def handover_page(ctx: RenderContext, pid: str, shared: PackShared | None = None) -> RenderedPage:
    """Everything the person owns or backs up, one procedure per printed page."""
    uri = ctx.urls.handover(pid)
    w, L, hb = Writer(ctx, uri), ctx.labels, ctx.handbook
    shared = shared or PackShared.of(ctx)
    person = hb.org.people[pid]
    mine = ctx.index.owns.get(pid, []) + ctx.index.backs_up.get(pid, [])
    work = shared.work
    deadline = person.leaving_on.isoformat() if person.leaving_on and person.status is Status.LEAVING else None
    cover: list[tuple[str, object]] = [
        (L["person.department"], w.dept_link(person.department)),
        (L["person.status"], L[f"status.{person.status.value}"]),
        (L["pack.deadline"], deadline or L["pack.deadline.none"]),
        (L["pack.prepared"], hb.today.isoformat()),
    ]
    if person.roles:
        cover.append((L["person.roles"], w.chips(person.roles)))
    blocks: list[str] = [html_block(_t().cover(
        L.fmt("pack.lead", name=person.name), w.f.card(cover),
        w.f.link(w.href(ctx.urls.person(pid)), L["pack.back"])))]
    plans = {p.id: _plan(p, pid, ctx, work, shared.people_by_department.get(p.department, [])) for p in mine}
    blocks.append(h2(L["pack.contents"]))
    blocks.append(html_block(w.table(
        [L["pack.col.no"], L["col.procedure"], L["pack.role"], L["pack.others"], L["pack.successors"]],
        ([i, _t().contents_link(p.id, p.title), L[f"pack.role.{plans[p.id][0]}"],
          w.people_links(plans[p.id][1]), w.people_links(plans[p.id][2])] for i, p in enumerate(mine, 1)),
    ) if mine else w.muted(L["pack.nothing"])))
    for i, proc in enumerate(mine, 1):
        blocks += _pack_procedure(w, proc, i, plans[proc.id], deadline, shared)
    title = L.fmt("pack.title", name=person.name)
    # Kept out of search: every procedure in it has its own page, which search should find.
    return RenderedPage("handover", pid, uri, title, page_text(title, blocks, search_exclude=True),
                        person.location.file)


def _plan(proc: Procedure, pid: str, ctx: RenderContext, work: Mapping[str, WorkHeld],
          department: list[Person]) -> tuple[str, list[str], list[str]]:
    """(the person's role, others who hold it, suggested successors)."""
    org = ctx.handbook.org
    role = "owner" if proc.owner == pid else "backup"
    others = [h for h in holders(proc, org) if h != pid]
    successors = list(handover_candidates(proc, org, work, gone={pid}, people=department)[:SUCCESSORS_SHOWN])
    return role, others, successors


def _pack_procedure(w: Writer, proc: Procedure, number: int, plan: tuple[str, list[str], list[str]],
                    deadline: str | None, shared: PackShared) -> list[str]:
    L = w.L
    role, others, successors = plan
    anchor = f"{proc.id}--step-"
    rows: list[tuple[str, object]] = [
        (L["pack.role"], L[f"pack.role.{role}"]),
        (L["proc.department"], w.dept_link(proc.department)),
        (L["proc.owner"], w.person_link(proc.owner)),
        (L["proc.backups"], w.people_links(proc.backup_owners)),
        (L["pack.others"], w.people_links(others) if others else L["pack.others.none"]),
    ]
    if proc.trainees:
        rows.append((L["trainees"], w.people_links([t.person for t in proc.trainees])))
    rows += [
        (L["pack.successors"], w.people_links(successors) if successors else L["pack.successors.none"]),
        (L["pack.deadline"], deadline or L["pack.deadline.none"]),
        (L["proc.frequency"], w.frequency(proc.frequency)),
    ]
    rows += procedure_card_rows(w.ctx, w, proc)  # 業務量: hours per year, as on the procedure page
    if proc.trigger:
        rows.append((L["proc.trigger"], proc.trigger))
    if proc.systems:
        rows.append((L["proc.systems"], w.chips(proc.systems)))
    if proc.references:
        rows.append((L["proc.references"],
                     _t().references([(ref.title, safe_url(ref.url), ref.url) for ref in proc.references])))
    # An empty block before the heading starts each procedure on a new printed page.
    out = [html_block(_t().page_break(proc.id)),
           h2(f"{number}. {proc.title}"),
           html_block(w.para(proc.summary, "tebiki-lead"), w.f.card(rows))]
    figure = w.ctx.figures.flow(w.uri, proc, f'{proc.title} — {L["proc.flow"]}', anchor=anchor)
    if figure:
        out.append(html_block(_t().subhead(L["proc.flow"]), figure))
    out.append(html_block(_t().subhead(L["proc.steps"]), steps(w, proc, anchor)))
    return out
