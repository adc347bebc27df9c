"""Work handed aside to the diagram worker while the build's main process, the critical
path of a cold build, goes on (issue 13): step descriptions converted ahead
(render/descriptions_ahead.py), search documents of generated pages (search_aside.py),
the 「図を拡大」 files written (written_aside.py). One mechanism for the three:

- `add(items)` hands items to the pool in batches of `batch` and gives each a ticket;
  with no pool, or when more than `max_pending` characters (`size`) already wait for
  it, the items are done here at once (memory stays bounded).
- `answer(ticket)`: the pool's result for an item, waiting for a batch it has started;
  None when it did not answer (a batch not started is cancelled, a failed or killed
  worker): the caller does it itself.
- `result(ticket)`: the same, but done here (`here`) when the pool did not answer.
- `finish()`: every batch done: those not started are cancelled, the last ones first
  (the worker takes the first), and done here without waiting; the started ones waited
  for; a failed one done again here. An error of `here` is raised, as it would be.

`job` (run in the pool, picklable) and `here` (run in this process) give the same
results, so the output is the same whichever process did the work. Pure: no engine import.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from concurrent.futures import Executor, Future
from typing import Generic, TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")


class _Batch(Generic[Item, Result]):
    """Items handed over together; `items` held until answered, to do them here if needed."""

    __slots__ = ("items", "job", "size", "results", "asked")

    def __init__(self, items: list[Item], job: Future[list[Result]] | None, size: int) -> None:
        self.items: list[Item] | None = items
        self.job = job
        self.size = size  # characters counted as pending until answered
        self.results: list[Result] | None = None
        self.asked = False  # the pool was asked for its answer (it gave none: done by the caller or `here`)


class WorkAside(Generic[Item, Result]):
    """Items done by `job` in `pool` (the diagram worker), in batches; or here."""

    def __init__(self, job: Callable[[list[Item]], list[Result]], pool: Executor | None = None, *,
                 batch: int = 16, max_pending: int | None = None, size: Callable[[Item], int] | None = None,
                 here: Callable[[list[Item]], list[Result]] | None = None) -> None:
        """`job(items)` -> one result per item, in order (run in the pool, so picklable);
        `here`: the same, run in this process (default `job`). `max_pending`: characters
        (`size` of each item) that may wait for the pool (None: no bound)."""
        self.job = job
        self.pool = pool
        self.batch = batch
        self.max_pending = max_pending
        self.size = size
        self.here = here if here is not None else job
        self._open: list[Item] = []  # the batch being filled
        self._open_size = 0
        self._batches: list[_Batch[Item, Result]] = []
        self._where: list[tuple[int, int]] = []  # ticket -> (batch number, place in it)
        self._waiting: list[int] = []  # batches handed over and not answered (bounded by max_pending)
        self._pending = 0  # characters handed over (or in the open batch) and not answered

    def add(self, items: Iterable[Item]) -> range:
        """Hand `items` over (or do them here: no pool, too much pending); their tickets."""
        items = list(items)
        first = len(self._where)
        if not items:
            return range(first, first)
        size = sum(map(self.size, items)) if self.size is not None else 0
        if self.pool is not None and self.max_pending is not None and self._pending + size > self.max_pending:
            self._take_answers()
        if self.pool is None or (self.max_pending is not None and self._pending + size > self.max_pending):
            self._done_here(items)
            return range(first, len(self._where))
        for item in items:
            self._where.append((len(self._batches), len(self._open)))
            self._open.append(item)
            if self.size is not None:
                self._open_size += self.size(item)
            if len(self._open) >= self.batch:
                self.hand_over()
        self._pending += size
        return range(first, len(self._where))

    def hand_over(self) -> None:
        """Hand the batch being filled to the pool now (done here when it takes no more jobs)."""
        if not self._open:
            return
        items, size = self._open, self._open_size
        self._open, self._open_size = [], 0
        job: Future[list[Result]] | None = None
        if self.pool is not None:
            try:
                job = self.pool.submit(self.job, items)
            except (OSError, RuntimeError):  # the pool was shut down: done here from now on
                self.pool = None
        self._batches.append(_Batch(items, job, size))
        if job is None:
            self._answered(len(self._batches) - 1, None)
        elif self.max_pending is not None:
            self._waiting.append(len(self._batches) - 1)

    def answer(self, ticket: int) -> Result | None:
        """The pool's result for the item of `ticket` (waiting for a batch it has started);
        None when the pool gives none: its batch had not started (then cancelled), failed,
        or its worker was killed."""
        number, place = self._where[ticket]
        if number == len(self._batches):
            self.hand_over()
        batch = self._batches[number]
        if batch.results is None and not batch.asked:
            self._ask(number)
        return batch.results[place] if batch.results is not None else None

    def handed_over(self, ticket: int) -> bool:
        """Whether the item of `ticket` was handed to the pool (not done here)."""
        number = self._where[ticket][0]
        return number == len(self._batches) or self._batches[number].job is not None

    def made(self, ticket: int) -> Result | None:
        """The result for the item of `ticket` if already known (done here, or answered), without asking."""
        number, place = self._where[ticket]
        results = self._batches[number].results if number < len(self._batches) else None
        return results[place] if results is not None else None

    def result(self, ticket: int) -> Result:
        """The result for the item of `ticket`: the pool's, or done here (`here`)."""
        number, place = self._where[ticket]
        self.answer(ticket)
        return self._here(number)[place]

    def finish(self) -> None:
        """Every item done: batches not started are cancelled and done here, the last ones
        first (the worker takes the first); started ones are waited for; failed ones done
        again here. Raises what `here` raises."""
        self.hand_over()
        for number in reversed(range(len(self._batches))):
            batch = self._batches[number]
            if batch.results is None and batch.job is not None and not batch.asked and batch.job.cancel():
                batch.asked = True
                self._here(number)
        for number, batch in enumerate(self._batches):
            if batch.results is None and not batch.asked:
                self._ask(number)
            self._here(number)
        self._waiting = []

    def cancel(self) -> None:
        """Drop the batches not started and forget everything (a build that stops early)."""
        for batch in self._batches:
            if batch.job is not None:
                batch.job.cancel()
        self.clear()

    def clear(self) -> None:
        """Forget every item and result (their tickets are no longer valid)."""
        self._open, self._open_size, self._batches, self._where, self._waiting = [], 0, [], [], []
        self._pending = 0

    def _ask(self, number: int) -> None:
        """Take the pool's answer for batch `number`: cancelled when not started, else waited for."""
        batch = self._batches[number]
        batch.asked = True
        job = batch.job
        if job is None or job.cancel():
            return
        try:
            results = job.result()
        except Exception:  # noqa: BLE001 - failed or killed: done by the caller or here
            return
        if isinstance(results, list) and batch.items is not None and len(results) == len(batch.items):
            self._answered(number, results)

    def _here(self, number: int) -> list[Result]:
        """Batch `number`'s results, done here when the pool gave none."""
        batch = self._batches[number]
        if batch.results is None:
            assert batch.items is not None
            self._answered(number, self.here(batch.items))
        assert batch.results is not None
        return batch.results

    def _answered(self, number: int, results: list[Result] | None) -> None:
        batch = self._batches[number]
        if results is None:
            batch.asked = True
            return
        if batch.items is not None:
            self._pending -= batch.size
        batch.results, batch.items = results, None

    def _done_here(self, items: list[Item]) -> None:
        """Items done here at once, as a batch of their own (answered)."""
        self.hand_over()  # keeps the tickets in order of batches
        results = self.here(items)
        number = len(self._batches)
        self._batches.append(_Batch(items, None, 0))
        self._where.extend((number, place) for place in range(len(items)))
        self._answered(number, results)

    def _take_answers(self) -> None:
        """Take the results of the batches the pool has finished (their items let go of)."""
        waiting = []
        for number in self._waiting:
            batch = self._batches[number]
            if batch.results is None and not batch.asked:
                if batch.job is not None and batch.job.done():
                    self._ask(number)
                    self._here(number)  # a failed one done here now: its characters let go of
                else:
                    waiting.append(number)
        self._waiting = waiting
