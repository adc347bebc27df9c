"""A department page (figures, truck factor, procedures, undocumented work, people,
map), and the department and undocumented tables the home and coverage pages share."""

from __future__ import annotations

from typing import Sequence

from markupsafe import Markup

from ..limits import MAX_MAP_PROCEDURES
from ..model import InventoryEntry
from ..risk import TruckFactor, truck_factor
from .context import RenderContext, RenderedPage
from .fragments import Writer
from .markup import html, template
from .slots import h2, html_block, page_text
from .workload_page import department_cards


def department_page(ctx: RenderContext, did: str) -> RenderedPage:
    uri = ctx.urls.department(did)
    w, L, hb = Writer(ctx, uri), ctx.labels, ctx.handbook
    dept = hb.org.departments[did]
    procs = ctx.index.procedures_by_department.get(did, [])
    n, cov, single, none, undoc = w.dept_counts(did)
    blocks = [
        html_block(w.figures_cards([
            (L["procedures.count"], n, "procedures"), (L["covered"], cov, "covered"),
            (L["single_owner"], single, "single_owner"), (L["no_owner"], none, "no_owner"),
            (L["undocumented"], undoc, "undocumented"),
            *department_cards(ctx, did),
        ]), department_note(w, did)),
        h2(L["dept.procedures"]),
    ]
    if procs:
        rows = []
        for p in procs:
            reviewed, _due = w.review_cells(p)
            # marked by a word, not by colour alone
            reviewed_html = w.overdue(reviewed) if hb.review_overdue(p) else reviewed
            rows.append([
                w.proc_link(p), w.person_link(p.owner), w.people_links(p.backup_owners),
                w.coverage_badge(p.id), w.frequency(p.frequency), reviewed_html,
            ])
        blocks.append(html_block(w.table(
            [L["col.procedure"], L["col.owner"], L["col.backups"], L["col.coverage"],
             L["col.frequency"], L["col.reviewed"]], rows, "tebiki-table--procedures",
        )))
    else:
        blocks.append(html_block(w.muted(L["dept.none"])))
    undocumented = ctx.index.undocumented_by_department.get(did, [])
    if undocumented:
        blocks += [h2(L["dept.undocumented"]), html_block(undocumented_table(w, undocumented, False))]
    members = [p for p in hb.org.people.values() if p.department == did]
    if members:
        blocks += [h2(L["dept.people"]), html_block(w.f.items([w.person_link(p.id) for p in members]))]
    if len(procs) > MAX_MAP_PROCEDURES:  # too many to draw in one map (FORMAT.md): said, not drawn
        blocks += [h2(L["dept.map"]), html_block(w.muted(L.fmt("dept.map.omitted", limit=f"{MAX_MAP_PROCEDURES:,}")))]
    else:
        figure = w.map_figure(procs, L["dept.map"])
        if figure:
            blocks += [h2(L["dept.map"]), html_block(figure)]
    return RenderedPage("department", did, uri, dept.name, page_text(dept.name, blocks), dept.location.file)


def department_table(w: Writer) -> Markup:
    """Per department: procedures, covered, single owner, no owner, undocumented."""
    L = w.L
    rows = []
    for did in w.ctx.index.procedures_by_department:
        if did not in w.hb.org.departments:
            continue
        n, cov, single, none, undoc = w.dept_counts(did)
        rows.append([w.dept_link(did), n, cov, single, none, undoc])
    return w.table(
        [L["col.department"], L["procedures.count"], L["covered"], L["single_owner"], L["no_owner"], L["undocumented"]],
        rows, "tebiki-table--numbers",
    )


def undocumented_table(w: Writer, entries: Sequence[InventoryEntry], with_department: bool) -> Markup:
    """The inventory's work without a procedure file: id, title, (department,) where listed."""
    L = w.L
    head = [L["col.id"], L["col.title"]] + ([L["col.department"]] if with_department else []) + [L["col.file"]]
    rows = []
    for e in entries:
        row: list[object] = [w.f.code(e.id), e.title]
        if with_department:
            row.append(w.dept_link(e.department))
        row.append(w.f.code(f"{e.location.file}:{e.location.line}", search_exclude=True))  # editor text: not searched
        rows.append(row)
    return w.table(head, rows)


def department_note(w: Writer, did: str) -> Markup:
    """The department's truck factor in one line, with links to the coverage page and the 星取表."""
    t = truck_factor(did, w.ctx.index.procedures_by_department.get(did, []), w.hb.org)
    if t is None:
        return html("")
    return template("department.html").truck_note(
        w.L["truck.col.factor"], t.factor, truck_sentence(w, t),
        w.f.link(w.href(w.ctx.urls.coverage), w.L["truck.title"]),
        w.f.link(w.href(w.ctx.urls.skills), w.L["skills.link"]))


def truck_sentence(w: Writer, t: TruckFactor) -> str:
    """«この2人が抜けると総務の5手順を担える人がいなくなります»."""
    department = w.dept_name(t.department)
    if not t.order:
        return w.L.fmt("truck.already", department=department, k=len(t.no_holder_before))
    return w.L.fmt("truck.sentence", n=t.factor, department=department, k=t.no_holder_after)
