"""YAML as back-office staff write it (spec: handbook-format.md, "Reading YAML written by
people", rules 1-9): what must now read as the author meant, and what must be reported
at the exact line and column, in words the author understands, ja and en.

Each case is a two-procedure handbook like the sample (the edited procedure and a clean
one), judged on TODAY. Lines of CLEAN: 1 id, 3 department, 5 owner, 6 backup_owners,
7 frequency, 8 reviewed, 9 steps, 10 "- id: collect", 11 its title, 12 its actor,
13 "- id: post", 14 its title, 15 its actor.
"""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path
from typing import Any, Callable

import pytest

from core_samples import CLEAN_PROCEDURE as CLEAN

from tebiki.core import build_handbook
from tebiki.model import Handbook
from tebiki.adapters.markdown import render_markdown
from tebiki.reporters import json_report, text_report
from tebiki.yamlfile import parse_yaml
from constants import TODAY
from tebiki.i18n.messages import problem_message

A = "procedures/accounting/close.yaml"
ORG = "procedures/_org.yaml"
OTHER = CLEAN.replace("id: acc-close", "id: hr-other").replace("department: accounting", "department: hr")
COLLECT_END = "    actor: 経理担当\n  - id: post"  # the end of step 1 (collect), to add fields to it


def edit(text: str, old: str, new: str) -> str:
    assert text.count(old) == 1, f"test data: {old!r} must occur once"
    return text.replace(old, new)


def in_collect(lines: str) -> str:
    """CLEAN with `lines` added to step 1 (collect), from line 13 on."""
    return edit(CLEAN, COLLECT_END, "    actor: 経理担当\n" + lines + "  - id: post")


def load(tebiki_handbook: Callable[..., Path], text: str | bytes = CLEAN, **kwargs: Any) -> Handbook:
    root = tebiki_handbook({"accounting/close.yaml": text, "hr/other.yaml": OTHER}, **kwargs)
    return build_handbook(root, "procedures", today=TODAY)


def default_org(tebiki_handbook: Callable[..., Path]) -> str:
    """The `_org.yaml` every core test handbook gets (conftest.py), as text to edit."""
    return (tebiki_handbook({}) / "procedures" / "_org.yaml").read_text(encoding="utf-8")


def describe(handbook: Handbook) -> str:
    return "\n".join(f"{p.file}:{p.line}:{p.column} {p.code} {problem_message(p, 'ja')}" for p in handbook.problems)


# --- the table (item 7) ----------------------------------------------------------------------

def test_tags_on_stays_the_tag_on(tebiki_handbook: Callable[..., Path], tmp_path: Path) -> None:
    handbook = load(tebiki_handbook, edit(CLEAN, "frequency: monthly", "frequency: monthly\ntags: [PC, on]"))
    assert handbook.problems == [], describe(handbook)
    assert handbook.procedures["acc-close"].tags == ("PC", "on")
    render_markdown(handbook, tmp_path / "out", "ja", diagrams=False)
    page = (tmp_path / "out" / "procedures" / "acc-close.md").read_text(encoding="utf-8")
    assert re.search(r">on<", page) and "True" not in page and "true" not in page


def test_trigger_1730_is_shown_as_written(tebiki_handbook: Callable[..., Path], tmp_path: Path) -> None:
    handbook = load(tebiki_handbook, edit(CLEAN, "frequency: monthly", "frequency: monthly\ntrigger: 17:30"))
    assert handbook.problems == [], describe(handbook)
    assert handbook.procedures["acc-close"].trigger == "17:30"
    render_markdown(handbook, tmp_path / "out", "ja", diagrams=False)
    assert "17:30" in (tmp_path / "out" / "procedures" / "acc-close.md").read_text(encoding="utf-8")


def test_minutes_in_hours_and_minutes_gives_the_minutes_to_write(tebiki_handbook: Callable[..., Path]) -> None:
    handbook = load(tebiki_handbook, in_collect("    minutes: 1:30:00\n"))
    [problem] = handbook.problems
    assert (problem.code, problem.file, problem.line, problem.column) == ("schema", A, 13, 14)
    assert "90" in problem_message(problem, "ja") and "90" in problem_message(problem, "en")
    assert "手順 1 (collect)" in problem_message(problem, "ja") and "step 1 (collect)" in problem_message(problem, "en")
    assert handbook.procedures["acc-close"].steps[0].minutes is None  # the bad value only is left out


def test_blank_optional_fields_are_absent(tebiki_handbook: Callable[..., Path]) -> None:
    text = edit(CLEAN, "frequency: monthly", "frequency: monthly\ntrigger:\nsystems:\ntags:\nrelated:\nreferences:")
    handbook = load(tebiki_handbook, text)
    assert handbook.problems == [], describe(handbook)
    procedure = handbook.procedures["acc-close"]
    assert (procedure.trigger, procedure.systems, procedure.tags, procedure.related, procedure.references) == (
        None, (), (), (), ())


def test_fullwidth_colon_on_line_5(tebiki_handbook: Callable[..., Path]) -> None:
    handbook = load(tebiki_handbook, edit(CLEAN, "owner: sato", "owner：sato"))
    [problem] = handbook.problems
    assert (problem.code, problem.file, problem.line, problem.column) == ("yaml-syntax", A, 5, 6)
    assert "全角のコロン「：」" in problem_message(problem, "ja") and "full-width colon" in problem_message(problem, "en")


def test_value_starting_with_at_must_be_quoted(tebiki_handbook: Callable[..., Path]) -> None:
    handbook = load(tebiki_handbook, edit(CLEAN, "    title: 証憑を回収する", "    title: @情シス窓口でPCを受け取る"))
    [problem] = handbook.problems
    assert (problem.code, problem.line, problem.column) == ("yaml-syntax", 11, 12)
    assert "引用符" in problem_message(problem, "ja") and '"@情シス窓口でPCを受け取る"' in problem_message(problem, "ja")
    assert "quotes" in problem_message(problem, "en")


def test_inline_comment_is_a_warning_and_exit_0(tebiki_handbook: Callable[..., Path]) -> None:
    from test_cli import tebiki

    text = edit(CLEAN, "    title: 証憑を回収する", "    title: PCを受け取る #2 手順書参照")
    handbook = load(tebiki_handbook, text)
    [problem] = handbook.problems
    assert (problem.code, problem.severity.value, problem.line, problem.column) == ("inline-comment", "warning", 11, 20)
    assert "#2 手順書参照" in problem_message(problem, "ja") and "#2 手順書参照" in problem_message(problem, "en")
    assert handbook.procedures["acc-close"].steps[0].title == "PCを受け取る"  # YAML's reading is kept
    run = tebiki(tebiki_handbook({"accounting/close.yaml": text, "hr/other.yaml": OTHER}))
    assert run.code == 0, run.stdout


def test_owner_in_capitals_is_unknown_person_naming_the_id(tebiki_handbook: Callable[..., Path]) -> None:
    handbook = load(tebiki_handbook, edit(CLEAN, "owner: sato", "owner: Sato"))
    [unknown] = [p for p in handbook.problems if p.code == "unknown-person"]
    assert (unknown.line, unknown.column) == (5, 8)
    assert "「sato」" in problem_message(unknown, "ja") and '"sato"' in problem_message(unknown, "en")
    assert "acc-close" in handbook.procedures  # still on the site
    assert not [p for p in handbook.problems if p.code == "schema"]


def test_a_reference_naming_nothing_says_where_to_add_it_or_what_to_write(tebiki_handbook: Callable[..., Path]) -> None:
    """With no close id to suggest, each unknown-* message says the fix for its own kind of
    reference: a person or department is added to its list in _org.yaml, a step id is
    one of the procedure's, a related id is fixed or removed."""
    text = edit(edit(edit(edit(CLEAN, "owner: sato", "owner: nobody-here"), "department: accounting", "department: legal"),
                     "    actor: 経理担当\n  - id: post", "    actor: 経理担当\n    next: [archive]\n  - id: post"),
                "reviewed: 2026-04-01", "reviewed: 2026-04-01\nrelated: [zz-nothing]")
    handbook = load(tebiki_handbook, text)
    said = {p.code: (problem_message(p, "ja"), problem_message(p, "en")) for p in handbook.problems
            if p.code.startswith("unknown-")}
    assert set(said) == {"unknown-person", "unknown-department", "unknown-step", "unknown-procedure"}, describe(handbook)
    assert "_org.yaml の people に追加" in said["unknown-person"][0] and "people in _org.yaml" in said["unknown-person"][1]
    assert "_org.yaml の departments に追加" in said["unknown-department"][0]
    assert "departments in _org.yaml" in said["unknown-department"][1]
    assert "_org.yaml" not in said["unknown-step"][0] + said["unknown-step"][1]
    assert "この手順にある ID" in said["unknown-step"][0] and "step ids" in said["unknown-step"][1]
    assert "_org.yaml" not in said["unknown-procedure"][0] + said["unknown-procedure"][1]
    assert "related から外して" in said["unknown-procedure"][0] and "remove it from related" in said["unknown-procedure"][1]
    assert not any("など" in ja for ja, _ in said.values())


def test_one_bad_leaving_date_in_org_is_one_error(tebiki_handbook: Callable[..., Path]) -> None:
    org = default_org(tebiki_handbook)
    handbook = load(tebiki_handbook, org=edit(org, "leaving_on: 2027-03-31", "leaving_on: 2027/03/31"))
    assert [(p.code, p.file, p.line, p.column) for p in handbook.problems] == [("schema", ORG, 18, 17)], describe(handbook)
    assert "2027-03-31" in problem_message(handbook.problems[0], "ja")
    clean = load(tebiki_handbook)
    assert handbook.coverage == clean.coverage and handbook.summary.covered == 2
    assert handbook.org.people["tanaka"].status.value == "leaving" and handbook.org.people["tanaka"].leaving_on is None


# --- rule 1: text is text ------------------------------------------------------------------------------

@pytest.mark.parametrize("text, check", [
    (edit(CLEAN, "frequency: monthly", "frequency: monthly\ntags: [yes, no, off, 2026, 01, 1.10]"),
     lambda p: p.tags == ("yes", "no", "off", "2026", "01", "1.10")),
    (edit(CLEAN, "frequency: monthly", "frequency: monthly\nsystems: [Excel, 1.10]"),
     lambda p: p.systems == ("Excel", "1.10")),
    (edit(CLEAN, "- id: collect", "- id: 01").replace("  - id: post", "  - id: post\n    next: []"),
     lambda p: p.steps[0].id == "01"),
    (in_collect("    next:\n      - {to: post, when: yes}\n"), lambda p: p.steps[0].next[0].when == "yes"),
    (edit(CLEAN, "    actor: 経理担当\n  - id: post", "    actor: on\n  - id: post"), lambda p: p.steps[0].actor == "on"),
    (edit(CLEAN, "title: 月次決算", "title: 2026"), lambda p: p.title == "2026"),
    (edit(CLEAN, "frequency: monthly", "frequency: monthly\ntrigger: 12:30:00"), lambda p: p.trigger == "12:30:00"),
    (edit(CLEAN, "reviewed: 2026-04-01", "reviewed: !!timestamp 2026-04-01"), lambda p: p.reviewed == date(2026, 4, 1)),
    (in_collect("    minutes: 030\n"), lambda p: p.steps[0].minutes == 30),
    (in_collect("    minutes: !!int 010\n"), lambda p: p.steps[0].minutes == 10),
    (edit(CLEAN, "frequency: monthly", "frequency: monthly\nreview_interval_months: 012"),
     lambda p: p.review_interval_months == 12),
], ids=["tags-bool-like", "systems-version", "step-id-01", "when-yes", "actor-on", "title-2026", "trigger-sexagesimal",
        "timestamp-tag", "minutes-030", "int-tag-decimal", "interval-012"])
def test_text_is_text_and_numbers_are_decimal(tebiki_handbook: Callable[..., Path], text: str,
                                              check: Callable[[Any], bool]) -> None:
    handbook = load(tebiki_handbook, text)
    assert not [p for p in handbook.problems if p.file == A and p.severity.value == "error"], describe(handbook)
    assert check(handbook.procedures["acc-close"])


@pytest.mark.parametrize("raw", [
    b"base: &b {minutes: 010, when: on, id: 01}\nstep:\n  <<: *b\n  title: x\n",
    b"base: &b {minutes: 010, when: on, id: 01}\nstep: {<<: *b, title: !!str x}\n",
])
def test_fast_converter_and_pyyaml_constructor_agree(raw: bytes) -> None:
    """Merge keys take PyYAML's constructor; plain files the fast converter. Same values either way."""
    import yaml

    from tebiki.yamlfile import _Loader, _convert

    merged = parse_yaml(raw, "f.yaml").data
    assert merged["step"] == {"minutes": "010", "when": "on", "id": "01", "title": "x"}
    plain = parse_yaml(b"minutes: 010\nwhen: on\nid: 01\ntitle: x\n", "f.yaml").data
    assert plain == merged["step"]
    loader = _Loader("m: !!int 010\nf: !!float 1.5\nb: !!bool yes\nn: ~\n")
    try:
        node = loader.get_single_node()
        assert _convert(node, loader, 1) == loader.construct_document(node) == {"m": 10, "f": 1.5, "b": True, "n": None}
    finally:
        loader.dispose()
    assert yaml  # the module under test builds on PyYAML's loader


@pytest.mark.parametrize("value, tag", [("!!bool maybe", "!!bool"), ("!!int x", "!!int"), ("!!float x", "!!float"),
                                        ("!!float 1e999", "!!float"),
                                        ("!!timestamp x", "!!timestamp"), ("!!null x", "!!null")])
def test_bad_tagged_values_are_located_problems(tebiki_handbook: Callable[..., Path], value: str, tag: str) -> None:
    handbook = load(tebiki_handbook, edit(CLEAN, "title: 月次決算", f"title: {value}"))
    [problem] = handbook.problems
    assert (problem.code, problem.line, problem.column) == ("yaml-syntax", 2, 8)
    assert tag in problem_message(problem, "ja") and tag in problem_message(problem, "en")
    assert handbook.procedures["acc-close"].title == value.split()[1]  # read as the text written


# --- rule 2: numbers ----------------------------------------------------------------------------------

@pytest.mark.parametrize("written, column, suggestion", [
    ("1:30", 14, "90"), ("1:30:00", 14, "90"), ("30分", 14, "30"), ("1時間30分", 14, "90"), ("1.5h", 14, "90"),
    ("３０", 14, "30"), ("-30", 14, "30"), ("90.0", 14, "90"), ("1,200", 14, "1200"), ("!!float 90.0", 14, "90"),
])
def test_minutes_not_plain_decimal_give_the_number(tebiki_handbook: Callable[..., Path], written: str, column: int,
                                                    suggestion: str) -> None:
    handbook = load(tebiki_handbook, in_collect(f"    minutes: {written}\n"))
    [problem] = handbook.problems
    assert (problem.code, problem.line, problem.column) == ("schema", 13, column), describe(handbook)
    for lang in ("ja", "en"):
        assert re.search(rf"(?<![0-9]){suggestion}(?![0-9])", problem_message(problem, lang)), problem_message(problem, lang)
    assert "acc-close" in handbook.procedures


def test_minutes_that_are_no_number_at_all(tebiki_handbook: Callable[..., Path]) -> None:
    [problem] = load(tebiki_handbook, in_collect("    minutes: ten\n")).problems
    assert (problem.code, problem.line, problem.column) == ("schema", 13, 14)
    assert "「ten」" in problem_message(problem, "ja") and "半角数字" in problem_message(problem, "ja")


@pytest.mark.parametrize("written, suggestion", [("３", "3"), ("6か月", "6"), ("-6", "6")])
def test_review_interval_is_a_number_too(tebiki_handbook: Callable[..., Path], written: str, suggestion: str) -> None:
    handbook = load(tebiki_handbook, edit(CLEAN, "frequency: monthly", f"frequency: monthly\nreview_interval_months: {written}"))
    [problem] = handbook.problems
    assert (problem.code, problem.line, problem.column) == ("schema", 8, 25)
    assert suggestion in problem_message(problem, "ja")


# --- rule 3: blank -----------------------------------------------------------------------------------

@pytest.mark.parametrize("old, new, line, field", [
    ("title: 月次決算", "title:", 2, "title"),
    ("summary: 前月分の仕訳を締める。", "summary:", 4, "summary"),
    ("    title: 仕訳を計上する", "    title:", 14, "手順 2 (post) の title"),
    ("    title: 仕訳を計上する", "    title: ''", 14, "手順 2 (post) の title"),
])
def test_blank_required_field_is_not_filled_in(tebiki_handbook: Callable[..., Path], old: str, new: str, line: int,
                                              field: str) -> None:
    handbook = load(tebiki_handbook, edit(CLEAN, old, new))
    [problem] = [p for p in handbook.problems if p.code == "schema"]
    assert problem.line == line
    assert f"{field} が未記入です" in problem_message(problem, "ja") and "not filled in" in problem_message(problem, "en")


# --- rules 4 and 5: full-width and special characters -------------------------------------------------

@pytest.mark.parametrize("text, line, column, words", [
    (edit(CLEAN, "    title: 仕訳を計上する", "    title：仕訳を計上する"), 14, 10, "全角のコロン"),
    (CLEAN.rstrip("\n").rsplit("\n", 1)[0] + "\n    actor：経理担当", 15, 10, "全角のコロン"),  # the last line, no newline
    (CLEAN.rstrip("\n").rsplit("\n", 1)[0] + "\n    actor：経理担当\n", 15, 10, "全角のコロン"),
    (edit(CLEAN, "    title: 仕訳を計上する", "　  title: 仕訳を計上する"), 14, 1, "全角スペース"),
    (edit(CLEAN, "    title: 仕訳を計上する", "  　title: 仕訳を計上する"), 14, 3, "全角スペース"),
    (edit(CLEAN, "id: acc-close", "id:　acc-close"), 1, 4, "全角スペース"),
    (edit(CLEAN, "    title: 仕訳を計上する", "    title: 注意: 仕訳を計上する"), 14, 14, "「: 」"),
    *[(edit(CLEAN, "    title: 仕訳を計上する", f"    title: {value}"), 14, 12, f"「{value[0]}」")
      for value in ("@窓口", "`窓口`", "%窓口", "*窓口", "& 窓口", "&重要 窓口", "!重要 窓口")],
    (edit(CLEAN, "    title: 仕訳を計上する", "    title: | 仕訳を計上する"), 14, 12, "「|」"),
    (edit(CLEAN, "    title: 仕訳を計上する", "    title: > 仕訳を計上する"), 14, 12, "「>」"),
    (edit(CLEAN, "    title: 仕訳を計上する", "    title: [至急] 仕訳を計上する"), 14, 12, "「[」"),
    (edit(CLEAN, "    title: 仕訳を計上する", "    title: {至急} 仕訳を計上する"), 14, 12, "「{」"),
    (edit(CLEAN, "    title: 仕訳を計上する", "    title: - 仕訳を計上する"), 14, 12, "「-」"),
], ids=["fullwidth-colon", "fullwidth-colon-last-line", "fullwidth-colon-last-line-newline", "fullwidth-indent",
        "fullwidth-indent-inside", "fullwidth-after-colon", "colon-in-text", "at", "backtick", "percent", "star",
        "ampersand", "ampersand-japanese", "bang", "bar", "gt", "bracket", "brace", "dash"])
def test_slips_are_reported_at_the_character(tebiki_handbook: Callable[..., Path], text: str, line: int, column: int,
                                             words: str) -> None:
    handbook = load(tebiki_handbook, text)
    [problem] = handbook.problems
    assert (problem.code, problem.file, problem.line, problem.column) == ("yaml-syntax", A, line, column), describe(handbook)
    assert words in problem_message(problem, "ja"), problem_message(problem, "ja")
    assert problem.line <= len(text.splitlines())


def test_an_anchor_nobody_uses_is_a_value_that_lost_its_start(tebiki_handbook: Callable[..., Path]) -> None:
    handbook = load(tebiki_handbook, edit(CLEAN, "    title: 仕訳を計上する", "    title: &A 仕訳を計上する"))
    [problem] = handbook.problems
    assert (problem.code, problem.line, problem.column) == ("yaml-syntax", 14, 12)
    assert "「&」" in problem_message(problem, "ja") and '"&A 仕訳を計上する"' in problem_message(problem, "ja")
    anchors_in_use = edit(CLEAN, "    actor: 経理担当\n  - id: post\n    title: 仕訳を計上する\n    actor: 経理担当",
                          "    actor: &who 経理担当\n  - id: post\n    title: 仕訳を計上する\n    actor: *who")
    assert load(tebiki_handbook, anchors_in_use).problems == []


def test_fullwidth_colon_in_a_list_item(tebiki_handbook: Callable[..., Path]) -> None:
    text = edit(CLEAN, "  - id: post\n    title: 仕訳を計上する\n    actor: 経理担当\n", "  - id：post\n")
    handbook = load(tebiki_handbook, text)
    [problem] = handbook.problems
    assert (problem.code, problem.line, problem.column) == ("yaml-syntax", 13, 7), describe(handbook)
    assert "全角のコロン「：」" in problem_message(problem, "ja")
    assert [s.id for s in handbook.procedures["acc-close"].steps] == ["collect"]


def test_a_list_where_text_belongs_says_to_quote(tebiki_handbook: Callable[..., Path]) -> None:
    handbook = load(tebiki_handbook, edit(CLEAN, "    title: 仕訳を計上する", "    title: [至急]"))
    [problem] = handbook.problems
    assert (problem.code, problem.line, problem.column) == ("schema", 14, 12)
    assert "引用符" in problem_message(problem, "ja") and "quotes" in problem_message(problem, "en")


@pytest.mark.parametrize("old, new, line, column, suggestion", [
    ("id: acc-close", "id: acc-close　", 1, 14, "acc-close"),
    ("- id: collect", "- id: 　collect", 10, 9, "collect"),
])
def test_fullwidth_space_around_an_id(tebiki_handbook: Callable[..., Path], old: str, new: str, line: int,
                                      column: int, suggestion: str) -> None:
    handbook = load(tebiki_handbook, edit(CLEAN, old, new))
    [problem] = handbook.problems
    assert (problem.code, problem.line, problem.column) == ("schema", line, column), describe(handbook)
    assert "全角スペース「　」" in problem_message(problem, "ja") and suggestion in problem_message(problem, "ja")
    assert "acc-close" in handbook.procedures


# --- rule 6: inline comments --------------------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    (edit(CLEAN, "summary: 前月分の仕訳を締める。", "summary: 前月分 #1 の仕訳"), [(4, 14)]),
    (in_collect("    next: [post] #差戻しあり\n"), []),  # after a flow list: a comment, nothing cut
    (edit(CLEAN, "owner: sato", "owner: sato  # 主担当"), []),  # "# " with a space: an ordinary comment
    (edit(CLEAN, "summary: 前月分の仕訳を締める。", "summary: '前月分 #1 の仕訳'"), []),  # quoted: kept whole
    (edit(CLEAN, "summary: 前月分の仕訳を締める。", "summary: 前月分\t#1 の仕訳"), [(4, 14)]),  # a tab before the #
    ("#見出し\n" + CLEAN, []),  # a comment at the start of a line, without a space: nothing cut
    (in_collect("    #メモ\n"), []),  # an indented comment line: nothing cut
    (edit(CLEAN, "summary: 前月分の仕訳を締める。", "summary: 前月分 #1 の仕訳").replace("\n", "\r\n"), [(4, 14)]),  # CR LF
])
def test_inline_comment_only_where_a_value_was_cut(tebiki_handbook: Callable[..., Path], text: str,
                                                   expected: list[tuple[int, int]]) -> None:
    handbook = load(tebiki_handbook, text)
    assert [(p.line, p.column) for p in handbook.problems if p.code == "inline-comment"] == expected, describe(handbook)


def test_inline_comment_follows_the_policy(tebiki_handbook: Callable[..., Path]) -> None:
    text = edit(CLEAN, "summary: 前月分の仕訳を締める。", "summary: 前月分 #1 の仕訳")
    root = tebiki_handbook({"accounting/close.yaml": text})
    assert build_handbook(root, policy={"inline-comment": "ignore"}, today=TODAY).problems == []
    [problem] = build_handbook(root, policy={"inline-comment": "error"}, today=TODAY).problems
    assert problem.severity.value == "error"


# --- rule 7: references --------------------------------------------------------------------------------

@pytest.mark.parametrize("old, new, code, line, column, suggestion", [
    ("owner: sato", "owner: Sato", "unknown-person", 5, 8, "sato"),
    ("owner: sato", "owner: 佐藤 花子", "unknown-person", 5, 8, "sato"),
    ("owner: sato", "owner: 佐藤花子", "unknown-person", 5, 8, "sato"),
    ("owner: sato", "owner: satou", "unknown-person", 5, 8, "sato"),
    ("[suzuki]", "[ｓｕｚｕｋｉ]", "unknown-person", 6, 17, "suzuki"),
    ("[suzuki]", "['suzuki　']", "unknown-person", 6, 17, "suzuki"),
    ("frequency: monthly", "frequency: monthly\ntrainees: [{person: Suzuki}]", "unknown-person", 8, 21, "suzuki"),
    ("frequency: monthly", "frequency: monthly\ntrainees: [{person: 鈴木健太}]", "unknown-person", 8, 21, "suzuki"),
    ("department: accounting", "department: 経理・財務", "unknown-department", 3, 13, "accounting"),
    ("department: accounting", "department: Accounting", "unknown-department", 3, 13, "accounting"),
    ("department: accounting", "department: acounting", "unknown-department", 3, 13, "accounting"),
    ("reviewed: 2026-04-01", "reviewed: 2026-04-01\nrelated: [HR-Other]", "unknown-procedure", 9, 11, "hr-other"),
    (COLLECT_END, "    actor: 経理担当\n    next: [Post]\n  - id: post", "unknown-step", 13, 12, "post"),
    (COLLECT_END, "    actor: 経理担当\n    next: [{to: 仕訳を計上する}]\n  - id: post", "unknown-step", 13, 12, "post"),
])
def test_references_get_their_code_and_the_closest_id(tebiki_handbook: Callable[..., Path], old: str, new: str,
                                                      code: str, line: int, column: int, suggestion: str) -> None:
    handbook = load(tebiki_handbook, edit(CLEAN, old, new))
    assert not [p for p in handbook.problems if p.code == "schema"], describe(handbook)
    [problem] = [p for p in handbook.problems if p.code == code]
    assert (problem.line, problem.column) == (line, column), describe(handbook)
    assert f"「{suggestion}」" in problem_message(problem, "ja") and f'"{suggestion}"' in problem_message(problem, "en")
    assert "acc-close" in handbook.procedures


def test_no_suggestion_when_nothing_is_close(tebiki_handbook: Callable[..., Path]) -> None:
    [problem] = [p for p in load(tebiki_handbook, edit(CLEAN, "owner: sato", "owner: 森 太郎")).problems
                 if p.code == "unknown-person"]
    assert "のことなら" not in problem_message(problem, "ja") and "did you mean" not in problem_message(problem, "en")


def test_person_department_in_words(tebiki_handbook: Callable[..., Path]) -> None:
    org = edit(default_org(tebiki_handbook), "  - id: suzuki\n    name: 鈴木 健太\n    department: accounting",
               "  - id: suzuki\n    name: 鈴木 健太\n    department: 人事・労務")
    handbook = load(tebiki_handbook, org=org)
    [problem] = handbook.problems
    assert (problem.code, problem.file, problem.line, problem.column) == ("unknown-department", ORG, 12, 17)
    assert "「hr」" in problem_message(problem, "ja")


# --- rule 8: containment ------------------------------------------------------------------------------

@pytest.mark.parametrize("text, loaded, check", [
    (in_collect("    mode: excel\n"), True, lambda p: p.steps[0].mode.value == "manual"),
    (edit(CLEAN, "frequency: monthly", "frequency: monthly\ntags: [決算, [x]]"), True, lambda p: p.tags == ("決算",)),
    (edit(CLEAN, "owner: sato", "ownr: sato"), True, lambda p: p.owner is None),
    (edit(CLEAN, "    title: 仕訳を計上する\n", ""), True, lambda p: [s.id for s in p.steps] == ["collect"]),
    (edit(CLEAN, "reviewed: 2026-04-01", "reviewed: 2026/04/01"), True, lambda p: p.reviewed is None),
    (edit(CLEAN, "summary: 前月分の仕訳を締める。\n", ""), True, lambda p: p.summary == ""),
    (edit(CLEAN, "title: 月次決算\n", ""), False, None),
    (edit(CLEAN, "id: acc-close", "id: Acc Close"), False, None),
    (CLEAN.split("steps:")[0] + "steps:\n  - title: x\n", False, None),
], ids=["bad-mode", "bad-tag-item", "unknown-key", "step-without-title", "bad-date", "no-summary",
        "no-title", "bad-id", "no-usable-step"])
def test_a_problem_removes_only_what_it_touches(tebiki_handbook: Callable[..., Path], text: str, loaded: bool,
                                                check: Callable[[Any], bool] | None) -> None:
    handbook = load(tebiki_handbook, text)
    assert [p.code for p in handbook.problems if p.file == A and p.code == "schema"], describe(handbook)
    assert ("acc-close" in handbook.procedures) is loaded
    assert "hr-other" in handbook.procedures
    if check is not None:
        assert check(handbook.procedures["acc-close"])


@pytest.mark.parametrize("org", [
    "departments:\n\t- {id: accounting, name: x}\n",  # a tab
    "departments: [\n",  # not YAML
    "- just\n- a list\n",  # not a mapping
    "departments:\n  - id: accounting\n    name: 経理\n".encode("cp932"),  # Shift_JIS
    None,  # missing
], ids=["tab", "syntax", "not-a-mapping", "shift-jis", "missing"])
def test_unreadable_org_is_one_problem_and_ownership_unknown(tebiki_handbook: Callable[..., Path], tmp_path: Path,
                                                            org: str | bytes | None) -> None:
    handbook = load(tebiki_handbook, org=org)
    assert [p.file for p in handbook.problems] == [ORG], describe(handbook)
    summary = json.loads(json_report(handbook, "ja"))["summary"]
    assert (summary["procedures"], summary["covered"], summary["single_owner"], summary["no_owner"]) == (2, None, None, None)
    assert "担当状況は不明" in text_report(handbook, "ja") and "ownership unknown" in text_report(handbook, "en")
    render_markdown(handbook, tmp_path / "out", "ja", diagrams=False)
    assert "担当状況(担当者・副担当・カバレッジ)は不明" in (tmp_path / "out" / "coverage.md").read_text(encoding="utf-8")


def test_org_problems_never_cascade(tebiki_handbook: Callable[..., Path]) -> None:
    org = edit(edit(edit(default_org(tebiki_handbook), "    status: active", "    status: activ"),
                    "  - id: sato\n    name: 佐藤 花子", "  - id: sato\n    name:"),
               "  - id: kato", "  - id: Kato Sakura")
    handbook = load(tebiki_handbook, org=org)
    assert [(p.code, p.line) for p in handbook.problems] == [("schema", 8), ("schema", 13), ("schema", 19)], describe(handbook)
    assert handbook.org.people["sato"].name == "sato" and handbook.org.people["suzuki"].status.value == "active"
    assert "kato" not in handbook.org.people and handbook.summary.covered == 2


def test_repeated_inventory_ids_are_duplicate_id_counted_once(tebiki_handbook: Callable[..., Path]) -> None:
    inventory = ("procedures:\n  - {id: acc-todo, title: 未着手, department: accounting}\n"
                 "  - {id: acc-todo, title: 未着手, department: accounting}\n")
    handbook = load(tebiki_handbook, inventory=inventory)
    assert [(p.code, p.line) for p in handbook.problems] == [("undocumented", 2), ("duplicate-id", 3)], describe(handbook)
    assert handbook.summary.undocumented == 1


# --- rule 9: messages in the author's language ---------------------------------------------------------

PARSER_ENGLISH = re.compile(r"could not|expected|found|while |mapping|scalar|token|alias|anchor|constructor|"
                            r"block end|stream|indicator", re.IGNORECASE)
SCHEMA_WORDS = re.compile(r"(?<![A-Za-z_])(string|array|integer|null|object|boolean|number)(?![A-Za-z_])")
STEPS_N = re.compile(r"\bsteps\.\d|\.\d+\.")
KIND_WORDS = re.compile(r"(?<![A-Za-z_])(text|list|blank|nothing|yes-no)(?![A-Za-z_])")  # schemas._kind_of words
REGEX = re.compile(r"\^\[|\]\+|\$\)|\\d|\[a-z0-9\]|\(\?")

CORPUS: list[tuple[str, str]] = [
    ("procedure", edit(CLEAN, "owner: sato", "owner：sato")),
    ("procedure", edit(CLEAN, "    title: 証憑を回収する", "    title: @窓口")),
    ("procedure", edit(CLEAN, "    title: 証憑を回収する", "    title: 注意: 窓口")),
    ("procedure", edit(CLEAN, "    title: 証憑を回収する", "    title: \"窓口")),
    ("procedure", edit(CLEAN, "    title: 証憑を回収する", "    title: \"窓口\\q\"")),
    ("procedure", edit(CLEAN, "    title: 証憑を回収する", "    title: [窓口")),
    ("procedure", edit(CLEAN, "    title: 証憑を回収する", "     title: 窓口")),
    ("procedure", edit(CLEAN, "    title: 証憑を回収する", "  title: 窓口")),
    ("procedure", edit(CLEAN, "    title: 証憑を回収する", "    title: *窓口")),
    ("procedure", edit(CLEAN, "    title: 証憑を回収する", "    title: !!python/name:os.system")),
    ("procedure", edit(CLEAN, "    title: 証憑を回収する", "    title: !!bool maybe")),
    ("procedure", edit(CLEAN, "    title: 証憑を回収する", "    title: [窓口]")),
    ("procedure", edit(CLEAN, "    title: 証憑を回収する", "    title: {a: b}")),
    ("procedure", edit(CLEAN, "    title: 証憑を回収する", "    title:")),
    ("procedure", edit(CLEAN, "    title: 証憑を回収する", "    title: 窓口 #2 参照")),
    ("procedure", edit(CLEAN, "summary: 前月分の仕訳を締める。\n", "")),
    ("procedure", edit(CLEAN, "owner: sato", "ownr: sato")),
    ("procedure", edit(CLEAN, "frequency: monthly", "frequency: monthy")),
    ("procedure", edit(CLEAN, "id: acc-close", "id: Acc_Close")),
    ("procedure", edit(CLEAN, "[suzuki]", "suzuki")),
    ("procedure", edit(CLEAN, "[suzuki]", "[suzuki, suzuki]")),
    ("procedure", edit(CLEAN, "- id: collect", "- id: Collect")),
    ("procedure", edit(CLEAN, "- id: collect", "- id: collect　")),
    ("procedure", in_collect("    minutes: 1:30\n")),
    ("procedure", in_collect("    minutes: 30分\n")),
    ("procedure", in_collect("    minutes: -5\n")),
    ("procedure", in_collect("    minutes: ten\n")),
    ("procedure", in_collect("    minutes: 2.5\n")),
    ("procedure", in_collect("    next: [Post]\n")),
    ("procedure", in_collect("    next: [{when: x}]\n")),
    ("procedure", edit(CLEAN, "reviewed: 2026-04-01", "reviewed: 2026/4/1")),
    ("procedure", edit(CLEAN, "reviewed: 2026-04-01", "reviewed: 2026-02-30")),
    ("procedure", edit(CLEAN, "frequency: monthly", "frequency: monthly\nreview_interval_months: 0")),
    ("procedure", CLEAN.split("steps:")[0] + "steps: []\n"),
    ("procedure", "- a\n- b\n"),
    ("procedure", "ただの1行の文\n"),
    ("procedure", ""),
    ("procedure", "# コメントだけ\n"),
    ("procedure", "42\n"),
    ("procedure", "true\n"),
    ("procedure", "id: acc-close\nid: acc-other\n"),
    ("procedure", "a: &a [*a]\n"),
    ("procedure", "id: acc-close\n---\nid: b\n"),
    ("procedure", "id: acc-close\nsteps:\n\t- id: a\n"),
    ("org", "departments:\n  - {id: accounting, name: 経理}\npeople:\n  - {id: sato, name: 佐藤, department: 経理, status: gone}\n"),
    ("org", "departments: x\npeople: []\n"),
]


@pytest.mark.parametrize("where, text", CORPUS, ids=[f"{w}-{i}" for i, (w, _) in enumerate(CORPUS)])
def test_japanese_messages_speak_the_authors_language(tebiki_handbook: Callable[..., Path], where: str,
                                                      text: str) -> None:
    handbook = load(tebiki_handbook, text) if where == "procedure" else load(tebiki_handbook, org=text)
    assert handbook.problems
    for problem in handbook.problems:
        message = problem_message(problem, "ja")
        for pattern in (PARSER_ENGLISH, SCHEMA_WORDS, KIND_WORDS, STEPS_N, REGEX):
            assert not pattern.search(message), f"{problem.code} {pattern.pattern!r} in: {message}"
        assert re.search(r"[\u3040-\u30ff\u4e00-\u9fff]", message), message
        assert problem_message(problem, "en").strip()


def test_every_schema_and_yaml_syntax_cause_has_its_own_wording() -> None:
    from tebiki.i18n.messages import CATALOG

    causes = {key for key in CATALOG if key.startswith(("schema/", "yaml-syntax/"))}
    assert {"schema/number", "schema/blank", "schema/id", "schema/id-space", "schema/date-format", "schema/type",
            "schema/enum", "schema/required", "schema/additionalProperties", "yaml-syntax/fullwidth-colon",
            "yaml-syntax/fullwidth-space", "yaml-syntax/special-start", "yaml-syntax/colon-in-value",
            "yaml-syntax/bad-tag", "yaml-syntax/missing-colon", "yaml-syntax/indentation",
            "yaml-syntax/unclosed-quote", "yaml-syntax/unclosed-bracket"} <= causes
    for key in causes:
        assert set(CATALOG[key]) == {"ja", "en"} and CATALOG[key]["ja"] != CATALOG[key]["en"]


@pytest.mark.parametrize("ending", ["\n", "", "\n\n\n"])
def test_an_error_at_the_end_of_the_file_is_never_past_the_last_line(tebiki_handbook: Callable[..., Path],
                                                                      ending: str) -> None:
    text = CLEAN + 'trigger: "毎月第1営業日' + ending  # line 16; the parser stops at the end of the stream
    handbook = load(tebiki_handbook, text)
    [problem] = handbook.problems
    assert (problem.code, problem.line) == ("yaml-syntax", 16), describe(handbook)
    assert "引用符" in problem_message(problem, "ja") and "quote" in problem_message(problem, "en")


# --- rules 2 and 3 for the v2 number fields (headcount, volume.count, hours_per_year) -------------------

@pytest.mark.parametrize("text, line, column, suggestion", [
    (in_collect("    headcount: ２\n"), 13, 16, "2"),
    (in_collect("    headcount: 2人\n"), 13, 16, "2"),
    (edit(CLEAN, "frequency: monthly", "frequency: monthly\nvolume: {count: 40件, per: month}"), 8, 17, "40"),
    (edit(CLEAN, "frequency: monthly", "frequency: monthly\nvolume:\n  count: -40\n  per: month"), 9, 10, "40"),
])
def test_v2_whole_numbers_follow_the_number_rule(tebiki_handbook: Callable[..., Path], text: str, line: int,
                                                 column: int, suggestion: str) -> None:
    handbook = load(tebiki_handbook, text)
    [problem] = [p for p in handbook.problems if p.code == "schema"]
    assert (problem.line, problem.column) == (line, column), describe(handbook)
    assert re.search(rf"(?<![0-9]){suggestion}(?![0-9])", problem_message(problem, "ja")), problem_message(problem, "ja")
    assert "acc-close" in handbook.procedures


@pytest.mark.parametrize("written", ["headcount: 1.5", "headcount: １.５", "headcount: 1.5人", "headcount: -1.5",
                                     "minutes: 2.5", "minutes: 1,500.5"])
def test_a_fraction_where_a_whole_number_is_due_says_so_and_invents_no_value(tebiki_handbook: Callable[..., Path],
                                                                             written: str) -> None:
    handbook = load(tebiki_handbook, in_collect(f"    {written}\n"))
    [problem] = [p for p in handbook.problems if p.code == "schema"]
    japanese, english = problem_message(problem, "ja"), problem_message(problem, "en")
    assert "整数" in japanese and "整数で書いてください" in japanese or "負の数" in japanese, japanese
    assert "whole number" in english, english
    for guess in ("1", "2", "3", "1500", "1501"):  # no rounded value offered
        assert f"{guess} と書いてください" not in japanese and f"write {guess}" not in english, (japanese, english)


@pytest.mark.parametrize("written, value", [("minutes: 1:30", "90"), ("minutes: ３０", "30"), ("minutes: 30分", "30"),
                                            ("minutes: 1.5h", "90"), ("headcount: 2.0", "2"), ("headcount: ２", "2")])
def test_an_unambiguous_form_still_gives_the_value(tebiki_handbook: Callable[..., Path], written: str,
                                                   value: str) -> None:
    handbook = load(tebiki_handbook, in_collect(f"    {written}\n"))
    [problem] = [p for p in handbook.problems if p.code == "schema"]
    assert f"{value} と書いてください" in problem_message(problem, "ja") and f"write {value}" in problem_message(problem, "en"), \
        problem_message(problem, "ja")


def test_v2_numbers_read_as_written(tebiki_handbook: Callable[..., Path]) -> None:
    text = edit(in_collect("    headcount: 02\n"), "frequency: monthly", "frequency: monthly\nvolume: {count: 040, per: month}")
    inventory = ("procedures:\n  - {id: acc-close, title: 月次決算, department: accounting, hours_per_year: 012.5}\n"
                 "  - id: acc-todo\n    title: 未着手\n    department: accounting\n    hours_per_year:\n")
    handbook = load(tebiki_handbook, text, inventory=inventory)
    assert [p.code for p in handbook.problems] == ["undocumented"], describe(handbook)
    procedure = handbook.procedures["acc-close"]
    assert procedure.steps[0].headcount == 2 and procedure.volume is not None and procedure.volume.count == 40
    assert [e.hours_per_year for e in handbook.inventory] == [12.5, None]


@pytest.mark.parametrize("written, suggestion", [("１２０", "120"), ("120時間", "120"), ("-5", "5"), ("1:30", "")])
def test_hours_per_year_may_have_a_fraction_but_is_a_plain_number(tebiki_handbook: Callable[..., Path], written: str,
                                                                  suggestion: str) -> None:
    inventory = f"procedures:\n  - id: acc-todo\n    title: 未着手\n    department: accounting\n    hours_per_year: {written}\n"
    handbook = load(tebiki_handbook, inventory=inventory)
    [problem] = [p for p in handbook.problems if p.code == "schema"]
    assert (problem.file, problem.line, problem.column) == ("procedures/_inventory.yaml", 5, 21)
    assert "棚卸しの項目 1 (acc-todo) の hours_per_year" in problem_message(problem, "ja")
    if suggestion:
        assert f"{suggestion} と書いてください" in problem_message(problem, "ja")
    assert [e.id for e in handbook.inventory] == ["acc-todo"]  # the entry stays, without its estimate


# --- docs: FORMAT.md and the JSON Schemas say what the checker does ------------------------------------

FIVE_SLIPS = [
    edit(CLEAN, "owner: sato", "owner：sato"),
    edit(CLEAN, "    title: 証憑を回収する", "    title: @情シス窓口でPCを受け取る"),
    in_collect("    minutes: 1:30:00\n"),
    edit(CLEAN, "owner: sato", "owner: Sato"),
    edit(CLEAN, "    title: 証憑を回収する", "    title: PCを受け取る #2 手順書参照"),
]


@pytest.mark.parametrize("text", FIVE_SLIPS, ids=["fullwidth-colon", "special-start", "minutes", "owner", "comment"])
def test_format_md_shows_the_message_of_the_five_common_slips(tebiki_handbook: Callable[..., Path], text: str) -> None:
    doc = (Path(__file__).parents[1] / "FORMAT.md").read_text(encoding="utf-8")
    handbook = load(tebiki_handbook, text)
    [problem] = [p for p in handbook.problems if p.code != "no-owner"]
    line = (f"{problem.file}:{problem.line}:{problem.column}: {problem.severity.value} {problem.code} "
            f"{problem_message(problem, 'ja')}")
    assert line in doc, line


def test_schema_descriptions_state_the_reading_rules() -> None:
    from tebiki.schemas import load_schema

    numbers, references = 0, 0
    for kind in ("procedure", "org", "inventory"):
        schema = load_schema(kind)
        stack: list[Any] = [schema]
        while stack:
            node = stack.pop()
            if isinstance(node, dict):
                stack.extend(node.values())
                types = node.get("type")
                if types in ("integer", "number") and "description" in node:
                    numbers += 1
                    assert "半角数字だけ" in node["description"] and "Plain digits only" in node["description"], node
                if "description" in node and "unknown-" in node["description"]:
                    references += 1
            elif isinstance(node, list):
                stack.extend(node)
        assert "前後に空白" in schema["$defs"]["slug"]["description"]
    assert numbers >= 5 and references >= 4


@pytest.mark.parametrize("value", ["", "~", "null", "Null", "NULL", "<<", "on", "yes", "17:30", "010", "0x1f", "1.10",
                                   "2026-04-01", ".inf", "nulls", "text"])
def test_the_fast_resolver_is_pyyamls_with_only_null_and_merge(value: str) -> None:
    import yaml

    from tebiki.yamlfile import _Loader

    loader = _Loader("")
    try:
        for implicit in ((True, False), (False, True)):
            expected = yaml.resolver.BaseResolver.resolve(loader, yaml.ScalarNode, value, implicit)
            assert loader.resolve(yaml.ScalarNode, value, implicit) == expected
        assert loader.resolve(yaml.SequenceNode, None, (True, True)) == "tag:yaml.org,2002:seq"
    finally:
        loader.dispose()


@pytest.mark.parametrize("value, column", [("!!int [30]", 8), ("!!bool {x: 1}", 8)])
def test_a_scalar_tag_on_a_list_or_mapping_is_located(tebiki_handbook: Callable[..., Path], value: str,
                                                      column: int) -> None:
    """Found by fuzzing: `!!int [a]` crashed the converter; now a yaml-syntax problem naming the tag."""
    handbook = load(tebiki_handbook, edit(CLEAN, "title: 月次決算", f"title: {value}"))
    [problem] = handbook.problems
    assert (problem.code, problem.line, problem.column) == ("yaml-syntax", 2, column), describe(handbook)
    assert value.split()[0] in problem_message(problem, "ja")


def test_every_validation_keyword_of_the_schemas_has_its_own_wording() -> None:
    """A keyword another field adds (maximum, uniqueItems...) must not fall back to the generic message."""
    from tebiki.i18n.messages import CATALOG
    from tebiki.schemas import load_schema

    worded_elsewhere = {"pattern": "schema/id", "minLength": "schema/blank"}
    not_validated = {"format", "anyOf", "$ref", "properties", "items", "$defs", "$schema", "title", "description",
                     "default", "examples"}
    used: set[str] = set()
    for kind in ("procedure", "org", "inventory"):
        stack: list[Any] = [load_schema(kind)]
        while stack:
            node = stack.pop()
            if isinstance(node, dict):
                if "type" in node or "$ref" in node or "anyOf" in node:
                    used |= {k for k in node if k not in not_validated}
                stack.extend(v for k, v in node.items() if k in ("properties", "items", "$defs", "anyOf")
                             or isinstance(v, (dict, list)) and k not in ("examples", "default", "enum"))
            elif isinstance(node, list):
                stack.extend(node)
    assert {"type", "enum", "required", "additionalProperties", "minimum"} <= used
    for keyword in used - {"type"} | {"type"}:
        assert worded_elsewhere.get(keyword, f"schema/{keyword}") in CATALOG, keyword


@pytest.mark.parametrize("branch, key", [
    ("{to：post, when: 承認}", "to"),
    ("{to： post, when: 承認}", "to"),
    ("{to: post, when：承認}", "when"),
])
def test_fullwidth_colon_inside_a_flow_mapping_is_one_problem_at_the_colon(
        tebiki_handbook: Callable[..., Path], branch: str, key: str) -> None:
    """Rule 4 in a flow mapping too: `{to：post}` is one located slip, not "unknown key"
    plus "required key missing"."""
    text = in_collect(f"    next:\n      - {branch}\n")
    handbook = load(tebiki_handbook, text)
    line = text.splitlines().index(f"      - {branch}") + 1
    column = f"      - {branch}".index("：") + 1  # at the full-width colon itself
    errors = [p for p in handbook.problems if p.severity.value == "error"]
    assert [(p.code, p.line, p.column) for p in errors] == [("yaml-syntax", line, column)], errors
    assert f"「{key}」" in problem_message(errors[0], "ja") and "全角のコロン「：」" in problem_message(errors[0], "ja")


def test_a_file_the_os_will_not_open_is_said_in_the_authors_language(tebiki_handbook: Callable[..., Path],
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """Rule 9: the OS's English reason ("Permission denied") never appears in a Japanese message."""
    from tebiki import loader

    root = tebiki_handbook({"accounting/close.yaml": CLEAN, "hr/other.yaml": OTHER})
    real = loader.read_bounded

    # as root, chmod 000 would not stop the read
    def refuse(path: Path, limit: int, *, follow_symlinks: bool = True) -> bytes:
        if path.name == "close.yaml":
            raise PermissionError(13, "Permission denied")
        return real(path, limit, follow_symlinks=follow_symlinks)

    monkeypatch.setattr(loader, "read_bounded", refuse)
    handbook = build_handbook(root, "procedures", today=date(2026, 11, 24))
    [problem] = [p for p in handbook.problems if p.file.endswith("close.yaml")]
    assert problem.code == "encoding" and "権限がありません" in problem_message(problem, "ja")
    assert "Permission" not in problem_message(problem, "ja") and "permission denied" in problem_message(problem, "en")
