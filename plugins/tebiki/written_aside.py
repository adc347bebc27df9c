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
so memory stays bounded. A file whose text the worker makes itself (`MadeWhereWritten`:
a 「図を拡大」 SVG from the diagram cache) holds nothing and always waits for it. Pure: no
engine import.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from concurrent.futures import Executor
from typing import Protocol

from .work_aside import WorkAside

BATCH = 16
MAX_PENDING_CHARS = 512_000

class MadeWhereWritten(Protocol):
    """A file's text made by the process that writes it (render/zoom.ZoomFile: from the
    diagram cache); picklable, the same text in every process."""

    def text(self) -> str: ...


FileText = tuple[str, "str | MadeWhereWritten"]
"""(path, UTF-8 text or what makes it) of a file to write."""


def write_files(files: list[FileText]) -> None:
    """Write each text at its path (UTF-8), making its folder; raises OSError (and what
    making a text raises)."""
    made: set[str] = set()
    for path, content in files:
        text = content if isinstance(content, str) else content.text()
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
    """Characters held until the file is written (a text made where it is written holds none)."""
    return len(file[1]) if isinstance(file[1], str) else 0


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
