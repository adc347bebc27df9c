"""`mkdocs build` shares the handbook pages' second pass with a forked process
(adapters/mkdocs/split.py, issue 13): the site, its search index, the cache's kept
diagrams and the build log are the same as when one process builds every page, also
when the second process fails, is killed, or a plugin tebiki does not know is configured."""

from __future__ import annotations

import functools
import hashlib
import json
import logging
import os
import re
import shutil
import signal
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, Callable

import pytest
from mkdocs.commands import build as mkdocs_build
from mkdocs.config import load_config

from constants import REPO, SITE_DAY
from handbook_fixture import build_site

from tebiki.adapters.mkdocs import build as build_module
from tebiki.adapters.mkdocs import split
from tebiki.diagrams.renderer import DiagramRenderer
from tebiki.offline import external_urls

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
from handbook import generate, write_tebiki  # noqa: E402

SPLIT_LOG = "mkdocs.plugins.tebiki.adapters.mkdocs.split"
HOSTS = 7
BROKEN_FLOWS = ("1", "6")


@pytest.fixture(scope="module")
def handbook(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Enough procedures (40) for the diagram workers to start, with hand-over packs."""
    root = tmp_path_factory.mktemp("split") / "handbook"
    write_tebiki(root, generate(40))
    return root


def outside_hosts(html: str) -> list[str]:
    """The offline scan, plus one made-up outside host per page (by its title), so that
    hosts are noted on pages of both processes, in an order the log shows."""
    title = re.search(r"<title>(.*?)</title>", html)
    made_up = [f"https://h{int(hashlib.sha1(title[1].encode()).hexdigest(), 16) % HOSTS}.example/x.png"] if title else []
    return external_urls(html) + made_up


class Kept(logging.Handler):
    """Every record logged while a build runs."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


def logged_build(config: Path) -> tuple[Path, list[str], list[str]]:
    """Build; (site, log lines at INFO and above as a user sees them, split.py's debug lines)."""
    kept, root = Kept(), logging.getLogger()
    level = root.level
    root.setLevel(logging.DEBUG)
    root.addHandler(kept)
    try:
        site = build_site(config)
    finally:
        root.removeHandler(kept)
        root.setLevel(level)
    lines = [f"{r.levelname} {r.getMessage()}" for r in kept.records
             if r.levelno >= logging.INFO and "Documentation built in" not in r.getMessage()]
    return site, lines, [r.getMessage() for r in kept.records if r.name == SPLIT_LOG]


Built = tuple[Path, list[str], set[str], list[str]]
"""(site, log lines, diagrams kept by the cache prune, split.py's debug lines)"""


def slow_main_process(monkeypatch: pytest.MonkeyPatch) -> None:
    """The build's own handbook pages 20 ms slower, so that the second process builds some
    on any machine (it claims pages as fast as it builds them: a fast build could claim
    all before it starts)."""
    here, build_page = os.getpid(), mkdocs_build._build_page

    @functools.wraps(build_page)
    def slow_here(page: Any, *args: Any, **kwargs: Any) -> None:
        if os.getpid() == here and page.file.generated_by:
            time.sleep(0.02)
        build_page(page, *args, **kwargs)

    monkeypatch.setattr(mkdocs_build, "_build_page", slow_here)


def built_there(debug: list[str]) -> int:
    """How many pages the second process built (split.py's debug line; 0: none said), checked
    to be fewer than all."""
    found = [re.fullmatch(r"tebiki: (\d+) of the (\d+) handbook pages built by the second process", m) for m in debug]
    assert all(int(m[1]) < int(m[2]) for m in found if m), debug
    return sum(int(m[1]) for m in found if m)


def cold_build(handbook: Path, where: Path, *, split_pages: bool, monkeypatch: pytest.MonkeyPatch) -> Built:
    """Build a copy of `handbook` with an empty cache."""
    root = where / "handbook"
    shutil.copytree(handbook, root)
    monkeypatch.setattr(split, "MIN_PAGES", 1 if split_pages else 10**9)
    monkeypatch.setattr(build_module, "external_urls", outside_hosts)
    used: set[str] = set()
    prune = DiagramRenderer.prune_cache

    def noted_prune(self: DiagramRenderer) -> int:
        used.update(self.used)
        return prune(self)

    monkeypatch.setattr(DiagramRenderer, "prune_cache", noted_prune)
    draw = DiagramRenderer.procedure_svg

    def broken_flows(self: DiagramRenderer, procedure: Any, step_href: Callable[[str], str]) -> str:
        if procedure.id.endswith(BROKEN_FLOWS):  # a warning on its page and on its hand-over pack
            raise ValueError(f"no flow for {procedure.id}")
        return draw(self, procedure, step_href)

    monkeypatch.setattr(DiagramRenderer, "procedure_svg", broken_flows)
    if split_pages:
        slow_main_process(monkeypatch)
    site, lines, debug = logged_build(root / "mkdocs.yml")
    return site, [line.replace(str(root), "<handbook>") for line in lines], used, debug


def files_of(site: Path) -> dict[str, bytes]:
    return {str(p.relative_to(site)): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def assert_same_site(one: Path, other: Path) -> None:
    a, b = files_of(one), files_of(other)
    assert sorted(a) == sorted(b)
    different = [name for name in a if a[name] != b[name]]
    assert different == []


@pytest.fixture(scope="module")
def one_process(handbook: Path, tmp_path_factory: pytest.TempPathFactory) -> Built:
    """The site as one process builds it (the reference)."""
    with pytest.MonkeyPatch.context() as monkeypatch:
        built = cold_build(handbook, tmp_path_factory.mktemp("one"), split_pages=False, monkeypatch=monkeypatch)
    assert not any("second process" in line for line in built[3])
    return built


def test_a_split_build_writes_the_same_site_log_and_kept_diagrams(
        handbook: Path, one_process: Built, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    site, lines, used, debug = cold_build(handbook, tmp_path, split_pages=True, monkeypatch=monkeypatch)
    assert built_there(debug) > 0, debug
    assert_same_site(one_process[0], site)
    assert (site / "search" / "search_index.json").read_bytes() == (
        one_process[0] / "search" / "search_index.json").read_bytes()
    hosts = [line for line in lines if ".example" in line]
    assert len(hosts) == HOSTS  # one warning per made-up host, its first pages named in page order
    broken = [line for line in lines if line.startswith("WARNING Could not draw the flow diagram of 'handover/")]
    assert broken  # logged by the second process, shown (and counted by --strict) by the build
    assert lines == one_process[1]
    assert used == one_process[2] and used  # the diagrams the second process drew are kept by the prune


def failing_builder(fail: Callable[[int], None]) -> Callable[[], Callable[..., None]]:
    """The page builder, failing in the second process (`fail(pages built so far)`)."""
    real = split.known_page_builder()
    assert real is not None
    here = os.getpid()
    built = [0]

    def builder(*args: Any, **kwargs: Any) -> None:
        if os.getpid() != here:
            fail(built[0])
            built[0] += 1
        real(*args, **kwargs)

    return lambda: builder


def raise_on_the_third(count: int) -> None:
    if count == 2:
        raise RuntimeError("the second process broke")


def killed_on_the_third(count: int) -> None:
    if count == 2:
        os.kill(os.getpid(), signal.SIGKILL)


@pytest.mark.parametrize("fail", [raise_on_the_third, killed_on_the_third], ids=["raises", "killed"])
def test_a_failed_second_process_leaves_the_same_site_and_log(
        fail: Callable[[int], None], handbook: Path, one_process: Built, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(split, "known_page_builder", failing_builder(fail))
    site, lines, used, debug = cold_build(handbook, tmp_path, split_pages=True, monkeypatch=monkeypatch)
    assert any("did not build all its pages: the rest built here" in m for m in debug), debug
    assert_same_site(one_process[0], site)
    assert lines == one_process[1]  # no traceback, no line of the failed process
    assert used == one_process[2]


def test_a_second_process_that_stalls_is_ended_and_its_pages_built_here(
        handbook: Path, one_process: Built, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(split, "STALL_SECONDS", 1.0)

    def stall(count: int) -> None:
        if count == 2:
            time.sleep(60)

    monkeypatch.setattr(split, "known_page_builder", failing_builder(stall))
    site, lines, _used, debug = cold_build(handbook, tmp_path, split_pages=True, monkeypatch=monkeypatch)
    assert any("did not build all its pages: the rest built here" in m for m in debug), debug
    assert_same_site(one_process[0], site)
    assert lines == one_process[1]


def test_a_plugin_tebiki_does_not_know_keeps_the_build_in_one_process(
        handbook: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A plugin may keep state across pages (a count, a list) that a second process would not
    share: only tebiki and Material's search are known to be safe (split.SAFE_PLUGINS)."""
    root = tmp_path / "hooked"
    shutil.copytree(handbook, root)
    (root / "hooks.py").write_text("SEEN = []\n\ndef on_post_page(output, page, config):\n"
                                   "    SEEN.append(page.file.src_uri)\n    return output\n", encoding="utf-8")
    with open(root / "mkdocs.yml", "a", encoding="utf-8") as config:
        config.write("hooks:\n  - hooks.py\n")
    monkeypatch.setattr(split, "MIN_PAGES", 1)
    _site, _lines, debug = logged_build(root / "mkdocs.yml")
    assert any("pages built in one process (plugins: hooks" in m for m in debug), debug
    assert not any("second process" in m for m in debug)
    assert split.unsafe_plugins(load_config(str(root / "mkdocs.yml"))) == ["hooks.py"]


def test_the_two_processes_claim_every_page_once_wherever_they_meet(tmp_path: Path) -> None:
    """This process claims from the first page up, a few at a time, the child from the last
    down, at the same time: every page is claimed once, and they meet where both stopped."""
    with tempfile.TemporaryFile() as lock:
        meeting = split._Meeting(500, lock)
        pid = os.fork()
        if pid == 0:  # the child: its claims into a file, then gone
            claims, last = [], 500
            while (claimed := meeting.claim_last(last)) is not None and len(claims) <= 500:
                claims.append(claimed)
                last = claimed
            (tmp_path / "child").write_text(json.dumps(claims))
            os._exit(0)
        mine: list[int] = []
        end = 0
        while (more := meeting.claim_first(3)) > end:
            mine += range(end, more)
            end = more
        assert os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]) == 0
        met = meeting.met()
    theirs = json.loads((tmp_path / "child").read_text())
    assert sorted(mine + theirs) == list(range(500))
    assert theirs == sorted(theirs, reverse=True) and met == end == min(theirs, default=500)


def test_the_sample_with_its_docs_pages_tags_and_two_languages_is_the_same_split(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The repository's sample: hand-written docs pages (built by the build itself), the
    tags plugin (safe: its listings are made before the fork), search in ja and en."""
    monkeypatch.setenv("TEBIKI_TODAY", SITE_DAY.isoformat())
    sites = []
    for split_pages in (False, True):
        root = tmp_path / ("split" if split_pages else "one")
        root.mkdir()
        for name in ("mkdocs.yml", "docs", "procedures"):
            (shutil.copytree if (REPO / name).is_dir() else shutil.copy)(REPO / name, root / name)
        monkeypatch.setattr(split, "MIN_PAGES", 1 if split_pages else 10**9)
        if split_pages:
            slow_main_process(monkeypatch)
        site, _lines, debug = logged_build(root / "mkdocs.yml")
        assert (built_there(debug) > 0) == split_pages, debug
        sites.append(site)
    assert_same_site(*sites)


def test_when_no_process_can_be_forked_one_process_builds_every_page(
        handbook: Path, one_process: Built, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def no_fork() -> int:
        raise OSError(11, "Resource temporarily unavailable")

    monkeypatch.setattr(split, "fork_process", no_fork)
    site, lines, _used, debug = cold_build(handbook, tmp_path, split_pages=True, monkeypatch=monkeypatch)
    assert any("pages built in one process ([Errno 11]" in m for m in debug), debug
    assert_same_site(one_process[0], site)
    assert lines == one_process[1]


def test_a_build_holding_much_memory_is_not_split(
        handbook: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Copy on write: while both run, every memory page either process writes is copied, so a
    large build would end up near twice its memory (10,000 procedures: over issue 13's 1 GiB)."""
    monkeypatch.setattr(split, "MAX_RESIDENT", split.resident_bytes() // 2)
    _site, _lines, _used, debug = cold_build(handbook, tmp_path, split_pages=True, monkeypatch=monkeypatch)
    assert any(re.fullmatch(r"tebiki: pages built in one process \(\d+ MiB resident\)", m) for m in debug), debug
    assert not any("second process" in m for m in debug)
