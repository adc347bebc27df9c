"""The handbook's pages, in navigation order: model in, page source out.

One module per page type (`home`, `department`, `procedure`, `person`, `coverage`,
`workload_page`, `skills_page`, `handover`, `problems`), each laying out its data
through its template in `templates/` (escaped by default: `markup.py`). The same
functions serve the MkDocs plugin (links to built pages, diagrams deferred) and
`export.render_markdown` (links to `.md` files, diagrams as `.svg` files next to the
pages): only `Links` and `Figures` in the `RenderContext` differ.
"""

from __future__ import annotations

from typing import Iterator

from ..model import Procedure
from ..safety_checks import RESERVED_IDS
from .context import RenderContext, RenderedPage
from .coverage import coverage_page
from .department import department_page
from .handover import PackShared, handover_page, handover_pages, has_pack
from .home import home_page
from .index import page_order
from .page_memo import PageMemo
from .person import people_page, person_page
from .problems import problems_page
from .procedure import procedure_page
from .skills_page import skills_page
from .workload_page import workload_page

__all__ = ["all_pages", "iter_pages", "coverage_page", "department_page", "handover_page", "home_page", "people_page",
           "person_page", "problems_page", "procedure_page", "skills_page", "workload_page"]


def all_pages(ctx: RenderContext, memo: PageMemo | None = None) -> list[RenderedPage]:
    """Every page of the handbook, in navigation order; with `memo`, the pages made once
    per procedure or person are kept from the previous build when unchanged (page_memo)."""
    return list(iter_pages(ctx, memo))


def iter_pages(ctx: RenderContext, memo: PageMemo | None = None) -> Iterator[RenderedPage]:
    """`all_pages` one page at a time, each made when it is asked for (the site build keeps
    each page's HTML compressed as it comes: adapters/mkdocs/packed.py). With `memo`, the
    memo's build ends when the last page is taken."""
    hb = ctx.handbook
    if memo is not None:
        memo.start(ctx)

    def procedure(p: Procedure) -> RenderedPage:
        return memo.procedure(ctx, p, lambda: procedure_page(ctx, p)) if memo else procedure_page(ctx, p)

    def person(pid: str) -> RenderedPage:
        return memo.person(ctx, pid, lambda: person_page(ctx, pid)) if memo else person_page(ctx, pid)

    def department(did: str) -> RenderedPage:
        return memo.department(ctx, did, lambda: department_page(ctx, did)) if memo else department_page(ctx, did)

    yield home_page(ctx)
    # Procedures whose department is unknown still get a page, after the others (their problem says why).
    for did, procedures in page_order(hb, ctx.index.procedures_by_department):
        if did is not None:
            yield department(did)
        yield from (procedure(p) for p in procedures)
    yield people_page(ctx)
    # A reserved id (`index`) would replace a generated page: refused by tebiki check, left out here.
    yield from (person(pid) for pid in hb.org.people if pid not in RESERVED_IDS)
    yield coverage_page(ctx)
    if ctx.workload is not None:
        yield workload_page(ctx)
    yield skills_page(ctx, memo)
    if memo is None:
        yield from handover_pages(ctx)
    else:
        packs: list[PackShared] = []  # what the packs share, made once if a pack is made

        def pack(pid: str) -> RenderedPage:
            if not packs:
                packs.append(PackShared.of(ctx))
            return handover_page(ctx, pid, packs[0])

        for pid in hb.org.people:
            if has_pack(ctx.index, pid):
                yield memo.handover(ctx, pid, lambda: pack(pid))  # noqa: B023 - called at once
    yield problems_page(ctx)
    if memo is not None:
        memo.end()
