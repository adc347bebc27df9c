"""Look of the diagrams: fonts, colours, node styles per mode and coverage, UI words.

Colours are fixed light-scheme values drawn on an explicit white background,
so the diagram reads the same in Material's light and dark (slate) schemes.
"""

from __future__ import annotations

from ..i18n.diagrams import WORDS
from ..i18n.language import language_of
from ..model import Coverage, Mode

FONT = "Noto Sans CJK JP, Noto Sans JP, Hiragino Sans, Yu Gothic, Meiryo, IPAGothic, sans-serif"
FONT_SIZE = 12.0
SMALL_SIZE = 10.0
LINE_HEIGHT = 1.3  # times the font size
TEXT = "#1f2328"
MUTED = "#59636e"
BACKGROUND = "#ffffff"
EDGE = "#424a53"
BACK_EDGE = "#bc4c00"
UNREACHABLE = "#cf222e"
LANE_FILLS = ("#f6f8fa", "#eef3f8")
LANE_BORDER = "#d1d9e0"
HEADER_FILL = "#dde4ec"

# Graphviz attributes of a step node by mode: distinct shape and fill, plus a legend.
MODE_STYLE: dict[Mode, dict[str, str]] = {
    Mode.MANUAL: {"shape": "box", "style": "rounded,filled", "fillcolor": "#ffffff", "color": "#59636e"},
    Mode.PAPER: {"shape": "note", "style": "filled", "fillcolor": "#fff8c5", "color": "#9a6700"},
    Mode.SYSTEM: {"shape": "box3d", "style": "filled", "fillcolor": "#ddf4ff", "color": "#0969da"},
    Mode.AUTOMATED: {
        "shape": "box",
        "style": "rounded,dashed,filled",
        "fillcolor": "#dafbe1",
        "color": "#1a7f37",
    },
    Mode.OUTSOURCED: {
        "shape": "box",
        "style": "filled",
        "peripheries": "2",
        "fillcolor": "#fbefff",
        "color": "#8250df",
    },
}

COVERAGE_STYLE: dict[Coverage, dict[str, str]] = {
    Coverage.COVERED: {"fillcolor": "#dafbe1", "color": "#1a7f37"},
    Coverage.SINGLE_OWNER: {"fillcolor": "#fff8c5", "color": "#9a6700"},
    Coverage.NO_OWNER: {"fillcolor": "#ffebe9", "color": "#cf222e"},
}
UNKNOWN_COVERAGE_STYLE = {"fillcolor": "#f6f8fa", "color": "#59636e"}


def words(lang: str) -> dict[str, str]:
    """UI words for `lang` ("ja", "en", or a tag like "ja-JP"); English otherwise (`tebiki.i18n.diagrams`)."""
    return WORDS[language_of(lang)] if lang else WORDS["en"]
