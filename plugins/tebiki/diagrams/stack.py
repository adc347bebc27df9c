"""A large relation map drawn box by box (maps.Stack): each piece is laid out by Graphviz
alone, then the pieces are stacked top to bottom, on one left edge (every box has the
same grid of cells), in one `<svg>`, and the related
lines between boxes are drawn between node centres (pure: layouts in, element out).

Drawing order, as Graphviz's `outputorder=edgesfirst` gives one graph: the background,
every box (clusters) and the lines inside boxes, then the lines between boxes, then every
node, so no line hides a node or its link.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from . import style
from .engine import Layout

SVG = "http://www.w3.org/2000/svg"
_G = f"{{{SVG}}}g"
_TRANSLATE = re.compile(r"translate\(\s*(-?[0-9.]+)[ ,]+(-?[0-9.]+)\s*\)")
_SCALE = re.compile(r"scale\(\s*(-?[0-9.]+)")


def compose(layouts: list[Layout], cross: tuple[tuple[str, str], ...]) -> ET.Element:
    """One Graphviz-like `<svg>` (width and height in pt) holding every piece of `layouts`."""
    roots = [ET.fromstring(layout.svg) for layout in layouts]
    sizes = [_size(root) for root in roots]
    width = max(w for w, _h in sizes)
    height = sum(h for _w, h in sizes)
    out = ET.Element(f"{{{SVG}}}svg", {"width": f"{_num(width)}pt", "height": f"{_num(height)}pt",
                                        "viewBox": f"0.00 0.00 {_num(width)} {_num(height)}"})
    ET.SubElement(out, f"{{{SVG}}}rect", {"width": _num(width), "height": _num(height), "fill": style.BACKGROUND})
    boxes = ET.SubElement(out, _G, {"class": "graph"})
    lines = ET.SubElement(out, _G, {"class": "related-between"})
    nodes = ET.SubElement(out, _G, {"class": "graph"})
    where: dict[str, tuple[float, float]] = {}
    top = 0.0
    left = 0.0  # every box has the same grid of cells: one left edge
    for root, (_w, h), layout in zip(roots, sizes, layouts):
        graph = next(root.iter(_G))  # Graphviz's graph group: transform scale(..) translate(x y)
        transform = graph.get("transform", "")
        shift, scaled = _TRANSLATE.search(transform), _SCALE.search(transform)
        scale = float(scaled[1]) if scaled else 1.0
        tx, ty = (float(shift[1]), float(shift[2])) if shift else (0.0, 0.0)
        placed = f"translate({_num(left)} {_num(top)}) {transform}".strip()
        box_part = ET.SubElement(boxes, _G, {"transform": placed})
        node_part = ET.SubElement(nodes, _G, {"transform": placed})
        for child in graph:
            if child.tag != _G:
                continue  # the piece's own background polygon and title
            (node_part if "node" in (child.get("class") or "").split() else box_part).append(child)
        for key, (x, y) in layout.centres.items():
            where[key] = (left + scale * (tx + x), top + scale * (ty - y))
        top += h
    for a, b in cross:
        if a in where and b in where:
            (x1, y1), (x2, y2) = where[a], where[b]
            group = ET.SubElement(lines, _G, {"class": "edge"})
            ET.SubElement(group, f"{{{SVG}}}path", {
                "fill": "none", "stroke": style.EDGE, "stroke-width": "1.2",
                "d": f"M{_num(x1)},{_num(y1)} L{_num(x2)},{_num(y2)}"})
    return out


def _size(root: ET.Element) -> tuple[float, float]:
    return float(root.get("width", "0pt")[:-2]), float(root.get("height", "0pt")[:-2])


def _num(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")
