"""The one place that decides which language tebiki speaks, for the CLI and the site alike.

The order (FORMAT.md, "Where the spec is silent"): the plugin option `language`
(ja or en), else `theme.language` as written in mkdocs.yml (`en`, `ja`, `en-US`,
`ja_JP`: the part before `-`/`_`), else Japanese. A theme language tebiki does not
speak (`de`, `fr`) gives English, on the pages and in every command's messages; a
theme's own default (Material fills in `en`) is not a choice and does not count.
"""

from __future__ import annotations

from typing import Any, Mapping

LANGUAGES = ("ja", "en")
DEFAULT = "ja"
FALLBACK = "en"
"""What a written language tebiki does not speak falls back to."""


def language_of(tag: str | None) -> str:
    """`ja` or `en` for a language tag (`en`, `ja-JP`, `en_US`); `ja` when none is
    given, `en` for one tebiki does not speak (`de`)."""
    if not tag or not isinstance(tag, str):
        return DEFAULT
    head = tag.strip().replace("_", "-").split("-")[0].lower()
    return head if head in LANGUAGES else FALLBACK


def decide_language(option: str | None, theme_language: Any = None) -> str:
    """The language of pages and messages: the plugin option `language`, else
    `theme.language` as written (`theme_language`), else ja."""
    if option in LANGUAGES:
        return str(option)
    return language_of(theme_language if isinstance(theme_language, str) else None)


def written_language(raw: Mapping[str, Any]) -> str:
    """`decide_language` over a mkdocs.yml as written (`settings.raw_config`): the
    tebiki entry of `plugins:` (list or mapping form) and `theme.language`."""
    option = None
    plugins = raw.get("plugins") or []
    entries = plugins.items() if isinstance(plugins, dict) else (
        next(iter(p.items())) for p in plugins if isinstance(p, dict) and len(p) == 1)
    for name, options in entries:
        if name == "tebiki" and isinstance(options, dict):
            option = options.get("language")
    theme = raw.get("theme")
    return decide_language(option, theme.get("language") if isinstance(theme, dict) else None)
