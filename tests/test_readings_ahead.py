"""Title readings for search are read ahead in the diagram worker while the site is built
(issue 13: pykakasi's dictionary, ~0.5 s, stays out of the build's main process); the
readings are the ones the build would make itself, whether the worker answered or not."""

from __future__ import annotations

import json
import multiprocessing
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from fake_pools import ShutDown
from tebiki import search_readings
from tebiki.search_index import indexed_title
from tebiki.search_readings import ReadingCache, reading_of

TITLES = ["経費精算", "アカウント削除", "月次決算 & 締め", "Guide"]


def no_dictionary(title: str) -> str:
    raise AssertionError(f"read in the build process: {title}")


def test_the_worker_reads_the_titles_the_cache_lacks(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    expected = {t: reading_of(t) for t in TITLES}
    cache = ReadingCache(tmp_path / "readings.json")
    with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("fork")) as pool:
        cache.read_ahead(TITLES, pool)
        pool.submit(int).result()  # the reading job ran before this one
        monkeypatch.setattr(search_readings, "reading_of", no_dictionary)
        assert cache.readings(TITLES[:2]) == {t: expected[t] for t in TITLES[:2]}
    monkeypatch.undo()
    cache.save()
    saved = json.loads((tmp_path / "readings.json").read_text(encoding="utf-8"))["readings"]
    assert saved == {t: expected[t] for t in TITLES[:2]}  # only what this build used


class Unfinished:
    """A pool whose job never finishes (a worker still drawing diagrams at the end of the build)."""

    def __init__(self) -> None:
        self.future: Future[Any] = Future()

    def submit(self, *args: object) -> Future[Any]:
        return self.future


@pytest.mark.parametrize("pool", [Unfinished(), ShutDown(), None])
def test_without_the_workers_answer_the_build_reads_them_itself(pool: Any) -> None:
    cache = ReadingCache(None)
    cache.read_ahead(TITLES, pool)
    assert cache.readings(TITLES) == {t: reading_of(t) for t in TITLES}
    if isinstance(pool, Unfinished):
        assert pool.future.cancelled()  # dropped, not waited for


def test_a_page_title_is_read_ahead_under_its_search_documents_title() -> None:
    assert indexed_title(" 月次決算 & 締め ") == "月次決算 &amp; 締め"
    assert indexed_title("ＰＣ<入替>") == "PC&lt;入替&gt;"
