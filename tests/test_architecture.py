"""Rules that keep the architecture plain (ARCHITECTURE.md), read from the source.

Import circles: every `import` of a tebiki module counts, at module level, inside
functions and under `if TYPE_CHECKING:` alike, since each is a dependency a reader
has to follow. Data flows one way (files -> model -> checks/analyses -> pages), so
no module may depend, directly or through others, on a module that depends on it.
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "plugins" / "tebiki"

KNOWN_CIRCLES: set[frozenset[str]] = set()
"""Circles other engineers of issue 8 were breaking (each removed its entry when it was gone): none left."""


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def modules() -> dict[str, Path]:
    """Every module of the package by dotted name (`tebiki.render.pages`)."""
    return {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def imports_of(name: str, source: str, known: set[str], is_package: bool = False) -> set[str]:
    """The tebiki modules module `name` imports anywhere in `source` (functions included).
    `from . import pages` depends on the module `pages`; `from .risk import holders` on `risk`."""
    package = name if is_package else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            submodules = {f"{target}.{alias.name}" for alias in node.names} & known
            found.update(submodules)
            if len(submodules) < len(node.names):
                found.add(target)  # some names come from the module (or package) itself
    return {m for m in found if m in known and m != name}


def import_graph() -> dict[str, set[str]]:
    mods = modules()
    known = set(mods)
    return {name: imports_of(name, path.read_text(encoding="utf-8"), known, path.name == "__init__.py")
            for name, path in mods.items()}


def circles(graph: dict[str, set[str]]) -> list[frozenset[str]]:
    """The strongly connected components with more than one module (Tarjan), each a circle."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[frozenset[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph[node]):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = set()
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.add(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(frozenset(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_the_scan_sees_imports_inside_functions_and_type_checking_blocks() -> None:
    known = {"tebiki.a", "tebiki.b", "tebiki.c", "tebiki.d", "tebiki.pkg", "tebiki.pkg.e"}
    source = (
        "from typing import TYPE_CHECKING\nimport os\nfrom .b import thing\n"
        "if TYPE_CHECKING:\n    from .c import Kind\n"
        "def run():\n    from . import d\n    from .pkg import e\n    import tebiki.pkg\n"
    )
    assert imports_of("tebiki.a", source, known) == {"tebiki.b", "tebiki.c", "tebiki.d", "tebiki.pkg.e", "tebiki.pkg"}
    assert imports_of("tebiki.pkg.e", "from .. import a\nfrom ..b import x\n", known) == {"tebiki.a", "tebiki.b"}
    assert circles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [frozenset({"a", "b", "c"})]
    # the real package: cli.py imports the Markdown export inside the function that runs it
    assert "tebiki.adapters.markdown" in import_graph()["tebiki.cli"]


def test_no_import_circle_but_the_known_ones() -> None:
    found = set(circles(import_graph()))
    new = [sorted(c) for c in found - KNOWN_CIRCLES]
    assert not new, f"import circle(s): {new}; data flows one way, move the shared piece down"
    gone = [sorted(c) for c in KNOWN_CIRCLES - found]
    assert not gone, f"circle(s) {gone} are gone: remove them from KNOWN_CIRCLES"


RULES = {
    "coverage_of": "tebiki.coverage", "next_review": "tebiki.coverage", "review_of": "tebiki.coverage",
    "holders": "tebiki.risk", "if_left": "tebiki.if_left", "improvement_overdue": "tebiki.workload",
    "reachable": "tebiki.graph", "unreachable": "tebiki.graph", "no_way_out": "tebiki.graph",
}
"""Each rule's one home: a function of that name defined anywhere else is a second copy."""


def test_each_rule_is_defined_once_in_its_module() -> None:
    homes: dict[str, list[str]] = {name: [] for name in RULES}
    for module, path in modules().items():
        for node in ast.parse(path.read_text(encoding="utf-8")).body:  # functions, not methods that read a result
            if isinstance(node, ast.FunctionDef) and node.name in homes:
                homes[node.name].append(module)
    assert homes == {name: [home] for name, home in RULES.items()}
