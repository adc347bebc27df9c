"""The `tebiki` MkDocs plugin: thin hooks over `sitegen` and `render` functions.

One handbook load per build (`on_files`); pages are MkDocs generated files,
nothing is written into docs_dir. Problems are logged: errors with `log.error`,
so `mkdocs build --strict` fails exactly when `tebiki check` does; warnings at
INFO, or with `log.warning` under the option `strict_warnings` (like
`tebiki check --strict`). A plain build renders every procedure that loaded.
The defaults a handbook needs (offline theme, Japanese search, menu features) are
applied in `on_config` by `sitedefaults`; `offline` checks every built page.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from . import sitedefaults, sitegen
from ...cannotrun import CannotRun
from .config import TebikiConfig
from ...offline import ExternalHosts
from ...settings import raw_config
from ...today import judging_day
from ...diagrams import TIME_LIMIT, DiagramRenderer
from ...display import display_safe
from ...render.labels import Labels
from ...render.figures import Figures
from ...render.links import SiteLinks, Urls
from ...render.blocks import RenderContext, fill_blocks
from ...render.pages import all_pages
from ...render.safe import DescriptionRenderer
from ...risk import ScenarioError, checked_scenarios
from ...settings import location_errors
from ...search_index import normalise_site_index

log = get_plugin_logger(__name__)

OFFLINE_MESSAGE = {
    "en": "{count} built page(s) refer to {host}, a host outside the site ({pages}): on an intranet "
          "without internet they wait for it; remove what adds it (theme, extra_css, extra_javascript, "
          "analytics) or set the tebiki option offline: false",
    "ja": "作られたページのうち {count} ページが、サイトの外のホスト {host} を参照しています({pages})。"
          "インターネットのない社内網では表示が待たされます。追加している設定(theme, extra_css, "
          "extra_javascript, analytics)を外すか、承知のうえなら tebiki の offline: false を指定してください",
}


class TebikiPlugin(BasePlugin[TebikiConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        self.root = Path(".")
        self.lang = "ja"
        self.external = ExternalHosts()
        self.warned_hosts: tuple[str, ...] = ()
        self.plan: sitegen.NavPlan | None = None
        self.blocks: dict[str, tuple[str, ...]] = {}
        self.figures = Figures()
        self.diagrams: DiagramRenderer | None = None

    # before the search plugin's own on_config, which fills in its separator and builds its index
    @event_priority(100)
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        if not self.config.enabled:
            return None
        self.root = Path(config.config_file_path or ".").resolve().parent
        theme_language = config.theme["language"] if "language" in config.theme else None
        self.lang = sitegen.site_language(self.config.language, theme_language)
        raw = raw_config(config.config_file_path)
        if self.config.offline:
            self.warned_hosts = sitedefaults.offline_theme(config, raw, self.lang)
            site_host = urlsplit(config.site_url or "").hostname
            self.external = ExternalHosts(frozenset({site_host.lower()} if site_host else ()))
        sitedefaults.japanese_search(config, raw, self.lang, (theme_language, self.config.language))
        sitedefaults.handbook_features(config, raw, self.lang)
        sitedefaults.readable_anchors(config, raw, self.lang)
        errors = location_errors(self.root, self.config.procedures, self.config.cache_dir, config.docs_dir)
        if errors:
            en, ja = errors[0]
            raise PluginError(display_safe(f"tebiki: {config.config_file_path}: {ja if self.lang == 'ja' else en}"))
        if sitegen.CSS_URI not in config.extra_css:
            config.extra_css.append(sitegen.CSS_URI)
        if sitegen.JS_URI not in [str(s) for s in config.extra_javascript]:
            config.extra_javascript.append(sitegen.JS_URI)
        return config

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files | None:
        if not self.config.enabled:
            return None
        from ...core import HandbookError, PolicyError, build_handbook

        try:
            handbook = build_handbook(
                self.root, self.config.procedures, policy=self.config.policy,
                review_interval_months=self.config.review_interval_months,
                today=judging_day(option=self.config.today),
                handover_days=self.config.handover_days,
                working_days=self.config.working_days,
            )
        except (HandbookError, PolicyError, CannotRun) as e:
            raise PluginError(display_safe(f"tebiki: {e.message(self.lang)}")) from None
        try:
            scenarios = tuple(checked_scenarios(self.config.scenarios, handbook.org)
                              if handbook.ownership_known else ())
        except ScenarioError as e:
            raise PluginError(display_safe(f"tebiki: plugin option 'scenarios': {e.message(self.lang)}")) from None
        sitegen.log_problems(handbook, self.lang, self.config.strict_warnings)
        labels = Labels(self.lang)
        self.diagrams = DiagramRenderer(self.root / self.config.cache_dir, self.lang, time_limit=TIME_LIMIT,
                                        departments={d.id: d.name for d in handbook.org.departments.values()})
        self.figures = Figures(self.diagrams, mode="deferred", zoom_label=labels["figure.zoom"])
        descriptions = DescriptionRenderer(self.root / self.config.cache_dir / "descriptions.json")
        ctx = RenderContext(
            handbook, labels, links=SiteLinks(config.use_directory_urls), figures=self.figures,
            urls=Urls(home=sitegen.home_uri(files)), descriptions=descriptions, site_title=config.site_name,
            working_days=self.config.working_days, show_workload=self.config.workload,
            scenarios=scenarios,
        )
        pages = all_pages(ctx)
        descriptions.save()
        # Diagrams missing from the cache render in a worker process while MkDocs
        # renders the pages on this one; each page then takes its finished SVG.
        self.diagrams.prepare(self.figures.flow_jobs, self.figures.map_jobs, workers=max(1, (os.cpu_count() or 2) - 1))
        sitegen.add_generated_files(config, files, pages, self.root)
        self.blocks = {p.src_uri: p.text.blocks for p in pages}
        self.plan = sitegen.NavPlan.from_pages(pages, handbook, labels["people.title"], labels["procedures"])
        return files

    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation | None:
        if not self.config.enabled or self.plan is None:
            return None
        return sitegen.arrange_nav(nav, self.plan, files, Labels(self.lang)["home.nav"])

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        if not self.config.enabled or page.file.src_uri not in self.blocks:
            return None
        return fill_blocks(html, self.blocks.pop(page.file.src_uri))

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str | None:
        if not self.config.enabled:
            return None
        output = self.figures.resolve(output)
        sitegen.write_standalone_figures(page, self.figures.standalone.pop(page.file.src_uri, {}))
        if self.config.offline:
            self.external.scan(output, page.file.dest_uri)
        return output

    def on_post_template(self, output_content: str, *, template_name: str, config: MkDocsConfig) -> str | None:
        if self.config.enabled and self.config.offline:  # 404.html, sitemap
            self.external.scan(output_content, template_name)
        return None

    @event_priority(-100)  # after the search plugin wrote its index
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if self.config.enabled:
            normalise_site_index(Path(config.site_dir))
        if self.diagrams is not None:
            self.diagrams.close()
            self.diagrams.prune_cache()
        if self.config.enabled and self.config.offline:
            self.report_external_hosts()

    def report_external_hosts(self) -> None:
        """One warning per host outside the site that built pages load from."""
        text = OFFLINE_MESSAGE["ja" if self.lang == "ja" else "en"]
        for host, pages in sorted(self.external.pages.items()):
            if host in self.warned_hosts:
                continue
            shown = ", ".join(pages[:3]) + (" …" if len(pages) > 3 else "")
            log.warning(text.format(count=len(pages), host=host, pages=shown))
        self.external.pages.clear()

    def on_build_error(self, *, error: Exception) -> None:
        if self.diagrams is not None:
            self.diagrams.kill()

    def on_serve(self, server: LiveReloadServer, *, config: MkDocsConfig, builder: Any) -> LiveReloadServer | None:
        if not self.config.enabled:
            return None
        # Rebuild when a procedure file changes; the diagram cache lives elsewhere
        # (cache_dir) and is deliberately not watched.
        server.watch(str(self.root / self.config.procedures))
        return server
