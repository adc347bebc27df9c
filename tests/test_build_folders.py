"""`mkdocs build`: the folders of the handbook's pages are made by another process
(`sitedir.make_folders`, `mkdir -p`) once the pages are known, while MkDocs reads them,
instead of one by one in the build's own process as each page is written (~14,000
folders at 10,000 procedures, 0.2-0.7 ms each). The site is the same."""

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
