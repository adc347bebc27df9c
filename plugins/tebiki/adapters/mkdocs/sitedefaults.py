"""The site settings a handbook needs, applied in `on_config` only where the user chose nothing.

With the smallest `mkdocs.yml` (`site_name`, `theme: material`, `plugins: [search, tebiki]`)
the site must work on an intranet without internet and find Japanese text as written:

- offline: Material's `font: false` (no Google Fonts); a font the user chose is kept,
  with a warning naming the host it loads from. Plugin option `offline: false` skips this.
- Japanese search: a `search` separator that also splits where the script changes
  (ひらがな / カタカナ / 漢字 / ASCII), when the site or `search.lang` is Japanese and
  no `separator` is set.
- Material features for the handbook's navigation and edit button
  (`navigation.prune`, `content.action.edit`) when the user set no `features`.
- readable anchors for Japanese headings (toc `slugify`), when none is configured.

Each default applied is logged once at INFO, saying how to turn it off. What the user
chose is read from the file itself (`settings.raw_config`): a theme's defaults are
indistinguishable from a choice once MkDocs has loaded the configuration.
"""

from __future__ import annotations

from typing import Any, Iterable

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import get_plugin_logger

from ...i18n.site import SITE_DEFAULTS as MESSAGES

log = get_plugin_logger(__name__)

# Material's ja default splits only at spaces and 、。, so a phrase typed as written
# (証憑を回収する, PC貸与) stays one word and finds nothing. This also splits where the
# script changes, in the index and in queries alike; TinySegmenter still splits kanji runs.
# Markup-like characters split too (a title `</script>XSS検証` is found by XSS).
JA_SEPARATOR = (
    r"[\s\-　、。，．・「」『』（）()<>&;\"'=/]+"
    r"|(?<=[ぁ-ゟ])(?=[^ぁ-ゟ\s])|(?<=[^ぁ-ゟ\s])(?=[ぁ-ゟ])"
    r"|(?<=[゠-ヿ])(?=[々㐀-鿿A-Za-z0-9])|(?<=[々㐀-鿿A-Za-z0-9])(?=[゠-ヿ])"
    r"|(?<=[々㐀-鿿])(?=[A-Za-z0-9])|(?<=[A-Za-z0-9])(?=[々㐀-鿿])"
)
FONT_HOSTS = ("fonts.googleapis.com", "fonts.gstatic.com")
FEATURES = ("navigation.prune", "content.action.edit")  # the menu: sitegen.arrange_nav


def say(lang: str, key: str, **params: Any) -> str:
    return MESSAGES[key]["ja" if lang == "ja" else "en"].format(**params)


def written_theme(raw: dict[str, Any]) -> dict[str, Any]:
    """The `theme:` mapping as written (`theme: material` is a name only: {})."""
    theme = raw.get("theme")
    return theme if isinstance(theme, dict) else {}


def written_plugin_options(raw: dict[str, Any], names: Iterable[str]) -> dict[str, Any]:
    """Options written for the first plugin called one of `names` ({} when none)."""
    plugins = raw.get("plugins") or []
    entries = plugins.items() if isinstance(plugins, dict) else (
        (next(iter(p.items())) if isinstance(p, dict) and len(p) == 1 else (p, {})) for p in plugins)
    for name, value in entries:
        if name in names:
            return value if isinstance(value, dict) else {}
    return {}


def is_material(config: MkDocsConfig) -> bool:
    return getattr(config.theme, "name", None) == "material"


def offline_theme(config: MkDocsConfig, raw: dict[str, Any], lang: str) -> tuple[str, ...]:
    """Turn Material's web fonts off unless the user chose them; returns the hosts a
    chosen font loads from (already warned about), else ()."""
    if not is_material(config):
        return ()
    if "font" not in written_theme(raw):
        config.theme["font"] = False
        log.info(say(lang, "font"))
        return ()
    if config.theme["font"]:
        log.warning(say(lang, "font-chosen", hosts=", ".join(FONT_HOSTS)))
        return FONT_HOSTS
    return ()


def japanese_search(config: MkDocsConfig, raw: dict[str, Any], lang: str, site_languages: Iterable[str | None]) -> None:
    """Set the search separator when the site (`site_languages`: theme and plugin
    language) or `search.lang` includes ja and none was written. Runs before the
    search plugin's own `on_config`, which fills in the theme's default and builds its index."""
    for name, plugin in config.plugins.items():
        if name not in ("search", "material/search"):
            continue
        options = getattr(plugin, "config", None)
        if options is None or "separator" not in options:
            continue
        if "separator" in written_plugin_options(raw, ("search", "material/search")):
            return
        langs = [*site_languages, *(options.get("lang") or [])]
        japanese = any(str(code or "").replace("_", "-").split("-")[0].lower() == "ja" for code in langs)
        if japanese:
            options["separator"] = JA_SEPARATOR
            log.info(say(lang, "separator"))
        return


def handbook_features(config: MkDocsConfig, raw: dict[str, Any], lang: str) -> None:
    """Material features the handbook's menu and edit button rely on, when none were listed."""
    if not is_material(config) or "features" in written_theme(raw):
        return
    features = list(config.theme["features"] or [])
    added = [f for f in FEATURES if f not in features]
    if added:
        config.theme["features"] = features + added
        log.info(say(lang, "features", features=", ".join(added)))


def readable_anchors(config: MkDocsConfig, raw: dict[str, Any], lang: str) -> None:
    """Japanese headings keep their words in anchors (`#手順`), as with the sample's
    `toc: {slugify: pymdownx.slugs.slugify(case: lower)}`, unless toc's slugify is written."""
    if "slugify" in written_extension_options(raw, "toc"):
        return
    try:
        from pymdownx.slugs import slugify
    except ImportError:  # pymdown-extensions comes with Material; without it, MkDocs' default
        return
    config.mdx_configs.setdefault("toc", {})["slugify"] = slugify(case="lower")
    if "toc" not in config.markdown_extensions:
        config.markdown_extensions.append("toc")
    log.info(say(lang, "anchors"))


def written_extension_options(raw: dict[str, Any], name: str) -> dict[str, Any]:
    """Options written for the Markdown extension `name` ({} when none)."""
    for entry in raw.get("markdown_extensions") or []:
        if isinstance(entry, dict) and name in entry:
            return entry[name] if isinstance(entry[name], dict) else {}
    return {}
