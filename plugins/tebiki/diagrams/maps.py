"""The related-procedures map as a Scene: one node per procedure, coloured by
ownership coverage and linked to its page, `related` as undirected edges."""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence

from ..model import Coverage, Procedure
from . import style
from .dotsource import Graph
from .scene import FIXED_NODES, Label, Line, Link, Scene, box_size
from .text import wrap

NODE_MIN = (110.0, 40.0)
LEGEND_MIN = (96.0, 26.0)


def map_scene(
    procedures: Sequence[Procedure],
    coverage: Mapping[str, Coverage],
    href: Callable[[Procedure], str],
    title: str,
    lang: str = "ja",
    departments: Mapping[str, str] | None = None,
) -> Scene:
    """Procedures as nodes (fill by coverage class, legend with counts), `related` links
    between procedures of the set only, each pair drawn once. With procedures of several
    `departments` (id -> name), each department is a titled box of at most GRID_COLUMNS
    columns, the boxes stacked top to bottom, the legend first (at the top edge)."""
    groups: dict[str, list[Procedure]] = {}
    for procedure in procedures:
        groups.setdefault(procedure.department, []).append(procedure)
    if departments and len(groups) > 1:
        return _grouped_map(procedures, groups, coverage, href, title, lang, departments)
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


def _grouped_map(
    procedures: Sequence[Procedure],
    groups: dict[str, list[Procedure]],
    coverage: Mapping[str, Coverage],
    href: Callable[[Procedure], str],
    title: str,
    lang: str,
    departments: Mapping[str, str],
) -> Scene:
    w = style.words(lang)
    names = {p.id: f"p{i}" for i, p in enumerate(procedures)}
    labels: dict[str, Label] = {}
    links: dict[str, Link] = {}
    dot = Graph(
        name="map",
        graph_attr={"rankdir": "TB", "newrank": "true", "bgcolor": style.BACKGROUND, "nodesep": "0.25",
                    "ranksep": "0.3", "pad": "0.15", "outputorder": "edgesfirst"},
        node_attr={**FIXED_NODES, "shape": "box", "style": "rounded,filled"},
        edge_attr={"color": style.EDGE, "penwidth": "1.2"},
    )
    _legend(dot, procedures, coverage, w, labels)
    above = ["legend"]  # the nodes the next box hangs under (invisible edges keep the stack)
    for index, (department, members) in enumerate(groups.items()):
        box = Graph(name=f"cluster_dept{index}")
        box.attr(id=f"dept{index}", label="", style="rounded,filled", fillcolor=style.LANE_FILLS[index % 2],
                 color=style.LANE_BORDER, margin="8", **{"class": "department"})
        header = f"d{index}"
        labels[header] = Label(tuple(Line(t, bold=True) for t in wrap(departments.get(department, department), 24, 2)))
        box.node(header, id=header, shape="plaintext", style="", **box_size(labels[header], *NODE_MIN))
        for node in above:
            dot.edge(node, header, style="invis")
        row_above = [header]
        for start in range(0, len(members), GRID_COLUMNS):
            row = []
            for procedure in members[start: start + GRID_COLUMNS]:
                name = names[procedure.id]
                klass = coverage.get(procedure.id)
                labels[name] = Label(tuple(Line(t) for t in wrap(procedure.title)))
                word = w[klass.value] if klass else ""
                links[name] = Link(href(procedure), f"{procedure.title}\n{procedure.id}" + (f" / {word}" if word else ""))
                box.node(name, id=name, **{"class": f"procedure coverage-{klass.value if klass else 'unknown'}"},
                         **(style.COVERAGE_STYLE[klass] if klass else style.UNKNOWN_COVERAGE_STYLE),
                         **box_size(labels[name], *NODE_MIN))
                row.append(name)
            for node in row:
                box.edge(row_above[0], node, style="invis")
            row_above = row
        dot.subgraph(box)
        above = row_above
    pairs = related_pairs(procedures)
    for index, (left, right) in enumerate(pairs):
        dot.edge(names[left], names[right], id=f"r{index}", constraint="false")
    return Scene(
        dot=dot.source, labels=labels, links=links, title=title,
        description=f'{w["procedures"].format(count=len(procedures))} / {w["related"].format(count=len(pairs))}',
    )


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
) -> None:
    """A cluster with one swatch per coverage class and how many procedures have it."""
    ids = {p.id for p in procedures}
    legend = Graph(name="cluster_legend")
    legend.attr(id="legend_box", label="", style="rounded", color=style.LANE_BORDER, margin="8", rank="same")
    labels["legend"] = Label((Line(w["legend"], style.SMALL_SIZE, bold=True),))
    # With rankdir=LR a rank runs bottom to top: declare the column in reverse.
    for klass in reversed(Coverage):
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
    legend.node("legend", id="legend", shape="plaintext", style="", **box_size(labels["legend"], *LEGEND_MIN))
    dot.subgraph(legend)
