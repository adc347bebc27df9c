"""The home page: figures at a glance, links to the overview pages, departments, the map."""

from __future__ import annotations

from ..department_links import DepartmentNode, department_lines
from ..limits import MAX_MAP_PROCEDURES
from ..model import Procedure
from .context import RenderContext, RenderedPage
from .department import department_table
from .fragments import Writer
from .markup import template
from .slots import h2, html_block, page_text


def home_page(ctx: RenderContext) -> RenderedPage:
    uri = ctx.urls.home
    w, L, hb = Writer(ctx, uri), ctx.labels, ctx.handbook
    # the site's home is named after the site; beside a home page of docs_dir's own,
    # this page is the handbook's overview, with a name of its own
    title = (ctx.site_title or L["home.title"]) if uri == "index.md" else L["overview.title"]
    s = hb.summary
    links = template("home.html").links(
        w.f.link(w.href(ctx.urls.coverage), L["coverage.title"]),
        w.f.link(w.href(ctx.urls.problems), L["problems.title"]),
        L.fmt("problems.summary", errors=s.errors, warnings=s.warnings),
        w.f.link(w.href(ctx.urls.people), L["people.title"]),
        w.f.link(w.href(ctx.urls.workload), L["workload.title"]) if ctx.workload else "",
    )
    blocks = [
        html_block(w.f.lead(L["home.lead"])),
        h2(L["home.at_a_glance"]),
        html_block(w.figures_cards(w.summary_stats()), "\n", links),
        h2(L["home.departments"]),
        html_block(department_table(w)),
    ]
    procedures = list(hb.procedures.values())
    if len(procedures) > MAX_MAP_PROCEDURES:
        blocks += department_map_blocks(w, procedures)
    else:
        figure = w.map_figure(procedures, L["home.map"])
        if figure:
            blocks += [h2(L["home.map"]), html_block(figure)]
    edit = ctx.inventory_file or ctx.org_file
    return RenderedPage("home", None, uri, title, page_text(title, blocks, meta_title=not ctx.site_title), edit)


def department_map_blocks(w: Writer, procedures: list[Procedure]) -> list[str]:
    """A handbook of more than MAX_MAP_PROCEDURES procedures (FORMAT.md): the map of its
    departments, each linked to its page (which has its procedures and their map), and a
    list of the procedures of departments missing from `_org.yaml`, so the home page still
    leads to every procedure."""
    ctx, L = w.ctx, w.L
    by_department = ctx.index.procedures_by_department
    known = [did for did in ctx.handbook.org.departments if by_department.get(did)]
    nodes = [DepartmentNode(did, w.dept_name(did), len(by_department[did]), w.href(ctx.urls.department(did)))
             for did in known]
    blocks: list[str] = [h2(L["home.map"]), html_block(w.muted(L.fmt("home.map.by_department", limit=f"{MAX_MAP_PROCEDURES:,}")))]
    figure = ctx.figures.departments(w.uri, nodes, department_lines(procedures, known), L["home.map"])
    if figure:
        blocks.append(html_block(figure))
    unplaced = [p for p in procedures if p.department not in ctx.handbook.org.departments]
    if unplaced:
        blocks += [h2(L["home.unplaced"]), html_block(w.f.items([w.proc_link(p) for p in unplaced]))]
    return blocks
