"""A Pareto chart as inline SVG (no chart library, no script): bars of the largest
items, one bar for the rest, and the cumulative share as a line with an 80 % guide.
Colours come from CSS classes in tebiki.css."""

from __future__ import annotations

from typing import Callable, Sequence

from markupsafe import Markup

from .markup import html, template

_W, _H = 640, 240
_LEFT, _RIGHT, _TOP, _BOTTOM = 48, 44, 12, 28


def pareto(title: str, items: Sequence[tuple[str, float]], *, top: int = 20, rest_label: str = "…",
           number: Callable[[float], str] = lambda v: f"{v:.1f}") -> Markup:
    """`items` (label, value), largest first. The first `top` get a bar each, the others
    one bar labelled `rest_label`; the line is the cumulative share of the grand total
    (empty when there is nothing to draw)."""
    shown = [(label, value) for label, value in items[:top]]
    rest = sum(value for _, value in items[top:])
    if rest > 0:
        shown.append((f"{rest_label} ({len(items) - top})", rest))
    total = sum(value for _, value in items)
    if not shown or total <= 0:
        return html("")
    plot_w, plot_h = _W - _LEFT - _RIGHT, _H - _TOP - _BOTTOM
    step = plot_w / len(shown)
    peak = max(value for _, value in shown)
    base = _TOP + plot_h
    eighty = _TOP + plot_h * 0.2
    guide = {"x1": _LEFT, "x2": _W - _RIGHT, "y": f"{eighty:.1f}", "text_x": _W - _RIGHT + 4,
             "text_y": f"{eighty + 4:.1f}", "peak_x": _LEFT - 6, "peak_y": _TOP + 10, "peak": number(peak)}
    bars, points, running = [], [], 0.0
    for i, (label, value) in enumerate(shown):
        x = _LEFT + i * step
        h = plot_h * value / peak
        running += value
        is_rest = rest > 0 and i == len(shown) - 1
        bars.append({"cls": "tebiki-fill--rest" if is_rest else "tebiki-fill--hours",
                     "x": f"{x + step * 0.1:.1f}", "y": f"{base - h:.1f}", "width": f"{step * 0.8:.1f}",
                     "height": f"{h:.1f}", "number": i + 1, "label": label, "value": number(value),
                     "share": f"{running / total * 100:.1f}", "text_x": f"{x + step / 2:.1f}", "text_y": _H - 10,
                     "tick": "…" if is_rest else i + 1})
        points.append(f"{x + step / 2:.1f},{_TOP + plot_h * (1 - running / total):.1f}")
    return template("charts.html").pareto(_W, _H, title, guide, bars, " ".join(points))
