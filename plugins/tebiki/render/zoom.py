"""The 「図を拡大」 file of a figure: its diagram alone, at its natural size, next to the page
(`full_size`); under `mkdocs build` made where it is written (`ZoomFile`, issue 13)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Callable

from ..diagrams.cache import SvgCache

_WIDTH = re.compile(r'^(<svg\b[^>]*?) width="100%"')
_MAX_WIDTH = re.compile(r'style="max-width: ([0-9.]+)pt;[^"]*"')


def full_size(svg: str, page: str = "index.html") -> str:
    """The diagram alone, at its natural size (the 「図を拡大」 file next to the page): a
    fixed width instead of the page's fluid one, step links back to the page."""
    natural = _MAX_WIDTH.search(svg)
    if natural:
        svg = _WIDTH.sub(rf'\1 width="{natural[1]}pt"', svg, count=1)
        svg = _MAX_WIDTH.sub("", svg, count=1)
    return svg.replace('href="#', f'href="{page}#')


class ZoomFile:
    """A 「図を拡大」 file to write, made where it is written (`text`): the diagram `key` read
    from the cache `folder`, its step links renamed to `anchor` (a hand-over pack; None: as
    drawn), at its natural size (`full_size`), its links leading back to the page file
    `back`. The same text as `full_size` of the figure's diagram as the page drew it: the
    page took that diagram from the cache, or put it there. Handed to the diagram worker
    (written_aside; issue 13: the build's main process neither holds nor writes these
    files); `redo`, kept in the build's process only, draws it there again when the cache
    lacks the entry (a cache that could not be written, an entry removed meanwhile)."""

    __slots__ = ("folder", "key", "anchor", "back", "redo")

    def __init__(self, folder: str, key: str, anchor: str | None, redo: Callable[[], str] | None,
                 back: str = "index.html") -> None:
        self.folder, self.key, self.anchor, self.back, self.redo = folder, key, anchor, back, redo

    def __getstate__(self) -> tuple[str, str, str | None, str]:
        return self.folder, self.key, self.anchor, self.back  # `redo` stays in the build's process

    def __setstate__(self, state: tuple[str, str, str | None, str]) -> None:
        self.folder, self.key, self.anchor, self.back = state
        self.redo = None

    def leading_back_to(self, back: str) -> "ZoomFile":
        return ZoomFile(self.folder, self.key, self.anchor, self.redo, back)

    def text(self) -> str:
        """The file's SVG; LookupError when the cache lacks the diagram and there is no `redo`."""
        svg = SvgCache(Path(self.folder)).get(self.key)
        if svg is None:
            if self.redo is None:
                raise LookupError(f"diagram {self.key} not in the cache")
            zoomed = self.redo()
        else:
            if self.anchor is not None:
                svg = svg.replace('href="#step-', f'href="#{self.anchor}')
            zoomed = full_size(svg)
        return zoomed if self.back == "index.html" else zoomed.replace('href="index.html#', f'href="{self.back}#')
