"""Inline SVG bar charts made at build time: no chart library, no script, no CDN.

Colours come from CSS classes (`tebiki-fill--covered` …) in tebiki.css, so the
charts follow Material's light and dark palettes.
"""

from __future__ import annotations

from typing import Callable, Sequence

from markupsafe import Markup

from .markup import template

Segment = tuple[float, str, str]
"""(value, css class suffix, legend label)"""

_WIDTH = 640
_LABEL_W = 170
_ROW_H = 26
_BAR_H = 18


def _clip(label: str, limit: int = 12) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "…"


def stacked_bars(title: str, rows: Sequence[tuple[str, Sequence[Segment]]], *, legend: bool = True,
                 number: Callable[[float], str] = str) -> Markup:
    """Horizontal bars, one row per label, each split into coloured segments
    scaled to the largest row total; a legend under the bars unless `legend=False`.
    `number` writes a value (default `str`, for counts; e.g. one decimal for hours)."""
    totals = [sum(v for v, _, _ in segs) for _, segs in rows]
    scale_max = max(totals, default=0) or 1
    bar_w = _WIDTH - _LABEL_W - 50
    height = len(rows) * _ROW_H + (40 if legend else 8)
    drawn = []
    for i, ((label, segs), total) in enumerate(zip(rows, totals)):
        y = i * _ROW_H + 4
        x = float(_LABEL_W)
        segments = []
        for value, cls, name in segs:
            if value <= 0:
                continue
            w = bar_w * value / scale_max
            segments.append({"cls": cls, "x": f"{x:.1f}", "width": f"{w:.1f}", "name": name, "value": number(value)})
            x += w
        drawn.append({"label": label, "short": _clip(label), "label_x": _LABEL_W - 8, "y": y, "bar_h": _BAR_H,
                      "text_y": y + _BAR_H - 4, "segments": segments, "value_x": f"{x + 6:.1f}",
                      "total": number(total)})
    # Legend: the segment kinds of the first row, in order.
    kinds = [(cls, name) for _, cls, name in (rows[0][1] if rows and legend else ())]
    lx, ly = _LABEL_W, len(rows) * _ROW_H + 18
    keys = []
    for cls, name in kinds:
        keys.append({"cls": cls, "name": name, "x": lx, "box_y": ly - 10, "text_x": lx + 16, "y": ly})
        lx += 16 + 14 * max(len(name), 3) + 18
    return template("charts.html").stacked_bars(_WIDTH, height, title, drawn, keys)


def bars(title: str, rows: Sequence[tuple[str, int, str]]) -> Markup:
    """One bar per row: (label, value, css class suffix); no legend (the labels say it)."""
    return stacked_bars(title, [(label, [(value, cls, label)]) for label, value, cls in rows], legend=False)
