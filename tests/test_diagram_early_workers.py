"""The diagram workers are forked before the pages are built (issue 13: memory of a large
site): a worker forked after them would share, and partly copy, every page in memory. The
flows start rendering at once; the SVG is the same as drawn in-process."""

from __future__ import annotations

import sys
import time
from pathlib import Path

import pytest

from test_diagrams import anchor, monthly_close

import tebiki.diagrams as diagrams
from tebiki.diagrams import renderer as diagram_renderer

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="workers are forked on Linux only")

BUILT_AFTER_THE_FORK: list[str] = []


def seen_in_worker() -> list[str]:
    return BUILT_AFTER_THE_FORK


@pytest.fixture
def single_threaded(monkeypatch: pytest.MonkeyPatch) -> None:
    # A build is single-threaded; other test threads must not make the renderer refuse to fork.
    real = diagram_renderer.threading.active_count
    monkeypatch.setattr(diagram_renderer.threading, "active_count", lambda: min(real(), 1))


def ended(pid: int, seconds: float = 30) -> bool:
    """Whether process `pid` has exited (gone, or a zombie not yet reaped) within `seconds`.
    Read from /proc, not from `Process.is_alive`: the pool's own thread reaps its workers
    too, and a `waitpid` that loses that race reads as alive."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()[0]
        except (FileNotFoundError, ProcessLookupError, IndexError):
            return True
        if state in {"Z", "X"}:
            return True
        time.sleep(0.05)
    return False


def flows(n: int) -> list:
    return [(monthly_close(f"決算{i}"), anchor) for i in range(n)]


def test_workers_fork_before_the_pages_and_draw_what_in_process_drawing_draws(
        tmp_path: Path, single_threaded: None) -> None:
    jobs = flows(diagram_renderer.MIN_BATCH + 4)
    renderer = diagrams.DiagramRenderer(tmp_path / "cache")
    try:
        assert renderer.fork_workers(jobs, workers=1)
        BUILT_AFTER_THE_FORK.append("a page built after the workers started")
        pool = renderer._pools[0]
        assert pool.submit(seen_in_worker).result(timeout=60) == []  # the worker never held it
        assert renderer.prepare(jobs, workers=1) == 0  # already rendering: nothing started twice
        drawn = [renderer.procedure_svg(proc, href) for proc, href in jobs]
    finally:
        renderer.close()
        BUILT_AFTER_THE_FORK.clear()
    alone = diagrams.DiagramRenderer(None)
    assert drawn == [alone.procedure_svg(proc, href) for proc, href in jobs]
    assert renderer.stats.misses == len(jobs)


def test_no_workers_for_a_few_flows_or_a_warm_cache(tmp_path: Path, single_threaded: None) -> None:
    few = diagrams.DiagramRenderer(tmp_path / "few")
    assert not few.fork_workers(flows(diagram_renderer.MIN_BATCH - 1), workers=1)
    assert few._pools == []
    jobs = flows(diagram_renderer.MIN_BATCH + 4)
    cold = diagrams.DiagramRenderer(tmp_path / "cache")
    for proc, href in jobs:
        cold.procedure_svg(proc, href)
    warm = diagrams.DiagramRenderer(tmp_path / "cache")
    assert not warm.fork_workers(jobs, workers=1)
    assert warm._pools == []


def test_workers_forked_before_the_handbook_are_taken_over_or_ended(tmp_path: Path, single_threaded: None) -> None:
    from tebiki.diagrams.workers import start_pool

    pool = start_pool(1)
    assert pool is not None
    BUILT_AFTER_THE_FORK.append("the handbook, loaded after the workers were forked")
    renderer = diagrams.DiagramRenderer(tmp_path / "cache")
    try:
        assert pool.submit(seen_in_worker).result(timeout=60) == []
        assert renderer.fork_workers(flows(diagram_renderer.MIN_BATCH + 4), workers=1, pool=pool)
        assert renderer._pools == [pool]
    finally:
        renderer.close()
        BUILT_AFTER_THE_FORK.clear()
    idle = start_pool(1)
    assert idle is not None
    processes = list(idle._processes.values())  # type: ignore[union-attr]
    assert not diagrams.DiagramRenderer(tmp_path / "few").fork_workers(flows(3), workers=1, pool=idle)
    assert processes
    for process in processes:
        assert ended(process.pid)  # not needed: ended, not left idle
