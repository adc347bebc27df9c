"""Where pages live and how one page links to another: built site or Markdown files."""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from functools import lru_cache
from typing import Protocol
from urllib.parse import quote


@lru_cache(maxsize=1 << 16)  # every link to a page quotes its id again
def _seg(value: str) -> str:
    """An id as one path segment (ids are slugs; anything else is percent-quoted)."""
    return quote(value, safe="") or "_"


@dataclass(frozen=True)
class Urls:
    """Source paths (`src_uri`) of the generated pages; stable across builds.

    home `index.md` (or `handbook.md` when docs_dir has its own index),
    `departments/<id>/index.md`, `procedures/<id>.md`, `people/index.md`,
    `people/<id>.md`, `coverage.md`, `workload.md`, `problems.md`, `skills.md` (星取表),
    `handover/<person id>.md` (hand-over packs).
    """

    home: str = "index.md"

    def procedure(self, pid: str) -> str:
        return f"procedures/{_seg(pid)}.md"

    def department(self, did: str) -> str:
        return f"departments/{_seg(did)}/index.md"

    def person(self, pid: str) -> str:
        return f"people/{_seg(pid)}.md"

    def handover(self, pid: str) -> str:
        """A person's hand-over pack (引き継ぎ資料)."""
        return f"handover/{_seg(pid)}.md"

    people = "people/index.md"
    coverage = "coverage.md"
    workload = "workload.md"
    problems = "problems.md"
    skills = "skills.md"


@lru_cache(maxsize=1 << 16)  # a page links to the same pages as its neighbours, and from itself each time
def _site_url(src_uri: str, use_directory_urls: bool) -> str:
    """The URL MkDocs gives the page `src_uri`, relative to the site root."""
    stem = src_uri[:-3] if src_uri.endswith(".md") else src_uri
    if not use_directory_urls:
        return stem + ".html"
    if stem == "index":
        return ""
    if stem.endswith("/index"):
        return stem[: -len("index")]
    return stem + "/"


class Links(Protocol):
    def href(self, from_uri: str, to_uri: str) -> str: ...


@dataclass(frozen=True)
class SiteLinks:
    """Relative links between built pages, as MkDocs would write them."""

    use_directory_urls: bool = True

    def url(self, src_uri: str) -> str:
        return _site_url(src_uri, self.use_directory_urls)

    def href(self, from_uri: str, to_uri: str) -> str:
        # Up to the site root, then down: no relpath per link (a 1,000-procedure
        # handbook makes ~25,000 links).
        from_url, to_url = self.url(from_uri), self.url(to_uri)
        return "../" * from_url.count("/") + to_url or "./"


@dataclass(frozen=True)
class FileLinks:
    """Relative links between the Markdown files themselves (export)."""

    def href(self, from_uri: str, to_uri: str) -> str:
        return posixpath.relpath(to_uri, posixpath.dirname(from_uri) or ".")
