"""The 属人化 risk pages of the sample handbook, rendered without MkDocs: the coverage
page's truck factor, departures and scenarios, the 星取表 page against
`tebiki skills --format xlsx`, and the hand-over packs linked from person pages."""

from __future__ import annotations

import re
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import pytest
from openpyxl import load_workbook

from tebiki.core import build_handbook
from tebiki.model import Handbook
from tebiki.render.context import RenderContext
from tebiki.adapters.markdown import render_markdown
from tebiki.render.figures import Figures
from tebiki.render.labels import Labels
from tebiki.render.pages import coverage_page, person_page
from tebiki.render.pages import handover_page, skills_page
from tebiki.render.safe import md_inline
from tebiki.risk import Scenario, truck_factors, what_if
from test_risk_commands import ROOT, TODAY, run

DAY = date.fromisoformat(TODAY)


@pytest.fixture(scope="module")
def sample() -> Handbook:
    return build_handbook(ROOT, "procedures", today=DAY)


def ctx(hb: Handbook, lang: str = "ja", **kw) -> RenderContext:  # type: ignore[no-untyped-def]
    return RenderContext(hb, Labels(lang), **kw)


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()


def pack_heading(n: int, title: str) -> str:
    """A procedure's heading in a pack, as written in the page's Markdown."""
    return "## " + md_inline(f"{n}. {title}")


def section(markdown: str, start: str, end: str | None = None) -> str:
    body = markdown[markdown.index(start):]
    return body[: body.index(end)] if end else body


class Tables(HTMLParser):
    """Each table's cells as text, rows in order (thead, tbody, tfoot)."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: list[list[list[str]]] = []
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            self.tables.append([])
        elif tag == "tr":
            self.tables[-1].append([])
        elif tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell is not None:
            self.tables[-1][-1].append(" ".join("".join(self._cell).split()))
            self._cell = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


def tables(html: str) -> list[list[list[str]]]:
    parser = Tables()
    parser.feed(html)
    return parser.tables


# ------------------------------------------------------------------ coverage page

def test_coverage_page_shows_the_truck_factor_that_whatif_confirms(sample: Handbook) -> None:
    page = coverage_page(ctx(sample)).markdown
    truck = section(page, "## 部門のトラック係数", "## 退職・異動の予定と影響")
    rows = {row[0]: row for row in tables(truck)[0][1:]}
    assert rows["総務"] == ["総務", "5", "2", "伊藤 直樹 → 渡辺 由美",
                            "この2人が抜けると総務の5手順を担える人がいなくなります"]
    # the most fragile department first
    assert [row[2] for row in tables(truck)[0][1:]] == sorted(row[2] for row in tables(truck)[0][1:])
    # the removal order, fed to the what-if, leaves those five procedures with nobody
    [ga] = [t for t in truck_factors(list(sample.procedures.values()), sample.org) if t.department == "general-affairs"]
    scenario = what_if(list(sample.procedures.values()), sample.org, ga.order)
    assert scenario.departments["general-affairs"].no_holder == 5


def test_coverage_page_departures_timeline(sample: Handbook) -> None:
    page = coverage_page(ctx(sample)).markdown
    timeline = tables(section(page, "## 退職・異動の予定と影響"))[0]
    assert timeline[1][:3] == ["2027-01-31", "加藤 さくら 退職予定 2027-01-31", "年末調整"]
    assert timeline[2][:3] == ["2027-03-31", "田中 一郎 退職予定 2027-03-31", "支払処理"]
    assert timeline[2][3] == "年次決算 複数担当 → 単独担当"
    # a date already past is not a future departure
    later = coverage_page(ctx(build_handbook(ROOT, "procedures", today=date(2027, 2, 1)))).markdown
    assert "2027-01-31" not in section(later, "## 退職・異動の予定と影響")


def test_coverage_page_shows_configured_scenarios_in_english(sample: Handbook) -> None:
    scenarios = (Scenario("GA both", ("ito", "watanabe")), Scenario("Year end", (), date(2027, 3, 31)))
    page = coverage_page(ctx(sample, "en", scenarios=scenarios)).markdown
    shown = text_of(section(page, "## Scenarios"))
    assert "GA both Leaving 伊藤 直樹 , 渡辺 由美 Left with nobody who can run them 5" in shown
    assert "Year end Leaving 加藤 さくら" in shown and "As of 2027-03-31" in shown
    assert "## Scenarios" not in coverage_page(ctx(sample, "en")).markdown


# ------------------------------------------------------------------ 星取表

def skills_tables(hb: Handbook) -> dict[str, list[list[str]]]:
    page = skills_page(ctx(hb)).markdown
    found = {}
    for heading, body in re.findall(r"^## ([^\n]+)\n+(<table.*?</table>)", page, re.M | re.S):
        found[heading] = tables(body)[0]
    return found


def test_skills_page_marks_totals_and_single_holder_columns(sample: Handbook) -> None:
    ga = skills_tables(sample)["総務"]
    assert ga[0] == ["人", "社用車管理", "防災訓練", "郵便物・来客対応", "備品購入", "印鑑管理（押印申請）", "担当数"]
    assert ga[1] == ["伊藤 直樹", "◎", "◎", "", "○", "◎", "4"]
    assert ga[-1] == ["担える人数", "1", "2", "1", "2", "2", "8"]
    page = skills_page(ctx(sample)).markdown
    single = re.findall(r'<th class="tebiki-skills__single"><a [^>]+>([^<]+)</a>', page)
    assert single == ["予算策定", "支払処理", "社用車管理", "郵便物・来客対応", "年末調整"]


def test_skills_xlsx_totals_match_the_page(sample: Handbook, tmp_path: Path) -> None:
    target = tmp_path / "skills.xlsx"
    assert run(ROOT, "skills", "--format", "xlsx", "--out", str(target)).returncode == 0
    book = load_workbook(target)
    page = skills_tables(sample)
    assert list(page) == book.sheetnames
    for name, table in page.items():
        sheet = [[c.value for c in row] for row in book[name].iter_rows()]
        # per person: name and row total; last row: the column totals and the grand total
        assert [(r[1], r[-1]) for r in sheet[1:-1]] == [(re.sub(r" 退職予定 .*", "", r[0]), int(r[-1]))
                                                      for r in table[1:-1]]
        assert sheet[-1][2:] == [int(x) for x in table[-1][1:]], name
        # and every mark
        assert [[c or "" for c in r[2:-1]] for r in sheet[1:-1]] == [r[1:-1] for r in table[1:-1]]


# ------------------------------------------------------------------ hand-over pack

def test_person_page_links_to_a_pack_with_each_of_their_procedures(sample: Handbook) -> None:
    person = person_page(ctx(sample), "ito").markdown
    assert '<a href="../../handover/ito/">引き継ぎ資料(印刷用)</a>' in person
    pack = handover_page(ctx(sample), "ito").markdown
    assert pack.count('<div class="tebiki-pack-break"') == 4
    for n, title in enumerate(["社用車管理", "防災訓練", "印鑑管理（押印申請）", "備品購入"], 1):
        assert pack_heading(n, title) in pack
    seal = text_of(section(pack, pack_heading(3, "印鑑管理（押印申請）"), pack_heading(4, "備品購入")))
    assert "立場 担当者" in seal and "ほかに担える人 渡辺 由美" in seal
    assert "引き継ぎ先の候補 部門内に候補がいません" in seal and "開始のきっかけ 契約書" in seal
    assert "1 押印申請書を提出する" in seal  # the steps
    assert "年間時間 9.0時間/年" in text_of(section(pack, pack_heading(2, "防災訓練"), pack_heading(3, "印鑑管理（押印申請）")))
    company_car = text_of(section(pack, pack_heading(1, "社用車管理"), pack_heading(2, "防災訓練")))
    # ito alone runs it: watanabe (same department, not a holder) is the successor to train
    assert "ほかに担える人 いません" in company_car and "引き継ぎ先の候補 渡辺 由美" in company_car


def test_pack_of_a_leaving_owner_has_the_deadline_and_ranked_successors(sample: Handbook) -> None:
    pack = handover_page(ctx(sample), "tanaka").markdown
    cover = text_of(section(pack, "引き継ぎ資料", "## 引き継ぐ手順"))
    assert "引き継ぎ期限 2027-03-31" in cover
    payment = text_of(section(pack, pack_heading(1, "支払処理")))
    # takahashi is learning it (trainee) and comes first; then the others of 経理 by least work:
    # suzuki owns expense (7 h a year), sato owns annual close, budget and monthly close (64 + 22 + 136 h)
    assert "研修中 高橋 美咲" in payment
    assert "引き継ぎ先の候補 高橋 美咲 、 鈴木 健太 、 佐藤 花子" in payment


def test_pack_references_print_their_urls(sample: Handbook) -> None:
    pack = handover_page(ctx(sample), "sato").markdown
    assert re.search(r'<span class="tebiki-pack-url">https?://[^<]+</span>', pack)


def test_pack_steps_and_flow_have_anchors_of_their_own() -> None:
    class Diagrams:
        def procedure_svg(self, procedure, step_href):  # type: ignore[no-untyped-def]
            return "<svg>" + "".join(f'<a href="{step_href(s.id)}"></a>' for s in procedure.steps) + "</svg>"

        def map_svg(self, *args):  # type: ignore[no-untyped-def]
            return ""

    hb = build_handbook(ROOT, "procedures", today=DAY)
    pack = handover_page(ctx(hb, figures=Figures(Diagrams())), "watanabe").markdown
    assert 'href="#ga-seal--step-apply"' in pack and 'id="ga-seal--step-apply"' in pack
    assert 'id="step-apply"' not in pack


def test_render_writes_packs_and_their_flows(sample: Handbook, tmp_path: Path) -> None:
    written = render_markdown(sample, tmp_path, "ja", diagrams=False)
    names = {p.relative_to(tmp_path).as_posix() for p in written}
    assert {"handover/ito.md", "skills.md"} <= names
    assert "handover/sasaki.md" in names and "handover/nobody.md" not in names
    assert "(handover/ito.md)" in (tmp_path / "people" / "ito.md").read_text(encoding="utf-8").replace(
        'href="../', "(").replace('">引き継ぎ', ")")


def test_site_build_with_scenarios_and_one_naming_an_unknown_person(tmp_path: Path,
                                                                   caplog: pytest.LogCaptureFixture) -> None:
    from mkdocs.exceptions import Abort, PluginError

    from handbook_fixture import build_site, write_handbook

    config = write_handbook(tmp_path / "ok", extra_plugin="\n              scenarios: {佐藤さんが抜けたら: {people: [sato]}}")
    coverage = (build_site(config) / "coverage" / "index.html").read_text(encoding="utf-8")
    shown = text_of(coverage[coverage.index("想定シナリオ"):])
    assert "佐藤さんが抜けたら 抜ける人 佐藤 花子" in shown
    bad = write_handbook(tmp_path / "bad", extra_plugin="\n              scenarios: {x: {people: [satou]}}")
    with pytest.raises((Abort, PluginError)):
        build_site(bad)
    assert "想定「x」: 「satou」は _org.yaml にいない人です(「sato」のことですか?)" in caplog.text


def test_a_pack_reuses_the_procedure_pages_diagram_job(sample: Handbook) -> None:
    """The pack's flows are drawn with the procedure page's links (one render, one cache
    entry per procedure); only the links are renamed afterwards."""
    class Diagrams:
        def procedure_svg(self, procedure, step_href):  # type: ignore[no-untyped-def]
            return "<svg>" + "".join(f'<a href="{step_href(s.id)}"></a>' for s in procedure.steps) + "</svg>"

        def map_svg(self, *args):  # type: ignore[no-untyped-def]
            return ""

    from tebiki.render.slots import fill_blocks
    from tebiki.render.pages import procedure_page

    figures = Figures(Diagrams(), mode="deferred")
    context = ctx(sample, figures=figures)
    seal = sample.procedures["ga-seal"]
    procedure_page(context, seal)
    pack = handover_page(context, "watanabe")
    jobs = {(p.id, tuple(href(s.id) for s in p.steps)) for p, href in figures.flow_jobs}
    assert len(jobs) == len({p.id for p, _ in figures.flow_jobs})  # no procedure drawn twice
    html = figures.resolve(fill_blocks(pack.text.site_markdown, pack.text.blocks))
    assert 'href="#ga-seal--step-apply"' in html and 'href="#step-apply"' not in html


def test_pack_and_skills_in_english(sample: Handbook) -> None:
    pack = handover_page(ctx(sample, "en"), "kato")
    assert pack.title == "Hand-over pack: 加藤 さくら"
    shown = text_of(pack.markdown)
    assert "Hand over by 2027-01-31" in shown and "Suggested successors" in shown
    assert "Others who can run it nobody (without a hand-over nobody can run it)" in shown
    skills = skills_page(ctx(sample, "en")).markdown
    assert "# Skills matrix" in skills and "<th>Holders</th>" in skills


def test_department_page_states_its_truck_factor_and_links_to_the_skills_matrix(sample: Handbook) -> None:
    from tebiki.render.pages import department_page

    page = department_page(ctx(sample), "general-affairs").markdown
    note = re.search(r'<p class="tebiki-truck-note">.*?</p>', page)
    assert note is not None
    assert text_of(note[0]).startswith("トラック係数 2 : この2人が抜けると総務の5手順を担える人がいなくなります")
    assert 'href="../../skills/"' in note[0] and 'href="../../coverage/"' in note[0]


def test_packs_stay_out_of_search_and_the_menu(tmp_path: Path) -> None:
    """Every procedure of a pack has its own page: search and the menu lead there, not to packs."""
    import json

    from handbook_fixture import build_site, write_handbook

    site = build_site(write_handbook(tmp_path))
    assert (site / "handover" / "sato" / "index.html").is_file()
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    locations = [d["location"] for d in index["docs"]]
    assert any(loc.startswith("procedures/acc-monthly-close/") for loc in locations)
    assert not [loc for loc in locations if loc.startswith("handover/")]
    home = (site / "index.html").read_text(encoding="utf-8")
    assert "handover/" not in home[home.index('<nav class="md-nav md-nav--primary"'):]


def test_no_risk_sections_when_ownership_is_unknown(tebiki_handbook) -> None:  # type: ignore[no-untyped-def]
    from core_samples import CLEAN_PROCEDURE

    root = tebiki_handbook({"a.yaml": CLEAN_PROCEDURE}, org="departments: [oops\n")
    hb = build_handbook(root, "procedures", today=DAY)
    assert not hb.ownership_known
    page = coverage_page(ctx(hb, scenarios=(Scenario("x", ("sato",)),))).markdown
    assert "部門のトラック係数" not in page and "想定シナリオ" not in page
