"""A real company's organisation file loads (issue 13): `_org.yaml` and `_inventory.yaml`
list the whole company, so they have their own size budget (yamlfile.LIST_FILE), while a
procedure file keeps the small one and an alias bomb is refused in any file, with the
file and line named."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Callable

import yaml
from core_samples import CLEAN_PROCEDURE
from test_cli import tebiki

from tebiki.core import build_handbook
from tebiki.i18n.messages import problem_message
from tebiki.yamlfile import LIST_FILE, MAX_TOKENS, PROCEDURE_FILE, parse_yaml
from constants import TODAY

DEPARTMENTS = 40
ROLES = "[経理担当, 経理部長, 支払担当, 請求担当, 決算担当, 税務担当, 監査対応, 予算担当, 資金担当, 債権管理]"
PROCEDURE = CLEAN_PROCEDURE.replace("sato", "u00001").replace("suzuki", "u01999")


def org_yaml(people: int, *, roles_anchor: bool = False) -> str:
    """An `_org.yaml` in the sample's style: a comment per department, five fields a person."""
    lines = ["# 組織と担当者", "departments:"]
    lines += [f"  - id: d{d:02d}\n    name: 部署{d:02d}" for d in range(DEPARTMENTS)]
    lines += ["  - id: accounting\n    name: 経理・財務", "", "people:"]
    for i in range(people):
        if i % (people // DEPARTMENTS or 1) == 0:
            lines.append(f"  # 部署{i * DEPARTMENTS // people:02d}")
        roles = "*roles" if roles_anchor and i else ("&roles " if roles_anchor else "") + ROLES
        lines += [f"  - id: u{i:05d}", f"    name: 佐藤 花子{i}", f"    department: d{i % DEPARTMENTS:02d}",
                  f"    roles: {roles}", "    status: active"]
    return "\n".join(lines) + "\n"


def test_a_2000_person_org_file_loads_with_every_person(tebiki_handbook: Callable[..., Path]) -> None:
    text = org_yaml(2000)
    assert len(parse_yaml(text.encode(), "x.yaml", PROCEDURE_FILE).problems) == 1  # over a procedure's budget
    root = tebiki_handbook({"accounting/close.yaml": PROCEDURE},
                           org=text)
    started = time.monotonic()
    handbook = build_handbook(root, "procedures", today=TODAY)
    assert time.monotonic() - started < 30
    assert [p for p in handbook.problems if p.file.endswith("_org.yaml")] == []
    assert len(handbook.org.people) == 2000
    assert handbook.org.people["u01999"].name == "佐藤 花子1999"


def test_tebiki_check_accepts_a_2000_person_org_file(tebiki_handbook: Callable[..., Path]) -> None:
    root = tebiki_handbook({"accounting/close.yaml": PROCEDURE},
                           org=org_yaml(2000))
    run = tebiki(root, "--lang", "en")
    assert run.code == 0, run.stdout + run.stderr
    assert "_org.yaml" not in run.stdout + run.stderr, run.stdout


def test_a_long_org_file_written_with_an_anchor_is_not_an_alias_bomb() -> None:
    # 10,000 people: over 200,000 values once the `roles` alias is expanded (21 a person),
    # but the alias adds only 10 a person; refusing the total would refuse any large file.
    document = parse_yaml(org_yaml(10_000, roles_anchor=True).encode(), "procedures/_org.yaml", LIST_FILE)
    assert document.problems == []
    assert document.data["people"][9999]["roles"][-1] == "債権管理"


def billion_laughs_org() -> str:
    text = "departments:\n  - id: a\n    name: A\npeople:\n  - id: u1\n    name: x\n    department: a\n"
    text += "    roles: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
    previous = "a"
    for name in "bcdefghi":
        text += f"    r{name}: &{name} [" + ", ".join([f"*{previous}"] * 10) + "]\n"
        previous = name
    return text


def test_an_alias_bomb_in_the_org_file_is_refused_at_its_line(tebiki_handbook: Callable[..., Path]) -> None:
    root = tebiki_handbook({"accounting/close.yaml": CLEAN_PROCEDURE}, org=billion_laughs_org())
    started = time.monotonic()
    handbook = build_handbook(root, "procedures", today=TODAY)
    assert time.monotonic() - started < 15
    (problem,) = [p for p in handbook.problems if p.file.endswith("_org.yaml")]
    # 10 ** k values: level f (line 13) is the first to add more than 200,000.
    assert (problem.file, problem.code, problem.line) == ("procedures/_org.yaml", "yaml-syntax", 13)
    assert "alias" in problem_message(problem, "en")
    assert "エイリアス" in problem_message(problem, "ja")


def test_an_org_file_over_its_budget_says_so_for_an_org_file() -> None:
    per_person = sum(1 for _ in yaml.scan(org_yaml(1000), Loader=yaml.SafeLoader)) / 1000
    people = int(LIST_FILE.tokens / per_person) + 1000
    assert len(org_yaml(people).encode()) < LIST_FILE.bytes  # the token budget is the one passed
    (problem,) = parse_yaml(org_yaml(people).encode(), "procedures/_org.yaml", LIST_FILE).problems
    assert (problem.code, problem.params["reason"]) == ("yaml-syntax", "too-many-tokens-list")
    assert problem.line > 1
    assert str(LIST_FILE.tokens) in problem_message(problem, "en")
    assert "organisation" in problem_message(problem, "en") and "組織" in problem_message(problem, "ja")


def test_a_procedure_file_keeps_its_small_budget() -> None:
    raw = ("id: acc-flow\nsteps: [" + "{id: s1, title: t, actor: a}, " * 16_000 + "{id: z}]\n").encode()
    (problem,) = parse_yaml(raw, "procedures/flow.yaml").problems
    assert problem.params["reason"] == "too-many-tokens" and str(MAX_TOKENS) in problem_message(problem, "en")
