"""DOT -> laid-out SVG with pygraphviz, in-process (the wheel bundles Graphviz;
no `dot` executable and no subprocess per diagram).

Uses pygraphviz's thin layer over the Graphviz C API (`pygraphviz.graphviz`)
rather than `AGraph`: one Graphviz context per process, and the positions are
read straight off the laid-out graph, without a Python object per node and
attribute.
"""

from __future__ import annotations

import os
import tempfile
import threading
from dataclasses import dataclass
from typing import Any

import pygraphviz
from pygraphviz import graphviz as gv

# Graphviz keeps global state (error buffer, shared string dictionaries): one layout at a time.
_LOCK = threading.Lock()
_CONTEXT: tuple[int, Any] | None = None  # (pid, GVC_t*): made once per process, under the lock

ENGINE_VERSION = f"pygraphviz-{pygraphviz.__version__}"


class DiagramError(RuntimeError):
    """Graphviz could not lay out or render a diagram."""


@dataclass(frozen=True)
class Layout:
    """Graphviz's SVG, plus the centre (Graphviz points, y up) of every node and edge label by `id`."""

    svg: bytes
    centres: dict[str, tuple[float, float]]


def layout(dot: str) -> Layout:
    """Lay `dot` out with the `dot` engine and render it to SVG once."""
    with tempfile.TemporaryFile() as source:
        source.write(dot.encode("utf-8"))
        source.seek(0)
        with _LOCK:
            context = _context()
            try:
                graph = gv.agread(source, None)
            except ValueError as error:
                raise DiagramError(f"Graphviz could not read the diagram ({error})") from None
            try:
                if gv.gvLayout(context, graph, b"dot") != 0:
                    raise DiagramError("Graphviz could not lay out the diagram")
                try:
                    status, svg = gv.gvRenderData(context, graph, b"svg")
                    if status:
                        raise DiagramError(f"Graphviz could not render the diagram to SVG ({status})")
                    gv.gvRender(context, graph, b"dot", None)  # writes pos/lp back onto the graph
                    centres = _centres(graph)
                finally:
                    gv.gvFreeLayout(context, graph)
            finally:
                gv.agclose(graph)
    return Layout(svg=svg, centres=centres)


def _context() -> Any:
    global _CONTEXT
    if _CONTEXT is None or _CONTEXT[0] != os.getpid():  # a forked worker makes its own
        _CONTEXT = (os.getpid(), gv.gvContextWithBuiltins())
    return _CONTEXT[1]


def _centres(graph: Any) -> dict[str, tuple[float, float]]:
    """`pos` of every node and `lp` of every labelled edge that has an `id`, by that id."""
    centres: dict[str, tuple[float, float]] = {}
    node = gv.agfstnode(graph)
    while node is not None:
        key = gv.agget(node, b"id")
        if key:
            centres[key.decode("utf-8")] = _point(gv.agget(node, b"pos"))
        edge = gv.agfstout(graph, node)
        while edge is not None:
            key = gv.agget(edge, b"id")
            if key:
                lp = gv.agget(edge, b"lp")
                if lp:
                    centres[key.decode("utf-8")] = _point(lp)
            edge = gv.agnxtout(graph, edge)
        node = gv.agnxtnode(graph, node)
    return centres


def _point(value: bytes) -> tuple[float, float]:
    x, y = value.split(b",")[:2]
    return float(x), float(y)
