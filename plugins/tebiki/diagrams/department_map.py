"""The relation map of a large handbook's home page, one node per department (pure:
model in, scene out): each department's name and number of procedures, linked to its
page, on a grid of DEPARTMENT_COLUMNS columns in `_org.yaml` order; a line between two
departments when a procedure of one lists a procedure of the other as `related`, each
pair of departments once. Laid out like a map of procedures stacked by department
(maps.Stack: a header row, then the grid; the lines are drawn after the layout along
the grid's gaps and gutters, diagrams/routes.py), so Graphviz never routes a line."""

from __future__ import annotations

from collections.abc import Sequence

from ..department_links import DepartmentNode
from . import style
from .dotsource import Graph
from .maps import Stack, _below, _grid_graph
from .scene import Label, Line, Link, Scene, box_size
from .text import wrap

DEPARTMENT_COLUMNS = 4
NODE_MIN = (120.0, 44.0)
NODESEP = 0.25  # inches between two cells of a row, as in maps._grid_graph


def department_map_scene(nodes: Sequence[DepartmentNode], lines: Sequence[tuple[str, str]], title: str,
                         lang: str = "ja") -> Stack:
    """The departments as a grid of boxes under a header row saying how many departments
    and lines the map shows; `lines` are pairs of department ids of `nodes`."""
    w = style.words(lang)
    names = {node.id: f"d{i}" for i, node in enumerate(nodes)}
    labels: dict[str, Label] = {}
    links: dict[str, Link] = {}
    for node in nodes:
        count = w["procedures"].format(count=node.procedures)
        labels[names[node.id]] = Label((*(Line(t, bold=True) for t in wrap(node.name, 24, 2)),
                                        Line(count, style.SMALL_SIZE)))
        links[names[node.id]] = Link(node.href, f"{node.name}\n{count}")
    drawn = [(names[a], names[b]) for a, b in lines if a in names and b in names]
    description = f'{w["departments"].format(count=len(nodes))} / {w["department_links"].format(count=len(drawn))}'
    header = _grid_graph()
    header_labels = {"summary": Label((Line(description, style.SMALL_SIZE, bold=True),))}
    header.node("summary", id="summary", shape="plaintext", style="", **box_size(header_labels["summary"], *NODE_MIN))
    cell_width = max([NODE_MIN[0], *(label.width + 20 for label in labels.values())])
    grid = _grid_graph()
    grid.attr(pad="0.4")  # room beside the outer columns for the lines in their gutters (routes.py)
    columns = [""] * DEPARTMENT_COLUMNS  # the last node of each column (maps._below)
    for start in range(0, len(nodes), DEPARTMENT_COLUMNS):
        row = Graph(name=f"row{start // DEPARTMENT_COLUMNS}")
        row.attr(rank="same")
        previous = ""
        for column in range(DEPARTMENT_COLUMNS):
            if start + column < len(nodes):
                name = names[nodes[start + column].id]
                row.node(name, id=name, group=f"col{column}", fillcolor=style.LANE_FILLS[0], color=style.LANE_BORDER,
                         **{"class": "department"}, **box_size(labels[name], cell_width, NODE_MIN[1]))
            else:  # an empty cell keeps a short row's columns in place
                name = f"empty{start + column}"
                row.node(name, style="invis", group=f"col{column}", **box_size(Label(()), cell_width, NODE_MIN[1]))
            if previous:  # keeps the row in `_org.yaml` order, left to right
                row.edge(previous, name, style="invis")
            previous = name
            _below(grid, columns, name, column)
        grid.subgraph(row)
    pitch = float(box_size(Label(()), cell_width, NODE_MIN[1])["width"]) * 72 + NODESEP * 72
    return Stack(
        pieces=(Scene(dot=header.source, labels=header_labels, links={}, title="", description=""),
                Scene(dot=grid.source, labels=labels, links=links, title="", description="")),
        lines=tuple(drawn), pitch=pitch, title=title, description=description,
    )
