"""The `tebiki` plugin for MkDocs and ProperDocs (`plugins: - tebiki`): thin hooks.

Each hook hands its event to the one `SiteBuild` of the build (build.py), which
keeps all the state; with `enabled: false` there is none and every hook does nothing.
Problems are logged: errors with `log.error`, so `mkdocs build --strict` fails
exactly when `tebiki check` does; warnings at INFO, or as warnings with the option
`strict_warnings` (like `tebiki check --strict`).
"""

from __future__ import annotations

from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from .build import SiteBuild
from .config import TebikiConfig


class TebikiPlugin(BasePlugin[TebikiConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        self.build: SiteBuild | None = None

    # before the search plugin's own on_config, which fills in its separator and builds its index
    @event_priority(100)
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        self.build = SiteBuild.configure(self.config, config) if self.config.enabled else None
        return config if self.build else None

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files | None:
        return self.build.add_pages(files, config) if self.build else None

    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation | None:
        return self.build.arrange(nav, files) if self.build else None

    def on_pre_page(self, page: Page, *, config: MkDocsConfig, files: Files) -> Page | None:
        if self.build:
            self.build.pre_page(page, config)
        return page

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        return self.build.fill(html, page) if self.build else None

    @event_priority(50)  # before the search plugin's, which then skips the pages tebiki indexed
    def on_page_context(self, context: Any, *, page: Page, config: MkDocsConfig, nav: Navigation) -> Any:
        if self.build:
            self.build.index_page(page)
        return None

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str | None:
        return self.build.finish_page(output, page) if self.build else None

    def on_post_template(self, output_content: str, *, template_name: str, config: MkDocsConfig) -> str | None:
        if self.build:  # 404.html, sitemap
            self.build.scan(output_content, template_name)
        return None

    @event_priority(-100)  # after the search plugin wrote its index
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if self.build:
            self.build.finish(config)

    def on_build_error(self, *, error: Exception) -> None:
        if self.build:
            self.build.abort()

    def on_serve(self, server: LiveReloadServer, *, config: MkDocsConfig, builder: Any) -> LiveReloadServer | None:
        if not self.build:
            return None
        server.watch(str(self.build.watched()))  # rebuild when a procedure file changes
        return server
