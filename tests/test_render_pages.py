"""The page functions without MkDocs: escaping, links, people, charts, export."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from tebiki.coverage import coverage_of, review_of
from tebiki.if_left import if_left
from tebiki.model import (
    Department, Handbook, InventoryEntry, Location, Mode, Org, Person, Procedure,
    Reference, Status, Step, Transition,
)
from tebiki.render import charts
from tebiki.adapters.markdown import render_markdown
from tebiki.render.index import HandbookIndex
from tebiki.render.labels import Labels, all_keys, language_of
from tebiki.render.figures import Figures
from tebiki.render.links import FileLinks, SiteLinks
from tebiki.render.context import RenderContext
from tebiki.render.slots import fill_blocks
from tebiki.render.pages import person_page, procedure_page
from tebiki.render.safe import DescriptionRenderer, esc, md_inline, safe_url
from constants import TODAY



def loc(file: str = "procedures/_org.yaml", line: int = 1) -> Location:
    return Location(file, line, 1)


def step(sid: str, actor: str, title: str = "作業", description: str | None = None,
         next_: tuple[Transition, ...] = ()) -> Step:
    return Step(sid, title, actor, Mode.MANUAL, 30, description, next_, loc("p.yaml"))


def proc(pid: str, owner: str | None, backups: tuple[str, ...] = (), steps: tuple[Step, ...] = (),
         title: str = "手順", **kw) -> Procedure:
    fields = dict(
        id=pid, title=title, department="acc", summary="概要", owner=owner, backup_owners=backups,
        frequency="monthly", trigger=None, reviewed=date(2026, 1, 1), review_interval_months=None,
        systems=(), references=(), related=(), tags=(), steps=steps or (step("a", "経理担当"),),
        file=f"procedures/acc/{pid}.yaml",
    )
    fields.update(kw)
    return Procedure(**fields)


def handbook(*procs: Procedure, people: tuple[Person, ...] | None = None) -> Handbook:
    people = people or (
        Person("sato", "佐藤 花子", "acc", Status.ACTIVE, None, loc()),
        Person("suzuki", "鈴木 次郎", "acc", Status.ACTIVE, None, loc()),
        Person("tanaka", "田中 一郎", "acc", Status.LEAVING, date(2027, 3, 31), loc()),
    )
    org = Org({"acc": Department("acc", "経理・財務", loc())}, {p.id: p for p in people})
    return Handbook(
        folder="procedures", org=org,
        inventory=(InventoryEntry("acc-todo", "未着手", "acc", loc("procedures/_inventory.yaml", 3)),),
        procedures={p.id: p for p in procs}, coverage={p.id: coverage_of(p, org) for p in procs},
        problems=[], today=TODAY, review_interval_months=12,
        reviews={p.id: review_of(p, 12, TODAY) for p in procs},
    )


# ------------------------------------------------------------------ safe

@pytest.mark.parametrize("url, expected", [
    ("https://example.org/a", "https://example.org/a"),
    ("mailto:soumu@example.co.jp", "mailto:soumu@example.co.jp"),
    ("../rules/seal.pdf", "../rules/seal.pdf"),
    ("/intranet/a:b", "/intranet/a:b"),
    ("javascript:alert(1)", None),
    (" JavaScript:alert(1)", None),
    ("java\tscript:alert(1)", None),
    ("data:text/html,<script>", None),
    ("vbscript:x", None),
    ("", None),
])
def test_safe_url(url: str, expected: str | None) -> None:
    assert safe_url(url) == expected


def test_esc_and_md_inline() -> None:
    assert esc('<a href="x">{{y}}</a>') == "&lt;a href=&quot;x&quot;&gt;&#123;&#123;y&#125;&#125;&lt;/a&gt;"
    assert md_inline("*強調* [x](y) # <b>") == (
        "&#42;強調&#42; &#91;x&#93;&#40;y&#41; &#35; &lt;b&gt;")


@pytest.mark.parametrize("payload, forbidden", [
    ("<script>alert(1)</script>", "<script"),
    ("<img src=x onerror=alert(1)>", "onerror"),
    ("[x](javascript:alert(1))", "javascript:"),
    ('"><svg onload=alert(1)>', "<svg"),
    ("<a href='javascript:alert(1)'>x</a>", "javascript:"),
    ("<iframe src=https://evil.example></iframe>", "<iframe"),
    ("<div markdown=1 style=x>**a**</div>", "markdown="),
])
def test_description_sanitised(payload: str, forbidden: str) -> None:
    assert forbidden not in DescriptionRenderer().render(payload)


@pytest.mark.parametrize("text", [
    "各部署から請求書を回収する。\n月末までに提出する。",
    "一段落目。\n\n二段落目 (税込) 100円。",
    "a < b & c > d \"q\" 'q' {{x}}",
    "- 箇条書き\n- 二つ目",
    "1. 番号\n2. 二つ目",
    "    code",
])
def test_plain_text_fast_path_matches_markdown(text: str) -> None:
    import markdown
    from tebiki.render.safe import join_cjk_lines, sanitize_html

    expected = join_cjk_lines(sanitize_html(markdown.markdown(text, extensions=["tables", "fenced_code", "sane_lists", "def_list"])))
    assert DescriptionRenderer().render(text) == expected


def test_description_keeps_markdown() -> None:
    html = DescriptionRenderer().render("# 見出し\n\n**太字** と [規程](https://example.org)\n\n| a | b |\n|---|---|\n| 1 | 2 |")
    assert "<h4>見出し</h4>" in html and "<strong>太字</strong>" in html and "<table>" in html
    assert '<a href="https://example.org" rel="noopener noreferrer">規程</a>' in html


# ----------------------------------------------------------------- labels

def test_both_languages_define_the_same_strings() -> None:
    keys = all_keys()
    assert keys["ja"] == keys["en"]


def test_language_and_minutes() -> None:
    assert language_of(None) == "ja" and language_of("en-US") == "en" and language_of("de") == "en"
    assert Labels("ja").minutes(45) == "45分" and Labels("ja").minutes(90) == "1時間30分"
    assert Labels("en").minutes(120) == "2 h"


# ------------------------------------------------------------------ links

@pytest.mark.parametrize("directory, src, dst, href", [
    (True, "procedures/a.md", "people/b.md", "../../people/b/"),
    (True, "procedures/a.md", "index.md", "../../"),
    (True, "index.md", "departments/acc/index.md", "departments/acc/"),
    (True, "departments/acc/index.md", "procedures/a.md", "../../procedures/a/"),
    (True, "coverage.md", "problems.md", "../problems/"),
    (True, "procedures/a.md", "procedures/b.md", "../../procedures/b/"),
    (True, "index.md", "index.md", "./"),
    (False, "procedures/a.md", "people/b.md", "../people/b.html"),
    (False, "index.md", "coverage.md", "coverage.html"),
])
def test_site_links(directory: bool, src: str, dst: str, href: str) -> None:
    assert SiteLinks(directory).href(src, dst) == href


def test_file_links() -> None:
    assert FileLinks().href("procedures/a.md", "departments/acc/index.md") == "../departments/acc/index.md"


# ----------------------------------------------------------------- people

def test_person_steps_and_if_left() -> None:
    a = proc("a", "sato", ("suzuki",), (step("s1", "佐藤花子"), step("s2", "経理担当")))
    b = proc("b", "tanaka", ("sato",))
    c = proc("c", "suzuki", ("sato", "tanaka"))
    hb = handbook(a, b, c)
    ix = HandbookIndex.build(hb)
    assert [(p.id, s.id) for p, s in ix.steps_named_for(hb, "sato")] == [("a", "s1")]
    procs = list(hb.procedures.values())
    sato = if_left(procs, hb.org, "sato")
    assert sato.backup_acts == (("a", ("suzuki",)),) and sato.no_holder == ()
    assert sato.single == ("b",)  # c keeps tanaka (leaving still counts as available)
    suzuki = if_left(procs, hb.org, "suzuki")
    assert suzuki.backup_acts == (("c", ("sato", "tanaka")),) and suzuki.single == ("a",)


def test_person_page_groups_steps_by_actor() -> None:
    a = proc("a", "sato", (), (step("s1", "経理担当", "起票"), step("s2", "経理部長", "承認")))
    page = person_page(RenderContext(handbook(a), Labels("ja")), "sato")
    # no roles in _org.yaml: every step of their procedure, each with its actor
    assert '<a href="../../procedures/a/#step-s1">1. 起票</a> <span class="tebiki-muted">(経理担当)</span>' in page.markdown
    assert '<a href="../../procedures/a/#step-s2">2. 承認</a> <span class="tebiki-muted">(経理部長)</span>' in page.markdown


# ------------------------------------------------------------- procedure

def test_procedure_page_markdown_and_site_split() -> None:
    p = proc("a", None, tags=("決算", "<b>x</b>"), references=(Reference("悪", "javascript:x"),),
             steps=(step("one", "経理担当", "起票", "**太字**"),))
    page = procedure_page(RenderContext(handbook(p), Labels("ja")), p)
    assert page.markdown.startswith('---\ntitle: "手順"\ntags:\n  - "決算"\n  - "&lt;b&gt;x&lt;/b&gt;"\n'
                                    'search: {boost: 4}\n---')
    assert "\n# 手順\n" in page.markdown and "\n## ステップ\n" in page.markdown
    assert "<strong>太字</strong>" in page.markdown
    assert "<li>悪 <code>javascript:x</code></li>" in page.markdown
    assert "tebiki-badge--no_owner" in page.markdown
    # the site source holds only headings and slots; the blocks go back in after Markdown
    assert "<strong>" not in page.text.site_markdown
    slots = re.findall(r'data-tebiki-block="(\d+)"', page.text.site_markdown)
    assert [int(n) for n in slots] == list(range(len(page.text.blocks)))
    assert fill_blocks("<p>" + page.text.site_markdown + "</p>", page.text.blocks).count("tebiki-block-slot") == 0


def test_step_next_line_for_branches_and_ends() -> None:
    steps = (
        step("a", "x", "A"),
        step("b", "x", "B", next_=(Transition("c", "承認", loc()), Transition("a", "差戻し", loc()))),
        step("c", "x", "C", next_=()),
        step("d", "x", "D"),
    )
    html = procedure_page(RenderContext(handbook(proc("p", "sato", steps=steps)), Labels("ja")),
                          proc("p", "sato", steps=steps)).markdown
    assert '<a href="#step-c">3. C</a> <span class="tebiki-when">(承認)</span>' in html
    assert "次へ: 終了" in html


class FakeDiagrams:
    def procedure_svg(self, procedure, step_href):
        return f'<svg><a href="{step_href("a")}"><text>{procedure.id}</text></a></svg>'

    def map_svg(self, procedures, coverage, href, title):
        return "<svg>" + "".join(f'<a href="{href(p)}"></a>' for p in procedures) + "</svg>"


def test_deferred_figures_are_drawn_at_resolve() -> None:
    figures = Figures(FakeDiagrams(), mode="deferred")
    p = proc("a", "sato")
    page = procedure_page(RenderContext(handbook(p), Labels("ja"), figures=figures), p)
    assert "<svg" not in page.markdown and "tebiki-figure-slot" in page.markdown
    html = figures.resolve(fill_blocks(page.text.site_markdown, page.text.blocks))
    assert '<figure class="tebiki-diagram tebiki-diagram--flow">' in html and 'href="#step-a"' in html


# ------------------------------------------------------------------ charts

def test_charts_escape_labels_and_scale() -> None:
    svg = charts.stacked_bars("<t>", [("<b>部</b>", [(3, "covered", "済"), (1, "no_owner", "無")])])
    assert svg.startswith('<svg class="tebiki-chart"') and "<b>" not in svg and "&lt;t&gt;" in svg
    assert svg.count("tebiki-fill--covered") == 2  # bar + legend
    hostile = charts.bars('<script>alert("t")</script>', [("<script>alert(1)</script>", 2, 'x" onload="y')])
    assert "<script" not in hostile and "onload=\"" not in hostile, hostile
    assert "<title>&lt;script&gt;alert(&quot;t&quot;)&lt;/script&gt;</title>" in hostile  # shown, as text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in hostile and 'tebiki-fill--x&quot; onload' in hostile


# ------------------------------------------------------------------ export

def test_export_without_diagrams_writes_the_pages_only(tmp_path: Path) -> None:
    hb = handbook(proc("a", "sato", ("suzuki",)), proc("b", "tanaka"))
    written = render_markdown(hb, tmp_path, "en", diagrams=False)
    names = {p.relative_to(tmp_path).as_posix() for p in written}
    assert {"index.md", "departments/acc/index.md", "procedures/a.md", "people/sato.md",
            "people/index.md", "coverage.md", "problems.md"} <= names
    assert [n for n in names if not n.endswith(".md")] == []  # diagrams off: no figure files
    text = (tmp_path / "departments/acc/index.md").read_text(encoding="utf-8")
    assert '<a href="../../procedures/a.md">' in text and "## Procedures" in text
    a, b = ((tmp_path / "procedures" / f"{pid}.md").read_text(encoding="utf-8") for pid in "ab")
    assert '<span class="tebiki-badge tebiki-badge--covered">Covered</span>' in a  # owner and a backup
    assert '<span class="tebiki-badge tebiki-badge--single_owner">' in b  # its owner alone
    assert "<figure" not in a + b and "<img" not in a + b and "## Flow" not in a


def test_export_with_diagrams_writes_svg_files(tmp_path: Path) -> None:
    hb = handbook(proc("a", "sato", ("suzuki",)))
    render_markdown(hb, tmp_path, "ja", cache_dir=None)
    assert (tmp_path / "procedures" / "a.flow.svg").read_text(encoding="utf-8").lstrip().startswith("<svg")
    assert '<img src="a.flow.svg"' in (tmp_path / "procedures" / "a.md").read_text(encoding="utf-8")
