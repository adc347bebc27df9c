"""A diagram worker draws in a child process replaced every few hundred diagrams
(diagrams/recycled.py), because Graphviz's dot layout leaks memory no call gives back:
the worker's memory stays flat however many diagrams a handbook has (issue 13: 10,000
procedures in 1 GiB, workers included)."""

from __future__ import annotations

import os
import sys

import pytest

from tebiki.diagrams import workers
from tebiki.diagrams.draw import render_scene, scene_of
from tebiki.diagrams.recycled import DrawingFailed, RecycledDrawer
from test_diagrams import monthly_close

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="workers are forked on Linux only")


def flow_job(i: int) -> tuple:
    proc = monthly_close(f"決算{i}")
    return (f"key{i}", "flow", (proc, {s.id: f"#step-{s.id}" for s in proc.steps}), "ja")


def rss_kib() -> int:
    with open("/proc/self/status", encoding="ascii") as f:
        return next(int(line.split()[1]) for line in f if line.startswith("VmRSS:"))


def draw_here(key: str, kind: str, payload: tuple, lang: str) -> str:
    return render_scene(scene_of(kind, payload, lang), key)


def test_the_child_draws_what_the_worker_would_and_is_replaced() -> None:
    drawer = RecycledDrawer(draw_here, recycle_after=3)
    try:
        pids = set()
        for i in range(7):
            assert drawer(*flow_job(i)) == draw_here(*flow_job(i))
            pids.add(drawer.pid)
        assert drawer.started == 3 and len(pids) == 3 and os.getpid() not in pids
    finally:
        drawer.stop()
    assert drawer.pid is None


def boom(key: str, *_: object) -> str:
    if key == "crash":
        os._exit(3)  # a crash inside Graphviz
    raise ValueError(f"cannot draw {key}")


def test_an_error_or_a_crash_fails_that_diagram_only() -> None:
    drawer = RecycledDrawer(lambda key, *rest: "<svg/>" if key == "ok" else boom(key))
    try:
        with pytest.raises(DrawingFailed, match="ValueError: cannot draw bad"):
            drawer("bad")
        assert drawer("ok") == "<svg/>"
        with pytest.raises(DrawingFailed, match="ended"):
            drawer("crash")
        assert drawer("ok") == "<svg/>"  # a new child
        assert drawer.started == 2
    finally:
        drawer.stop()


def test_a_worker_never_scans_what_it_inherited(monkeypatch: pytest.MonkeyPatch) -> None:
    """A worker forked from a large build (a pool started late) leaves the build's objects
    to the build: frozen for its collector, so they stay shared, not copied."""
    import gc

    # A build is single-threaded; other test threads (the browser tests' servers) must not
    # keep the pool from starting.
    monkeypatch.setattr(workers.threading, "active_count", lambda: 1)
    pool = workers.start_pool(1)
    assert pool is not None
    try:
        assert pool.submit(gc.get_freeze_count).result(timeout=60) > 1000
    finally:
        workers.stop_pool(pool)


def test_a_worker_drawing_many_diagrams_stays_flat(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(workers, "_DRAWER", None)
    workers.render_job(*flow_job(0), None)  # this test process as the worker: its first child
    before = rss_kib()
    for i in range(300):
        assert workers.render_job(*flow_job(i), None).startswith("<svg")
    grown = rss_kib() - before
    assert workers._DRAWER is not None
    workers._DRAWER.stop()
    assert grown < 4096, f"the worker grew by {grown} KiB over 300 diagrams"
