"""The steps of a procedure as a graph: edges, what the first step reaches, loops,
and steps with no way out. One module for every rule that walks `next`: the
checks (`unreachable-step`, `endless-loop`) and the flow diagram use these.

Shapes: steps are named by id; lists of steps keep file order. A transition to
an id that is not a step is not an edge (the checker reports it as
`unknown-step`). A procedure with no steps has an empty graph.
"""

from __future__ import annotations

from typing import NamedTuple

from .model import Procedure, Transition


class StepGraph(NamedTuple):
    """A procedure's steps as a graph, built once for every rule that walks it
    (`unreachable-step` and `endless-loop` in one check): `links` as `successors`
    gives them, `reached` as `reachable`. (A named tuple: a dataclass costs a
    millisecond of every `tebiki check`'s start to build.)"""

    links: dict[str, list[str]]
    reached: set[str]


def step_graph(procedure: Procedure) -> StepGraph:
    """The links of `procedure` and the steps its first step reaches (see StepGraph)."""
    links = successors(procedure)
    return StepGraph(links, _closure([procedure.steps[0].id], links) if procedure.steps else set())


def edges(procedure: Procedure) -> list[tuple[str, Transition]]:
    """(from step id, transition) for every transition whose target is a step, in file order."""
    ids = {s.id for s in procedure.steps}
    return [(s.id, t) for s in procedure.steps for t in s.next if t.to in ids]


def successors(procedure: Procedure) -> dict[str, list[str]]:
    """Step id -> the step ids its edges lead to, for every step."""
    found: dict[str, list[str]] = {s.id: [] for s in procedure.steps}
    for source, transition in edges(procedure):
        found[source].append(transition.to)
    return found


def _closure(start: list[str], links: dict[str, list[str]]) -> set[str]:
    seen, todo = set(start), list(start)
    while todo:
        for target in links.get(todo.pop(), ()):
            if target not in seen:
                seen.add(target)
                todo.append(target)
    return seen


def reachable(procedure: Procedure) -> set[str]:
    """Ids of the steps some path from the first step reaches (the first step included).

    A step is reachable because a path leads to it, not because some edge enters
    it: a loop of steps the first step never leads to stays unreachable."""
    return step_graph(procedure).reached


def unreachable(procedure: Procedure, graph: StepGraph | None = None) -> list[str]:
    """Ids of the steps no path from the first step reaches, in file order (`unreachable-step`);
    `graph`: the procedure's, when the caller built it already."""
    reached = (graph or step_graph(procedure)).reached
    return [s.id for s in procedure.steps if s.id not in reached]


def ends(procedure: Procedure, graph: StepGraph | None = None) -> list[str]:
    """Steps where the procedure can end: no `next`, or a `next` naming an unknown step
    (reported as `unknown-step`, so the loop it is in is not also called endless);
    `graph`: the procedure's, whose links name every step."""
    ids = graph.links if graph is not None else {s.id for s in procedure.steps}
    return [s.id for s in procedure.steps if not s.next or any(t.to not in ids for t in s.next)]


def no_way_out(procedure: Procedure, graph: StepGraph | None = None) -> list[str]:
    """Ids of the reachable steps from which no end can be reached, in file order (`endless-loop`);
    `graph`: the procedure's, when the caller built it already."""
    graph = graph or step_graph(procedure)
    leads_to: dict[str, list[str]] = {}
    for source, targets in graph.links.items():
        for target in targets:
            leads_to.setdefault(target, []).append(source)
    can_end = _closure(ends(procedure, graph), leads_to)
    return [s.id for s in procedure.steps if s.id in graph.reached and s.id not in can_end]


def back_edges(procedure: Procedure) -> set[tuple[str, str]]:
    """Edges that close a loop, found by depth-first search from the first step, then from
    every step not yet visited, in file order."""
    links = successors(procedure)
    state: dict[str, int] = {}  # 1 = on the DFS stack, 2 = done
    found: set[tuple[str, str]] = set()
    for root in (s.id for s in procedure.steps):
        if root in state:
            continue
        state[root] = 1
        stack = [(root, iter(links[root]))]
        while stack:
            node, children = stack[-1]
            child = next(children, None)
            if child is None:
                state[node] = 2
                stack.pop()
            elif state.get(child) == 1:
                found.add((node, child))
            elif child not in state:
                state[child] = 1
                stack.append((child, iter(links[child])))
    return found
