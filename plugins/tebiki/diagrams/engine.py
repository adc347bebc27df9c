"""DOT -> laid-out SVG with pygraphviz, in-process (the wheel bundles Graphviz;
no `dot` executable and no subprocess per diagram)."""

from __future__ import annotations

import threading
from dataclasses import dataclass

import pygraphviz
from pygraphviz import graphviz as gv

# Graphviz keeps global state (error buffer, shared string dictionaries): one layout at a time.
_LOCK = threading.Lock()

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
    with _LOCK:
        graph = pygraphviz.AGraph(string=dot)
        context = gv.gvContextWithBuiltins()
        try:
            if gv.gvLayout(context, graph.handle, b"dot") != 0:
                raise DiagramError("Graphviz could not lay out the diagram")
            error, svg = gv.gvRenderData(context, graph.handle, b"svg")
            if error:
                raise DiagramError(f"Graphviz could not render the diagram to SVG ({error})")
            gv.gvRender(context, graph.handle, b"dot", None)  # writes pos/lp back onto the graph
            gv.gvFreeLayout(context, graph.handle)
        finally:
            gv.gvFreeContext(context)
        centres = {}
        for node in graph.nodes_iter():
            if node.attr["id"]:
                centres[node.attr["id"]] = _point(node.attr["pos"])
        for edge in graph.edges_iter():
            if edge.attr["id"] and edge.attr["lp"]:
                centres[edge.attr["id"]] = _point(edge.attr["lp"])
        graph.close()
    return Layout(svg=svg, centres=centres)


def _point(value: str) -> tuple[float, float]:
    x, y = value.split(",")[:2]
    return float(x), float(y)
