"""Search documents of generated pages made by the diagram worker (issue 13): a page's
documents are a pure function of its HTML (search_documents.page_documents, ~0.7 ms a
page), made while the build's main process, the critical path of a cold build, goes on
with the next pages.

`DocumentsAside.add(entries, args)` puts a placeholder for `page_documents(*args)` in
the search index's list of entries, where the page's documents belong, and hands the
page to the worker in batches of BATCH (work_aside.WorkAside); `settle(entries)`,
before the index is written, puts each page's documents in place of its placeholder.
A batch the worker did not make (a pool stopped, a failed job) is made in this process,
from the page's HTML kept until the worker answers; at most MAX_PENDING_CHARS of HTML
wait for it (past that, a page's documents are made at once), so memory stays bounded.
The documents are the same whichever process made them. Pure: no engine import.
"""

from __future__ import annotations

from concurrent.futures import Executor
from typing import Any

from .search_documents import page_documents
from .work_aside import WorkAside

BATCH = 8
MAX_PENDING_CHARS = 512_000

PageArgs = tuple[Any, ...]
"""The arguments of `page_documents` for one page: (html, url, title, toc_urls, tags, boost)."""
Documents = list[dict[str, Any]]


def documents_job(pages: list[PageArgs]) -> list[Documents]:
    """In a worker (or here): each page's search documents."""
    return [page_documents(html, url, title, toc, tags=tags, boost=boost) for html, url, title, toc, tags, boost in pages]


def _documents(pages: list[PageArgs]) -> list[Documents]:
    return documents_job(pages)  # looked up at each call (tests count the pages made in each process)


def _html_chars(page: PageArgs) -> int:
    return len(page[0])


class _Placeholder:
    """Where a page's documents go in the index: the ticket of its page."""

    __slots__ = ("ticket",)

    def __init__(self, ticket: int) -> None:
        self.ticket = ticket


class DocumentsAside:
    """Pages' search documents made in `pool` (the diagram worker), or here when there is none."""

    def __init__(self, pool: Executor | None = None) -> None:
        self.work: WorkAside[PageArgs, Documents] = WorkAside(_documents, pool, batch=BATCH,
                                                              max_pending=MAX_PENDING_CHARS, size=_html_chars)

    def add(self, entries: list[Any], page: PageArgs) -> None:
        """Append the documents of `page` to `entries`, or a placeholder `settle` replaces."""
        ticket = self.work.add([page])[0]
        made = self.work.made(ticket)
        if made is not None:
            entries.extend(made)
        else:
            entries.append(_Placeholder(ticket))

    def settle(self, entries: list[Any]) -> None:
        """Every placeholder in `entries` replaced by its page's documents, in place."""
        self.work.finish()
        settled: list[Any] = []
        for entry in entries:
            if isinstance(entry, _Placeholder):
                settled.extend(self.work.result(entry.ticket))
            else:
                settled.append(entry)
        entries[:] = settled
        self.work.clear()
