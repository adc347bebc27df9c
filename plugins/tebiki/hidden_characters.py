"""`schema` problems (kinds `control-character` and `bidi-character`) for a text value
of any file holding a C0/C1 control character (newline and tab allowed in
`description` and `summary`, which may span lines) or a bidi embedding, override or
isolate (U+202A–U+202E, U+2066–U+2069): it drives terminals, breaks XML and reorders
what a reviewer reads (`title: "\\u202Eexe.pdf"`). Reported at the value; pages show
it escaped. Run by the loader on every file as it is read (pure: a parsed document in,
problems out).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Iterator

import yaml

from .problems import Problem
from .schemas import place_of

if TYPE_CHECKING:
    from .yamlfile import YamlDocument

_CONTROLS = re.compile("[\x00-\x1f\x7f-\x9f]")
_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")
_MULTI_LINE_FIELDS = frozenset({"description", "summary"})


def hidden_characters(document: YamlDocument) -> Iterator[Problem]:
    """One `schema` problem per text value (of any file) holding control or bidi characters,
    at the value, naming each distinct character as U+XXXX. A single trailing newline (a
    `|` or `>` block's own) is not counted."""
    for path, node in _text_values(document.root, (), set()):
        text = node.value
        multi_line = bool(path) and path[-1] in _MULTI_LINE_FIELDS
        if multi_line:
            text = text.replace("\n", "").replace("\t", "")
        elif text.endswith("\n") and node.style in ("|", ">"):
            text = text[:-1]
        found = dict.fromkeys(_CONTROLS.findall(text) + _BIDI.findall(text))
        if not found:
            continue
        kind = "control-character" if any(_CONTROLS.match(ch) for ch in found) else "bidi-character"
        yield Problem("schema", document.file, node.start_mark.line + 1, node.start_mark.column + 1,
                      params={"kind": kind, "place": place_of(document.data, tuple(path)),
                              "chars": ", ".join(f"U+{ord(ch):04X}" for ch in found)})


def _text_values(node: yaml.Node | None, path: tuple[str | int, ...],
                 seen: set[int]) -> Iterator[tuple[tuple[str | int, ...], yaml.ScalarNode]]:
    """Every scalar value below `node` (not keys), with its path; a shared (aliased) node once."""
    if node is None or id(node) in seen:
        return
    seen.add(id(node))
    if isinstance(node, yaml.ScalarNode):
        if isinstance(node.value, str):
            yield path, node
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            yield from _text_values(item, (*path, i), seen)
    elif isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if isinstance(key, yaml.ScalarNode):
                yield from _text_values(value, (*path, key.value), seen)
