"""A relation map of several departments drawn box by box (maps.Stack): each piece is laid
out by Graphviz alone, then the pieces are stacked top to bottom, on one left edge (every
box has the same grid of cells, so the same width), in one `<svg>`, and the related lines
are drawn between the boxes' nodes, along the gaps and gutters of the grid
(diagrams/routes.py; pure: layouts in, element out).

Drawing order, as Graphviz's `outputorder=edgesfirst` gives one
graph: the background, every box, the related lines, then every node, so no line hides a
node or its link.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from . import style
from .engine import Layout
from .routes import routes

SVG = "http://www.w3.org/2000/svg"
_G = f"{{{SVG}}}g"
_TRANSLATE = re.compile(r"translate\(\s*(-?[0-9.]+)[ ,]+(-?[0-9.]+)\s*\)")
_SCALE = re.compile(r"scale\(\s*(-?[0-9.]+)")


def compose(layouts: list[Layout], lines: tuple[tuple[str, str], ...], pitch: float) -> ET.Element:
    """One Graphviz-like `<svg>` (width and height in pt) holding every piece of `layouts`
    (the legend first, then the boxes of a grid whose columns are `pitch` pt apart), with
    the related `lines` (node names) drawn between them."""
    roots = [ET.fromstring(layout.svg) for layout in layouts]
    sizes = [_size(root) for root in roots]
    width = max(w for w, _h in sizes)
    height = sum(h for _w, h in sizes)
    out = ET.Element(f"{{{SVG}}}svg", {"width": f"{_num(width)}pt", "height": f"{_num(height)}pt",
                                        "viewBox": f"0.00 0.00 {_num(width)} {_num(height)}"})
    ET.SubElement(out, f"{{{SVG}}}rect", {"width": _num(width), "height": _num(height), "fill": style.BACKGROUND})
    boxes = ET.SubElement(out, _G, {"class": "graph"})
    drawn = ET.SubElement(out, _G, {"class": "related"})
    nodes = ET.SubElement(out, _G, {"class": "graph"})
    where: dict[str, tuple[float, float]] = {}  # the grid's nodes, on the page
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
        if layout is not layouts[0]:
            for key, (x, y) in layout.centres.items():
                where[key] = (left + scale * (tx + x), top + scale * (ty - y))
        top += h
    for d in routes(where, lines, pitch):
        group = ET.SubElement(drawn, _G, {"class": "edge"})
        ET.SubElement(group, f"{{{SVG}}}path", {
            "fill": "none", "stroke": style.EDGE, "stroke-width": "1.2", "stroke-linejoin": "round", "d": d})
    return out


def _size(root: ET.Element) -> tuple[float, float]:
    return float(root.get("width", "0pt")[:-2]), float(root.get("height", "0pt")[:-2])


def _num(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")
