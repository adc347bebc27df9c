"""A committed, force-added or restored cache cannot inject markup or exhaust memory
(issue 11, point 6): description HTML is cleaned again, SVG entries must carry an HMAC
under a key kept outside the repository, cache files are never followed through symlinks."""

from __future__ import annotations

import hashlib
import json
import time
from pathlib import Path

import pytest

from test_diagrams import anchor, monthly_close

from tebiki.diagrams import DiagramRenderer, flow_key
from tebiki.diagrams import cache as svg_cache
from tebiki.render.safe import DescriptionRenderer, HtmlCache

TEXT = "- **重要**: 証憑を確認する\n"
EVIL_HTML = '<p><script>window.__xss=1</script><img src=x onerror="alert(1)"><a href="javascript:alert(1)">x</a></p>'
EVIL_SVG = '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script><g onload="alert(2)"/></svg>'


def test_poisoned_description_cache_is_not_used(tmp_path: Path) -> None:
    cache = tmp_path / "descriptions.json"
    key = hashlib.sha256(TEXT.encode("utf-8")).hexdigest()
    cache.write_text(json.dumps({"version": HtmlCache.VERSION, "mac": "0" * 64, "html": {key: EVIL_HTML}}),
                     encoding="utf-8")
    html = DescriptionRenderer(cache).render(TEXT)
    assert "<script" not in html and "onerror" not in html and "<strong>重要</strong>" in html, html


def test_signed_description_cache_is_still_cleaned_again(tmp_path: Path) -> None:
    """Even an entry that carries this machine's signature is cleaned by nh3 again."""
    from tebiki.render.safe import _mac

    cache = tmp_path / "descriptions.json"
    entries = {hashlib.sha256(TEXT.encode("utf-8")).hexdigest(): EVIL_HTML}
    cache.write_text(json.dumps({"version": HtmlCache.VERSION, "mac": _mac(entries), "html": entries}),
                     encoding="utf-8")
    html = DescriptionRenderer(cache).render(TEXT)
    assert "<script" not in html and "onerror" not in html and "javascript:" not in html, html


def flow_entry(folder: Path) -> tuple[Path, str]:
    procedure = monthly_close()
    key = flow_key(procedure, {s.id: anchor(s.id) for s in procedure.steps}, "ja")
    return folder / f"{key}.svg", DiagramRenderer(None).procedure_svg(procedure, anchor)


@pytest.mark.parametrize("header", [
    b"tebiki-svg-1 " + hashlib.sha256(EVIL_SVG.encode()).hexdigest().encode(),  # the old, keyless checksum
    b"tebiki-svg-2 " + hashlib.sha256(EVIL_SVG.encode()).hexdigest().encode(),  # a checksum is not a signature
    b"tebiki-svg-2 " + b"0" * 64,
])
def test_forged_svg_entry_is_a_miss(tmp_path: Path, header: bytes) -> None:
    entry, expected = flow_entry(tmp_path)
    entry.write_bytes(header + b"\n" + EVIL_SVG.encode())
    renderer = DiagramRenderer(tmp_path)
    assert renderer.procedure_svg(monthly_close(), anchor) == expected and renderer.stats.misses == 1
    assert b"<script>" not in entry.read_bytes()  # replaced by this machine's own entry


def test_entry_signed_with_another_key_is_a_miss(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    entry, expected = flow_entry(tmp_path)
    monkeypatch.setattr(svg_cache, "cache_key", lambda: b"k" * 32)  # another machine's key
    entry.write_bytes(svg_cache.pack(EVIL_SVG))
    monkeypatch.undo()
    assert DiagramRenderer(tmp_path).procedure_svg(monthly_close(), anchor) == expected


def test_cache_key_lives_outside_the_repository(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "home-cache"))
    monkeypatch.delenv(svg_cache.KEY_ENV, raising=False)
    svg_cache.cache_key.cache_clear()
    try:
        key = svg_cache.cache_key()
        stored = tmp_path / "home-cache" / "tebiki" / "cache-key"
        assert stored.read_bytes() == key and len(key) >= 32 and stored.stat().st_mode & 0o077 == 0
        svg_cache.cache_key.cache_clear()
        assert svg_cache.cache_key() == key  # the same key next build
    finally:
        svg_cache.cache_key.cache_clear()


@pytest.mark.parametrize("target", ["/dev/zero", "outside"])
def test_symlinked_cache_entries_are_never_followed(tmp_path: Path, target: str) -> None:
    folder = tmp_path / "cache"
    folder.mkdir()
    entry, expected = flow_entry(folder)
    outside = tmp_path / "outside.svg"
    outside.write_bytes(svg_cache.pack(EVIL_SVG))
    entry.symlink_to("/dev/zero" if target == "/dev/zero" else outside)
    (folder / "descriptions.json").symlink_to("/dev/zero" if target == "/dev/zero" else outside)
    started = time.monotonic()
    renderer = DiagramRenderer(folder)
    assert renderer.procedure_svg(monthly_close(), anchor) == expected
    assert DescriptionRenderer(folder / "descriptions.json").render(TEXT).startswith("<ul>")
    assert time.monotonic() - started < 20


def test_oversized_entry_is_a_miss(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    entry, expected = flow_entry(tmp_path)
    monkeypatch.setattr(svg_cache, "MAX_ENTRY_BYTES", 100)
    entry.write_bytes(svg_cache.pack(expected))
    renderer = DiagramRenderer(tmp_path)
    assert renderer.procedure_svg(monthly_close(), anchor) == expected and renderer.stats.misses == 1
