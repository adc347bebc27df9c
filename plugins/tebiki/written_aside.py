"""Files of the built site written by the diagram worker (issue 13): the 「図を拡大」
SVG files of `mkdocs build` (three per procedure at 990 procedures: its page and the
hand-over packs). Each is a create, a write and a close: ~0.35 ms of system time and
about 1 ms of waiting on the disk in the build's main process, the critical path of a
cold build, while the worker is idle at the end of the build.

`WrittenAside.write` hands (path, text) pairs to the worker in batches of BATCH;
`finish` waits for them and writes again in this process every batch the worker did
not write (a pool stopped by a diagram's time limit, a failed job), so the files are
the same, and all there, either way; an error writing one is raised by `finish`, as it
would be raised here. At most MAX_PENDING_CHARS of text wait for the worker (it may
still be drawing diagrams): past that, files are written here, so memory stays bounded.
Pure: no engine import.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from concurrent.futures import Executor, Future

BATCH = 16
MAX_PENDING_CHARS = 512_000

FileText = tuple[str, str]
"""(path, UTF-8 text) of a file to write."""


def write_files(files: list[FileText]) -> None:
    """Write each text at its path (UTF-8), making its folder; raises OSError."""
    made: set[str] = set()
    for path, text in files:
        folder = os.path.dirname(path)
        if folder not in made:
            os.makedirs(folder, exist_ok=True)
            made.add(folder)
        with open(path, "w", encoding="utf-8") as out:
            out.write(text)


class WrittenAside:
    """Files written by `pool` (the diagram worker), or here when there is none."""

    def __init__(self, pool: Executor | None = None) -> None:
        self.pool = pool
        self._batch: list[FileText] = []
        self._jobs: list[tuple[list[FileText], Future[None], int]] = []
        self._pending = 0  # characters handed to the pool and not known written

    def write(self, files: Iterable[FileText]) -> None:
        """Write `files`, now (no pool) or in the pool; `finish` makes sure they are there."""
        if self.pool is None:
            write_files(list(files))
            return
        self._batch += files
        if len(self._batch) >= BATCH:
            self._hand_over()

    def finish(self) -> None:
        """Hand over the last batch, wait for the pool and write here what it did not write.
        Raises OSError as writing here would."""
        self._hand_over()
        jobs, self._jobs, self._pending = self._jobs, [], 0
        for batch, job, _size in reversed(jobs):  # the last ones first: the worker takes the first
            if job.cancel():  # not started (the worker is behind): written here, not waited for
                write_files(batch)
                continue
            try:
                job.result()
            except Exception:  # noqa: BLE001 - killed or failed: written here (errors surface)
                write_files(batch)

    def _hand_over(self) -> None:
        batch, self._batch = self._batch, []
        if not batch:
            return
        self._forget_written()
        size = sum(len(text) for _path, text in batch)
        if self.pool is None or self._pending + size > MAX_PENDING_CHARS:
            write_files(batch)
            return
        try:
            job = self.pool.submit(write_files, batch)
        except (OSError, RuntimeError):  # the pool was shut down: from now on, here
            self.pool = None
            write_files(batch)
            return
        self._jobs.append((batch, job, size))
        self._pending += size

    def _forget_written(self) -> None:
        """Let go of the batches the pool has written (their text is no longer held)."""
        waiting = []
        for batch, job, size in self._jobs:
            if job.done() and not job.cancelled() and job.exception() is None:
                self._pending -= size
            else:
                waiting.append((batch, job, size))
        self._jobs = waiting
