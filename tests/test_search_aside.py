"""The search documents of generated pages are made by the diagram worker (issue 13:
~0.7 ms a page leaves the build's main process); the index holds the same documents,
in the same order, whether the worker made them, was stopped, or was too busy."""

from __future__ import annotations

import multiprocessing
import os
import signal
import threading
import time
from concurrent.futures import ProcessPoolExecutor, wait
from typing import Any

import pytest

from fake_pools import ShutDown
from tebiki import search_aside
from tebiki.search_aside import BATCH, DocumentsAside
from tebiki.search_documents import page_documents


def page(i: int) -> tuple[Any, ...]:
    html = (f'<h1 id="p{i}">手順 {i}</h1><p>経費精算 {i} &amp; 締め</p>'
            f'<h2 id="step-{i}">確認<a class="headerlink" href="#step-{i}">¶</a></h2><ul><li>証憑 {i}</li></ul>')
    return (html, f"acc/p{i}/", f"手順 {i}", {f"step-{i}": f"#step-{i}"}, ["経理"] if i % 2 else None, 2 if i % 3 else None)


PAGES = [page(i) for i in range(BATCH * 3 + 5)]


def expected() -> list[Any]:
    """Each page's documents in page order, a user's own page (indexed by Material) between them."""
    out: list[Any] = []
    for i, (html, url, title, toc, tags, boost) in enumerate(PAGES):
        out += page_documents(html, url, title, toc, tags=tags, boost=boost)
        if i % 7 == 0:
            out.append({"location": f"mine/{i}/", "title": "自分のページ", "text": ""})
    return out


def indexed(aside: DocumentsAside, pool: Any = None) -> list[Any]:
    entries: list[Any] = []
    for i, args in enumerate(PAGES):
        aside.add(entries, args)
        if i % 7 == 0:
            entries.append({"location": f"mine/{i}/", "title": "自分のページ", "text": ""})
    if pool is not None:
        aside.work.hand_over()
        pool.submit(int).result()  # the worker has made every batch (one not started would be made here)
    aside.settle(entries)
    return entries


def fork_pool() -> ProcessPoolExecutor:
    return ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("fork"))


BUILD = os.getpid()
MADE_HERE: list[str] = []
documents_job = search_aside.documents_job


def noted(pages: list[tuple[Any, ...]]) -> list[Any]:
    if os.getpid() == BUILD:
        MADE_HERE.extend(p[1] for p in pages)
    return documents_job(pages)


def test_the_worker_makes_them_in_page_order(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(search_aside, "documents_job", noted)
    MADE_HERE.clear()
    with fork_pool() as pool:
        assert indexed(DocumentsAside(pool), pool) == expected()
    assert MADE_HERE == []


def test_batches_the_worker_has_not_started_are_made_here_not_waited_for(monkeypatch: pytest.MonkeyPatch) -> None:
    """The worker still drawing at the end of the build: `settle` makes what it has not
    started (all but the two batches already in the pool's call queue) without waiting."""
    monkeypatch.setattr(search_aside, "documents_job", noted)
    MADE_HERE.clear()
    with fork_pool() as pool:
        pool.submit(held)  # the worker drawing a diagram until released
        aside = DocumentsAside(pool)
        entries: list[Any] = []
        for args in PAGES:
            aside.add(entries, args)
        settling = threading.Thread(target=aside.settle, args=(entries,))
        settling.start()
        deadline = time.monotonic() + 60
        while len(MADE_HERE) < len(PAGES) - 2 * BATCH and time.monotonic() < deadline:
            time.sleep(0.01)
        made_before_release = len(MADE_HERE)
        RELEASE.set()
        settling.join(60)
    assert made_before_release >= len(PAGES) - 2 * BATCH  # not waited for
    assert entries == [d for html, url, title, toc, tags, boost in PAGES
                       for d in page_documents(html, url, title, toc, tags=tags, boost=boost)]


RELEASE = multiprocessing.get_context("fork").Event()  # inherited by the workers forked in these tests


def held() -> None:
    RELEASE.wait(60)


def test_without_a_worker_they_are_made_here() -> None:
    assert indexed(DocumentsAside(None)) == expected()


def test_a_shut_down_pool_leaves_them_to_this_process() -> None:
    assert indexed(DocumentsAside(ShutDown())) == expected()  # type: ignore[arg-type]


def test_a_worker_killed_before_making_them_leaves_them_to_this_process() -> None:
    with fork_pool() as pool:
        pid = pool.submit(os.getpid).result()
        pool.submit(signal.pause)  # busy drawing a diagram when it is killed
        aside = DocumentsAside(pool)
        entries: list[Any] = []
        for args in PAGES:
            aside.add(entries, args)
        kill_worker(pool, pid)
        aside.settle(entries)
    assert entries == [d for html, url, title, toc, tags, boost in PAGES
                       for d in page_documents(html, url, title, toc, tags=tags, boost=boost)]


def test_past_the_pending_limit_documents_are_made_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(search_aside, "MAX_PENDING_CHARS", len(PAGES[0][0]) * BATCH * 2)
    with fork_pool() as pool:
        pool.submit(signal.pause)  # the worker still busy with its diagrams
        aside = DocumentsAside(pool)
        entries: list[Any] = []
        for args in PAGES:
            aside.add(entries, args)
        assert isinstance(entries[0], dict) is False and isinstance(entries[-1], dict)  # made at once, not held
        kill_worker(pool, next(iter(pool._processes)))
        aside.settle(entries)
    assert entries == [d for html, url, title, toc, tags, boost in PAGES
                       for d in page_documents(html, url, title, toc, tags=tags, boost=boost)]


def kill_worker(pool: ProcessPoolExecutor, pid: int) -> None:
    """Kill the pool's worker and wait until the pool has failed its jobs (a job cancelled
    while the pool fails them trips a race in concurrent.futures' manager thread)."""
    last = pool.submit(int)
    os.kill(pid, signal.SIGKILL)
    wait([last], timeout=60)
