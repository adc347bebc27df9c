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
from concurrent.futures import Executor, Future

from ..model import Handbook
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
        self._chunks: list[tuple[list[str], Future[list[str]] | None]] = []
        self._chunk_of: dict[str, int] = {}
        self._ready: dict[str, str] = {}
        if pool is None:
            return
        for start in range(0, len(texts), CHUNK):
            chunk = list(texts[start:start + CHUNK])
            try:
                job = pool.submit(convert_job, chunk)
            except (OSError, RuntimeError):  # the pool was shut down: the rest converts in-process
                break
            self._chunk_of.update((text, len(self._chunks)) for text in chunk)
            self._chunks.append((chunk, job))

    def __len__(self) -> int:
        """How many descriptions were handed to the pool."""
        return len(self._chunk_of) + len(self._ready)

    def take(self, text: str) -> str | None:
        """The HTML of `text` from the worker, each text once; None when it was not handed
        over, its chunk had not started (then cancelled: the caller converts it), failed,
        or was taken already. Waits for a chunk the worker is converting."""
        html = self._ready.pop(text, None)
        if html is not None:
            return html
        index = self._chunk_of.pop(text, None)
        if index is None:
            return None
        chunk, job = self._chunks[index]
        if job is None:
            return None
        self._chunks[index] = (chunk, None)
        if job.cancel():  # not started: converted here, not waited for
            return None
        try:
            made = job.result()
        except Exception:  # noqa: BLE001 - a failed or killed worker: converted here
            return None
        if len(made) != len(chunk):
            return None
        for other, other_html in zip(chunk, made):
            if self._chunk_of.pop(other, None) is not None:
                self._ready[other] = other_html
        return made[chunk.index(text)]

    def cancel(self) -> None:
        """Drop the chunks not started (a build that stops early)."""
        for _, job in self._chunks:
            if job is not None:
                job.cancel()
        self._chunks.clear()
        self._chunk_of.clear()
        self._ready.clear()


def step_descriptions(handbook: Handbook) -> Iterator[str | None]:
    """Every step's description, in the order the pages show them (procedures by
    department in `_org.yaml` order, render/pages.iter_pages)."""
    order = {did: i for i, did in enumerate(handbook.org.departments)}
    procedures = sorted(handbook.procedures.values(), key=lambda p: order.get(p.department, len(order)))
    for procedure in procedures:
        for step in procedure.steps:
            yield step.description
