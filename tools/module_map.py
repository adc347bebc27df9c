"""The module map of ARCHITECTURE.md, kept true to the code.

    python tools/module_map.py            check: exit 1 and say what is wrong
    python tools/module_map.py --write    refresh the line counts, drop rows of removed
                                          modules, add a row for each new module

A row of the map is a Markdown table row `| `path` | lines | what it does |`, the
path relative to `plugins/tebiki/`. The check fails when a module has no row, a row
names no module, a module has two rows, or a line count is off by more than
max(SLACK_LINES, SLACK_SHARE of the module): counts may lag a little behind the
code, never a rewrite. `tests/test_module_map.py` runs the check.
"""

from __future__ import annotations

import ast
import re
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "plugins" / "tebiki"
MAP = ROOT / "ARCHITECTURE.md"
ROW = re.compile(r"^\| `(?P<path>[^`]+\.py)` \| (?P<lines>\d+) \|(?P<text>.*)\|$")
NEW_MODULES = "### New modules (move each row to its layer)"
SLACK_LINES = 25
SLACK_SHARE = 0.25


@dataclass(frozen=True)
class Row:
    path: str
    lines: int
    text: str
    index: int  # line number in ARCHITECTURE.md, from 0


def modules(package: Path = PACKAGE) -> dict[str, int]:
    """Every module of the package: path relative to it (posix) -> its line count."""
    return {p.relative_to(package).as_posix(): len(p.read_text(encoding="utf-8").splitlines())
            for p in sorted(package.rglob("*.py"))}


def rows(text: str) -> list[Row]:
    """The module rows of the map, in file order."""
    found = []
    for index, line in enumerate(text.splitlines()):
        m = ROW.match(line)
        if m:
            found.append(Row(m["path"], int(m["lines"]), m["text"].strip(), index))
    return found


def problems(text: str, actual: dict[str, int]) -> list[str]:
    """What the map in `text` gets wrong about the modules `actual` (path -> lines); [] when it is true."""
    listed = rows(text)
    out: list[str] = []
    seen: set[str] = set()
    for row in listed:
        if row.path in seen:
            out.append(f"{row.path}: listed twice")
        seen.add(row.path)
        if row.path not in actual:
            out.append(f"{row.path}: listed, but there is no such module (moved or removed?)")
            continue
        lines = actual[row.path]
        if abs(row.lines - lines) > max(SLACK_LINES, SLACK_SHARE * lines):
            out.append(f"{row.path}: listed with {row.lines} lines, has {lines}")
        if not row.text:
            out.append(f"{row.path}: says nothing about what it does")
    out += [f"{path}: not in the module map" for path in actual if path not in seen]
    return out


def first_sentence(path: Path) -> str:
    """The first sentence of a module's docstring: the starting text of a new row."""
    doc = ast.get_docstring(ast.parse(path.read_text(encoding="utf-8"))) or "(no docstring: say what it does)"
    text = " ".join(doc.split())
    end = text.find(". ")
    return (text if end < 0 else text[: end + 1]).replace("|", "\\|")


def refreshed(text: str, actual: dict[str, int], package: Path = PACKAGE) -> str:
    """`text` with true line counts, without rows of removed modules, plus a row per new module."""
    lines = text.splitlines()
    listed = {row.index: row for row in rows(text)}
    kept: list[str] = []
    seen: set[str] = set()
    for index, line in enumerate(lines):
        row = listed.get(index)
        if row is None:
            kept.append(line)
        elif row.path in actual and row.path not in seen:
            seen.add(row.path)
            kept.append(f"| `{row.path}` | {actual[row.path]} | {row.text} |")
    new = [p for p in actual if p not in seen]
    if new:
        if NEW_MODULES not in kept:
            kept += ["", NEW_MODULES, "", "| Module | Lines | What it does |", "|---|---:|---|"]
        at = kept.index(NEW_MODULES) + 4
        while at < len(kept) and kept[at].startswith("|"):
            at += 1
        kept[at:at] = [f"| `{p}` | {actual[p]} | {first_sentence(package / p)} |" for p in new]
    return "\n".join(kept) + "\n"


def main(argv: list[str]) -> int:
    text = MAP.read_text(encoding="utf-8")
    actual = modules()
    if argv[1:] == ["--write"]:
        MAP.write_text(refreshed(text, actual), encoding="utf-8")
        text = MAP.read_text(encoding="utf-8")
    elif argv[1:]:
        print(__doc__, file=sys.stderr)
        return 2
    wrong = problems(text, actual)
    for line in wrong:
        print(f"ARCHITECTURE.md: {line}", file=sys.stderr)
    if wrong:
        print("Fix the rows (or run: python tools/module_map.py --write)", file=sys.stderr)
    return 1 if wrong else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
