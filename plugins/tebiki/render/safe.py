"""Escaping and Markdown sanitising: every value from YAML goes through here.

Generated pages are Markdown that MkDocs renders again, so text from YAML must
survive two passes without turning into markup:

* Every value first goes through `display.display_safe`: control, bidi and
  other invisible format characters become visible escapes (`\x1b`, `\u202e`).
* `esc` for text inside the raw HTML blocks the pages are made of: `& < > " '`
  become entities, and so do `{ }` so template plugins (mkdocs-macros, Jinja
  in Markdown) never see a `{{` from YAML. Page modules never call it: the
  templates apply it to every value they print (`markup.py`).
* `md_inline` for text in a Markdown context (the page's `#` heading): `esc`
  plus every character Markdown or its extensions give meaning to becomes a
  numeric entity, which Markdown passes through as literal text.
* `DescriptionRenderer` renders a step description as Markdown, then cleans
  the HTML with nh3 (an allowlist of tags and attributes; links only http,
  https, mailto or relative), so raw HTML, `<script>`, event handlers and
  `javascript:` links are gone before the page is assembled. The result sits
  inside a raw HTML block, which Python-Markdown passes through untouched.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import os
import re
import tempfile
from pathlib import Path
from typing import Callable, Iterable
from urllib.parse import urlsplit

import markdown
import nh3

from ..display import display_safe
from ..limits import MAX_DESCRIPTION_CHARS, description_too_large

_ESC = str.maketrans(
    {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;", "{": "&#123;", "}": "&#125;"}
)
_HTML_SPECIAL = re.compile("[&<>\"'{}]")  # the keys of _ESC: most values have none to translate
# Markdown's own escapable characters plus those of common extensions (tilde, mark,
# caret, tables, emoji, arithmatex, critic, snippets) as numeric entities.
_MD_SPECIAL = "\\`*_[]()#+-.!|~^=:$%@/"
_MD = str.maketrans({**{ord(ch): f"&#{ord(ch)};" for ch in _MD_SPECIAL}, **_ESC})
_LINE_BREAKS = str.maketrans({"\r": " ", "\n": " ", "\u2028": " ", "\u2029": " ", "\x85": " "})

SAFE_SCHEMES = frozenset({"http", "https", "mailto"})

log = logging.getLogger(f"mkdocs.plugins.{__name__}")


def esc(value: object) -> str:
    """HTML-escape any value for element text or a double-quoted attribute; control, bidi and
    other invisible format characters are shown as visible escapes (display.display_safe)."""
    text = display_safe(value, keep_breaks=True)
    return text.translate(_ESC) if _HTML_SPECIAL.search(text) else text


def md_inline(value: object) -> str:
    """Text that stays literal text in a one-line Markdown context (a heading)."""
    return display_safe(str(value).translate(_LINE_BREAKS)).translate(_MD)


def yaml_str(value: str) -> str:
    """A YAML (JSON) double-quoted scalar for front matter, safe for PyYAML."""
    out = json.dumps(display_safe(value), ensure_ascii=False)
    if out.isprintable():  # nothing to write as a \u escape (most titles and tags)
        return out
    return "".join(ch if ch.isprintable() or ch in " " else f"\\u{ord(ch):04x}" for ch in out)


def safe_url(url: str | None) -> str | None:
    """The url if it is http(s), mailto or relative; None for anything else
    (`javascript:`, `data:`, obfuscated schemes with control characters or blanks)."""
    if not url:
        return None
    url = url.strip()
    if not url or any(ord(ch) < 0x21 or ch in "\x7f\\" for ch in url):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme:
        return url if parts.scheme.lower() in SAFE_SCHEMES else None
    # No scheme: a relative link, unless a colon before any / ? # hides one.
    head = re.split(r"[/?#]", url, maxsplit=1)[0]
    return None if ":" in head else url


_ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "code", "dd", "del", "div", "dl", "dt", "em",
    "h4", "h5", "h6", "hr", "i", "ins", "kbd", "li", "mark", "ol", "p", "pre", "s",
    "small", "span", "strong", "sub", "sup", "table", "tbody", "td", "tfoot", "th",
    "thead", "tr", "u", "ul",
}
_ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "code": {"class"},
    "ol": {"start"},
    "td": {"align", "colspan", "rowspan"},
    "th": {"align", "colspan", "rowspan"},
}
_HEADING = re.compile(r"<(/?)h([1-6])\b")
# Text without any Markdown syntax: paragraphs only (most descriptions), no parser needed.
# Linear on any input: `[ \t]*`, never `\s*`, after `^` (a `\s*` there would scan every
# following blank line again from each line start: quadratic in the number of lines).
_MARKUP = re.compile(r"[\\`*_\[\]<>#|!&~:]|^[ \t]*([-+]|\d+[.)])(?:[ \t]|$)|^ {4}|^\t|^[ \t]*=+[ \t]*$", re.M)
_PARAGRAPH_BREAK = re.compile(r"\n(?:[ \t\r\f\v]*\n)+")


# Japanese and Chinese text has no spaces between words: a line break inside a
# paragraph (a soft break) must not become the space HTML shows for it.
_CJK = "\u3000-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef"
_CJK_BREAK = re.compile(rf"(?<=[{_CJK}])[ \t]*\n[ \t]*(?=[{_CJK}])")
_PRE = re.compile(r"(<pre\b.*?</pre>)", re.S)


def join_cjk_lines(html: str) -> str:
    """Drop a line break between two CJK characters (outside `<pre>`): 「回収する。\n次に」
    reads 「回収する。次に」, not 「回収する。 次に」."""
    parts = _PRE.split(html)
    return "".join(part if i % 2 else _CJK_BREAK.sub("", part) for i, part in enumerate(parts))


class DescriptionRenderer:
    """Markdown descriptions to clean HTML with one reused Markdown instance.

    With `cache_file`, results persist between builds keyed by the text's hash
    (Python-Markdown is the slowest part of rendering 1,000 procedures);
    `save()` keeps only the entries this build used.
    """

    def __init__(self, cache_file: Path | None = None) -> None:
        self._md = markdown.Markdown(extensions=["tables", "fenced_code", "sane_lists", "def_list"])
        self._cache = HtmlCache(cache_file)
        self.ahead: Callable[[str], str | None] | None = None
        """Converted elsewhere (descriptions_ahead.DescriptionsAhead.take): a text's HTML, or None."""

    def to_convert(self, texts: Iterable[str | None]) -> list[str]:
        """The texts `render` would convert with Markdown (the cache lacks them), each once, in order."""
        return [t for t in dict.fromkeys(texts) if t and t.strip() and not description_too_large(t)
                and _MARKUP.search(t) and not self._cache.knows(t)]

    def render(self, text: str | None) -> str:
        if not text or not text.strip():
            return ""
        if description_too_large(text):  # over the limits: plain text, no Markdown (see limits.py)
            return join_cjk_lines(_plain(text[:MAX_DESCRIPTION_CHARS]))
        if not _MARKUP.search(text):
            return join_cjk_lines(_plain(text))
        return self._cache.get_or_make(text, self._made)

    def _made(self, text: str) -> str:
        html = self.ahead(text) if self.ahead is not None else None
        return self.convert(text) if html is None else html

    def convert(self, text: str) -> str:
        """Markdown text to clean HTML (no cache): the same in every process."""
        html = self._md.reset().convert(text)
        # Description headings sit below the step heading (h3): shift to h4..h6.
        html = _HEADING.sub(lambda m: f"<{m[1]}h{min(int(m[2]) + 3, 6)}", html)
        return join_cjk_lines(sanitize_html(html))

    def save(self) -> None:
        self._cache.save()


def _plain(text: str) -> str:
    """Paragraphs of escaped text, split at blank lines."""
    paragraphs = _PARAGRAPH_BREAK.split(text.strip())
    return "\n".join(f"<p>{esc(p.strip())}</p>" for p in paragraphs if p.strip())


class HtmlCache:
    """A JSON file of text-hash -> sanitised HTML. A missing, corrupt or stale file
    is simply rebuilt; writes go to a temporary file renamed into place.

    The file may have been committed or restored by anyone, so it is never trusted:
    it is opened without following a symlink and read up to MAX_BYTES, it is used only
    when its HMAC under the key kept outside the repository matches (cache_key.py),
    and every entry taken from it is cleaned by nh3 again before it reaches a page."""

    MAX_BYTES = 64 * 1024 * 1024

    VERSION = f"tebiki-descriptions-2/markdown-{markdown.__version__}/nh3-{getattr(nh3, '__version__', '?')}"

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self._known: dict[str, str] = self._load() if path else {}
        self._used: dict[str, str] = {}

    def _load(self) -> dict[str, str]:
        from ..handbook_files import UnsafeFile, read_bounded

        try:
            raw = read_bounded(self.path, self.MAX_BYTES, follow_symlinks=False)  # type: ignore[arg-type]
            if len(raw) > self.MAX_BYTES:
                return {}
            data = json.loads(raw.decode("utf-8"))
        except (OSError, UnsafeFile, ValueError, RecursionError):
            return {}
        if not isinstance(data, dict) or data.get("version") != self.VERSION or not isinstance(data.get("html"), dict):
            return {}
        if not isinstance(data.get("mac"), str) or not hmac.compare_digest(data["mac"], _mac(data["html"])):
            return {}  # not written by tebiki on this machine (committed, restored or edited): unused
        return {k: v for k, v in data["html"].items() if isinstance(k, str) and isinstance(v, str)}

    def knows(self, text: str) -> bool:
        """Whether the file (or this build) has the HTML of `text`."""
        key = hashlib.sha256(text.encode("utf-8")).hexdigest()
        return key in self._used or key in self._known

    def get_or_make(self, text: str, make: Callable[[str], str]) -> str:
        key = hashlib.sha256(text.encode("utf-8")).hexdigest()
        done = self._used.get(key)
        if done is not None:  # the same text again in this build (a hand-over pack repeats each step)
            return done
        cached = self._known.get(key)
        html = make(text) if cached is None else sanitize_html(cached)
        self._used[key] = html
        return html

    def save(self) -> None:
        if self.path is None or self._used == self._known:
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd, temp = tempfile.mkstemp(dir=self.path.parent, prefix=".descriptions-", suffix=".tmp")
            with os.fdopen(fd, "w", encoding="utf-8") as out:
                json.dump({"version": self.VERSION, "mac": _mac(self._used), "html": self._used}, out,
                          ensure_ascii=False)
            os.replace(temp, self.path)
        except OSError as error:
            log.info("tebiki: cannot write the description cache %s: %s", self.path, error)
        self._known = dict(self._used)


def _mac(entries: object) -> str:
    """HMAC-SHA-256 of the entries under the cache key kept outside the repository (cache_key.py)."""
    from ..cache_key import cache_key

    content = json.dumps(entries, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hmac.new(cache_key(), content.encode("utf-8", "surrogatepass"), hashlib.sha256).hexdigest()


def sanitize_html(html: str) -> str:
    """nh3 allowlist cleaning, then `{ }` as entities and control or bidi characters as
    visible escapes (see module docstring)."""
    cleaned = nh3.clean(
        html,
        tags=_ALLOWED_TAGS,
        attributes=_ALLOWED_ATTRIBUTES,
        url_schemes=set(SAFE_SCHEMES),
        link_rel="noopener noreferrer",
        strip_comments=True,
    )
    return display_safe(cleaned, keep_breaks=True).replace("{", "&#123;").replace("}", "&#125;")
