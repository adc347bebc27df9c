"""Handbook pages rendered without Python-Markdown (adapters/mkdocs/skeleton.py, issue 13)
give exactly what MkDocs' own `Page.render` gives: the HTML, the table of contents, the
title of the `#` heading, the anchors and the links to them; with every extension the
fast path accepts, and Python-Markdown again for any configuration or page it does not."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any, Callable

import pytest
from hypothesis import given, settings, strategies as st
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from constants import REPO, SAMPLE_DAY

from tebiki.adapters.mkdocs.skeleton import SAFE_EXTENSIONS, SkeletonRenderer, render_page
from tebiki.render.slots import h2, html_block, page_text


def site_config(tmp_path: Path, extensions: str = "") -> MkDocsConfig:
    """A site's config as MkDocs loads it (MkDocs adds toc, tables and fenced_code)."""
    (tmp_path / "docs").mkdir(exist_ok=True)
    (tmp_path / "mkdocs.yml").write_text(f"site_name: t\n{extensions}", encoding="utf-8")
    config = load_config(str(tmp_path / "mkdocs.yml"))
    config.plugins._current_plugin = None  # type: ignore[attr-defined]  # set by MkDocs during a build
    return config


def both_ways(config: MkDocsConfig, text: str, src_uri: str = "procedures/p.md") -> tuple[Any, Any]:
    """(Python-Markdown's result, the skeleton's) for one generated page: content, toc
    (as printed), title, anchors, links to anchors."""
    results = []
    for fast in (False, True):
        file = File.generated(config, src_uri, content=text)
        page = Page(None, file, config)
        page.read_source(config)
        renderer = SkeletonRenderer.of(config)
        if fast:
            assert renderer is not None and renderer.render(page.markdown or "", file) is not None, text
            render_page(page, config, Files([file]), renderer)
        else:
            Page.render(page, config, Files([file]))
        links = {f.src_uri: v for f, v in (page.links_to_anchors or {}).items()}
        results.append((page.content, str(page.toc), page._title_from_render, page.present_anchor_ids, links))
    return results[0], results[1]


def sample_pages() -> list[tuple[str, str]]:
    """(src_uri, the text the plugin hands MkDocs) of every page of the sample handbook."""
    from tebiki.core import build_handbook
    from tebiki.render.context import RenderContext
    from tebiki.render.labels import Labels
    from tebiki.render.pages import all_pages

    hb = build_handbook(REPO, "procedures", today=SAMPLE_DAY)
    return [(p.src_uri, p.text.site_markdown) for p in all_pages(RenderContext(hb, Labels("ja")))]


SAMPLE_CONFIG = (REPO / "mkdocs.yml").read_text(encoding="utf-8")


@pytest.mark.parametrize("extensions", ["", "sample"])
def test_every_sample_page_renders_as_python_markdown_renders_it(tmp_path: Path, extensions: str) -> None:
    if extensions == "sample":  # the sample's own markdown_extensions (permalinks, pymdownx slugs, ...)
        extensions = SAMPLE_CONFIG[SAMPLE_CONFIG.index("markdown_extensions:"):].split("\nextra:")[0] + "\n"
    config = site_config(tmp_path, extensions)
    pages = sample_pages()
    assert len(pages) > 30
    for src_uri, text in pages:
        markdown, skeleton = both_ways(config, text, src_uri)
        assert skeleton == markdown, src_uri


TITLES = [
    "月次決算", "佐藤 花子", "1. 締め処理", "経費 & 精算 <b>太字</b>", "a*b*_c_ `x` [l](u) #tag",
    "＃全角　空白", "見出し {#id .cls}", "--> (c) 1/2 :smile: ~~del~~ ==mark== ^^ins^^ ++ctrl+a++",
    "\"quoted\" 'single'", "&amp; &#35; &lt;", "  前後の空白  ", "x" * 300, "同じ見出し", "同じ見出し", "",
]


def page_of(headings: list[str], title: str = "手順") -> str:
    blocks: list[str] = []
    for i, text in enumerate(headings):
        blocks += [h2(text), html_block(f'<p id="b{i}">block</p>')]
    return page_text(title, blocks).site_markdown


@pytest.mark.parametrize("extension", sorted(SAFE_EXTENSIONS - {"toc"}))
@pytest.mark.parametrize("toc", ["", "permalink: true", "permalink: '#'\n      permalink_title: リンク",
                                 "toc_depth: 2-3", "toc_depth: 1"])
def test_each_accepted_extension_and_toc_option_gives_the_same_page(tmp_path: Path, extension: str, toc: str) -> None:
    pytest.importorskip(extension.split(".")[0] if extension.startswith("pymdownx") else "markdown")
    toc_entry = f"  - toc:\n      {toc}\n" if toc else "  - toc\n"
    config = site_config(tmp_path, f"markdown_extensions:\n{toc_entry}  - {extension}\n")
    for title in TITLES[:-1]:
        markdown, skeleton = both_ways(config, page_of(TITLES, title))
        assert skeleton == markdown, (extension, toc, title)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.text(min_size=0, max_size=30), min_size=1, max_size=6))
def test_any_heading_text_renders_the_same_or_goes_to_markdown(tmp_path_factory: pytest.TempPathFactory,
                                                              headings: list[str]) -> None:
    config = site_config(tmp_path_factory.mktemp("site"), "markdown_extensions:\n  - toc:\n      permalink: true\n")
    text = page_of(headings, headings[0] or "x")
    file = File.generated(config, "procedures/p.md", content=text)
    page = Page(None, file, config)
    page.read_source(config)
    renderer = SkeletonRenderer.of(config)
    assert renderer is not None
    if renderer.render(page.markdown or "", file) is not None:
        markdown, skeleton = both_ways(config, text)
        assert skeleton == markdown


@pytest.mark.parametrize("extensions", [
    "markdown_extensions:\n  - smarty\n",
    "markdown_extensions:\n  - abbr\n",
    "markdown_extensions:\n  - nl2br\n",
    "markdown_extensions:\n  - toc:\n      anchorlink: true\n",
    "markdown_extensions:\n  - toc:\n      permalink_leading: true\n      permalink: true\n",
    "markdown_extensions:\n  - toc:\n      baselevel: 2\n",
    "markdown_extensions:\n  - toc:\n      permalink: '<i>&</i>'\n",
])
def test_a_configuration_it_does_not_reproduce_goes_to_markdown(tmp_path: Path, extensions: str) -> None:
    assert SkeletonRenderer.of(site_config(tmp_path, extensions)) is None


def test_a_page_another_plugin_changed_goes_to_markdown(tmp_path: Path) -> None:
    config = site_config(tmp_path)
    renderer = SkeletonRenderer.of(config)
    assert renderer is not None
    text = page_of(["手順"])
    file = File.generated(config, "procedures/p.md", content=text)
    for changed in (text + "\n*added by a plugin*\n", text.replace("\n\n## ", "\n## ", 1), text + "\n#\tx\n"):
        page = Page(None, file, config)
        page.markdown = changed.split("---\n\n", 1)[-1]
        assert renderer.render(page.markdown, file) is None
        render_page(page, config, Files([file]), renderer)  # still rendered, by Python-Markdown
        expected = Page(None, file, config)
        expected.markdown = page.markdown
        Page.render(expected, config, Files([file]))
        assert page.content == expected.content and str(page.toc) == str(expected.toc)


def test_the_built_site_uses_it_only_for_handbook_pages(tebiki_handbook: Callable[..., Path],
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    from handbook_fixture import build_site
    from core_samples import CLEAN_PROCEDURE

    root = tebiki_handbook({"accounting/close.yaml": CLEAN_PROCEDURE})
    (root / "docs").mkdir()
    (root / "docs" / "guide.md").write_text("# Guide\n\nSome *text*.\n\n## 手順\n", encoding="utf-8")
    monkeypatch.setenv("TEBIKI_TODAY", date(2026, 6, 1).isoformat())
    site = build_site(root / "mkdocs.yml")
    guide = (site / "guide" / "index.html").read_text(encoding="utf-8")
    assert "<em>text</em>" in guide  # the user's own page: Python-Markdown
    page = (site / "procedures" / "acc-close" / "index.html").read_text(encoding="utf-8")
    assert "<h1" in page and "tebiki-block-slot" not in page
