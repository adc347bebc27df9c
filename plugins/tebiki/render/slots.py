"""The page text and its HTML slots: how a generated page reaches the site engine.

A page is front matter, a Markdown `#` heading, `##` section headings (so the
table of contents and search sections work) and raw HTML blocks. The engine's
Markdown sees each HTML block only as an empty slot; the adapter puts the block
back into the rendered page (`fill_blocks`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable, Sequence

from markupsafe import Markup

from .safe import esc, md_inline, yaml_str


class Html(str):
    """A raw HTML block of a page (as opposed to a Markdown heading line)."""


@dataclass(frozen=True)
class PageText:
    """A page's source twice over.

    `markdown`: front matter, `#`/`##` headings and the HTML blocks inline
    (export, and what any Markdown engine can render).
    `site_markdown` + `blocks`: the same with each HTML block replaced by a slot
    `<div class="tebiki-block-slot" data-tebiki-block="N"></div>`; the plugin
    puts `blocks[N]` back into the rendered page (`fill_blocks`). MkDocs' Markdown
    then only parses headings, which is fast and keeps the YAML-derived HTML out
    of any Markdown or template extension the site enables.
    """

    site_markdown: str
    blocks: tuple[str, ...]

    @property
    def markdown(self) -> str:
        """Computed when asked for (export), not held: a large handbook's pages would
        otherwise be held twice while the site is built."""
        return _SLOT_LINE.sub(lambda m: self.blocks[int(m[1])], self.site_markdown)


_BLOCK_SLOT = re.compile(r'<div class="tebiki-block-slot" data-tebiki-block="(\d+)"></div>')
_SLOT_LINE = re.compile(_BLOCK_SLOT.pattern + "\n")  # a slot as `_slot` writes it


def _slot(n: int) -> str:
    return f'<div class="tebiki-block-slot" data-tebiki-block="{n}"></div>\n'


def fill_blocks(html: str, blocks: Sequence[str]) -> str:
    """Put the HTML blocks back into a page rendered from `site_markdown`.

    Python-Markdown passes the slot (a raw HTML block) through unchanged; some
    setups wrap it in `<p>`, which is removed with it."""
    def block(m: re.Match[str]) -> str:
        n = int(m[1])
        return blocks[n] if n < len(blocks) else ""

    html = re.sub(r"<p>\s*(" + _BLOCK_SLOT.pattern + r")\s*</p>", r"\1", html)
    return _BLOCK_SLOT.sub(block, html)


SEARCH_EXCLUDE = "exclude: true"
"""`search` front matter of a page kept out of the search index (editor pages, print packs)."""
SEARCH_BOOST = "boost: 4"
"""`search` front matter of a procedure page: its title and steps rank above pages that mention them."""


def front_matter(title: str | None, tags: Iterable[str] = (), search: str | None = None, *,
                 search_exclude: bool = False) -> str:
    # Material and MkDocs print meta values without escaping: store them escaped.
    lines = ["---"] + ([f"title: {yaml_str(esc(title))}"] if title is not None else [])
    tags = list(dict.fromkeys(tags))
    if tags:
        lines.append("tags:")
        lines.extend(f"  - {yaml_str(esc(t))}" for t in tags)
    if search_exclude:  # Material's search skips the page (its content is found on other pages)
        search = SEARCH_EXCLUDE
    if search:  # Material's search plugin: `search: {exclude: true}` / `{boost: N}`
        lines.append(f"search: {{{search}}}")
    if len(lines) == 1:
        return ""  # an empty `---` block is not front matter to MkDocs: it would show as text
    lines.append("---")
    return "\n".join(lines) + "\n\n"


def page_text(title: str, blocks: Iterable[str], tags: Iterable[str] = (), *, meta_title: bool = True,
              search: str | None = None, search_exclude: bool = False) -> PageText:
    """`meta_title=False` leaves the title to the heading: Material appends the site
    name to a meta title, which on a home page named after the site reads twice.
    `search`: SEARCH_EXCLUDE or SEARCH_BOOST (front matter for Material's search);
    `search_exclude` keeps the page out of the search index."""
    head = [front_matter(title if meta_title else None, tags, search, search_exclude=search_exclude),
            f"# {md_inline(title)}\n"]
    site, html = list(head), list[str]()
    for block in blocks:
        if not block:
            continue
        if isinstance(block, Html):
            site.append(_slot(len(html)))
            html.append(block)
        else:
            site.append(block)
    return PageText("\n".join(site), tuple(html))


def html_block(*chunks: Markup | str) -> Html:
    """A raw HTML block of Markup chunks (templates' output): starts at column 0 after a
    blank line, ends with one."""
    return Html("".join(chunks).strip() + "\n")


def h2(text: str) -> str:
    """A `##` section heading (Markdown: the text is made literal by `safe.md_inline`)."""
    return f"## {md_inline(text)}\n"
