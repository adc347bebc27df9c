"""The related-procedures map as a Scene: one node per procedure, coloured by
ownership coverage and linked to its page, `related` as undirected edges."""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from ..model import Coverage, Procedure, by_department
from . import style
from .dotsource import Graph
from .scene import FIXED_NODES, Label, Line, Link, Scene, box_size
from .text import wrap

NODE_MIN = (110.0, 40.0)
LEGEND_MIN = (96.0, 26.0)


@dataclass(frozen=True)
class Stack:
    """A relation map of several departments laid out in pieces stacked top to bottom: the
    legend, then one department box per piece, all on one grid (the same cell width);
    `lines` are the related lines (node names), drawn once the pieces are placed, along the
    gaps of the grid, whose columns are `pitch` points apart (diagrams/stack.py, routes.py).
    Graphviz never sees a related line: a line it routes takes room inside the boxes it
    passes (the upper boxes grew wider than the others), and one graph of 990 procedures
    with their lines took minutes; box by box the time grows with the number of boxes."""

    pieces: tuple[Scene, ...]
    lines: tuple[tuple[str, str], ...]
    pitch: float
    title: str
    description: str


def map_scene(
    procedures: Sequence[Procedure],
    coverage: Mapping[str, Coverage],
    href: Callable[[Procedure], str],
    title: str,
    lang: str = "ja",
    departments: Mapping[str, str] | None = None,
) -> Scene | Stack:
    """Procedures as nodes (fill by coverage class, legend with counts), `related` links
    between procedures of the set only, each pair drawn once. With procedures of several
    `departments` (id -> name), each department is a titled box of at most GRID_COLUMNS
    columns, the boxes stacked top to bottom in the order of `departments` (then any
    other department), the legend first (at the top edge)."""
    groups = {d: members for d, members in by_department(procedures, departments or {}).items() if members}
    if departments and len(groups) > 1:
        return _stacked_map(procedures, groups, coverage, href, title, lang, departments)
    w = style.words(lang)
    names = {p.id: f"p{i}" for i, p in enumerate(procedures)}
    labels: dict[str, Label] = {}
    links: dict[str, Link] = {}
    columns = max(1, math.ceil(math.sqrt(len(procedures) + 1)))
    dot = Graph(
        name="map",
        graph_attr={
            "rankdir": "LR",
            "bgcolor": style.BACKGROUND,
            "nodesep": "0.25",
            "pad": "0.15",
            "pack": "16",
            "packmode": f"array_u{columns}",
            "ranksep": "0.4",
            "outputorder": "edgesfirst",
        },
        node_attr={**FIXED_NODES, "shape": "box", "style": "rounded,filled"},
        edge_attr={"color": style.EDGE, "penwidth": "1.2"},
    )
    for index, procedure in enumerate(procedures):
        name = names[procedure.id]
        klass = coverage.get(procedure.id)
        labels[name] = Label(tuple(Line(t) for t in wrap(procedure.title)))
        word = w[klass.value] if klass else ""
        links[name] = Link(href(procedure), f"{procedure.title}\n{procedure.id}" + (f" / {word}" if word else ""))
        dot.node(
            name,
            id=name,
            sortv=str(index + 1),
            **{"class": f"procedure coverage-{klass.value if klass else 'unknown'}"},
            **(style.COVERAGE_STYLE[klass] if klass else style.UNKNOWN_COVERAGE_STYLE),
            **box_size(labels[name], *NODE_MIN),
        )
    pairs = related_pairs(procedures)
    for index, (left, right) in enumerate(pairs):
        dot.edge(names[left], names[right], id=f"r{index}")
    _legend(dot, procedures, coverage, w, labels)
    return Scene(
        dot=dot.source,
        labels=labels,
        links=links,
        title=title,
        description=f'{w["procedures"].format(count=len(procedures))} / {w["related"].format(count=len(pairs))}',
    )


GRID_COLUMNS = 3
NODESEP = 0.25  # inches between two cells of a row


def _grid_graph() -> Graph:
    return Graph(
        name="map",
        graph_attr={"rankdir": "TB", "newrank": "true", "bgcolor": style.BACKGROUND, "nodesep": str(NODESEP),
                    "ranksep": "0.3", "pad": "0.15", "outputorder": "edgesfirst"},
        node_attr={**FIXED_NODES, "shape": "box", "style": "rounded,filled"},
        edge_attr={"color": style.EDGE, "penwidth": "1.2"},
    )


class _Grid:
    """The grid of a grouped map: node names, labels and links, one cell width for all."""

    def __init__(self, procedures: Sequence[Procedure], groups: dict[str, list[Procedure]],
                 coverage: Mapping[str, Coverage], href: Callable[[Procedure], str], lang: str,
                 departments: Mapping[str, str]) -> None:
        self.coverage, self.href = coverage, href
        self.w = style.words(lang)
        self.names = names = {p.id: f"p{i}" for i, p in enumerate(procedures)}
        self.labels: dict[str, Label] = {}
        self.links: dict[str, Link] = {}
        self.headers = {department: f"d{index}" for index, department in enumerate(groups)}
        labels = self.labels
        for department, header in self.headers.items():
            labels[header] = Label(tuple(Line(t, bold=True) for t in wrap(departments.get(department, department), 24, 2)))
        for procedure in procedures:
            labels[names[procedure.id]] = Label(tuple(Line(t) for t in wrap(procedure.title)))
        # one cell size for every node of the grid, so the columns line up from box to box
        self.cell_width = max(max(NODE_MIN[0], labels[n].width + 20) for n in [*names.values(), *self.headers.values()])
        self.cell = box_size(Label(()), self.cell_width, NODE_MIN[1])
        self.pitch = float(self.cell["width"]) * 72 + NODESEP * 72  # pt between two columns' centres

    def box(self, dot: Graph, index: int, department: str, members: Sequence[Procedure], columns: list[str]) -> Graph:
        """One department's titled box of rows of GRID_COLUMNS cells; the invisible edges
        that keep the grid go into `dot` (`columns`: empty, see `_below`)."""
        w, names, labels, links, cell, cell_width = self.w, self.names, self.labels, self.links, self.cell, self.cell_width
        coverage, href = self.coverage, self.href
        box = Graph(name=f"cluster_dept{index}")
        box.attr(id=f"dept{index}", label="", style="rounded,filled", fillcolor=style.LANE_FILLS[index % 2],
                 color=style.LANE_BORDER, margin="8", **{"class": "department"})
        header = self.headers[department]
        height = box_size(labels[header], cell_width, NODE_MIN[1])["height"]
        box.node(header, id=header, shape="plaintext", style="", group="col0", width=cell["width"], height=height)
        _below(dot, columns, header, 0)
        for start in range(0, len(members), GRID_COLUMNS):
            row = Graph(name=f"dept{index}_row{start // GRID_COLUMNS}")
            row.attr(rank="same")
            cells = members[start: start + GRID_COLUMNS]
            row_names: list[str] = []
            for column in range(GRID_COLUMNS):
                if column < len(cells):
                    procedure = cells[column]
                    name = names[procedure.id]
                    klass = coverage.get(procedure.id)
                    word = w[klass.value] if klass else ""
                    links[name] = Link(href(procedure),
                                       f"{procedure.title}\n{procedure.id}" + (f" / {word}" if word else ""))
                    height = box_size(labels[name], cell_width, NODE_MIN[1])["height"]
                    row.node(name, id=name, group=f"col{column}",
                             **{"class": f"procedure coverage-{klass.value if klass else 'unknown'}"},
                             **(style.COVERAGE_STYLE[klass] if klass else style.UNKNOWN_COVERAGE_STYLE),
                             width=cell["width"], height=height)
                else:  # an empty cell keeps a short row's columns in place
                    name = f"{header}_empty{start + column}"
                    row.node(name, style="invis", group=f"col{column}", **cell)
                if row_names:  # keeps the row in file order, left to right
                    row.edge(row_names[-1], name, style="invis")
                row_names.append(name)
                _below(dot, columns, name, column)
            box.subgraph(row)
        return box


def _stacked_map(
    procedures: Sequence[Procedure],
    groups: dict[str, list[Procedure]],
    coverage: Mapping[str, Coverage],
    href: Callable[[Procedure], str],
    title: str,
    lang: str,
    departments: Mapping[str, str],
) -> Stack:
    """Department boxes stacked top to bottom on one grid: every procedure node has the
    same width and column k of every box sits on one vertical line, so the boxes share
    their left edge and width; the department name heads column 0, the legend is the top
    row; every related line is drawn after the layout (`Stack.lines`)."""
    grid = _Grid(procedures, groups, coverage, href, lang, departments)
    legend = _grid_graph()
    legend_labels: dict[str, Label] = {}
    _legend(legend, procedures, coverage, grid.w, legend_labels, title_first=True)
    pieces = [Scene(dot=legend.source, labels=legend_labels, links={}, title="", description="")]
    pairs = related_pairs(procedures)
    for index, (department, members) in enumerate(groups.items()):
        dot = _grid_graph()
        dot.subgraph(grid.box(dot, index, department, members, []))
        own = [grid.headers[department], *(grid.names[p.id] for p in members)]
        pieces.append(Scene(dot=dot.source, labels={k: grid.labels[k] for k in own},
                            links={k: grid.links[k] for k in own if k in grid.links}, title="", description=""))
    return Stack(
        pieces=tuple(pieces), lines=tuple((grid.names[a], grid.names[b]) for a, b in pairs), title=title,
        pitch=grid.pitch,
        description=f'{grid.w["procedures"].format(count=len(procedures))} / {grid.w["related"].format(count=len(pairs))}',
    )


def _below(dot: Graph, columns: list[str], node: str, column: int) -> None:
    """Put `node` straight under the last node of its `column` (a heavy invisible edge);
    `columns` holds the last node of each grid column, the box's header (its first node)
    heading column 0. Every row has a node in column 0 and is one rank, so that column
    alone stacks the rows; edges from the other columns would let Graphviz reorder them."""
    if not columns:
        columns.extend([node] + [""] * (GRID_COLUMNS - 1))
        return
    if columns[column]:
        dot.edge(columns[column], node, style="invis", weight="100")
    columns[column] = node


def related_pairs(procedures: Sequence[Procedure]) -> list[tuple[str, str]]:
    """Unordered `related` pairs between procedures of the set, each once, in file order."""
    ids = {p.id for p in procedures}
    pairs: dict[frozenset[str], tuple[str, str]] = {}
    for procedure in procedures:
        for other in procedure.related:
            if other in ids and other != procedure.id:
                pairs.setdefault(frozenset((procedure.id, other)), (procedure.id, other))
    return list(pairs.values())


def _legend(
    dot: Graph,
    procedures: Sequence[Procedure],
    coverage: Mapping[str, Coverage],
    w: dict[str, str],
    labels: dict[str, Label],
    title_first: bool = False,
) -> None:
    """A cluster with one swatch per coverage class and how many procedures have it.
    `title_first`: in a top-to-bottom map the legend is a row, read from its title on the left."""
    ids = {p.id for p in procedures}
    legend = Graph(name="cluster_legend")
    legend.attr(id="legend_box", label="", style="rounded", color=style.LANE_BORDER, margin="8", rank="same")
    labels["legend"] = Label((Line(w["legend"], style.SMALL_SIZE, bold=True),))
    if title_first:
        legend.node("legend", id="legend", shape="plaintext", style="", group="col0",
                    **box_size(labels["legend"], *LEGEND_MIN))
    # With rankdir=LR a rank runs bottom to top: declare the column in reverse.
    for klass in (Coverage if title_first else reversed(Coverage)):
        name = f"legend_{klass.value}"
        count = sum(1 for pid, c in coverage.items() if c is klass and pid in ids)
        labels[name] = Label((Line(f"{w[klass.value]} ({count})", style.SMALL_SIZE),))
        legend.node(
            name,
            id=name,
            **{"class": f"legend coverage-{klass.value}"},
            **style.COVERAGE_STYLE[klass],
            **box_size(labels[name], *LEGEND_MIN),
        )
    if not title_first:
        legend.node("legend", id="legend", shape="plaintext", style="", **box_size(labels["legend"], *LEGEND_MIN))
    dot.subgraph(legend)
