"""The 業務量 page, and the workload parts of procedure and department pages.

Figures come from `tebiki.workload` (the same numbers as `tebiki workload`), hours
shown to 0.1 like its JSON. Charts are inline SVG (`charts`, `pareto`).
"""

from __future__ import annotations

from typing import Callable, Sequence

from markupsafe import Markup

from ..model import Improvement, Procedure
from ..workload import MODES, NO_OWNER, Workload, improvement_board, improvement_overdue, rounded, totals
from . import charts
from .context import RenderContext, RenderedPage
from .fragments import Writer
from .markup import Macros, html, template
from .pareto import pareto
from .slots import h2, html_block, page_text

TOP_ROWS = 15  # rows of a breakdown chart; the table below lists them all
TOP_CANDIDATES = 30


def hours_text(hours: float | None) -> str:
    """0.1-hour text of a figure, like the JSON of `tebiki workload` (None -> "—")."""
    value = rounded(hours)
    return "—" if value is None else f"{value:.1f}"


def _percent(share: float | None) -> str:
    return "—" if share is None else f"{share * 100:.1f}%"


def _mode_segments(w: Writer, modes: dict[str, float]) -> list[tuple[float, str, str]]:
    return [(round(modes[m], 1), f"mode-{m}", w.L[f"mode.{m}"]) for m in MODES]


def _t() -> Macros:
    return template("workload.html")


def _breakdown(w: Writer, title: str, column: str, breakdown: dict[str, dict[str, float]],
               name_of: Callable[[str], str], link_of: Callable[[str], Markup]) -> Markup:
    """A stacked chart by mode of the largest rows, then a table of every row (first column `column`)."""
    hours = totals(breakdown)
    keys = sorted(breakdown, key=lambda k: (-hours[k], k))
    chart = charts.stacked_bars(title, [(name_of(k), _mode_segments(w, breakdown[k])) for k in keys[:TOP_ROWS]],
                                number=lambda v: f"{v:.1f}")
    rows = [[link_of(k), hours_text(hours[k]), *(hours_text(breakdown[k][m]) for m in MODES)] for k in keys]
    table = w.table([column, w.L["workload.hours"], *(w.L[f"mode.{m}"] for m in MODES)], rows, "tebiki-table--numbers")
    return _t().breakdown(chart, table)


def _owner_name(w: Writer, pid: str) -> str:
    if pid == NO_OWNER:
        return w.L["no_owner"]
    person = w.hb.org.people.get(pid)
    return person.name if person else pid


def _status_badge(w: Writer, status: str) -> Markup:
    return _t().status_badge(status, w.L["improvement." + status])


def _step_link(w: Writer, proc: Procedure, step_id: str) -> Markup:
    step = proc.step(step_id)
    label = f"{proc.steps.index(step) + 1}. {step.title}" if step else step_id
    return w.f.step_link(w.href(w.ctx.urls.procedure(proc.id)), step_id, label)


def workload_page(ctx: RenderContext) -> RenderedPage:
    uri = ctx.urls.workload
    w, L, hb = Writer(ctx, uri), ctx.labels, ctx.handbook
    wl: Workload = ctx.workload  # type: ignore[assignment]
    blocks: list[str] = [
        html_block(w.f.lead(L["workload.lead"])),
        html_block(w.f.stats([
            (L["workload.total"], hours_text(wl.hours_per_year), "hours"),
            (L["workload.computed"], f"{wl.computed} / {wl.count}", "procedures"),
            (L["workload.paper_share"], _percent(wl.share("paper")), "mode-paper"),
            (L["workload.manual_share"], _percent(wl.share("manual")), "mode-manual"),
            (L["workload.automated_share"], _percent(wl.share("automated")), "mode-automated"),
            (L["workload.undocumented"], hours_text(wl.undocumented_hours), "undocumented"),
        ], "", "tebiki-stats tebiki-stats--workload")),
    ]
    notes: list[str | Markup] = []
    if wl.partial:
        notes.append(L.fmt("workload.partial_note", n=wl.partial))
    if wl.unknown:
        notes.append(_t().unknown_note(L.fmt("workload.unknown_note", n=len(wl.unknown)),
                                       [w.proc_link(p.procedure) for p in wl.unknown]))
    if notes:
        blocks.append(html_block(_t().notes(notes)))

    blocks += [h2(L["workload.by_department"]), html_block(_breakdown(
        w, L["workload.by_department"], L["col.department"], wl.by_department, w.dept_name, w.dept_link))]
    blocks += [h2(L["workload.by_actor"]), html_block(_breakdown(
        w, L["workload.by_actor"], L["workload.actor"], wl.by_actor, lambda k: k, html))]
    blocks += [h2(L["workload.by_owner"]), html_block(_breakdown(
        w, L["workload.by_owner"], L["col.owner"], wl.by_owner, lambda k: _owner_name(w, k),
        lambda k: html(L["no_owner"]) if k == NO_OWNER else w.person_link(k)))]
    mode_rows = [(L[f"mode.{m}"], round(wl.by_mode[m], 1), f"mode-{m}") for m in MODES]
    blocks += [h2(L["workload.by_mode"]), html_block(w.f.chart_box(charts.stacked_bars(
        L["workload.by_mode"], [(lab, [(v, c, lab)]) for lab, v, c in mode_rows], legend=False,
        number=lambda v: f"{v:.1f}")))]

    ranked = wl.ranked()
    blocks.append(h2(L["workload.pareto"]))
    figure = pareto(L["workload.pareto"], [(p.procedure.title, p.hours_per_year or 0.0) for p in ranked],
                    rest_label=L["workload.others"])
    running, rows = 0.0, []
    for i, pw in enumerate(ranked, 1):
        running += pw.hours_per_year or 0.0
        rows.append([str(i), w.proc_link(pw.procedure), w.dept_link(pw.procedure.department),
                     f"{pw.runs_per_year:g}", str(pw.minutes_per_run),
                     _t().hours_partial(hours_text(pw.hours_per_year), L["workload.partial"] if pw.partial else ""),
                     _percent(running / wl.hours_per_year if wl.hours_per_year else None)])
    table = (w.table(["#", L["col.procedure"], L["col.department"], L["workload.runs"], L["workload.minutes"],
                      L["workload.hours"], L["workload.cumulative"]], rows, "tebiki-table--numbers tebiki-table--pareto")
             if rows else w.muted(L["workload.none"]))
    blocks.append(html_block(_t().pareto_block(figure, table)))

    blocks += [h2(L["workload.candidates"]), html_block(_candidates(w, wl))]
    blocks += [h2(L["workload.board"]), html_block(_board(w))]
    undocumented = [e for e in hb.undocumented if e.hours_per_year is not None]
    if undocumented:
        blocks += [h2(L["workload.undocumented"]), html_block(w.table(
            [L["col.id"], L["col.title"], L["col.department"], L["workload.hours"]],
            ([w.f.code(e.id), e.title, w.dept_link(e.department), hours_text(e.hours_per_year)]
             for e in undocumented), "tebiki-table--numbers"))]
    title = L["workload.title"]
    return RenderedPage("workload", None, uri, title, page_text(title, blocks), None)


def _candidates(w: Writer, wl: Workload) -> Markup:
    L = w.L
    found = wl.candidates()
    if not found:
        return w.muted(L["workload.candidates.none"])
    rows = []
    for i, c in enumerate(found[:TOP_CANDIDATES], 1):
        plans = (_t().plans([(imp.title, _status_badge(w, imp.status)) for imp in c.improvements])
                 if c.improvements else "—")
        mode = c.step.step.mode.value
        rows.append([str(i), w.proc_link(c.procedure), _step_link(w, c.procedure, c.step.step.id), c.step.step.actor,
                     _t().mode(mode, L["mode." + mode]), hours_text(c.step.hours_per_year), plans])
    more = len(found) - TOP_CANDIDATES
    note = w.muted(L.fmt("workload.candidates.more", n=more)) if more > 0 else ""
    return _t().candidates(w.muted(L["workload.candidates.lead"]), w.table(
        ["#", L["col.procedure"], L["workload.step"], L["workload.actor"], L["step.mode"], L["workload.hours"],
         L["workload.improvements"]], rows, "tebiki-table--candidates"), note)


def _board(w: Writer) -> Markup:
    L = w.L
    board = improvement_board(w.hb.procedures.values(), w.hb.today)
    if not any(board.values()):
        return w.muted(L["workload.board.none"])
    columns = [(status, L["improvement." + status], len(items),
                [_board_card(w, item.procedure, item.improvement, item.overdue) for item in items])
               for status, items in board.items()]
    return _t().board(columns)


def _due(w: Writer, imp: Improvement, overdue: bool) -> Markup:
    due = f'{w.L["workload.due"]} {imp.due.isoformat() if imp.due else ""}'
    return w.overdue(due) if overdue else html(due)


def _board_card(w: Writer, proc: Procedure, imp: Improvement, overdue: bool) -> Markup:
    L = w.L
    meta: list[str | Markup] = []
    if imp.lever:
        meta.append(L["lever." + imp.lever])
    if imp.due:
        meta.append(_due(w, imp, overdue))
    return _t().board_card(imp.title, w.proc_link(proc), meta, overdue)


# ----------------------------------------------------------- on other pages

def procedure_card_rows(ctx: RenderContext, w: Writer, proc: Procedure) -> list[tuple[str, Markup]]:
    """The procedure card's 業務量 lines: hours per year (runs × minutes), or why it is unknown."""
    if ctx.workload is None:
        return []
    pw = ctx.workload.of(proc.id)
    if pw is None:
        return []
    L = w.L

    def value() -> Markup:  # the same on the procedure page and in every pack holding it
        if pw.hours_per_year is None:
            return w.f.muted_span(L["workload.unknown"])
        return _t().hours_value(L.fmt("workload.hours_value", n=hours_text(pw.hours_per_year)),
                                L.fmt("workload.formula", runs=f"{pw.runs_per_year:g}", minutes=pw.minutes_per_run),
                                L["workload.partial"] if pw.partial else "")

    return [(L["workload.hours"], w.shared(("workload-hours", proc.id), value))]


def procedure_improvements(ctx: RenderContext, w: Writer, proc: Procedure) -> list[str]:
    """The blocks of the procedure's improvements (PDCA), newest plans first as written."""
    if ctx.workload is None or not proc.improvements:
        return []
    L, today = w.L, ctx.handbook.today
    items = []
    for imp in proc.improvements:
        overdue = improvement_overdue(imp, today)
        meta: list[str | Markup] = [L["lever." + imp.lever]] if imp.lever else []
        if imp.due:
            meta.append(_due(w, imp, overdue))
        if imp.steps:
            meta.append(html("、").join(_step_link(w, proc, s) for s in imp.steps))
        items.append((_status_badge(w, imp.status), imp.title, meta))
    return [h2(L["workload.improvements"]), html_block(_t().improvements(items))]
def department_cards(ctx: RenderContext, did: str) -> Sequence[tuple[str, str, str]]:
    """The department page's 業務量 figures: hours per year and the paper and manual share."""
    if ctx.workload is None:
        return []
    L = ctx.labels
    modes = ctx.workload.by_department.get(did, dict.fromkeys(MODES, 0.0))
    total = sum(modes.values())
    counted = ctx.workload.in_department(did)
    return [
        (L["workload.total"], hours_text(total), "hours"),
        (L["workload.computed"], f"{sum(p.hours_per_year is not None for p in counted)} / {len(counted)}", "procedures"),
        (L["workload.paper_share"], _percent(modes["paper"] / total if total else None), "mode-paper"),
        (L["workload.manual_share"], _percent(modes["manual"] / total if total else None), "mode-manual"),
    ]
