"""Pages kept from the previous build (render/page_memo.py, under `mkdocs serve`) are
exactly the pages made afresh: after every kind of edit an author makes, the pages
made through the memo (and through the loader's parsed files) equal, text and figures,
those made from nothing; and the memo did reuse pages, not just remake them all."""

from __future__ import annotations

import re
import shutil
from datetime import date
from pathlib import Path
from typing import Callable

import pytest

from tebiki.adapters.pages import PageOptions, handbook_pages
from tebiki.core import build_handbook
from tebiki.diagrams import DiagramRenderer
from tebiki.loader import ParsedFiles
from tebiki.render.figures import Figures
from tebiki.render.links import SiteLinks, Urls
from tebiki.render.page_memo import PageMemo

ROOT = Path(__file__).resolve().parents[1]
TODAY = date(2026, 4, 1)


def made(root: Path, memo: PageMemo | None = None, parsed: ParsedFiles | None = None) -> tuple[list, dict]:
    """Every page (all it holds) and the figures it asks for, as the plugin makes them."""
    handbook = build_handbook(root, "procedures", today=TODAY, parsed=parsed)
    figures = Figures(DiagramRenderer(None, "ja"), mode="deferred", zoom_label="図を拡大")
    pages = handbook_pages(handbook, PageOptions("ja", "手引き"), links=SiteLinks(), figures=figures, urls=Urls(),
                           memo=memo)
    return [(p.kind, p.key, p.src_uri, p.title, p.text, p.edit_file) for p in pages], dict(figures.keys)


def replace(rel: str, old: str, new: str) -> Callable[[Path], None]:
    def edit(root: Path) -> None:
        path = root / rel
        text = path.read_text(encoding="utf-8")
        assert re.search(old, text, flags=re.M), (rel, old)
        path.write_text(re.sub(old, new, text, count=1, flags=re.M), encoding="utf-8")
    return edit


def delete_and_add(root: Path) -> None:
    gone = root / "procedures/it/pc-lending.yaml"
    text = gone.read_text(encoding="utf-8")
    gone.unlink()
    (root / "procedures/it/pc-lending-2.yaml").write_text(text.replace("id: it-pc-lending", "id: it-pc-lending-2"),
                                                          encoding="utf-8")


EDITS = {
    "title": replace("procedures/accounting/monthly-close.yaml", r"^title: .*$", "title: 月次決算（改訂）"),
    "owner": replace("procedures/accounting/monthly-close.yaml", r"^owner: .*$", "owner: suzuki"),
    "backups": replace("procedures/accounting/expense.yaml", r"^backup_owners: .*$", "backup_owners: [sato]"),
    "related": replace("procedures/accounting/expense.yaml", r"^related: .*$", "related: [hr-payroll]"),
    "department": replace("procedures/accounting/budget.yaml", r"^department: .*$", "department: hr"),
    "step actor named after a person": replace("procedures/hr/payroll.yaml", r"actor: .*$", "actor: 佐藤 花子"),
    "minutes (hours held, successors)": replace("procedures/accounting/payment.yaml", r"minutes: \d+", "minutes: 600"),
    "a trainee (the person pages of who learns it)": replace("procedures/accounting/payment.yaml",
                                                             r"person: takahashi", "person: inoue"),
    "reviewed": replace("procedures/accounting/expense.yaml", r"^reviewed: .*$", "reviewed: 2024-01-10"),
    "a schema error": replace("procedures/hr/onboarding.yaml", r"^frequency: .*$", "frequency: sometimes"),
    "a person leaving": replace("procedures/_org.yaml", r"status: active", "status: left"),
    "a file deleted, one added": delete_and_add,
    "not YAML any more": replace("procedures/legal/contract-review.yaml", r"^title: .*$", "title: [oops"),
}


SHARED_EDITS = {"a person leaving"}


@pytest.fixture(scope="module")
def handbook(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("memo") / "handbook"
    shutil.copytree(ROOT / "procedures", root / "procedures")
    return root


@pytest.fixture(scope="module")
def memo(handbook: Path) -> tuple[PageMemo, ParsedFiles]:
    memo, parsed = PageMemo(), ParsedFiles()
    made(handbook, memo, parsed)
    return memo, parsed


@pytest.mark.parametrize("edit", list(EDITS))
def test_pages_kept_from_the_last_build_equal_pages_made_afresh(handbook: Path, memo: tuple[PageMemo, ParsedFiles],
                                                                edit: str) -> None:
    keeper, parsed = memo
    EDITS[edit](handbook)  # the edits add up, as in one editing session
    assert made(handbook, keeper, parsed) == made(handbook)
    if edit not in SHARED_EDITS:  # _org.yaml is read by every page: all are made again
        assert keeper.reused > 0


def test_a_title_change_remakes_the_pages_that_show_the_procedure(tmp_path: Path) -> None:
    root = tmp_path / "handbook"
    shutil.copytree(ROOT / "procedures", root / "procedures")
    keeper = PageMemo()
    made(root, keeper, ParsedFiles())
    EDITS["title"](root)
    made(root, keeper, ParsedFiles())
    remade = set(keeper.remade)
    assert {("procedure", "acc-monthly-close"), ("person", "sato"), ("handover", "sato")} <= remade
    assert ("procedure", "hr-payroll") not in remade and ("person", "yamada") not in remade
    assert ("procedure", "acc-expense") in remade  # names it among its related procedures
    assert {("department", "accounting"), ("skills", "accounting")} <= remade  # its department's page and 星取表
    assert ("department", "hr") not in remade and ("skills", "hr") not in remade  # the other departments' are kept
