"""The handbook pages' HTML is held compressed from when tebiki builds it until MkDocs
writes the page, and let go after (adapters/mkdocs/packed.py, issue 13: memory of a
10,000-procedure site). Other plugins still see every page's full HTML where they did:
in their on_page_content, their on_page_context and the written page."""

from __future__ import annotations

import gc
import json
import textwrap
from datetime import date
from pathlib import Path
from typing import Callable

import pytest
from hypothesis import given, strategies as st

from core_samples import CLEAN_PROCEDURE
from handbook_fixture import build_site

from tebiki.adapters.mkdocs.packed import PackedPages


@given(st.lists(st.text(), max_size=8))
def test_blocks_come_back_as_kept(blocks: list[str]) -> None:
    packed = PackedPages()
    packed.keep_blocks("procedures/a.md", tuple(blocks))
    assert packed.blocks("procedures/a.md") == tuple(blocks)
    assert packed.blocks("procedures/a.md") is None  # taken once
    assert len(packed) == 0


def test_under_serve_nothing_is_compressed_and_the_page_keeps_its_html() -> None:
    """`mkdocs serve` keeps every page whole for the next build (page memo, rebuilds):
    compressing would only cost time there."""
    class FakePage:
        content = "<p>x</p>"
        file = type("F", (), {"src_uri": "procedures/a.md"})()

    packed, page = PackedPages(compressed=False), FakePage()
    blocks = ("<p>one</p>", "<p>two</p>")
    packed.keep_blocks("procedures/a.md", blocks)
    assert packed.blocks("procedures/a.md") is blocks
    assert packed.pack("<p>x</p>", page) is None  # type: ignore[arg-type]
    packed.release(page)  # type: ignore[arg-type]
    assert page.content == "<p>x</p>" and len(packed) == 0


HOOKS = textwrap.dedent('''
    import gc
    import json
    from mkdocs.plugins import event_priority

    SEEN = {"content": {}, "context": {}, "after": {}, "frozen": []}

    def on_page_content(html, page, config, files):
        SEEN["content"][page.file.src_uri] = html
        return html

    def on_page_context(context, page, config, nav):
        SEEN["context"][page.file.src_uri] = page.content
        SEEN["frozen"].append(gc.get_freeze_count())
        return context

    @event_priority(-200)
    def on_post_build(config):
        for file in files_seen:
            SEEN["after"][file.src_uri] = file.page.content
        SEEN["entries"] = [len(p.search_index.entries) for p in config.plugins.values() if hasattr(p, "search_index")]
        with open(config.config_file_path.replace("mkdocs.yml", "seen.json"), "w", encoding="utf-8") as f:
            json.dump(SEEN, f, ensure_ascii=False)

    files_seen = []

    def on_files(files, config):
        files_seen.extend(files.documentation_pages())
        return files
''')


def test_other_plugins_see_the_whole_page_and_it_is_let_go_once_written(
        tebiki_handbook: Callable[..., Path], monkeypatch: pytest.MonkeyPatch) -> None:
    root = tebiki_handbook({"accounting/close.yaml": CLEAN_PROCEDURE})
    (root / "mkdocs.yml").write_text("site_name: test\ntheme: material\nhooks:\n  - hooks.py\n"
                                     "plugins:\n  - search\n  - tebiki\n", encoding="utf-8")
    (root / "hooks.py").write_text(HOOKS, encoding="utf-8")
    (root / "docs").mkdir()
    (root / "docs" / "guide.md").write_text("# Guide\n\ntext\n", encoding="utf-8")
    monkeypatch.setenv("TEBIKI_TODAY", date(2026, 6, 1).isoformat())
    site = build_site(root / "mkdocs.yml")
    seen = json.loads((root / "seen.json").read_text(encoding="utf-8"))
    page = "procedures/acc-close.md"
    written = (site / "procedures" / "acc-close" / "index.html").read_text(encoding="utf-8")
    # the hook's on_page_content and on_page_context both see the page with its blocks put back
    assert "tebiki-block-slot" not in seen["content"][page] and "tebiki-card" in seen["content"][page]
    assert seen["context"][page] == seen["content"][page]
    head, _, tail = seen["content"][page].partition('<div class="tebiki-figure-slot"')  # drawn when written
    assert head in written and tail[-500:] in written
    # once written, tebiki's pages hold no HTML; the user's own pages are left alone
    assert seen["after"][page] == ""
    assert "text" in seen["after"]["guide.md"]
    # the search plugin's entries are let go once the index is written; the index holds them
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert seen["entries"] == [0]
    assert {"procedures/acc-close/", "guide/"} <= {d["location"] for d in index["docs"]}


def test_the_collector_leaves_the_handbook_alone_during_the_build_only(
        tebiki_handbook: Callable[..., Path], monkeypatch: pytest.MonkeyPatch) -> None:
    """`mkdocs build`: from the pages made (on_files) to the end, the cycle collector does
    not rescan the handbook's objects (gc.freeze); after the build it does again, so a
    process running many builds keeps nothing."""
    root = tebiki_handbook({"accounting/close.yaml": CLEAN_PROCEDURE})
    (root / "mkdocs.yml").write_text("site_name: test\nhooks:\n  - hooks.py\nplugins:\n  - tebiki\n",
                                     encoding="utf-8")
    (root / "hooks.py").write_text(HOOKS, encoding="utf-8")
    (root / "docs").mkdir()
    monkeypatch.setenv("TEBIKI_TODAY", date(2026, 6, 1).isoformat())
    before = gc.get_freeze_count()
    build_site(root / "mkdocs.yml")
    seen = json.loads((root / "seen.json").read_text(encoding="utf-8"))
    assert seen["frozen"] and min(seen["frozen"]) > before + 1000
    assert gc.get_freeze_count() == before
