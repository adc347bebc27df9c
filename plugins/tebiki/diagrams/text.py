"""Display width and line wrapping for diagram labels (pure functions).

Graphviz never measures our text: node and label sizes come from these
estimates, so a layout does not depend on the fonts installed on the machine.
East Asian wide, full-width and ambiguous characters count two columns.
"""

from __future__ import annotations

import re
import unicodedata

WIDE_EM = 1.0  # a CJK glyph is one em in every Japanese font
NARROW_EM = 0.62  # generous average for Latin letters, digits and punctuation
ELLIPSIS = "…"

# Japanese line-breaking rules (禁則処理), kept small: these never start a line...
NO_START = set("、。，．,.・：；:;？！?!）)」』】〕〉》］]｝}ーぁぃぅぇぉっゃゅょァィゥェォッャュョ々〜…")
# ...and these never end one.
NO_END = set("（(「『【〔〈《［[｛{")


_COLUMNS: dict[str, int] = {}  # per character, filled on first use
_EMS: dict[str, float] = {}


def columns(char: str) -> int:
    """Columns a character takes: 2 for wide, full-width and ambiguous, 0 for combining marks."""
    try:
        return _COLUMNS[char]
    except KeyError:
        if unicodedata.combining(char):
            count = 0
        else:
            count = 2 if unicodedata.east_asian_width(char) in ("W", "F", "A") else 1
        _COLUMNS[char] = count
        _EMS[char] = WIDE_EM if count == 2 else NARROW_EM if count else 0.0
        return count


def _ems(char: str) -> float:
    try:
        return _EMS[char]
    except KeyError:
        columns(char)
        return _EMS[char]


def display_width(text: str) -> int:
    """Columns the text takes on one line."""
    return sum(map(columns, text))


def text_width(line: str, size: float) -> float:
    """Estimated width in points of one line at font size `size`."""
    return sum(map(_ems, line)) * size


def _phrases(paragraph: str) -> list[str]:
    """Japanese phrases (文節) of a line: BudouX's model (「勤怠データを」「取り込む」), or,
    without it, the rule it approximates: a phrase ends where kana or Latin text is
    followed by a kanji or katakana run (「承認」「する」 stay one phrase: 「承認する」)."""
    parser = _budoux()
    if parser is not None:
        return [p for p in parser.parse(paragraph) if p]
    return [m[0] for m in _PHRASE.finditer(paragraph)]


_PHRASE = re.compile(r"[^ぁ-ゟ]*[ぁ-ゟ、。）」』]*|.+", re.S)
_PARSER: list[object] = []


def _budoux():  # type: ignore[no-untyped-def]
    if not _PARSER:
        try:
            import budoux

            _PARSER.append(budoux.load_default_japanese_parser())
        except Exception:  # not installed or no model: the rule above
            _PARSER.append(None)
    return _PARSER[0]


def _units(paragraph: str) -> list[str]:
    """Breakable pieces: a Japanese phrase, one space, or a run of narrow characters (a word).
    A phrase wider than a line is broken by the line limit (`_split_long`)."""
    units: list[str] = []
    if any(columns(c) == 2 for c in paragraph):
        for phrase in _phrases(paragraph):
            # a long phrase may still break after 「・」「、」 (入退社・異動・手当の)
            for word in re.split(r"( |(?<=[・、，]))", phrase):
                if word:
                    units.append(word)
        return units
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
    current, width = "", 0  # width = display_width(current)
    for unit in _units(paragraph):
        unit_width = display_width(unit)
        if width + unit_width <= limit:
            current += unit
            width += unit_width
        elif unit.isspace():
            lines.append(current)
            current, width = "", 0
        elif unit in NO_START and current:
            current += unit  # hang the closing mark on the line instead of starting with it
            width += unit_width
        elif unit_width > limit:
            pieces = _split_long(unit, limit)
            if current:
                lines.append(current)
            lines.extend(pieces[:-1])
            current = pieces[-1]
            width = display_width(current)
        else:
            carried = ""
            while current and current[-1] in NO_END:
                current, carried = current[:-1], current[-1] + carried
            if current:
                lines.append(current)
            current = carried + unit
            width = display_width(current)
    lines.append(current)
    lines = [line.strip() for line in lines if line.strip()]
    # no one-character last line: take the character before it down with it
    if len(lines) > 1 and len(lines[-1]) == 1 and len(lines[-2]) > 2 and lines[-1] not in NO_START:
        lines[-2], lines[-1] = lines[-2][:-1], lines[-2][-1] + lines[-1]
    elif len(lines) > 1 and len(lines[-1]) == 1 and len(lines[-2]) > 2:
        lines[-2], lines[-1] = lines[-2][:-2], lines[-2][-2:] + lines[-1]
    return lines


def wrap(text: str, limit: int = 16, max_lines: int = 5) -> tuple[str, ...]:
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
