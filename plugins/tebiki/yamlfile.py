"""Read one YAML file safely: bytes -> text -> data, keeping where every node was written.

Refuses, with a located problem instead of a hang or a crash:
- files over MAX_FILE_BYTES, and files that are not UTF-8 (`encoding`);
- syntax errors and multi-document files (`yaml-syntax`);
- flow nesting deeper than MAX_DEPTH and alias expansions over MAX_NODES or
  recursive aliases (`yaml-syntax`: libyaml itself would crash or the data
  would explode in memory on the way to validation);
- repeated keys in a mapping (`duplicate-key`), which PyYAML would silently drop.
YAML timestamps stay the strings they were written as (`2026-04-01`), so a date
is validated and converted in one place (the model builder), never half-parsed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Sequence

import yaml

from .model import Location
from .problems import Problem

try:  # libyaml's C parser where PyYAML was built with it; same results, several times faster
    from yaml import CSafeLoader as _BaseLoader
except ImportError:  # pragma: no cover - depends on the PyYAML build
    from yaml import SafeLoader as _BaseLoader  # type: ignore[assignment]

MAX_FILE_BYTES = 512 * 1024
"""A procedure file is a few kilobytes; anything this large is a mistake or an attack."""
MAX_DEPTH = 64
"""Deepest nesting of mappings and sequences accepted (a procedure needs 5)."""
MAX_NODES = 200_000
"""Most values a document may expand to through aliases (billion-laughs guard)."""
_NESTING_MARKS_SAFE = 2000
"""Below this many nesting marks (`[`, `{`, `- `, `? `), a document cannot nest deep
enough to crash libyaml's composer (it crashes from about 40,000 levels): block
nesting without those marks needs a line per level with growing indentation,
which MAX_FILE_BYTES bounds to about 1,000 levels."""

Path_ = Sequence["str | int"]


class _Loader(_BaseLoader):  # type: ignore[misc,valid-type]
    """Safe loader that records duplicate keys and keeps timestamps as text."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.duplicate_keys: list[tuple[yaml.Node, yaml.Node]] = []

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        own_pairs = node.value  # merge keys (`<<`) are flattened into a new list; these stay the written ones
        mapping = super().construct_mapping(node, deep=deep)
        if len(mapping) < len(node.value):  # something collapsed: find what was written twice
            seen: dict[Any, yaml.Node] = {}
            for key_node, _ in own_pairs:
                key = key_node.value if isinstance(key_node, yaml.ScalarNode) else id(key_node)
                if key in seen:
                    self.duplicate_keys.append((seen[key], key_node))
                else:
                    seen[key] = key_node
        return mapping


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _Loader.construct_yaml_str)


@dataclass
class YamlDocument:
    """A parsed file: its data and its node tree, to locate any value by path."""

    file: str
    data: Any
    root: yaml.Node | None
    problems: list[Problem] = field(default_factory=list)
    _nodes: dict[tuple[Any, bool], yaml.Node | None] = field(default_factory=dict, repr=False)

    def locate(self, path: Path_, *, key: bool = False) -> Location:
        """Where the value at `path` was written; with key=True, where its key was.

        Falls back to the deepest existing parent, so a missing field points at
        the mapping that should hold it.
        """
        target = self._node_at(tuple(path), key)
        if target is None:
            return Location(self.file)
        return Location(self.file, target.start_mark.line + 1, target.start_mark.column + 1)

    def _node_at(self, path: tuple[str | int, ...], key: bool) -> yaml.Node | None:
        """The node at `path` (or its key node), else the deepest parent; prefixes are cached."""
        if not path:
            return self.root
        cache_key = (path, key)
        if cache_key in self._nodes:
            return self._nodes[cache_key]
        parent = self._node_at(path[:-1], False)
        step = path[-1]
        found: yaml.Node | None = None
        if isinstance(parent, yaml.MappingNode):
            for key_node, value_node in parent.value:
                if isinstance(key_node, yaml.ScalarNode) and key_node.value == str(step):
                    found = key_node if key else value_node
                    break
        elif isinstance(parent, yaml.SequenceNode) and isinstance(step, int) and 0 <= step < len(parent.value):
            found = parent.value[step]
        result = found if found is not None else parent
        self._nodes[cache_key] = result
        return result


def read_yaml(path: Path, rel: str) -> YamlDocument:
    """Read and parse `path` (shown to users as `rel`). Never raises for bad content."""
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            return _failed(rel, "yaml-syntax", 1, 1, reason="too-large", size=size, limit=MAX_FILE_BYTES)
        raw = path.read_bytes()
    except OSError as error:
        return _failed(rel, "encoding", 1, 1, reason="unreadable", error=error.strerror or str(error))
    return parse_yaml(raw, rel)


def parse_yaml(raw: bytes, rel: str) -> YamlDocument:
    """Parse bytes already read; see the module docstring for what is refused."""
    if len(raw) > MAX_FILE_BYTES:
        return _failed(rel, "yaml-syntax", 1, 1, reason="too-large", size=len(raw), limit=MAX_FILE_BYTES)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        return _not_utf8(raw, rel, error)
    marks = text.count("[") + text.count("{") + text.count("- ") + text.count("? ")
    if marks > _NESTING_MARKS_SAFE:
        depth_line = _too_deep_line(text)
        if depth_line:
            return _failed(rel, "yaml-syntax", depth_line, 1, reason="too-deep", limit=MAX_DEPTH)
    loader = _Loader(text)
    try:
        root = loader.get_single_node()
        refused = _alias_refusal(root) if root is not None and "&" in text else None
        if refused is None:
            data = _plain_data(root, loader)
    except _Refused as refusal:
        refused = refusal.reason, refusal.node
    except yaml.MarkedYAMLError as error:
        return _syntax_error(rel, text, error)
    except yaml.reader.ReaderError as error:
        line, column = _position(text, error.position)
        return _failed(rel, "yaml-syntax", line, column, reason="bad-character", detail=f"#x{error.character:04x}")
    except (yaml.YAMLError, RecursionError, ValueError, TypeError) as error:
        return _failed(rel, "yaml-syntax", 1, 1, reason="syntax", detail=str(error).splitlines()[0])
    finally:
        loader.dispose()
    if refused:
        reason, node = refused
        return _failed(rel, "yaml-syntax", node.start_mark.line + 1, node.start_mark.column + 1,
                       reason=reason, limit=MAX_NODES if reason == "too-many-nodes" else MAX_DEPTH)
    document = YamlDocument(rel, data, root)
    for first, again in loader.duplicate_keys:
        document.problems.append(Problem(
            "duplicate-key", rel, again.start_mark.line + 1, again.start_mark.column + 1,
            params={"key": str(again.value), "first_line": first.start_mark.line + 1}))
    return document


_STR, _INT, _FLOAT, _BOOL, _NULL, _TIMESTAMP, _SEQ, _MAP = (
    f"tag:yaml.org,2002:{name}" for name in ("str", "int", "float", "bool", "null", "timestamp", "seq", "map"))
_BOOLS = {"yes": True, "true": True, "on": True, "no": False, "false": False, "off": False}


class _NotPlain(Exception):
    """The document uses something only PyYAML's full constructor handles (merge keys, tags)."""


class _Refused(Exception):
    """The document is refused (too deep, too large once expanded): `reason` at `node`."""

    def __init__(self, reason: str, node: yaml.Node) -> None:
        super().__init__(reason)
        self.reason, self.node = reason, node


def _plain_data(root: yaml.Node | None, loader: _Loader) -> Any:
    """Node tree -> Python data. Plain documents (strings, numbers, lists, mappings:
    every procedure file) take a direct conversion about twice as fast as PyYAML's
    generic constructor; anything else goes through that constructor."""
    if root is None:
        return None
    try:
        return _convert(root, loader, 1)
    except _NotPlain:
        loader.duplicate_keys.clear()
        refused = _alias_refusal(root)  # the constructor does not bound depth: check first
        if refused:
            raise _Refused(*refused) from None
        return loader.construct_document(root)


def _convert(node: yaml.Node, loader: _Loader, depth: int) -> Any:
    tag = node.tag
    if depth > MAX_DEPTH:
        raise _Refused("too-deep", node)
    if tag == _STR or tag == _TIMESTAMP:
        return node.value
    if tag == _MAP:
        pairs = node.value
        mapping = {}
        for key_node, value_node in pairs:
            if key_node.tag == _MAP or key_node.tag == _SEQ or key_node.tag == "tag:yaml.org,2002:merge":
                raise _NotPlain
            mapping[_convert(key_node, loader, depth + 1)] = _convert(value_node, loader, depth + 1)
        if len(mapping) < len(pairs):
            seen: dict[Any, yaml.Node] = {}
            for key_node, _ in pairs:
                if key_node.value in seen:
                    loader.duplicate_keys.append((seen[key_node.value], key_node))
                else:
                    seen[key_node.value] = key_node
        return mapping
    if tag == _SEQ:
        return [_convert(child, loader, depth + 1) for child in node.value]
    if tag == _INT:
        value = node.value
        return int(value) if value.isdigit() else loader.construct_yaml_int(node)
    if tag == _NULL:
        return None
    if tag == _BOOL:
        return _BOOLS[node.value.lower()]
    if tag == _FLOAT:
        return loader.construct_yaml_float(node)
    raise _NotPlain


def _syntax_error(rel: str, text: str, error: yaml.MarkedYAMLError) -> YamlDocument:
    """A parser error, located at its mark, with a plainer word for the usual suspects."""
    mark = error.problem_mark or error.context_mark
    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    detail = error.problem or error.context or str(error)
    reason = "syntax"
    if "nesting depth" in detail:  # PyYAML >= 6.0.3 bounds nesting itself; same refusal as ours
        return _failed(rel, "yaml-syntax", line, column, reason="too-deep", limit=MAX_DEPTH)
    if "another document" in detail:
        reason = "multi-document"
    elif mark is not None and _indented_with_tab(text, mark.line):
        reason = "tab"
    return _failed(rel, "yaml-syntax", line, column, reason=reason, detail=detail)


def _indented_with_tab(text: str, line_index: int) -> bool:
    lines = text.split("\n")
    row = lines[line_index] if 0 <= line_index < len(lines) else ""
    return "\t" in row[: len(row) - len(row.lstrip(" \t"))]


def _position(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of a reader error. libyaml counts bytes of UTF-8,
    PyYAML's pure reader counts characters; columns are reported in characters."""
    if _BaseLoader is not yaml.SafeLoader:
        offset = len(text.encode("utf-8")[:offset].decode("utf-8", errors="ignore"))
    line_start = text.rfind("\n", 0, offset) + 1
    return text.count("\n", 0, offset) + 1, offset - line_start + 1


def _failed(rel: str, code: str, line: int, column: int, **params: Any) -> YamlDocument:
    return YamlDocument(rel, None, None, [Problem(code, rel, line, column, params=params)])


def _not_utf8(raw: bytes, rel: str, error: UnicodeDecodeError) -> YamlDocument:
    before = raw[: error.start]
    line = before.count(b"\n") + 1
    column = error.start - (before.rfind(b"\n") + 1) + 1
    guess = "UTF-16" if raw[:2] in (b"\xff\xfe", b"\xfe\xff") else ""
    for codec, name in (() if guess else (("cp932", "Shift_JIS"), ("euc_jp", "EUC-JP"))):
        try:
            raw.decode(codec)
        except UnicodeDecodeError:
            continue
        guess = name
        break
    return _failed(rel, "encoding", line, column, reason="not-utf8",
                   byte=f"0x{raw[error.start]:02x}", guess=guess)


def _too_deep_line(text: str) -> int:
    """The line where flow nesting first passes MAX_DEPTH, or 0.

    Uses PyYAML's pure-Python scanner, which keeps its own stack instead of
    recursing, so it is safe on input that would crash libyaml's composer.
    """
    depth = 0
    try:
        for token in yaml.scan(text, Loader=yaml.SafeLoader):
            if isinstance(token, (yaml.FlowSequenceStartToken, yaml.FlowMappingStartToken,
                                  yaml.BlockSequenceStartToken, yaml.BlockMappingStartToken)):
                depth += 1
                if depth > MAX_DEPTH:
                    return token.start_mark.line + 1
            elif isinstance(token, (yaml.FlowSequenceEndToken, yaml.FlowMappingEndToken, yaml.BlockEndToken)):
                depth -= 1
    except yaml.YAMLError:
        return 0  # the real parse reports the syntax error with its mark
    return 0


def _alias_refusal(root: yaml.Node) -> tuple[str, yaml.Node] | None:
    """Why a document using anchors must be refused (too many nodes once aliases
    are expanded, too deep, or a recursive alias), or None. Iterative, memoised."""
    sizes: dict[int, int] = {}
    depths: dict[int, int] = {}
    on_path: set[int] = set()
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, done = stack.pop()
        key = id(node)
        children = _children(node)
        if done:
            on_path.discard(key)
            sizes[key] = 1 + sum(sizes[id(c)] for c in children)
            depths[key] = 1 + max((depths[id(c)] for c in children), default=0)
            if sizes[key] > MAX_NODES:
                return "too-many-nodes", node
            if depths[key] > MAX_DEPTH:
                return "too-deep", node
            continue
        if key in sizes:
            continue
        if key in on_path:
            return "recursive-alias", node
        on_path.add(key)
        stack.append((node, True))
        for child in children:
            if id(child) in on_path:
                return "recursive-alias", child
            if id(child) not in sizes:
                stack.append((child, False))
    return None


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.MappingNode):
        return [n for pair in node.value for n in pair]
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    return []
