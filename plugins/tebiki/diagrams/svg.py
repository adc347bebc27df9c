"""Graphviz SVG -> markup to inline in a page (pure: data in, text out).

Drops the XML prolog, DOCTYPE, comments and Graphviz's own ids and titles;
wraps linked nodes in `<a href>` with a `<title>` tooltip (shown by every
browser); draws our labels at the laid-out centres; adds `role="img"`, an
accessible title and description, and a fluid width.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from ..display import display_safe, unsafe_characters
from . import style
from .scene import Label, Link

SVG = "http://www.w3.org/2000/svg"
_PT = re.compile(r"^([0-9.]+)pt$")
READABLE_PX = 12.0  # the smallest text a diagram may be drawn at, CSS px (past it, the figure scrolls)
_G, _TITLE, _A, _TEXT = (f"{{{SVG}}}{name}" for name in ("g", "title", "a", "text"))
_PREFIXES = {SVG: "", "http://www.w3.org/1999/xlink": "xlink:", "http://www.w3.org/XML/1998/namespace": "xml:"}


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
    return finish_tree(root, centres, labels, links, title, description, uid)


def finish_tree(
    root: ET.Element,
    centres: dict[str, tuple[float, float]],
    labels: dict[str, Label],
    links: dict[str, Link],
    title: str,
    description: str,
    uid: str,
) -> str:
    """`finish` of an already parsed Graphviz SVG (or of several composed, diagrams/stack.py):
    each label's centre is in the coordinates of the group it is drawn in."""
    groups: dict[str, ET.Element] = {}
    _clean(root, groups)
    for key, link in links.items():
        if key in groups:
            _link(groups[key], link)
    for key, label in labels.items():
        if key in groups and key in centres:
            _target(groups[key]).extend(_text(label, *centres[key]))
    _step_order(root, groups, links)
    _frame(root, title, description, uid)
    root.set("xmlns", SVG)
    out: list[str] = []
    _write(root, out, unsafe_characters())
    return "".join(out)


def _clean(root: ET.Element, groups: dict[str, ET.Element]) -> None:
    """Note each `<g>` by its id, then drop the id (Graphviz ids like "node1" would clash
    between diagrams of a page) and every `<title>` (Graphviz's titles name internal nodes:
    "s3", "s3->s4"). Two walks of ElementTree's C iterator, titles first: the same result
    as one recursive walk in document order, without a Python call per element."""
    for element in list(root.iter()):
        titles = element.findall(_TITLE)
        for title in titles:
            element.remove(title)
    for element in root.iter():
        key = element.attrib.pop("id", None)
        if key and element.tag == _G:
            groups[key] = element


def _write(element: ET.Element, out: list[str], unsafe: re.Pattern[str]) -> None:
    """Serialise as `xml.etree` would once every tag is a plain name, each element is
    followed by a newline and whitespace-only text is a newline (or nothing when empty).
    (Our own writer, not `ET.tostring`: that one writes namespace prefixes and keeps
    Graphviz's whitespace. Written for speed, as it visits every element of every
    diagram: attribute values are checked for what `_escape_attribute` changes once per
    element, as most need nothing (`unsafe`: display.unsafe_characters()), and a child with
    no text and no children (most of them: paths, polygons) is written here, without a
    call of its own.)"""
    tag = _NAMES.get(element.tag) or _name(element.tag)
    text = element.text
    if text is not None and not text.strip():
        text = "\n" if len(element) else None
    if text or len(element):
        out.append(f"<{tag}{_attributes(element.attrib, unsafe)}>")
        if text:
            out.append(_escape_text(text))
        for child in element:
            if len(child) or (child.text and not child.text.isspace()):
                _write(child, out, unsafe)
            else:
                out.append(f"<{_NAMES.get(child.tag) or _name(child.tag)}{_attributes(child.attrib, unsafe)} />\n")
        out.append(f"</{tag}>\n")
    else:
        out.append(f"<{tag}{_attributes(element.attrib, unsafe)} />\n")


def _attributes(attrib: dict[str, str], unsafe: re.Pattern[str]) -> str:
    """` name="value"` for each attribute, in order, escaped where needed."""
    if not attrib:
        return ""
    if _needs_escape("".join(attrib.values()), unsafe):
        return "".join([f' {_NAMES.get(key) or _name(key)}="{_escape_attribute(value) if _needs_escape(value, unsafe) else value}"'
                        for key, value in attrib.items()])
    return "".join([f' {_NAMES.get(key) or _name(key)}="{value}"' for key, value in attrib.items()])


def _needs_escape(value: str, unsafe: re.Pattern[str]) -> bool:
    """Whether `_escape_attribute` changes `value`. In ASCII text (most values, `isascii` is
    free) the only unsafe characters (display.py) are the controls, so one search does."""
    if value.isascii():
        return _ASCII_SPECIAL.search(value) is not None
    return _SPECIAL.search(value) is not None or unsafe.search(value) is not None


_NAMES: dict[str, str] = {}
_SPECIAL = re.compile('[&<>"\r\n\t]')
_ASCII_SPECIAL = re.compile('[&<>"\x00-\x1f\x7f]')  # _SPECIAL and the ASCII ones of display.unsafe_characters (Cc)


def _name(qualified: str) -> str:
    """`{namespace}local` as a prefixed plain name (SVG's own without prefix)."""
    name = qualified
    if qualified[0] == "{":
        namespace, _, local = qualified[1:].partition("}")
        name = _PREFIXES.get(namespace, "") + local
    _NAMES[qualified] = name
    return name


def _escape_text(text: str) -> str:
    """Markup escaped; control, bidi and other characters XML forbids or that reorder text
    shown as visible escapes (display.display_safe), so the file is always well-formed XML."""
    text = display_safe(text, keep_breaks=True)
    if "&" in text:
        text = text.replace("&", "&amp;")
    if "<" in text:
        text = text.replace("<", "&lt;")
    if ">" in text:
        text = text.replace(">", "&gt;")
    return text


def _escape_attribute(value: str) -> str:
    value = _escape_text(value)
    if '"' in value:
        value = value.replace('"', "&quot;")
    if "\r" in value:
        value = value.replace("\r", "&#13;")
    if "\n" in value:
        value = value.replace("\n", "&#10;")
    if "\t" in value:
        value = value.replace("\t", "&#09;")
    return value


def _frame(root: ET.Element, title: str, description: str, uid: str) -> None:
    """Accessible name and description, fluid width capped at the natural width."""
    width = _PT.match(root.get("width", ""))
    root.attrib.pop("height", None)
    root.set("width", "100%")
    if width:  # never narrower than where the smallest text (style.SMALL_SIZE) is READABLE_PX
        natural = float(width.group(1))
        least = natural * min(1.0, READABLE_PX * 0.75 / style.SMALL_SIZE)
        root.set("style", f"max-width: {width.group(1)}pt; min-width: {_num(least)}pt; height: auto;")
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


def _step_order(root: ET.Element, groups: dict[str, ET.Element], links: dict[str, Link]) -> None:
    """Linked nodes last in the drawing and in step order (node names s0, s1, …), so Tab moves through
    the steps in order; edges are drawn first (`outputorder=edgesfirst`), so nothing is hidden."""
    parents = {child: parent for parent in root.iter() for child in parent}
    for key in sorted(links, key=_node_number):  # s0, s1, … s10: the builders name nodes in step order
        group = groups.get(key)
        parent = parents.get(group) if group is not None else None
        if group is not None and parent is not None:
            parent.remove(group)
            parent.append(group)


def _node_number(key: str) -> tuple[str, int]:
    digits = re.search(r"\d+$", key)
    return (key[: digits.start()], int(digits[0])) if digits else (key, -1)


def _target(group: ET.Element) -> ET.Element:
    """Where text of a node goes: inside its link when it has one, so the words are clickable."""
    return next(group.iter(_A), group)


def _text(label: Label, cx: float, cy: float) -> list[ET.Element]:
    """One `<text>` per line, centred on (cx, cy) in Graphviz coordinates (SVG y is -y)."""
    top = -cy - label.height / 2
    elements = []
    for line in label.lines:
        step = line.size * style.LINE_HEIGHT
        text = ET.Element(
            _TEXT,
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
    anchor = ET.Element(_A, href=link.href)
    hint = ET.SubElement(anchor, _TITLE)
    hint.text = link.tooltip
    anchor.extend(group)
    group[:] = [anchor]


def _num(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")
