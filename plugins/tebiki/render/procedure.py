"""A procedure page: summary, who to ask, the card, the flow, the numbered steps,
the editor box, improvements and related procedures (templates/procedure.html)."""

from __future__ import annotations

from markupsafe import Markup

from ..display import display_safe
from ..model import Procedure, Status, Step
from ..problems import Problem
from ..risk import holders
from .context import RenderContext, RenderedPage
from .fragments import Writer
from .markup import Macros, filled, html, slot, template, trusted_description
from .safe import safe_url
from .slots import SEARCH_BOOST, h2, html_block, page_text
from .workload_page import procedure_card_rows, procedure_improvements


def _t() -> Macros:
    return template("procedure.html")


def procedure_page(ctx: RenderContext, proc: Procedure) -> RenderedPage:
    uri = ctx.urls.procedure(proc.id)
    w, L, hb = Writer(ctx, uri), ctx.labels, ctx.handbook
    reviewed, due = w.review_cells(proc)
    card: list[tuple[str, Markup]] = [
        (L["proc.department"], w.dept_link(proc.department)),
        (L["proc.owner"], w.person_link(proc.owner)),
        (L["proc.backups"], backup_links(w, proc)),
        (L["col.coverage"], w.coverage_badge(proc.id)),
        (L["proc.frequency"], w.frequency(proc.frequency)),
    ]
    if proc.trainees:
        card.insert(3, (L["trainees"], w.people_links([t.person for t in proc.trainees])))
    if proc.trigger:
        card.append((L["proc.trigger"], html(proc.trigger)))
    if proc.systems:
        card.append((L["proc.systems"], w.chips(proc.systems)))
    if proc.references:
        refs = [(ref.title, safe_url(ref.url), ref.url) for ref in proc.references]
        card.append((L["proc.references"], _t().references(refs)))
    if proc.tags:
        card.append((L["proc.tags"], w.chips(proc.tags, "tebiki-chip tebiki-chip--tag")))
    card.append((L["proc.reviewed"], reviewed))
    card.append((L["proc.next_review"], due))
    if proc.total_minutes:
        card.append((L["proc.total_minutes"], w.minutes(proc.total_minutes)))
    card += procedure_card_rows(ctx, w, proc)

    blocks: list[str] = [html_block(w.para(proc.summary, "tebiki-lead"), reader_note(w, proc)),
              html_block(w.f.card(card, search_exclude=True))]
    figure = ctx.figures.flow(uri, proc, L["proc.flow"])
    if figure:
        blocks += [h2(L["proc.flow"]), html_block(figure)]
    blocks += [h2(L["proc.steps"]), html_block(steps(w, proc))]
    editor = editor_box(w, ctx.index.problems_by_file.get(proc.file, []))
    if editor:  # for editors: after the steps, collapsed, not printed
        blocks.append(html_block(editor))
    blocks += procedure_improvements(ctx, w, proc)
    related = ctx.index.related_of(proc, hb)
    if related:
        blocks += [h2(L["proc.related"]), html_block(
            _t().related([(w.proc_link(r), w.dept_name(r.department)) for r in related]))]
    return RenderedPage("procedure", proc.id, uri, proc.title,
                        page_text(proc.title, blocks, proc.tags, search=SEARCH_BOOST), proc.file)


def steps(w: Writer, proc: Procedure, anchor: str = "step-") -> Markup:
    """The numbered steps; each heading's id is `{anchor}{step id}` (a hand-over pack
    shows several procedures on one page, each with its own anchor). Made once per build
    with a slot for the anchor: the procedure page and every pack holding it show the same steps."""
    return filled(w.shared(("steps", proc.id), lambda: _steps(w, proc, slot())), anchor)


def _steps(w: Writer, proc: Procedure, anchor: Markup) -> Markup:
    L = w.L
    numbers = {s.id: i for i, s in enumerate(proc.steps, 1)}
    items = []
    for i, step in enumerate(proc.steps, 1):
        body = w.ctx.descriptions.render(step.description)
        items.append({
            "number": i, "id": step.id, "title": step.title, "actor": step.actor,
            "mode": step.mode.value, "mode_label": L["mode." + step.mode.value],
            "minutes": w.minutes(step.minutes) if step.minutes is not None else None,
            "headcount": L.fmt("step.headcount", n=step.headcount) if step.headcount != 1 else None,
            "body": trusted_description(body) if body else "",
            "next": _next_line(w, proc, step, i, numbers, anchor),
        })
    return _t().steps(items, anchor, L["step.actor"])


def _next_line(w: Writer, proc: Procedure, step: Step, i: int, numbers: dict[str, int],
               anchor: Markup) -> Markup:
    """Where the step leads: nothing for the default edge to the following step;
    a line for a branch, a jump or the end."""
    L = w.L
    if len(step.next) == 1 and not step.next[0].explicit and not step.next[0].when:
        return html("")
    if not step.next and i < len(proc.steps):
        return _t().next_end(L["step.next"], L["step.end"])
    if not step.next:
        return html("")
    first = step.next[0]
    if len(step.next) == 1 and first.to in numbers and numbers[first.to] == i + 1 and not first.when:
        return html("")
    targets = [{"to": t.to, "number": numbers.get(t.to),
                "title": proc.steps[numbers[t.to] - 1].title if t.to in numbers else "", "when": t.when}
               for t in step.next]
    return _t().next_targets(L["step.next"], targets, anchor)


def reader_note(w: Writer, proc: Procedure) -> Markup:
    """«担当者未定。質問は副担当 鈴木 健太へ»: who a reader asks when the owner is
    missing or leaving; "" when the owner is there to ask."""
    hb, L = w.hb, w.L
    if not hb.ownership_known:
        return html("")
    people = hb.org.people
    owner = people.get(proc.owner or "")
    backups = [b for b in holders(proc, hb.org) if b != proc.owner]
    names = "、".join(people[b].name for b in backups) if L.lang == "ja" else ", ".join(people[b].name for b in backups)
    if owner is None or not owner.status.available:
        text = L.fmt("note.no_owner", name=names) if backups else L.fmt(
            "note.no_holder", department=w.dept_name(proc.department))
    elif owner.status is Status.LEAVING:
        when = owner.leaving_on.isoformat() if owner.leaving_on else L["note.leaving.nodate"]
        text = (L.fmt("note.leaving", owner=owner.name, date=when, name=names) if backups
                else L.fmt("note.leaving.alone", owner=owner.name, date=when))
    else:
        return html("")
    return _t().reader_note(text)


def editor_box(w: Writer, problems: list[Problem]) -> Markup:
    """The file's problems for its editors: collapsed, after the steps, out of search and print."""
    if not problems:
        return html("")
    kind = "failure" if any(p.severity == "error" for p in problems) else "warning"
    rows = [(p.code, display_safe(w.problem_message(p)), f"{display_safe(p.file)}:{p.line}") for p in problems]
    return _t().editor_box(kind, w.L.fmt("editor.title", n=len(problems)), rows)


def backup_links(w: Writer, proc: Procedure) -> Markup:
    """The card's backups; the owner listed as their own backup is flagged, not hidden."""
    links = w.people_links(proc.backup_owners)
    if proc.owner and proc.owner in proc.backup_owners:
        links += w.f.badge_after("warning", w.L["self_backup"])
    return links
