"""The hostile-input suite in chromium (see tests/hostile_suite.py): every page of every
attack's site opens without a dialog, without any script of the attack running
(`window.__xss` stays undefined), with no event handler or javascript: link in the
article, and with nothing from outside the handbook or from a poisoned cache on it."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Callable

import pytest

from harness import ServedSite
from hostile_suite import POISON, SECRET, Attack, attacks, build, poison_cache, prepare
from test_handbook_in_browser import NO_SCRIPT_ATTRS

pytestmark = pytest.mark.browser

BUILT = [a for a in attacks() if a.manifest["build"] == "ok"]


@pytest.mark.parametrize("attack", BUILT, ids=str)
def test_no_script_of_the_attack_runs(attack: Attack, tmp_path: Path, new_context: Callable[..., Any],
                                      serve_directory: Callable[[Path], ServedSite]) -> None:
    root = prepare(attack, tmp_path).root
    done = build(root)
    if attack.manifest.get("poison_cache"):
        poison_cache(root)
        done = build(root)
    assert done.code == 0, done.err[-3000:]
    site_dir = root / "site"
    site = serve_directory(site_dir)
    context = new_context(viewport={"width": 1280, "height": 900})
    context.add_init_script("Object.defineProperty(window, '__xss', {value: undefined, writable: true})")
    page = context.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(f"{d.type}: {d.message}"), d.dismiss()))
    paths = sorted(p.relative_to(site_dir).parent.as_posix() + "/" for p in site_dir.rglob("index.html"))
    assert len(paths) >= 5, paths
    for path in paths:
        path = "" if path == "./" else path
        response = page.goto(site.url(path), wait_until="load")
        assert response is not None and response.ok, path
        page.wait_for_timeout(30)  # let onerror/onload handlers of a failed image fire
        where = f"{attack}: /{path}"
        assert not dialogs, f"{where}: {dialogs}"
        assert page.evaluate("window.__xss") is None, where
        assert page.evaluate(NO_SCRIPT_ATTRS) == [], where
        text = page.locator("body").inner_text()
        assert SECRET not in text and POISON not in text, where
