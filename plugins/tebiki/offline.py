"""Does a built page make the browser reach a host outside the site?

Looks at what a page loads by itself (stylesheets, scripts, images, frames, fonts,
preconnects), not at links a reader may click (`<a href>`, canonical and alternate
`<link>`s). Source of the rule: the spec, "The site": no page refers to anything
outside the site (no web fonts, no CDN), 404.html included.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit

# Possessive: the attributes of a tag split one way only (runs of plain characters, quoted
# values), so this finds exactly the tags the backtracking form would, in a third of the time.
_TAG = re.compile(r"<([a-zA-Z][a-zA-Z0-9-]*)((?:[^>\"']++|\"[^\"]*+\"|'[^']*+')*+)>")
_ATTR = re.compile(r"""(?:^|\s)([a-zA-Z:-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""")
_STYLE_BLOCK = re.compile(r"<style\b[^>]*>(.*?)</style>", re.S | re.I)
_CSS_URL = re.compile(r"""(?:url\(|@import)\s*['"]?\s*((?:[a-zA-Z][a-zA-Z0-9+.-]*:)?//[^'")\s;]+)""")
_LOADING_ATTRS = {"src", "href", "srcset", "data", "poster", "background", "xlink:href"}
_NOT_FETCHED_LINKS = {"canonical", "alternate", "author", "license", "me", "help", "search", "next", "prev"}


def external_urls(html: str) -> list[str]:
    """Absolute URLs (`http://…`, `https://…`, `//…`) the page loads by itself."""
    found: list[str] = []
    for tag, attrs_text in _TAG.findall(html):
        if "//" not in attrs_text:  # every absolute URL (http://, https://, //, url(//…)) has it
            continue
        tag = tag.lower()
        if tag == "a":
            continue
        attrs = {m[0].lower(): m[1] or m[2] or m[3] for m in _ATTR.findall(attrs_text)}
        if tag == "link" and set(attrs.get("rel", "").lower().split()) & _NOT_FETCHED_LINKS:
            continue
        for name, value in attrs.items():
            if name in _LOADING_ATTRS:
                candidates = [part.split()[0] for part in value.split(",") if part.strip()] if name == "srcset" else [value]
                found += [url.strip() for url in candidates if _is_absolute(url)]
            elif name == "style":
                found += _CSS_URL.findall(value)
    for css in _STYLE_BLOCK.findall(html):
        found += _CSS_URL.findall(css)
    return found


def _is_absolute(url: str) -> bool:
    url = url.strip().lower()
    return url.startswith(("http://", "https://", "//"))


def host_of(url: str) -> str:
    try:
        return (urlsplit(url if "://" in url or not url.startswith("//") else "http:" + url).hostname or "").lower()
    except ValueError:
        return ""


@dataclass
class ExternalHosts:
    """Hosts outside the site, each with the pages (output paths) that refer to it."""

    site_hosts: frozenset[str] = frozenset()
    pages: dict[str, list[str]] = field(default_factory=dict)

    def scan(self, html: str, page: str) -> None:
        self.note(external_urls(html), page)

    def note(self, urls: list[str], page: str) -> None:
        """The `external_urls` of a page, already found."""
        for url in urls:
            host = host_of(url)
            if host and host not in self.site_hosts:
                where = self.pages.setdefault(host, [])
                if page not in where:
                    where.append(page)
