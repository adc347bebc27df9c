"""Full MkDocs builds of a small handbook: every page type, safety, edit links,
offline pages, and how problems behave with and without --strict."""

from __future__ import annotations

import json
import logging
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from mkdocs.exceptions import Abort

from handbook_fixture import build_site, write_handbook

EDIT = "https://git.example.co.jp/minato/handbook/edit/main/"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("handbook")
    return build_site(write_handbook(root))


def page(site: Path, url: str) -> str:
    return (site / url / "index.html").read_text(encoding="utf-8")


def article(html: str) -> str:
    return html[html.index("<article"): html.index("</article>")]


class Elements(HTMLParser):
    """Every start tag with its attributes, and the text of inline scripts."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self._in_script = tag == "script"

    def handle_endtag(self, tag: str) -> None:
        self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self.scripts.append(data)


def elements(html: str) -> Elements:
    parser = Elements()
    parser.feed(html)
    return parser


def all_pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


# ---------------------------------------------------------------- page types

def test_home_shows_figures_departments_and_map(site: Path) -> None:
    html = article(page(site, "."))
    stats = re.findall(r'tebiki-stat__value">(\d+)</span><span class="tebiki-stat__label">([^<]+)<', html)
    assert {label: int(n) for n, label in stats} == {
        "手順数": 3, "複数担当": 2, "単独担当": 1, "担当者なし": 0, "未文書化": 1}
    assert '<a href="departments/accounting/">経理・財務</a>' in html
    assert "tebiki-diagram--map" in html


def test_browser_tab_titles_name_the_page_once(site: Path) -> None:
    site_name = re.search(r"<title>([^<]+)</title>", page(site, ".")).group(1)
    assert " - " not in site_name, "the home page is named after the site: no 'X - X' tab title"
    assert f"<title>月次決算 - {site_name}</title>" in page(site, "procedures/acc-monthly-close")
    home = article(page(site, "."))
    assert "---" not in home and "<hr" not in home, "no stray front-matter fence on the home page"
    assert re.search(r"<h1[^>]*>" + re.escape(site_name), home)


def test_department_table_row(site: Path) -> None:
    html = article(page(site, "departments/accounting"))
    row = re.search(r"<tr><td><a href=\"../../procedures/acc-monthly-close/\">月次決算</a>.*?</tr>", html)
    assert row, html
    assert '<a href="../../people/sato/">佐藤 花子</a>' in row[0]
    assert '<a href="../../people/suzuki/">鈴木 次郎</a>' in row[0]
    assert "tebiki-badge--covered" in row[0] and "月次" in row[0] and "2099-01-01" in row[0]
    # undocumented inventory entries of the department
    assert "acc-fixed-assets" in html and "固定資産管理" in html


def test_procedure_card_steps_and_anchors(site: Path) -> None:
    html = article(page(site, "procedures/acc-monthly-close"))
    assert "毎月の締めを行い" in html
    for label, value in (("頻度", "月次"), ("開始のきっかけ", "毎月第1営業日"), ("次回の見直し期限", "2100-01-01")):
        assert f"<dt>{label}</dt><dd>{value}</dd>" in html
    assert '<a href="https://example.org/law" rel="noopener noreferrer">法人税法</a>' in html
    for step_id in ("collect", "check", "post"):
        assert f'id="step-{step_id}"' in html
    assert html.index('id="step-collect"') < html.index('id="step-check"') < html.index('id="step-post"')
    assert "<strong>請求書</strong>" in html  # Markdown description rendered
    assert "役割: 経理担当" in html and "1時間" in html
    assert '<a href="#step-post">3. 仕訳を計上する</a> <span class="tebiki-when">(承認)</span>' in html
    assert "tebiki-diagram--flow" in html
    assert '<a href="../../procedures/acc-payment/">支払処理</a>' in html  # related


def test_procedure_tags_meta_reach_material(site: Path) -> None:
    html = page(site, "procedures/acc-monthly-close")
    assert re.search(r'class="md-tag[^"]*">\s*決算\s*<', html)


def test_leaving_backup_and_overdue_are_flagged(site: Path) -> None:
    html = article(page(site, "procedures/acc-payment"))
    assert '田中 一郎</a> <span class="tebiki-badge tebiki-badge--leaving">退職予定 2027-03-31</span>' in html
    assert "tebiki-badge--overdue" in html  # never reviewed


def test_person_page_lists_and_steps(site: Path) -> None:
    html = article(page(site, "people/sato"))
    owns = html[html.index("担当者である手順"): html.index("副担当の手順")]
    assert "月次決算" in owns
    backs = html[html.index("副担当の手順"): html.index("担当するステップ")]
    assert "hr-xss" in backs or "&lt;script&gt;" in backs
    steps = html[html.index("担当するステップ"): html.index("退職・異動した場合の影響")]
    # actor 佐藤花子 (no blank) matches the name 佐藤 花子
    assert 'href="../../procedures/acc-monthly-close/#step-check">月次決算 — 部長承認</a>' in steps
    left = html[html.index("退職・異動した場合の影響"):]
    # worded by consequence: the owner goes, the backup can still act
    assert "担当者はいなくなるが、副担当が対応できる手順" in left and "副担当 鈴木 次郎 が対応できる" in left
    assert "月次決算" in left


def test_person_page_single_owner_if_left(site: Path) -> None:
    html = article(page(site, "people/suzuki"))
    left = html[html.index("退職・異動した場合の影響"):]
    assert "副担当がいなくなり、単独担当になる手順" in left and "月次決算" in left


def test_coverage_report(site: Path) -> None:
    html = article(page(site, "coverage"))
    assert html.count('<svg class="tebiki-chart"') == 2
    todo = html[html.index("対応が必要なこと"): html.index("集計")]
    assert "支払処理" in todo and "acc-fixed-assets" in todo
    leaving = html[html.index("退職予定・退職済みの担当者"):]
    assert "田中 一郎" in leaving and "支払処理" in leaving


def test_problems_page(site: Path) -> None:
    html = article(page(site, "problems"))
    assert "procedures/_inventory.yaml:5" in re.sub(r"<[^>]+>", "", html)  # (a path is in parts: it breaks after "/")
    assert '<span class="tebiki-code">undocumented</span>' in html and "tebiki-badge--warning" in html
    assert '<span class="tebiki-code">single-owner</span>' in html


def test_english_site(tmp_path: Path) -> None:
    site = build_site(write_handbook(tmp_path, lang="en"))
    html = article(page(site, "procedures/acc-monthly-close"))
    assert "<dt>Frequency</dt><dd>Monthly</dd>" in html
    assert "Steps" in html and "Next review due" in html


def primary_nav(html: str) -> str:
    nav = html[html.index('<nav class="md-nav md-nav--primary"'):]
    return nav[: nav.index('<div class="md-sidebar md-sidebar--secondary"')] if 'md-sidebar--secondary' in nav else nav


def nav_links(html: str) -> list[tuple[str, str]]:
    """(href, label) of every menu entry, in order."""
    return [(href, re.sub(r"\s+", " ", label).strip()) for href, label in re.findall(
        r'<a href="([^"]*)" class="md-nav__link[^"]*">\s*<span class="md-ellipsis">\s*(.*?)\s*</span>',
        primary_nav(html), re.S) if not href.startswith("#")]  # not the page's own table of contents


def test_menu_lists_departments_and_reaches_procedures_from_them(site: Path) -> None:
    """The menu's size does not grow with the procedures or the people: home, one section
    部門 with an entry per department, people, reports. With navigation.prune only a
    department page carries the department entries; procedures and people belong to no
    section and are reached from their department page and the people page."""
    rest = ["人", "担当カバレッジ", "業務量", "星取表", "問題"]
    for url in (".", "procedures/acc-monthly-close", "people/sato"):
        links = nav_links(page(site, url))
        assert not [h for h, _ in links if "procedures/" in h or "people/sato" in h], (url, links)
        assert [label for _, label in links] == ["ホーム", "部門", *rest], (url, links)
        assert links[1][0].endswith("departments/accounting/"), "the collapsed section opens the first department"
    labels = [label for _, label in nav_links(page(site, "departments/hr"))]
    assert labels == ["ホーム", "経理・財務", "人事&lt;b&gt;労務&lt;/b&gt;", *rest], labels
    nav = primary_nav(page(site, "procedures/acc-monthly-close"))
    assert "md-nav__item--active" not in nav, "a procedure page opens no section of the menu"
    department = article(page(site, "departments/accounting"))
    assert 'href="../../procedures/acc-monthly-close/"' in department, "reached from its department page"


def test_home_of_docs_and_the_handbook_overview_have_distinct_names(tmp_path: Path) -> None:
    config = write_handbook(tmp_path)
    (tmp_path / "docs" / "index.md").write_text("# テスト手引き\n\nようこそ。\n", encoding="utf-8")
    html = page(build_site(config), "procedures/acc-monthly-close")
    labels = [label for _, label in nav_links(html)]
    assert labels[:3] == ["テスト手引き", "手引きの概要", "部門"], labels
    assert labels.count("テスト手引き") == 1


# -------------------------------------------------------------------- safety

def test_xss_payloads_are_neutralised(site: Path) -> None:
    for path in all_pages(site):
        html = path.read_text(encoding="utf-8")
        parsed = elements(html)
        for tag, attrs in parsed.tags:
            for name, value in attrs.items():
                assert not name.startswith("on"), (path, tag, attrs)
                if name in ("href", "src", "xlink:href") and value:
                    assert not value.strip().lower().startswith("javascript"), (path, tag, attrs)
            assert not (tag == "img" and attrs.get("src") == "x"), path
        assert not any("alert" in s for s in parsed.scripts), path
    html = article(page(site, "procedures/hr-xss"))
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;svg onload=alert(9)&gt;" in html  # step title
    assert "役割: &lt;script&gt;alert(10)&lt;/script&gt;" in html  # actor
    assert "&lt;img src=x onerror=alert(6)&gt;" in html  # system
    assert "<code>javascript:alert(7)</code>" in html  # unsafe reference url: text only
    assert '<a href="https://example.org/good"' in html
    assert "&lt;/div&gt;&lt;script&gt;alert(14)&lt;/script&gt;" in html  # code block stays code
    assert "{{ config.site_name }}" not in page(site, "procedures/hr-xss")  # braces stay entities
    assert 'onclick' not in html


def test_titles_and_tags_are_escaped_in_chrome(site: Path) -> None:
    html = page(site, "procedures/hr-xss")
    title = re.search(r"<title>(.*?)</title>", html, re.S)[1]
    assert "<script" not in title and "&lt;script&gt;" in title
    nav = html[html.index('<nav class="md-nav md-nav--primary"'):]
    assert "<script>alert" not in nav and "<img src=x" not in nav and "<b>労務</b>" not in nav
    assert "<script>alert(8)" not in html


def test_search_index_holds_no_markup_from_yaml(site: Path) -> None:
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert any(doc["location"].startswith("procedures/") for doc in index["docs"]), "procedures are indexed"
    for doc in index["docs"]:
        assert not re.search(r"<(script|svg|img)\b", doc["title"] + doc["text"]), doc["location"]


def test_built_pages_load_nothing_from_outside(site: Path) -> None:
    pages = all_pages(site)
    assert any(p.parent.parent.name == "procedures" for p in pages), pages  # the generated pages are there
    for path in pages:
        for tag, attrs in elements(path.read_text(encoding="utf-8")).tags:
            for name in ("src", "href", "srcset", "data"):
                value = attrs.get(name) or ""
                if tag == "a":
                    continue  # links the reader clicks
                assert not re.match(r"(https?:)?//", value), (path, tag, attrs)


# ---------------------------------------------------------------- edit links

@pytest.mark.parametrize("url, file", [
    ("procedures/acc-monthly-close", "procedures/accounting/monthly-close.yaml"),
    ("procedures/hr-xss", "procedures/hr/xss.yaml"),
    ("departments/hr", "procedures/_org.yaml"),
    ("people/sato", "procedures/_org.yaml"),
    ("coverage", "procedures/_inventory.yaml"),
    (".", "procedures/_inventory.yaml"),
])
def test_edit_button_opens_the_yaml_file(site: Path, url: str, file: str) -> None:
    html = page(site, url)
    assert re.search(rf'<a href="{re.escape(EDIT + file)}" title="[^"]*" class="md-content__button md-icon" rel="edit"', html)


# ----------------------------------------------------------- problems, strict

BROKEN = {"procedures/hr/broken.yaml": "id: hr-broken\ntitle: [壊れた\n"}


def test_plain_build_renders_valid_procedures_despite_errors(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING):
        site = build_site(write_handbook(tmp_path, files=BROKEN))
    errors = [r for r in caplog.records if r.levelno == logging.ERROR and r.name.startswith("mkdocs.plugins.tebiki")]
    assert any(r.getMessage().startswith("tebiki: procedures/hr/broken.yaml:") and "[yaml-syntax]" in r.getMessage()
               for r in errors)
    assert (site / "procedures" / "acc-monthly-close" / "index.html").exists()
    problems = article(page(site, "problems"))
    assert "procedures/hr/broken.yaml:" in re.sub(r"<[^>]+>", "", problems) and "tebiki-badge--error" in problems


def test_strict_build_fails_on_a_broken_file(tmp_path: Path) -> None:
    with pytest.raises(Abort):
        build_site(write_handbook(tmp_path, files=BROKEN), strict=True)


def test_docs_dir_is_left_untouched_and_its_index_wins(tmp_path: Path) -> None:
    config = write_handbook(tmp_path)
    (tmp_path / "docs" / "index.md").write_text("# ようこそ\n", encoding="utf-8")
    site = build_site(config)
    assert "ようこそ" in page(site, ".")
    assert "tebiki-stats" in page(site, "handbook")
    assert [p.name for p in (tmp_path / "docs").iterdir()] == ["index.md"]
