"""The 星取表 page: per department, people × procedures with ◎ owner, ○ backup,
△ in training; row and column totals; one-holder and no-holder columns highlighted.
Figures come from `tebiki.skills`, the same `SkillMatrix` as `tebiki skills`
(templates/skills.html)."""

from __future__ import annotations

from functools import partial

from markupsafe import Markup

from ..skills import SkillMatrix, skill_matrices
from .context import RenderContext, RenderedPage
from .fragments import Writer
from .markup import template
from .page_memo import PageMemo
from .slots import h2, html_block, page_text


def skills_page(ctx: RenderContext, memo: PageMemo | None = None) -> RenderedPage:
    """With `memo` (`mkdocs serve`), a department's table is kept from the previous build
    when its matrix is unchanged."""
    uri = ctx.urls.skills
    w, L, hb = Writer(ctx, uri), ctx.labels, ctx.handbook
    blocks: list[str] = [html_block(template("skills.html").lead(
        L["skills.lead"], L["skills.legend.single"], L["skills.legend.none"]))]
    for matrix in skill_matrices(list(hb.procedures.values()), hb.org):
        blocks.append(h2(w.dept_name(matrix.department)))
        if not matrix.procedures:
            blocks.append(html_block(w.muted(L["skills.none"])))
            continue
        table = partial(skills_table, w, matrix)
        blocks.append(html_block(memo.part(ctx, "skills", matrix.department, (matrix,), table) if memo else table()))
    title = L["skills.title"]
    return RenderedPage("skills", None, uri, title, page_text(title, blocks), ctx.org_file)


def _column_class(matrix: SkillMatrix, procedure_id: str) -> str:
    holders_count = matrix.column_total(procedure_id)
    return {0: "tebiki-skills__none", 1: "tebiki-skills__single"}.get(holders_count, "")


def skills_table(w: Writer, matrix: SkillMatrix) -> Markup:
    """People × procedures; ◎ ○ △; row and column totals; one-holder columns highlighted."""
    L = w.L
    columns = [(w.proc_link(p), _column_class(matrix, p.id)) for p in matrix.procedures]
    rows = [(w.person_link(person.id),
             w.dept_name(person.department) if person.department != matrix.department else None,
             [(matrix.mark(person.id, p.id), _column_class(matrix, p.id)) for p in matrix.procedures],
             matrix.row_total(person.id))
            for person in matrix.people]
    totals = [(matrix.column_total(p.id), _column_class(matrix, p.id)) for p in matrix.procedures]
    return template("skills.html").table(
        matrix.department, L["skills.col.person"], L["skills.col.total"], L["skills.row.total"],
        columns, rows, totals, matrix.total)
