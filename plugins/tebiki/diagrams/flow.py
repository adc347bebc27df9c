"""A procedure's flow as a Scene: swimlanes per actor, step nodes styled by mode,
labelled branches, loops drawn back, unreachable steps marked, and a legend."""

from __future__ import annotations

from collections.abc import Callable

from ..model import Mode, Procedure, Step
from ..graph import back_edges, edges, reachable
from . import paths, style
from .dotsource import Digraph
from .scene import FIXED_NODES, Label, Line, Link, Scene, box_size, spacer
from .text import wrap

STEP_MIN = (104.0, 40.0)  # minimum node width and height, points
LEGEND_MIN = (72.0, 26.0)


def flow_scene(procedure: Procedure, step_href: Callable[[str], str], lang: str = "ja") -> Scene:
    """The swimlane diagram of `procedure`; each step node links to `step_href(step.id)`."""
    w = style.words(lang)
    names = {s.id: f"s{i}" for i, s in enumerate(procedure.steps)}
    reached = reachable(procedure)
    sources, sinks = paths.forward_ends(procedure)
    labels: dict[str, Label] = {}
    links: dict[str, Link] = {}
    dot = Digraph(
        name="flow",
        graph_attr={
            "rankdir": "TB",
            "newrank": "true",
            "bgcolor": style.BACKGROUND,
            "nodesep": "0.3",
            "ranksep": "0.35",
            "pad": "0.15",
            "outputorder": "edgesfirst",
        },
        node_attr=FIXED_NODES,
        edge_attr={"color": style.EDGE, "arrowsize": "0.7", "penwidth": "1.2"},
    )
    headers = [f"h{i}" for i in range(len(procedure.actors))]
    for lane, actor in enumerate(procedure.actors):
        cluster = Digraph(name=f"cluster_lane{lane}")
        cluster.attr(
            id=f"lane{lane}",
            **{"class": "lane"},
            label="",
            style="rounded,filled",
            fillcolor=style.LANE_FILLS[lane % 2],
            color=style.LANE_BORDER,
            margin="8",
        )
        header = Label(tuple(Line(t, bold=True) for t in wrap(actor, 16, 2)))
        labels[headers[lane]] = header
        cluster.node(
            headers[lane],
            id=headers[lane],
            shape="box",
            style="filled",
            fillcolor=style.HEADER_FILL,
            color=style.HEADER_FILL,
            **{"class": "lane-header"},
            **box_size(header, *STEP_MIN),
        )
        if lane == 0 and procedure.steps:
            _terminal(cluster, "start", w["start"], "circle", labels)
            cluster.edge(headers[0], "start", style="invis")
        for step in procedure.steps:
            if step.actor == actor:
                _step(cluster, step, names[step.id], step.id in reached, w, labels)
                links[names[step.id]] = Link(step_href(step.id), _tooltip(step, step.id in reached, w))
                if step.id in sources and step is not procedure.steps[0]:
                    cluster.edge(headers[lane], names[step.id], style="invis", weight="0")
        dot.subgraph(cluster)
    row = Digraph(name="lane_headers")
    row.attr(rank="same")
    for header_id in headers:
        row.node(header_id)
    dot.subgraph(row)
    for left, right in zip(headers, headers[1:]):
        dot.edge(left, right, style="invis")  # flat edges keep the lanes in order
    _edges(dot, procedure, names, w["end"], labels)
    _legend(dot, procedure, reached, [names[i] for i in names if i in sinks], w, labels)
    return Scene(
        dot=dot.source,
        labels=labels,
        links=links,
        title=w["flow"].format(title=procedure.title),
        description=f'{w["actor"]}: {"、".join(procedure.actors)} / {w["steps"].format(count=len(procedure.steps))}',
    )


def _terminal(graph: Digraph, name: str, word: str, shape: str, labels: dict[str, Label]) -> None:
    labels[name] = Label((Line(word, style.SMALL_SIZE, style.BACKGROUND, bold=True),))
    graph.node(
        name, id=name, shape=shape, style="filled", fillcolor=style.TEXT, color=style.TEXT, **box_size(labels[name], 40, 40)
    )


def _step(
    graph: Digraph,
    step: Step,
    name: str,
    is_reached: bool,
    w: dict[str, str],
    labels: dict[str, Label],
) -> None:
    lines = [Line(t) for t in wrap(step.title)]
    attrs = dict(style.MODE_STYLE[step.mode])
    if not is_reached:
        lines.append(Line(f'({w["unreachable"]})', style.SMALL_SIZE, style.UNREACHABLE, bold=True))
        attrs.update(color=style.UNREACHABLE, penwidth="2", style=_dashed(attrs["style"]))
    labels[name] = Label(tuple(lines))
    graph.node(
        name,
        id=name,
        **{"class": f"step mode-{step.mode.value}" + ("" if is_reached else " unreachable")},
        **attrs,
        **box_size(labels[name], *STEP_MIN),
    )


def _tooltip(step: Step, is_reached: bool, w: dict[str, str]) -> str:
    """Title, actor, mode and typical minutes, one per line."""
    details = f'{w["actor"]}: {step.actor} / {w["mode"]}: {w[step.mode.value]}'
    if step.minutes is not None:
        details += " / " + w["minutes"].format(minutes=step.minutes)
    return "\n".join([step.title, details] + ([] if is_reached else [w["unreachable"]]))


def _dashed(node_style: str) -> str:
    parts = node_style.split(",")
    return ",".join(parts if "dashed" in parts else [*parts, "dashed"])


def _edges(
    dot: Digraph, procedure: Procedure, names: dict[str, str], end_word: str, labels: dict[str, Label]
) -> None:
    if not procedure.steps:
        return
    dot.edge("start", names[procedure.steps[0].id], id="e_start")
    back = back_edges(procedure)
    for index, (source, transition) in enumerate(edges(procedure)):
        edge_id = f"e{index}"
        attrs: dict[str, str] = {"id": edge_id, "class": "flow"}
        if (source, transition.to) in back:
            attrs.update(constraint="false", color=style.BACK_EDGE, **{"class": "flow back"})
        if transition.when:
            attrs["class"] += " branch"
            labels[edge_id] = Label(tuple(Line(t, style.SMALL_SIZE) for t in wrap(transition.when, 12, 2)))
            attrs["label"] = spacer(labels[edge_id])
        dot.edge(names[source], names[transition.to], **attrs)
    terminal = [s for s in procedure.steps if not s.next]
    if terminal:
        _terminal(dot, "end", end_word, "doublecircle", labels)
    for step in terminal:
        dot.edge(names[step.id], "end", id=f"e_end_{names[step.id]}")


def _legend(
    dot: Digraph,
    procedure: Procedure,
    reached: set[str],
    sinks: list[str],
    w: dict[str, str],
    labels: dict[str, Label],
) -> None:
    """A row at the bottom explaining the node styles used in this procedure."""
    used = [m for m in Mode if any(s.mode is m for s in procedure.steps)]
    items = [(f"legend_{m.value}", w[m.value], dict(style.MODE_STYLE[m])) for m in used]
    if len(reached) < len(procedure.steps):
        items.append(("legend_unreachable", w["unreachable"], {"shape": "box", "style": "dashed", "color": style.UNREACHABLE}))
    labels["legend"] = Label((Line(w["legend"], style.SMALL_SIZE, bold=True),))
    row = Digraph(name="legend_row")
    row.attr(rank="same")
    row.node("legend", id="legend", shape="plaintext", **box_size(labels["legend"], 36, 24))
    for name, word, attrs in items:
        labels[name] = Label((Line(word, style.SMALL_SIZE),))
        row.node(name, id=name, **{"class": "legend"}, **attrs, **box_size(labels[name], *LEGEND_MIN))
    dot.subgraph(row)
    for name in sinks + (["end"] if "end" in labels else []):
        dot.edge(name, "legend", style="invis", weight="0")  # the row goes below every step
