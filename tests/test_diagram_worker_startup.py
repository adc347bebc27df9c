"""A diagram worker starts with what every diagram needs already built in the build that
forked it (issue 13: CPU of a cold build), not built again in each worker."""

from __future__ import annotations

import sys

import pytest

from tebiki.display import unsafe_characters
from tebiki.diagrams.workers import start_pool, stop_pool

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="workers are forked on Linux only")


def escaping_built() -> int:
    return unsafe_characters.cache_info().currsize


def test_a_worker_inherits_the_escaping_every_diagram_uses(monkeypatch: pytest.MonkeyPatch) -> None:
    import tebiki.diagrams.workers as workers

    real = workers.threading.active_count
    monkeypatch.setattr(workers.threading, "active_count", lambda: min(real(), 1))
    unsafe_characters.cache_clear()
    pool = start_pool(1)
    assert pool is not None
    try:
        assert pool.submit(escaping_built).result(timeout=60) == 1
    finally:
        stop_pool(pool)
