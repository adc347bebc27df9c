"""Reading one YAML file safely (tebiki.yamlfile): hostile or broken input becomes a
located problem, promptly, and never a crash, a hang or executed code.

Inputs that could crash the interpreter (libyaml's C composer recurses once per
nesting level) or blow up memory are checked in a child process, so a crash fails
the test instead of killing pytest.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
import time
from pathlib import Path
from typing import Any, Callable

import pytest

from core_samples import CLEAN_PROCEDURE

from tebiki.core import build_handbook
from tebiki.yamlfile import MAX_FILE_BYTES, parse_yaml
from constants import TODAY
from tebiki.i18n.messages import problem_message

FILE = "procedures/accounting/close.yaml"

CLEAN = CLEAN_PROCEDURE

_CHILD = textwrap.dedent("""
    import json, sys
    from datetime import date
    from tebiki.core import build_handbook
    from tebiki.i18n.messages import problem_message
    handbook = build_handbook(sys.argv[1], "procedures", today=date(2026, 6, 1))
    print(json.dumps([{"code": p.code, "file": p.file, "line": p.line, "column": p.column,
                       "en": problem_message(p, "en"), "ja": problem_message(p, "ja")} for p in handbook.problems]))
""")


def check_in_child(tebiki_handbook: Callable[..., Path], raw: bytes, timeout: float = 60) -> tuple[list[dict[str, Any]], float]:
    """Problems of a handbook whose one procedure file holds `raw`, computed in a child
    process; fails (not crashes) on a segfault, a traceback or a hang. Also returns seconds taken."""
    root = tebiki_handbook({"accounting/close.yaml": raw})
    started = time.monotonic()
    try:
        done = subprocess.run([sys.executable, "-c", _CHILD, str(root)], capture_output=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        pytest.fail(f"still running after {timeout}s")
    elapsed = time.monotonic() - started
    assert done.returncode == 0, (
        f"child process died (exit {done.returncode}; negative = killed by signal, -11 = segfault):\n"
        f"{done.stderr.decode(errors='replace')[-2000:]}")
    return json.loads(done.stdout), elapsed


def only_problem(problems: list[dict[str, Any]]) -> dict[str, Any]:
    assert len(problems) == 1, problems
    return problems[0]


def billion_laughs() -> bytes:
    text = "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
    previous = "a"
    for name in "bcdefghi":
        text += f"{name}: &{name} [" + ", ".join([f"*{previous}"] * 10) + "]\n"
        previous = name
    return text.encode()


# (id, file content, line of the problem, a word the English message must contain)
LIMITS = [
    # 10 ** k values: level f (line 6) is the first whose expansion passes 200,000 values.
    ("billion-laughs", billion_laughs(), 6, "alias"),
    ("recursive-alias", b"id: acc-close\nsteps: &a [*a]\n", 2, "alias"),
    ("recursive-alias-top", b"&a [*a]\n", 1, "alias"),
    ("recursive-alias-mapping", b"id: acc-close\nsteps:\n  - &s {id: a, next: *s}\n", 3, "alias"),
    ("deep-flow-100000", b"[" * 100_000, 1, "nested"),
    ("deep-flow-mapping-100000", b"{a: " * 100_000, 1, "nested"),
    ("deep-flow-under-bracket-threshold", b"id: acc-close\nsteps: " + b"[" * 990 + b"]" * 990 + b"\n", 2, "nested"),
    ("deep-block-sequence-100000", b"- " * 100_000 + b"x\n", 1, "nested"),
    ("deep-block-sequence-1000", b"- " * 1_000 + b"x\n", 1, "nested"),
    ("deep-complex-keys-100000", b"? " * 100_000 + b"x\n", 1, "nested"),
    ("oversize", b"# " + b"x" * (MAX_FILE_BYTES + 10) + b"\n", 1, "bytes"),
]


@pytest.mark.parametrize("raw, line, word", [case[1:] for case in LIMITS], ids=[case[0] for case in LIMITS])
def test_limits_are_refused_promptly_with_a_located_problem(tebiki_handbook: Callable[..., Path], raw: bytes,
                                                            line: int, word: str) -> None:
    problems, elapsed = check_in_child(tebiki_handbook, raw)
    problem = only_problem([p for p in problems if p["file"] == FILE])
    assert problem["code"] == "yaml-syntax"
    assert problem["line"] == line
    assert word in problem["en"], problem["en"]
    assert problem["ja"].strip()
    assert elapsed < 15, f"took {elapsed:.1f}s"  # a hang is the risk here, not speed


def test_oversize_message_gives_size_and_limit() -> None:
    raw = b"x" * (MAX_FILE_BYTES + 1)
    [problem] = parse_yaml(raw, FILE).problems
    assert (problem.code, problem.line) == ("yaml-syntax", 1)
    assert str(MAX_FILE_BYTES + 1) in problem_message(problem, "en") and str(MAX_FILE_BYTES) in problem_message(problem, "en")


def test_a_file_at_the_size_limit_is_read() -> None:
    raw = CLEAN.encode()
    raw += b"#" * (MAX_FILE_BYTES - len(raw) - 1) + b"\n"
    assert len(raw) == MAX_FILE_BYTES
    document = parse_yaml(raw, FILE)
    assert document.problems == [] and document.data["id"] == "acc-close"


def test_python_tags_are_refused_and_never_run(tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    raw = (f"id: acc-close\ntitle: !!python/object/apply:os.system ['touch {marker}']\n"
           "summary: !!python/name:os.system\n").encode()
    problems = parse_yaml(raw, FILE).problems
    assert [(p.code, p.line) for p in problems] == [("yaml-syntax", 2)]
    assert "python/object" in problem_message(problems[0], "en")
    assert not marker.exists()


@pytest.mark.parametrize("tag", ["!!python/object:os.system {}", "!!python/name:os.system", "!!python/module:os",
                                 "!!python/tuple [a]"])
def test_every_python_tag_is_refused(tag: str) -> None:
    problems = parse_yaml(f"id: acc-close\ntitle: {tag}\n".encode(), FILE).problems
    assert [(p.code, p.line, p.column) for p in problems] == [("yaml-syntax", 2, 8)]


# --- encodings ----------------------------------------------------------------------------------

def test_shift_jis_is_refused_with_advice(tebiki_handbook: Callable[..., Path]) -> None:
    root = tebiki_handbook({"accounting/close.yaml": CLEAN.encode("cp932")})
    [problem] = build_handbook(root, today=TODAY).problems
    assert (problem.code, problem.file, problem.line, problem.column) == ("encoding", FILE, 2, 8)
    for lang in ("en", "ja"):
        assert "UTF-8" in problem_message(problem, lang) and "Shift_JIS" in problem_message(problem, lang), problem_message(problem, lang)


def test_shift_jis_error_points_at_the_first_non_ascii_line() -> None:
    raw = "id: acc-close\n# comment\nsummary: abc\ntitle: 月次\n".encode("cp932")
    [problem] = parse_yaml(raw, FILE).problems
    assert (problem.code, problem.line, problem.column) == ("encoding", 4, 8)


@pytest.mark.parametrize("text", [CLEAN, "id: acc-close\ntitle: close\n"], ids=["japanese", "ascii-only"])
def test_utf16_is_not_mistaken_for_shift_jis(text: str) -> None:
    """Windows Notepad's "Unicode" is UTF-16 with a BOM; the advice must name that, not Shift_JIS."""
    [problem] = parse_yaml(text.encode("utf-16"), FILE).problems
    assert (problem.code, problem.line) == ("encoding", 1)
    message = problem_message(problem, "en")
    assert "UTF-16" in message and "Shift_JIS" not in message, message


def test_utf8_bom_is_accepted_and_keeps_lines_and_columns(tebiki_handbook: Callable[..., Path]) -> None:
    text = CLEAN.replace("id: acc-close", "id: Acc-close").replace("department: accounting", "department: acounting")
    root = tebiki_handbook({"accounting/close.yaml": b"\xef\xbb\xbf" + CLEAN.encode(),
                            "accounting/bad.yaml": b"\xef\xbb\xbf" + text.encode()})
    handbook = build_handbook(root, today=TODAY)
    assert list(handbook.procedures) == ["acc-close"]
    assert [(p.code, p.file, p.line, p.column) for p in handbook.problems] == [
        ("schema", "procedures/accounting/bad.yaml", 1, 5)]


@pytest.mark.parametrize("char", ["\x00", "\x07", "\x1b", "\x7f\x01"])
def test_control_characters_are_located(char: str) -> None:
    raw = f"id: acc-close\ntitle: abc{char}def\n".encode()
    [problem] = parse_yaml(raw, FILE).problems
    assert (problem.code, problem.line, problem.column) == ("yaml-syntax", 2, 11)
    assert "control character" in problem_message(problem, "en")


def test_control_character_after_japanese_text_is_located_in_characters() -> None:
    raw = ("title: 月次決算\n" * 3 + "summary: 締め\x00です\n").encode()
    [problem] = parse_yaml(raw, FILE).problems
    assert (problem.code, problem.line, problem.column) == ("yaml-syntax", 4, 12)


# --- YAML structure ------------------------------------------------------------------------------

def test_multi_document_file_is_refused_at_the_second_document() -> None:
    raw = CLEAN.encode() + b"---\nid: acc-other\n"
    [problem] = parse_yaml(raw, FILE).problems
    assert (problem.code, problem.line, problem.column) == ("yaml-syntax", 16, 1)


def test_a_single_document_with_markers_is_fine() -> None:
    document = parse_yaml(b"---\n" + CLEAN.encode() + b"...\n", FILE)
    assert document.problems == [] and document.data["id"] == "acc-close"


@pytest.mark.parametrize("raw, line, column", [
    (b"id: acc-close\nsteps:\n\t- id: collect\n", 3, 1),
    (b"id: acc-close\nsteps:\n  - id: collect\n  \ttitle: x\n", 4, 3),
])
def test_tabs_for_indentation_are_located(raw: bytes, line: int, column: int) -> None:
    [problem] = parse_yaml(raw, FILE).problems
    assert (problem.code, problem.line, problem.column) == ("yaml-syntax", line, column)


def test_syntax_error_reports_the_parser_mark() -> None:
    [problem] = parse_yaml("id: acc-close\ntitle: 月次: 決算\n".encode(), FILE).problems
    assert (problem.code, problem.line, problem.column) == ("yaml-syntax", 2, 10)  # column in characters


@pytest.mark.parametrize("raw, line, column, key, first", [
    (b"id: acc-close\ntitle: a\nid: acc-other\n", 3, 1, "id", 1),
    (CLEAN.replace("    title: \u8a3c\u6191\u3092\u56de\u53ce\u3059\u308b\n",
                   "    title: \u8a3c\u6191\u3092\u56de\u53ce\u3059\u308b\n    title: again\n").encode(), 12, 5, "title", 11),
    (b"steps:\n  - id: a\n    next: [{to: b, when: x, to: c}]\n", 3, 29, "to", 3),
])
def test_duplicate_keys_point_at_the_repeat(raw: bytes, line: int, column: int, key: str, first: int) -> None:
    [problem] = parse_yaml(raw, FILE).problems
    assert (problem.code, problem.line, problem.column) == ("duplicate-key", line, column)
    assert f'"{key}"' in problem_message(problem, "en") and f"line {first}" in problem_message(problem, "en")
    assert key in problem_message(problem, "ja") and str(first) in problem_message(problem, "ja")


def test_every_duplicate_key_is_reported() -> None:
    raw = b"id: a\nid: b\ntitle: x\ntitle: y\n"
    assert [(p.code, p.line) for p in parse_yaml(raw, FILE).problems] == [("duplicate-key", 2), ("duplicate-key", 4)]


def test_same_key_in_different_mappings_is_not_a_duplicate() -> None:
    assert parse_yaml(CLEAN.encode(), FILE).problems == []


def test_dates_stay_text_for_the_model_builder() -> None:
    document = parse_yaml(b"reviewed: 2026-04-01\nother: '2026-04-01'\n", FILE)
    assert document.data == {"reviewed": "2026-04-01", "other": "2026-04-01"}


@pytest.mark.parametrize("raw", [b"", b"# only a comment\n", b"null\n", b"- a\n- b\n", b"just text\n", b"42\n",
                                 b"? [a, b]\n: x\n", b"1: x\n2: y\n", b"{? {a: 1}: x}\n"])
def test_odd_documents_become_problems_not_crashes(tebiki_handbook: Callable[..., Path], raw: bytes) -> None:
    root = tebiki_handbook({"accounting/close.yaml": raw})
    problems = build_handbook(root, today=TODAY).problems
    assert problems and all(p.file == FILE and p.line >= 1 for p in problems)
    assert {p.code for p in problems} <= {"yaml-syntax", "schema"}
