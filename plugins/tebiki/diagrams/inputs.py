"""A procedure reduced to what a diagram is drawn from (pure: model in, model out).

`flow_part` keeps what `flow_scene` reads and `flow_key` hashes (the id, the title and, per
step, id, title, actor, mode, minutes and transitions); `map_part` what `map_scene` reads
and `map_key` hashes (id, title, department, related). Everything else is emptied, and
every source location is one shared empty one. The builders draw from these parts only
(`draw.scene_of`), so a diagram can depend on nothing its cache key leaves out, and a job
sent to a worker process carries a third of the bytes: pickling whole procedures (their
descriptions, references and the location of every field) cost about a tenth of a
flow's time, in the build that sends it and in the worker that reads it.
"""

from __future__ import annotations

import dataclasses

from ..model import Location, Procedure, Step, Transition

NOWHERE = Location("")


def flow_part(procedure: Procedure) -> Procedure:
    """`procedure` with only what its flow is drawn from."""
    steps = tuple(
        Step(s.id, s.title, s.actor, s.mode, s.minutes, None, tuple(Transition(t.to, t.when, NOWHERE, t.explicit) for t in s.next),
             NOWHERE)
        for s in procedure.steps
    )
    return _bare(procedure, steps, "", ())


def map_part(procedure: Procedure) -> Procedure:
    """`procedure` with only what a relation map draws of it."""
    return _bare(procedure, (), procedure.department, procedure.related)


def _bare(procedure: Procedure, steps: tuple[Step, ...], department: str, related: tuple[str, ...]) -> Procedure:
    return dataclasses.replace(
        procedure, steps=steps, department=department, related=related, summary="", owner=None, backup_owners=(),
        frequency="", trigger=None, reviewed=None, review_interval_months=None, systems=(), references=(), tags=(),
        file="", locations={}, volume=None, improvements=(), trainees=(),
    )


def job_inputs(kind: str, payload: tuple) -> tuple:
    """A job's payload (`draw.scene_of`: a flow's or a map's) with its procedures reduced:
    what a worker process is sent."""
    if kind == "flow":
        procedure, hrefs = payload
        return flow_part(procedure), hrefs
    if kind == "departments":  # no procedures in it: department nodes and lines
        return payload
    procedures, coverage, hrefs, title, names = payload
    return [map_part(p) for p in procedures], coverage, hrefs, title, names
