"""One function decides the language (tebiki.i18n.language): the plugin option
`language`, else `theme.language` as written, else ja; a theme language tebiki does
not speak (de) gives English. The CLI and the site agree in every case."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Callable

import pytest
from mkdocs.config import load_config

from tebiki.cli import main
from tebiki.clitext import handbook_language
from tebiki.i18n.language import decide_language, language_of
from tebiki.settings import read_settings

JAPANESE = re.compile(r"[\u3040-\u30ff\u3400-\u9fff]")
SINGLE = """\
id: acc-single
title: Single
department: accounting
summary: s
owner: sato
frequency: monthly
reviewed: 2099-01-01
steps:
  - {id: a, title: A, actor: X}
"""
ORG = """\
departments: [{id: accounting, name: Accounting}]
people: [{id: sato, name: Sato, department: accounting}]
"""


@pytest.mark.parametrize("option, theme, expected", [
    (None, None, "ja"), (None, "ja", "ja"), (None, "en", "en"), (None, "de", "en"),
    (None, "en-US", "en"), (None, "ja_JP", "ja"), (None, "", "ja"), (None, 5, "ja"),
    ("ja", "en", "ja"), ("en", "ja", "en"), ("en", "de", "en"), ("ja", None, "ja"),
])
def test_option_then_theme_then_japanese(option: str | None, theme: Any, expected: str) -> None:
    assert decide_language(option, theme) == expected


def test_a_tag_tebiki_does_not_speak_is_english() -> None:
    assert [language_of(t) for t in ("de", "fr-CA", "zh_TW", "JA", "En")] == ["en", "en", "en", "ja", "en"]


def site_language(config_file: Path) -> str:
    """The language the plugin builds the pages in, after MkDocs loaded the config."""
    config = load_config(config_file=str(config_file))
    plugin = config.plugins["tebiki"]
    plugin.on_config(config)
    return str(plugin.build.lang)  # type: ignore[attr-defined]


def cli_language(config_file: Path, capsys: pytest.CaptureFixture[str]) -> str:
    """The language `tebiki check` reports in: its summary line, and its help."""
    main(["check", "--config", str(config_file), "--today", "2026-04-01"])
    summary = capsys.readouterr().out.strip().splitlines()[-1]
    help_lang = handbook_language(["check", "--config", str(config_file)])
    message_lang = "ja" if JAPANESE.search(summary) else "en"
    assert help_lang == message_lang, (help_lang, summary)
    return message_lang


@pytest.mark.parametrize("theme", ["ja", "en", "de", None])
@pytest.mark.parametrize("option", [None, "ja", "en"])
def test_cli_and_site_agree(tebiki_handbook: Callable[..., Path], capsys: pytest.CaptureFixture[str],
                            theme: str | None, option: str | None) -> None:
    extra = "theme:\n  name: material\n" + (f"  language: {theme}\n" if theme else "")
    root = tebiki_handbook({"a.yaml": SINGLE}, org=ORG, mkdocs_extra=extra,
                           options={"language": option} if option else {})
    expected = option or {"ja": "ja", "en": "en", "de": "en", None: "ja"}[theme]
    (root / "docs").mkdir()
    config_file = root / "mkdocs.yml"
    assert read_settings(config_file).language == expected
    assert cli_language(config_file, capsys) == expected
    assert site_language(config_file) == expected
