"""The command line speaks the chosen language wherever `--lang` is written, and a
date option's error says the form to write (spec rule 9; issue 10)."""

from __future__ import annotations

import argparse
import re
from pathlib import Path

import pytest

from test_init import JAPANESE, run


def date_options() -> list[tuple[str, str]]:
    """(command, option) for every option of every command that takes a date."""
    from tebiki.cli import _parser

    found = []
    for action in _parser()._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                found += [(name, o.option_strings[0]) for o in sub._actions if o.metavar == "YYYY-MM-DD"]
    return found


def test_the_date_options_are_found() -> None:
    assert {("whatif", "--on"), ("check", "--today"), ("workload", "--today")} <= set(date_options())


@pytest.mark.parametrize("command, option", date_options())
@pytest.mark.parametrize("value", ["2027/03/31", "2026-13-01", "20270331"])
def test_a_bad_date_says_the_form_to_write(tmp_path: Path, command: str, option: str, value: str) -> None:
    japanese = run(tmp_path, command, option, value)
    last = japanese.stderr.strip().splitlines()[-1]
    assert japanese.returncode == 2
    assert f"引数 {option}: 「{value}」は日付として読めません。YYYY-MM-DD の形で書いてください (例: 2027-03-31)" in last, last
    english = run(tmp_path, command, option, value, "--lang", "en")
    last = english.stderr.strip().splitlines()[-1]
    assert f"argument {option}: '{value}' is not a date; write it as YYYY-MM-DD (e.g. 2027-03-31)" in last, last
    assert not JAPANESE.search(english.stderr), english.stderr


@pytest.mark.parametrize("where", ["before", "after"])
def test_lang_works_before_or_after_the_command(tmp_path: Path, where: str) -> None:
    assert run(tmp_path, "init").returncode == 0  # a Japanese handbook
    english_help = run(tmp_path, "--lang", "en", "--help")
    assert english_help.returncode == 0 and "usage: tebiki" in english_help.stdout, english_help.stderr
    assert "validate the handbook and report problems" in english_help.stdout
    assert not re.search("使い方|引数|オプション|検査", english_help.stdout), english_help.stdout  # terms like 業務量 stay
    japanese_help = run(tmp_path, "--lang", "ja", "--help")
    assert japanese_help.returncode == 0 and "使い方: tebiki" in japanese_help.stdout
    args = ["--lang", "en", "check"] if where == "before" else ["check", "--lang", "en"]
    english = run(tmp_path, *args, "--today", "2099-01-01")
    assert "error" in english.stdout and not JAPANESE.search(english.stdout.replace("備品購入", "")), english.stdout
    args = ["--lang", "ja", "workload"] if where == "before" else ["workload", "--lang", "ja"]
    assert JAPANESE.search(run(tmp_path, *args).stdout)
    english_sub_help = run(tmp_path, "--lang", "en", "whatif", "--help")
    assert english_sub_help.returncode == 0 and not JAPANESE.search(english_sub_help.stdout)
    assert re.search(r"--on YYYY-MM-DD", english_sub_help.stdout)
