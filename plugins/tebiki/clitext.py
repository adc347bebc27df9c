"""The command line's own words (help, usage, argument errors) in the handbook's language.

The language is `--lang` when given, else the handbook's (`mkdocs.yml` of `--config`
or the current folder: the plugin's `language`, else `theme.language`), else Japanese.

A command registers its help as `tr("日本語", "English")`; `speaking(lang)` sets the
language for the parser's construction and parsing, and puts argparse's fixed words
(usage, options, "the following arguments are required", …) into Japanese.
"""

from __future__ import annotations

import argparse
import re
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Iterator, Sequence

from .render.labels import language_of
from .settings import raw_config

_current = ["ja"]

# argparse's own messages (Python 3.11-3.13 wording); any other stays English.
_ARGPARSE_JA = {
    "usage: ": "使い方: ",
    "positional arguments": "引数",
    "options": "オプション",
    "show this help message and exit": "このヘルプを表示して終了する",
    "show program's version number and exit": "バージョンを表示して終了する",
    "%(prog)s: error: %(message)s\n": "%(prog)s: エラー: %(message)s\n",
    "argument %(argument_name)s: %(message)s": "引数 %(argument_name)s: %(message)s",
    "the following arguments are required: %s": "次の引数が必要です: %s",
    "unrecognized arguments: %s": "知らない引数です: %s",
    "expected one argument": "値を1つ指定してください",
    "invalid choice: %(value)r (choose from %(choices)s)": "%(value)r は選べません(選べるもの: %(choices)s)",
    "invalid choice: %(value)r, choose from %(choices)s": "%(value)r は選べません(選べるもの: %(choices)s)",
    "invalid %(type)s value: %(value)r": "%(value)r は正しい値ではありません",
    "ambiguous option: %(option)s could match %(matches)s": "オプション %(option)s は %(matches)s のどれか分かりません",
    "unknown parser %(parser_name)r (choices: %(choices)s)": "知らないコマンド %(parser_name)r です(使えるもの: %(choices)s)",
}


def tr(ja: str, en: str) -> str:
    """The text in the language being spoken (see `speaking`)."""
    return ja if _current[0] == "ja" else en


def iso_date(text: str) -> date:
    """A date option's value (YYYY-MM-DD); argparse shows the error with the option's name."""
    try:
        if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", text):
            raise ValueError(text)
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(tr(
            f"「{text}」は日付として読めません。YYYY-MM-DD の形で書いてください (例: 2027-03-31)",
            f"{text!r} is not a date; write it as YYYY-MM-DD (e.g. 2027-03-31)")) from None


def handbook_language(argv: Sequence[str]) -> str:
    """`--lang` from argv, else the language of the handbook's mkdocs.yml, else ja."""
    args = list(argv)
    for i, arg in enumerate(args):
        value = args[i + 1] if arg == "--lang" and i + 1 < len(args) else arg[7:] if arg.startswith("--lang=") else None
        if value in ("ja", "en"):
            return value
    config = "mkdocs.yml"
    for i, arg in enumerate(args):
        if arg == "--config" and i + 1 < len(args):
            config = args[i + 1]
        elif arg.startswith("--config="):
            config = arg[9:]
    raw = raw_config(Path(config)) if Path(config).is_file() else {}
    return written_language(raw)


def written_language(raw: dict) -> str:
    """The tebiki `language` option, else `theme.language`, as written; ja when neither."""
    plugins = raw.get("plugins") or []
    for entry in (plugins.items() if isinstance(plugins, dict) else
                  (next(iter(p.items())) for p in plugins if isinstance(p, dict) and len(p) == 1)):
        name, options = entry
        if name == "tebiki" and isinstance(options, dict) and options.get("language") in ("ja", "en"):
            return options["language"]
    theme = raw.get("theme")
    language = theme.get("language") if isinstance(theme, dict) else None
    return language_of(language) if isinstance(language, str) else "ja"


@contextmanager
def speaking(lang: str) -> Iterator[None]:
    """Help and argparse's messages in `lang` while the parser is built and used."""
    previous, saved = _current[0], argparse._  # type: ignore[attr-defined]
    _current[0] = lang
    if lang == "ja":
        argparse._ = lambda text: _ARGPARSE_JA.get(text, saved(text))  # type: ignore[attr-defined]
    try:
        yield
    finally:
        _current[0] = previous
        argparse._ = saved  # type: ignore[attr-defined]
