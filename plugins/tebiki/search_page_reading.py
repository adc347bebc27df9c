"""A page's title reading written into the page itself, for a site engine whose search
tebiki does not run: Zensical (`tebiki render --engine zensical`).

Under MkDocs and ProperDocs the reading goes into the search index (search_index.py)
and tebiki's search worker matches kana queries against it. Zensical builds its own
index from the page HTML and runs its own search, which reads full-width and
half-width forms alike (NFKD) but knows no readings: `ｹｲﾋｾｲｻﾝ` found nothing. So the
page carries its title's reading, in hiragana and in katakana, in a paragraph with
the `hidden` attribute (not shown, not read aloud, not printed) at the end of its
first section: Zensical indexes it with the page's own text, so `ｹｲﾋｾｲｻﾝ`, `ケイヒ` and
`けいひ` find 経費精算 there too, offline. Pure: no engine import.
"""

from __future__ import annotations

import re

from markupsafe import escape

from .render.context import RenderedPage
from .render.slots import SEARCH_EXCLUDE, fill_blocks

READING_CLASS = "tebiki-reading"
_FIRST_SECTION_END = re.compile(r"^## ", re.M)


def katakana(hiragana: str) -> str:
    """けいひせいさん -> ケイヒセイサン."""
    return "".join(chr(ord(c) + 0x60) if "\u3041" <= c <= "\u3096" else c for c in hiragana)


def reading_paragraph(reading: str) -> str:
    """The hidden paragraph holding `reading` (hiragana) and its katakana form."""
    return f'<p class="{READING_CLASS}" hidden>{escape(reading)} {escape(katakana(reading))}</p>\n'


def searchable(page: RenderedPage) -> bool:
    """The page is in the search index (not the problems page or a hand-over pack)."""
    head = page.text.site_markdown.split("\n# ", 1)[0]
    return f"search: {{{SEARCH_EXCLUDE}}}" not in head


def with_reading(page: RenderedPage, reading: str) -> str:
    """The page's Markdown with its title reading before its first `##` section (at the
    end when it has none); the Markdown unchanged without a reading or for a page kept
    out of search. The headings are found where the HTML blocks are still slots, so a
    `## ` inside a block is never taken for one."""
    if not reading or not searchable(page):
        return page.markdown
    site = page.text.site_markdown
    at = _FIRST_SECTION_END.search(site, site.find("\n# ") + 1 if "\n# " in site else 0)
    cut = at.start() if at else len(site)
    paragraph = reading_paragraph(reading)
    site = site[:cut] + paragraph + "\n" + site[cut:] if at else site.rstrip("\n") + "\n\n" + paragraph
    return fill_blocks(site, page.text.blocks)
