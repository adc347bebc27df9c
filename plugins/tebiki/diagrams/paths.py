"""Layout facts about a procedure's flow: which steps to anchor at the top and bottom.
The graph itself (edges, reachability, loops) is `tebiki.graph`."""

from __future__ import annotations

from ..graph import back_edges, edges
from ..model import Procedure


def forward_ends(procedure: Procedure) -> tuple[set[str], set[str]]:
    """(sources, sinks) of the flow once back edges are set aside: steps no forward edge
    enters, and steps no forward edge leaves. Anchoring these is enough to keep lane
    headers above, and the legend below, every step."""
    back = back_edges(procedure)
    forward = [(a, t.to) for a, t in edges(procedure) if (a, t.to) not in back]
    ids = [s.id for s in procedure.steps]
    entered, left = {b for _, b in forward}, {a for a, _ in forward}
    return {i for i in ids if i not in entered}, {i for i in ids if i not in left}
