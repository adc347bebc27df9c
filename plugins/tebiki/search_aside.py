"""Search documents of generated pages made by the diagram worker (issue 13): a page's
documents are a pure function of its HTML (search_documents.page_documents, ~0.7 ms a
page), made while the build's main process, the critical path of a cold build, goes on
with the next pages.

`DocumentsAside.add(entries, args)` puts a placeholder for `page_documents(*args)` in
the search index's list of entries, where the page's documents belong, and hands the
page to the worker in batches of BATCH; `settle(entries)`, before the index is
written, puts each page's documents in place of its placeholder. A batch the worker
did not make (a pool stopped, a failed job) is made in this process, from the page's
HTML kept until the worker answers; at most MAX_PENDING_CHARS of HTML wait for it
(past that, a page's documents are made at once), so memory stays bounded. The
documents are the same whichever process made them. Pure: no engine import.
"""

from __future__ import annotations

from collections import deque
from concurrent.futures import Executor, Future
from typing import Any

from .search_documents import page_documents

BATCH = 8
MAX_PENDING_CHARS = 512_000

PageArgs = tuple[Any, ...]
"""The arguments of `page_documents` for one page: (html, url, title, toc_urls, tags, boost)."""
Documents = list[dict[str, Any]]


def documents_job(pages: list[PageArgs]) -> list[Documents]:
    """In a worker: each page's search documents."""
    return [page_documents(html, url, title, toc, tags=tags, boost=boost) for html, url, title, toc, tags, boost in pages]


def _documents(page: PageArgs) -> Documents:
    return documents_job([page])[0]


class _Placeholder:
    """Where a page's documents go in the index: batch `batch`, page `index` of it."""

    __slots__ = ("batch", "index")

    def __init__(self, batch: int, index: int) -> None:
        self.batch = batch
        self.index = index


class DocumentsAside:
    """Pages' search documents made in `pool` (the diagram worker), or here when there is none."""

    def __init__(self, pool: Executor | None = None) -> None:
        self.pool = pool
        self._open: list[PageArgs] = []  # the batch being filled
        self._batches: list[list[PageArgs] | None] = []  # handed-over pages, until their documents are back
        self._jobs: list[Future[list[Documents]] | None] = []
        self._made: dict[int, list[Documents]] = {}
        self._pending = 0  # characters of HTML handed over and not answered
        self._waiting: deque[int] = deque()  # batches handed over, in order, not answered yet

    def add(self, entries: list[Any], page: PageArgs) -> None:
        """Append the documents of `page` to `entries`, or a placeholder `settle` replaces."""
        if self.pool is not None and self._pending + len(page[0]) > MAX_PENDING_CHARS:
            self._take_answers()
        if self.pool is None or self._pending + len(page[0]) > MAX_PENDING_CHARS:
            entries.extend(_documents(page))
            return
        entries.append(_Placeholder(len(self._batches), len(self._open)))
        self._open.append(page)
        self._pending += len(page[0])
        if len(self._open) >= BATCH:
            self._hand_over()

    def settle(self, entries: list[Any]) -> None:
        """Every placeholder in `entries` replaced by its page's documents, in place."""
        self._hand_over()
        if not self._batches:
            return
        for number in reversed(self._waiting):  # the last ones first: the worker takes the first
            job = self._jobs[number]
            if job is not None and job.cancel():  # not started (the worker is behind): made here, not waited for
                self._batch(number)
        settled: list[Any] = []
        for entry in entries:
            if isinstance(entry, _Placeholder):
                settled.extend(self._batch(entry.batch)[entry.index])
            else:
                settled.append(entry)
        entries[:] = settled
        self._batches, self._jobs, self._made, self._pending = [], [], {}, 0
        self._waiting.clear()

    def _hand_over(self) -> None:
        if not self._open:
            return
        batch, self._open = self._open, []
        job: Future[list[Documents]] | None = None
        if self.pool is not None:
            try:
                job = self.pool.submit(documents_job, batch)
            except (OSError, RuntimeError):  # the pool was shut down: made here from now on
                self.pool = None
        self._batches.append(batch)
        self._jobs.append(job)
        if job is None:
            self._batch(len(self._batches) - 1)
        else:
            self._waiting.append(len(self._batches) - 1)

    def _batch(self, number: int) -> list[Documents]:
        """The documents of batch `number`: the worker's, or made here."""
        made = self._made.get(number)
        if made is not None:
            return made
        job, batch = self._jobs[number], self._batches[number]
        assert batch is not None
        try:
            made = job.result() if job is not None else None
        except Exception:  # noqa: BLE001 - cancelled, killed or failed: made here
            made = None
        if made is None or len(made) != len(batch):
            made = documents_job(batch)
        self._made[number] = made
        self._batches[number] = None
        self._pending -= sum(len(page[0]) for page in batch)
        return made

    def _take_answers(self) -> None:
        """Take the answers of the batches the worker has finished (their HTML let go)."""
        while self._waiting and (self._jobs[self._waiting[0]] or Future()).done():
            self._batch(self._waiting.popleft())
