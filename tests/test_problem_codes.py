"""Every problem code of the spec (docs: handbook-format.md, "Problems and their codes"):
a failing handbook that must report it exactly where a user would look, and a near
miss that must not. Cases are data: a few YAML lines changed in a clean procedure.

All handbooks are judged on TODAY; the clean procedure of conftest.py (owner sato,
backup suzuki, reviewed 2026-04-01) has no problem at all on that day.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, Callable

import pytest

from core_samples import CLEAN_PROCEDURE

from tebiki.cli import load as load_from_settings
from tebiki.core import PolicyError, build_handbook
from tebiki.model import Coverage, Handbook
from tebiki.problems import Problem
from tebiki.settings import read_settings
from constants import TODAY
from tebiki.i18n.messages import problem_message


SPEC_CODES = {
    "yaml-syntax": "error", "duplicate-key": "error", "encoding": "error", "schema": "error",
    "duplicate-id": "error", "unknown-department": "error", "unknown-person": "error",
    "unknown-step": "error", "unknown-procedure": "error", "no-owner": "error",
    "single-owner": "warning", "undocumented": "error", "owner-leaving": "warning",
    "review-overdue": "warning", "unreachable-step": "warning",
    "improvement-overdue": "warning", "minutes-missing": "ignore", "volume-missing": "ignore",
    "handover-late": "warning",
    "trainee-holder": "warning",  # tebiki's own code (FORMAT.md)
}

CLEAN = CLEAN_PROCEDURE
# Lines: 1 id, 3 department, 5 owner, 6 backup_owners, 7 frequency, 8 reviewed,
# 9 steps, 10 "- id: collect", 12 its actor, 13 "- id: post", 15 its actor.

INVENTORY = """\
procedures:
  - id: acc-close
    title: 月次決算
    department: accounting
  - id: acc-assets
    title: 固定資産管理
    department: accounting
"""


def edit(text: str, old: str, new: str) -> str:
    """`text` with `old` (which must occur exactly once) replaced by `new`."""
    assert text.count(old) == 1, f"test data: {old!r} must occur once"
    return text.replace(old, new)


AFTER_COLLECT = "    actor: 経理担当\n  - id: post"  # the end of step `collect`, to add keys to it


@dataclass
class Case:
    """A handbook (procedure files by path, optional inventory, org) and the problem it must show."""

    id: str
    files: dict[str, str | bytes]
    code: str
    file: str
    line: int
    column: int | None = None
    message: tuple[str, ...] = ()  # fragments the English message must contain
    procedure: str | None = "unchecked"
    inventory: str | None = None
    org: str | bytes | None = None
    review_interval_months: int = 12
    policy: dict[str, str] | None = None  # to turn on a code that is `ignore` by default


def one(text: str) -> dict[str, str | bytes]:
    return {"accounting/close.yaml": text}


A = "procedures/accounting/close.yaml"

# ueda leaves 44 days after TODAY: within the default handover_days (60); tanaka is leaving too
# (a successor must stay, so never a candidate) and yamamoto has left.
LATE_ORG = """\
departments:
  - {id: accounting, name: 経理・財務}
people:
  - {id: sato, name: 佐藤 花子, department: accounting}
  - {id: suzuki, name: 鈴木 健太, department: accounting}
  - {id: tanaka, name: 田中 一郎, department: accounting, status: leaving, leaving_on: 2027-03-31}
  - {id: yamamoto, name: 山本 大輔, department: accounting, status: left}
  - id: ueda
    name: 上田 涼
    department: accounting
    status: leaving
    leaving_on: 2026-07-15
"""
BACKUPS = "backup_owners: [suzuki]"

FAILING = [
    # --- reading files -------------------------------------------------------------------------
    Case("yaml-syntax", one(edit(CLEAN, "department: accounting", "department: accounting: x")),
         "yaml-syntax", A, 3, 23, procedure=None),
    Case("yaml-syntax-unclosed-flow", one(edit(CLEAN, "backup_owners: [suzuki]", "backup_owners: [suzuki")),
         "yaml-syntax", A, 6, 16, ("not closed",), procedure=None),  # at the "[" the author must close
    Case("duplicate-key-top", one(edit(CLEAN, "frequency: monthly", "frequency: monthly\nowner: suzuki")),
         "duplicate-key", A, 8, 1, ("owner", "5"), procedure="acc-close"),
    Case("duplicate-key-step", one(edit(CLEAN, AFTER_COLLECT, "    actor: 経理担当\n    actor: 経理部長\n  - id: post")),
         "duplicate-key", A, 13, 5, ("actor", "12"), procedure="acc-close"),
    Case("encoding-shift-jis", {"accounting/close.yaml": CLEAN.encode("cp932")},
         "encoding", A, 2, 8, ("UTF-8", "Shift_JIS"), procedure=None),
    # --- schema ---------------------------------------------------------------------------------
    Case("schema-unknown-key-typo", one(edit(CLEAN, "owner: sato", "ownr: sato")),
         "schema", A, 5, 1, ("ownr",)),
    Case("schema-unknown-key-in-step", one(edit(CLEAN, AFTER_COLLECT, "    actor: 経理担当\n    acter: x\n  - id: post")),
         "schema", A, 13, 5, ("acter",)),
    Case("schema-missing-required", one(edit(CLEAN, "summary: 前月分の仕訳を締める。\n", "")),
         "schema", A, 1, 1, ("summary",)),
    Case("schema-missing-required-in-step", one(edit(CLEAN, "    title: 仕訳を計上する\n    actor: 経理担当\n",
                                                     "    title: 仕訳を計上する\n")),
         "schema", A, 13, 5, ("actor",)),
    Case("schema-bad-enum", one(edit(CLEAN, "frequency: monthly", "frequency: monthy")),
         "schema", A, 7, 12, ("frequency", "monthy", "monthly")),
    Case("schema-bad-step-mode", one(edit(CLEAN, AFTER_COLLECT, "    actor: 経理担当\n    mode: excel\n  - id: post")),
         "schema", A, 13, 11, ("mode", "excel")),
    Case("schema-bad-slug", one(edit(CLEAN, "id: acc-close", "id: Acc_Close")),
         "schema", A, 1, 5, ("Acc_Close",)),
    Case("schema-wrong-type-list", one(edit(CLEAN, "backup_owners: [suzuki]", "backup_owners: suzuki")),
         "schema", A, 6, 16, ("backup_owners",)),
    Case("schema-wrong-type-integer", one(edit(CLEAN, AFTER_COLLECT, "    actor: 経理担当\n    minutes: ten\n  - id: post")),
         "schema", A, 13, 14, ("minutes", "ten")),
    Case("schema-empty-steps", one(CLEAN.split("steps:")[0] + "steps: []\n"),
         "schema", A, 9, 8, ("steps",)),
    Case("schema-impossible-date", one(edit(CLEAN, "2026-04-01", "2026-02-30")),
         "schema", A, 8, 11, ("reviewed", "2026-02-30")),
    Case("schema-impossible-date-quoted", one(edit(CLEAN, "2026-04-01", "'2026-02-30'")),
         "schema", A, 8, 11, ("2026-02-30",)),
    Case("schema-date-format", one(edit(CLEAN, "2026-04-01", "2026/04/01")),
         "schema", A, 8, 11, ("reviewed",)),
    Case("schema-interval-zero", one(edit(CLEAN, "frequency: monthly", "frequency: monthly\nreview_interval_months: 0")),
         "schema", A, 8, 25, ("review_interval_months",)),
    Case("schema-org-impossible-leaving-date", {},
         "schema", "procedures/_org.yaml", 4, 79, ("2027-02-29",),
         org="departments:\n  - {id: accounting, name: 経理}\npeople:\n  - {id: sato, name: 佐藤, department: accounting, "
             "status: leaving, leaving_on: 2027-02-29}\n"),
    Case("schema-missing-org", one(CLEAN), "schema", "procedures/_org.yaml", 1, None, org=""),
    # --- cross-file -----------------------------------------------------------------------------
    Case("duplicate-id", {"accounting/close.yaml": CLEAN, "hr/close.yaml": CLEAN},  # the later file is reported
         "duplicate-id", "procedures/hr/close.yaml", 1, 5, ("acc-close", A), procedure="acc-close"),
    Case("unknown-department", one(edit(CLEAN, "department: accounting", "department: acounting")),
         "unknown-department", A, 3, 13, ("acounting",), procedure="acc-close"),
    Case("unknown-department-inventory", one(CLEAN), "unknown-department", "procedures/_inventory.yaml", 7, 17,
         ("legal",), procedure="acc-assets",
         inventory=edit(INVENTORY, "    title: 固定資産管理\n    department: accounting",
                        "    title: 固定資産管理\n    department: legal")),
    Case("unknown-person-backup", one(edit(CLEAN, "[suzuki]", "[suzuki, nobody]")),
         "unknown-person", A, 6, 25, ("nobody",), procedure="acc-close"),
    Case("unknown-person-owner", one(edit(CLEAN, "owner: sato", "owner: nobody")),
         "unknown-person", A, 5, 8, ("nobody",), procedure="acc-close"),
    Case("unknown-step", one(edit(CLEAN, AFTER_COLLECT, "    actor: 経理担当\n    next: [postt]\n  - id: post")),
         "unknown-step", A, 13, 12, ("postt",), procedure="acc-close"),
    Case("unknown-step-branch", one(edit(CLEAN, AFTER_COLLECT,
                                         "    actor: 経理担当\n    next:\n      - {to: post, when: OK}\n"
                                         "      - {to: colect, when: NG}\n  - id: post")),
         "unknown-step", A, 15, None, ("colect",), procedure="acc-close"),
    Case("unknown-procedure", one(edit(CLEAN, "frequency: monthly", "frequency: monthly\nrelated: [acc-close, acc-none]")),
         "unknown-procedure", A, 8, 22, ("acc-none",), procedure="acc-close"),
    Case("no-owner-absent", one(edit(CLEAN, "owner: sato\n", "")),
         "no-owner", A, 1, None, procedure="acc-close"),
    Case("no-owner-null", one(edit(CLEAN, "owner: sato", "owner: null")),
         "no-owner", A, 5, None, procedure="acc-close"),
    Case("no-owner-empty", one(edit(CLEAN, "owner: sato", "owner:")),
         "no-owner", A, 5, None, procedure="acc-close"),
    Case("no-owner-unknown-person", one(edit(CLEAN, "owner: sato", "owner: nobody")),
         "no-owner", A, 5, 8, ("nobody",), procedure="acc-close"),
    Case("no-owner-left", one(edit(CLEAN, "owner: sato", "owner: yamamoto")),
         "no-owner", A, 5, 8, ("yamamoto", "left"), procedure="acc-close"),
    Case("single-owner", one(edit(CLEAN, "backup_owners: [suzuki]\n", "")),
         "single-owner", A, 5, 8, ("sato",), procedure="acc-close"),
    Case("single-owner-backup-is-owner", one(edit(CLEAN, "[suzuki]", "[sato]")),
         "single-owner", A, 5, 8, ("sato",), procedure="acc-close"),
    Case("single-owner-backup-left", one(edit(CLEAN, "[suzuki]", "[yamamoto]")),
         "single-owner", A, 5, 8, ("sato",), procedure="acc-close"),
    Case("undocumented", one(CLEAN), "undocumented", "procedures/_inventory.yaml", 5, 5,
         ("acc-assets", "固定資産管理"), procedure="acc-assets", inventory=INVENTORY),
    Case("owner-leaving-owner", one(edit(CLEAN, "owner: sato", "owner: tanaka")),
         "owner-leaving", A, 5, 8, ("tanaka", "2027-03-31"), procedure="acc-close"),
    Case("owner-leaving-backup", one(edit(CLEAN, "[suzuki]", "[suzuki, tanaka]")),
         "owner-leaving", A, 6, 25, ("tanaka", "2027-03-31"), procedure="acc-close"),
    Case("owner-leaving-no-date", one(edit(CLEAN, "[suzuki]", "[kato]")),
         "owner-leaving", A, 6, 17, ("kato",), procedure="acc-close"),
    Case("handover-late", one(edit(CLEAN, "owner: sato\nbackup_owners: [suzuki]", "owner: ueda")),
         "handover-late", A, 5, 8, ("ueda", "2026-07-15", "44 days", "佐藤 花子 (sato), 鈴木 健太 (suzuki)"),
         procedure="acc-close", org=LATE_ORG),
    Case("handover-late-backup-left", one(edit(CLEAN, "owner: sato\nbackup_owners: [suzuki]",
                                               "owner: ueda\nbackup_owners: [yamamoto]")),
         "handover-late", A, 5, 8, ("ueda",), procedure="acc-close", org=LATE_ORG),
    Case("unknown-person-trainee", one(edit(CLEAN, BACKUPS, BACKUPS + "\ntrainees: [{person: nobody}]")),
         "unknown-person", A, 7, 21, ("trainees", "nobody"), procedure="acc-close"),
    Case("unknown-person-trainee-block", one(edit(CLEAN, BACKUPS, BACKUPS + "\ntrainees:\n  - person: nobody\n"
                                                                            "    since: 2026-05-01")),
         "unknown-person", A, 8, 13, ("nobody",), procedure="acc-close"),
    Case("schema-impossible-trainee-since", one(edit(CLEAN, BACKUPS, BACKUPS + "\ntrainees: [{person: tanaka, since: 2026-02-30}]")),
         "schema", A, 7, 36, ("2026-02-30",)),
    Case("trainee-holder-backup", one(edit(CLEAN, BACKUPS, BACKUPS + "\ntrainees: [{person: suzuki}]")),
         "trainee-holder", A, 7, 21, ("suzuki", "backup"), procedure="acc-close"),
    Case("trainee-holder-owner", one(edit(CLEAN, BACKUPS, BACKUPS + "\ntrainees: [{person: sato}]")),
         "trainee-holder", A, 7, 21, ("sato", "owner"), procedure="acc-close"),
    Case("review-overdue-never", one(edit(CLEAN, "reviewed: 2026-04-01\n", "")),
         "review-overdue", A, 1, None, ("reviewed",), procedure="acc-close"),
    Case("review-overdue-old", one(edit(CLEAN, "2026-04-01", "2025-05-31")),
         "review-overdue", A, 8, 11, ("2026-05-31", "2025-05-31"), procedure="acc-close"),
    Case("review-overdue-own-interval", one(edit(CLEAN, "reviewed: 2026-04-01", "reviewed: 2026-01-01\nreview_interval_months: 3")),
         "review-overdue", A, 8, 11, ("2026-04-01",), procedure="acc-close"),
    Case("review-overdue-handbook-default", one(edit(CLEAN, "2026-04-01", "2026-01-01")),
         "review-overdue", A, 8, 11, ("2026-04-01",), procedure="acc-close", review_interval_months=3),
    Case("unreachable-step", one(edit(CLEAN, AFTER_COLLECT, "    actor: 経理担当\n    next: []\n  - id: post")),
         "unreachable-step", A, 14, 5, ("post",), procedure="acc-close"),
    # --- workload (v2) ---------------------------------------------------------------------------
    Case("unknown-step-improvement", one(edit(CLEAN, "reviewed: 2026-04-01", "reviewed: 2026-04-01\nimprovements:\n"
                                              "  - {title: 電子化, steps: [post, colect]}")),
         "unknown-step", A, 10, 32, ("電子化", "colect", "collect, post"), procedure="acc-close"),
    Case("improvement-overdue", one(edit(CLEAN, "reviewed: 2026-04-01", "reviewed: 2026-04-01\nimprovements:\n"
                                         "  - title: 電子化\n    status: doing\n    due: 2026-05-31")),
         "improvement-overdue", A, 12, 10, ("電子化", "2026-05-31", "in progress"), procedure="acc-close"),
    Case("minutes-missing", one(edit(CLEAN, AFTER_COLLECT, "    actor: 経理担当\n    minutes: 30\n  - id: post")),
         "minutes-missing", A, 14, 5, ("step 2 (post)", "minutes"), procedure="acc-close",
         policy={"minutes-missing": "warning"}),
    Case("volume-missing", one(edit(CLEAN, "frequency: monthly", "frequency: on-demand")),
         "volume-missing", A, 7, 12, ("volume",), procedure="acc-close", policy={"volume-missing": "error"}),
    Case("unreachable-step-only-self-loop", one(edit(CLEAN, AFTER_COLLECT, "    actor: 経理担当\n    next: [collect]\n  - id: post")),
         "unreachable-step", A, 14, 5, ("post",), procedure="acc-close"),
]

# Near misses: a handbook close to the failing one where the code must NOT appear.
PASSING = [
    ("yaml-syntax", one(edit(CLEAN, "summary: 前月分の仕訳を締める。", 'summary: "締め: 前月分, 100%"'))),
    ("duplicate-key", one(CLEAN)),  # `id`, `title`, `actor` repeat across steps, never within one mapping
    ("encoding", {"accounting/close.yaml": b"\xef\xbb\xbf" + CLEAN.encode("utf-8")}),  # a UTF-8 BOM is fine
    ("schema", one(edit(CLEAN, AFTER_COLLECT, "    actor: 経理担当\n    mode: paper\n    minutes: 0\n"
                                              "    next: [{to: post, when: OK}]\n  - id: post"))),
    ("duplicate-id", {"accounting/close.yaml": CLEAN, "hr/close.yaml": edit(CLEAN, "id: acc-close", "id: hr-close")}),
    ("unknown-department", one(edit(CLEAN, "department: accounting", "department: hr"))),
    ("unknown-person", one(edit(CLEAN, "[suzuki]", "[suzuki, tanaka, yamamoto]"))),  # left people are still known
    ("unknown-step", one(edit(CLEAN, AFTER_COLLECT, "    actor: 経理担当\n    next: [post, collect]\n  - id: post"))),
    ("unknown-procedure", {"accounting/close.yaml": edit(CLEAN, "frequency: monthly", "frequency: monthly\nrelated: [hr-close]"),
                           "hr/close.yaml": edit(CLEAN, "id: acc-close", "id: hr-close")}),
    ("no-owner", one(edit(CLEAN, "owner: sato", "owner: tanaka"))),  # a leaving owner is still an owner
    ("single-owner", one(edit(CLEAN, "[suzuki]", "[sato, kato]"))),  # a leaving backup other than the owner counts
    ("undocumented", one(CLEAN)),  # no inventory at all
    ("owner-leaving", one(edit(CLEAN, "[suzuki]", "[suzuki, yamamoto]"))),  # left is not leaving
    ("review-overdue", one(edit(CLEAN, "2026-04-01", "2025-06-01"))),  # due exactly today: not yet in the past
    ("improvement-overdue", one(edit(CLEAN, "reviewed: 2026-04-01", "reviewed: 2026-04-01\nimprovements:\n"
                                     "  - {title: a, status: done, due: 2026-01-31, steps: [collect]}\n"
                                     "  - {title: b, status: planned, due: 2026-06-01}"))),  # done, or due today
    ("minutes-missing", one(CLEAN.replace("    actor: 経理担当\n", "    actor: 経理担当\n    minutes: 0\n"))),
    ("volume-missing", one(edit(CLEAN, "frequency: monthly", "frequency: on-demand\nvolume: {count: 5, per: week}"))),
    ("handover-late", one(edit(CLEAN, "owner: sato\nbackup_owners: [suzuki]", "owner: tanaka"))),  # leaves in 303 days
    ("trainee-holder", one(edit(CLEAN, BACKUPS, BACKUPS + "\ntrainees: [{person: tanaka, since: 2026-05-01}]"))),
    ("unreachable-step", one(edit(CLEAN, AFTER_COLLECT, "    actor: 経理担当\n    next: []\n  - id: post").replace(
        "  - id: collect", "  - id: start\n    title: 開始\n    actor: 経理担当\n    next: [collect, post]\n  - id: collect"))),
]


def check(tebiki_handbook: Callable[..., Path], files: dict[str, str | bytes], *, inventory: str | None = None,
          org: str | bytes | None = None, review_interval_months: int = 12,
          policy: dict[str, str] | None = None) -> Handbook:
    kwargs: dict[str, Any] = {"inventory": inventory}
    if org is not None:
        kwargs["org"] = org or None  # "" stands for "no _org.yaml at all"
    root = tebiki_handbook(files, **kwargs)
    return build_handbook(root, "procedures", policy=policy, review_interval_months=review_interval_months, today=TODAY)


def describe(problems: list[Problem]) -> str:
    return "\n".join(f"{p.file}:{p.line}:{p.column}: {p.severity.value} {p.code} {problem_message(p, 'en')}" for p in problems)


def test_the_tables_cover_every_code_of_the_spec() -> None:
    assert {case.code for case in FAILING} == set(SPEC_CODES)
    assert {code for code, _ in PASSING} == set(SPEC_CODES)


def test_the_clean_procedure_has_no_problem(tebiki_handbook: Callable[..., Path]) -> None:
    handbook = check(tebiki_handbook, one(CLEAN), inventory=INVENTORY.split("  - id: acc-assets")[0])
    assert handbook.problems == [], describe(handbook.problems)
    assert handbook.coverage == {"acc-close": Coverage.COVERED}


@pytest.mark.parametrize("case", FAILING, ids=[c.id for c in FAILING])
def test_failing_case_reports_code_at_its_place(tebiki_handbook: Callable[..., Path], case: Case) -> None:
    handbook = check(tebiki_handbook, case.files, inventory=case.inventory, org=case.org,
                     review_interval_months=case.review_interval_months, policy=case.policy)
    found = [p for p in handbook.problems if p.code == case.code]
    assert found, f"no {case.code} among:\n{describe(handbook.problems)}"
    at_line = [p for p in found if p.file == case.file and p.line == case.line]
    assert at_line, f"{case.code} not at {case.file}:{case.line}; found:\n{describe(found)}"
    problem = at_line[0]
    assert problem.severity.value == (case.policy or {}).get(case.code, SPEC_CODES[case.code])
    if case.column is not None:
        assert problem.column == case.column, describe([problem])
    if case.procedure != "unchecked":
        assert problem.procedure == case.procedure
    message = problem_message(problem, "en")
    for fragment in case.message:
        assert fragment in message, f"{fragment!r} missing from: {message}"
    assert problem_message(problem, "ja").strip()


@pytest.mark.parametrize("code, files", PASSING, ids=[code for code, _ in PASSING])
def test_near_miss_does_not_report_code(tebiki_handbook: Callable[..., Path], code: str,
                                        files: dict[str, str | bytes]) -> None:
    turned_on = {c: "warning" for c, severity in SPEC_CODES.items() if severity == "ignore"}
    handbook = check(tebiki_handbook, files, inventory=INVENTORY.split("  - id: acc-assets")[0], policy=turned_on)
    assert [p for p in handbook.problems if p.code == code] == [], describe(handbook.problems)
    assert len(handbook.procedures) == len(files), "every near miss must load"


def test_duplicate_id_names_both_files(tebiki_handbook: Callable[..., Path]) -> None:
    handbook = check(tebiki_handbook, {"accounting/a.yaml": CLEAN, "hr/b.yaml": CLEAN})
    problems = [p for p in handbook.problems if p.code == "duplicate-id"]
    assert problems, describe(handbook.problems)
    named = " ".join(f"{p.file} {problem_message(p, 'en')} {problem_message(p, 'ja')}" for p in problems)
    assert "procedures/accounting/a.yaml" in named and "procedures/hr/b.yaml" in named
    for problem in problems:  # each message names the other file, in both languages
        other = ({"procedures/accounting/a.yaml", "procedures/hr/b.yaml"} - {problem.file}).pop()
        assert other in problem_message(problem, "en") and other in problem_message(problem, "ja")


def test_one_broken_file_never_stops_the_others(tebiki_handbook: Callable[..., Path]) -> None:
    files: dict[str, str | bytes] = {
        "accounting/a-broken.yaml": "id: acc-broken\ntitle: [oops\n",
        "accounting/b-not-utf8.yaml": CLEAN.encode("cp932"),
        "accounting/c-schema.yaml": edit(CLEAN, "owner: sato", "ownr: sato"),
        "accounting/d-dupkey.yaml": CLEAN + "id: again\n",
        "hr/e-good.yaml": edit(edit(CLEAN, "id: acc-close", "id: hr-close"), "department: accounting", "department: hx"),
        "hr/f-good.yaml": edit(edit(CLEAN, "id: acc-close", "id: hr-other"), "backup_owners: [suzuki]\n", ""),
    }
    handbook = check(tebiki_handbook, files)
    codes = {(p.file.rsplit("/", 1)[1], p.code) for p in handbook.problems}
    assert {("a-broken.yaml", "yaml-syntax"), ("b-not-utf8.yaml", "encoding"), ("c-schema.yaml", "schema"),
            ("d-dupkey.yaml", "duplicate-key"), ("e-good.yaml", "unknown-department"),
            ("f-good.yaml", "single-owner")} <= codes, describe(handbook.problems)
    # rule 8: an unknown key or a repeated key removes only itself; the YAML-broken files are out
    assert set(handbook.procedures) == {"acc-close", "again", "hr-close", "hr-other"}
    assert handbook.summary.procedures == 4


def test_every_problem_is_reported_not_only_the_first(tebiki_handbook: Callable[..., Path]) -> None:
    text = edit(edit(CLEAN, "owner: sato", "ownr: sato"), "frequency: monthly", "frequency: sometimes")
    handbook = check(tebiki_handbook, one(text))
    # the unknown key `ownr` is dropped, so the procedure loads without an owner (rule 8)
    assert sorted((p.code, p.line) for p in handbook.problems) == [("no-owner", 1), ("schema", 5), ("schema", 7)]


# --- ownership coverage (spec table) ---------------------------------------------------------

COVERAGE = [
    ("owner: sato", "[suzuki]", Coverage.COVERED),
    ("owner: sato", "[]", Coverage.SINGLE_OWNER),
    ("owner: sato", "[sato]", Coverage.SINGLE_OWNER),          # a backup equal to the owner does not count
    ("owner: sato", "[sato, yamamoto]", Coverage.SINGLE_OWNER),  # a left backup does not count
    ("owner: sato", "[kato]", Coverage.COVERED),                # a leaving backup is available
    ("owner: tanaka", "[suzuki]", Coverage.COVERED),            # a leaving owner still counts as available
    ("owner: tanaka", "[]", Coverage.SINGLE_OWNER),
    ("owner: yamamoto", "[suzuki]", Coverage.NO_OWNER),         # a left owner
    ("owner: nobody", "[suzuki]", Coverage.NO_OWNER),           # an unknown owner
    ("owner: null", "[suzuki]", Coverage.NO_OWNER),
    ("", "[suzuki, sato]", Coverage.NO_OWNER),                  # no owner field at all
]


@pytest.mark.parametrize("owner, backups, expected", COVERAGE)
def test_coverage_classes_follow_the_spec_table(tebiki_handbook: Callable[..., Path], owner: str, backups: str,
                                                expected: Coverage) -> None:
    text = edit(edit(CLEAN, "owner: sato", owner), "[suzuki]", backups)
    handbook = check(tebiki_handbook, one(text))
    assert handbook.coverage == {"acc-close": expected}
    codes = {p.code for p in handbook.problems}
    assert ("no-owner" in codes) == (expected is Coverage.NO_OWNER)
    assert ("single-owner" in codes) == (expected is Coverage.SINGLE_OWNER)
    summary = handbook.summary
    assert (summary.covered, summary.single_owner, summary.no_owner) == (
        int(expected is Coverage.COVERED), int(expected is Coverage.SINGLE_OWNER), int(expected is Coverage.NO_OWNER))


# --- policy -------------------------------------------------------------------------------------

SINGLE_AND_NEVER_REVIEWED = edit(edit(CLEAN, "backup_owners: [suzuki]\n", ""), "reviewed: 2026-04-01\n", "")


def test_default_policy(tebiki_handbook: Callable[..., Path]) -> None:
    handbook = check(tebiki_handbook, one(SINGLE_AND_NEVER_REVIEWED), inventory=INVENTORY)
    assert {p.code: p.severity.value for p in handbook.problems} == {
        "single-owner": "warning", "review-overdue": "warning", "undocumented": "error"}


def test_policy_raises_and_lowers_severities(tebiki_handbook: Callable[..., Path]) -> None:
    policy = {"single-owner": "error", "review-overdue": "ignore", "undocumented": "warning"}
    handbook = check(tebiki_handbook, one(SINGLE_AND_NEVER_REVIEWED), inventory=INVENTORY, policy=policy)
    assert {p.code: p.severity.value for p in handbook.problems} == {"single-owner": "error", "undocumented": "warning"}
    assert (handbook.summary.errors, handbook.summary.warnings) == (1, 1)


def test_policy_lowers_review_overdue_to_warning_explicitly(tebiki_handbook: Callable[..., Path]) -> None:
    handbook = check(tebiki_handbook, one(SINGLE_AND_NEVER_REVIEWED), policy={"review-overdue": "warning",
                                                                             "single-owner": "ignore"})
    assert [(p.code, p.severity.value) for p in handbook.problems] == [("review-overdue", "warning")]


@pytest.mark.parametrize("policy", [{"schema": "warning"}, {"yaml-syntax": "ignore"}, {"duplicate-key": "warning"},
                                    {"encoding": "ignore"}, {"singel-owner": "error"}])
def test_policy_cannot_change_data_errors_or_name_unknown_codes(tebiki_handbook: Callable[..., Path],
                                                               policy: dict[str, str]) -> None:
    with pytest.raises(PolicyError) as raised:
        check(tebiki_handbook, one(CLEAN), policy=policy)
    assert next(iter(policy)) in str(raised.value)


def test_policy_may_restate_a_data_error_as_error(tebiki_handbook: Callable[..., Path]) -> None:
    handbook = check(tebiki_handbook, one(edit(CLEAN, "owner: sato", "ownr: sato")), policy={"schema": "error"})
    assert [p.code for p in handbook.problems] == ["no-owner", "schema"]


def test_review_interval_default_comes_from_the_configuration(tebiki_handbook: Callable[..., Path]) -> None:
    text = edit(CLEAN, "2026-04-01", "2026-01-01")  # due 2027-01-01 by default, 2026-04-01 with 3 months
    for months, overdue in ((None, False), (3, True), (5, False)):
        options = {} if months is None else {"review_interval_months": months}
        root = tebiki_handbook(one(text), options=options)
        handbook = load_from_settings(read_settings(root / "mkdocs.yml"), TODAY)
        assert any(p.code == "review-overdue" for p in handbook.problems) is overdue, (months, describe(handbook.problems))


def test_procedure_interval_overrides_the_configured_default(tebiki_handbook: Callable[..., Path]) -> None:
    text = edit(CLEAN, "reviewed: 2026-04-01", "reviewed: 2026-01-01\nreview_interval_months: 24")
    root = tebiki_handbook(one(text), options={"review_interval_months": 3})
    handbook = load_from_settings(read_settings(root / "mkdocs.yml"), TODAY)
    assert [p.code for p in handbook.problems] == []


def test_policy_from_the_configuration(tebiki_handbook: Callable[..., Path]) -> None:
    root = tebiki_handbook(one(SINGLE_AND_NEVER_REVIEWED), options={"policy": {"single-owner": "error",
                                                                             "review-overdue": "ignore"}})
    handbook = load_from_settings(read_settings(root / "mkdocs.yml"), TODAY)
    assert [(p.code, p.severity.value) for p in handbook.problems] == [("single-owner", "error")]


# --- dates ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("written", ["2026-04-01", "'2026-04-01'", '"2026-04-01"'])
def test_dates_work_quoted_or_not(tebiki_handbook: Callable[..., Path], written: str) -> None:
    handbook = check(tebiki_handbook, one(edit(CLEAN, "2026-04-01", written)))
    assert handbook.problems == [], describe(handbook.problems)
    assert handbook.procedures["acc-close"].reviewed == date(2026, 4, 1)


def test_unquoted_leaving_date_reaches_the_message(tebiki_handbook: Callable[..., Path]) -> None:
    handbook = check(tebiki_handbook, one(edit(CLEAN, "owner: sato", "owner: tanaka")))
    [problem] = [p for p in handbook.problems if p.code == "owner-leaving"]
    assert "2027-03-31" in problem_message(problem, "en") and "2027-03-31" in problem_message(problem, "ja")
    assert handbook.org.people["tanaka"].leaving_on == date(2027, 3, 31)


def test_review_due_dates_clamp_to_the_end_of_the_month(tebiki_handbook: Callable[..., Path]) -> None:
    # 2025-08-31 + 9 months = 2026-05-31 (< today): overdue; the message shows that date.
    text = edit(CLEAN, "reviewed: 2026-04-01", "reviewed: 2025-08-31\nreview_interval_months: 9")
    [problem] = check(tebiki_handbook, one(text)).problems
    assert problem.code == "review-overdue" and "2026-05-31" in problem_message(problem, "en")
    # 2025-11-30 + 3 months = 2026-02-28.
    text = edit(CLEAN, "reviewed: 2026-04-01", "reviewed: 2025-11-30\nreview_interval_months: 3")
    [problem] = check(tebiki_handbook, one(text)).problems
    assert "2026-02-28" in problem_message(problem, "en")


def test_problem_files_are_relative_with_slashes(tebiki_handbook: Callable[..., Path]) -> None:
    handbook = check(tebiki_handbook, {"accounting/monthly/close.yaml": edit(CLEAN, "owner: sato", "owner: nobody")})
    assert {p.file for p in handbook.problems} == {"procedures/accounting/monthly/close.yaml"}
    assert all(re.fullmatch(r"[\w\-/.]+", p.file) and not p.file.startswith("/") for p in handbook.problems)


def test_missing_required_fields_are_one_problem_naming_each(tebiki_handbook) -> None:
    text = "id: acc-close\ndepartment: accounting\nfrequency: monthly\nsteps:\n  - id: a\n    title: t\n    actor: A\n"
    root = tebiki_handbook({"accounting/close.yaml": text})
    hb = build_handbook(root, today=date(2026, 11, 24))
    missing = [p for p in hb.problems if p.code == "schema"]
    assert len(missing) == 1 and (missing[0].file, missing[0].line) == ("procedures/accounting/close.yaml", 1)
    assert '"title", "summary"' in problem_message(missing[0], "en")
    assert "「" not in problem_message(missing[0], "en") and '"title", "summary"' in problem_message(missing[0], "ja")


# --- hand-over (spec: Risk beyond one procedure) --------------------------------------------------

def test_handover_late_in_japanese_names_the_date_and_candidates(tebiki_handbook: Callable[..., Path]) -> None:
    handbook = check(tebiki_handbook, one(edit(CLEAN, "owner: sato\nbackup_owners: [suzuki]", "owner: ueda")),
                     org=LATE_ORG)
    [problem] = [p for p in handbook.problems if p.code == "handover-late"]
    message = problem_message(problem, "ja")
    assert "上田 涼(ueda)は 2026-07-15 に退職・異動予定(あと 44 日)" in message
    assert "候補: 佐藤 花子(sato)、鈴木 健太(suzuki)" in message


def test_a_trainee_is_not_late_and_handover_days_comes_from_the_configuration(
        tebiki_handbook: Callable[..., Path]) -> None:
    late = one(edit(CLEAN, "owner: sato\nbackup_owners: [suzuki]", "owner: ueda"))
    learning = one(edit(CLEAN, "owner: sato\nbackup_owners: [suzuki]", "owner: ueda\ntrainees: [{person: suzuki}]"))
    assert not [p for p in check(tebiki_handbook, learning, org=LATE_ORG).problems if p.code == "handover-late"]
    for days, reported in ((None, True), (44, True), (43, False)):
        options = {} if days is None else {"handover_days": days}
        root = tebiki_handbook(late, org=LATE_ORG, options=options)
        handbook = load_from_settings(read_settings(root / "mkdocs.yml"), TODAY)
        assert any(p.code == "handover-late" for p in handbook.problems) is reported, days
