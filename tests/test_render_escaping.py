"""Markup is escaped by default (issue 8 item 4): page HTML comes only from Jinja2
templates with autoescape, so forgetting to escape a value is impossible.

The scan reads the source of every module of `tebiki.render` and every template:
no page module writes HTML in a Python string, calls `esc(` by hand or makes
`Markup(`; the few trusted producers (nh3-cleaned descriptions, SVG from the
diagram renderer) are named in `render/markup.py` and called from one place each.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import jinja2
import pytest

import tebiki.render.markup
from tebiki.render.markup import fragments, join, template

RENDER = Path(tebiki.render.markup.__file__).resolve().parent
TEMPLATES = RENDER / "templates"
MODULES = sorted(RENDER.glob("*.py"))

HTML_TAG = re.compile(r"<[a-zA-Z/!]")

# Modules allowed to write a tag in Python, each for one stated reason.
HTML_IN_PYTHON = {
    "safe.py": "the escaper itself: nh3-cleaned descriptions and escaped plain paragraphs",
    "slots.py": "the slot protocol: `<div data-tebiki-block=N>` carries an integer only",
    "figures.py": "a regular expression that finds figure slots, not output",
    "zoom.py": "regular expressions that find the diagram's width (moved from figures.py), not output",
    "markup.py": "the module docstring",
}
# Modules allowed to call `esc(` by hand.
ESC_CALLERS = {
    "safe.py": "defines it",
    "markup.py": "the escape every template applies (finalize)",
    "slots.py": "front matter (YAML meta values Material prints unescaped), not HTML",
}
# The trusted producers and the only module that may call each.
TRUSTED = {"trusted_description": {"procedure.py"}, "trusted_svg": {"figures.py"}}


def _tree(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def _called_names(tree: ast.AST) -> list[tuple[str, int]]:
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func = node.func
            name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else None
            if name:
                out.append((name, node.lineno))
    return out


def _docstrings(tree: ast.Module) -> set[int]:
    """ids of the docstring constants (module, classes, functions, attribute notes)."""
    ids = set()
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if isinstance(body, list):
            for stmt in body:
                if isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Constant) and isinstance(stmt.value.value, str):
                    ids.add(id(stmt.value))
    return ids


def test_the_scan_sees_the_page_modules() -> None:
    names = {p.name for p in MODULES}
    assert {"home.py", "department.py", "procedure.py", "person.py", "coverage.py", "problems.py",
            "workload_page.py", "skills_page.py", "handover.py", "fragments.py", "charts.py"} <= names


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.name)
def test_no_html_written_in_python(path: Path) -> None:
    if path.name in HTML_IN_PYTHON:
        return
    tree = _tree(path)
    docs = _docstrings(tree)
    found = [
        f"{path.name}:{node.lineno}: {node.value!r}"
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docs
        and HTML_TAG.search(node.value)
    ]
    assert not found, "HTML belongs in a template (render/templates/), where it is escaped:\n" + "\n".join(found)


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.name)
def test_no_hand_written_escaping_or_markup(path: Path) -> None:
    calls = _called_names(_tree(path))
    esc = [line for name, line in calls if name == "esc"]
    if path.name not in ESC_CALLERS:
        assert not esc, f"{path.name} calls esc() on lines {esc}: pass the value to a template instead"
    markup = [line for name, line in calls if name == "Markup"]
    if path.name != "markup.py":
        assert not markup, f"{path.name} makes Markup on lines {markup}: only render/markup.py may"
    for producer, allowed in TRUSTED.items():
        lines = [line for name, line in calls if name == producer]
        if path.name not in allowed and path.name != "markup.py":
            assert not lines, f"{path.name} calls {producer} on lines {lines}; only {sorted(allowed)} may"


def test_the_trusted_producers_are_used() -> None:
    """The allowlist above is not stale: each trusted producer is called where it says."""
    for producer, allowed in TRUSTED.items():
        for name in allowed:
            assert producer in {n for n, _ in _called_names(_tree(RENDER / name))}, (producer, name)


@pytest.mark.parametrize("path", sorted(TEMPLATES.glob("*.html")), ids=lambda p: p.name)
def test_templates_never_turn_escaping_off(path: Path) -> None:
    text = re.sub(r"\{#.*?#\}", "", path.read_text(encoding="utf-8"), flags=re.S)  # comments
    for pattern in (r"\|\s*safe\b", r"\|\s*e\b", r"\|\s*escape\b", r"\|\s*forceescape\b", r"autoescape",
                    r"\{\{[^}]*~"):
        assert not re.search(pattern, text), f"{path.name}: {pattern} would escape by markupsafe's rules or not at all"


HOSTILE = '<script>alert(1)</script>"\'&{{ x }}\u202e'
ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;&quot;&#39;&amp;&#123;&#123; x &#125;&#125;\\u202e"


def test_every_printed_value_is_escaped_the_tebiki_way() -> None:
    """`& < > " '`, `{ }` (template plugins) and bidi characters, in text and attributes."""
    f = fragments()
    assert str(f.link(HOSTILE, HOSTILE)) == f'<a href="{ESCAPED}">{ESCAPED}</a>'
    assert str(f.table([HOSTILE], [[HOSTILE]], HOSTILE)).count(ESCAPED) == 3
    assert str(f.card([(HOSTILE, HOSTILE)])) == f'<div class="tebiki-card"><dl><dt>{ESCAPED}</dt><dd>{ESCAPED}</dd></dl></div>'
    assert str(join([HOSTILE, f.br()], HOSTILE)) == f"{ESCAPED}{ESCAPED}<br>"


def test_markup_from_a_template_is_kept_and_text_is_not() -> None:
    f = fragments()
    link = f.link("x.html", "a")
    assert str(f.card([("k", link), ("t", str(link))])) == (
        '<div class="tebiki-card"><dl><dt>k</dt><dd><a href="x.html">a</a></dd>'
        '<dt>t</dt><dd>&lt;a href=&quot;x.html&quot;&gt;a&lt;/a&gt;</dd></dl></div>')


def test_a_value_a_template_needs_but_is_not_given_is_an_error() -> None:
    with pytest.raises(jinja2.UndefinedError):
        template("procedure.html").steps([{"number": 1}], "step-", "担当")
