"""The slips back-office authors make in YAML, found in the text itself (spec: "Reading YAML
written by people", rules 4-6).

- `explain_syntax_error`: the parser stopped; find what the author typed at or just
  before the parser's mark (a full-width `：` or `　`, a value starting with one of
  YAML's special characters, a `: ` inside text, a tab, an unclosed quote...) and
  return a cause (a message-catalog variant), the 1-based line and column of that
  character, and the parameters its message needs. Never a line past the last one.
- `inline_comments`: a plain value followed on its line by ` #` and a non-space
  character, which YAML silently dropped as a comment.

Pure text functions: no file access, no YAML loading.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Iterator

import yaml

from .lazy_patterns import LazyPattern

LINE_BREAKS = LazyPattern(r"\r\n|\r|\n|\x85|\u2028|\u2029")
"""What YAML counts as the end of a line; line numbers follow it."""

FULLWIDTH_COLON = "\uff1a"  # ：
FULLWIDTH_SPACE = "\u3000"  # 全角スペース

_KEY = r"[A-Za-z_][A-Za-z0-9_-]*"
_ITEM = r"(?:-[ \t]+)*"
_FULLWIDTH_KEY = LazyPattern(rf"^([ \t]*{_ITEM})({_KEY})[ \t{FULLWIDTH_SPACE}]*{FULLWIDTH_COLON}")
_INDENT_FULLWIDTH = LazyPattern(rf"^[ \t]*(?:-[ \t]*)*{FULLWIDTH_SPACE}")
_AFTER_COLON_FULLWIDTH = LazyPattern(rf"^([ \t]*{_ITEM}{_KEY}:){FULLWIDTH_SPACE}")
_VALUE = LazyPattern(rf"^([ \t]*(?:-[ \t]+)*(?:{_KEY}:[ \t]+)?)(\S.*?)[ \t]*$")
_TAB_INDENT = LazyPattern(r"^ *\t")
_LEGIT_TAG = LazyPattern(r"^!!\S")
_BLOCK_HEADER = LazyPattern(r"^[|>][-+0-9]*[ \t]*(#.*)?$")
_ANCHOR_OR_ALIAS = LazyPattern(r"^[&*][A-Za-z0-9_-]+([ \t]|$)")
SPECIAL_START = "@`%*&!|>[{-"


@dataclass(frozen=True)
class Slip:
    """A located cause: `reason` picks the message (yaml-syntax/<reason>), `params` fill it."""

    reason: str
    line: int
    column: int
    params: dict[str, Any] = field(default_factory=dict)


def split_lines(text: str) -> list[str]:
    """The lines of `text` as YAML counts them (without their line breaks)."""
    return LINE_BREAKS.split(text)


def last_line(lines: list[str]) -> int:
    """The 1-based number of the last line that holds anything (at least 1)."""
    for index in range(len(lines) - 1, -1, -1):
        if lines[index].strip():
            return index + 1
    return 1


def explain_syntax_error(text: str, error: yaml.MarkedYAMLError) -> Slip:
    """What the author most likely typed wrong, where: see the module docstring."""
    lines = split_lines(text)
    mark = error.problem_mark or error.context_mark
    problem_line = mark.line if mark else 0
    detail = f"{error.context or ''} {error.problem or ''}".strip() or str(error)
    first = problem_line - 1
    if error.context_mark is not None and error.context_mark.line < problem_line:
        first = error.context_mark.line
    for index in range(max(first, 0), min(problem_line, len(lines) - 1) + 1):
        slip = line_slip(lines[index], index + 1)
        if slip is not None:
            return slip
    line = min(problem_line + 1, last_line(lines))
    row = lines[line - 1] if line - 1 < len(lines) else ""
    column = min((mark.column + 1) if mark and mark.line + 1 == line else len(row) + 1, len(row) + 1)
    return Slip(_parser_cause(detail), line, max(column, 1), {"detail": detail})


def line_slip(row: str, number: int) -> Slip | None:
    """A slip visible on one line, or None; see the module docstring."""
    if _TAB_INDENT.match(row):
        return Slip("tab", number, row.index("\t") + 1)
    if _INDENT_FULLWIDTH.match(row):
        return Slip("fullwidth-space", number, row.index(FULLWIDTH_SPACE) + 1)
    match = _FULLWIDTH_KEY.match(row)
    if match:
        return Slip("fullwidth-colon", number, row.index(FULLWIDTH_COLON, match.end(2)) + 1, {"key": match.group(2)})
    match = _AFTER_COLON_FULLWIDTH.match(row)
    if match:
        return Slip("fullwidth-space", number, match.end(1) + 1)
    match = _VALUE.match(row)
    if not match:
        return None
    value, start = match.group(2), match.end(1) + 1
    if value[0] in "\"'#":
        return None
    if value[0] in "[{" and _flow_end(value) is None:
        return Slip("unclosed-bracket", number, start, {"char": value[0]})
    if value[0] in SPECIAL_START and _bad_start(value):
        return Slip("special-start", number, start, {"char": value[0], "value": value})
    body = value.split(None, 1)[-1] if value.startswith("!!") and " " in value else value  # after a tag
    colon = body.find(": ")
    if colon > 0 and body[0] not in "[{\"'":
        return Slip("colon-in-value", number, start + len(value) - len(body) + colon, {"value": value})
    return None


def _bad_start(value: str) -> bool:
    """Whether a value starting with one of YAML's special characters is a slip, not YAML
    the author meant (a flow list `[a, b]`, a block scalar `|`, an anchor, a known tag)."""
    head = value[0]
    if head in "@`%":
        return True
    if head == "-":
        return value == "-" or value[1] in " \t"
    if head == "!":
        return not _LEGIT_TAG.match(value)
    if head in "|>":
        return not _BLOCK_HEADER.match(value)
    if head in "&*":
        return not _ANCHOR_OR_ALIAS.match(value) or head == "*"
    closing = _flow_end(value)
    if closing is None:
        return True
    after = value[closing + 1:].strip()
    return bool(after) and not after.startswith("#")


def _flow_end(value: str) -> int | None:
    """Index of the bracket closing the flow collection that starts `value`, or None."""
    depth, quote = 0, ""
    for index, char in enumerate(value):
        if quote:
            if char == quote:
                quote = ""
        elif char in "\"'" and (index == 0 or value[index - 1] in " [{,:"):
            quote = char
        elif char in "[{":
            depth += 1
        elif char in "]}":
            depth -= 1
            if depth == 0:
                return index
    return None


_CAUSES = (
    ("another document", "multi-document"),
    ("could not find expected ':'", "missing-colon"),
    ("mapping values are not allowed", "unexpected-colon"),
    ("cannot start any token", "special-start"),
    ("undefined alias", "special-start"),
    ("unknown escape", "escape"),
    ("quoted scalar", "unclosed-quote"),
    ("flow sequence", "unclosed-bracket"),
    ("flow mapping", "unclosed-bracket"),
    ("constructor for the tag", "tag"),
    ("block end", "indentation"),
    ("expected key", "indentation"),
    ("'-' indicator", "indentation"),
    ("block mapping", "indentation"),
    ("block collection", "indentation"),
)


def _parser_cause(detail: str) -> str:
    """The catalog variant for a parser message no line slip explains."""
    for words, cause in _CAUSES:
        if words in detail:
            return cause
    return "syntax"


FULLWIDTH_KEY_TEXT = LazyPattern(rf"^({_KEY})[ \t{FULLWIDTH_SPACE}]*{FULLWIDTH_COLON}")
"""Text that was meant as `name: value` but has a full-width colon (`title：x` as a list item)."""


def tag_name(detail: str) -> str:
    """`!!python/object:x` from a constructor error's "... for the tag 'tag:yaml.org,2002:python/object:x'"."""
    match = re.search(r"tag '([^']*)'", detail)
    if not match:
        return ""
    return match.group(1).replace("tag:yaml.org,2002:", "!!")


_SPACE_HASH_TEXT = LazyPattern(r"[ \t]#\S")
"""What follows every value YAML cut at ` #x`, on the value's line (`\\S` is never a line break)."""


def may_cut_values(text: str) -> bool:
    """Whether `text` could hold a value cut at ` #x`: False for a file whose comments all
    start their line or have a space after the `#` (most files), so it needs no walk. Two
    substring searches rule most files out before the pattern, which steps through every
    character of a Japanese text (20 ms over 1,000 procedure files)."""
    return (" #" in text or "\t#" in text) and _SPACE_HASH_TEXT.search(text) is not None


def inline_comments(lines: list[str], root: yaml.Node | None) -> Iterator[tuple[int, int, str]]:
    """(line, column of the `#`, dropped text) for each plain value YAML cut at ` #x`."""
    for node in _plain_values(root):
        end = node.end_mark
        if end.line >= len(lines):
            continue
        rest = lines[end.line][end.column:]
        match = re.match(r"[ \t]+#\S", rest)
        if match:
            column = end.column + match.end() - 1
            yield end.line + 1, column, rest[match.end() - 2:].strip()


def unused_anchors(text: str) -> Iterator[tuple[int, int, str]]:
    """(line, column, the rest of the line) of each `&name` no alias uses: `title: &重要 手順`
    silently loses `&重要`, so it is reported like any special character at the start of a value."""
    anchors: list[yaml.AnchorToken] = []
    used: set[str] = set()
    try:
        for token in yaml.scan(text, Loader=yaml.SafeLoader):
            if isinstance(token, yaml.AnchorToken):
                anchors.append(token)
            elif isinstance(token, yaml.AliasToken):
                used.add(token.value)
    except yaml.YAMLError:
        return
    lines = split_lines(text)
    for token in anchors:
        if token.value not in used:
            mark = token.start_mark
            row = lines[mark.line] if mark.line < len(lines) else ""
            yield mark.line + 1, mark.column + 1, row[mark.column:].strip()


def _plain_values(root: yaml.Node | None) -> Iterator[yaml.ScalarNode]:
    """Every plain (unquoted) scalar written as a value or a list item, never a key."""
    stack = [root] if root is not None else []
    seen: set[int] = set()
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            stack.extend(value for _, value in node.value)
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)
        elif isinstance(node, yaml.ScalarNode) and not node.style and node.value:
            yield node
