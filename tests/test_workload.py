"""業務量: the workload module against figures computed by hand (spec: "Workload (業務量)").

The handbook below is small enough to add up on paper:

- acc-close, monthly (12 runs): collect paper 30 min × 2 people, check manual 15,
  post system 10 -> 85 min a run -> 12 × 85 / 60 = 17.0 h
  (paper 12.0, manual 3.0, system 2.0); owner sato.
- acc-expense, on-demand, volume 3 per day (245 working days = 735 runs):
  input manual 4 min, export automated without minutes (partial)
  -> 735 × 4 / 60 = 49.0 h, all manual; owner suzuki.
- hr-letter, on-demand without volume: no figure; no owner.
- hr-attendance, daily (245 runs): check system 2 min -> 245 × 2 / 60 = 8.1666… h; no owner.

Total 74.1666… h over 3 of 4 procedures, one partial. Paper 12.0 (16.2 %),
manual 52.0 (70.1 %), system 10.1666…, automated 0.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Callable

import pytest

from tebiki.core import build_handbook
from tebiki.workload import (
    NO_OWNER,
    compute,
    handbook_workload,
    hours_per_year,
    improvement_board,
    minutes_per_run,
    rounded,
    runs_per_year,
    totals,
)

from workload_samples import FILES, INVENTORY, TODAY

@pytest.fixture
def handbook(tebiki_handbook: Callable[..., Path]):
    root = tebiki_handbook(FILES, inventory=INVENTORY)
    return build_handbook(root, "procedures", today=TODAY)


def test_runs_minutes_and_hours_per_procedure(handbook) -> None:
    close, expense, letter, attendance = (handbook.procedures[i] for i in
                                          ("acc-close", "acc-expense", "hr-letter", "hr-attendance"))
    assert (runs_per_year(close), minutes_per_run(close), hours_per_year(close)) == (12, 85, 17.0)
    assert (runs_per_year(expense), minutes_per_run(expense), hours_per_year(expense)) == (735, 4, 49.0)
    assert runs_per_year(letter) is None and hours_per_year(letter) is None
    assert hours_per_year(attendance) == pytest.approx(245 * 2 / 60)


def test_working_days_changes_daily_and_per_day_volumes_only(handbook) -> None:
    expense, close, attendance = (handbook.procedures[i] for i in ("acc-expense", "acc-close", "hr-attendance"))
    assert runs_per_year(expense, 200) == 600 and hours_per_year(expense, 200) == 40.0
    assert hours_per_year(attendance, 240) == 8.0
    assert hours_per_year(close, 200) == 17.0


@pytest.mark.parametrize("per, runs", [("day", 245), ("week", 52), ("month", 12), ("quarter", 4), ("year", 1)])
def test_volume_per_period(tebiki_handbook: Callable[..., Path], per: str, runs: int) -> None:
    text = FILES["accounting/expense.yaml"].replace("{count: 3, per: day}", f"{{count: 2, per: {per}}}")
    handbook = build_handbook(tebiki_handbook({"a.yaml": text}), "procedures", today=TODAY)
    assert runs_per_year(handbook.procedures["acc-expense"]) == 2 * runs


def test_volume_wins_over_frequency(tebiki_handbook: Callable[..., Path]) -> None:
    text = FILES["accounting/close.yaml"].replace("frequency: monthly", "frequency: monthly\nvolume: {count: 2, per: month}")
    handbook = build_handbook(tebiki_handbook({"a.yaml": text}), "procedures", today=TODAY)
    assert runs_per_year(handbook.procedures["acc-close"]) == 24
    assert hours_per_year(handbook.procedures["acc-close"]) == 34.0


def test_totals_coverage_and_partial(handbook) -> None:
    w = handbook_workload(handbook)
    assert rounded(w.hours_per_year) == 74.2
    assert (w.count, w.computed, w.partial) == (4, 3, 1)
    assert [p.procedure.id for p in w.unknown] == ["hr-letter"]
    partial = {p.procedure.id: p.partial for p in w.procedures}
    assert partial == {"acc-close": False, "acc-expense": True, "hr-letter": False, "hr-attendance": False}


def test_breakdowns_add_up_to_the_total(handbook) -> None:
    w = handbook_workload(handbook)
    assert {k: rounded(v) for k, v in totals(w.by_department).items()} == {"accounting": 66.0, "hr": 8.2}
    assert {k: rounded(v) for k, v in totals(w.by_actor).items()} == {
        "経理担当": 12.0 + 2.0 + 49.0, "経理部長": 3.0, "会計システム": 0.0, "人事担当": 8.2}
    assert {k: rounded(v) for k, v in totals(w.by_owner).items()} == {"sato": 17.0, "suzuki": 49.0, NO_OWNER: 8.2}
    assert {k: rounded(v) for k, v in w.by_mode.items()} == {
        "manual": 52.0, "paper": 12.0, "system": 10.2, "automated": 0.0, "outsourced": 0.0}
    assert w.by_department["accounting"]["paper"] == 12.0
    for breakdown in (w.by_department, w.by_actor, w.by_owner):
        assert sum(totals(breakdown).values()) == pytest.approx(w.hours_per_year)


def test_paper_and_manual_share(handbook) -> None:
    w = handbook_workload(handbook)
    assert round(w.share("paper") * 100, 1) == 16.2
    assert round(w.share("manual") * 100, 1) == 70.1
    assert w.share("automated") == 0.0
    assert compute([]).share("paper") is None


def test_undocumented_inventory_hours(handbook) -> None:
    w = handbook_workload(handbook)
    # acc-close is documented (its 999 does not count); hr-unknown has no estimate.
    assert (w.undocumented_hours, w.undocumented_estimated, w.undocumented_unestimated) == (127.5, 2, 1)


def test_improvement_candidates_rank_paper_and_manual_steps(handbook) -> None:
    candidates = handbook_workload(handbook).candidates()
    assert [(c.procedure.id, c.step.step.id, rounded(c.step.hours_per_year)) for c in candidates] == [
        ("acc-expense", "input", 49.0), ("acc-close", "collect", 12.0), ("acc-close", "check", 3.0)]
    plans = {c.step.step.id: [i.title for i in c.improvements] for c in candidates}
    # The planned one names `collect`; the one without steps covers the whole procedure; done ones are gone.
    assert plans["collect"] == ["証憑の回収を電子化する", "締め作業全体を標準化する"]
    assert plans["check"] == ["締め作業全体を標準化する"]


def test_improvement_board_marks_overdue(handbook) -> None:
    board = improvement_board(handbook.procedures.values(), TODAY)
    assert list(board) == ["idea", "planned", "doing", "done"]
    assert [(b.improvement.title, b.overdue) for b in board["planned"]] == [("証憑の回収を電子化する", True)]
    assert [b.improvement.title for b in board["idea"]] == ["締め作業全体を標準化する"]  # status defaults to idea
    assert [b.improvement.title for b in board["done"]] == ["承認を廃止する"]
    assert board["doing"] == []
    assert not improvement_board(handbook.procedures.values(), date(2026, 5, 1))["planned"][0].overdue
