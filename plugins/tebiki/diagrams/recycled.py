"""A diagram worker's drawing done in a child process that is replaced every
`RECYCLE_AFTER` diagrams (Linux), so the worker's memory stays flat.

Graphviz's `dot` layout leaks memory that no call gives back (gvFreeLayout, agclose
and a new context do not): about 30 KB per flow diagram (`newrank` with clusters,
the lanes), measured with the bundled Graphviz of pygraphviz 1.14. A worker that
draws the 10,000 flows of a large handbook grew by ~300 MB. The worker (`workers.py`)
therefore never lays out a diagram itself: it hands each job through a pipe to a
child it forked (a small process: the worker is forked before the handbook is
loaded), and ends that child after `RECYCLE_AFTER` diagrams, taking the leak with it.
A fork costs about a millisecond; a diagram about ten.

The child dies with the worker (`die_with_parent`): a worker killed for its time
limit takes its child along. A child that dies while drawing (a crash in Graphviz)
is an error of that job only: the build draws that diagram again in-process
(`job_result`), and the next job gets a new child.
"""

from __future__ import annotations

import multiprocessing
import os
from multiprocessing.connection import Connection
from typing import Any, Callable

RECYCLE_AFTER = 500
"""Diagrams one child draws before it is replaced (at most ~16 MB of leaked layout memory;
the memoised text measures of text.py stay warm that long)."""


class DrawingFailed(RuntimeError):
    """The child could not draw the diagram (its error's type and message), or died."""


class RecycledDrawer:
    """Calls `draw(*job)` in a child process, replaced after `recycle_after` jobs."""

    def __init__(self, draw: Callable[..., str], recycle_after: int = RECYCLE_AFTER,
                 on_start: Callable[[], None] | None = None) -> None:
        self.draw = draw
        self.recycle_after = recycle_after
        self.on_start = on_start  # run first in each child (the worker's die_with_parent)
        self.pid: int | None = None
        self.conn: Connection | None = None
        self.done = 0
        self.started = 0  # children forked so far
        self.owner = os.getpid()  # a drawer inherited through a fork is not the new process's

    def __call__(self, *job: Any) -> str:
        if self.conn is None or self.done >= self.recycle_after:
            self.stop()
            self._start()
        assert self.conn is not None
        try:
            self.conn.send(job)
            kind, value = self.conn.recv()
        except (EOFError, OSError) as error:  # the child died drawing this job
            self.stop()
            raise DrawingFailed(f"the drawing process ended: {error!r}") from None
        self.done += 1
        if kind == "error":
            raise DrawingFailed(value)
        return value

    def _start(self) -> None:
        ours, theirs = multiprocessing.Pipe(duplex=True)
        pid = os.fork()
        if pid == 0:  # the child: draw until told to stop, then leave without any cleanup
            ours.close()
            code = 0
            try:
                if self.on_start is not None:
                    self.on_start()
                _serve(theirs, self.draw)
            except BaseException:  # noqa: BLE001 - nothing may escape a forked child
                code = 1
            finally:
                os._exit(code)
        theirs.close()
        self.pid, self.conn, self.done = pid, ours, 0
        self.started += 1

    def stop(self) -> None:
        """End the child (it finishes nothing: it is idle between jobs)."""
        if self.conn is not None:
            try:
                self.conn.send(None)
            except OSError:
                pass
            self.conn.close()
            self.conn = None
        if self.pid is not None:
            try:
                os.waitpid(self.pid, 0)
            except ChildProcessError:
                pass
            self.pid = None


def _serve(conn: Connection, draw: Callable[..., str]) -> None:
    while True:
        try:
            job = conn.recv()
        except EOFError:
            return
        if job is None:
            return
        try:
            reply: tuple[str, str] = ("svg", draw(*job))
        except Exception as error:  # noqa: BLE001 - sent back, raised in the worker
            reply = ("error", f"{type(error).__name__}: {error}")
        conn.send(reply)
