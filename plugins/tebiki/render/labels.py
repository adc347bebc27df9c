"""The page labels render modules read (`Labels`), from the one catalog (`tebiki.i18n`)."""

from __future__ import annotations

from ..i18n.labels import LANGUAGES, Labels, all_keys, language_of

__all__ = ["LANGUAGES", "Labels", "all_keys", "language_of"]
