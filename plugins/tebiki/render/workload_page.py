"""The 業務量 page, and the workload parts of procedure and department pages.

Figures come from `tebiki.workload` (the same numbers as `tebiki workload`), hours
shown to 0.1 like its JSON. Charts are inline SVG (`charts`, `pareto`).
"""

from __future__ import annotations

from typing import Callable, Sequence

from ..model import Improvement, Procedure
from ..workload import MODES, NO_OWNER, Workload, improvement_board, improvement_overdue, rounded, totals
from . import charts
from .blocks import RenderContext, RenderedPage, Writer, h2, html_block, page_text
from .pareto import pareto
from .safe import esc

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


def _breakdown(w: Writer, title: str, column: str, breakdown: dict[str, dict[str, float]],
               name_of: Callable[[str], str], link_of: Callable[[str], str]) -> str:
    """A stacked chart by mode of the largest rows, then a table of every row (first column `column`)."""
    hours = totals(breakdown)
    keys = sorted(breakdown, key=lambda k: (-hours[k], k))
    chart = charts.stacked_bars(title, [(name_of(k), _mode_segments(w, breakdown[k])) for k in keys[:TOP_ROWS]],
                                number=lambda v: f"{v:.1f}")
    rows = [[link_of(k), hours_text(hours[k]), *(hours_text(breakdown[k][m]) for m in MODES)] for k in keys]
    table = w.table([column, w.L["workload.hours"], *(w.L[f"mode.{m}"] for m in MODES)], rows, "tebiki-table--numbers")
    return f'<div class="tebiki-chart-box">{chart}</div>\n{table}'


def _owner_name(w: Writer, pid: str) -> str:
    if pid == NO_OWNER:
        return w.L["no_owner"]
    person = w.hb.org.people.get(pid)
    return person.name if person else pid


def _status_badge(w: Writer, status: str) -> str:
    return f'<span class="tebiki-badge tebiki-badge--improvement-{esc(status)}">{esc(w.L["improvement." + status])}</span>'


def _step_link(w: Writer, proc: Procedure, step_id: str) -> str:
    step = proc.step(step_id)
    label = f"{proc.steps.index(step) + 1}. {step.title}" if step else step_id
    return f'<a href="{w.href(w.ctx.urls.procedure(proc.id))}#step-{esc(step_id)}">{esc(label)}</a>'


def workload_page(ctx: RenderContext) -> RenderedPage:
    uri = ctx.urls.workload
    w, L, hb = Writer(ctx, uri), ctx.labels, ctx.handbook
    wl: Workload = ctx.workload  # type: ignore[assignment]
    blocks: list[str] = [
        html_block(f'<p class="tebiki-lead">{esc(L["workload.lead"])}</p>'),
        html_block('<div class="tebiki-stats tebiki-stats--workload">' + "".join(
            f'<div class="tebiki-stat tebiki-stat--{cls}"><span class="tebiki-stat__value">{esc(value)}</span>'
            f'<span class="tebiki-stat__label">{esc(label)}</span></div>'
            for label, value, cls in (
                (L["workload.total"], hours_text(wl.hours_per_year), "hours"),
                (L["workload.computed"], f"{wl.computed} / {wl.count}", "procedures"),
                (L["workload.paper_share"], _percent(wl.share("paper")), "mode-paper"),
                (L["workload.manual_share"], _percent(wl.share("manual")), "mode-manual"),
                (L["workload.automated_share"], _percent(wl.share("automated")), "mode-automated"),
                (L["workload.undocumented"], hours_text(wl.undocumented_hours), "undocumented"),
            )) + "</div>"),
    ]
    notes = []
    if wl.partial:
        notes.append(esc(L.fmt("workload.partial_note", n=wl.partial)))
    if wl.unknown:
        notes.append(esc(L.fmt("workload.unknown_note", n=len(wl.unknown))) + " "
                     + "、".join(w.proc_link(p.procedure) for p in wl.unknown))
    if notes:
        blocks.append(html_block("".join(f'<p class="tebiki-muted">{n}</p>' for n in notes)))

    blocks += [h2(L["workload.by_department"]), html_block(_breakdown(
        w, L["workload.by_department"], L["col.department"], wl.by_department, w.dept_name, w.dept_link))]
    blocks += [h2(L["workload.by_actor"]), html_block(_breakdown(
        w, L["workload.by_actor"], L["workload.actor"], wl.by_actor, lambda k: k, esc))]
    blocks += [h2(L["workload.by_owner"]), html_block(_breakdown(
        w, L["workload.by_owner"], L["col.owner"], wl.by_owner, lambda k: _owner_name(w, k),
        lambda k: esc(L["no_owner"]) if k == NO_OWNER else w.person_link(k)))]
    mode_rows = [(L[f"mode.{m}"], round(wl.by_mode[m], 1), f"mode-{m}") for m in MODES]
    blocks += [h2(L["workload.by_mode"]), html_block(
        '<div class="tebiki-chart-box">' + charts.stacked_bars(
            L["workload.by_mode"], [(lab, [(v, c, lab)]) for lab, v, c in mode_rows], legend=False,
            number=lambda v: f"{v:.1f}") + "</div>")]

    ranked = wl.ranked()
    blocks.append(h2(L["workload.pareto"]))
    figure = pareto(L["workload.pareto"], [(p.procedure.title, p.hours_per_year or 0.0) for p in ranked],
                    rest_label=L["workload.others"])
    running, rows = 0.0, []
    for i, pw in enumerate(ranked, 1):
        running += pw.hours_per_year or 0.0
        partial = f' <span class="tebiki-muted">{esc(L["workload.partial"])}</span>' if pw.partial else ""
        rows.append([str(i), w.proc_link(pw.procedure), w.dept_link(pw.procedure.department),
                     f"{pw.runs_per_year:g}", str(pw.minutes_per_run), hours_text(pw.hours_per_year) + partial,
                     _percent(running / wl.hours_per_year if wl.hours_per_year else None)])
    blocks.append(html_block(
        (f'<div class="tebiki-chart-box">{figure}</div>\n' if figure else "")
        + (w.table(["#", L["col.procedure"], L["col.department"], L["workload.runs"], L["workload.minutes"],
                    L["workload.hours"], L["workload.cumulative"]], rows, "tebiki-table--numbers tebiki-table--pareto")
           if rows else w.muted(L["workload.none"]))))

    blocks += [h2(L["workload.candidates"]), html_block(_candidates(w, wl))]
    blocks += [h2(L["workload.board"]), html_block(_board(w))]
    undocumented = [e for e in hb.undocumented if e.hours_per_year is not None]
    if undocumented:
        blocks += [h2(L["workload.undocumented"]), html_block(w.table(
            [L["col.id"], L["col.title"], L["col.department"], L["workload.hours"]],
            ([f"<code>{esc(e.id)}</code>", esc(e.title), w.dept_link(e.department), hours_text(e.hours_per_year)]
             for e in undocumented), "tebiki-table--numbers"))]
    title = L["workload.title"]
    return RenderedPage("workload", None, uri, title, page_text(title, blocks), None)


def _candidates(w: Writer, wl: Workload) -> str:
    L = w.L
    found = wl.candidates()
    if not found:
        return w.muted(L["workload.candidates.none"])
    rows = []
    for i, c in enumerate(found[:TOP_CANDIDATES], 1):
        plans = "<br>".join(f"{esc(imp.title)} {_status_badge(w, imp.status)}" for imp in c.improvements) or "—"
        rows.append([str(i), w.proc_link(c.procedure), _step_link(w, c.procedure, c.step.step.id), esc(c.step.step.actor),
                     f'<span class="tebiki-mode tebiki-mode--{c.step.step.mode.value}">'
                     f'{esc(L["mode." + c.step.step.mode.value])}</span>',
                     hours_text(c.step.hours_per_year), plans])
    more = len(found) - TOP_CANDIDATES
    note = w.muted(L.fmt("workload.candidates.more", n=more)) if more > 0 else ""
    return w.muted(L["workload.candidates.lead"]) + w.table(
        ["#", L["col.procedure"], L["workload.step"], L["workload.actor"], L["step.mode"], L["workload.hours"],
         L["workload.improvements"]], rows, "tebiki-table--candidates") + note


def _board(w: Writer) -> str:
    L = w.L
    board = improvement_board(w.hb.procedures.values(), w.hb.today)
    if not any(board.values()):
        return w.muted(L["workload.board.none"])
    columns = []
    for status, items in board.items():
        cards = "".join(_board_card(w, item.procedure, item.improvement, item.overdue) for item in items)
        columns.append(
            f'<div class="tebiki-board__column tebiki-board__column--{esc(status)}">'
            f'<p class="tebiki-board__title">{esc(L["improvement." + status])} ({len(items)})</p>{cards}</div>')
    return f'<div class="tebiki-board">{"".join(columns)}</div>'


def _board_card(w: Writer, proc: Procedure, imp: Improvement, overdue: bool) -> str:
    L = w.L
    meta = []
    if imp.lever:
        meta.append(esc(L["lever." + imp.lever]))
    if imp.due:
        due = esc(f'{L["workload.due"]} {imp.due.isoformat()}')
        meta.append(f'<span class="tebiki-overdue">{due} <span class="tebiki-badge tebiki-badge--overdue">'
                    f'{esc(L["proc.overdue"])}</span></span>' if overdue else due)
    return (f'<div class="tebiki-board__card{" tebiki-board__card--overdue" if overdue else ""}">'
            f'<strong>{esc(imp.title)}</strong><br>{w.proc_link(proc)}'
            + (f'<br><span class="tebiki-muted">{" · ".join(meta)}</span>' if meta else "") + "</div>")


# ----------------------------------------------------------- on other pages

def procedure_card_rows(ctx: RenderContext, w: Writer, proc: Procedure) -> list[tuple[str, str]]:
    """The procedure card's 業務量 lines: hours per year (runs × minutes), or why it is unknown."""
    if ctx.workload is None:
        return []
    pw = ctx.workload.of(proc.id)
    if pw is None:
        return []
    L = w.L
    if pw.hours_per_year is None:
        value = f'<span class="tebiki-muted">{esc(L["workload.unknown"])}</span>'
    else:
        value = (f'<strong class="tebiki-hours">{esc(L.fmt("workload.hours_value", n=hours_text(pw.hours_per_year)))}'
                 f'</strong> <span class="tebiki-muted">'
                 f'({esc(L.fmt("workload.formula", runs=f"{pw.runs_per_year:g}", minutes=pw.minutes_per_run))})</span>')
        if pw.partial:
            value += f' <span class="tebiki-muted">{esc(L["workload.partial"])}</span>'
    return [(L["workload.hours"], value)]


def procedure_improvements(ctx: RenderContext, w: Writer, proc: Procedure) -> list[str]:
    """The blocks of the procedure's improvements (PDCA), newest plans first as written."""
    if ctx.workload is None or not proc.improvements:
        return []
    L, today = w.L, ctx.handbook.today
    items = []
    for imp in proc.improvements:
        overdue = improvement_overdue(imp, today)
        meta = [esc(L["lever." + imp.lever])] if imp.lever else []
        if imp.due:
            due = esc(f'{L["workload.due"]} {imp.due.isoformat()}')
            meta.append(f'<span class="tebiki-overdue">{due} <span class="tebiki-badge tebiki-badge--overdue">'
                        f'{esc(L["proc.overdue"])}</span></span>' if overdue else due)
        if imp.steps:
            meta.append("、".join(_step_link(w, proc, s) for s in imp.steps))
        items.append(f"<li>{_status_badge(w, imp.status)} {esc(imp.title)}"
                     + (f' <span class="tebiki-muted">{" · ".join(meta)}</span>' if meta else "") + "</li>")
    return [h2(L["workload.improvements"]), html_block(f'<ul class="tebiki-improvements">{"".join(items)}</ul>')]


def department_cards(ctx: RenderContext, did: str) -> Sequence[tuple[str, str, str]]:
    """The department page's 業務量 figures: hours per year and the paper and manual share."""
    if ctx.workload is None:
        return []
    L = ctx.labels
    modes = ctx.workload.by_department.get(did, dict.fromkeys(MODES, 0.0))
    total = sum(modes.values())
    counted = [p for p in ctx.workload.procedures if p.procedure.department == did]
    return [
        (L["workload.total"], hours_text(total), "hours"),
        (L["workload.computed"], f"{sum(p.hours_per_year is not None for p in counted)} / {len(counted)}", "procedures"),
        (L["workload.paper_share"], _percent(modes["paper"] / total if total else None), "mode-paper"),
        (L["workload.manual_share"], _percent(modes["manual"] / total if total else None), "mode-manual"),
    ]
