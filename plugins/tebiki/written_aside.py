"""Files of the built site written by the diagram worker (issue 13): the 「図を拡大」
SVG files of `mkdocs build` (three per procedure at 990 procedures: its page and the
hand-over packs). Each is a create, a write and a close: ~0.35 ms of system time and
about 1 ms of waiting on the disk in the build's main process, the critical path of a
cold build, while the worker is idle at the end of the build.

`WrittenAside.write` hands (path, text) pairs to the worker in batches of BATCH
(work_aside.WorkAside); `finish` waits for them and writes again in this process every
batch the worker did not write (a pool stopped by a diagram's time limit, a failed
job), so the files are the same, and all there, either way; an error writing one is
raised by `finish`, as it would be raised here. At most MAX_PENDING_CHARS of text wait
for the worker (it may still be drawing diagrams): past that, files are written here,
so memory stays bounded. Pure: no engine import.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from concurrent.futures import Executor

from .work_aside import WorkAside

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


def write_job(files: list[FileText]) -> list[None]:
    """`write_files`, one (empty) result per file (a WorkAside job, in the worker or here)."""
    write_files(files)
    return [None] * len(files)


def _chars(file: FileText) -> int:
    return len(file[1])


class WrittenAside:
    """Files written by `pool` (the diagram worker), or here when there is none."""

    def __init__(self, pool: Executor | None = None) -> None:
        self.work: WorkAside[FileText, None] = WorkAside(write_job, pool, batch=BATCH,
                                                         max_pending=MAX_PENDING_CHARS, size=_chars)

    def write(self, files: Iterable[FileText]) -> None:
        """Write `files`, now (no pool) or in the pool; `finish` makes sure they are there."""
        self.work.add(files)

    def finish(self) -> None:
        """Hand over the last batch, wait for the pool and write here what it did not write.
        Raises OSError as writing here would."""
        try:
            self.work.finish()
        finally:
            self.work.clear()
