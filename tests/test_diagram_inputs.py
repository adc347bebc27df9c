"""A diagram is drawn from the parts of its procedures its cache key hashes, nothing else
(diagrams/inputs.py): what a worker process is sent is that part, and it draws the same."""

from __future__ import annotations

import dataclasses
import pickle

from test_diagrams import _map_fixture, anchor, monthly_close

from tebiki.diagrams import DiagramRenderer
from tebiki.diagrams.inputs import job_inputs
from tebiki.model import Location


def test_a_flow_draws_the_same_from_what_a_worker_is_sent() -> None:
    proc = monthly_close()
    proc = dataclasses.replace(proc, summary="長い説明" * 200, systems=("会計システム",), owner="sato",
                               steps=tuple(dataclasses.replace(s, description="手順の説明" * 50,
                                                               location=Location("procedures/x.yaml", 7 + i))
                                           for i, s in enumerate(proc.steps)))
    renderer = DiagramRenderer(None)
    hrefs = {s.id: anchor(s.id) for s in proc.steps}
    sent = job_inputs("flow", (proc, hrefs))
    assert len(pickle.dumps(sent)) < len(pickle.dumps((proc, hrefs))) / 2
    assert renderer.procedure_svg(sent[0], anchor) == renderer.procedure_svg(proc, anchor)
    assert renderer.flow_key(sent[0], anchor) == renderer.flow_key(proc, anchor)


def test_a_map_draws_the_same_from_what_a_worker_is_sent() -> None:
    procs, cov = _map_fixture()
    procs = [dataclasses.replace(p, summary="説明" * 100, owner="sato") for p in procs]
    link = lambda p: f"../{p.id}/"  # noqa: E731
    sent = job_inputs("map", (procs, cov, [link(p) for p in procs], "関連図", {}))
    renderer = DiagramRenderer(None)
    assert renderer.map_svg(sent[0], cov, link, "関連図") == renderer.map_svg(procs, cov, link, "関連図")
    assert [(p.id, p.related) for p in sent[0]] == [(p.id, p.related) for p in procs]
