"""`mkdocs serve` keeps its full garbage collections out of the edit loop
(adapters/mkdocs/heap.py): what a build leaves is frozen, and cycles let go of later
are collected once the server is idle, never while a build runs."""

from __future__ import annotations

import gc
import time
import weakref

from tebiki.adapters.mkdocs.heap import IdleCollector


class Node:
    def __init__(self) -> None:
        self.me = self  # a cycle: only the collector frees it


def test_cycles_let_go_of_after_a_build_are_collected_once_the_server_is_idle() -> None:
    heap = IdleCollector(idle=0.2)
    try:
        node = Node()
        gone = weakref.ref(node)
        heap.build_ends()
        assert gc.get_freeze_count() > 0
        del node  # the next build lets go of it
        heap.build_starts()
        assert not gc.isenabled()  # no automatic collection while a build runs
        gc.collect()
        time.sleep(0.4)
        assert gone() is not None and heap.collections == 0  # frozen, and no collection while a build runs
        heap.build_ends()
        assert gc.isenabled()
        deadline = time.monotonic() + 10
        while heap.collections == 0 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert heap.collections == 1 and gone() is None
    finally:
        heap.stop()
    assert gc.get_freeze_count() == 0 and gc.isenabled()
