"""The cycle collector during a `mkdocs build` (issue 13): paused while tebiki loads the
handbook and makes its pages (everything made then stays alive to the end of the build:
each full collection looked through it all again for nothing, ~6 s at 10,000
procedures), on again afterwards; the diagram workers collect their own garbage even
when forked during the pause."""

from __future__ import annotations

import gc
from pathlib import Path
from typing import Any, Callable, Iterator

import pytest

from core_samples import CLEAN_PROCEDURE
from handbook_fixture import build_site

import tebiki.adapters.mkdocs.build as site_build
from tebiki.diagrams.workers import fork_pool, stop_pool
from tebiki.loader import collector_paused


def test_no_collection_runs_while_the_pages_are_made_and_the_collector_is_back_after(
        tebiki_handbook: Callable[..., Path], monkeypatch: pytest.MonkeyPatch) -> None:
    root = tebiki_handbook({"accounting/close.yaml": CLEAN_PROCEDURE})
    real = site_build.handbook_page_stream
    (root / "docs").mkdir()
    enabled: list[bool] = []

    def stream(*args: Any, **kwargs: Any) -> Iterator[Any]:
        for page in real(*args, **kwargs):
            enabled.append(gc.isenabled())
            yield page

    monkeypatch.setattr(site_build, "handbook_page_stream", stream)
    assert gc.isenabled()
    site = build_site(root / "mkdocs.yml")
    assert (site / "procedures" / "acc-close" / "index.html").is_file()
    assert len(enabled) > 5 and not any(enabled)
    assert gc.isenabled()  # on again after the build


def test_a_worker_forked_while_the_collector_is_paused_collects_its_own_garbage() -> None:
    with collector_paused():
        pool = fork_pool(1)  # what start_pool forks (it declines while other threads run, as under pytest)
        assert pool.submit(int).result(timeout=30) == 0  # a fork pool starts its workers at the first job
        assert not gc.isenabled()
    try:
        assert pool.submit(gc.isenabled).result(timeout=30) is True
    finally:
        stop_pool(pool)
