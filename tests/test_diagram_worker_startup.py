"""What every diagram needs (the escaping of display.unsafe_characters, ~0.25 s to build)
is built once in each diagram worker, before it forks its drawing children, which inherit
it; not in the build's main process, the critical path of a cold build (issue 13)."""

from __future__ import annotations

import sys

import pytest

from tebiki.display import unsafe_characters
from tebiki.diagrams.workers import render_job, start_pool, stop_pool

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="workers are forked on Linux only")


def escaping_built() -> int:
    return unsafe_characters.cache_info().currsize


def test_the_escaping_is_built_by_the_worker_not_by_the_build(monkeypatch: pytest.MonkeyPatch) -> None:
    import tebiki.diagrams.workers as workers
    from test_diagrams import monthly_close

    from tebiki.diagrams.inputs import job_inputs

    real = workers.threading.active_count
    monkeypatch.setattr(workers.threading, "active_count", lambda: min(real(), 1))
    unsafe_characters.cache_clear()
    pool = start_pool(1)
    assert pool is not None
    try:
        assert escaping_built() == 0  # the build did not build it to start its workers
        assert pool.submit(escaping_built).result(timeout=60) == 0
        procedure = monthly_close()
        payload = job_inputs("flow", (procedure, {s.id: f"#step-{s.id}" for s in procedure.steps}))
        svg = pool.submit(render_job, "k" * 64, "flow", payload, "ja", None).result(timeout=60)
        assert svg is not None and svg.startswith("<svg")
        assert pool.submit(escaping_built).result(timeout=60) == 1  # built in the worker, before its drawing child
    finally:
        stop_pool(pool)
    assert escaping_built() == 0
