"""Rendered step descriptions persist between builds, and a broken cache never breaks one."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tebiki.render.safe import DescriptionRenderer

TEXT = "- **重要**: 証憑を確認する\n- <script>alert(1)</script> [x](javascript:alert(1))\n"


def rendered_with(cache: Path, monkeypatch: pytest.MonkeyPatch | None = None) -> tuple[str, int]:
    """Render TEXT through a fresh renderer on `cache`; return the HTML and how often Markdown ran."""
    renderer = DescriptionRenderer(cache)
    calls = 0
    convert = renderer.convert

    def counting(text: str) -> str:
        nonlocal calls
        calls += 1
        return convert(text)

    renderer.convert = counting  # type: ignore[method-assign]
    html = renderer.render(TEXT)
    renderer.save()
    return html, calls


def test_second_build_reuses_the_rendered_html(tmp_path: Path) -> None:
    cache = tmp_path / "cache" / "descriptions.json"
    first, calls = rendered_with(cache)
    assert calls == 1 and cache.is_file()
    assert "<strong>重要</strong>" in first and "<script>" not in first and "javascript:" not in first
    second, calls = rendered_with(cache)
    assert (second, calls) == (first, 0)


@pytest.mark.parametrize("content", ["", "{not json", '{"version": "old", "html": {}}', "[1, 2]", '{"version": 1}'])
def test_corrupt_or_stale_cache_is_rebuilt(tmp_path: Path, content: str) -> None:
    cache = tmp_path / "descriptions.json"
    cache.write_text(content, encoding="utf-8")
    html, calls = rendered_with(cache)
    assert calls == 1 and "<strong>重要</strong>" in html
    assert json.loads(cache.read_text(encoding="utf-8"))["html"], "rewritten with this build's entries"


def test_tampered_entry_is_used_only_while_version_matches(tmp_path: Path) -> None:
    """The file is the build's own output; a stale version is never trusted."""
    cache = tmp_path / "descriptions.json"
    rendered_with(cache)
    data = json.loads(cache.read_text(encoding="utf-8"))
    data["version"] = "tebiki-descriptions-0"
    cache.write_text(json.dumps(data), encoding="utf-8")
    _, calls = rendered_with(cache)
    assert calls == 1


def test_unwritable_cache_folder_still_renders(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    html, calls = rendered_with(blocker / "descriptions.json")  # parent is a file: cannot write
    assert calls == 1 and "<strong>重要</strong>" in html
