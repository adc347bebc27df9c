"""A person's page and the people page. The process owner's view of a person: their
card, hand-over pack, what they own and back up with next review, open problems, what
their leaving changes, the steps of their roles.

Data come from `tebiki.render.index` and `tebiki.if_left` (the same holders rule as
`tebiki whatif`); this module lays them out (templates/person.html).
"""

from __future__ import annotations

from markupsafe import Markup

from ..display import display_safe
from ..if_left import if_left
from ..model import Step
from ..problems import Problem
from .context import RenderContext, RenderedPage
from .fragments import Writer
from .handover import has_pack
from .markup import Macros, join, template
from .slots import h2, html_block, page_text


def _t() -> Macros:
    return template("person.html")


def person_page(ctx: RenderContext, pid: str) -> RenderedPage:
    """The person's procedures, the steps they perform and what their leaving
    would leave uncovered (definitions: `tebiki.render.index`)."""
    uri = ctx.urls.person(pid)
    w, L, hb, ix = Writer(ctx, uri), ctx.labels, ctx.handbook, ctx.index
    person = hb.org.people[pid]
    owns, backs = ix.owns.get(pid, []), ix.backs_up.get(pid, [])
    card = w.f.card([
        (L["person.department"], w.dept_link(person.department)),
        (L["person.status"], w.f.badge(person.status.value, w.status_text(person))),
        (L["col.id"], w.f.code(pid)),
    ])
    blocks: list[str] = [html_block(card, person_sections(w, pid))]
    for heading, procs in ((L["person.owns"], owns), (L["person.backs_up"], backs)):
        blocks.append(h2(heading))
        if procs:
            blocks.append(html_block(w.table(
                [L["col.procedure"], L["col.department"], L["col.coverage"], L["col.frequency"]],
                ([w.proc_link(p), w.dept_link(p.department), w.coverage_badge(p.id), w.frequency(p.frequency)]
                 for p in procs),
            )))
        else:
            blocks.append(html_block(w.muted(L["person.none"])))

    blocks += review_section(w, pid) + problems_section(w, pid)
    blocks += role_steps(w, pid) + if_left_section(w, pid)
    return RenderedPage("person", pid, uri, person.name, page_text(person.name, blocks), person.location.file)


def people_page(ctx: RenderContext) -> RenderedPage:
    uri = ctx.urls.people
    w, L, hb, ix = Writer(ctx, uri), ctx.labels, ctx.handbook, ctx.index
    rows = [
        [w.person_link(p.id), w.dept_link(p.department), L[f"status.{p.status.value}"],
         len(ix.owns.get(p.id, [])), len(ix.backs_up.get(p.id, []))]
        for p in hb.org.people.values()
    ]
    blocks = [html_block(w.table(
        [L["col.person"], L["col.department"], L["col.status"], L["col.owns"], L["col.backs_up"]], rows,
    ))]
    title = L["people.title"]
    return RenderedPage("people", None, uri, title, page_text(title, blocks), ctx.org_file)


def person_sections(w: Writer, pid: str) -> Markup:
    """The hand-over pack link, roles and the procedures the person is learning."""
    L, hb = w.L, w.hb
    person = hb.org.people[pid]
    parts = []
    if has_pack(w.ctx.index, pid):
        parts.append(_t().pack(w.f.link(w.href(w.ctx.urls.handover(pid)), L["person.handover"])))
    if person.roles:
        parts.append(_t().labelled(L["person.roles"], w.chips(person.roles)))
    learning = w.ctx.index.trains.get(pid, [])
    if learning:
        parts.append(_t().labelled(L["person.trains"], join((w.proc_link(p) for p in learning), "、")))
    return join(parts, "\n")


def review_section(w: Writer, pid: str) -> list[str]:
    """What they own and back up, with next review due and an overdue badge (overdue first)."""
    L, ix = w.L, w.ctx.index
    owns, backs = ix.owns.get(pid, []), ix.backs_up.get(pid, [])
    blocks = [h2(L["review.title"])]
    if not owns and not backs:
        return blocks + [html_block(w.muted(L["review.none"]))]
    rows = []
    for role, procs in (("owner", owns), ("backup", backs)):
        for p in procs:
            reviewed, due = w.review_cells(p)
            rows.append((w.hb.review_overdue(p), [w.proc_link(p), L["review.role." + role], reviewed, due]))
    rows.sort(key=lambda r: not r[0])
    return blocks + [html_block(w.f.scroll(w.table(
        [L["col.procedure"], L["review.col.role"], L["col.reviewed"], L["col.next_review"]], [r for _, r in rows],
        "tebiki-table--review")))]


def _severity(problem: Problem) -> str:
    return str(getattr(problem.severity, "value", problem.severity))


def problems_section(w: Writer, pid: str) -> list[str]:
    """Open problems of the procedures they own or back up, by procedure."""
    L, ix = w.L, w.ctx.index
    procs = list(dict.fromkeys(ix.owns.get(pid, []) + ix.backs_up.get(pid, [])))
    groups = []
    for p in procs:
        found = ix.problems_by_file.get(p.file, [])
        if found:
            groups.append((w.proc_link(p), [(_severity(x), L["severity." + _severity(x)],
                                             display_safe(w.problem_message(x))) for x in found]))
    body = _t().problems(groups) if groups else w.muted(L["person.problems.none"])
    return [h2(L["person.problems"]), html_block(body)]


def if_left_section(w: Writer, pid: str) -> list[str]:
    """What their leaving changes, by consequence (`tebiki.if_left`): nobody left to
    run it; no owner but a named backup can act; the backup lost so only the owner remains.
    Each group is a list under its consequence (a badge), the backups named per procedure."""
    L, hb = w.L, w.hb
    blocks = [h2(L["person.if_left"])]
    # Only the procedures they hold can change (if_left.held_by): theirs, not all of them.
    found = if_left(w.ctx.index.owns.get(pid, []) + w.ctx.index.backs_up.get(pid, []), hb.org, pid)
    if not found:
        return blocks + [html_block(w.muted(L["person.if_left.none"]))]
    procs = hb.procedures
    if found.no_holder:
        blocks.append(html_block(_t().if_left_list(
            "no_owner", L["person.if_left.no_holder"], [w.proc_link(procs[p]) for p in found.no_holder])))
    if found.backup_acts:
        blocks.append(html_block(_t().backup_acts("owner_leaving", L["person.if_left.backup_acts_title"], [
            (w.proc_link(procs[p]), L.fmt("person.if_left.backup_acts", names="、".join(_name(w, a) for a in after)))
            for p, after in found.backup_acts])))
    if found.single:
        blocks.append(html_block(_t().if_left_list(
            "single_owner", L["person.if_left.single"], [w.proc_link(procs[p]) for p in found.single])))
    return blocks


def _name(w: Writer, pid: str | None) -> str:
    person = w.hb.org.people.get(pid or "")
    return person.name if person else (pid or "")


def role_steps(w: Writer, pid: str) -> list[str]:
    """The steps they handle: in the procedures they own or back up, the steps whose
    actor is one of their `roles` (all steps when _org.yaml gives no roles)."""
    L, hb, ix = w.L, w.hb, w.ctx.index
    person = hb.org.people[pid]
    roles = {r.strip() for r in person.roles}
    procs = list(dict.fromkeys(ix.owns.get(pid, []) + ix.backs_up.get(pid, [])))
    lead = (L.fmt("person.steps.roles", roles="、".join(person.roles)) if roles else L["person.steps.no_roles"])
    parts = [w.muted(lead)]
    named = ix.steps_named_for(hb, pid)
    if named:
        parts.append(_t().named_steps([
            w.f.step_link(w.href(w.ctx.urls.procedure(p.id)), s.id, f"{p.title} — {s.title}", s.actor)
            for p, s in named]))
    for proc in procs:
        numbers = {s.id: i for i, s in enumerate(proc.steps, 1)}
        mine: list[Step] = [s for s in proc.steps if not roles or s.actor.strip() in roles]
        if not mine:
            continue
        href = w.href(w.ctx.urls.procedure(proc.id))
        links = [w.f.step_link(href, s.id, f"{numbers[s.id]}. {s.title}", None if roles else s.actor) for s in mine]
        parts.append(_t().proc_steps(w.proc_link(proc), links))
    return [h2(L["person.steps"]), html_block(join(parts, "\n"))]

