"""Text from handbook files made safe for every human or log channel.

A name, title or file name comes from a pull request anyone may open. Printed
raw, a newline forges a new log line (a GitHub `::error` command), an ESC
sequence drives the terminal, a bidi override reorders what a reviewer reads,
and a line separator (U+2028, U+0085, a lone CR) splits one line into two.
`display_safe` shows every such character as a visible escape instead:

    display_safe("佐藤\\n::error::x")  -> '佐藤\\\\n::error::x'   (one line, `\\n` visible)

Escaped: control characters (Unicode Cc, including TAB, CR, LF, ESC, NUL,
U+0085), format characters (Cf: bidi embeddings, overrides and isolates,
zero-width characters, BOM), line and paragraph separators (Zl, Zp) and lone
surrogates (Cs, which no encoder can write), and the noncharacters U+FFFE and
U+FFFF (which XML forbids). Everything else is kept. With `keep_breaks=True`
newline and tab stay as they are (text that may span lines: HTML, SVG).
`github_data`/`github_property` add GitHub's workflow-command escapes on top.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from functools import lru_cache

_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
_UNSAFE_CATEGORIES = frozenset({"Cc", "Cf", "Zl", "Zp", "Cs"})


@lru_cache(maxsize=1)
def unsafe_characters() -> re.Pattern[str]:
    """One character class of every unsafe code point (built once, about 0.1 s)."""
    ranges: list[str] = []
    start = previous = -2
    for cp in range(sys.maxunicode + 1):
        if unicodedata.category(chr(cp)) not in _UNSAFE_CATEGORIES:
            continue
        if cp != previous + 1:
            if start >= 0:
                ranges.append(_range(start, previous))
            start = cp
        previous = cp
    ranges.append(_range(start, previous))
    ranges.append(_range(0xFFFE, 0xFFFF))
    return re.compile("[" + "".join(ranges) + "]")


def _range(first: int, last: int) -> str:
    return f"\\U{first:08x}" if first == last else f"\\U{first:08x}-\\U{last:08x}"


def _visible(match: re.Match[str]) -> str:
    ch = match.group()
    if ch in _NAMED:
        return _NAMED[ch]
    code = ord(ch)
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


def _visible_but_breaks(match: re.Match[str]) -> str:
    ch = match.group()
    return ch if ch in "\n\t" else _visible(match)


def display_safe(value: object, *, keep_breaks: bool = False) -> str:
    """`value` as one line of text that cannot drive a terminal, forge a log line or reorder itself
    (with keep_breaks, newlines and tabs are kept: text for HTML or SVG, where they are spaces)."""
    text = str(value)
    if text.isprintable():  # the common case: str.isprintable is False for every unsafe character
        return text  # (Cc, Cf, Zl, Zp, Cs, U+FFFE, U+FFFF; tests/test_display.py checks every code point)
    return unsafe_characters().sub(_visible_but_breaks if keep_breaks else _visible, text)


def display_lines(text: str) -> str:
    """A multi-line report with each line display-safe (its LFs kept, nothing else raw)."""
    return "\n".join(display_safe(line) for line in text.split("\n"))


def github_data(value: object) -> str:
    """The message part of a workflow command (after `::`), per GitHub's rules: `%`, CR
    and LF as `%25`, `%0D`, `%0A` (the annotation shows the line breaks), ESC dropped,
    every other unsafe character display-safe, and `::` broken up (`: :`), so no text
    can end the command or start another one."""
    text = _github_escape(value)
    while "::" in text:
        text = text.replace("::", ": :")
    return text


def github_property(value: object) -> str:
    """A property value (`file=…`, `title=…`): as `github_data`, plus `:` and `,` escaped."""
    return _github_escape(value).replace(":", "%3A").replace(",", "%2C")


def _github_escape(value: object) -> str:
    text = str(value).replace("\x1b", "").replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return display_safe(text)
