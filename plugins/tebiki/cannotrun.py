"""Why tebiki cannot run at all (exit 2, or a failed build), said in the handbook's language.

Each reason carries an English and a Japanese text; `str()` is the English one, so
code that only logs it keeps working.
"""

from __future__ import annotations


class CannotRun(Exception):
    """A configuration or folder tebiki cannot use; `message(lang)` says what to fix."""

    def __init__(self, en: str, ja: str | None = None) -> None:
        super().__init__(en)
        self.ja = ja or en

    def message(self, lang: str) -> str:
        """The reason in `lang` (`ja` or `en`)."""
        return self.ja if lang == "ja" else str(self)
