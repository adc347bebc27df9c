"""`mkdocs build`: work handed to other processes ahead of the page loop (issue 13).
The folders of the handbook's pages are made by another process (`sitedir.make_folders`,
`mkdir -p`) once the pages are known, while MkDocs reads them, instead of one by one in
the build's own process as each page is written (~14,000 folders at 10,000 procedures,
0.2-0.7 ms each); the diagram workers get the flows in the order the pages ask for them.
The site is the same."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Callable

import pytest

from core_samples import CLEAN_PROCEDURE
from handbook_fixture import build_site

import tebiki.adapters.mkdocs.build as site_build


def test_every_handbook_page_folder_is_made_ahead_by_another_process(
        tebiki_handbook: Callable[..., Path], monkeypatch: pytest.MonkeyPatch) -> None:
    root = tebiki_handbook({"accounting/close.yaml": CLEAN_PROCEDURE})
    (root / "docs").mkdir()
    (root / "docs" / "guide.md").write_text("# 案内\n", encoding="utf-8")
    real = site_build.make_folders
    asked: list[set[str]] = []
    processes: list[Any] = []

    def make_folders(site_dir: str, folders: Any) -> Any:
        asked.append(set(folders))
        processes.append(real(site_dir, asked[-1]))
        return processes[-1]

    monkeypatch.setattr(site_build, "make_folders", make_folders)
    site = build_site(root / "mkdocs.yml")
    written = {os.path.relpath(p.parent, site).replace(os.sep, "/") for p in site.rglob("index.html")}
    handbook = {f for f in written if f.split("/")[0] in ("procedures", "people", "departments", "handover")}
    assert len(asked) == 1 and {"procedures/acc-close", "people/sato", "departments/accounting"} <= asked[0]
    assert handbook <= asked[0] and "guide" not in asked[0]  # the handbook's pages only: docs_dir's are MkDocs'
    assert asked[0] - {""} <= written  # nothing made for a page not written ("": the site folder, for index.html)
    assert processes[0] is not None and processes[0].returncode == 0  # ended, and waited for, by the build


def _procedure(pid: str, department: str, owner: str) -> str:
    return (f"id: {pid}\ntitle: 手順 {pid}\ndepartment: {department}\nsummary: 概要\nowner: {owner}\n"
            "frequency: monthly\nsteps:\n  - id: s1\n    title: 作業\n    actor: 担当\n")


def test_the_diagram_workers_get_the_flows_in_the_order_the_pages_ask_for_them(
        tebiki_handbook: Callable[..., Path], monkeypatch: pytest.MonkeyPatch) -> None:
    """Paths put 人事 (a-hr/) before 経理 (b-accounting/) and an unknown department in
    between; _org.yaml lists 経理 first: the pages, and the flows handed to the workers,
    come by department in _org.yaml order, unknown departments last."""
    root = tebiki_handbook({
        "a-hr/hr-1.yaml": _procedure("hr-1", "hr", "kato"),
        "a-hr/hr-2.yaml": _procedure("hr-2", "hr", "kato"),
        "ab-other/x-1.yaml": _procedure("x-1", "nowhere", "sato"),
        "b-accounting/acc-1.yaml": _procedure("acc-1", "accounting", "sato"),
        "b-accounting/acc-2.yaml": _procedure("acc-2", "accounting", "sato"),
    })
    (root / "docs").mkdir()
    from tebiki.diagrams.renderer import DiagramRenderer

    real = DiagramRenderer.fork_workers
    handed: list[list[str]] = []

    def fork_workers(self: DiagramRenderer, flows: Any, *args: Any, **kwargs: Any) -> bool:
        flows = list(flows)
        handed.append([procedure.id for procedure, _href in flows])
        return real(self, flows, *args, **kwargs)

    monkeypatch.setattr(DiagramRenderer, "fork_workers", fork_workers)
    pages: list[str] = []
    real_stream = site_build.handbook_page_stream

    def stream(*args: Any, **kwargs: Any) -> Any:
        for page in real_stream(*args, **kwargs):
            if page.kind == "procedure":
                pages.append(page.key)
            yield page

    monkeypatch.setattr(site_build, "handbook_page_stream", stream)
    build_site(root / "mkdocs.yml")
    assert handed == [["acc-1", "acc-2", "hr-1", "hr-2", "x-1"]]
    assert pages == handed[0]
