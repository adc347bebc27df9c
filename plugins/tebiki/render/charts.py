"""Inline SVG bar charts made at build time: no chart library, no script, no CDN.

Colours come from CSS classes (`tebiki-fill--covered` …) in tebiki.css, so the
charts follow Material's light and dark palettes.
"""

from __future__ import annotations

from typing import Callable, Sequence

from .safe import esc

Segment = tuple[float, str, str]
"""(value, css class suffix, legend label)"""

_WIDTH = 640
_LABEL_W = 170
_ROW_H = 26
_BAR_H = 18


def _clip(label: str, limit: int = 12) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "…"


def stacked_bars(title: str, rows: Sequence[tuple[str, Sequence[Segment]]], *, legend: bool = True,
                 number: Callable[[float], str] = str) -> str:
    """Horizontal bars, one row per label, each split into coloured segments
    scaled to the largest row total; a legend under the bars unless `legend=False`.
    `number` writes a value (default `str`, for counts; e.g. one decimal for hours)."""
    totals = [sum(v for v, _, _ in segs) for _, segs in rows]
    scale_max = max(totals, default=0) or 1
    bar_w = _WIDTH - _LABEL_W - 50
    height = len(rows) * _ROW_H + (40 if legend else 8)
    out = [
        f'<svg class="tebiki-chart" role="img" viewBox="0 0 {_WIDTH} {height}" '
        f'width="100%" xmlns="http://www.w3.org/2000/svg" aria-label="{esc(title)}">',
        f"<title>{esc(title)}</title>",
    ]
    for i, ((label, segs), total) in enumerate(zip(rows, totals)):
        y = i * _ROW_H + 4
        out.append(
            f'<text class="tebiki-chart__label" x="{_LABEL_W - 8}" y="{y + _BAR_H - 4}" '
            f'text-anchor="end"><title>{esc(label)}</title>{esc(_clip(label))}</text>'
        )
        x = float(_LABEL_W)
        for value, cls, name in segs:
            if value <= 0:
                continue
            w = bar_w * value / scale_max
            out.append(
                f'<rect class="tebiki-fill--{esc(cls)}" x="{x:.1f}" y="{y}" width="{w:.1f}" '
                f'height="{_BAR_H}"><title>{esc(name)}: {number(value)}</title></rect>'
            )
            x += w
        out.append(
            f'<text class="tebiki-chart__value" x="{x + 6:.1f}" y="{y + _BAR_H - 4}">{number(total)}</text>'
        )
    # Legend: the segment kinds of the first row, in order.
    kinds = [(cls, name) for _, cls, name in (rows[0][1] if rows and legend else ())]
    lx, ly = _LABEL_W, len(rows) * _ROW_H + 18
    for cls, name in kinds:
        out.append(f'<rect class="tebiki-fill--{esc(cls)}" x="{lx}" y="{ly - 10}" width="12" height="12"></rect>')
        out.append(f'<text class="tebiki-chart__legend" x="{lx + 16}" y="{ly}">{esc(name)}</text>')
        lx += 16 + 14 * max(len(name), 3) + 18
    out.append("</svg>")
    return "".join(out)


def bars(title: str, rows: Sequence[tuple[str, int, str]]) -> str:
    """One bar per row: (label, value, css class suffix); no legend (the labels say it)."""
    return stacked_bars(title, [(label, [(value, cls, label)]) for label, value, cls in rows], legend=False)
