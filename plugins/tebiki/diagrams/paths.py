"""Graph facts about a procedure's steps: valid edges, reachability, back edges."""

from __future__ import annotations

from ..model import Procedure, Transition


def edges(procedure: Procedure) -> list[tuple[str, Transition]]:
    """(from step id, transition) for every transition whose target is a step; others are skipped
    (the checker reports them as `unknown-step`)."""
    ids = {s.id for s in procedure.steps}
    return [(s.id, t) for s in procedure.steps for t in s.next if t.to in ids]


def reachable(procedure: Procedure) -> set[str]:
    """Ids of the steps some path from the first step reaches (the first step included)."""
    if not procedure.steps:
        return set()
    successors = _successors(procedure)
    seen, todo = {procedure.steps[0].id}, [procedure.steps[0].id]
    while todo:
        for target in successors[todo.pop()]:
            if target not in seen:
                seen.add(target)
                todo.append(target)
    return seen


def back_edges(procedure: Procedure) -> set[tuple[str, str]]:
    """Edges that close a loop, found by depth-first search from the first step, then from
    every step not yet visited, in file order. Drawing them without rank constraint keeps
    the flow top-down."""
    successors = _successors(procedure)
    state: dict[str, int] = {}  # 1 = on the DFS stack, 2 = done
    found: set[tuple[str, str]] = set()
    for root in (s.id for s in procedure.steps):
        if root in state:
            continue
        state[root] = 1
        stack = [(root, iter(successors[root]))]
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
                stack.append((child, iter(successors[child])))
    return found


def _successors(procedure: Procedure) -> dict[str, list[str]]:
    successors: dict[str, list[str]] = {s.id: [] for s in procedure.steps}
    for source, transition in edges(procedure):
        successors[source].append(transition.to)
    return successors


def forward_ends(procedure: Procedure) -> tuple[set[str], set[str]]:
    """(sources, sinks) of the flow once back edges are set aside: steps no forward edge
    enters, and steps no forward edge leaves. Anchoring these is enough to keep lane
    headers above, and the legend below, every step."""
    back = back_edges(procedure)
    forward = [(a, t.to) for a, t in edges(procedure) if (a, t.to) not in back]
    ids = [s.id for s in procedure.steps]
    entered, left = {b for _, b in forward}, {a for a, _ in forward}
    return {i for i in ids if i not in entered}, {i for i in ids if i not in left}
