"""Step descriptions are converted ahead in the diagram worker while the pages are made
(issue 13: Markdown + nh3 leave the build's main process); a page shows the HTML the
main process would have made, whether the worker converted it, was late, or failed."""

from __future__ import annotations

import multiprocessing
import os
import signal
import sys
from concurrent.futures import ProcessPoolExecutor, wait
from pathlib import Path
from typing import Any

import pytest

from fake_pools import Failing, ShutDown, Unstarted
from tebiki.adapters.mkdocs import build as build_module
from tebiki.diagrams import renderer as diagram_renderer
from tebiki.diagrams import workers
from tebiki.render import descriptions_ahead
from tebiki.render.descriptions_ahead import CHUNK, DescriptionsAhead
from tebiki.render.safe import DescriptionRenderer

# Markdown the pages use: lists, emphasis, a heading shifted below the step's, a table,
# code, raw HTML and a javascript: link that nh3 removes, soft breaks between kanji.
TEXTS = [
    f"## 手順{i}の注意\n\n- **重要**: 証憑{i}を確認する\n- <script>alert({i})</script> [x](javascript:alert(1))\n\n"
    f"| 項目 | 値 |\n|---|---|\n| 金額 | {i} 円 |\n\n```\ncode {i}\n```\n\n回収する。\n次に確認{i}。"
    for i in range(CHUNK * 2 + 5)
]


def in_process(texts: list[str]) -> dict[str, str]:
    renderer = DescriptionRenderer()
    return {t: renderer.render(t) for t in texts}


def fork_pool() -> ProcessPoolExecutor:
    return ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("fork"))


def no_markdown(text: str) -> str:
    raise AssertionError(f"converted in the build process: {text[:20]}")


def test_the_worker_converts_them_and_pages_get_the_same_html(monkeypatch: pytest.MonkeyPatch) -> None:
    expected = in_process(TEXTS)
    renderer = DescriptionRenderer()
    with fork_pool() as pool:
        ahead = DescriptionsAhead(renderer.to_convert(TEXTS), pool)
        assert len(ahead) == len(TEXTS)
        pool.submit(int).result()  # every chunk ran before this job
        renderer.ahead = ahead.take
        monkeypatch.setattr(renderer, "convert", no_markdown)
        assert {t: renderer.render(t) for t in TEXTS} == expected
    assert "<h5>手順0の注意</h5>" in expected[TEXTS[0]] and "<script>" not in expected[TEXTS[0]]
    assert "回収する。次に確認0。" in expected[TEXTS[0]]


def test_only_what_the_cache_lacks_is_handed_over(tmp_path: Path) -> None:
    cache = tmp_path / "descriptions.json"
    first = DescriptionRenderer(cache)
    first.render(TEXTS[0])
    first.save()
    plain = "段落だけの説明。マークダウンなし"
    assert DescriptionRenderer(cache).to_convert([TEXTS[0], None, "", plain, TEXTS[1], TEXTS[1], TEXTS[2]]) == \
        TEXTS[1:3]


@pytest.mark.parametrize("pool", [Unstarted(), ShutDown(), Failing(), None], ids=lambda p: type(p).__name__)
def test_without_the_workers_answer_the_build_converts_them_itself(pool: Any) -> None:
    renderer = DescriptionRenderer()
    ahead = DescriptionsAhead(renderer.to_convert(TEXTS), pool)
    renderer.ahead = ahead.take
    assert {t: renderer.render(t) for t in TEXTS} == in_process(TEXTS)
    if isinstance(pool, Unstarted):
        assert all(f.cancelled() for f in pool.futures)  # given up, not waited for


def test_a_worker_killed_while_converting_leaves_the_build_to_convert(monkeypatch: pytest.MonkeyPatch) -> None:
    expected = in_process(TEXTS)
    renderer = DescriptionRenderer()
    with fork_pool() as pool:
        pid = pool.submit(os.getpid).result()
        monkeypatch.setattr(descriptions_ahead, "convert_job", _stuck)
        ahead = DescriptionsAhead(TEXTS, pool)
        kill_worker(pool, pid)
        renderer.ahead = ahead.take
        assert {t: renderer.render(t) for t in TEXTS} == expected


def _stuck(texts: list[str]) -> list[str]:
    signal.pause()
    return texts


def site_files(site: Path) -> dict[str, bytes]:
    return {str(f.relative_to(site)): f.read_bytes() for f in sorted(site.rglob("*")) if f.is_file()}


@pytest.mark.skipif(sys.platform != "linux", reason="workers are forked on Linux only")
def test_a_site_built_with_the_worker_converting_equals_one_built_without_workers(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from handbook_fixture import build_site

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
    from handbook import generate, write_tebiki  # bench/handbook.py: varied descriptions

    book = generate(40)  # more flows than diagrams.renderer.MIN_BATCH: the build keeps its worker
    converted_here: list[str] = []
    convert = DescriptionRenderer.convert

    def counted(self: DescriptionRenderer, text: str) -> str:
        converted_here.append(text)  # in the process that runs it: the worker counts in its own copy
        return convert(self, text)

    monkeypatch.setattr(DescriptionRenderer, "convert", counted)
    # a build is single-threaded; the test runner's threads must not keep the worker from forking
    monkeypatch.setattr(workers.threading, "active_count", lambda: 1)
    monkeypatch.setattr(diagram_renderer.threading, "active_count", lambda: 1)
    write_tebiki(tmp_path / "worker", book)
    with_worker = site_files(build_site(tmp_path / "worker" / "mkdocs.yml"))
    by_worker = len(converted_here)

    monkeypatch.setattr(build_module, "start_pool", lambda n: None)
    monkeypatch.setattr(diagram_renderer, "MIN_BATCH", 10**6)  # and no pool for the diagrams either
    converted_here.clear()
    write_tebiki(tmp_path / "alone", book)
    alone = site_files(build_site(tmp_path / "alone" / "mkdocs.yml"))

    assert len(converted_here) > 20  # every description with Markdown, converted here
    assert by_worker < len(converted_here)  # the worker converted some (at least its first chunk)
    assert with_worker.keys() == alone.keys()
    assert [name for name in with_worker if with_worker[name] != alone[name]] == []


def kill_worker(pool: ProcessPoolExecutor, pid: int) -> None:
    """Kill the pool's worker and wait until the pool has failed its jobs (a job cancelled
    while the pool fails them trips a race in concurrent.futures' manager thread)."""
    last = pool.submit(int)
    os.kill(pid, signal.SIGKILL)
    wait([last], timeout=60)


def test_descriptions_go_to_the_worker_in_the_order_the_pages_show_them() -> None:
    """The worker converts in page order (render/pages.iter_pages): departments in
    `_org.yaml` order, not file order, then procedures of an unknown department."""
    from dataclasses import replace

    from test_render_pages import handbook, proc, step

    from tebiki.model import Department, Location
    from tebiki.render.context import RenderContext
    from tebiki.render.labels import Labels
    from tebiki.render.descriptions_ahead import step_descriptions
    from tebiki.render.pages import iter_pages

    def described(pid: str, department: str) -> object:
        return proc(pid, "sato", department=department,
                    steps=(step("a", "経理担当", description=f"**{pid}** a"), step("b", "経理担当", description=f"{pid} b")))

    book = handbook(described("hr-1", "hr"), described("acc-1", "acc"), described("x-1", "gone"),
                    described("hr-2", "hr"), described("acc-2", "acc"))
    org = replace(book.org, departments={"hr": Department("hr", "人事", Location("procedures/_org.yaml", 9, 1)),
                                         **book.org.departments})
    book = replace(book, org=org)
    shown = [page.key for page in iter_pages(RenderContext(book, Labels("ja"))) if page.kind == "procedure"]
    assert shown == ["hr-1", "hr-2", "acc-1", "acc-2", "x-1"]
    assert list(step_descriptions(book)) == [text for pid in shown for text in (f"**{pid}** a", f"{pid} b")]
