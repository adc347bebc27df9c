"""The 属人化 risk on the site: the coverage page's truck factor, departures and
scenarios sections, the 星取表 page and each person's hand-over pack (引き継ぎ資料).

Figures come from `tebiki.risk` and `tebiki.skills` only, the same functions
`tebiki whatif` and `tebiki skills` use. The pack is laid out for printing
(tebiki.css, `@media print`): A4, each procedure starting on a new page,
headings kept with what follows.
"""

from __future__ import annotations

from typing import Mapping

from ..model import Handbook, Procedure, Status
from ..risk import (
    Departure,
    TruckFactor,
    WorkHeld,
    departures,
    handover_candidates,
    holders,
    truck_factor,
    truck_factors,
    what_if,
    work_held,
    workload_hours,
)
from ..skills import SkillMatrix, skill_matrices
from . import pages  # the steps of a procedure page, reused in the pack (pages imports this module)
from .blocks import RenderContext, RenderedPage, Writer, h2, html_block, page_text
from .safe import esc, safe_url
from .workload_page import procedure_card_rows

SUCCESSORS_SHOWN = 3


def _names(w: Writer, ids: tuple[str, ...] | list[str], sep: str | None = None) -> str:
    if not ids:
        return f'<span class="tebiki-muted">{esc(w.L["person.none"])}</span>'
    sep = sep or ("、" if w.L.lang == "ja" else ", ")
    return sep.join(w.person_link(i) for i in ids)


def _proc_links(w: Writer, ids: tuple[str, ...] | list[str]) -> str:
    procs = [w.hb.procedures[i] for i in ids if i in w.hb.procedures]
    return "<br>".join(w.proc_link(p) for p in procs) or "—"


# ------------------------------------------------------------------ coverage page

def coverage_sections(w: Writer) -> list[str]:
    """Blocks appended to the coverage page: truck factor, departures, scenarios; none
    when `_org.yaml` could not be read (the page says ownership is unknown)."""
    hb, L = w.hb, w.L
    if not hb.ownership_known:
        return []
    procedures = list(hb.procedures.values())
    blocks: list[str] = [h2(L["truck.title"]), html_block(w.muted(L["truck.lead"]))]
    factors = sorted(truck_factors(procedures, hb.org),
                     key=lambda t: (t.factor, list(hb.org.departments).index(t.department)))
    blocks.append(html_block(w.table(
        [L["col.department"], L["procedures.count"], L["truck.col.factor"], L["truck.col.order"],
         L["truck.col.effect"]],
        ([w.dept_link(t.department), str(t.procedures), f'<strong class="tebiki-truck">{t.factor}</strong>',
          " → ".join(w.person_link(p) for p in t.order) or "—", esc(truck_sentence(w, t))] for t in factors),
        "tebiki-table--truck",
    ) if factors else w.muted(L["dept.none"])))

    blocks += [h2(L["departures.title"]), html_block(w.muted(L["departures.lead"]))]
    timeline = departures(procedures, hb.org, hb.today)
    blocks.append(html_block(_departures_table(w, timeline) if timeline else w.muted(L["departures.none"])))

    if w.ctx.scenarios:
        blocks += [h2(L["scenarios.title"]), html_block(w.muted(L["scenarios.lead"])),
                   html_block(_scenarios(w, procedures))]
    return blocks


def department_note(w: Writer, did: str) -> str:
    """The department's truck factor in one line, with links to the coverage page and the 星取表."""
    t = truck_factor(did, list(w.hb.procedures.values()), w.hb.org)
    if t is None:
        return ""
    return (f'<p class="tebiki-truck-note">{esc(w.L["truck.col.factor"])} <strong class="tebiki-truck">{t.factor}'
            f'</strong>: {esc(truck_sentence(w, t))} · <a href="{w.href(w.ctx.urls.coverage)}">'
            f'{esc(w.L["truck.title"])}</a> · <a href="{w.href(w.ctx.urls.skills)}">{esc(w.L["skills.link"])}</a></p>')


def truck_sentence(w: Writer, t: TruckFactor) -> str:
    """«この2人が抜けると総務の5手順を担える人がいなくなります»."""
    department = w.dept_name(t.department)
    if not t.order:
        return w.L.fmt("truck.already", department=department, k=len(t.no_holder_before))
    return w.L.fmt("truck.sentence", n=t.factor, department=department, k=t.no_holder_after)


def _departures_table(w: Writer, timeline: list[Departure]) -> str:
    L = w.L
    rows = []
    for d in timeline:
        dropped = "<br>".join(
            f"{w.proc_link(w.hb.procedures[x.procedure])} "
            f'<span class="tebiki-muted">{esc(L[x.before.value])} → {esc(L[x.after.value])}</span>'
            for x in d.dropped) or "—"
        rows.append([esc(d.on.isoformat()), _names(w, d.people, "<br>"), _proc_links(w, d.no_holder), dropped])
    return w.table([L["departures.col.date"], L["departures.col.people"], L["departures.col.no_holder"],
                    L["departures.col.dropped"]], rows, "tebiki-table--departures")


def _scenarios(w: Writer, procedures: list[Procedure]) -> str:
    L, hb = w.L, w.hb
    hours = workload_hours(procedures, w.ctx.working_days)
    out = []
    for scenario in w.ctx.scenarios:
        result = what_if(procedures, hb.org, scenario.people, scenario.on, hours)
        rows = [(L["scenarios.people"], _names(w, list(result.left)))]
        if scenario.on:
            rows.append((L["scenarios.on"], esc(scenario.on.isoformat())))
        rows.append((L["scenarios.no_holder"], f"<strong>{len(result.no_holder)}</strong><br>"
                     + _proc_links(w, result.no_holder)))
        rows.append((L["scenarios.dropped"], f"<strong>{len(result.dropped)}</strong><br>"
                     + _proc_links(w, [d.procedure for d in result.dropped])))
        rows.append((L["scenarios.hours"], esc(L.fmt("scenarios.hours.value",
                                                     hours=result.hours_per_year_without_holder,
                                                     k=result.hours_counted))))
        out.append(f'<div class="tebiki-card tebiki-scenario"><p><strong>{esc(scenario.name)}</strong></p><dl>'
                   + "".join(f"<dt>{esc(k)}</dt><dd>{v}</dd>" for k, v in rows) + "</dl></div>")
    return "\n".join(out)


# --------------------------------------------------------------------- 星取表

def skills_page(ctx: RenderContext) -> RenderedPage:
    uri = ctx.urls.skills
    w, L, hb = Writer(ctx, uri), ctx.labels, ctx.handbook
    legend = (f'<p class="tebiki-skills-legend"><span class="tebiki-skills__single">{esc(L["skills.legend.single"])}'
              f'</span> <span class="tebiki-skills__none">{esc(L["skills.legend.none"])}</span></p>')
    blocks: list[str] = [html_block(f'<p class="tebiki-lead">{esc(L["skills.lead"])}</p>', legend)]
    for matrix in skill_matrices(list(hb.procedures.values()), hb.org):
        blocks.append(h2(w.dept_name(matrix.department)))
        blocks.append(html_block(skills_table(w, matrix) if matrix.procedures else w.muted(L["skills.none"])))
    title = L["skills.title"]
    return RenderedPage("skills", None, uri, title, page_text(title, blocks), ctx.org_file)


def _column_class(matrix: SkillMatrix, procedure_id: str) -> str:
    holders_count = matrix.column_total(procedure_id)
    return {0: "tebiki-skills__none", 1: "tebiki-skills__single"}.get(holders_count, "")


def skills_table(w: Writer, matrix: SkillMatrix) -> str:
    """People × procedures; ◎ ○ △; row and column totals; one-holder columns highlighted."""
    L = w.L
    head = [f'<th>{esc(L["skills.col.person"])}</th>'] + [
        f'<th class="{_column_class(matrix, p.id)}">{w.proc_link(p)}</th>' for p in matrix.procedures
    ] + [f'<th>{esc(L["skills.col.total"])}</th>']
    rows = []
    for person in matrix.people:
        other = (f' <span class="tebiki-muted">({esc(w.dept_name(person.department))})</span>'
                 if person.department != matrix.department else "")
        cells = [f"<th>{w.person_link(person.id)}{other}</th>"] + [
            f'<td class="{_column_class(matrix, p.id)}">{matrix.mark(person.id, p.id)}</td>'
            for p in matrix.procedures
        ] + [f'<td class="tebiki-skills__total">{matrix.row_total(person.id)}</td>']
        rows.append("<tr>" + "".join(cells) + "</tr>")
    totals = [f'<th>{esc(L["skills.row.total"])}</th>'] + [
        f'<td class="tebiki-skills__total {_column_class(matrix, p.id)}">{matrix.column_total(p.id)}</td>'
        for p in matrix.procedures
    ] + [f'<td class="tebiki-skills__total">{matrix.total}</td>']
    return (f'<table class="tebiki-table tebiki-skills" data-department="{esc(matrix.department)}">'
            f'<thead><tr>{"".join(head)}</tr></thead><tbody>{"".join(rows)}</tbody>'
            f'<tfoot><tr>{"".join(totals)}</tr></tfoot></table>')


# ------------------------------------------------------------------ person page

def person_sections(w: Writer, pid: str) -> str:
    """The hand-over pack link, roles and the procedures the person is learning."""
    L, hb = w.L, w.hb
    person = hb.org.people[pid]
    parts = []
    if has_pack(hb, pid):
        parts.append(f'<p class="tebiki-pack-link"><a href="{w.href(w.ctx.urls.handover(pid))}">'
                     f'{esc(L["person.handover"])}</a></p>')
    if person.roles:
        parts.append(f'<p>{esc(L["person.roles"])}: {w.chips(person.roles)}</p>')
    learning = [p for p in hb.procedures.values() if any(t.person == pid for t in p.trainees)]
    if learning:
        parts.append(f'<p>{esc(L["person.trains"])}: ' + "、".join(w.proc_link(p) for p in learning) + "</p>")
    return "\n".join(parts)


def has_pack(hb: Handbook, pid: str) -> bool:
    """Whether the person owns or backs up a procedure (and so has a hand-over pack)."""
    return any(pid == p.owner or pid in p.backup_owners for p in hb.procedures.values())


# ------------------------------------------------------------------ hand-over pack

def handover_page(ctx: RenderContext, pid: str) -> RenderedPage:
    """Everything the person owns or backs up, one procedure per printed page."""
    uri = ctx.urls.handover(pid)
    w, L, hb = Writer(ctx, uri), ctx.labels, ctx.handbook
    person = hb.org.people[pid]
    procedures = list(hb.procedures.values())
    mine = [p for p in procedures if p.owner == pid] + [
        p for p in procedures if p.owner != pid and pid in p.backup_owners]
    work = work_held(procedures, hb.org, workload_hours(procedures, ctx.working_days))
    deadline = person.leaving_on.isoformat() if person.leaving_on and person.status is Status.LEAVING else None
    cover = [
        (L["person.department"], w.dept_link(person.department)),
        (L["person.status"], esc(L[f"status.{person.status.value}"])),
        (L["pack.deadline"], esc(deadline or L["pack.deadline.none"])),
        (L["pack.prepared"], esc(hb.today.isoformat())),
    ]
    if person.roles:
        cover.append((L["person.roles"], w.chips(person.roles)))
    blocks: list[str] = [html_block(
        f'<p class="tebiki-lead">{esc(L.fmt("pack.lead", name=person.name))}</p>',
        _card(cover),
        f'<p class="tebiki-pack-screen"><a href="{w.href(ctx.urls.person(pid))}">{esc(L["pack.back"])}</a></p>',
    )]
    plans = {p.id: _plan(p, pid, hb, work) for p in mine}
    blocks.append(h2(L["pack.contents"]))
    blocks.append(html_block(w.table(
        [L["pack.col.no"], L["col.procedure"], L["pack.role"], L["pack.others"], L["pack.successors"]],
        ([str(i), f'<a href="#pack-{esc(p.id)}">{esc(p.title)}</a>', esc(L[f"pack.role.{plans[p.id][0]}"]),
          _names(w, plans[p.id][1]), _names(w, plans[p.id][2])] for i, p in enumerate(mine, 1)),
    ) if mine else w.muted(L["pack.nothing"])))
    for i, proc in enumerate(mine, 1):
        blocks += _pack_procedure(w, proc, i, plans[proc.id], deadline)
    title = L.fmt("pack.title", name=person.name)
    # Kept out of search: every procedure in it has its own page, which search should find.
    return RenderedPage("handover", pid, uri, title, page_text(title, blocks, search_exclude=True),
                        person.location.file)


def _plan(proc: Procedure, pid: str, hb: Handbook,
          work: Mapping[str, WorkHeld]) -> tuple[str, list[str], list[str]]:
    """(the person's role, others who hold it, suggested successors)."""
    role = "owner" if proc.owner == pid else "backup"
    others = [h for h in holders(proc, hb.org) if h != pid]
    successors = list(handover_candidates(proc, hb.org, work, gone={pid})[:SUCCESSORS_SHOWN])
    return role, others, successors


def _card(rows: list[tuple[str, str]]) -> str:
    return '<div class="tebiki-card"><dl>' + "".join(f"<dt>{esc(k)}</dt><dd>{v}</dd>" for k, v in rows) + "</dl></div>"


def _pack_procedure(w: Writer, proc: Procedure, number: int, plan: tuple[str, list[str], list[str]],
                    deadline: str | None) -> list[str]:
    L = w.L
    role, others, successors = plan
    anchor = f"{proc.id}--step-"
    rows = [
        (L["pack.role"], esc(L[f"pack.role.{role}"])),
        (L["proc.department"], w.dept_link(proc.department)),
        (L["proc.owner"], w.person_link(proc.owner)),
        (L["proc.backups"], w.people_links(proc.backup_owners)),
        (L["pack.others"], _names(w, others) if others else esc(L["pack.others.none"])),
    ]
    if proc.trainees:
        rows.append((L["trainees"], _names(w, [t.person for t in proc.trainees])))
    rows += [
        (L["pack.successors"], _names(w, successors) if successors else esc(L["pack.successors.none"])),
        (L["pack.deadline"], esc(deadline or L["pack.deadline.none"])),
        (L["proc.frequency"], w.frequency(proc.frequency)),
    ]
    rows += procedure_card_rows(w.ctx, w, proc)  # 業務量: hours per year, as on the procedure page
    if proc.trigger:
        rows.append((L["proc.trigger"], esc(proc.trigger)))
    if proc.systems:
        rows.append((L["proc.systems"], w.chips(proc.systems)))
    if proc.references:
        items = []
        for ref in proc.references:
            url = safe_url(ref.url)
            shown = f' <span class="tebiki-pack-url">{esc(ref.url)}</span>' if ref.url else ""
            title = f'<a href="{esc(url)}" rel="noopener noreferrer">{esc(ref.title)}</a>' if url else esc(ref.title)
            items.append(f"<li>{title}{shown}</li>")
        rows.append((L["proc.references"], "<ul>" + "".join(items) + "</ul>"))
    # An empty block before the heading starts each procedure on a new printed page.
    out = [html_block(f'<div class="tebiki-pack-break" id="pack-{esc(proc.id)}"></div>'),
           h2(f"{number}. {proc.title}"),
           html_block(w.para(proc.summary, "tebiki-lead"), _card(rows))]
    figure = w.ctx.figures.flow(w.uri, proc, f'{proc.title} — {L["proc.flow"]}', anchor=anchor)
    if figure:
        out.append(html_block(f'<p class="tebiki-pack-subhead"><strong>{esc(L["proc.flow"])}</strong></p>', figure))
    out.append(html_block(f'<p class="tebiki-pack-subhead"><strong>{esc(L["proc.steps"])}</strong></p>',
                          pages._steps(w, proc, anchor)))
    return out
