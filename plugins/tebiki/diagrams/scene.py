"""What a builder hands the engine: DOT source plus the words and links to put on it.

Graphviz only lays out boxes whose sizes we fix; the words, links and
tooltips are added by us at the laid-out positions (see `svg.py`). So the
layout does not depend on the fonts installed on the build machine, and no
user text ever goes through DOT: Graphviz rewrites backslash sequences in
strings (`\\N` becomes the node name, and Graphviz 14 also folds `\\\\`),
which `graphviz`'s quoting (it only escapes `"`) does not prevent.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from functools import cached_property

from . import style
from .text import text_width


@dataclass(frozen=True)
class Line:
    text: str
    size: float = style.FONT_SIZE
    fill: str = style.TEXT
    bold: bool = False


@dataclass(frozen=True)
class Label:
    """Lines drawn centred on the node or edge label whose Graphviz `id` keys it."""

    lines: tuple[Line, ...]

    @cached_property
    def width(self) -> float:
        return max((text_width(line.text, line.size) for line in self.lines), default=0.0)

    @cached_property
    def height(self) -> float:
        return sum(line.size * style.LINE_HEIGHT for line in self.lines)


@dataclass(frozen=True)
class Link:
    """Where a node leads and the tooltip shown on hover."""

    href: str
    tooltip: str


@dataclass(frozen=True)
class Scene:
    """A diagram ready to render: `dot` source, `labels` and `links` by Graphviz id, accessible texts."""

    dot: str
    labels: dict[str, Label] = field(default_factory=dict)
    links: dict[str, Link] = field(default_factory=dict)
    title: str = ""
    description: str = ""


def box_size(label: Label, min_width: float, min_height: float, pad_x: float = 10, pad_y: float = 7) -> dict[str, str]:
    """A node's width and height (inches) to fit `label` with padding; builders set
    `fixedsize=true` and an empty `label` as node defaults."""
    width = max(min_width, label.width + 2 * pad_x)
    height = max(min_height, label.height + 2 * pad_y)
    return {"width": _inches(width), "height": _inches(height)}


def spacer(label: Label, pad: float = 3) -> str:
    """An HTML-like edge label that reserves room for `label` and holds no text."""
    width, height = math.ceil(label.width + 2 * pad), math.ceil(label.height + pad)
    cell = f'<TD FIXEDSIZE="TRUE" WIDTH="{width}" HEIGHT="{height}"></TD>'
    return f'<<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="0" CELLPADDING="0"><TR>{cell}</TR></TABLE>>'


def _inches(points: float) -> str:
    return f"{math.ceil(points) / 72:.4f}"


FIXED_NODES = {"fixedsize": "true", "label": "", "penwidth": "1.2"}  # Graphviz never measures text
