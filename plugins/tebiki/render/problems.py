"""The problems page: every problem `tebiki check` reports, grouped by procedure
(its title linked), then by other file; codes never wrapped mid-word, no Markdown
marks in messages (templates/problems.html)."""

from __future__ import annotations

import re

from markupsafe import Markup

from ..display import display_safe
from ..problems import Problem
from .context import RenderContext, RenderedPage
from .fragments import Writer
from .markup import Macros, join, template
from .slots import SEARCH_EXCLUDE, h2, html_block, page_text


def _t() -> Macros:
    return template("problems.html")


def problems_page(ctx: RenderContext) -> RenderedPage:
    uri = ctx.urls.problems
    w, L, hb = Writer(ctx, uri), ctx.labels, ctx.handbook
    s = hb.summary
    # `code` in the label is shown as code, with no literal backticks
    parts = [(text, i % 2 == 1) for i, text in enumerate(re.split(r"`([^`]+)`", L["problems.lead"]))]
    blocks: list[str] = [html_block(_t().lead(parts, L.fmt("problems.summary", errors=s.errors, warnings=s.warnings)))]
    if hb.problems:
        blocks += [h2(L["problems.by_procedure"]), html_block(problems_by_procedure(w))]
    else:
        blocks.append(html_block(w.muted(L["problems.none"])))
    title = L["problems.title"]
    return RenderedPage("problems", None, uri, title, page_text(title, blocks, search=SEARCH_EXCLUDE), None)


def problems_by_procedure(w: Writer) -> Markup:
    """One section per procedure, then one per other file, in the order problems come."""
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

    def items(problems: list[Problem]) -> list[dict[str, str]]:
        out = []
        for p in problems:
            sev = str(getattr(p.severity, "value", p.severity))
            where = f"{p.file}:{p.line}" + (f":{p.column}" if p.column else "")
            out.append({"severity": sev, "label": L["severity." + sev], "code": p.code,
                        "message": display_safe(w.problem_message(p)).replace("`", ""),
                        "where": display_safe(where)})
        return out

    sections = []
    for pid, problems in by_proc.items():
        proc = hb.procedures[pid]
        link = w.f.link(w.href(w.ctx.urls.procedure(proc.id)), display_safe(proc.title))
        sections.append(_t().group(link, display_safe(w.dept_name(proc.department)), items(problems)))
    for file, problems in other.items():
        sections.append(_t().group(display_safe(file), None, items(problems)))
    return join(sections, "\n")
