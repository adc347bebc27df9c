"""Display width and line wrapping for diagram labels (pure functions).

Graphviz never measures our text: node and label sizes come from these
estimates, so a layout does not depend on the fonts installed on the machine.
East Asian wide, full-width and ambiguous characters count two columns.
"""

from __future__ import annotations

import functools
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


@functools.lru_cache(maxsize=8192)
def text_width(line: str, size: float) -> float:
    """Estimated width in points of one line at font size `size` (memoised: diagrams repeat
    their legend words, lane names and branch labels)."""
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


def _budoux():
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


WORD_MAX = 20
"""Columns a single word may take on one line when it is wider than the line: a katakana
word of up to 10 characters (アルコールチェック, オリエンテーションを) is never broken;
the line is wider instead (the node is sized to its text)."""

# A word inside a phrase: an optional kana prefix (お, ご), one run of one script
# (kanji, katakana, or Latin letters and digits), and the kana and closing marks after it.
_WORD = re.compile(
    r"[ぁ-ゟ]*(?:[\u3400-\u9fff\uf900-\ufaff々〆ヵヶ]+|[\u30a0-\u30ff\uff66-\uff9f]+|[0-9A-Za-z\uff10-\uff5a]+|.)"
    r"[ぁ-ゟ、。，．）」』】〕〉》］}]*",
    re.S,
)


def _words(phrase: str) -> list[str]:
    """A phrase wider than a line, cut where the script changes (「入社日」「オリエンテーションを」,
    「ID」「管理」「システム」): the places a reader sees a word end."""
    return [m[0] for m in _WORD.finditer(phrase)]


KATAKANA_WORDS = (
    "システム", "サービス", "データ", "ファイル", "フォルダ", "チェック", "リセット", "センター", "ツール", "フォーム",
    "シート", "メール", "アカウント", "パスワード", "サーバー", "ネットワーク", "スケジュール", "マニュアル", "リスト",
    "レポート", "フロー", "コード", "ソフトウェア", "ライセンス", "セキュリティ", "バックアップ", "テスト", "ルール",
)
"""Words of back-office katakana compounds (ワークフロー|システム): a compound too wide even
for WORD_MAX is split before one of these rather than at the column limit."""


def _split_long(word: str, limit: int) -> list[str]:
    """Split a word wider than `limit` columns (and than WORD_MAX) into pieces of at most
    `limit` columns: before a word of KATAKANA_WORDS when one starts inside it (the last
    such place that fits), else at the limit, never starting a piece with a character of
    NO_START (ー, ッ, ェ…)."""
    starts = [i for i in range(1, len(word)) if word.startswith(KATAKANA_WORDS, i)]
    fitting = [i for i in starts if display_width(word[:i]) <= max(limit, WORD_MAX)]
    if fitting:
        head, tail = word[:fitting[-1]], word[fitting[-1]:]
        return [head] + (_split_long(tail, limit) if display_width(tail) > max(limit, WORD_MAX) else [tail])
    pieces, current = [], ""
    for char in word:
        if current and display_width(current + char) > limit and char not in NO_START:
            pieces.append(current)
            current = ""
        current += char
    return pieces + [current] if current else pieces


def _wrap_paragraph(paragraph: str, limit: int) -> list[str]:
    lines: list[str] = []
    current, width = "", 0  # width = display_width(current)
    units = _units(paragraph)
    while units:
        unit = units.pop(0)
        unit_width = display_width(unit)
        if unit_width > limit and len(_words(unit)) > 1:
            units[:0] = _words(unit)  # too wide for a line: take its words one by one
            continue
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
            pieces = [unit] if unit_width <= max(limit, WORD_MAX) else _split_long(unit, limit)
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


@functools.lru_cache(maxsize=8192)
def wrap(text: str, limit: int = 16, max_lines: int = 5) -> tuple[str, ...]:
    """Lines of at most about `limit` columns; explicit newlines are kept.

    More than `max_lines` lines are cut, the last one ending with an ellipsis. Memoised
    (a pure function of its arguments): the phrase model (BudouX) is most of a diagram's
    Python time, and lane names, branch labels and common step titles repeat across the
    diagrams one process draws.
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
