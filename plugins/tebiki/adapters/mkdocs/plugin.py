"""The `tebiki` plugin for MkDocs and ProperDocs (`plugins: - tebiki`): thin hooks.

Each hook hands its event to the one `SiteBuild` of the build (build.py), which
keeps all the state; with `enabled: false` there is none and every hook does nothing.
Problems are logged: errors with `log.error`, so `mkdocs build --strict` fails
exactly when `tebiki check` does; warnings at INFO, or as warnings with the option
`strict_warnings` (like `tebiki check --strict`). Under `mkdocs serve` the plugin
outlives each build (`on_startup`) and its `Rebuilds` reuses the unchanged pages of
the previous build (rebuilds.py).
"""

from __future__ import annotations

from typing import Any, Literal

import jinja2
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from .build import SiteBuild
from .config import TebikiConfig
from .rebuilds import Rebuilds


class TebikiPlugin(BasePlugin[TebikiConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        self.build: SiteBuild | None = None
        self.rebuilds = Rebuilds()  # idle but under `mkdocs serve`
        self.dirty = False

    def on_startup(self, *, command: Literal["build", "gh-deploy", "serve"], dirty: bool) -> None:
        self.rebuilds.start(command)
        self.dirty = dirty

    def on_shutdown(self) -> None:
        self.rebuilds.stop()

    # before the search plugin's own on_config, which fills in its separator and builds its index
    @event_priority(100)
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        self.build = SiteBuild.configure(self.config, config) if self.config.enabled else None
        if self.build:
            self.build.parsed, self.build.memo = self.rebuilds.parsed, self.rebuilds.memo
            self.build.flow_keys, self.build.pool = self.rebuilds.flow_keys, self.rebuilds.lend()
            self.rebuilds.compile_once(config)
        return config if self.build else None

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        self.rebuilds.empty_site(config, self.dirty)

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files | None:
        if not self.build:
            return None
        self.rebuilds.premake()
        files = self.build.add_pages(files, config)
        self.rebuilds.note_pages(config, files, self.build.pages, self.build.figures, self)
        return files

    def _on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation | None:
        return self.build.arrange(nav, files) if self.build else None

    @event_priority(-100)  # the menu as every plugin left it
    def _nav_built(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> None:
        self.rebuilds.set_nav(nav)

    on_nav = CombinedEvent(_on_nav, _nav_built)

    def on_pre_page(self, page: Page, *, config: MkDocsConfig, files: Files) -> Page | None:
        if not self.rebuilds.read(page) and self.build:  # a page known from the last build needs no renderer
            self.build.pre_page(page, config)
        return page

    @event_priority(100)  # what Markdown made, before anyone changes it
    def _converted(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> None:
        self.rebuilds.converted_now(page)

    def _on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        return self.build.fill(html, page) if self.build else None

    @event_priority(-100)  # after every plugin's on_page_content: the page's HTML is final
    def _pack(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        return self.build.pack(html, page) if self.build else None

    on_page_content = CombinedEvent(_converted, _on_page_content, _pack)

    def _on_env(self, env: jinja2.Environment, *, config: MkDocsConfig, files: Files) -> None:
        self.rebuilds.choose(env, config, files)

    @event_priority(-100)  # the last: every page read, the menu and the theme final (split.py)
    def _split(self, env: jinja2.Environment, *, config: MkDocsConfig, files: Files) -> jinja2.Environment | None:
        sequential = "mkdocs serve" if self.rebuilds.serving else "--dirty" if self.dirty else ""
        return self.build.split.fork(self.build, env, config, files, self.rebuilds.nav, sequential) \
            if self.build else None

    on_env = CombinedEvent(_on_env, _split)

    @event_priority(110)  # the page's HTML back (packed.py) before any plugin's on_page_context sees the page
    def _unpack(self, context: Any, *, page: Page, config: MkDocsConfig, nav: Navigation) -> None:
        if self.build:
            self.build.unpack(page)

    @event_priority(100)  # before anyone indexes the page
    def _before_search(self, context: Any, *, page: Page, config: MkDocsConfig, nav: Navigation) -> None:
        self.rebuilds.before_search(page)

    @event_priority(50)  # before the search plugin's, which then skips the pages tebiki indexed
    def _index_page(self, context: Any, *, page: Page, config: MkDocsConfig, nav: Navigation) -> None:
        if self.build:
            self.build.index_page(page)

    @event_priority(-100)  # after the page is indexed
    def _after_search(self, context: Any, *, page: Page, config: MkDocsConfig, nav: Navigation) -> None:
        self.rebuilds.after_search(page)

    on_page_context = CombinedEvent(_unpack, _before_search, _index_page, _after_search)

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str | None:
        if not self.build:
            return None
        if self.build.split.skips(page):  # built by the second process (split.py): nothing written here
            return ""
        reused = self.rebuilds.reused_output(page)
        if reused is not None:
            figures = self.rebuilds.unlinked(page, reused.figures)
            output = self.build.page_extras(reused.html, page, figures, reused.external_urls)
            return "" if self.rebuilds.link_output(page) else output  # "": MkDocs writes nothing
        output = self.build.finish_page(output, page)
        self.rebuilds.keep(page, output, self.build.page_figures, self.build.page_urls)
        return output

    def on_post_template(self, output_content: str, *, template_name: str, config: MkDocsConfig) -> str | None:
        if self.build:  # 404.html, sitemap
            self.build.scan(output_content, template_name)
        return None

    @event_priority(100)  # before the search plugin writes its index
    def _settle_search(self, *, config: MkDocsConfig) -> None:
        if self.build:
            self.build.settle_search()

    @event_priority(50)  # after the documents are settled, before the search plugin writes its index
    def _before_index(self, *, config: MkDocsConfig) -> None:
        if self.build:
            self.build.before_index()

    @event_priority(-100)  # after the search plugin wrote its index
    def _post_build(self, *, config: MkDocsConfig) -> None:
        if self.build:
            self.build.finish(config)
        self.rebuilds.end()

    on_post_build = CombinedEvent(_settle_search, _before_index, _post_build)

    def on_build_error(self, *, error: Exception) -> None:
        self.rebuilds.failed()
        if self.build:
            self.build.abort()

    def on_serve(self, server: LiveReloadServer, *, config: MkDocsConfig, builder: Any) -> LiveReloadServer | None:
        if not self.build:
            return None
        server.watch(str(self.build.watched()))  # rebuild when a procedure file changes
        return server
