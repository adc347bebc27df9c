"""Diagram workers never outlive the build (issue 11, point 8): when the build process is
killed (OOM killer, CI timeout), its workers die too, and nothing keeps its output open."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="workers are forked on Linux only")

BUILD = textwrap.dedent("""
    import sys, time
    sys.path.insert(0, {tests!r})
    import tebiki.diagrams as diagrams
    from tebiki.diagrams import draw, renderer as diagram_renderer
    from test_diagrams import anchor, monthly_close

    def stuck(dot):  # a layout that never ends
        time.sleep(600)

    draw.layout = stuck
    renderer = diagrams.DiagramRenderer(None, time_limit=600)
    flows = [(monthly_close(f"決算{{i}}"), anchor) for i in range(diagram_renderer.MIN_BATCH + 4)]
    assert renderer.prepare(flows, workers=2) > 0
    pids = [p.pid for pool in renderer._pools for p in pool._processes.values()]
    print(" ".join(map(str, pids)), flush=True)
    time.sleep(600)
""")


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError, IndexError):
        return False
    return state not in ("Z", "X")


def children_of(parents: list[int]) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            if ppid in parents:
                found.append(int(entry.name))
    return found


def test_workers_die_when_the_build_is_killed(tmp_path: Path) -> None:
    script = tmp_path / "build.py"
    script.write_text(BUILD.format(tests=str(Path(__file__).parent)), encoding="utf-8")
    build = subprocess.Popen([sys.executable, str(script)], stdout=subprocess.PIPE, text=True)
    try:
        line = build.stdout.readline()  # type: ignore[union-attr]
        workers = [int(pid) for pid in line.split()]
        assert workers and all(alive(pid) for pid in workers), line
        # each worker draws in a child of its own (diagrams/recycled.py): those die too
        deadline = time.monotonic() + 30
        while len(drawers := children_of(workers)) < len(workers) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert len(drawers) == len(workers), drawers
        workers += drawers
        os.kill(build.pid, signal.SIGKILL)  # only the main process, like the OOM killer
        build.wait(timeout=10)
        deadline = time.monotonic() + 60  # an orphan lives on; a loaded CI machine may take a while to reap
        while any(alive(pid) for pid in workers) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not [pid for pid in workers if alive(pid)], "orphaned diagram workers"
    finally:
        build.kill()
        build.wait(timeout=10)
        build.stdout.close()  # type: ignore[union-attr]
        for pid in workers if "workers" in dir() else []:
            if alive(pid):
                os.kill(pid, signal.SIGKILL)


def test_a_stuck_diagram_becomes_the_placeholder(monkeypatch: pytest.MonkeyPatch) -> None:
    import tebiki.diagrams as diagrams
    from tebiki.diagrams import draw, renderer as diagram_renderer
    from test_diagrams import anchor, monthly_close

    monkeypatch.setattr(draw, "layout", lambda dot: time.sleep(600))
    # A build is single-threaded; other test threads (the browser tests' servers) must not
    # make the renderer fall back to rendering in-process, without a time limit.
    monkeypatch.setattr(diagram_renderer.threading, "active_count", lambda: 1)
    renderer = diagrams.DiagramRenderer(None, time_limit=2)
    started = time.monotonic()
    with pytest.raises(diagrams.DiagramTooLarge, match="図が大きすぎます"):
        renderer.procedure_svg(monthly_close(), anchor)
    renderer.close()
    assert time.monotonic() - started < 20


def _started_by(parent: int) -> None:
    from tebiki.diagrams.workers import die_with_parent

    die_with_parent(parent)


def test_a_worker_whose_parent_died_before_it_started_ends() -> None:
    # The parent's pid is taken before the fork: read in the worker, after the parent was
    # killed, it would be the pid of whatever adopted the worker, and the worker would live on.
    import multiprocessing

    not_the_parent = os.getppid()  # pytest's parent, never the worker's
    worker = multiprocessing.get_context("fork").Process(target=_started_by, args=(not_the_parent,))
    worker.start()
    worker.join(timeout=30)
    assert worker.exitcode == 1


def test_a_worker_of_a_live_parent_keeps_running() -> None:
    import multiprocessing

    worker = multiprocessing.get_context("fork").Process(target=_started_by, args=(os.getpid(),))
    worker.start()
    worker.join(timeout=30)
    assert worker.exitcode == 0


def test_a_pool_killed_while_its_jobs_are_cancelled_prints_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    """A diagram out of time kills the pool (stop_pool); the build then cancels the jobs
    not started (work_aside: search documents, files, descriptions). The pool's manager
    thread marks every job of a dead pool failed; one cancelled meanwhile made it die with
    an "Exception in thread" traceback on the user's terminal (InvalidStateError). Made
    certain here: the manager thread has seen the dead worker and is held just before it
    marks the jobs failed, until a little after `stop_pool` was called."""
    import threading
    from concurrent.futures import process

    from tebiki.diagrams.workers import fork_pool, stop_pool

    died: list[object] = []
    monkeypatch.setattr(threading, "excepthook", lambda args: died.append(args.exc_type))
    failing, gate = threading.Event(), threading.Event()

    class HeldBroken(process.BrokenProcessPool):  # made by the manager thread just before it fails the jobs
        def __init__(self, *args: object) -> None:
            failing.set()
            gate.wait(10)
            super().__init__(*args)

    monkeypatch.setattr(process, "BrokenProcessPool", HeldBroken)
    pool = fork_pool(1)
    pid = pool.submit(os.getpid).result()
    manager = pool._executor_manager_thread  # type: ignore[attr-defined]
    assert manager is not None
    pool.submit(time.sleep, 600)  # the diagram out of time
    waiting = [pool.submit(int) for _ in range(6)]  # work handed aside behind it
    os.kill(pid, signal.SIGKILL)  # the kill of stop_pool, seen by the manager thread first
    assert failing.wait(30)
    threading.Timer(1.0, gate.set).start()
    stop_pool(pool)
    for job in waiting:
        job.cancel()  # what WorkAside.finish / answer do with jobs not started
    gate.set()
    manager.join(30)
    assert not manager.is_alive()
    assert died == []
    assert all(job.done() for job in waiting)
