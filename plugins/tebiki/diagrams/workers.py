"""Diagram worker processes that never outlive the build (Linux).

A worker is forked from the build. If the build is killed (the OOM killer, a CI
timeout, `kill -9`), a worker left running would hold the build's output pipe
open for ever. `die_with_parent` (in `start_worker`, the pool initializer) asks the kernel to kill the
worker when its parent dies (prctl PR_SET_PDEATHSIG) and, where that is not
available, starts a thread that polls the parent's pid and exits when it changes.
`stop_pool` kills a pool's workers at once, running jobs included. What a worker
runs is `render_job`, which draws in a child of the worker replaced every few hundred
diagrams (`recycled.py`: Graphviz leaks); `job_result` takes its SVG back in the build.
"""

from __future__ import annotations

import ctypes
import functools
import gc
import logging
import multiprocessing
import os
import signal
import sys
import threading
import time
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path
from typing import Any

from ..display import unsafe_characters
from .cache import SvgCache
from .draw import render_scene, scene_of
from .recycled import RecycledDrawer

log = logging.getLogger(f"mkdocs.plugins.{__name__}")

PR_SET_PDEATHSIG = 1
POLL_SECONDS = 1.0


def fork_pool(workers: int) -> ProcessPoolExecutor:
    """A pool of `workers` processes forked from this one (`start_worker`: each dies with it).
    Raises what ProcessPoolExecutor raises (OSError, RuntimeError)."""
    return ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"),
                               initializer=start_worker, initargs=(os.getpid(),))


def die_with_parent(parent: int) -> None:
    """In a new worker forked by process `parent` (its pid, taken before the fork): be killed
    with SIGKILL when that process dies. The pid is not read in the worker: a parent killed
    before the worker ran this would leave it adopted, and it would wait on its new parent.
    Ctrl-C (SIGINT, sent to the whole process group) is left to the build, which ends its
    workers (a worker would print a KeyboardInterrupt traceback when `mkdocs serve` is stopped)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if os.getppid() != parent:  # the parent died before this worker started
        os._exit(1)
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        if libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) == 0:
            if os.getppid() != parent:  # the parent died before prctl took effect
                os._exit(1)
            return
    except (OSError, AttributeError):
        pass
    threading.Thread(target=_poll_parent, args=(parent,), daemon=True, name="tebiki-parent-watch").start()


def start_worker(parent: int) -> None:
    """A new worker's first act (the pools' initializer): die with the build, process `parent`
    (`die_with_parent`) and never scan what it inherited: a worker forked from a large
    build (a pool started late) would otherwise, at its first full garbage collection,
    write to, and so copy, every page of the build's heap (gc.freeze keeps them shared).
    Its own garbage it collects, even when forked while the build's collector was paused
    (the build pauses it while it loads the handbook and makes the pages).
    """
    gc.freeze()
    gc.enable()
    die_with_parent(parent)


def _poll_parent(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(POLL_SECONDS)
    os._exit(1)


def stop_pool(pool: ProcessPoolExecutor) -> None:
    """Kill every worker of `pool` and drop its queued jobs; never waits for a running one.
    Returns once the pool's manager thread has marked its jobs failed or cancelled: a job
    cancelled while that thread fails the jobs of a dead pool made it die with an
    "Exception in thread" traceback on the user's terminal (InvalidStateError, Python 3.11)."""
    processes = list((getattr(pool, "_processes", None) or {}).values())
    manager = getattr(pool, "_executor_manager_thread", None)
    for process in processes:
        try:
            process.kill()
        except (OSError, ValueError, AttributeError):
            continue
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        try:
            process.join(timeout=5)
        except (OSError, ValueError, AssertionError, AttributeError):
            continue
    if isinstance(manager, threading.Thread) and manager is not threading.current_thread():
        manager.join(timeout=5)


def start_pool(workers: int) -> ProcessPoolExecutor | None:
    """`workers` forked now (Linux, no other thread running), idle until given jobs; None
    when they cannot be. Forked while the build holds little, a worker shares little."""
    if workers < 1 or sys.platform != "linux" or threading.active_count() > 1:
        return None
    try:
        pool = fork_pool(workers)
        pool.submit(int).result()  # a fork pool starts all its workers at the first job
    except (OSError, RuntimeError) as error:
        log.debug("Diagrams render in-process, no worker processes: %s", error)
        return None
    return pool


def render_alone(key: str, kind: str, payload: tuple, lang: str) -> str:
    """In a worker: render one diagram and return it."""
    return render_scene(scene_of(kind, payload, lang), key)


_DRAWER: RecycledDrawer | None = None  # a worker's drawing child (recycled.py), made at its first job


def render_job(key: str, kind: str, payload: tuple, lang: str, folder: str | None) -> str | None:
    """In a worker: render one diagram (in the worker's drawing child); store it in the
    cache `folder` (returning None) or return it."""
    global _DRAWER
    if _DRAWER is None or _DRAWER.owner != os.getpid():
        # the escaping every diagram uses (~0.25 s to build), built once in this worker and inherited by
        # its drawing children; not in the build's main process, the critical path of a cold build
        unsafe_characters()
        _DRAWER = RecycledDrawer(render_alone, on_start=functools.partial(die_with_parent, os.getpid()))
    svg = _DRAWER(key, kind, payload, lang)
    if folder is None:
        return svg
    cache = SvgCache(Path(folder))
    cache.put(key, svg)
    return None if cache.contains(key) else svg


def job_result(job: Future, cache: SvgCache, key: str) -> str | None:
    """A finished job's SVG (returned, or read back from the cache); None when it failed."""
    try:
        svg: Any = job.result()
    except Exception as error:  # noqa: BLE001 - rendered again in-process, where errors surface as usual
        log.debug("A diagram job failed in its worker, rendering in-process: %s", error)
        return None
    return svg if svg is not None else cache.get(key)
