"""What the plugin says in the build log, through MkDocs' `get_plugin_logger` (each
line starts `tebiki: `): the handbook's problems, and the hosts outside the site that
built pages load from. Everything from a handbook file is shown display-safe."""

from __future__ import annotations

import logging

from mkdocs.plugins import get_plugin_logger

from ...display import display_safe
from ...i18n.messages import problem_message
from ...i18n.site import OFFLINE as OFFLINE_MESSAGE
from ...model import Handbook
from ...offline import ExternalHosts

log = get_plugin_logger(__name__)


def log_problems(handbook: Handbook, lang: str, strict_warnings: bool = False) -> None:
    """One log line per problem, `file:line:column: message [code]`. Errors use
    `log.error`, so `mkdocs build --strict` fails exactly when `tebiki check` does;
    warnings use `log.info` (shown, not counted), or `log.warning` with the option
    `strict_warnings`, like `tebiki check --strict`."""
    warning_level = logging.WARNING if strict_warnings else logging.INFO
    for p in handbook.problems:
        where = f"{p.file}:{p.line}" + (f":{p.column}" if p.column else "")
        level = logging.ERROR if p.severity == "error" else warning_level
        log.log(level, "%s: %s [%s]", display_safe(where), display_safe(problem_message(p, lang)), p.code)


def log_external_hosts(external: ExternalHosts, already_warned: tuple[str, ...], lang: str) -> None:
    """One warning per host outside the site that built pages load from (at most three
    pages named), except hosts `already_warned` about in `on_config`; then forget them."""
    text = OFFLINE_MESSAGE["ja" if lang == "ja" else "en"]
    for host, pages in sorted(external.pages.items()):
        if host in already_warned:
            continue
        shown = ", ".join(pages[:3]) + (" …" if len(pages) > 3 else "")
        log.warning(text.format(count=len(pages), host=host, pages=shown))
    external.pages.clear()
