"""The handbook's pages, in navigation order: model in, page source out.

One module per page type (`home`, `department`, `procedure`, `person`, `coverage`,
`workload_page`, `skills_page`, `handover`, `problems`), each laying out its data
through its template in `templates/` (escaped by default: `markup.py`). The same
functions serve the MkDocs plugin (links to built pages, diagrams deferred) and
`export.render_markdown` (links to `.md` files, diagrams as `.svg` files next to the
pages): only `Links` and `Figures` in the `RenderContext` differ.
"""

from __future__ import annotations

from ..model import Procedure
from ..safety_checks import RESERVED_IDS
from .context import RenderContext, RenderedPage
from .coverage import coverage_page
from .department import department_page
from .handover import PackShared, handover_page, handover_pages, has_pack
from .home import home_page
from .page_memo import PageMemo
from .person import people_page, person_page
from .problems import problems_page
from .procedure import procedure_page
from .skills_page import skills_page
from .workload_page import workload_page

__all__ = ["all_pages", "coverage_page", "department_page", "handover_page", "home_page", "people_page",
           "person_page", "problems_page", "procedure_page", "skills_page", "workload_page"]


def all_pages(ctx: RenderContext, memo: PageMemo | None = None) -> list[RenderedPage]:
    """Every page of the handbook, in navigation order; with `memo`, the pages made once
    per procedure or person are kept from the previous build when unchanged (page_memo)."""
    hb = ctx.handbook
    if memo is not None:
        memo.start(ctx)

    def procedure(p: Procedure) -> RenderedPage:
        return memo.procedure(ctx, p, lambda: procedure_page(ctx, p)) if memo else procedure_page(ctx, p)

    def person(pid: str) -> RenderedPage:
        return memo.person(ctx, pid, lambda: person_page(ctx, pid)) if memo else person_page(ctx, pid)

    pages = [home_page(ctx)]
    for did in hb.org.departments:
        pages.append(department_page(ctx, did))
        pages.extend(procedure(p) for p in ctx.index.procedures_by_department.get(did, []))
    # Procedures whose department is unknown still get a page (their problem says why).
    pages.extend(procedure(p) for p in hb.procedures.values() if p.department not in hb.org.departments)
    pages.append(people_page(ctx))
    # A reserved id (`index`) would replace a generated page: refused by tebiki check, left out here.
    pages.extend(person(pid) for pid in hb.org.people if pid not in RESERVED_IDS)
    pages.append(coverage_page(ctx))
    if ctx.workload is not None:
        pages.append(workload_page(ctx))
    pages.append(skills_page(ctx))
    if memo is None:
        pages.extend(handover_pages(ctx))
    else:
        packs: list[PackShared] = []  # what the packs share, made once if a pack is made

        def pack(pid: str) -> RenderedPage:
            if not packs:
                packs.append(PackShared.of(ctx))
            return handover_page(ctx, pid, packs[0])

        for pid in hb.org.people:
            if has_pack(ctx.index, pid):
                pages.append(memo.handover(ctx, pid, lambda: pack(pid)))  # noqa: B023 - called at once
    pages.append(problems_page(ctx))
    if memo is not None:
        memo.end()
    return pages
