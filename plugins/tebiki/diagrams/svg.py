"""Graphviz SVG -> markup to inline in a page (pure: data in, text out).

Drops the XML prolog, DOCTYPE, comments and Graphviz's own ids and titles;
wraps linked nodes in `<a href>` with a `<title>` tooltip (shown by every
browser); draws our labels at the laid-out centres; adds `role="img"`, an
accessible title and description, and a fluid width.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from . import style
from .scene import Label, Link

SVG = "http://www.w3.org/2000/svg"
_PT = re.compile(r"^([0-9.]+)pt$")


def finish(
    raw: bytes,
    centres: dict[str, tuple[float, float]],
    labels: dict[str, Label],
    links: dict[str, Link],
    title: str,
    description: str,
    uid: str,
) -> str:
    """The inline `<svg>` element: `labels` drawn at `centres` (Graphviz points, y up), `links` on nodes."""
    root = ET.fromstring(raw)  # expat drops the prolog, DOCTYPE and comments
    groups = {g.get("id"): g for g in root.iter(f"{{{SVG}}}g") if g.get("id")}
    for parent in root.iter():
        for child in [c for c in parent if c.tag == f"{{{SVG}}}title"]:
            parent.remove(child)  # Graphviz's titles name internal nodes ("s3", "s3->s4")
    for key, link in links.items():
        if key in groups:
            _link(groups[key], link)
    for key, label in labels.items():
        if key in groups and key in centres:
            _target(groups[key]).extend(_text(label, *centres[key]))
    for element in root.iter():
        element.attrib.pop("id", None)  # Graphviz ids ("node1") would clash between diagrams of a page
    _frame(root, title, description, uid)
    for element in root.iter():
        element.tag = element.tag.removeprefix(f"{{{SVG}}}")  # plain names; `xmlns` set on the root
        element.tail = "\n"
        if element.text is not None and not element.text.strip():
            element.text = "\n" if len(element) else None
    root.set("xmlns", SVG)
    return ET.tostring(root, encoding="unicode")


def _frame(root: ET.Element, title: str, description: str, uid: str) -> None:
    """Accessible name and description, fluid width capped at the natural width."""
    width = _PT.match(root.get("width", ""))
    root.attrib.pop("height", None)
    root.set("width", "100%")
    if width:
        root.set("style", f"max-width: {width.group(1)}pt; height: auto;")
    root.set("class", "tebiki-diagram")
    root.set("font-family", style.FONT)  # inherited by every <text>
    root.set("text-anchor", "middle")
    root.set("role", "img")
    root.set("aria-labelledby", f"{uid}-title {uid}-desc")
    root.set("id", uid)
    heading = ET.Element(f"{{{SVG}}}title", id=f"{uid}-title")
    heading.text = title
    desc = ET.Element(f"{{{SVG}}}desc", id=f"{uid}-desc")
    desc.text = description
    root.insert(0, desc)
    root.insert(0, heading)


def _target(group: ET.Element) -> ET.Element:
    """Where text of a node goes: inside its link when it has one, so the words are clickable."""
    return next(group.iter(f"{{{SVG}}}a"), group)


def _text(label: Label, cx: float, cy: float) -> list[ET.Element]:
    """One `<text>` per line, centred on (cx, cy) in Graphviz coordinates (SVG y is -y)."""
    top = -cy - label.height / 2
    elements = []
    for line in label.lines:
        step = line.size * style.LINE_HEIGHT
        text = ET.Element(
            f"{{{SVG}}}text",
            {
                "x": _num(cx),
                "y": _num(top + step / 2 + line.size * 0.35),
                "font-size": _num(line.size),
                "fill": line.fill,
            },
        )
        if line.bold:
            text.set("font-weight", "bold")
        text.text = line.text
        elements.append(text)
        top += step
    return elements


def _link(group: ET.Element, link: Link) -> None:
    """Move the group's drawing into `<a href>` whose first child is the tooltip `<title>`."""
    anchor = ET.Element(f"{{{SVG}}}a", href=link.href)
    hint = ET.SubElement(anchor, f"{{{SVG}}}title")
    hint.text = link.tooltip
    anchor.extend(list(group))
    for child in list(group):
        group.remove(child)
    group.append(anchor)


def _num(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")
