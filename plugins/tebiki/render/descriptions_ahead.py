"""Step descriptions converted ahead, in the diagram worker, while the pages are made.

A cold build converts every step description with Python-Markdown and nh3 (about a
tenth of the main process at 990 procedures) while the worker that draws the
diagrams waits for the main process at the end of the build. `DescriptionsAhead`
hands the descriptions the cache lacks to that worker, in page order and in chunks of
CHUNK, before its diagrams; the page that shows a description then takes its HTML
(`take`). A chunk the worker has not started when its first page is made is cancelled
and converted in the main process, so neither side waits for the other for long.

The worker converts with the same function as the main process
(`safe.DescriptionRenderer.convert`, a fresh Markdown instance reset before each
text), so a page's HTML is the same whichever process converted it, and the same as
without a worker. Pure: no engine import.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from concurrent.futures import Executor

from ..model import Handbook
from ..work_aside import WorkAside
from .index import by_department, page_order
from .safe import DescriptionRenderer

CHUNK = 32
"""Descriptions per worker job: small enough that the first page waits little for the
first chunk, large enough that a job's round trip (~0.1 ms) is small beside its work."""

_RENDERER: DescriptionRenderer | None = None  # a worker's converter, made at its first job


def convert_job(texts: list[str]) -> list[str]:
    """In a worker: each text's HTML (`DescriptionRenderer.convert`), in order."""
    global _RENDERER
    if _RENDERER is None:
        _RENDERER = DescriptionRenderer()
    return [_RENDERER.convert(text) for text in texts]


class DescriptionsAhead:
    """Descriptions (Markdown text) being converted in a pool; `take` gives their HTML."""

    def __init__(self, texts: Sequence[str], pool: Executor | None) -> None:
        """Start converting `texts` (distinct, in the order the pages show them) in `pool`
        (nothing when None or when the pool takes no more jobs)."""
        self._work: WorkAside[str, str] = WorkAside(convert_job, pool, batch=CHUNK)
        self._ticket: dict[str, int] = {}
        if pool is None:
            return
        for text, ticket in zip(texts, self._work.add(texts)):
            self._ticket[text] = ticket
        self._work.hand_over()  # a pool shut down takes none: `take` gives None, the caller converts

    def __len__(self) -> int:
        """How many descriptions were handed to the pool (and not taken yet)."""
        return sum(self._work.handed_over(ticket) for ticket in self._ticket.values())

    def take(self, text: str) -> str | None:
        """The HTML of `text` from the worker, each text once; None when it was not handed
        over, its chunk had not started (then cancelled: the caller converts it), failed,
        or was taken already. Waits for a chunk the worker is converting."""
        ticket = self._ticket.pop(text, None)
        return None if ticket is None else self._work.answer(ticket)

    def cancel(self) -> None:
        """Drop the chunks not started (a build that stops early)."""
        self._work.cancel()
        self._ticket.clear()


def step_descriptions(handbook: Handbook) -> Iterator[str | None]:
    """Every step's description, in the order the pages show them (index.page_order, the
    order of render/pages.iter_pages)."""
    for _department, procedures in page_order(handbook, by_department(handbook)):
        for procedure in procedures:
            for step in procedure.steps:
                yield step.description
