"""Stand-ins for the diagram worker's pool in the tests of work handed aside to it
(work_aside, descriptions_ahead, search_aside, search_readings): each `submit` gives what
a real pool gives in one situation the build must survive."""

from __future__ import annotations

from concurrent.futures import Future
from typing import Any


class Unstarted:
    """A pool whose jobs never start (the worker still drawing diagrams)."""

    def __init__(self) -> None:
        self.futures: list[Future[Any]] = []

    def submit(self, *args: object) -> Future[Any]:
        self.futures.append(Future())
        return self.futures[-1]


class Failing:
    """A pool whose every job fails (its worker was killed)."""

    def submit(self, *args: object) -> Future[Any]:
        future: Future[Any] = Future()
        future.set_running_or_notify_cancel()
        future.set_exception(OSError("worker gone"))
        return future


class ShutDown:
    """A pool that takes no more jobs."""

    def submit(self, *args: object) -> Future[Any]:
        raise RuntimeError("cannot schedule new futures after shutdown")
