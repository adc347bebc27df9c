"""Handbook pages' HTML held compressed from when tebiki makes them until MkDocs writes them.

The page builders' HTML blocks (render/slots.py) are kept compressed from `on_files`
until the page's turn in `on_page_content` (`keep_blocks`, `blocks`). MkDocs renders
every page (`on_page_content`) before it writes any (`on_page_context`, the theme
template, `on_post_page`), so every page's HTML is in memory at once: at 10,000
procedures about half a GB of Python strings, most of it hand-over packs. Between the
two passes a handbook page's HTML is kept zlib-compressed (about a tenth of its size;
~10 ms per MB each way), put back when the page is about to be written (`unpack`),
and let go once it is written (`release`). Other plugins see the page's HTML as
before: their `on_page_content` run before it is packed, their `on_page_context`
after it is back.

Under `mkdocs serve` (`compressed=False`) the page memo and the rebuilds keep every
page whole for the next build anyway: the blocks are kept as they are and the page's
HTML is left on the page, as MkDocs does (no time spent compressing).
"""

from __future__ import annotations

import zlib

from mkdocs.structure.pages import Page


class PackedPages:
    """The HTML of the handbook pages made and not yet written, by src_uri."""

    def __init__(self, compressed: bool = True) -> None:
        self.compressed = compressed
        self._packed: dict[str, bytes] = {}
        self._blocks: dict[str, tuple[bytes, tuple[int, ...]]] = {}
        self._whole: dict[str, tuple[str, ...]] = {}  # blocks not compressed (`mkdocs serve`)

    def keep_blocks(self, src_uri: str, blocks: tuple[str, ...]) -> None:
        """Keep a page's HTML blocks (compressed) until `blocks` takes them."""
        if self.compressed:
            self._blocks[src_uri] = (zlib.compress("".join(blocks).encode("utf-8"), 1), tuple(map(len, blocks)))
        else:
            self._whole[src_uri] = blocks

    def blocks(self, src_uri: str) -> tuple[str, ...] | None:
        """The page's blocks as kept (None: not a handbook page, or already taken)."""
        kept = self._blocks.pop(src_uri, None)
        if kept is None:
            return self._whole.pop(src_uri, None)
        text = zlib.decompress(kept[0]).decode("utf-8")
        out, start = [], 0
        for length in kept[1]:
            out.append(text[start:start + length])
            start += length
        return tuple(out)

    def pack(self, html: str, page: Page) -> str | None:
        """Keep `html` compressed; the page holds "" until `unpack` (None: not compressing)."""
        if not self.compressed:
            return None
        self._packed[page.file.src_uri] = zlib.compress(html.encode("utf-8"), 1)
        return ""

    def unpack(self, page: Page) -> None:
        """Put the page's HTML back (nothing for a page that was not packed)."""
        packed = self._packed.pop(page.file.src_uri, None)
        if packed is not None:
            page.content = zlib.decompress(packed).decode("utf-8")

    def release(self, page: Page) -> None:
        """A written page's HTML is not needed any more (its search entries are taken)."""
        if self.compressed:
            page.content = ""

    def drop(self, src_uri: str) -> None:
        """Let go of a page's HTML written by another process (adapters/mkdocs/split.py)."""
        self._packed.pop(src_uri, None)

    def __len__(self) -> int:
        return len(self._packed) + len(self._blocks) + len(self._whole)
