"""The handbook's pages as Markdown text: model in, page source out.

Each page is front matter (title, tags) + a Markdown `#` heading + `##` section
headings (so the table of contents and search sections work) + raw HTML blocks
for the content. Every YAML value is escaped with `safe.esc` / `safe.md_inline`,
and step descriptions are rendered and sanitised by `safe.DescriptionRenderer`,
so MkDocs' second Markdown pass cannot reinterpret anything from YAML.

The same functions serve the MkDocs plugin (links to built pages, diagrams
inline) and `export.render_markdown` (links to `.md` files, diagrams as `.svg`
files next to the pages): only `Links` and `Figures` differ. The pieces
pages are assembled from (page text, context, the HTML writer) are in `blocks.py`.
"""

from __future__ import annotations

import re
from typing import Sequence

from ..safety_checks import RESERVED_IDS
from ..model import InventoryEntry, Procedure, Status, Step
from . import charts, reader, risk_pages
from .blocks import SEARCH_BOOST, SEARCH_EXCLUDE, RenderContext, RenderedPage, Writer, h2, html_block, page_text
from .safe import esc, safe_url
from .workload_page import department_cards, procedure_card_rows, procedure_improvements, workload_page


# --------------------------------------------------------------------------- home

def home_page(ctx: RenderContext) -> RenderedPage:
    uri = ctx.urls.home
    w, L, hb = Writer(ctx, uri), ctx.labels, ctx.handbook
    # the site's home is named after the site; beside a home page of docs_dir's own,
    # this page is the handbook's overview, with a name of its own
    title = (ctx.site_title or L["home.title"]) if uri == "index.md" else L["overview.title"]
    s = hb.summary
    blocks: list[str] = [
        html_block(f'<p class="tebiki-lead">{esc(L["home.lead"])}</p>'),
        h2(L["home.at_a_glance"]),
        html_block(
            w.figures_cards(w.summary_stats()),
            f'\n<p class="tebiki-links"><a href="{w.href(ctx.urls.coverage)}">{esc(L["coverage.title"])}</a>'
            f' · <a href="{w.href(ctx.urls.problems)}">{esc(L["problems.title"])}</a> '
            f'({esc(L.fmt("problems.summary", errors=s.errors, warnings=s.warnings))})'
            f' · <a href="{w.href(ctx.urls.people)}">{esc(L["people.title"])}</a>'
            + (f' · <a href="{w.href(ctx.urls.workload)}">{esc(L["workload.title"])}</a>' if ctx.workload else "")
            + "</p>",
        ),
        h2(L["home.departments"]),
        html_block(_department_table(w)),
    ]
    figure = w.map_figure(list(hb.procedures.values()), L["home.map"])
    if figure:
        blocks += [h2(L["home.map"]), html_block(figure)]
    edit = ctx.inventory_file or ctx.org_file
    return RenderedPage("home", None, uri, title, page_text(title, blocks, meta_title=not ctx.site_title), edit)


def _department_table(w: Writer) -> str:
    L = w.L
    rows = []
    for did in w.ctx.index.procedures_by_department:
        if did not in w.hb.org.departments:
            continue
        n, cov, single, none, undoc = w.dept_counts(did)
        rows.append([w.dept_link(did), str(n), str(cov), str(single), str(none), str(undoc)])
    return w.table(
        [L["col.department"], L["procedures.count"], L["covered"], L["single_owner"], L["no_owner"], L["undocumented"]],
        rows, "tebiki-table--numbers",
    )


# --------------------------------------------------------------------- department

def department_page(ctx: RenderContext, did: str) -> RenderedPage:
    uri = ctx.urls.department(did)
    w, L, hb = Writer(ctx, uri), ctx.labels, ctx.handbook
    dept = hb.org.departments[did]
    procs = ctx.index.procedures_by_department.get(did, [])
    n, cov, single, none, undoc = w.dept_counts(did)
    blocks: list[str] = [
        html_block(w.figures_cards([
            (L["procedures.count"], n, "procedures"), (L["covered"], cov, "covered"),
            (L["single_owner"], single, "single_owner"), (L["no_owner"], none, "no_owner"),
            (L["undocumented"], undoc, "undocumented"),
            *department_cards(ctx, did),
        ]), risk_pages.department_note(w, did)),
        h2(L["dept.procedures"]),
    ]
    if procs:
        rows = []
        for p in procs:
            reviewed, _due = w.review_cells(p)
            overdue = hb.review_overdue(p)
            reviewed_html = (  # marked by a word, not by colour alone
                f'<span class="tebiki-overdue">{reviewed} <span class="tebiki-badge tebiki-badge--overdue">'
                f'{esc(L["proc.overdue"])}</span></span>' if overdue else reviewed
            )
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
        blocks += [h2(L["dept.undocumented"]), html_block(_undocumented_table(w, undocumented, False))]
    members = [p for p in hb.org.people.values() if p.department == did]
    if members:
        blocks += [h2(L["dept.people"]), html_block(
            "<ul>" + "".join(f"<li>{w.person_link(p.id)}</li>" for p in members) + "</ul>"
        )]
    figure = w.map_figure(procs, L["dept.map"])
    if figure:
        blocks += [h2(L["dept.map"]), html_block(figure)]
    return RenderedPage("department", did, uri, dept.name, page_text(dept.name, blocks), dept.location.file)


def _undocumented_table(w: Writer, entries: Sequence[InventoryEntry], with_department: bool) -> str:
    L = w.L
    head = [L["col.id"], L["col.title"]] + ([L["col.department"]] if with_department else []) + [L["col.file"]]
    rows = []
    for e in entries:
        row = [f"<code>{esc(e.id)}</code>", esc(e.title)]
        if with_department:
            row.append(w.dept_link(e.department))
        row.append(f"<code data-search-exclude>{esc(e.location.file)}:{e.location.line}</code>")  # not searched
        rows.append(row)
    return w.table(head, rows)


# ---------------------------------------------------------------------- procedure

def procedure_page(ctx: RenderContext, proc: Procedure) -> RenderedPage:
    uri = ctx.urls.procedure(proc.id)
    w, L, hb = Writer(ctx, uri), ctx.labels, ctx.handbook
    reviewed, due = w.review_cells(proc)
    card: list[tuple[str, str]] = [
        (L["proc.department"], w.dept_link(proc.department)),
        (L["proc.owner"], w.person_link(proc.owner)),
        (L["proc.backups"], reader.backup_links(w, proc)),
        (L["col.coverage"], w.coverage_badge(proc.id)),
        (L["proc.frequency"], w.frequency(proc.frequency)),
    ]
    if proc.trainees:
        card.insert(3, (L["trainees"], w.people_links([t.person for t in proc.trainees])))
    if proc.trigger:
        card.append((L["proc.trigger"], esc(proc.trigger)))
    if proc.systems:
        card.append((L["proc.systems"], w.chips(proc.systems)))
    if proc.references:
        items = []
        for ref in proc.references:
            url = safe_url(ref.url)
            if url:
                items.append(f'<li><a href="{esc(url)}" rel="noopener noreferrer">{esc(ref.title)}</a></li>')
            elif ref.url:
                items.append(f"<li>{esc(ref.title)} <code>{esc(ref.url)}</code></li>")
            else:
                items.append(f"<li>{esc(ref.title)}</li>")
        card.append((L["proc.references"], "<ul>" + "".join(items) + "</ul>"))
    if proc.tags:
        card.append((L["proc.tags"], w.chips(proc.tags, "tebiki-chip tebiki-chip--tag")))
    card.append((L["proc.reviewed"], reviewed))
    card.append((L["proc.next_review"], due))
    if proc.total_minutes:
        card.append((L["proc.total_minutes"], w.minutes(proc.total_minutes)))
    card += procedure_card_rows(ctx, w, proc)
    card_html = '<div class="tebiki-card" data-search-exclude><dl>' + "".join(
        f"<dt>{esc(k)}</dt><dd>{v}</dd>" for k, v in card
    ) + "</dl></div>"

    blocks: list[str] = [html_block(w.para(proc.summary, "tebiki-lead"), reader.reader_note(w, proc)), html_block(card_html)]
    figure = ctx.figures.flow(uri, proc, L["proc.flow"])
    if figure:
        blocks += [h2(L["proc.flow"]), html_block(figure)]
    blocks += [h2(L["proc.steps"]), html_block(_steps(w, proc))]
    editor = reader.editor_box(w, ctx.index.problems_by_file.get(proc.file, []))
    if editor:  # for editors: after the steps, collapsed, not printed
        blocks.append(html_block(editor))
    blocks += procedure_improvements(ctx, w, proc)
    related = ctx.index.related_of(proc, hb)
    if related:
        blocks += [h2(L["proc.related"]), html_block(
            "<ul>" + "".join(
                f"<li>{w.proc_link(r)} <span class=\"tebiki-muted\">{esc(w.dept_name(r.department))}</span></li>"
                for r in related
            ) + "</ul>"
        )]
    return RenderedPage("procedure", proc.id, uri, proc.title, page_text(proc.title, blocks, proc.tags, search=SEARCH_BOOST),
                        proc.file)


def _steps(w: Writer, proc: Procedure, anchor: str = "step-") -> str:
    """The numbered steps; each heading's id is `{anchor}{step id}`."""
    L = w.L
    numbers = {s.id: i for i, s in enumerate(proc.steps, 1)}
    out = ['<ol class="tebiki-steps">']
    for i, step in enumerate(proc.steps, 1):
        sid = esc(step.id)
        meta = [
            f'<span class="tebiki-step__actor">{esc(L["step.actor"])}: {esc(step.actor)}</span>',
            f'<span class="tebiki-mode tebiki-mode--{step.mode.value}">{esc(L["mode." + step.mode.value])}</span>',
        ]
        if step.minutes is not None:
            meta.append(f'<span class="tebiki-step__minutes">{w.minutes(step.minutes)}</span>')
        if step.headcount != 1:
            meta.append(f'<span class="tebiki-step__headcount">{esc(L.fmt("step.headcount", n=step.headcount))}</span>')
        out.append(
            f'<li class="tebiki-step tebiki-step--{step.mode.value}" value="{i}">'
            f'<h3 id="{anchor}{sid}"><span class="tebiki-step__no">{i}</span> {esc(step.title)}'
            f'<a class="headerlink" href="#{anchor}{sid}" title="Permanent link">&para;</a></h3>'
            f'<p class="tebiki-step__meta">{" ".join(meta)}</p>'
        )
        body = w.ctx.descriptions.render(step.description)
        if body:
            out.append(f'<div class="tebiki-step__body">\n{body}\n</div>')
        next_line = _next_line(w, proc, step, i, numbers, anchor)
        out.append(f"{next_line}</li>" if next_line else "</li>")
    out.append("</ol>")
    return "\n".join(out)


def _next_line(w: Writer, proc: Procedure, step: Step, i: int, numbers: dict[str, int],
               anchor: str = "step-") -> str:
    L = w.L
    targets = []
    for t in step.next:
        if t.to in numbers:
            target = proc.steps[numbers[t.to] - 1]
            link = f'<a href="#{anchor}{esc(t.to)}">{numbers[t.to]}. {esc(target.title)}</a>'
        else:
            link = f"<code>{esc(t.to)}</code>"
        if t.when:
            link += f' <span class="tebiki-when">({esc(t.when)})</span>'
        targets.append(link)
    # The default edge to the following step needs no line; a branch, a jump or the end does.
    if len(step.next) == 1 and not step.next[0].explicit and not step.next[0].when:
        return ""
    if not step.next and i < len(proc.steps):
        return f'<p class="tebiki-step__next">{esc(L["step.next"])}: {esc(L["step.end"])}</p>'
    if not step.next:
        return ""
    if len(targets) == 1 and step.next[0].to in numbers and numbers[step.next[0].to] == i + 1 and not step.next[0].when:
        return ""
    return f'<p class="tebiki-step__next">{esc(L["step.next"])}: {" / ".join(targets)}</p>'


# ------------------------------------------------------------------------- people

def person_page(ctx: RenderContext, pid: str) -> RenderedPage:
    """The person's procedures, the steps they perform and what their leaving
    would leave uncovered (definitions: `tebiki.render.index`)."""
    uri = ctx.urls.person(pid)
    w, L, hb, ix = Writer(ctx, uri), ctx.labels, ctx.handbook, ctx.index
    person = hb.org.people[pid]
    owns, backs = ix.owns.get(pid, []), ix.backs_up.get(pid, [])
    status = esc(L[f"status.{person.status.value}"])
    if person.status is Status.LEAVING and person.leaving_on:
        status += f" {person.leaving_on.isoformat()}"
    card = (
        '<div class="tebiki-card"><dl>'
        f'<dt>{esc(L["person.department"])}</dt><dd>{w.dept_link(person.department)}</dd>'
        f'<dt>{esc(L["person.status"])}</dt><dd><span class="tebiki-badge tebiki-badge--{person.status.value}">'
        f"{status}</span></dd>"
        f'<dt>{esc(L["col.id"])}</dt><dd><code>{esc(pid)}</code></dd>'
        "</dl></div>"
    )
    blocks: list[str] = [html_block(card, risk_pages.person_sections(w, pid))]
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

    blocks += reader.review_section(w, pid) + reader.problems_section(w, pid)
    blocks += reader.role_steps(w, pid) + reader.if_left_section(w, pid)
    return RenderedPage("person", pid, uri, person.name, page_text(person.name, blocks), person.location.file)


def people_page(ctx: RenderContext) -> RenderedPage:
    uri = ctx.urls.people
    w, L, hb, ix = Writer(ctx, uri), ctx.labels, ctx.handbook, ctx.index
    rows = [
        [w.person_link(p.id), w.dept_link(p.department), esc(L[f"status.{p.status.value}"]),
         str(len(ix.owns.get(p.id, []))), str(len(ix.backs_up.get(p.id, [])))]
        for p in hb.org.people.values()
    ]
    blocks: list[str] = [html_block(w.table(
        [L["col.person"], L["col.department"], L["col.status"], L["col.owns"], L["col.backs_up"]], rows,
    ))]
    title = L["people.title"]
    return RenderedPage("people", None, uri, title, page_text(title, blocks), ctx.org_file)


# ----------------------------------------------------------------------- coverage

def coverage_page(ctx: RenderContext) -> RenderedPage:
    uri = ctx.urls.coverage
    w, L, hb, ix = Writer(ctx, uri), ctx.labels, ctx.handbook, ctx.index
    stats = w.summary_stats()
    blocks: list[str] = [
        *reader.todo_section(w),
        h2(L["coverage.summary"]),
        html_block(w.figures_cards(stats)),
        html_block(f'<div class="tebiki-chart-box">{charts.bars(L["coverage.chart"], [(lab, int(v), c) for lab, v, c in stats[1:]])}</div>'
                   if hb.ownership_known else ""),
        h2(L["coverage.by_department"]),
        html_block(_department_table(w)),
    ]
    dept_rows = []
    for did, dept in hb.org.departments.items():
        _n, cov, single, none, undoc = w.dept_counts(did)
        dept_rows.append((dept.name, [
            (cov, "covered", L["covered"]), (single, "single_owner", L["single_owner"]),
            (none, "no_owner", L["no_owner"]),  # procedures only: the bar's total is the table's 手順数
        ]))
    if dept_rows and hb.ownership_known:
        blocks.append(html_block(
            f'<div class="tebiki-chart-box">{charts.stacked_bars(L["coverage.chart.department"], dept_rows)}</div>'
        ))

    undocumented = hb.undocumented
    blocks.append(h2(L["coverage.undocumented"]))
    blocks.append(html_block(
        _undocumented_table(w, undocumented, True) if undocumented else w.muted(L["coverage.undocumented.none"])
    ))

    leaving = [p for p in hb.org.people.values() if p.status is not Status.ACTIVE]
    blocks.append(h2(L["coverage.leaving"]))
    blocks.append(html_block(w.table(
        [L["col.person"], L["col.department"], L["col.owns"], L["col.backs_up"]],
        ([w.person_link(p.id), w.dept_link(p.department),
          "<br>".join(w.proc_link(x) for x in ix.owns.get(p.id, [])) or "—",
          "<br>".join(w.proc_link(x) for x in ix.backs_up.get(p.id, [])) or "—"] for p in leaving),
    ) if leaving else w.muted(L["coverage.leaving.none"])))

    blocks += risk_pages.coverage_sections(w)

    title = L["coverage.title"]
    return RenderedPage("coverage", None, uri, title, page_text(title, blocks), ctx.inventory_file or ctx.org_file)


# ----------------------------------------------------------------------- problems

def problems_page(ctx: RenderContext) -> RenderedPage:
    uri = ctx.urls.problems
    w, L, hb = Writer(ctx, uri), ctx.labels, ctx.handbook
    s = hb.summary
    lead = re.sub(r"`([^`]+)`", r"<code>\1</code>", esc(L["problems.lead"]))  # no literal backticks
    blocks: list[str] = [html_block(f'<p class="tebiki-lead">{lead}</p>'
                    f'<p><strong>{esc(L.fmt("problems.summary", errors=s.errors, warnings=s.warnings))}</strong></p>')]
    if hb.problems:
        blocks += [h2(L["problems.by_procedure"]), html_block(reader.problems_by_procedure(w))]
    else:
        blocks.append(html_block(w.muted(L["problems.none"])))
    title = L["problems.title"]
    return RenderedPage("problems", None, uri, title, page_text(title, blocks, search=SEARCH_EXCLUDE), None)


# --------------------------------------------------------------------------- all

def all_pages(ctx: RenderContext) -> list[RenderedPage]:
    """Every page of the handbook, in navigation order."""
    hb = ctx.handbook
    pages = [home_page(ctx)]
    for did in hb.org.departments:
        pages.append(department_page(ctx, did))
        pages.extend(procedure_page(ctx, p) for p in ctx.index.procedures_by_department.get(did, []))
    # Procedures whose department is unknown still get a page (their problem says why).
    pages.extend(procedure_page(ctx, p) for p in hb.procedures.values() if p.department not in hb.org.departments)
    pages.append(people_page(ctx))
    # A reserved id (`index`) would replace a generated page: refused by tebiki check, left out here.
    pages.extend(person_page(ctx, pid) for pid in hb.org.people if pid not in RESERVED_IDS)
    pages.append(coverage_page(ctx))
    if ctx.workload is not None:
        pages.append(workload_page(ctx))
    pages.append(risk_pages.skills_page(ctx))
    pages.extend(risk_pages.handover_page(ctx, pid) for pid in hb.org.people if risk_pages.has_pack(hb, pid))
    pages.append(problems_page(ctx))
    return pages
