"""Every human or log channel shows hostile text as visible escapes (issue 11, point 2;
issue 9, item 6): the text report, the GitHub annotations, the JSON report, stderr,
the output's encoding, and internal failures (exit 2, one line, never exit 1)."""

from __future__ import annotations

import json
import os
import re
import subprocess
from pathlib import Path
from typing import Callable

import pytest

from core_samples import CLEAN_PROCEDURE
from test_cli import TODAY, tebiki, tebiki_command

from tebiki import cli
from tebiki.display import display_safe, github_data, github_property

# Raw characters that must never reach a terminal or a log: C0/C1 controls (incl. ESC,
# NUL, CR, U+0085), bidi controls, line and paragraph separators, zero-width characters.
RAW = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200b-\u200f\u2028-\u202e\u2066-\u2069\ufeff]")

HOSTILE_NAME = r'"佐藤\n::error file=README.md,line=1::forged\e[2J\r\x00\u202egnp.exe\u2028\x85\u200b"'
HOSTILE_ORG = f"""\
departments:
  - id: accounting
    name: 経理・財務
people:
  - id: sato
    name: {HOSTILE_NAME}
    department: accounting
    status: leaving
  - id: suzuki
    name: 鈴木
    department: accounting
"""


@pytest.fixture
def hostile(tebiki_handbook: Callable[..., Path]) -> Path:
    """A handbook whose owner's name tries every trick: an owner-leaving warning quotes it."""
    return tebiki_handbook({"a.yaml": CLEAN_PROCEDURE}, org=HOSTILE_ORG)


@pytest.mark.parametrize("raw, shown", [
    ("a\nb", r"a\nb"), ("a\rb", r"a\rb"), ("\x1b[31m", r"\x1b[31m"), ("\x00", r"\x00"),
    ("\x85", r"\x85"), ("\u2028", r"\u2028"), ("\u2029", r"\u2029"), ("\u202e", r"\u202e"),
    ("\u2066", r"\u2066"), ("\u200b", r"\u200b"), ("\ufeff", r"\ufeff"), ("\ud800", r"\ud800"),
    ("\U000e0041", r"\U000e0041"), ("\t", r"\t"),
    ("佐藤 花子 ＡＢＣ 👍 é", "佐藤 花子 ＡＢＣ 👍 é"),  # ordinary text stays as written
])
def test_display_safe_makes_every_unsafe_character_visible(raw: str, shown: str) -> None:
    assert display_safe(raw) == shown


def test_github_escapes_follow_the_workflow_command_rules() -> None:
    assert github_data("50% a\r\nb ::error::x \x1b[2J") == "50%25 a%0D%0Ab : :error: :x [2J"
    assert github_property("a:b,c%\n") == "a%3Ab%2Cc%25%0A"


def test_text_report_keeps_one_problem_on_one_line(hostile: Path) -> None:
    run = tebiki(hostile)
    assert run.code == 1, run  # the name's hidden characters are a schema error (test_hidden_characters.py)
    assert not RAW.search(run.stdout), repr(run.stdout)
    leaving = [line for line in run.lines if "owner-leaving" in line]
    assert len(leaving) == 1 and len(run.lines) == 3, run.stdout
    assert r"佐藤\n::error file=README.md,line=1::forged\x1b[2J\r\x00\u202egnp.exe\u2028\x85\u200b" in leaving[0]


def test_github_report_cannot_forge_a_workflow_command(hostile: Path) -> None:
    run = tebiki(hostile, "--format", "github")
    commands = [line for line in run.stdout.split("\n") if line.startswith("::")]
    assert len(commands) == 2 and commands[0].startswith("::error file=procedures/_org.yaml,line=6,"), run.stdout
    assert commands[1].startswith("::warning file=procedures/a.yaml,"), run.stdout
    assert all(c.count("::") == 2 for c in commands), commands  # `::warning …::` and nothing after
    assert "\x1b" not in run.stdout and not RAW.search(run.stdout.replace("\n", "")), repr(run.stdout)
    assert "佐藤%0A: :error file=README.md,line=1: :forged[2J%0D" in commands[1]


def test_json_report_is_lossless_but_holds_no_raw_control_character(hostile: Path) -> None:
    run = tebiki(hostile, "--format", "json")
    assert not RAW.search(run.stdout), repr(run.stdout)
    schema, problem = json.loads(run.stdout)["problems"]
    assert schema["code"] == "schema" and "U+000A" in schema["message"]
    assert "佐藤\n::error file=README.md,line=1::forged\x1b[2J\r\x00\u202egnp.exe\u2028\x85\u200b" in problem["message"]


def _check_in(root: Path, encoding: str, *args: str) -> subprocess.CompletedProcess[bytes]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LANG", "LC_"))}
    env["PYTHONIOENCODING"] = encoding
    return subprocess.run(tebiki_command() + ["check", "--today", TODAY, *args], cwd=root,
                          capture_output=True, timeout=60, env=env)


@pytest.mark.parametrize("encoding", ["cp1252", "ascii", "shift_jis"])
def test_text_report_in_the_output_encoding_never_crashes(tebiki_handbook: Callable[..., Path],
                                                          encoding: str) -> None:
    root = tebiki_handbook({"a.yaml": CLEAN_PROCEDURE})
    done = _check_in(root, encoding)
    assert (done.returncode, done.stderr) == (0, b""), done.stderr
    summary = done.stdout.decode(encoding)
    assert "1" in summary and summary.endswith("\n")
    if encoding == "shift_jis":
        assert "手順 1 件" in summary  # what the encoding can show is shown


@pytest.mark.parametrize("form", ["json", "github"])
def test_json_and_github_are_utf8_whatever_the_terminal(hostile: Path, form: str) -> None:
    done = _check_in(hostile, "cp1252", "--format", form)
    assert done.returncode == 1 and b"Traceback" not in done.stderr, done.stderr
    assert "佐藤" in done.stdout.decode("utf-8")


@pytest.mark.parametrize("failure", [MemoryError(), RuntimeError("boom\n\x1b[2J"), KeyError("x")])
def test_internal_failure_exits_2_with_one_line(tebiki_handbook: Callable[..., Path], capsys: pytest.CaptureFixture[str],
                                                monkeypatch: pytest.MonkeyPatch, failure: BaseException) -> None:
    root = tebiki_handbook({"a.yaml": CLEAN_PROCEDURE})

    def broken(*args: object, **kwargs: object) -> None:
        raise failure

    monkeypatch.setattr(cli, "load", broken)
    code = cli.main(["check", "--config", str(root / "mkdocs.yml")])
    out, err = capsys.readouterr()
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and err.startswith("tebiki: internal error (") and "report" in err, err
    assert not RAW.search(err.rstrip("\n")) and "Traceback" not in err


def test_whatif_text_shows_hostile_names_as_escapes(hostile: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LANG", "LC_"))}
    done = subprocess.run(tebiki_command() + ["whatif", "sato", "--today", TODAY], cwd=hostile,
                          capture_output=True, timeout=60, env=env)
    out = done.stdout.decode("utf-8")
    assert done.returncode == 0 and "Traceback" not in done.stderr.decode(), done.stderr
    assert "\x1b" not in out and not RAW.search(out.replace("\n", "")), repr(out)

def _tebiki_in(root: Path, encoding: str, *args: str) -> subprocess.CompletedProcess[bytes]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LANG", "LC_"))}
    env["PYTHONIOENCODING"] = encoding
    return subprocess.run(tebiki_command() + list(args), cwd=root, capture_output=True, timeout=120, env=env)


@pytest.mark.parametrize("command", [["--help"], ["check", "--help"], ["whatif", "sato"], ["skills"],
                                     ["workload"], ["whatif", "nobody"], ["--version"]])
def test_every_command_speaks_through_a_cp1252_pipe(hostile: Path, command: list[str]) -> None:
    """A Windows runner's cp1252 pipe: what it cannot show is replaced, never a crash or exit 2
    for a command that would otherwise work (spec: never a failure because of the terminal's encoding)."""
    done = _tebiki_in(hostile, "cp1252", *command, *(["--today", TODAY] if command[0] in {"whatif", "skills", "workload"} and command != ["whatif", "nobody"] else []))
    assert b"Traceback" not in done.stderr and b"internal error" not in done.stderr, done.stderr
    assert done.returncode == (2 if command == ["whatif", "nobody"] else 0), done.stderr
    assert done.stdout or done.stderr


@pytest.mark.parametrize("command", [["whatif", "sato"], ["skills"], ["workload", "--by", "owner"]])
def test_risk_reports_show_names_display_safe(hostile: Path, command: list[str]) -> None:
    done = _tebiki_in(hostile, "utf-8", *command, "--today", TODAY)
    text = done.stdout.decode("utf-8")
    assert done.returncode == 0, done.stderr
    assert "佐藤" in text
    assert not RAW.search(text), repr(text)
    assert not any(line.startswith("::") for line in text.splitlines())
