"""Reachability, one rule (`tebiki.graph`) for the checker and the flow diagram.

A step is unreachable when no path from the first step leads to it. A loop of
steps the first step never leads to has incoming edges (from each other) and is
still unreachable: a rule that only looked for incoming edges would miss it.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Callable

from core_samples import CLEAN_PROCEDURE
from test_diagrams import procedure, render, step, step_group

from tebiki import graph
from tebiki.core import build_handbook
from tebiki.i18n.messages import problem_message

# collect ends the flow; post and check only lead to each other
UNREACHED_LOOP = CLEAN_PROCEDURE.replace(
    "    title: 証憑を回収する\n    actor: 経理担当\n",
    "    title: 証憑を回収する\n    actor: 経理担当\n    next: []\n",
) + "    next: [check]\n  - id: check\n    title: 部長承認\n    actor: 経理部長\n    next: [post]\n"


def loop_away_from_start():  # type: ignore[no-untyped-def]
    return procedure(
        step("a", "受付", "総務担当", "z"),
        step("b", "確認", "総務担当", "c"),
        step("c", "差戻し", "総務担当", "b"),
        step("z", "完了", "総務担当"),
    )


def test_a_loop_the_first_step_never_leads_to_is_unreachable() -> None:
    proc = loop_away_from_start()
    assert graph.reachable(proc) == {"a", "z"}
    assert graph.unreachable(proc) == ["b", "c"]
    assert graph.no_way_out(proc) == [], "an unreachable loop is unreachable, not endless"


def test_a_loop_reached_from_the_first_step_is_reachable_and_endless() -> None:
    proc = procedure(step("a", "受付", "総務担当", "b"), step("b", "確認", "総務担当", "c"),
                     step("c", "差戻し", "総務担当", "b"))
    assert graph.unreachable(proc) == []
    assert graph.no_way_out(proc) == ["a", "b", "c"]


def test_check_reports_each_step_of_an_unreached_loop_at_its_line(tebiki_handbook: Callable[..., Path]) -> None:
    root = tebiki_handbook({"accounting/close.yaml": UNREACHED_LOOP})
    handbook = build_handbook(root, "procedures", today=date(2026, 6, 1))
    found = [(p.line, p.column, problem_message(p, "en")) for p in handbook.problems if p.code == "unreachable-step"]
    assert [(line, column) for line, column, _ in found] == [(14, 5), (18, 5)]
    assert "post" in found[0][2] and "check" in found[1][2]
    ja = [problem_message(p, "ja") for p in handbook.problems if p.code == "unreachable-step"]
    assert "post" in ja[0] and "check" in ja[1]
    assert not [p for p in handbook.problems if p.code == "endless-loop"]


def test_the_flow_diagram_marks_every_step_of_an_unreached_loop() -> None:
    root = render(loop_away_from_start())
    for step_id in ("b", "c"):
        assert "unreachable" in (step_group(root, step_id).get("class") or "").split()
    for step_id in ("a", "z"):
        assert "unreachable" not in (step_group(root, step_id).get("class") or "").split()
