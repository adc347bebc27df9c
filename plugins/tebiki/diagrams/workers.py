"""Diagram worker processes that never outlive the build (Linux).

A worker is forked from the build. If the build is killed (the OOM killer, a CI
timeout, `kill -9`), a worker left running would hold the build's output pipe
open for ever. `die_with_parent` (the pool initializer) asks the kernel to kill the
worker when its parent dies (prctl PR_SET_PDEATHSIG) and, where that is not
available, starts a thread that polls the parent's pid and exits when it changes.
`stop_pool` kills a pool's workers at once, running jobs included.
"""

from __future__ import annotations

import ctypes
import os
import signal
import threading
import time
from concurrent.futures import ProcessPoolExecutor

PR_SET_PDEATHSIG = 1
POLL_SECONDS = 1.0


def die_with_parent() -> None:
    """In a new worker: be killed with SIGKILL when the process that forked it dies."""
    parent = os.getppid()
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        if libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) == 0:
            if os.getppid() != parent:  # the parent died before prctl took effect
                os._exit(1)
            return
    except (OSError, AttributeError):
        pass
    threading.Thread(target=_poll_parent, args=(parent,), daemon=True, name="tebiki-parent-watch").start()


def _poll_parent(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(POLL_SECONDS)
    os._exit(1)


def stop_pool(pool: ProcessPoolExecutor) -> None:
    """Kill every worker of `pool` and drop its queued jobs; never waits for a running one."""
    processes = list((getattr(pool, "_processes", None) or {}).values())
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
