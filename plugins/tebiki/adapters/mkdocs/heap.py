"""The garbage collector under `mkdocs serve`: out of the edit loop.

Between builds the server keeps hundreds of thousands of objects (the parsed files,
the page memo, every page's output and search entries), and Python's full collection
looks at all of them: at 1,000 procedures it ran once in every rebuild, ~0.4 s of CPU.
So at the end of each build everything alive is frozen (`gc.freeze`): the next build's
collections look at its own new objects only. What a later build lets go of is freed
by its reference count as usual; only cycles among frozen objects (the previous
build's MkDocs pages, menu and config) wait, until the server has been idle for
IDLE_SECONDS: then a thread unfreezes, collects everything and freezes again. A build
starting meanwhile cancels that collection, or waits for it when it has begun.

During a build the collector is off altogether (`build_starts` to `build_ends`): with
the heap frozen, Python still ran a full collection of the build's own new objects every
few hundred thousand allocations (3 full and ~400 young collections, 0.3-1 s of a rebuild
at 1,000 procedures on a loaded machine). What a build leaves in cycles waits for the
idle collection like the rest: memory grows by one build's cyclic garbage at most.
"""

from __future__ import annotations

import gc
import threading

IDLE_SECONDS = 2.0


class IdleCollector:
    """Full collections of a `mkdocs serve` process, done while it is idle."""

    def __init__(self, idle: float = IDLE_SECONDS) -> None:
        self.idle = idle
        self._timer: threading.Timer | None = None
        self.collections = 0  # full collections done while idle (tests)

    def build_starts(self) -> None:
        """A build begins: no collection until it ends (one already running ends first)."""
        self._cancel()
        gc.disable()

    def build_ends(self) -> None:
        """A build ended (or failed): freeze what is alive, collect fully once idle."""
        self._cancel()
        gc.enable()
        gc.freeze()
        self._timer = threading.Timer(self.idle, self._collect)
        self._timer.daemon = True
        self._timer.start()

    def stop(self) -> None:
        """The server stops: no collection pending, nothing frozen, the collector on."""
        self._cancel()
        gc.unfreeze()
        gc.enable()

    def _cancel(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer.join()
            self._timer = None

    def _collect(self) -> None:
        gc.unfreeze()
        gc.collect()
        gc.freeze()
        self.collections += 1
