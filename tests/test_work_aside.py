"""One mechanism hands work to the diagram worker (work_aside.WorkAside: descriptions,
search documents, 「図を拡大」 files): every item's result is the one this process would
make, in order, whether the pool did it, never started it, failed, or was shut down."""

from __future__ import annotations

from concurrent.futures import Future
from typing import Any

import pytest

from fake_pools import Failing, ShutDown, Unstarted
from tebiki.work_aside import WorkAside


def doubled(items: list[int]) -> list[int]:
    return [2 * i for i in items]


class Inline:
    """A pool that does each job at once (a worker that keeps up)."""

    def __init__(self) -> None:
        self.jobs: list[list[int]] = []

    def submit(self, fn: Any, items: list[int]) -> Future[Any]:
        self.jobs.append(list(items))
        future: Future[Any] = Future()
        future.set_running_or_notify_cancel()
        future.set_result([f"worker {i}" for i in fn(items)])
        return future


def test_the_pool_does_them_in_batches_and_results_follow_the_tickets() -> None:
    pool = Inline()
    work: WorkAside[int, Any] = WorkAside(doubled, pool, batch=4)  # type: ignore[arg-type]
    tickets = [t for chunk in ([1, 2, 3], [4, 5], [6, 7, 8, 9, 10]) for t in work.add(chunk)]
    work.finish()
    assert pool.jobs == [[1, 2, 3, 4], [5, 6, 7, 8], [9, 10]]
    assert [work.result(t) for t in tickets] == [f"worker {2 * i}" for i in range(1, 11)]


@pytest.mark.parametrize("pool", [Unstarted(), Failing(), ShutDown(), None], ids=lambda p: type(p).__name__)
def test_what_the_pool_does_not_answer_is_done_here(pool: Any) -> None:
    work: WorkAside[int, int] = WorkAside(doubled, pool, batch=4)
    tickets = list(work.add(range(10)))
    answers = [work.answer(t) for t in tickets]
    assert answers == ([2 * i for i in range(10)] if pool is None else [None] * 10)  # no pool: done at once
    assert [work.result(t) for t in tickets] == [2 * i for i in range(10)]
    if isinstance(pool, Unstarted):
        assert all(f.cancelled() for f in pool.futures)  # given up, not waited for


def test_finish_does_the_unstarted_batches_here_the_last_ones_first() -> None:
    pool = Unstarted()
    done_here: list[list[int]] = []

    def here(items: list[int]) -> list[int]:
        done_here.append(list(items))
        return doubled(items)

    work: WorkAside[int, int] = WorkAside(doubled, pool, batch=3, here=here)  # type: ignore[arg-type]
    tickets = list(work.add(range(7)))
    work.finish()
    assert done_here == [[6], [3, 4, 5], [0, 1, 2]]
    assert [work.result(t) for t in tickets] == [2 * i for i in range(7)]


def test_past_the_pending_bound_items_are_done_at_once_and_keep_their_place() -> None:
    pool = Unstarted()
    work: WorkAside[str, str] = WorkAside(str.upper, pool, batch=2, max_pending=4, size=len,  # type: ignore[arg-type]
                                          here=lambda items: [s.upper() for s in items])
    tickets = [t for text in ("ab", "cd", "ef", "gh") for t in work.add([text])]
    assert [work.made(t) for t in tickets] == [None, None, "EF", "GH"]  # over the bound: done here, not held
    work.finish()
    assert [work.result(t) for t in tickets] == ["AB", "CD", "EF", "GH"]


def test_an_error_here_is_raised_by_finish() -> None:
    def broken(items: list[int]) -> list[int]:
        raise OSError("disk full")

    work: WorkAside[int, int] = WorkAside(doubled, Failing(), batch=2, here=broken)  # type: ignore[arg-type]
    work.add([1, 2, 3])
    with pytest.raises(OSError, match="disk full"):
        work.finish()
