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


def test_a_serve_rebuild_keeps_the_early_workers_for_its_few_diagrams(tmp_path: Path, single_threaded: None) -> None:
    """`mkdocs serve` (keep): an edit changes a flow or two and the maps; they render at
    once in the workers forked before the handbook, not one by one when a page needs them."""
    from tebiki.diagrams.workers import start_pool, stop_pool
    from tebiki.model import Coverage

    pool = start_pool(1)
    assert pool is not None
    renderer = diagrams.DiagramRenderer(tmp_path / "cache")
    jobs = flows(2)
    procedures = [proc for proc, _href in jobs]
    coverage = {procedures[0].id: Coverage.COVERED}
    try:
        assert renderer.fork_workers(jobs, workers=1, pool=pool, lent=True)
        assert renderer._pools == [] and len(renderer._jobs) == 2  # lent: not the renderer's to end
        renderer.start_map(procedures, coverage, lambda p: f"../{p.id}/", "関連図")
        assert len(renderer._jobs) == 3  # started before any page asks for it
        drawn = renderer.map_svg(procedures, coverage, lambda p: f"../{p.id}/", "関連図")
        assert renderer.stats.misses == 1 and renderer._solo is None  # the early worker drew it
        renderer.close()
        assert pool.submit(int).result(timeout=60) == 0  # lent: still there for the next build
    finally:
        renderer.close()
        stop_pool(pool)
    alone = diagrams.DiagramRenderer(None)
    assert drawn == alone.map_svg(procedures, coverage, lambda p: f"../{p.id}/", "関連図")


def test_each_flow_is_keyed_once_and_a_serve_rebuild_reuses_the_keys_of_unchanged_procedures(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import dataclasses

    counted: list[str] = []
    real = diagram_renderer.flow_key
    monkeypatch.setattr(diagram_renderer, "flow_key", lambda p, h, lang: counted.append(p.id) or real(p, h, lang))
    jobs = flows(3)
    first = diagrams.DiagramRenderer(tmp_path / "cache")
    keys = [first.flow_key(proc, href) for proc, href in jobs] + [first.flow_key(proc, href) for proc, href in jobs]
    assert len(counted) == 3 and keys[:3] == keys[3:]
    edited = dataclasses.replace(jobs[0][0], title="決算（改訂）")
    second = diagrams.DiagramRenderer(tmp_path / "cache")
    second.known_flow_keys = first.flow_keys
    counted.clear()
    again = [second.flow_key(edited, anchor), *(second.flow_key(proc, href) for proc, href in jobs[1:])]
    assert counted == [edited.id]  # only the edited procedure is keyed again
    assert again[1:] == keys[1:3] and again[0] == real(edited, {s.id: anchor(s.id) for s in edited.steps}, "ja")
    assert again[0] != keys[0]
    relinked = second.flow_key(jobs[1][0], lambda step: f"other.html#step-{step}")  # other links, other key
    assert relinked != keys[1]


def test_the_home_pages_map_is_drawn_before_the_flows(tmp_path: Path, single_threaded: None) -> None:
    """The site build asks for the home page's map (the largest diagram) first: a map known
    when the workers start is drawn before every flow, not after them (then the build would
    draw it itself, in the main process, while the worker draws flows nobody waits for yet)."""
    from tebiki.model import Coverage

    jobs = flows(diagram_renderer.MIN_BATCH + 4)
    procedures = [proc for proc, _href in jobs]
    home_map = (procedures, {p.id: Coverage.COVERED for p in procedures}, lambda p: f"../{p.id}/", "関連図")
    renderer = diagrams.DiagramRenderer(tmp_path / "cache")
    flows_done_before_the_map: list[int] = []
    try:
        assert renderer.fork_workers(jobs, workers=1, maps=[home_map])
        map_key = renderer.map_key(*home_map)
        flow_jobs = [job for key, job in renderer._jobs.items() if key != map_key]
        assert len(flow_jobs) == len(jobs)
        map_job = renderer._jobs[map_key]
        map_job.add_done_callback(lambda _: flows_done_before_the_map.append(sum(job.done() for job in flow_jobs)))
        map_job.result(timeout=120)  # drawn by the worker (not cancelled: map_svg would draw it here)
        drawn = renderer.map_svg(*home_map)
    finally:
        renderer.close()
    assert flows_done_before_the_map == [0]
    assert drawn == diagrams.DiagramRenderer(None).map_svg(*home_map)
