"""The search documents of one generated page, written by tebiki at build time instead
of by the search plugin's HTML parser (24% of a cold 990-procedure build's CPU).

    page_documents(html, url, title, toc_ids, tags=..., boost=...) -> [{location, title, text, tags?, boost?}]

The documents are those Material for MkDocs' search plugin writes
(`material/plugins/search/plugin.py`, `SearchIndex.add_entry_from_context`), for
the HTML tebiki generates: one per heading with an `id` (the first, the page's
`#` heading, at the page's own URL; the others at `url#id`, or at the table of
contents' URL for that id), its title the heading's text without the permalink,
its text what follows up to the next heading, keeping only `p, code, pre, li,
ol, ul, sub, sup` as bare tags (other tags dropped, text escaped `& < >`, white
space collapsed to one space, empty kept elements dropped). A heading inside a
list item (a step) ends with its item: what follows goes back to the section
around it. Elements marked `data-search-exclude` (the card, editor boxes) and
`script`, `style`, `object` are left out with their content.

One pass of one regular expression over the page, instead of Python's HTMLParser
with a call per tag and attribute: a pure function of the page's HTML, so a
rebuild can keep the documents of a page that did not change.
tests/test_search_documents.py checks the documents equal Material's on every page
of the sample handbook. Pure: no MkDocs import.
"""

from __future__ import annotations

import re
from html import escape, unescape
from typing import Any, Mapping, Sequence

KEEP = frozenset({"p", "code", "pre", "li", "ol", "ul", "sub", "sup"})
SKIP = frozenset({"script", "style", "object"})
HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
                  "source", "track", "wbr"})

_TOKEN = re.compile(r"<(/?)([a-zA-Z][^\s/>]*)([^>]*)>|<!--.*?-->|<![^>]*>|<\?[^>]*>|([^<]+|<)", re.S)
_ID = re.compile(r"""(?:^|\s)id\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""")
_CLASS = re.compile(r"""(?:^|\s)class\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""")


_LEFT = 1 << 30  # depth of a section that was left: never returned to


class _Section:
    __slots__ = ("tag", "depth", "title", "text", "id", "excluded")

    def __init__(self, tag: str, depth: int, excluded: bool = False) -> None:
        self.tag = tag  # its heading's tag ("hx": the part before any heading)
        self.depth = depth  # open elements at its heading
        self.title: list[str] = []
        self.text: list[str] = []
        self.id: str | None = None
        self.excluded = excluded


def _attr_id(attrs: str) -> str | None:
    m = _ID.search(attrs)
    if m is None:
        return None
    return unescape(next(g for g in m.groups() if g is not None))


def _class_is(attrs: str, name: str) -> bool:
    """The element's class attribute is exactly `name` (as Material compares it)."""
    if name not in attrs and "&" not in attrs:  # without `&` the value is as written: it would hold `name`
        return False
    m = _CLASS.search(attrs) if "class" in attrs else None
    return m is not None and unescape(next(g for g in m.groups() if g is not None)) == name


def _escape_text(text: str) -> str:
    """`html.escape(text, quote=False)`, without its three copies when there is nothing to escape."""
    return escape(text, quote=False) if "&" in text or "<" in text or ">" in text else text


def page_sections(html: str) -> list[tuple[str | None, str, str]]:
    """(heading id, None for the first section; title HTML; text HTML) of each section
    not excluded, in page order: Material's `Parser`, then its join and strip. Material's
    quirks are kept (an element is matched by its tag name, the first empty kept element
    decides), so the documents stay what its plugin would write."""
    stack: list[str] = []  # tags of the open elements
    permalinks: list[bool] = []  # per open element: an `a class="headerlink"`
    skip = set(SKIP)  # tags whose open elements hide their content
    sections: list[_Section] = []
    section: _Section | None = None

    for end, tag, attrs, data in _TOKEN.findall(html):
        if not tag:
            if not data or not skip.isdisjoint(stack):  # (skip always holds SKIP)
                continue
            if "&" in data:
                data = unescape(data)
            if "pre" not in stack:
                data = data.replace("\n", " ") if not data.isspace() else " "
            if section is None:
                section = _Section("hx", 0)
                sections.append(section)
            if section.tag in stack:
                if not any(permalinks):
                    section.title.append(_escape_text(data))
            elif data.isspace():
                if not section.text or not section.text[-1].isspace() or "pre" in stack:
                    section.text.append(data)
            else:
                section.text.append(_escape_text(data))
            continue
        tag = tag.lower()
        if not end:  # a start tag
            if tag in VOID:
                continue
            closed = attrs.endswith("/")  # `<tag/>`: HTMLParser opens and closes it
            stack.append(tag)
            permalinks.append(tag == "a" and _class_is(attrs, "headerlink"))
            if tag in HEADINGS and "id" in attrs:
                heading_id = _attr_id(attrs)
                if heading_id is not None:
                    depth = len(stack)
                    if tag != "h1" and not sections:
                        sections.append(_Section("hx", depth))
                    section = _Section(tag, depth, "data-search-exclude" in attrs)
                    if sections:
                        section.id = heading_id
                    sections.append(section)
            if section is None:
                section = _Section("hx", 0)
                sections.append(section)
            if "data-search-exclude" in attrs or _class_is(attrs, "linenodiv"):
                skip.add(tag)
                if not closed:
                    continue
            elif tag in KEEP and skip.isdisjoint(stack):
                (section.title if section.tag in stack else section.text).append(f"<{tag}>")
            if not closed:
                continue
        # an end tag (or the end of `<tag/>`)
        if not stack or stack[-1] != tag:
            continue
        assert section is not None  # an element is open, so a section was started
        if section.depth > len(stack):
            for earlier in reversed(sections):
                if earlier.depth <= len(stack):
                    section.depth = _LEFT
                    section = earlier
                    break
        stack.pop()
        permalinks.pop()
        if tag in skip:
            if tag not in SKIP:
                skip.discard(tag)
            continue
        if tag in KEEP and skip.isdisjoint(stack):
            out = section.title if section.tag in stack else section.text
            opened = f"<{tag}>"
            start = out.index(opened) if opened in out else len(out)
            if all(part.isspace() for part in out[start + 1:]):
                del out[start:]
            else:
                out.append(f"</{tag}>")
    return [(s.id, "".join(s.title).strip(), "".join(s.text).strip()) for s in sections if not s.excluded]


def page_documents(html: str, url: str, title: str, toc_urls: Mapping[str, str] | None = None, *,
                   tags: Sequence[str] | None = None, boost: Any = None) -> list[dict[str, Any]]:
    """The page's search documents, as Material's search plugin writes them.

    `url`: the page's URL (`procedures/acc-expense/`); `title`: the page title, for a
    section whose heading has no text; `toc_urls`: heading id -> its URL in the table
    of contents (`#step-submit`), used when the id is there; `tags` and `boost` are
    copied into every document when given (Material's `tags` and `search.boost` front matter)."""
    docs: list[dict[str, Any]] = []
    toc_urls = toc_urls or {}
    for heading_id, section_title, text in page_sections(html):
        location = url
        if heading_id:
            location = url + toc_urls.get(heading_id, "#" + heading_id)
        doc: dict[str, Any] = {"location": location, "title": section_title or title, "text": text}
        if tags is not None:
            doc["tags"] = list(tags)
        if boost is not None:
            doc["boost"] = boost
        docs.append(doc)
    return docs
