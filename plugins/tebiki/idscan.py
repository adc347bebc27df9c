"""The id of a procedure file that is not YAML (a syntax slip, a Shift_JIS save), read from
its raw text, so that one broken file does not cascade (spec rule 8: a problem removes only
what it touches): references to the id and its inventory entry stay known.

    recover_id(b"id: ga-purchase\\nowner\\uff1amori\\n") -> "ga-purchase"

Only one top-level line `id: <id>` counts (no indentation, an ASCII colon, the id in
the spec's form, optionally quoted, optionally followed by a comment). None when there
is no such line or more than one. The scan is one pass over at most the file size limit.
"""

from __future__ import annotations

from .lazy_patterns import LazyPattern

_ID_LINE = LazyPattern(r"""id[ \t]*:[ \t]*(["']?)([a-z0-9]+(?:-[a-z0-9]+)*)\1[ \t]*(?:#.*)?""")


def recover_id(raw: bytes) -> str | None:
    """The one top-level `id:` value of `raw` (any encoding that keeps ASCII as ASCII), or None."""
    text = raw.decode("utf-8", errors="replace")
    found = [match[2] for line in text.splitlines() if line.startswith("id") and (match := _ID_LINE.fullmatch(line.rstrip("\r")))]
    return found[0] if len(found) == 1 else None
