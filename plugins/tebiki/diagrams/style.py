"""Look of the diagrams: fonts, colours, node styles per mode and coverage, UI words.

Colours are fixed light-scheme values drawn on an explicit white background,
so the diagram reads the same in Material's light and dark (slate) schemes.
"""

from __future__ import annotations

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

WORDS: dict[str, dict[str, str]] = {
    "ja": {
        "start": "開始",
        "end": "終了",
        "legend": "凡例",
        "unreachable": "到達不能",
        "actor": "担当",
        "mode": "方式",
        "minutes": "目安 {minutes}分",
        "steps": "手順 {count}件",
        "procedures": "手続 {count}件",
        "related": "関連 {count}件",
        "flow": "{title} の流れ",
        Mode.MANUAL.value: "手作業",
        Mode.PAPER.value: "紙",
        Mode.SYSTEM.value: "システム",
        Mode.AUTOMATED.value: "自動",
        Mode.OUTSOURCED.value: "外部委託",
        Coverage.COVERED.value: "担当者複数",
        Coverage.SINGLE_OWNER.value: "担当者1名のみ",
        Coverage.NO_OWNER.value: "担当者なし",
    },
    "en": {
        "start": "Start",
        "end": "End",
        "legend": "Legend",
        "unreachable": "unreachable",
        "actor": "Actor",
        "mode": "Mode",
        "minutes": "about {minutes} min",
        "steps": "{count} steps",
        "procedures": "{count} procedures",
        "related": "{count} links",
        "flow": "Flow of {title}",
        Mode.MANUAL.value: "manual",
        Mode.PAPER.value: "paper",
        Mode.SYSTEM.value: "system",
        Mode.AUTOMATED.value: "automated",
        Mode.OUTSOURCED.value: "outsourced",
        Coverage.COVERED.value: "covered",
        Coverage.SINGLE_OWNER.value: "single owner",
        Coverage.NO_OWNER.value: "no owner",
    },
}


def words(lang: str) -> dict[str, str]:
    """UI words for `lang` ("ja", "en", or a tag like "ja-JP"); English otherwise."""
    return WORDS.get(lang.split("-")[0].lower(), WORDS["en"])
