"""The coverage page (担当カバレッジ): the to-do list, the figures and charts, departments,
undocumented work, people leaving, and the 属人化 risk: truck factor per department,
departures on their dates and the what-if scenarios of the plugin option `scenarios`.

Figures come from `tebiki.todo` and `tebiki.risk` only, the same functions
`tebiki check` and `tebiki whatif` use (templates/coverage.html).
"""

from __future__ import annotations

from markupsafe import Markup

from ..model import Procedure, Status
from ..risk import Departure, departures, truck_factors, what_if, workload_hours
from ..todo import KINDS, TodoRow, count_by_kind, todo_rows
from . import charts
from .context import RenderContext, RenderedPage
from .department import department_table, truck_sentence, undocumented_table
from .fragments import Writer
from .markup import Macros, html, template
from .slots import h2, html_block, page_text


def _t() -> Macros:
    return template("coverage.html")


def coverage_page(ctx: RenderContext) -> RenderedPage:
    uri = ctx.urls.coverage
    w, L, hb, ix = Writer(ctx, uri), ctx.labels, ctx.handbook, ctx.index
    stats = w.summary_stats()
    blocks = [
        *todo_section(w),
        h2(L["coverage.summary"]),
        html_block(w.figures_cards(stats)),
        html_block(w.f.chart_box(charts.bars(L["coverage.chart"], [(lab, int(v), c) for lab, v, c in stats[1:]]))
                   if hb.ownership_known else html("")),
        h2(L["coverage.by_department"]),
        html_block(department_table(w)),
    ]
    dept_rows = []
    for did, dept in hb.org.departments.items():
        _n, cov, single, none, undoc = w.dept_counts(did)
        dept_rows.append((dept.name, [
            (cov, "covered", L["covered"]), (single, "single_owner", L["single_owner"]),
            (none, "no_owner", L["no_owner"]),  # procedures only: the bar's total is the table's 手順数
        ]))
    if dept_rows and hb.ownership_known:
        blocks.append(html_block(w.f.chart_box(
            charts.stacked_bars(L["coverage.chart.department"], dept_rows))))

    undocumented = hb.undocumented
    blocks.append(h2(L["coverage.undocumented"]))
    blocks.append(html_block(
        undocumented_table(w, undocumented, True) if undocumented else w.muted(L["coverage.undocumented.none"])
    ))

    leaving = [p for p in hb.org.people.values() if p.status is not Status.ACTIVE]
    blocks.append(h2(L["coverage.leaving"]))
    blocks.append(html_block(w.table(
        [L["col.person"], L["col.department"], L["col.owns"], L["col.backs_up"]],
        ([w.person_link(p.id), w.dept_link(p.department),
          w.lines([w.proc_link(x) for x in ix.owns.get(p.id, [])]),
          w.lines([w.proc_link(x) for x in ix.backs_up.get(p.id, [])])] for p in leaving),
    ) if leaving else w.muted(L["coverage.leaving.none"])))

    blocks += coverage_sections(w)

    title = L["coverage.title"]
    return RenderedPage("coverage", None, uri, title, page_text(title, blocks), ctx.inventory_file or ctx.org_file)


# ------------------------------------------------------------------ to-do list

def _todo_what(w: Writer, row: TodoRow) -> str:
    L = w.L
    if row.kind == "owner_leaving":
        if row.leaving_on is None:
            return L["todo.do.owner_leaving.nodate"]
        if row.days_left is not None and row.days_left < 0:
            return L.fmt("todo.do.owner_leaving.past", date=row.leaving_on.isoformat())
        return L.fmt("todo.do.owner_leaving", date=row.leaving_on.isoformat(), days=row.days_left)
    if row.kind == "overdue":
        return L.fmt("todo.do.overdue", due=row.due.isoformat()) if row.due else L["todo.do.never"]
    if row.kind == "undocumented" and row.entry is not None:
        return L.fmt("todo.do.undocumented", id=row.entry.id)
    return L[f"todo.do.{row.kind}"]


def todo_tiles(w: Writer, rows: list[TodoRow]) -> Markup:
    """One tile per kind, each a link to the first row of its kind (or the empty list)."""
    counts = count_by_kind(rows)
    return _t().todo_tiles([(kind, counts[kind], w.L["todo." + kind]) for kind in KINDS])


def todo_section(w: Writer) -> list[str]:
    """The to-do list: tiles linking to their rows, then one table in urgency order."""
    L = w.L
    rows = todo_rows(w.hb)
    blocks = [h2(L["todo.title"]), html_block(todo_tiles(w, rows), w.muted(L["todo.lead"]))]
    if not rows:
        # the tiles' anchors still land on the list
        return blocks + [html_block(w.f.anchors([f"todo-{k}" for k in KINDS]), w.muted(L["todo.none"]))]
    seen: set[str] = set()
    table = []
    for row in rows:
        table.append({
            "kind": row.kind, "first": row.kind not in seen, "label": L["todo." + row.kind],
            "title": w.proc_link(row.procedure) if row.procedure is not None else row.title,
            "department": w.dept_link(row.department),
            "owner": w.person_link(row.owner) if row.procedure is not None else "—",
            "what": _todo_what(w, row),
        })
        seen.add(row.kind)
    head = [L["todo.col.urgency"], L["col.procedure"], L["col.department"], L["col.owner"], L["todo.col.what"]]
    # kinds with no row: their tiles still land on the list
    missing = [f"todo-{k}" for k in KINDS if k not in seen]
    return blocks + [html_block(_t().todo_table(missing, head, table))]


# ------------------------------------------------------------------ 属人化 risk

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
        ([w.dept_link(t.department), t.procedures, w.f.strong(t.factor, "tebiki-truck"),
          w.joined([w.person_link(p) for p in t.order], " → "), truck_sentence(w, t)] for t in factors),
        "tebiki-table--truck",
    ) if factors else w.muted(L["dept.none"])))

    blocks += [h2(L["departures.title"]), html_block(w.muted(L["departures.lead"]))]
    timeline = departures(procedures, hb.org, hb.today)
    blocks.append(html_block(_departures_table(w, timeline) if timeline else w.muted(L["departures.none"])))

    if w.ctx.scenarios:
        blocks += [h2(L["scenarios.title"]), html_block(w.muted(L["scenarios.lead"])),
                   html_block(_scenarios(w, procedures))]
    return blocks


def _proc_links(w: Writer, ids: tuple[str, ...] | list[str]) -> Markup:
    return w.lines([w.proc_link(w.hb.procedures[i]) for i in ids if i in w.hb.procedures])


def _departures_table(w: Writer, timeline: list[Departure]) -> Markup:
    L = w.L
    rows = []
    for d in timeline:
        dropped = w.lines([_t().dropped(w.proc_link(w.hb.procedures[x.procedure]), L[x.before.value], L[x.after.value])
                           for x in d.dropped])
        rows.append([d.on.isoformat(), w.people_links(d.people, w.f.br()), _proc_links(w, d.no_holder), dropped])
    return w.table([L["departures.col.date"], L["departures.col.people"], L["departures.col.no_holder"],
                    L["departures.col.dropped"]], rows, "tebiki-table--departures")


def _scenarios(w: Writer, procedures: list[Procedure]) -> Markup:
    L, hb = w.L, w.hb
    hours = workload_hours(procedures, w.ctx.working_days)
    cards = []
    for scenario in w.ctx.scenarios:
        result = what_if(procedures, hb.org, scenario.people, scenario.on, hours)
        rows: list[tuple[str, object]] = [(L["scenarios.people"], w.people_links(list(result.left)))]
        if scenario.on:
            rows.append((L["scenarios.on"], scenario.on.isoformat()))
        rows.append((L["scenarios.no_holder"], _t().count_and(len(result.no_holder),
                                                               _proc_links(w, result.no_holder))))
        rows.append((L["scenarios.dropped"], _t().count_and(len(result.dropped),
                                                             _proc_links(w, [d.procedure for d in result.dropped]))))
        rows.append((L["scenarios.hours"], L.fmt("scenarios.hours.value", hours=result.hours_per_year_without_holder,
                                                 k=result.hours_counted)))
        cards.append((scenario.name, rows))
    return _t().scenarios(cards)
