"""Every table of the catalog in one shape, `{name: {language: {key: text}}}`, so one
test can hold them all to the same rules (both languages, same keys, same
placeholders; one word per concept: `glossary.py`).

Tables are written in whichever shape reads best where they are kept:
`{language: {key: text}}`, `{key: {language: text}}`, `{key: (ja, en)}` or
`{language: text}`; `by_language` turns each into the first.
"""

from __future__ import annotations

from typing import Any, Mapping

from . import cli, diagrams, labels, messages, reports, site
from .language import LANGUAGES

Table = dict[str, dict[str, str]]


def by_language(table: Mapping[Any, Any]) -> Table:
    """`{language: {key: text}}` from any of the four shapes above (keys as str)."""
    out: Table = {lang: {} for lang in LANGUAGES}
    if set(table) <= set(LANGUAGES):
        for lang, value in table.items():
            if isinstance(value, str):
                out[lang][""] = value
            else:
                out[lang].update({str(k): v for k, v in value.items()})
        return out
    for key, value in table.items():
        if isinstance(value, tuple):
            value = dict(zip(("ja", "en"), value))
        for lang, text in value.items():
            out[lang][str(key)] = text
    return out


def tables() -> dict[str, Table]:
    """Every table of the catalog by name: `problems`, `pages`, `diagrams`, `cli.*`, …"""
    found: dict[str, Table] = {
        "problems": by_language(messages.CATALOG),
        "check": by_language(messages.UI),
        "pages": {lang: dict(labels.page_labels(lang)) for lang in LANGUAGES},
        "diagrams": by_language(diagrams.WORDS),
        "diagrams.errors": by_language(diagrams.TOO_LARGE),
    }
    for module in (cli, reports, messages, site):
        for name, value in vars(module).items():
            if name.isupper() and isinstance(value, dict) and name not in ("CATALOG", "UI", "ARGPARSE_JA"):
                found[f"{module.__name__.rsplit('.', 1)[-1]}.{name}"] = by_language(value)
    found["cli.ARGPARSE_JA"] = {"ja": dict(cli.ARGPARSE_JA), "en": {k: k for k in cli.ARGPARSE_JA}}
    return found
