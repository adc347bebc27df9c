"""tebiki's own pages in Material's search index, written by tebiki (search_documents.py)
instead of the search plugin's HTML parser.

Material's search plugin indexes a page in its `on_page_context` unless the page's
`search.exclude` is set (its documented exclusion); its index is the list
`SearchIndex.entries` it writes to `search/search_index.json` after the build. For
each generated page, just before the plugin's own hook, tebiki appends the page's
documents to that list and sets `search.exclude` on the page (in `page.meta`, for this
build only: the page's front matter, which `tebiki render` and Zensical read, is not
changed). The documents land where Material's would, in page order, and its
`mkdocs serve --dirty` merging keeps working.

tebiki does nothing, and Material indexes the page, when the site has no Material
search plugin, when it is disabled, when its index is not the list described above
(another version), or when it segments Chinese with jieba (tebiki does not).
"""

from __future__ import annotations

import sys
from typing import Any, Iterable

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.pages import Page

from ...search_aside import DocumentsAside

SEARCH_PLUGINS = ("material/search", "search")


class PageSearch:
    """Writes the search documents of generated pages into Material's index."""

    def __init__(self, entries: list[dict[str, Any]], index: Any = None) -> None:
        self.entries = entries
        self.aside = DocumentsAside()  # `mkdocs build`: made by the diagram worker (search_aside.py)
        self.index = index  # the plugin's SearchIndex, whose `entries` is `entries`

    @classmethod
    def of(cls, config: MkDocsConfig) -> "PageSearch | None":
        """The site's Material search index, when tebiki can write into it (see the module docstring)."""
        for name in SEARCH_PLUGINS:
            plugin = config.plugins.get(name)
            if plugin is None or type(plugin).__module__ != "material.plugins.search.plugin":
                continue
            module = sys.modules.get(type(plugin).__module__)
            if not plugin.config.get("enabled", True) or getattr(module, "jieba", None) is not None:
                return None
            entries = getattr(getattr(plugin, "search_index", None), "entries", None)
            return cls(entries, plugin.search_index) if isinstance(entries, list) else None
        return None

    def add(self, page: Page) -> None:
        """Index `page` (its final HTML, before Material's hook) and keep Material from indexing it;
        a page excluded from search (`search.exclude`) is left alone."""
        search = page.meta.get("search") or {}
        if not isinstance(search, dict):
            return
        if search.get("exclude"):
            return
        tags = page.meta.get("tags")
        self.aside.add(self.entries, (
            page.content or "", page.url, str(page.meta.get("title", page.title)), toc_urls(page.toc),
            [str(t) for t in tags if t and isinstance(t, (str, int, float, bool))] if isinstance(tags, list) else None,
            search["boost"] if "boost" in search else None))
        page.meta["search"] = {**search, "exclude": True}

    def settle(self) -> None:
        """Before the search plugin writes the index (on_post_build): every page's documents in place."""
        self.aside.settle(self.entries)

    def hold(self) -> None:
        """`mkdocs build`, before the search plugin writes its index: it is handed an empty
        list of documents (it writes only its `config`), `entries` keeps them for tebiki
        to write (search_index.rewrite_site_index)."""
        if self.index is not None and getattr(self.index, "entries", None) is self.entries:
            self.index.entries = []

    def release(self) -> None:
        """After the search plugin wrote the index (on_post_build): its entries are not
        needed any more by `mkdocs build` (`mkdocs serve --dirty` merges them into the
        next build's index: not released there)."""
        self.entries.clear()


def toc_urls(toc: Iterable[Any]) -> dict[str, str]:
    """Heading id -> its URL in the table of contents (`#step-submit`), first one kept."""
    out: dict[str, str] = {}
    todo = list(toc)[::-1]
    while todo:
        item = todo.pop()
        if getattr(item, "id", None) is not None:
            out.setdefault(item.id, item.url)
        todo.extend(list(getattr(item, "children", []) or [])[::-1])
    return out
