"""Page fragments through Jinja2, escaped by default: the only way render/ writes HTML.

* Templates live in `render/templates/` (package data), one per page type plus
  `fragments.html` for the pieces every page shares (links, badges, tables).
* Autoescape is on and every printed value goes through `safe.esc` (display-safe,
  `& < > " '` and `{ }` as entities, so template plugins never see a `{{` from
  YAML); a name a template uses but is not given is an error (StrictUndefined).
* A value is printed as HTML only when it is `Markup`, and Markup comes only from
  templates (a macro's result) or from the few trusted producers named here:
  `trusted_description` (step descriptions, cleaned by nh3) and `trusted_svg`
  (the diagram renderer's and the charts' SVG). tests/test_render_escaping.py
  keeps it so: no f-string HTML, no hand-written `esc(` and no `Markup(` in the
  page modules.

Templates use `{{ x }}` and the `join` filter below; never `|safe`, `|e` or `~`
(those would escape with markupsafe's rules, not tebiki's).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any, Callable, Iterable

import jinja2
from markupsafe import Markup

from .safe import esc

__all__ = ["Markup", "filled", "fragments", "slot", "template", "trusted_description", "trusted_svg", "join"]


@lru_cache(maxsize=1 << 16)
def _escaped_text(text: str) -> Markup:
    """`safe.esc` of a plain string, remembered: names, titles and labels recur on many pages."""
    return Markup(esc(text))


def html(value: object) -> Markup:
    """`value` as HTML: Markup as it is, anything else escaped by `safe.esc`."""
    if type(value) is str:
        return _escaped_text(value)
    if isinstance(value, Markup):
        return value
    if hasattr(value, "__html__"):
        return Markup(value.__html__())
    return Markup(esc(value))


def join(items: Iterable[object], sep: object = "") -> Markup:
    """`sep.join(items)` with each item (and `sep`) escaped unless it is Markup."""
    return Markup(str.join(html(sep), [html(item) for item in items]))  # each already escaped: no Markup.join


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("tebiki.render", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        finalize=html,
        keep_trailing_newline=False,
        auto_reload=False,
    )
    env.filters["join"] = join
    return env


@lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    return _environment()


class Macros:
    """The macros of one template, called like functions; each returns Markup."""

    def __init__(self, module: Any) -> None:
        self._module = module

    def __getattr__(self, name: str) -> Callable[..., Markup]:
        macro: Callable[..., Markup] = getattr(self._module, name)
        return macro


@lru_cache(maxsize=None)
def template(name: str) -> Macros:
    """The macros of `templates/<name>`."""
    return Macros(environment().get_template(name).module)


def fragments() -> Macros:
    """The shared macros of `templates/fragments.html`."""
    return template("fragments.html")


_SLOT = "\x00"
"""Where `filled` puts a value into a fragment made once. A raw NUL reaches no fragment
otherwise: every printed value goes through `safe.esc` and every description through
`display_safe`, which show it as `\\x00`."""


def slot() -> Markup:
    """A place in a fragment for `filled` to put a value (a fragment made once, shown with several values)."""
    return Markup(_SLOT)


def filled(fragment: Markup, value: object) -> Markup:
    """`fragment` with each `slot()` replaced by `value`, escaped as any printed value is."""
    return Markup(str.replace(fragment, _SLOT, html(value)))


def trusted_description(cleaned: str) -> Markup:
    """A step description's HTML as `safe.DescriptionRenderer` returns it (nh3 allowlist)."""
    return Markup(cleaned)


def trusted_svg(svg: str) -> Markup:
    """SVG (or a figure slot) from the diagram renderer or a chart module, whose values
    are escaped where the SVG is written."""
    return Markup(svg)
