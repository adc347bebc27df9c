"""The edit loop (issue #13, item 3): under `mkdocs serve` a rebuild reuses the
unchanged pages of the previous build (adapters/mkdocs/rebuilds.py), and the site it
writes is byte for byte what a clean `mkdocs build` of the same files writes.

The serve-mode builds run in this process, as `mkdocs serve` runs them: a new
config per build, the same plugin instance (`on_startup`), `build(serve_url=...)`.
Each clean build runs `mkdocs build` in a fresh process."""

from __future__ import annotations

import gzip
import logging
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any, Iterator

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig

ROOT = Path(__file__).resolve().parents[1]
URL = "http://127.0.0.1:8000/"
CONFIG = f"""\
site_name: 業務手引き
site_url: {URL}
theme:
  name: material
  language: ja
plugins:
  - search:
      lang: ja
  - tebiki:
      today: 2026-04-01
"""
PROC = "procedures/accounting/monthly-close.yaml"
PROC_PAGE = "procedures/acc-monthly-close.md"


def site_files(site: Path) -> dict[str, bytes]:
    """Every file of a built site (hidden names left out), gzip files unpacked (their
    header holds a time)."""
    found: dict[str, bytes] = {}
    for here, dirs, names in os.walk(site):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in names:
            path = Path(here) / name
            data = path.read_bytes()
            found[path.relative_to(site).as_posix()] = gzip.decompress(data) if name.endswith(".gz") else data
    return found


def clean_build(root: Path) -> dict[str, bytes]:
    site = root / "site-clean"
    shutil.rmtree(site, ignore_errors=True)
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(site)], cwd=root, check=True,
                   env=dict(os.environ, NO_MKDOCS_2_WARNING="1"), capture_output=True)
    return site_files(site)


class Serve:
    """The builds of one `mkdocs serve`, in this process."""

    def __init__(self, root: Path) -> None:
        self.root, self.site = root, root / "served"
        self.config = self._config()
        self.config.plugins.on_startup(command="serve", dirty=False)
        self.plugin = self.config.plugins["tebiki"]

    def _config(self) -> MkDocsConfig:
        config = load_config(str(self.root / "mkdocs.yml"), site_dir=str(self.site))
        config.site_url = URL
        return config

    def rebuild(self) -> tuple[frozenset[str], frozenset[str]]:
        """One build as `mkdocs serve` makes it after a change: (pages reused, pages built afresh)."""
        build(self._config(), serve_url=URL)
        return self.plugin.rebuilds.last

    def stop(self) -> None:
        self.config.plugins.on_shutdown()


@pytest.fixture
def served(tmp_path: Path) -> Iterator[Serve]:
    root = tmp_path / "handbook"
    shutil.copytree(ROOT / "procedures", root / "procedures")
    (root / "docs").mkdir()
    (root / "mkdocs.yml").write_text(CONFIG, encoding="utf-8")
    serve = Serve(root)
    build(serve.config, serve_url=URL)
    try:
        yield serve
    finally:
        serve.stop()


def edit(root: Path, rel: str, old: str, new: str) -> None:
    path = root / rel
    text = path.read_text(encoding="utf-8")
    assert re.search(old, text, flags=re.M), (rel, old)
    path.write_text(re.sub(old, new, text, count=1, flags=re.M), encoding="utf-8")


def site_folders(site: Path) -> set[str]:
    """Every folder of a built site (hidden ones left out): a folder made in advance for a
    page gone must not stay behind, empty."""
    return {Path(here).relative_to(site).as_posix() for here, dirs, _names in os.walk(site)
            if not any(part.startswith(".") for part in Path(here).relative_to(site).parts)}


def assert_same_site(served: Serve) -> None:
    mine, clean = site_files(served.site), clean_build(served.root)
    assert sorted(mine) == sorted(clean)
    different = [name for name in clean if mine[name] != clean[name]]
    assert different == []
    assert site_folders(served.site) == site_folders(served.root / "site-clean")


def test_a_title_change_rebuilds_the_pages_that_show_it_and_reuses_the_rest(served: Serve) -> None:
    reused, fresh = served.rebuild()  # nothing changed: every handbook page is reused
    assert fresh == frozenset() and PROC_PAGE in reused and "index.md" in reused

    edit(served.root, PROC, r"^title: .*$", "title: 月次決算（改訂）")
    reused, fresh = served.rebuild()
    for page in (PROC_PAGE, "departments/accounting/index.md", "index.md", "people/sato.md", "handover/sato.md"):
        assert page in fresh
    assert "procedures/hr-payroll.md" in reused and "people/yamada.md" in reused
    assert "月次決算（改訂）" in (served.site / "procedures/acc-monthly-close/index.html").read_text(encoding="utf-8")
    assert_same_site(served)


def test_an_owner_change_reaches_the_department_person_and_coverage_pages(served: Serve) -> None:
    edit(served.root, PROC, r"^owner: .*$", "owner: suzuki")
    reused, fresh = served.rebuild()
    for page in (PROC_PAGE, "departments/accounting/index.md", "coverage.md", "people/sato.md",
                 "people/suzuki.md"):
        assert page in fresh
    assert reused
    assert_same_site(served)


def test_a_department_renamed_in_the_menu_rebuilds_every_page(served: Serve) -> None:
    edit(served.root, "procedures/_org.yaml", r"name: 経理・財務$", "name: 経理部")
    reused, fresh = served.rebuild()
    assert reused == frozenset() and PROC_PAGE in fresh
    assert_same_site(served)


def test_a_deleted_and_a_new_file_leave_no_stale_page(served: Serve) -> None:
    gone = served.root / "procedures/it/pc-lending.yaml"
    new = served.root / "procedures/it/pc-lending-2.yaml"
    new.write_text(gone.read_text(encoding="utf-8").replace("id: it-pc-lending", "id: it-pc-lending-2"),
                   encoding="utf-8")
    gone.unlink()
    served.rebuild()
    assert not (served.site / "procedures/it-pc-lending").exists()
    assert (served.site / "procedures/it-pc-lending-2/index.html").exists()
    assert_same_site(served)


def test_a_config_change_rebuilds_every_page(served: Serve) -> None:
    config = served.root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("site_name: 業務手引き", "site_name: 手引き"),
                      encoding="utf-8")
    reused, fresh = served.rebuild()
    assert reused == frozenset() and fresh
    assert_same_site(served)


def test_an_editing_session_serves_after_every_save_what_a_clean_build_writes(
        served: Serve, caplog: pytest.LogCaptureFixture) -> None:
    """Several saves in a row, as an author works: after each, every file of the served
    site equals a clean build's; unchanged pages are linked from the previous build's
    files (same inode), and MkDocs' "Page skipped" line of those is not shown."""
    def step(old: str, new: str) -> None:  # the collect-vouchers step of 月次決算: its title and minutes
        edit(served.root, PROC, old, new)

    saves = [
        lambda: edit(served.root, PROC, r"^title: .*$", "title: 月次決算（改訂）"),
        lambda: edit(served.root, PROC, r"^owner: .*$", "owner: suzuki"),
        lambda: (step(r"title: 証憑を回収する$", "title: 証憑を集める"), step(r"minutes: 120$", "minutes: 90")),
        lambda: edit(served.root, "procedures/_org.yaml", r"(id: suzuki\n(?:    .*\n)*?    )status: active",
                     r"\1status: leaving\n    leaving_on: 2026-06-30"),  # a backup owner leaving
        lambda: (served.root / "procedures/it/pc-lending-2.yaml").write_text(
            (served.root / "procedures/it/pc-lending.yaml").read_text(encoding="utf-8").replace(
                "id: it-pc-lending", "id: it-pc-lending-2"), encoding="utf-8"),  # a file added
        lambda: (served.root / "procedures/it/pc-lending.yaml").unlink(),  # a file deleted
    ]
    page = served.site / "procedures/hr-payroll/index.html"
    linked = 0
    for number, save in enumerate(saves, 1):
        before = page.stat().st_ino
        save()
        with caplog.at_level(logging.INFO, logger="mkdocs"):
            reused, fresh = served.rebuild()
        assert fresh, number
        if "procedures/hr-payroll.md" in reused:
            assert page.stat().st_ino == before, number  # linked, not written again
            linked += 1
        assert not [r for r in caplog.records if "Page skipped" in r.getMessage()], number
        assert_same_site(served)
    assert linked >= 3  # title, owner, step: the other procedures' pages are kept (a new file changes the menu)
    assert "証憑を集める" in (served.site / "procedures/acc-monthly-close/index.html").read_text(encoding="utf-8")
    assert not (served.site / "procedures/it-pc-lending").exists()


def test_mkdocs_build_reuses_nothing(tmp_path: Path) -> None:
    root = tmp_path / "handbook"
    shutil.copytree(ROOT / "procedures", root / "procedures")
    (root / "docs").mkdir()
    (root / "mkdocs.yml").write_text(CONFIG, encoding="utf-8")
    config = load_config(str(root / "mkdocs.yml"), site_dir=str(root / "site"))
    config.plugins.on_startup(command="build", dirty=False)
    try:
        build(config)
        build(load_config(str(root / "mkdocs.yml"), site_dir=str(root / "site")))
        rebuilds = config.plugins["tebiki"].rebuilds
        assert not rebuilds.serving and rebuilds.outputs == {} and rebuilds.converted == {}
    finally:
        config.plugins.on_shutdown()


class RealServe:
    """A real `mkdocs serve` of the sample handbook, in a session of its own."""

    def __init__(self, tmp_path: Path) -> None:
        import socket

        self.root = tmp_path / "handbook"
        shutil.copytree(ROOT / "procedures", self.root / "procedures")
        (self.root / "docs").mkdir()
        (self.root / "mkdocs.yml").write_text(CONFIG, encoding="utf-8")
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        self.base = f"http://127.0.0.1:{port}/"
        self.log = tmp_path / "serve.log"
        with open(self.log, "wb") as out:
            self.server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"],
                                           cwd=self.root, stdout=out, stderr=subprocess.STDOUT,
                                           start_new_session=True, env=dict(os.environ, NO_MKDOCS_2_WARNING="1"))

    def shown(self, text: str, pages: list[str], seconds: float) -> bool:
        """Whether every one of `pages` (paths) shows `text` within `seconds`."""
        import time
        import urllib.request

        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            try:
                if all(text in urllib.request.urlopen(self.base + page, timeout=5).read().decode("utf-8")
                       for page in pages):
                    return True
            except OSError:
                pass
            time.sleep(0.1)
        return False

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8")


def test_a_real_mkdocs_serve_shows_a_saved_edit_on_every_page_that_shows_it(tmp_path: Path) -> None:
    """`mkdocs serve` itself: the first build, one save, the pages that show the title."""
    import signal
    import time

    serve = RealServe(tmp_path)
    pages = ["procedures/acc-monthly-close/", "departments/accounting/", "", "people/sato/"]
    try:
        assert serve.shown("月次決算", pages, 60), serve.output()
        time.sleep(1)
        edit(serve.root, PROC, r"^title: .*$", "title: 月次決算（改訂）")
        assert serve.shown("月次決算（改訂）", pages, 30), serve.output()
    finally:
        os.killpg(serve.server.pid, signal.SIGINT)
        serve.server.wait(timeout=30)
    assert "Traceback" not in serve.output()


def test_the_diagram_workers_of_mkdocs_serve_die_when_it_is_killed(tmp_path: Path) -> None:
    """The workers `mkdocs serve` forks at its start and lends to every build (and their
    drawing children) die with the server when it is killed (SIGKILL, the server only)."""
    import signal
    import time

    from test_diagram_workers import alive, children_of

    serve = RealServe(tmp_path)
    workers: list[int] = []
    try:
        assert serve.shown("月次決算", ["procedures/acc-monthly-close/"], 60), serve.output()
        command = Path(f"/proc/{serve.server.pid}/cmdline").read_bytes()
        workers = [pid for pid in children_of([serve.server.pid])  # forked: the server's command line
                   if Path(f"/proc/{pid}/cmdline").read_bytes() == command]
        assert workers, "no diagram workers lent by mkdocs serve"
        workers += children_of(workers)
        os.kill(serve.server.pid, signal.SIGKILL)
        serve.server.wait(timeout=10)
        deadline = time.monotonic() + 60
        while any(alive(pid) for pid in workers) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not [pid for pid in workers if alive(pid)], "diagram workers outlived mkdocs serve"
    finally:
        serve.server.kill()
        serve.server.wait(timeout=10)
        for pid in workers:
            if alive(pid):
                os.kill(pid, signal.SIGKILL)


def test_theme_templates_are_compiled_once_per_serve_and_again_when_edited(tmp_path: Path,
                                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    """Every Jinja environment of a served build (MkDocs' own, Material's search words in
    its on_config) keeps its compiled templates for the next build (Rebuilds.compile_once);
    a template override added or edited while serving is compiled again and shown."""
    import jinja2

    root = tmp_path / "handbook"
    shutil.copytree(ROOT / "procedures", root / "procedures")
    (root / "docs").mkdir()
    (root / "overrides").mkdir()
    (root / "mkdocs.yml").write_text(CONFIG.replace("  language: ja\n", "  language: ja\n  custom_dir: overrides\n"),
                                     encoding="utf-8")
    serve = Serve(root)
    build(serve.config, serve_url=URL)
    compiled: list[str | None] = []
    compile_source = jinja2.Environment.compile

    def counted(self: jinja2.Environment, source: Any, name: str | None = None, *args: Any, **kwargs: Any) -> Any:
        compiled.append(name)
        return compile_source(self, source, name, *args, **kwargs)

    monkeypatch.setattr(jinja2.Environment, "compile", counted)
    try:
        serve.rebuild()  # the first with reused pages compiles their one-line template
        compiled.clear()
        serve.rebuild()
        assert compiled == []  # the theme's templates and the search plugin's words: from the builds before
        override = root / "overrides" / "main.html"
        for marker in ("OVERRIDE-ONE", "OVERRIDE-TWO"):  # added, then edited
            override.write_text('{% extends "base.html" %}{% block footer %}' + marker + '{{ super() }}{% endblock %}',
                                encoding="utf-8")
            compiled.clear()
            reused, fresh = serve.rebuild()
            assert "main.html" in compiled and reused == frozenset()
            assert marker in (serve.site / "procedures/acc-monthly-close/index.html").read_text(encoding="utf-8")
            assert_same_site(serve)
    finally:
        serve.stop()


def test_a_rebuild_warns_about_the_same_outside_hosts_as_the_first_build(tmp_path: Path,
                                                                         caplog: pytest.LogCaptureFixture) -> None:
    """Option `offline`: a page written from the previous build is counted among the pages
    that load from a host outside the site, as when it was built (its URLs kept with it)."""
    root = tmp_path / "handbook"
    shutil.copytree(ROOT / "procedures", root / "procedures")
    (root / "docs").mkdir()
    (root / "mkdocs.yml").write_text(CONFIG + "extra_javascript:\n  - https://cdn.example.com/x.js\n",
                                     encoding="utf-8")
    serve = Serve(root)
    try:
        def warnings() -> list[str]:
            return [r.getMessage() for r in caplog.records if "cdn.example.com" in r.getMessage()]

        with caplog.at_level(logging.WARNING):
            build(serve.config, serve_url=URL)
        first = warnings()
        assert len(first) == 1, first
        caplog.clear()
        edit(root, PROC, r"^title: .*$", "title: 月次決算（改訂）")
        with caplog.at_level(logging.WARNING):
            reused, fresh = serve.rebuild()
        assert reused and fresh and warnings() == first
    finally:
        serve.stop()
