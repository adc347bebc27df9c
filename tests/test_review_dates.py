"""The next review date and "overdue", one rule (`coverage.review_of`) computed once per
handbook and read by every surface: `tebiki check`, the department page, the to-do
list, the person page and the procedure card must agree on each boundary case."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Callable

from core_samples import CLEAN_PROCEDURE

from tebiki.core import build_handbook
from tebiki.model import Handbook
from tebiki.render.context import RenderContext
from tebiki.render.labels import Labels
from tebiki.render.pages import department_page, person_page, procedure_page
from tebiki.todo import todo_rows

TODAY = date(2026, 6, 1)


def variant(pid: str, title: str, review: str) -> str:
    """The clean procedure with its own id and title, and `review` in place of `reviewed: 2026-04-01`."""
    text = CLEAN_PROCEDURE.replace("id: acc-close", f"id: {pid}").replace("title: 月次決算", f"title: {title}")
    return text.replace("reviewed: 2026-04-01\n", review)


# id -> (title, review lines, expected next due shown, expected overdue)
CASES = {
    "due-yesterday": ("昨日期限", "reviewed: 2025-05-31\n", "2026-05-31", True),
    "due-today": ("今日期限", "reviewed: 2025-06-01\n", "2026-06-01", False),  # due today: not yet overdue
    "due-tomorrow": ("明日期限", "reviewed: 2025-06-02\n", "2026-06-02", False),
    "never": ("未レビュー", "", None, True),
    "month-end": ("月末", "reviewed: 2026-02-28\nreview_interval_months: 3\n", "2026-05-28", True),
    "clamped": ("月末繰り下げ", "reviewed: 2026-03-31\nreview_interval_months: 2\n", "2026-05-31", True),
}


def build(tebiki_handbook: Callable[..., Path]) -> Handbook:
    files = {f"accounting/{pid}.yaml": variant(pid, title, review) for pid, (title, review, _, _) in CASES.items()}
    return build_handbook(tebiki_handbook(files), "procedures", today=TODAY)


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()


def test_every_surface_agrees_on_due_dates_and_overdue(tebiki_handbook: Callable[..., Path]) -> None:
    hb = build(tebiki_handbook)
    expected_overdue = {pid for pid, case in CASES.items() if case[3]}
    titles = {pid: case[0] for pid, case in CASES.items()}

    # the handbook's own record
    assert {pid: (r.due.isoformat() if r.due else None) for pid, r in hb.reviews.items()} == {
        pid: case[2] for pid, case in CASES.items()}
    assert {pid for pid, r in hb.reviews.items() if r.overdue} == expected_overdue

    # tebiki check
    assert {p.procedure for p in hb.problems if p.code == "review-overdue"} == expected_overdue

    # the coverage page's to-do list
    assert {r.procedure.id for r in todo_rows(hb) if r.kind == "overdue" and r.procedure} == expected_overdue

    ctx = RenderContext(hb, Labels("ja"))
    # the department page: a row per procedure, overdue marked by a word
    md = department_page(ctx, "accounting").markdown
    rows = [text_of(r) for r in re.findall(r"<tr>.*?</tr>", md, re.S)]
    marked = {pid for pid, title in titles.items() if any(r.startswith(title + " ") and "期限切れ" in r for r in rows)}
    assert marked == expected_overdue

    # the owner's person page: every procedure with its next due date and the same badge
    md = person_page(ctx, "sato").markdown
    review = md[md.index("## 見直しの状況"):]
    review = review[:review.index("\n## ")]
    rows = [text_of(r) for r in re.findall(r"<tr>.*?</tr>", review, re.S)][1:]
    for title, _, due, overdue in CASES.values():
        row = next(r for r in rows if r.startswith(title + " "))
        assert (due or "—") in row and ("期限切れ" in row) == overdue, row

    # each procedure page's card
    for pid, (_title, _, due, overdue) in CASES.items():
        card = text_of(procedure_page(ctx, hb.procedures[pid]).markdown)
        shown = re.search(r"次回の見直し期限 (\S+)( 期限切れ)?", card)
        assert shown is not None, card
        assert shown.group(1) == (due or "—") and bool(shown.group(2)) == overdue, shown.group(0)
