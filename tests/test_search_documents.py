"""Search documents written by tebiki at build time (search_documents.py,
adapters/mkdocs/search_pages.py) instead of by Material's search plugin: on every
generated page of the sample handbook they are exactly what Material's own parser
writes from the same HTML (same locations, so a result opens the right step;
same titles and text); editor text and excluded pages stay out."""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from material.plugins.search.plugin import SearchIndex
from mkdocs.commands.build import build
from mkdocs.config import load_config

from constants import REPO
from tebiki.adapters.mkdocs import search_pages
from tebiki.search_documents import page_documents, page_sections


class Seen:
    """Each page tebiki indexed: its HTML and meta as Material would have read them, and the documents tebiki wrote."""

    def __init__(self) -> None:
        self.pages: list[tuple[Any, dict[str, Any], list[dict[str, Any]]]] = []


@pytest.fixture(scope="module")
def sample_build(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Seen]:
    seen = Seen()
    original = search_pages.PageSearch.add

    def add(self: search_pages.PageSearch, page: Any) -> None:
        meta = dict(page.meta)
        before = len(self.entries)
        # the page as Material would read it (a written page lets go of its HTML: packed.py)
        read = SimpleNamespace(content=page.content, toc=page.toc, url=page.url, title=page.title)
        original(self, page)
        seen.pages.append((read, meta, self.entries[before:]))

    patch = pytest.MonkeyPatch()
    patch.setattr(search_pages.PageSearch, "add", add)
    patch.setenv("TEBIKI_TODAY", "2026-11-01")
    try:
        site = tmp_path_factory.mktemp("sample") / "site"
        build(load_config(str(REPO / "mkdocs.yml"), site_dir=str(site)))
    finally:
        patch.undo()
    return site, seen


def materials_documents(page: Any, meta: dict[str, Any]) -> list[dict[str, Any]]:
    """What Material's search plugin writes for `page` with its meta before tebiki took it over."""
    index = SearchIndex()

    class Original:
        content, toc, url, title = page.content, page.toc, page.url, page.title

    Original.meta = meta  # type: ignore[attr-defined]
    index.add_entry_from_context(Original)
    return index.entries


def test_every_generated_page_gets_the_documents_material_would_write(sample_build: tuple[Path, Seen]) -> None:
    site, seen = sample_build
    kinds = {page.url.split("/")[0] for page, _meta, _docs in seen.pages}
    assert {"", "departments", "procedures", "people", "coverage", "problems"} <= kinds
    compared = 0
    for page, meta, docs in seen.pages:
        if (meta.get("search") or {}).get("exclude"):
            assert docs == [], page.url  # the problems page, hand-over packs
            continue
        assert docs == materials_documents(page, meta), page.url
        compared += len(docs)
    assert compared > 300
    # ... and they are in the index the site ships, once each, in page order
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    locations = [d["location"] for d in index["docs"]]
    assert len(locations) == len(set(locations))
    written = [d["location"] for _p, _m, docs in seen.pages for d in docs]
    assert [loc for loc in locations if loc in set(written)] == written
    assert "guide/" in locations  # the user's own Markdown page: indexed by Material


def test_a_step_is_its_own_document_linking_to_its_anchor(sample_build: tuple[Path, Seen]) -> None:
    site, _seen = sample_build
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    docs = {d["location"]: d for d in index["docs"]}
    step = docs["procedures/acc-monthly-close/#step-collect-vouchers"]
    assert step["title"] == "2 証憑を回収する" and step["boost"] == 4
    assert "検収印を押して" in step["text"]
    page = docs["procedures/acc-monthly-close/"]
    assert page["text"].startswith("<p>前月分の証憑を回収して")  # the summary: the card is left out
    assert "procedures/acc-monthly-close/#フロー図" in docs


def test_excluded_elements_and_permalinks_stay_out() -> None:
    html = ('<h1 id="t">経費精算</h1><p class="lead">立替えた経費を精算する。</p>'
            '<div class="card" data-search-exclude><dl><dt>担当</dt><dd>佐藤</dd></dl></div>'
            '<h2 id="steps">ステップ<a class="headerlink" href="#steps">&para;</a></h2>'
            '<ol><li><h3 id="step-a">1 申請する</h3><p>A &amp; B &lt;x&gt;</p></li></ol>'
            '<details data-search-exclude><summary>問題</summary><p>backup_owners</p></details>')
    assert page_sections(html) == [
        (None, "経費精算", '<p>立替えた経費を精算する。</p>'),
        ("steps", "ステップ", ""),
        ("step-a", "1 申請する", "<p>A &amp; B &lt;x&gt;</p>"),
    ]
    docs = page_documents(html, "p/", "経費精算", {"step-a": "#step-a"}, tags=["経理"], boost=4)
    assert [d["location"] for d in docs] == ["p/", "p/#steps", "p/#step-a"]
    assert all(d["tags"] == ["経理"] and d["boost"] == 4 for d in docs)
    assert "backup_owners" not in json.dumps(docs)

    class Page:
        content, url, title, toc, meta = html, "p/", "経費精算", [], {"tags": ["経理"], "search": {"boost": 4}}

    assert page_documents(html, "p/", "経費精算", tags=["経理"], boost=4) == materials_documents(Page, Page.meta)


@pytest.mark.parametrize("html", [
    # a permalink and a line-number table whose class is written with character references
    '<h1 id="t">題</h1><h2 id="s">節<a class="&#104;eaderlink" href="#s">&para;</a></h2><p>本文</p>'
    '<table><tr><td class="l&#105;nenodiv"><pre>1\n2</pre></td><td><pre>a &lt; b\nc</pre></td></tr></table>',
    # comments, declarations, a lone `<`, entities and blank text between kept elements
    '<!-- x --><h1 id="t">A &amp; B</h1><!DOCTYPE html><p>1 < 2 &gt; 0</p>\n \n<ul><li> </li><li>x</li></ul>'
    '<h3 id="q">Q<a class="headerlink" href="#q">&para;</a></h3><p></p><p>後</p><br/><div/>',
])
def test_sections_equal_materials_on_tricky_html(html: str) -> None:
    class Page:
        content, url, title, toc, meta = html, "p/", "題", [], {}

    assert page_documents(html, "p/", "題") == materials_documents(Page, Page.meta)
