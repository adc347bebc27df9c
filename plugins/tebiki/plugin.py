"""The `tebiki` MkDocs plugin: thin hooks over `sitegen` and `render` functions.

One handbook load per build (`on_files`); pages are MkDocs generated files,
nothing is written into docs_dir. Problems are logged (errors with
`log.error`, warnings with `log.warning`), so `mkdocs build --strict` fails on
any of them while a plain build renders every procedure that loaded.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from . import sitegen
from .config import TebikiConfig
from .diagrams import DiagramRenderer
from .render.labels import Labels
from .render.figures import Figures
from .render.links import SiteLinks, Urls
from .render.blocks import RenderContext, fill_blocks
from .render.pages import all_pages
from .render.safe import DescriptionRenderer

log = logging.getLogger(f"mkdocs.plugins.{__name__}")


class TebikiPlugin(BasePlugin[TebikiConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        self.root = Path(".")
        self.lang = "ja"
        self.edit_base: str | None = None
        self.edit_files: dict[str, str | None] = {}
        self.plan: sitegen.NavPlan | None = None
        self.blocks: dict[str, tuple[str, ...]] = {}
        self.figures = Figures()
        self.diagrams: DiagramRenderer | None = None

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        if not self.config.enabled:
            return None
        self.root = Path(config.config_file_path or ".").resolve().parent
        theme_language = config.theme["language"] if "language" in config.theme else None
        self.lang = sitegen.site_language(self.config.language, theme_language)
        docs_rel = Path(config.docs_dir).resolve()
        try:
            docs_rel_text = docs_rel.relative_to(self.root).as_posix()
        except ValueError:
            docs_rel_text = "docs"
        self.edit_base = sitegen.edit_base(config.repo_url, self.config.edit_uri, config.edit_uri, docs_rel_text)
        if sitegen.CSS_URI not in config.extra_css:
            config.extra_css.append(sitegen.CSS_URI)
        return config

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files | None:
        if not self.config.enabled:
            return None
        from .core import HandbookError, PolicyError, build_handbook

        try:
            handbook = build_handbook(
                self.root, self.config.procedures, policy=self.config.policy,
                review_interval_months=self.config.review_interval_months,
            )
        except (HandbookError, PolicyError) as e:
            raise PluginError(f"tebiki: cannot read the handbook: {e}") from None
        sitegen.log_problems(handbook, self.lang)
        labels = Labels(self.lang)
        self.diagrams = DiagramRenderer(self.root / self.config.cache_dir, self.lang)
        self.figures = Figures(self.diagrams, mode="deferred")
        descriptions = DescriptionRenderer(self.root / self.config.cache_dir / "descriptions.json")
        ctx = RenderContext(
            handbook, labels, links=SiteLinks(config.use_directory_urls), figures=self.figures,
            urls=Urls(home=sitegen.home_uri(files)), descriptions=descriptions, site_title=config.site_name,
        )
        pages = all_pages(ctx)
        descriptions.save()
        # Diagrams missing from the cache render in a worker process while MkDocs
        # renders the pages on this one; each page then takes its finished SVG.
        self.diagrams.prepare(self.figures.flow_jobs, self.figures.map_jobs, workers=max(1, (os.cpu_count() or 2) - 1))
        sitegen.add_generated_files(config, files, pages)
        self.edit_files = {p.src_uri: p.edit_file for p in pages}
        self.blocks = {p.src_uri: p.text.blocks for p in pages}
        self.plan = sitegen.NavPlan.from_pages(pages, handbook, labels["people.title"], labels["procedures"])
        return files

    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation | None:
        if not self.config.enabled or self.plan is None:
            return None
        return sitegen.arrange_nav(nav, self.plan, files)

    def on_pre_page(self, page: Page, *, config: MkDocsConfig, files: Files) -> Page | None:
        if not self.config.enabled or page.file.src_uri not in self.edit_files:
            return None
        page.edit_url = sitegen.edit_url(self.edit_base, self.edit_files[page.file.src_uri])
        return page

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        if not self.config.enabled or page.file.src_uri not in self.blocks:
            return None
        return fill_blocks(html, self.blocks.pop(page.file.src_uri))

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str | None:
        if not self.config.enabled:
            return None
        return self.figures.resolve(output)

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if self.diagrams is not None:
            self.diagrams.close()
            self.diagrams.prune_cache()

    def on_build_error(self, *, error: Exception) -> None:
        if self.diagrams is not None:
            self.diagrams.close()

    def on_serve(self, server: LiveReloadServer, *, config: MkDocsConfig, builder: Any) -> LiveReloadServer | None:
        if not self.config.enabled:
            return None
        # Rebuild when a procedure file changes; the diagram cache lives elsewhere
        # (cache_dir) and is deliberately not watched.
        server.watch(str(self.root / self.config.procedures))
        return server
