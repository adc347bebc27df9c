"""How large one procedure may be, so that `tebiki check` and the site build take
seconds, never hours (pure: no MkDocs, no Graphviz).

Measured on one core (Graphviz `dot`, this project's flow layout): 100 steps in 20
lanes lay out in 0.1 s, in 50 lanes 0.3 s, 200 steps in 100 lanes 7 s, 400 steps in
200 lanes over 2 minutes; 100 steps with 200 transitions between random steps about
1 s, with 300 about 20 s. Python-Markdown is quadratic in `[`: 2,000 take a second,
10,000 take 27 s. The limits below keep a worst-case procedure within a few seconds
while leaving real procedures (5 to 30 steps, 2 to 8 roles) far below them.

A procedure over a limit is a `too-large` error in `tebiki check` (the pull request
fails fast); the site still shows the procedure, with a 「図が大きすぎます」 placeholder
instead of its diagram and an over-long description as plain text.
"""

from __future__ import annotations

from typing import Iterator

from .model import Procedure
from .problems import Problem

MAX_STEPS = 100
"""Steps in one procedure (one diagram)."""
MAX_ACTORS = 30
"""Distinct actors (swimlanes) in one procedure's diagram."""
MAX_TRANSITIONS = 200
"""Arrows in one diagram: every `next` entry, and the implicit one to the following step."""
MAX_DESCRIPTION_CHARS = 10_000
"""Characters of one step description."""
MAX_DESCRIPTION_BRACKETS = 500
"""`[` in one step description (each may start a Markdown link the parser tries to close)."""
MAX_MAP_PROCEDURES = 1_000
"""Procedures on the home page's relation map; a handbook of more shows a map of its
departments there (one node each), each department page keeping the map of its own.
Measured (idle, the map stacked by department): 990 procedures 0.6 s of CPU and 0.9 MB of
SVG, 2,000 1.4 s, 5,000 6 s, 10,000 24 s and 10 MB, past the 60 s diagram time limit on a
loaded machine; the map of departments of 10,000 procedures well under a second."""


def diagram_too_large(procedure: Procedure) -> bool:
    """Whether the flow diagram of `procedure` is over a limit (and is not laid out)."""
    actors = {step.actor for step in procedure.steps}
    transitions = sum(len(step.next) for step in procedure.steps)
    return len(procedure.steps) > MAX_STEPS or len(actors) > MAX_ACTORS or transitions > MAX_TRANSITIONS


def description_too_large(text: str | None) -> bool:
    """Whether a step description is over a limit (and is shown as plain text)."""
    return text is not None and (len(text) > MAX_DESCRIPTION_CHARS or text.count("[") > MAX_DESCRIPTION_BRACKETS)


def limit_problems(procedure: Procedure) -> Iterator[Problem]:
    """`too-large`: each limit a procedure passes, at the place to shorten."""
    where = procedure.location_of("id")
    steps = len(procedure.steps)
    if steps > MAX_STEPS:
        yield _at(procedure, where, "steps", found=steps, limit=MAX_STEPS)
    actors = list(dict.fromkeys(step.actor for step in procedure.steps))
    if len(actors) > MAX_ACTORS:
        step = next(s for s in procedure.steps if s.actor == actors[MAX_ACTORS])
        yield _at(procedure, step.location, "actors", found=len(actors), limit=MAX_ACTORS)
    transitions = sum(len(step.next) for step in procedure.steps)
    if transitions > MAX_TRANSITIONS:
        yield _at(procedure, where, "transitions", found=transitions, limit=MAX_TRANSITIONS)
    for step in procedure.steps:
        text = step.description
        if text is not None and len(text) > MAX_DESCRIPTION_CHARS:
            yield _at(procedure, step.location, "description", found=len(text), limit=MAX_DESCRIPTION_CHARS,
                      step=step.id)
        elif text is not None and text.count("[") > MAX_DESCRIPTION_BRACKETS:
            yield _at(procedure, step.location, "brackets", found=text.count("["), limit=MAX_DESCRIPTION_BRACKETS,
                      step=step.id)


def _at(procedure: Procedure, location: object, reason: str, **params: object) -> Problem:
    return Problem("too-large", procedure.file, getattr(location, "line", 1), getattr(location, "column", None),
                   procedure.id, {"reason": reason, **params})
