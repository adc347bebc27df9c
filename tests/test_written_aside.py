"""The 「図を拡大」 files of `mkdocs build` are written by the diagram worker (issue 13:
file writes leave the build's main process); every file is there, with the same bytes,
whether the worker wrote it, was stopped, or was too busy."""

from __future__ import annotations

import multiprocessing
import os
import signal
import threading
import time
from concurrent.futures import ProcessPoolExecutor, wait
from pathlib import Path

import pytest

from tebiki import written_aside
from tebiki.written_aside import BATCH, WrittenAside

SVG = '<svg xmlns="http://www.w3.org/2000/svg"><a href="index.html#step-1"><text>月次決算 {n}</text></a></svg>\n'


def files(root: Path, n: int = BATCH * 3 + 5) -> list[tuple[str, str]]:
    return [(str(root / f"dept{i % 4}" / f"p{i}" / "p.flow.svg"), SVG.format(n=i)) for i in range(n)]


def on_disk(expected: list[tuple[str, str]]) -> bool:
    return all(Path(path).read_bytes() == text.encode("utf-8") for path, text in expected)


def fork_pool() -> ProcessPoolExecutor:
    return ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("fork"))


BUILD = os.getpid()
WRITTEN_HERE: list[str] = []
write_files = written_aside.write_files


def noted(files: list[tuple[str, str]]) -> None:
    """`write_files`, noting the files the build process writes (the worker notes in its own copy)."""
    if os.getpid() == BUILD:
        WRITTEN_HERE.extend(path for path, _text in files)
    write_files(files)


def test_the_worker_writes_them(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    expected = files(tmp_path)
    monkeypatch.setattr(written_aside, "write_files", noted)
    WRITTEN_HERE.clear()
    with fork_pool() as pool:
        aside = WrittenAside(pool)
        for i in range(0, len(expected), 3):  # a page's files at a time
            aside.write(expected[i:i + 3])
        aside.work.hand_over()
        pool.submit(int).result()  # the worker has written every batch (a job not started would be written here)
        aside.finish()
    assert on_disk(expected)
    assert WRITTEN_HERE == []


def test_without_a_worker_they_are_written_at_once(tmp_path: Path) -> None:
    expected = files(tmp_path, 3)
    WrittenAside(None).write(expected)
    assert on_disk(expected)


def test_batches_the_worker_has_not_started_are_written_by_finish(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The worker still drawing at the end of the build: `finish` writes what it has not
    started (all but the two batches already in the pool's call queue) without waiting."""
    expected = files(tmp_path, BATCH * 6)
    monkeypatch.setattr(written_aside, "write_files", noted)
    WRITTEN_HERE.clear()
    with fork_pool() as pool:
        pool.submit(held)  # the worker drawing a diagram until released
        aside = WrittenAside(pool)
        for i in range(0, len(expected), 3):  # a page's files at a time: batches of BATCH or a little more
            aside.write(expected[i:i + 3])
        finishing = threading.Thread(target=aside.finish)
        finishing.start()
        deadline = time.monotonic() + 60
        while len(WRITTEN_HERE) < BATCH * 3 and time.monotonic() < deadline:
            time.sleep(0.01)
        written_before_release = len(WRITTEN_HERE)
        RELEASE.set()
        finishing.join(60)
    assert written_before_release >= BATCH * 3  # not waited for
    assert on_disk(expected)


RELEASE = multiprocessing.get_context("fork").Event()  # inherited by the workers forked in these tests


def held() -> None:
    RELEASE.wait(60)


def test_a_worker_killed_before_writing_them_leaves_them_to_finish(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    expected = files(tmp_path)
    with fork_pool() as pool:
        pid = pool.submit(os.getpid).result()
        pool.submit(signal.pause)  # busy (drawing a diagram) when it is killed
        aside = WrittenAside(pool)
        aside.write(expected)
        kill_worker(pool, pid)
        aside.finish()
    assert on_disk(expected)


def test_past_the_pending_limit_files_are_written_here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(written_aside, "MAX_PENDING_CHARS", len(SVG) * BATCH * 2)
    expected = files(tmp_path, BATCH * 6)
    with fork_pool() as pool:
        pool.submit(signal.pause)  # the worker still busy with its diagrams
        aside = WrittenAside(pool)
        aside.write(expected)
        assert on_disk(expected[BATCH * 2:BATCH * 3])  # over the limit: written at once, not held
        pid = next(iter(pool._processes))
        kill_worker(pool, pid)
        aside.finish()
    assert on_disk(expected)


def test_an_error_writing_them_is_raised_by_finish(tmp_path: Path) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("")
    with fork_pool() as pool:
        aside = WrittenAside(pool)
        aside.write([(str(blocked / "p" / "p.flow.svg"), SVG)])
        with pytest.raises(OSError):
            aside.finish()


def kill_worker(pool: ProcessPoolExecutor, pid: int) -> None:
    """Kill the pool's worker and wait until the pool has failed its jobs (a job cancelled
    while the pool fails them trips a race in concurrent.futures' manager thread)."""
    last = pool.submit(int)
    os.kill(pid, signal.SIGKILL)
    wait([last], timeout=60)
