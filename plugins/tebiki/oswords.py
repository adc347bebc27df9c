"""Why a file could not be read or written, in the user's language (rule 9): the
operating system's own text (`Permission denied`) is English whatever the handbook's
language, so the usual causes are worded here by errno."""

from __future__ import annotations

from .i18n.cli import OS_REASONS as WORDS


def os_reason(error: OSError, lang: str) -> str:
    """A short reason for `error` in `lang` (ja or en)."""
    ja, en = WORDS.get(error.errno or 0, ("読み書きできませんでした", error.strerror or str(error)))
    return ja if lang == "ja" else en
