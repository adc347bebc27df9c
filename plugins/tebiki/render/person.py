"""Reader-first pieces of the pages (issue 12): who to ask on a procedure page, the
editor box below the steps, the coverage page's to-do list, and the process owner's
view on a person page (review status, open problems, what their leaving changes,
the steps of their roles), and the problems page grouped by procedure.

Data come from `tebiki.todo` and `tebiki.risk` (the same holders rule as
`tebiki whatif`); this module only writes HTML.
"""

from __future__ import annotations

from ..display import display_safe
from ..if_left import if_left
from ..model import Procedure, Status, Step
from ..problems import Problem
from ..risk import holders
from ..todo import KINDS, TodoRow, count_by_kind, todo_rows
from .blocks import Writer, h2, html_block
from .safe import esc


def _name(w: Writer, pid: str | None) -> str:
    person = w.hb.org.people.get(pid or "")
    return person.name if person else (pid or "")


# ------------------------------------------------------------------ procedure page

def reader_note(w: Writer, proc: Procedure) -> str:
    """«担当者未定。質問は副担当 鈴木 健太へ»: who a reader asks when the owner is
    missing or leaving; "" when the owner is there to ask."""
    hb, L = w.hb, w.L
    if not hb.ownership_known:
        return ""
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
        return ""
    return f'<p class="tebiki-reader-note" role="note">{esc(text)}</p>'


def editor_box(w: Writer, problems: list[Problem]) -> str:
    """The file's problems for its editors: collapsed, after the steps, out of search and print."""
    if not problems:
        return ""
    items = "".join(
        f'<li><span class="tebiki-code">{esc(p.code)}</span> {esc(display_safe(w.problem_message(p)))} '
        f'<span class="tebiki-muted tebiki-where">{esc(display_safe(p.file))}:{p.line}</span></li>'
        for p in problems
    )
    kind = "failure" if any(p.severity == "error" for p in problems) else "warning"
    return (f'<details class="tebiki-editor admonition {kind}" data-search-exclude>'
            f'<summary>{esc(w.L.fmt("editor.title", n=len(problems)))}</summary><ul>{items}</ul></details>')


def backup_links(w: Writer, proc: Procedure) -> str:
    """The card's backups; the owner listed as their own backup is flagged, not hidden."""
    html = w.people_links(proc.backup_owners)
    if proc.owner and proc.owner in proc.backup_owners:
        html += f' <span class="tebiki-badge tebiki-badge--warning">{esc(w.L["self_backup"])}</span>'
    return html


# ------------------------------------------------------------------- coverage page

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


def todo_tiles(w: Writer, rows: list[TodoRow]) -> str:
    """One tile per kind, each a link to the first row of its kind (or the empty list)."""
    counts = count_by_kind(rows)
    tiles = "".join(
        f'<a class="tebiki-stat tebiki-stat--todo tebiki-stat--{kind}" href="#todo-{kind}">'
        f'<span class="tebiki-stat__value">{counts[kind]}</span>'
        f'<span class="tebiki-stat__label">{esc(w.L["todo." + kind])}</span></a>'
        for kind in KINDS
    )
    return f'<div class="tebiki-stats tebiki-stats--todo">{tiles}</div>'


def todo_section(w: Writer) -> list[str]:
    """The to-do list: tiles linking to their rows, then one table in urgency order."""
    L = w.L
    rows = todo_rows(w.hb)
    blocks = [h2(L["todo.title"]), html_block(todo_tiles(w, rows), w.muted(L["todo.lead"]))]
    if not rows:
        # the tiles' anchors still land on the list
        anchors = "".join(f'<span id="todo-{k}"></span>' for k in KINDS)
        return blocks + [html_block(anchors + w.muted(L["todo.none"]))]
    seen: set[str] = set()
    out = ['<div class="tebiki-scroll" tabindex="0"><table class="tebiki-table tebiki-table--todo">',
           "<thead><tr>" + "".join(f"<th>{esc(h)}</th>" for h in (
               L["todo.col.urgency"], L["col.procedure"], L["col.department"], L["col.owner"], L["todo.col.what"]))
           + "</tr></thead><tbody>"]
    for row in rows:
        anchor = "" if row.kind in seen else f' id="todo-{row.kind}"'
        seen.add(row.kind)
        title = w.proc_link(row.procedure) if row.procedure is not None else esc(row.title)
        out.append(
            f'<tr class="tebiki-todo tebiki-todo--{row.kind}"{anchor}>'
            f'<td><span class="tebiki-badge tebiki-badge--todo-{row.kind}">{esc(L["todo." + row.kind])}</span></td>'
            f'<td class="tebiki-cell--title">{title}</td><td>{w.dept_link(row.department)}</td>'
            f"<td>{w.person_link(row.owner) if row.procedure is not None else '—'}</td>"
            f"<td data-search-exclude>{esc(_todo_what(w, row))}</td></tr>"  # editor text: not searched
        )
    # kinds with no row: their tiles still land on the list
    missing = "".join(f'<span id="todo-{k}"></span>' for k in KINDS if k not in seen)
    out.append("</tbody></table></div>")
    return blocks + [html_block(missing + "\n".join(out))]


# --------------------------------------------------------------------- person page

def review_section(w: Writer, pid: str) -> list[str]:
    """What they own and back up, with next review due and an overdue badge."""
    L, ix = w.L, w.ctx.index
    owns, backs = ix.owns.get(pid, []), ix.backs_up.get(pid, [])
    blocks = [h2(L["review.title"])]
    if not owns and not backs:
        return blocks + [html_block(w.muted(L["review.none"]))]
    rows = []
    for role, procs in (("owner", owns), ("backup", backs)):
        for p in procs:
            reviewed, due = w.review_cells(p)
            rows.append([w.proc_link(p), esc(L["review.role." + role]), reviewed, due])
    rows.sort(key=lambda r: "tebiki-badge--overdue" not in r[3])  # overdue first
    return blocks + [html_block('<div class="tebiki-scroll" tabindex="0">' + w.table(
        [L["col.procedure"], L["review.col.role"], L["col.reviewed"], L["col.next_review"]], rows,
        "tebiki-table--review") + "</div>")]


def problems_section(w: Writer, pid: str) -> list[str]:
    """Open problems of the procedures they own or back up, by procedure."""
    L, ix = w.L, w.ctx.index
    procs = list(dict.fromkeys(ix.owns.get(pid, []) + ix.backs_up.get(pid, [])))
    items = []
    for p in procs:
        found = ix.problems_by_file.get(p.file, [])
        if found:
            items.append(f"<li>{w.proc_link(p)}<ul>" + "".join(
                f'<li><span class="tebiki-badge tebiki-badge--{esc(str(getattr(x.severity, "value", x.severity)))}">'
                f'{esc(L["severity." + str(getattr(x.severity, "value", x.severity))])}</span> '
                f"{esc(display_safe(w.problem_message(x)))}</li>" for x in found) + "</ul></li>")
    # Problem messages are editor text (YAML field names): shown, not searched. On a <div>:
    # Material's indexer ends an exclusion at the first nested end tag of the same name.
    body = (f'<div data-search-exclude><ul class="tebiki-person-problems">{"".join(items)}</ul></div>' if items
            else w.muted(L["person.problems.none"]))
    return [h2(L["person.problems"]), html_block(body)]


def if_left_section(w: Writer, pid: str) -> list[str]:
    """What their leaving changes, by consequence (`tebiki.if_left`): nobody left to
    run it; no owner but a named backup can act; the backup lost so only the owner remains."""
    L, hb = w.L, w.hb
    blocks = [h2(L["person.if_left"])]
    found = if_left(list(hb.procedures.values()), hb.org, pid)
    if not found:
        return blocks + [html_block(w.muted(L["person.if_left.none"]))]
    procs = hb.procedures
    if found.no_holder:
        blocks.append(html_block(
            f'<p><span class="tebiki-badge tebiki-badge--no_owner">{esc(L["person.if_left.no_holder"])}</span></p><ul>'
            + "".join(f"<li>{w.proc_link(procs[p])}</li>" for p in found.no_holder) + "</ul>"))
    if found.backup_acts:
        blocks.append(html_block("<ul>" + "".join(
            f'<li>{w.proc_link(procs[p])} — {esc(L.fmt("person.if_left.backup_acts", names="、".join(_name(w, a) for a in after)))}</li>'
            for p, after in found.backup_acts) + "</ul>"))
    if found.single:
        blocks.append(html_block(
            f'<p><span class="tebiki-badge tebiki-badge--single_owner">{esc(L["person.if_left.single"])}</span></p><ul>'
            + "".join(f"<li>{w.proc_link(procs[p])}</li>" for p in found.single) + "</ul>"))
    return blocks


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
        parts.append('<ul class="tebiki-person-steps">' + "".join(
            f'<li><a href="{w.href(w.ctx.urls.procedure(p.id))}#step-{esc(s.id)}">{esc(p.title)} — {esc(s.title)}</a>'
            f' <span class="tebiki-muted">({esc(s.actor)})</span></li>' for p, s in named) + "</ul>")
    for proc in procs:
        numbers = {s.id: i for i, s in enumerate(proc.steps, 1)}
        mine: list[Step] = [s for s in proc.steps if not roles or s.actor.strip() in roles]
        if not mine:
            continue
        links = "、".join(
            f'<a href="{w.href(w.ctx.urls.procedure(proc.id))}#step-{esc(s.id)}">{numbers[s.id]}. {esc(s.title)}</a>'
            + (f' <span class="tebiki-muted">({esc(s.actor)})</span>' if not roles else "")
            for s in mine)
        parts.append(f'<div class="tebiki-person-proc"><p>{w.proc_link(proc)}</p><p>{links}</p></div>')
    return [h2(L["person.steps"]), html_block("\n".join(parts))]


# -------------------------------------------------------------------- problems page

def problems_by_procedure(w: Writer) -> str:
    """One section per procedure (its title linked), then other files; codes never
    wrapped mid-word, no Markdown marks in messages."""
    L, hb = w.L, w.hb
    by_proc: dict[str, list[Problem]] = {}
    other: dict[str, list[Problem]] = {}
    files = {p.file: p for p in hb.procedures.values()}
    for p in hb.problems:
        proc = files.get(p.file)
        if proc is not None:
            by_proc.setdefault(proc.id, []).append(p)
        else:
            other.setdefault(p.file, []).append(p)

    def items(problems: list[Problem]) -> str:
        out = []
        for p in problems:
            sev = str(getattr(p.severity, "value", p.severity))
            where = f"{p.file}:{p.line}" + (f":{p.column}" if p.column else "")
            out.append(f'<li><span class="tebiki-badge tebiki-badge--{esc(sev)}">{esc(L["severity." + sev])}</span> '
                       f'<span class="tebiki-code">{esc(p.code)}</span> '
                       f'{esc(display_safe(w.problem_message(p)).replace("`", ""))} '
                       f'<span class="tebiki-muted tebiki-where">{esc(display_safe(where))}</span></li>')
        return '<ul class="tebiki-problem-list">' + "".join(out) + "</ul>"

    sections = []
    for pid, problems in by_proc.items():
        proc = hb.procedures[pid]
        link = f'<a href="{w.href(w.ctx.urls.procedure(proc.id))}">{esc(display_safe(proc.title))}</a>'
        sections.append(f'<section class="tebiki-problem-group"><h3>{link} '
                        f'<span class="tebiki-muted">{esc(display_safe(w.dept_name(proc.department)))}</span></h3>{items(problems)}</section>')
    for file, problems in other.items():
        sections.append(f'<section class="tebiki-problem-group"><h3>{esc(display_safe(file))}</h3>{items(problems)}</section>')
    return "\n".join(sections)
