"""The home page: figures at a glance, links to the overview pages, departments, the map."""

from __future__ import annotations

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
    figure = w.map_figure(list(hb.procedures.values()), L["home.map"])
    if figure:
        blocks += [h2(L["home.map"]), html_block(figure)]
    edit = ctx.inventory_file or ctx.org_file
    return RenderedPage("home", None, uri, title, page_text(title, blocks, meta_title=not ctx.site_title), edit)
