"""`schema` problems (kinds `control-character` and `bidi-character`) for a text value
of any file holding a C0/C1 control character (newline and tab allowed in
`description` and `summary`, which may span lines) or a bidi embedding, override or
isolate (U+202A–U+202E, U+2066–U+2069): it drives terminals, breaks XML and reorders
what a reviewer reads (`title: "\\u202Eexe.pdf"`). Reported at the first such character
when it is written as itself (line 3 of a `|` description is line 3, not the `|`), at the
value when it is written as an escape (`"\\u202E"`); pages show it escaped. Run by the loader on every file as it is read (pure: a parsed document in,
problems out). Only values that are not printable text can hold one: those the reader
noted while converting the file (YamlDocument.unprintable), else those a walk finds.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Iterator

import yaml

from .lazy_patterns import LazyPattern
from .problems import Problem
from .schemas import place_of

if TYPE_CHECKING:
    from .yamlfile import YamlDocument

_CONTROLS = LazyPattern("[\x00-\x1f\x7f-\x9f]")
_BIDI = LazyPattern("[\u202a-\u202e\u2066-\u2069]")
_HIDDEN_BUT_BREAKS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
"""_CONTROLS (but newline and tab) and _BIDI in one class: what a multi-line value may not hold.
Compiled at import: every description and summary of more than one line is searched with it."""
_YAML_LINE = LazyPattern("[^\r\n\x85\u2028\u2029]*(?:\r\n|[\r\n\x85\u2028\u2029])|[^\r\n\x85\u2028\u2029]+$")
"""A line as YAML (libyaml) counts lines, with its break: CR LF, CR, LF, NEL, LS or PS."""
_MULTI_LINE_FIELDS = frozenset({"description", "summary"})


def hidden_characters(document: YamlDocument, raw: bytes | None = None) -> Iterator[Problem]:
    """One `schema` problem per text value (of any file) holding control or bidi characters,
    naming each distinct character as U+XXXX; at the first one in `raw` (the file's bytes)
    within the value's lines, else at the value. A single trailing newline (a `|` or `>`
    block's own) is not counted."""
    lines: list[str] | None = None
    for step, node in _unprintable_values(document, raw):
        text = node.value
        multi_line = step in _MULTI_LINE_FIELDS
        if multi_line and not _HIDDEN_BUT_BREAKS.search(text):  # a description's lines (most values here)
            continue
        if multi_line:
            text = text.replace("\n", "").replace("\t", "")
        elif text.endswith("\n") and node.style in ("|", ">"):
            text = text[:-1]
        found = dict.fromkeys(_CONTROLS.findall(text) + _BIDI.findall(text))
        if not found:
            continue
        kind = "control-character" if any(_CONTROLS.match(ch) for ch in found) else "bidi-character"
        if lines is None:
            lines = _YAML_LINE.findall(raw.decode("utf-8-sig", errors="replace")) if raw else []
        line, column = _first_written(lines, node, set(found)) or (node.start_mark.line, node.start_mark.column)
        path = _path_to(document.root, node)
        yield Problem("schema", document.file, line + 1, column + 1,
                      params={"kind": kind, "place": place_of(document.data, path),
                              "chars": ", ".join(f"U+{ord(ch):04X}" for ch in found)})


def _first_written(lines: list[str], node: yaml.ScalarNode, chars: set[str]) -> tuple[int, int] | None:
    """(line, column), from 0, of the first of `chars` written as itself between the
    value's start and end marks; None when only escapes wrote them (or no source)."""
    start, end = node.start_mark, node.end_mark
    for number in range(start.line, min(end.line, len(lines) - 1) + 1):
        text = lines[number]
        first = start.column if number == start.line else 0
        last = end.column if number == end.line else len(text)
        for column in range(first, min(last, len(text))):
            if text[column] in chars and text[column:].strip("\r\n\x85\u2028\u2029"):
                return number, column
    return None


def _unprintable_values(document: YamlDocument,
                        raw: bytes | None) -> list[tuple[str | int | None, yaml.ScalarNode]]:
    """(the key or index it sits at, None for the document itself; the node) of every value
    that is not printable text, in file order, each node once: as the reader noted them
    (YamlDocument.unprintable), else from a walk of the tree."""
    if document.unprintable is None:
        return [(path[-1] if path else None, node) for path, node in _text_values(document.root)]
    if raw is not None and b"*" not in raw:  # no alias: no node met twice
        return document.unprintable
    seen: set[int] = set()
    first = []
    for step, node in document.unprintable:
        if id(node) not in seen:
            seen.add(id(node))
            first.append((step, node))
    return first


def _path_to(root: yaml.Node | None, target: yaml.Node) -> tuple[str | int, ...]:
    """The path of `target`'s first place in the tree, depth first in file order (as
    `_text_values` meets it); only asked for a value with a finding."""
    stack: list[tuple[yaml.Node, tuple[str | int, ...]]] = [(root, ())] if root is not None else []
    while stack:
        node, path = stack.pop()
        if node is target:
            return path
        if isinstance(node, yaml.SequenceNode):
            stack.extend((item, (*path, i)) for i, item in reversed(list(enumerate(node.value))))
        elif isinstance(node, yaml.MappingNode):
            stack.extend((value, (*path, key.value)) for key, value in reversed(node.value)
                         if isinstance(key, yaml.ScalarNode))
    return ()


def _text_values(root: yaml.Node | None) -> list[tuple[tuple[str | int, ...], yaml.ScalarNode]]:
    """Every scalar value below `root` (not keys) that is not printable text, with its path,
    in file order; a shared (aliased) node once. Printable text (`str.isprintable`) holds
    no control or bidi character, so only the others are kept."""
    found: list[tuple[tuple[str | int, ...], yaml.ScalarNode]] = []
    seen: set[int] = set()

    def visit(node: yaml.Node, path: tuple[str | int, ...]) -> None:
        if id(node) in seen:
            return
        seen.add(id(node))
        if isinstance(node, yaml.ScalarNode):
            if isinstance(node.value, str) and not node.value.isprintable():
                found.append((path, node))
        elif isinstance(node, yaml.SequenceNode):
            for i, item in enumerate(node.value):
                visit(item, (*path, i))
        elif isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                if isinstance(key, yaml.ScalarNode):
                    visit(value, (*path, key.value))

    if root is not None:
        visit(root, ())
    return found
