"""The command line's own words (help, usage, argument errors) in the handbook's language.

The language is `--lang` when given, else the handbook's (`mkdocs.yml` of `--config`
or the current folder), decided as for the site by `i18n.language.written_language`.

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

from .i18n.language import written_language
from .i18n.cli import ARGPARSE_JA as _ARGPARSE_JA
from .settings import raw_config

_current = ["ja"]

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
