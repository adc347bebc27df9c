"""A handbook page's Markdown without Python-Markdown: the same HTML and table of contents.

A generated page reaches MkDocs as front matter, `#`/`##` headings whose text is
literal (`render.safe.md_inline`: every character Markdown gives meaning to is an
entity) and HTML slots (`render.slots`). Python-Markdown spends ~2 ms a page on that
(a fresh Markdown instance, an HTML parser over the slots, twenty inline patterns per
heading): 15% of a warm build of 990 procedures. `SkeletonRenderer.render` writes what
Python-Markdown and its `toc` extension write for such a page: `<hN id="slug">text</hN>`
(+ the permalink the user configured), each slot as it is, the toc tokens, the anchors.

It is used only where the result is the same by construction, else the page goes to
Python-Markdown as before:
- the site's Markdown extensions are all in SAFE_EXTENSIONS (each changes nothing in
  such a page: tests/test_skeleton.py renders pages both ways with each of them);
- the `toc` options are ones reproduced here (slugify, separator, permalink and its
  title and class, toc_depth); anchorlink, permalink_leading or baselevel: Markdown;
- the page is only headings of plain text and slots, each block after a blank line;
  anything else (another plugin's on_page_markdown added text, a heading with a tab or
  a character md_inline would have escaped): Markdown.
"""

from __future__ import annotations

import functools
import html
import logging
import re
from dataclasses import dataclass
from typing import Any, Callable

from markdown.extensions.toc import TocExtension, TocTreeprocessor, nest_toc_tokens, unique
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import TableOfContents, get_toc

SAFE_EXTENSIONS = frozenset({
    "toc", "tables", "fenced_code", "admonition", "attr_list", "def_list", "footnotes", "md_in_html",
    "sane_lists", "pymdownx.details", "pymdownx.superfences", "pymdownx.highlight", "pymdownx.inlinehilite",
    "pymdownx.tabbed", "pymdownx.emoji", "pymdownx.mark", "pymdownx.tilde", "pymdownx.caret", "pymdownx.keys",
    "pymdownx.betterem",
})
"""Extensions that leave a page of literal headings and HTML slots as plain Markdown does."""

_SLOT_LINE = re.compile(r'<div class="tebiki-block-slot" data-tebiki-block="\d+"></div>')
_HEADING = re.compile(r"(#{1,6})(?: (.*))?")
_ENTITY = re.compile(r"&(?:#[0-9]+|amp|lt|gt|quot);")
_LITERAL = re.compile(r"[^\s<>&\\`*_\[\]()#+.!|~^=:$%@/{}\"']")  # what md_inline leaves as it is
_SPACES = frozenset(" \u00a0\u3000\u202f\u205f" + "".join(map(chr, range(0x2000, 0x200b))))
"""Blanks Python-Markdown keeps as written in a heading (tabs it expands: not here)."""
_PLAIN_ATTRIBUTE = re.compile(r"[^&<>\"'\s]*( [^&<>\"'\s]+)*")


@dataclass
class Rendered:
    """What `Page.render` sets: the page's HTML, its table of contents, the title of a
    leading `#` heading, the anchors it holds and the links to them (permalinks)."""

    content: str
    toc: TableOfContents
    title: str | None
    anchors: set[str]
    links_to_anchors: dict[str, str]


def _name(extension: object) -> str:
    name = extension if isinstance(extension, str) else ""
    return name.removeprefix("markdown.extensions.")


class SkeletonRenderer:
    """Renders handbook pages as the site's Python-Markdown would; `of` is None when the
    site's Markdown configuration is not one it reproduces."""

    def __init__(self, toc: TocTreeprocessor) -> None:
        self.slugify: Callable[[str, str], str] = toc.slugify
        self.separator: str = toc.sep
        self.permalink: str | None = None
        if toc.use_permalinks not in (False, None):
            text = "&para;" if toc.use_permalinks is True else str(toc.use_permalinks)
            title = f' title="{toc.permalink_title}"' if toc.permalink_title else ""
            self.permalink = f'<a class="{toc.permalink_class}" href="#{{id}}"{title}>{text}</a>'
        self.top, self.bottom = toc.toc_top, toc.toc_bottom

    @classmethod
    def of(cls, config: MkDocsConfig) -> "SkeletonRenderer | None":
        extensions = config.markdown_extensions or []
        if any(_name(e) not in SAFE_EXTENSIONS for e in extensions) or "toc" not in map(_name, extensions):
            return None
        configs: dict[str, Any] = dict((config.mdx_configs or {}).get("toc") or {})
        try:
            toc = TocTreeprocessor(None, TocExtension(**configs).getConfigs())  # type: ignore[arg-type]
        except (KeyError, TypeError, ValueError):
            return None
        plain = (toc.use_permalinks in (False, None, True) or _PLAIN_ATTRIBUTE.fullmatch(str(toc.use_permalinks)))
        if (toc.use_anchors or toc.permalink_leading or toc.base_level != 0 or not plain
                or not _PLAIN_ATTRIBUTE.fullmatch(toc.permalink_title or "")
                or not _PLAIN_ATTRIBUTE.fullmatch(toc.permalink_class or "")):
            return None
        return cls(toc)

    def render(self, markdown: str, file: File) -> Rendered | None:
        """`markdown` (a page body, front matter removed) as Python-Markdown renders it, or
        None when it is not only literal headings and slots (it then goes to Markdown)."""
        parts: list[str] = []
        tokens: list[dict[str, Any]] = []
        used: set[str] = set()
        counters: dict[str, int] = {}
        links: dict[str, str] = {}
        title: str | None = None
        blank = True
        for line in markdown.split("\n"):
            if not line:
                blank = True
                continue
            if not blank:
                return None  # two lines in one block: Markdown would read them together
            blank = False
            if _SLOT_LINE.fullmatch(line):
                parts.append(line + "\n")
                continue
            heading = _HEADING.fullmatch(line)
            if heading is None:
                return None
            text = (heading[2] or "").strip()  # as Python-Markdown's ATX headings
            if any(ch not in _SPACES for ch in _LITERAL.sub("", _ENTITY.sub("", text))):
                return None
            name = " ".join(text.split())  # toc.strip_tags: the text with its blanks collapsed
            level = len(heading[1])
            slug = unique(self.slugify(html.unescape(name), self.separator), used, counters)
            if not _PLAIN_ATTRIBUTE.fullmatch(slug) or " " in slug:
                return None
            if not parts and level == 1:
                title = name
            permalink = ""
            if self.permalink is not None:
                permalink = self.permalink.replace("{id}", slug)
                links.setdefault(slug, "#" + slug)
            parts.append(f'<h{level} id="{slug}">{text}{permalink}</h{level}>')
            if self.top <= level <= self.bottom:
                tokens.append({"level": level, "id": slug, "name": name, "html": text, "data-toc-label": ""})
        toc = get_toc(nest_toc_tokens(tokens))  # type: ignore[arg-type]  # the dicts toc.py makes
        return Rendered("\n".join(parts).strip(), toc, title, used, links)


_PAGES_LOG = logging.getLogger("mkdocs.structure.pages")


def render_page(page: Page, config: MkDocsConfig, files: Files, renderer: SkeletonRenderer) -> None:
    """`Page.render` for a handbook page: the skeleton renderer, else Python-Markdown."""
    rendered = renderer.render(page.markdown, page.file) if page.markdown is not None else None
    if rendered is None:
        Page.render(page, config, files)
        return
    page.content = rendered.content
    page.toc = rendered.toc
    page._title_from_render = rendered.title
    page.present_anchor_ids = rendered.anchors
    if _PAGES_LOG.getEffectiveLevel() > logging.DEBUG:  # as Page.render: only when anchors are validated
        page.links_to_anchors = {page.file: rendered.links_to_anchors} if rendered.links_to_anchors else {}


def use_skeleton(page: Page, renderer: SkeletonRenderer) -> None:
    """Make `page` render through `renderer` (MkDocs calls `page.render(config, files)`)."""
    page.render = functools.partial(render_page, page, renderer=renderer)  # type: ignore[method-assign]
