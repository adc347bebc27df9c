"""`graphviz.Digraph` and `graphviz.Graph` that remember their quoting.

The `graphviz` package quotes every name and every attribute of every
statement anew, and that is most of the time spent building a diagram's DOT.
Diagrams repeat the same names, colours, classes and sizes over and over, so
these subclasses memoise the package's own quoting functions (its `Quote`
mixin is made to be overridden this way): the DOT source is exactly what the
package writes, only built faster.
"""

from __future__ import annotations

import functools

import graphviz
from graphviz import quoting

_quote = functools.lru_cache(maxsize=8192, typed=True)(quoting.quote)
_quote_edge = functools.lru_cache(maxsize=8192, typed=True)(quoting.quote_edge)


@functools.lru_cache(maxsize=8192)
def _lists(label: str | None, items: tuple[tuple[str, str], ...]) -> tuple[str, str]:
    """(a_list, attr_list) of `label` and the attributes `items`, as the package writes them."""
    kwargs = dict(items)
    return quoting.a_list(label, kwargs=kwargs), quoting.attr_list(label, kwargs=kwargs)


def _memo(index: int, plain):
    def lists(label=None, kwargs=None, attributes=None) -> str:
        if attributes is None and (kwargs is None or type(kwargs) is dict):
            try:
                return _lists(label, tuple(kwargs.items()) if kwargs else ())[index]
            except TypeError:  # an unhashable value: no memo
                pass
        return plain(label, kwargs=kwargs, attributes=attributes)

    return staticmethod(lists)


class _Memo:
    _quote = staticmethod(_quote)
    _quote_edge = staticmethod(_quote_edge)
    _a_list = _memo(0, quoting.a_list)
    _attr_list = _memo(1, quoting.attr_list)


class Digraph(_Memo, graphviz.Digraph):
    """A `graphviz.Digraph` with memoised quoting."""


class Graph(_Memo, graphviz.Graph):
    """A `graphviz.Graph` with memoised quoting."""
