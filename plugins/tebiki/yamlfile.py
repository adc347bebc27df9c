"""Read one YAML file safely: bytes -> text -> data, keeping where every node was written.

Refuses, with a located problem instead of a hang or a crash:
- files over their `Budget` of bytes or tokens (a procedure file: MAX_FILE_BYTES and
  MAX_TOKENS; the organisation and inventory files, which grow with the company:
  LIST_FILE), and files that are not UTF-8 (`encoding`);
- syntax errors and multi-document files (`yaml-syntax`);
- flow nesting deeper than MAX_DEPTH and aliases expanding to more than MAX_NODES
  values beyond those written, or recursive aliases (`yaml-syntax`: libyaml itself
  would crash or the data would explode in memory on the way to validation);
- repeated keys in a mapping (`duplicate-key`), which PyYAML would silently drop;
- a tagged value that is not what its tag says (`!!bool maybe`, `!!int x`): `yaml-syntax`
  at the tag, the value kept as the text written.
Text is text (spec: "Reading YAML written by people", rule 1): an unquoted value is
the string written (`on`, `17:30`, `01`, `2026-04-01`); only a blank, `~` or `null`
reads as null. Number fields are read from that text by `values.py`, by the schema,
so the fast converter and PyYAML's constructor (merge keys) cannot disagree.
A plain value cut by ` #x` is an `inline-comment` warning (yamlslips.py).
"""

from __future__ import annotations

import math
import operator
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Sequence

import yaml

from .lazy_patterns import LazyPattern
from .linemarks import fix_marks, needs_fixing
from .model import Location
from .problems import Problem
from .yamlslips import explain_syntax_error, inline_comments, may_cut_values, split_lines, tag_name, unused_anchors

try:  # libyaml's C parser where PyYAML was built with it; same results, several times faster
    from yaml import CSafeLoader as _BaseLoader
except ImportError:  # pragma: no cover - depends on the PyYAML build
    from yaml import SafeLoader as _BaseLoader  # type: ignore[assignment]

MAX_FILE_BYTES = 512 * 1024
"""A procedure file is a few kilobytes; anything this large is a mistake or an attack."""
MAX_DEPTH = 64
"""Deepest nesting of mappings and sequences accepted (a procedure needs 5)."""
MAX_NODES = 200_000
"""Most values aliases may add to a document once expanded, beyond the values written
(billion-laughs guard: ten lines of nested aliases expand to a billion values, a long
file written out by hand adds none)."""
_NESTING_MARKS_SAFE = 2000
"""Below this many nesting marks (`[`, `{`, `- `, `? `), a document cannot nest deep
enough to crash libyaml's composer (it crashes from about 40,000 levels): block
nesting without those marks needs a line per level with growing indentation,
which MAX_FILE_BYTES bounds to about 1,000 levels."""

MAX_TOKENS = 50_000
"""Most YAML tokens (keys, values, brackets, dashes) one file may hold: a procedure of 100
steps needs about 4,000. Budgeting tokens, not bytes, bounds the work of the pre-scan and
of the parse alike (512 KiB of flow mappings are 270,000 tokens: seconds of parsing)."""
_PRESCAN_FROM_CHARS = 64 * 1024
"""Smaller files with few nesting marks parse in milliseconds whatever they hold."""

MAX_LIST_FILE_BYTES = 8 * 1024 * 1024
"""The organisation and inventory files list the whole company: about 125 bytes a person
in the sample's style (id, name, department, roles, status, a comment now and then)."""
MAX_LIST_TOKENS = 1_000_000
"""Tokens of one organisation or inventory file: about 27 a person, so some 37,000 people;
parsed in about 10 seconds on a loaded machine (libyaml: ~10 µs a token)."""


@dataclass(frozen=True)
class Budget:
    """How much one file may hold: bytes read and YAML tokens parsed. `list_file`: the
    organisation or inventory file, whose size grows with the company (the messages say so)."""

    bytes: int
    tokens: int
    list_file: bool = False


PROCEDURE_FILE = Budget(MAX_FILE_BYTES, MAX_TOKENS)
"""A procedure file (and any file not named below)."""
LIST_FILE = Budget(MAX_LIST_FILE_BYTES, MAX_LIST_TOKENS, list_file=True)
"""`_org.yaml` and `_inventory.yaml`: one entry per person or procedure of the company."""

Path_ = Sequence["str | int"]


class _Loader(_BaseLoader):
    """Safe loader that records duplicate keys and keeps timestamps as text."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.duplicate_keys: list[tuple[yaml.Node, yaml.Node]] = []
        self.bad_tags: list[yaml.ScalarNode] = []
        self.unprintable: list[tuple[str | int | None, yaml.ScalarNode]] | None = []

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

    def resolve(self, kind: type, value: Any, implicit: Any) -> str:
        """Rule 1: no implicit booleans, base-60 or octal numbers, timestamps. A plain scalar is
        text, except a blank, `~` or `null` (null) and `<<` (a merge key). Same result as
        PyYAML's resolver with only those two implicit resolvers, several times faster. (The
        composer calls it for every node: a value longer than any of those words is text
        without hashing it, as a look-up in the set of words would.)"""
        if kind is _SCALAR_NODE:
            if implicit[0] and len(value) <= 4:
                if value in _NULL_WORDS:
                    return "tag:yaml.org,2002:null"
                if value == "<<":
                    return "tag:yaml.org,2002:merge"
            return "tag:yaml.org,2002:str"
        return "tag:yaml.org,2002:seq" if kind is _SEQUENCE_NODE else "tag:yaml.org,2002:map"

    # The composer calls these two around every node; with no path resolvers there is nothing
    # to track. C functions that take the same arguments and change nothing stand in for Python
    # no-op methods: no Python call per node (6% of composing a procedure file).
    descend_resolver = staticmethod(operator.is_)  # type: ignore[assignment]  # (parent, index) -> unused bool
    ascend_resolver = staticmethod(tuple)  # type: ignore[assignment]  # () -> unused ()


_NULL_WORDS = frozenset({"", "~", "null", "Null", "NULL"})  # the longest: 4 characters (resolve)
_SCALAR_NODE, _SEQUENCE_NODE, _MAPPING_NODE = yaml.ScalarNode, yaml.SequenceNode, yaml.MappingNode
_Loader.yaml_implicit_resolvers = {}
_Loader.add_implicit_resolver("tag:yaml.org,2002:null", re.compile(r"^(?:~|null|Null|NULL|)$"), ["~", "n", "N", ""])
_Loader.add_implicit_resolver("tag:yaml.org,2002:merge", re.compile(r"^(?:<<)$"), ["<"])


@dataclass
class YamlDocument:
    """A parsed file: its data and its node tree, to locate any value by path."""

    file: str
    data: Any
    root: yaml.Node | None
    problems: list[Problem] = field(default_factory=list)
    unprintable: list[tuple[str | int | None, yaml.ScalarNode]] | None = None
    """Every scalar value (not a key) whose text is not printable (`str.isprintable`), with the
    key or list index it sits at (None: the document itself), in file order, a value an alias
    repeats once per use, as the reader met them; None when the reader did not note them (the
    hidden-character check then walks the tree)."""
    _keys: dict[int, dict[str, tuple[yaml.Node, yaml.Node]]] = field(default_factory=dict, repr=False)
    """Each mapping looked into (by id): its text keys -> the first (key, value) pair written."""

    def locate(self, path: Path_, *, key: bool = False) -> Location:
        """Where the value at `path` was written; with key=True, where its key was.

        Falls back to the deepest existing parent, so a missing field points at
        the mapping that should hold it.
        """
        target = self._node_at(path, key)
        if target is None:
            return Location(self.file)
        return Location(self.file, target.start_mark.line + 1, target.start_mark.column + 1)

    def _node_at(self, path: Path_, key: bool) -> yaml.Node | None:
        """The node at `path` (or its key node), else the deepest parent: a step not found
        leaves the walk where it was, and the next step is looked for there."""
        node = self.root
        last = len(path) - 1
        indexed = self._keys
        for depth, step in enumerate(path):
            if isinstance(node, _MAPPING_NODE):
                pairs = indexed.get(id(node))
                if pairs is None:
                    pairs = self._pairs(node)
                pair = pairs.get(step if step.__class__ is str else str(step))
                if pair is not None:
                    node = pair[0] if key and depth == last else pair[1]
            elif isinstance(node, _SEQUENCE_NODE) and isinstance(step, int) and 0 <= step < len(node.value):
                node = node.value[step]
        return node

    def _pairs(self, mapping: yaml.MappingNode) -> dict[str, tuple[yaml.Node, yaml.Node]]:
        """The text keys of `mapping` -> the first pair written with that key (a repeated key
        is `duplicate-key`; its first place counts), indexed on the first look into it. Only a
        text key's value is text (a list for the others)."""
        pairs = self._keys.get(id(mapping))
        if pairs is None:
            pairs = self._keys[id(mapping)] = {}
            for key_node, value_node in mapping.value:
                if isinstance(key_node.value, str):
                    pairs.setdefault(key_node.value, (key_node, value_node))
        return pairs


def read_yaml(path: Path, rel: str, budget: Budget = PROCEDURE_FILE) -> YamlDocument:
    """Read and parse `path` (shown to users as `rel`), at most `budget.bytes` + 1 bytes of a
    regular file (handbook_files.read_bounded). Never raises for bad content."""
    from .handbook_files import UnsafeFile, read_bounded

    try:
        raw = read_bounded(path, budget.bytes)
    except (OSError, UnsafeFile) as error:
        detail = error.reason if isinstance(error, UnsafeFile) else error.strerror or str(error)
        return _failed(rel, "encoding", 1, 1, reason="unreadable", error=detail)
    return parse_yaml(raw, rel, budget)


def parse_yaml(raw: bytes, rel: str, budget: Budget = PROCEDURE_FILE) -> YamlDocument:
    """Parse bytes already read; see the module docstring for what is refused. Lines are
    counted at LF only, as editors and GitHub count them (linemarks.py)."""
    document = _parse_yaml(raw, rel, budget)
    if document.problems or document.root is not None:
        text = raw.decode("utf-8-sig", errors="replace")
        if needs_fixing(text):
            document.problems[:] = fix_marks(text, document.root, document.problems)
    return document


def _parse_yaml(raw: bytes, rel: str, budget: Budget) -> YamlDocument:
    list_file = "-list" if budget.list_file else ""
    if len(raw) > budget.bytes:
        return _failed(rel, "yaml-syntax", 1, 1, reason="too-large" + list_file, size=len(raw), limit=budget.bytes)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        return _not_utf8(raw, rel, error)
    marks = text.count("[") + text.count("{") + text.count("- ") + text.count("? ")
    if marks > _NESTING_MARKS_SAFE or len(text) > _PRESCAN_FROM_CHARS:
        refusal = _prescan(text, budget.tokens)
        if refusal:
            reason, line = refusal
            if reason == "too-many-tokens":
                return _failed(rel, "yaml-syntax", line, 1, reason=reason + list_file, limit=budget.tokens)
            return _failed(rel, "yaml-syntax", line, 1, reason=reason, limit=MAX_DEPTH)
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
    except RecursionError:
        return _failed(rel, "yaml-syntax", 1, 1, reason="too-deep", limit=MAX_DEPTH)
    except yaml.reader.ReaderError as error:
        line, column = _position(text, error.position)
        return _failed(rel, "yaml-syntax", line, column, reason="bad-character", detail=f"#x{error.character:04x}")
    except (yaml.YAMLError, ValueError, TypeError) as error:
        return _failed(rel, "yaml-syntax", 1, 1, reason="syntax", detail=str(error).splitlines()[0])
    finally:
        loader.dispose()
    if refused:
        reason, node = refused
        return _failed(rel, "yaml-syntax", node.start_mark.line + 1, node.start_mark.column + 1,
                       reason=reason, limit=MAX_NODES if reason == "too-many-nodes" else MAX_DEPTH)
    document = YamlDocument(rel, data, root, unprintable=loader.unprintable)
    for first, again in loader.duplicate_keys:
        document.problems.append(Problem(
            "duplicate-key", rel, again.start_mark.line + 1, again.start_mark.column + 1,
            params={"key": str(again.value), "first_line": first.start_mark.line + 1}))
    for node in loader.bad_tags:
        document.problems.append(Problem(
            "yaml-syntax", rel, node.start_mark.line + 1, node.start_mark.column + 1,
            params={"reason": "bad-tag", "tag": node.tag.replace("tag:yaml.org,2002:", "!!"), "value": node.value}))
    if "&" in text:
        for line, column, value in unused_anchors(text):
            document.problems.append(Problem("yaml-syntax", rel, line, column,
                                             params={"reason": "special-start", "char": "&", "value": value}))
    if may_cut_values(text):
        for line, column, dropped in inline_comments(split_lines(text), root):
            document.problems.append(Problem("inline-comment", rel, line, column, params={"dropped": dropped}))
    return document


_STR, _INT, _FLOAT, _BOOL, _NULL, _TIMESTAMP, _SEQ, _MAP = (
    f"tag:yaml.org,2002:{name}" for name in ("str", "int", "float", "bool", "null", "timestamp", "seq", "map"))
_BOOLS = {"yes": True, "true": True, "on": True, "no": False, "false": False, "off": False}
_WHOLE = LazyPattern(r"^[-+]?[0-9]+$")
_DECIMAL = LazyPattern(r"^[-+]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][-+]?[0-9]+)?$")
_ISO_DATE = LazyPattern(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")


def _tagged(loader: _Loader, node: yaml.Node) -> Any:
    """An explicitly tagged scalar (`!!int 10`): its value when it is what the tag says,
    in decimal (`!!int 010` is 10, like `010`), else the text written, recorded as a bad tag."""
    if not isinstance(node, yaml.ScalarNode):  # `!!int [a]`: the tag cannot apply at all
        raise yaml.constructor.ConstructorError(
            None, None, f"could not determine a constructor for the tag '{node.tag}' on a collection", node.start_mark)
    value, tag = node.value.strip(), node.tag
    if tag == _NULL and value in ("", "~", "null", "Null", "NULL"):
        return None
    if tag == _BOOL and value.lower() in _BOOLS:
        return _BOOLS[value.lower()]
    if tag == _INT and _WHOLE.match(value):
        return int(value, 10)
    if tag == _FLOAT and _DECIMAL.match(value) and math.isfinite(float(value)):
        return float(value)
    if tag == _TIMESTAMP and _ISO_DATE.match(value):
        return value
    loader.bad_tags.append(node)
    return node.value


for _tag in (_NULL, _BOOL, _INT, _FLOAT, _TIMESTAMP):
    _Loader.add_constructor(_tag, _tagged)


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
    generic constructor, which notes the values that are not printable text on its way
    (`loader.unprintable`); anything else goes through that constructor."""
    if root is None:
        return None
    try:
        if isinstance(root, yaml.ScalarNode) and not root.value.isprintable():
            loader.unprintable.append((None, root))  # type: ignore[union-attr]
        return _convert(root, loader, 1)
    except _NotPlain:
        loader.duplicate_keys.clear()
        loader.bad_tags.clear()
        loader.unprintable = None
        refused = _alias_refusal(root)  # the constructor does not bound depth: check first
        if refused:
            raise _Refused(*refused) from None
        return loader.construct_document(root)


def _convert(node: yaml.Node, loader: _Loader, depth: int) -> Any:
    tag = node.tag
    if depth > MAX_DEPTH:
        raise _Refused("too-deep", node)
    if tag == _STR:
        return node.value
    deeper = depth + 1
    text_inline = deeper <= MAX_DEPTH  # a text child is its own value: no call for it (most nodes)
    if tag == _MAP:
        pairs = node.value
        mapping = {}
        for key_node, value_node in pairs:
            key_tag = key_node.tag
            if key_tag == _MAP or key_tag == _SEQ or key_tag == "tag:yaml.org,2002:merge":
                raise _NotPlain
            value = value_node.value if value_node.tag == _STR and text_inline else _convert(value_node, loader, deeper)
            mapping[key_node.value if key_tag == _STR and text_inline else _convert(key_node, loader, deeper)] = value
            if value_node.__class__ is yaml.ScalarNode and not value_node.value.isprintable():
                loader.unprintable.append((key_node.value, value_node))  # type: ignore[union-attr]
        if len(mapping) < len(pairs):
            seen: dict[Any, yaml.Node] = {}
            for key_node, _ in pairs:
                if key_node.value in seen:
                    loader.duplicate_keys.append((seen[key_node.value], key_node))
                else:
                    seen[key_node.value] = key_node
        return mapping
    if tag == _SEQ:
        items = []
        for index, child in enumerate(node.value):
            items.append(child.value if child.tag == _STR and text_inline else _convert(child, loader, deeper))
            if child.__class__ is yaml.ScalarNode and not child.value.isprintable():
                loader.unprintable.append((index, child))  # type: ignore[union-attr]
        return items
    if tag == _NULL and node.value in ("", "~", "null", "Null", "NULL"):
        return None
    if tag in (_NULL, _BOOL, _INT, _FLOAT, _TIMESTAMP):
        return _tagged(loader, node)
    raise _NotPlain


def _syntax_error(rel: str, text: str, error: yaml.MarkedYAMLError) -> YamlDocument:
    """A parser error, located at what the author typed wrong (yamlslips.py), with its cause."""
    detail = error.problem or error.context or str(error)
    if "nesting depth" in detail:  # PyYAML >= 6.0.3 bounds nesting itself; same refusal as ours
        mark = error.problem_mark or error.context_mark
        line = min(mark.line + 1, len(split_lines(text))) if mark else 1
        return _failed(rel, "yaml-syntax", line, 1, reason="too-deep", limit=MAX_DEPTH)
    slip = explain_syntax_error(text, error)
    params = dict(slip.params)
    if slip.reason == "tag":
        params["tag"] = tag_name(str(error))
    return _failed(rel, "yaml-syntax", slip.line, slip.column, reason=slip.reason, **params)


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


def _prescan(text: str, max_tokens: int) -> tuple[str, int] | None:
    """("too-deep" | "too-many-tokens", line) when the file nests deeper than MAX_DEPTH or
    holds more than `max_tokens` tokens, else None; stops at the first of either.

    Only scans (tokens, no nodes), so it is safe on input that would crash libyaml's
    composer; libyaml's C scanner when PyYAML has it (six times faster than the pure
    one), which refuses absurd nesting itself.
    """
    depth = tokens = 0
    try:
        for token in yaml.scan(text, Loader=_BaseLoader):
            tokens += 1
            if tokens > max_tokens:
                return "too-many-tokens", token.start_mark.line + 1
            if isinstance(token, (yaml.FlowSequenceStartToken, yaml.FlowMappingStartToken,
                                  yaml.BlockSequenceStartToken, yaml.BlockMappingStartToken)):
                depth += 1
                if depth > MAX_DEPTH:
                    return "too-deep", token.start_mark.line + 1
            elif isinstance(token, (yaml.FlowSequenceEndToken, yaml.FlowMappingEndToken, yaml.BlockEndToken)):
                depth -= 1
    except yaml.MarkedYAMLError as error:
        if "nesting depth" in str(error) and error.problem_mark is not None:
            return "too-deep", error.problem_mark.line + 1
        return None  # the real parse reports the syntax error with its mark
    except yaml.YAMLError:
        return None
    return None


def _alias_refusal(root: yaml.Node) -> tuple[str, yaml.Node] | None:
    """Why a document using anchors must be refused (aliases that add more than MAX_NODES
    values once expanded, too deep, or a recursive alias), or None. Iterative, memoised."""
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
            # len(sizes): the values written so far, which include every one under `node`
            if sizes[key] - len(sizes) > MAX_NODES:
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
