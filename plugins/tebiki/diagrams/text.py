"""Display width and line wrapping for diagram labels (pure functions).

Graphviz never measures our text: node and label sizes come from these
estimates, so a layout does not depend on the fonts installed on the machine.
East Asian wide, full-width and ambiguous characters count two columns.
"""

from __future__ import annotations

import unicodedata

WIDE_EM = 1.0  # a CJK glyph is one em in every Japanese font
NARROW_EM = 0.62  # generous average for Latin letters, digits and punctuation
ELLIPSIS = "…"

# Japanese line-breaking rules (禁則処理), kept small: these never start a line...
NO_START = set("、。，．,.・：；:;？！?!）)」』】〕〉》］]｝}ーぁぃぅぇぉっゃゅょァィゥェォッャュョ々〜…")
# ...and these never end one.
NO_END = set("（(「『【〔〈《［[｛{")


def columns(char: str) -> int:
    """Columns a character takes: 2 for wide, full-width and ambiguous, 0 for combining marks."""
    if unicodedata.combining(char):
        return 0
    return 2 if unicodedata.east_asian_width(char) in ("W", "F", "A") else 1


def display_width(text: str) -> int:
    """Columns the text takes on one line."""
    return sum(columns(c) for c in text)


def text_width(line: str, size: float) -> float:
    """Estimated width in points of one line at font size `size`."""
    ems = sum(WIDE_EM if columns(c) == 2 else NARROW_EM if columns(c) else 0.0 for c in line)
    return ems * size


def _units(paragraph: str) -> list[str]:
    """Breakable pieces: one wide character, one space, or a run of narrow characters (a word)."""
    units: list[str] = []
    for char in paragraph:
        narrow_word = units and columns(char) == 1 and not char.isspace()
        if narrow_word and columns(units[-1][-1]) == 1 and not units[-1][-1].isspace():
            units[-1] += char
        else:
            units.append(char)
    return units


def _split_long(word: str, limit: int) -> list[str]:
    """Hard-split a word wider than `limit` columns."""
    pieces, current = [], ""
    for char in word:
        if current and display_width(current + char) > limit:
            pieces.append(current)
            current = ""
        current += char
    return pieces + [current] if current else pieces


def _wrap_paragraph(paragraph: str, limit: int) -> list[str]:
    lines: list[str] = []
    current = ""
    for unit in _units(paragraph):
        if display_width(current + unit) <= limit:
            current += unit
        elif unit.isspace():
            lines.append(current)
            current = ""
        elif unit in NO_START and current:
            current += unit  # hang the closing mark on the line instead of starting with it
        elif display_width(unit) > limit:
            pieces = _split_long(unit, limit)
            if current:
                lines.append(current)
            lines.extend(pieces[:-1])
            current = pieces[-1]
        else:
            carried = ""
            while current and current[-1] in NO_END:
                current, carried = current[:-1], current[-1] + carried
            if current:
                lines.append(current)
            current = carried + unit
    lines.append(current)
    return [line.strip() for line in lines if line.strip()]


def wrap(text: str, limit: int = 16, max_lines: int = 4) -> tuple[str, ...]:
    """Lines of at most about `limit` columns; explicit newlines are kept.

    More than `max_lines` lines are cut, the last one ending with an ellipsis.
    """
    lines: list[str] = []
    for paragraph in text.splitlines():
        lines.extend(_wrap_paragraph(" ".join(paragraph.split()), limit))
    if not lines:
        return ("",)
    if len(lines) > max_lines:
        last = lines[max_lines - 1]
        while last and display_width(last) + display_width(ELLIPSIS) > limit:
            last = last[:-1]
        lines = lines[: max_lines - 1] + [last + ELLIPSIS]
    return tuple(lines)
