"""A Pareto chart as inline SVG (no chart library, no script): bars of the largest
items, one bar for the rest, and the cumulative share as a line with an 80 % guide.
Colours come from CSS classes in tebiki.css."""

from __future__ import annotations

from typing import Callable, Sequence

from .safe import esc

_W, _H = 640, 240
_LEFT, _RIGHT, _TOP, _BOTTOM = 48, 44, 12, 28


def pareto(title: str, items: Sequence[tuple[str, float]], *, top: int = 20, rest_label: str = "…",
           number: Callable[[float], str] = lambda v: f"{v:.1f}") -> str:
    """`items` (label, value), largest first. The first `top` get a bar each, the others
    one bar labelled `rest_label`; the line is the cumulative share of the grand total."""
    shown = [(label, value) for label, value in items[:top]]
    rest = sum(value for _, value in items[top:])
    if rest > 0:
        shown.append((f"{rest_label} ({len(items) - top})", rest))
    total = sum(value for _, value in items)
    if not shown or total <= 0:
        return ""
    plot_w, plot_h = _W - _LEFT - _RIGHT, _H - _TOP - _BOTTOM
    step = plot_w / len(shown)
    peak = max(value for _, value in shown)
    out = [f'<svg class="tebiki-chart tebiki-pareto" role="img" viewBox="0 0 {_W} {_H}" width="100%" '
           f'xmlns="http://www.w3.org/2000/svg" aria-label="{esc(title)}"><title>{esc(title)}</title>']
    base = _TOP + plot_h
    eighty = _TOP + plot_h * 0.2
    out.append(f'<line class="tebiki-pareto__guide" x1="{_LEFT}" x2="{_W - _RIGHT}" y1="{eighty:.1f}" y2="{eighty:.1f}"/>')
    out.append(f'<text class="tebiki-chart__value" x="{_W - _RIGHT + 4}" y="{eighty + 4:.1f}">80%</text>')
    out.append(f'<text class="tebiki-chart__value" x="{_LEFT - 6}" y="{_TOP + 10}" text-anchor="end">'
               f'{esc(number(peak))}</text>')
    points, running = [], 0.0
    for i, (label, value) in enumerate(shown):
        x = _LEFT + i * step
        h = plot_h * value / peak
        running += value
        cls = "tebiki-fill--rest" if rest > 0 and i == len(shown) - 1 else "tebiki-fill--hours"
        out.append(f'<rect class="{cls}" x="{x + step * 0.1:.1f}" y="{base - h:.1f}" width="{step * 0.8:.1f}" '
                   f'height="{h:.1f}"><title>{i + 1}. {esc(label)}: {esc(number(value))} '
                   f'({running / total * 100:.1f}%)</title></rect>')
        out.append(f'<text class="tebiki-chart__legend" x="{x + step / 2:.1f}" y="{_H - 10}" '
                   f'text-anchor="middle">{i + 1 if not (rest > 0 and i == len(shown) - 1) else "…"}</text>')
        points.append(f"{x + step / 2:.1f},{_TOP + plot_h * (1 - running / total):.1f}")
    out.append(f'<polyline class="tebiki-pareto__line" points="{" ".join(points)}"/>')
    out.append("</svg>")
    return "".join(out)
