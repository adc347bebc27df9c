"""Line numbers as editors and GitHub show them, whatever YAML counts as a line break.

YAML also breaks lines at a lone CR, U+0085, U+2028 and U+2029; a file holding one
of those would get every later problem reported on the wrong line (and a GitHub
annotation on the wrong line of the diff). Lines here are counted at LF only (CRLF
is one break), columns in characters from that line's start:

    problems = fix_marks(text, root, problems)   # the node tree's marks in place
"""

from __future__ import annotations

import bisect
import re
from dataclasses import replace

import yaml

from .lazy_patterns import LazyPattern
from .problems import Problem

_YAML_BREAK = LazyPattern(r"\r\n|[\n\r\x85\u2028\u2029]")
_EXTRA = LazyPattern(r"\r(?!\n)|[\x85\u2028\u2029]")


def needs_fixing(text: str) -> bool:
    """Whether YAML's line count differs from the LF count anywhere in `text` (most files
    hold none of those breaks: four substring searches rule them out before the pattern)."""
    if "\r" not in text and "\x85" not in text and "\u2028" not in text and "\u2029" not in text:
        return False
    return _EXTRA.search(text) is not None


class LineMap:
    """YAML (line, column) or a character index -> 1-based LF (line, column)."""

    def __init__(self, text: str) -> None:
        self.lf_starts = [0] + [m.end() for m in re.finditer("\n", text)]
        self.yaml_starts = [0] + [m.end() for m in _YAML_BREAK.finditer(text)]

    def at_index(self, index: int) -> tuple[int, int]:
        row = bisect.bisect_right(self.lf_starts, index) - 1
        return row + 1, index - self.lf_starts[row] + 1

    def from_yaml(self, line: int, column: int | None) -> tuple[int, int | None]:
        """A 1-based YAML position -> the 1-based LF position."""
        if not 1 <= line <= len(self.yaml_starts):
            return line, column
        new_line, new_column = self.at_index(self.yaml_starts[line - 1] + (column or 1) - 1)
        return new_line, new_column if column is not None else None


def fix_marks(text: str, root: yaml.Node | None, problems: list[Problem]) -> list[Problem]:
    """Rewrite the marks of the node tree under `root` to LF lines (in place); return
    `problems` moved to LF lines too."""
    lines = LineMap(text)
    seen: set[int] = set()
    stack = [root] if root is not None else []
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        node.start_mark = _moved_mark(lines, node.start_mark)
        node.end_mark = _moved_mark(lines, node.end_mark)
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                stack.extend((key, value))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)
    return [_moved(lines, p) for p in problems]


def _moved_mark(lines: LineMap, mark: yaml.Mark | None) -> yaml.Mark | None:
    if mark is None:
        return None
    line, column = lines.at_index(mark.index)
    return yaml.Mark(mark.name, mark.index, line - 1, column - 1, None, 0)  # no buffer: no snippet


def _moved(lines: LineMap, problem: Problem) -> Problem:
    line, column = lines.from_yaml(problem.line, problem.column)
    params = problem.params
    if isinstance(params.get("first_line"), int):  # duplicate-key names where the key was first
        params = {**params, "first_line": lines.from_yaml(params["first_line"], 1)[0]}
    return replace(problem, line=line, column=column, params=params)
