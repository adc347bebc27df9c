"""What one `mkdocs serve` keeps from one build to the next, so that a saved YAML
file reaches the browser in seconds instead of a full build.

MkDocs rebuilds a served site from nothing on every change: a new config, an emptied
site folder, every page through Markdown and the theme's templates, the search
plugin parsing every page. tebiki's plugin lives across those builds (it has
`on_startup`), and so does one `Rebuilds`, active only under `mkdocs serve`:

* the old site is moved into a hidden folder that a thread deletes (`sitedir`);
* a handbook page whose text and Markdown settings are unchanged is not converted
  again: `ReusedPage` gives back what Markdown made of it (HTML, toc, title);
* a handbook page whose text, figures (their diagrams' cache keys), edit link, the
  menu and list of pages, the configuration, the theme and the versions are all
  unchanged (`site_keys`) goes through a one-line template giving its previous final
  HTML, with its search entries and 「図を拡大」 files, skipping the theme and the
  search plugin's parsing; its file (same bytes) is hard-linked from the previous site
  instead of written again.

Everything a page shows is in one of those keys, so the site is byte for byte what a
clean build of the same files gives. Only handbook pages are reused, only when no
plugin but tebiki and the search plugin acts on pages, and only pages whose figures
were all drawn; a failed build forgets everything. `mkdocs build` uses none of it.
"""

from __future__ import annotations

import copy
import logging
import os
from concurrent.futures import ProcessPoolExecutor
import re
from pathlib import Path
from dataclasses import dataclass, field
import subprocess
from typing import Any, MutableMapping, Sequence

import jinja2
from mkdocs.commands import build as mkdocs_build
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import TableOfContents

from ...diagrams.renderer import FlowKeys
from ...diagrams.workers import start_pool, stop_pool
from ...loader import ParsedFiles
from ...offline import external_urls
from ...render.context import RenderedPage
from ...render.figures import Figures
from ...render.page_memo import PageMemo
from .build import diagram_workers
from .heap import IdleCollector
from .sitedir import delete_later, link_back, make_folders, move_aside, remove_empty
from .site_keys import Unkeyable, config_key, digest, markdown_key, nav_key

log = logging.getLogger(f"mkdocs.plugins.{__name__}")

REUSE_TEMPLATE = "tebiki-reused-page.html"
"""The one-line template of a page written from its previous output: the output itself."""
PAGE_EVENTS = ("pre_page", "page_read_source", "page_markdown", "page_content", "page_context", "post_page")
FILE_READING_EXTENSIONS = ("pymdownx.snippets", "markdown_include", "include")
"""Markdown extensions that read other files: their pages' Markdown is always converted."""
_FIGURE_SLOT = re.compile(r'data-tebiki-figure="([0-9a-f]+-[0-9]+)"')


@dataclass
class Converted:
    """What Markdown made of a page (after on_page_markdown, before on_page_content)."""

    key: str
    markdown: str
    meta: MutableMapping[str, Any]
    content: str
    toc: TableOfContents
    title: str | None
    anchors: set[str]


@dataclass
class Output:
    """A page's final HTML, its search entries and its 「図を拡大」 files."""

    key: str
    html: str
    search: list[dict]
    figures: dict[str, str]
    urls: list[str] | None = None  # the hosts-outside-the-site scan of `html`, once made

    def external_urls(self) -> list[str]:
        if self.urls is None:
            self.urls = external_urls(self.html)
        return self.urls


class CompiledTemplates(jinja2.BytecodeCache):
    """The theme's templates compiled once per `mkdocs serve`, not once per build (each
    build has a new Jinja environment). Jinja checks each entry against the template's
    source, so an edited template is compiled again."""

    def __init__(self) -> None:
        self.codes: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        code = self.codes.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.codes[bucket.key] = bucket.bytecode_to_string()


class ReusedPage(Page):
    """A handbook page whose Markdown conversion is known from the previous build."""

    converted: Converted

    def read_source(self, config: MkDocsConfig) -> None:
        self.markdown, self.meta = self.converted.markdown, dict(self.converted.meta)

    def render(self, config: MkDocsConfig, files: Files) -> None:
        c = self.converted
        self.content, self.toc, self._title_from_render = c.content, c.toc, c.title
        self.present_anchor_ids = set(c.anchors)


@dataclass
class Rebuilds:
    """The outputs of the previous build of one `mkdocs serve`, and this build's use of them."""

    serving: bool = False
    parsed: ParsedFiles | None = None  # procedure files parsed by earlier builds (loader)
    memo: PageMemo | None = None  # pages made by the previous build (render/page_memo)
    flow_keys: FlowKeys | None = None  # the flow keys of the previous build (diagrams/renderer)
    pool: ProcessPoolExecutor | None = None
    """Diagram workers forked when `mkdocs serve` starts (no thread runs yet, no handbook is
    loaded) and lent to each build: a rebuild runs beside the server's threads, where
    forking is unsafe, so without them its diagrams would be drawn on the build's own core."""
    heap: IdleCollector | None = None  # full garbage collections while the server is idle (heap.py)
    converted: dict[str, Converted] = field(default_factory=dict)
    outputs: dict[str, Output] = field(default_factory=dict)
    # this build
    sources: dict[str, str] = field(default_factory=dict)  # src_uri -> key of the page's own text and figures
    usable: bool = False
    md_key: str = ""
    nav: Navigation | None = None
    entries: list | None = None  # the search plugin's list of entries, appended page by page
    reused: dict[str, Output] = field(default_factory=dict)
    fresh: dict[str, str] = field(default_factory=dict)  # src_uri -> full key, for pages built afresh
    searched: dict[str, list[dict]] = field(default_factory=dict)
    _seen: int = 0
    _hidden_meta: dict[str, MutableMapping[str, Any]] = field(default_factory=dict)
    _cleaners: list[subprocess.Popen[bytes]] = field(default_factory=list)
    _text_keys: dict[str, tuple[RenderedPage, str, dict[str, None]]] = field(default_factory=dict)
    _md_keys: dict[str, str | None] = field(default_factory=dict)  # this build's, by src_uri
    _source_keys: dict[str, tuple[tuple, str]] = field(default_factory=dict)  # src_uri -> (inputs, `sources` key)
    skipped: "_SkippedPages" = field(default_factory=lambda: _SkippedPages())
    _folders: set[str] = field(default_factory=set)  # folders of the site made by this build (relative)
    page_folders: set[str] = field(default_factory=set)  # the last build's handbook page folders (relative)
    _folders_next: set[str] = field(default_factory=set)  # this build's
    _premade: tuple[subprocess.Popen[bytes], set[str]] | None = None  # `make_folders` of this build, and what
    _premade_done: bool = False
    templates: CompiledTemplates = field(default_factory=CompiledTemplates)
    old_site: Path | None = None  # the previous build's files, moved aside
    last: tuple[frozenset[str], frozenset[str]] = (frozenset(), frozenset())
    """The last build's handbook pages written from the build before, and built afresh (src_uri)."""
    site_dir: str = ""

    def start(self, command: str) -> None:
        self.serving = command == "serve"
        self.parsed, self.memo = (ParsedFiles(), PageMemo()) if self.serving else (None, None)
        self.flow_keys = {} if self.serving else None
        if self.serving:
            self.pool, self.heap = start_pool(diagram_workers()), IdleCollector()

    def stop(self) -> None:
        """End of `mkdocs serve`: wait for the old sites' deletion, forget everything."""
        self.forget()
        for cleaner in self._cleaners:
            try:
                cleaner.wait(timeout=60)
            except subprocess.TimeoutExpired:
                cleaner.kill()
        self._cleaners.clear()
        if self.pool is not None:
            stop_pool(self.pool)
        if self.heap is not None:
            self.heap.stop()
        self.serving, self.parsed, self.memo, self.flow_keys, self.pool, self.heap = False, None, None, None, None, None

    def lend(self) -> ProcessPoolExecutor | None:
        """on_config: the diagram workers for this build (`pool`), unless an earlier build
        stopped them (a diagram out of time, a failed build); a build starts (`heap`)."""
        if self.heap is not None:
            self.heap.build_starts()
        if self.pool is not None and (getattr(self.pool, "_broken", False)
                                      or getattr(self.pool, "_shutdown_thread", False)):
            self.pool = None
        return self.pool

    def compile_once(self, config: MkDocsConfig) -> None:
        """on_config: every Jinja environment of this build's theme (MkDocs' own, and those
        plugins make in on_config, e.g. Material's search translating its words) keeps its
        compiled templates in `templates` (~0.3 s of every rebuild compiled Material's
        language partials again)."""
        if not self.serving:
            return
        theme, templates = config.theme, self.templates
        make_env = theme.get_env

        def get_env() -> jinja2.Environment:
            env = make_env()
            env.bytecode_cache = templates
            return env

        theme.get_env = get_env  # type: ignore[method-assign]

    def failed(self) -> None:
        """on_build_error: forget everything the previous builds left."""
        self.forget()
        if self.heap is not None:
            self.heap.build_ends()

    def forget(self) -> None:
        self.converted.clear()
        self.outputs.clear()
        self._text_keys.clear()
        self._source_keys.clear()
        self._reset()

    def _reset(self) -> None:
        if self.old_site is not None:
            self._cleaners = [c for c in self._cleaners if c.poll() is None] + [delete_later(self.old_site)]
            self.old_site = None
        self.sources, self.usable, self.nav, self.entries = {}, False, None, None
        self.reused, self.fresh, self.searched, self._hidden_meta, self._seen = {}, {}, {}, {}, 0
        self.skipped.uris.clear()
        _BUILD_LOG.removeFilter(self.skipped)
        self._folders, self._md_keys, self._folders_next = set(), {}, set()
        if self._premade is not None:  # a failed build: its folders go with the next build's clean
            _reap(self._premade[0])
            self._premade, self._premade_done = None, False

    # --- before the pages -------------------------------------------------------------------------

    def empty_site(self, config: MkDocsConfig, dirty: bool) -> None:
        """on_pre_build: the previous site out of the way at once (MkDocs' clean of
        thousands of files would take seconds)."""
        self._reset()
        if self.serving and not dirty:
            self.site_dir, self.old_site = config.site_dir, move_aside(config.site_dir)

    def premake(self) -> None:
        """on_files, before the handbook is loaded (MkDocs' clean is done): the folders of
        the last build's handbook pages made meanwhile in another process (`make_folders`),
        so linking a kept page back makes none."""
        if self.serving and self.old_site is not None and self.page_folders:
            process = make_folders(self.site_dir, self.page_folders)
            if process is not None:
                self._premade, self._premade_done = (process, set(self.page_folders)), False

    def note_pages(self, config: MkDocsConfig, files: Files, pages: Sequence[RenderedPage], figures: Figures,
                   ours: BasePlugin) -> None:
        """on_files, after the pages were made: the key of each page's own text and figures."""
        if not self.serving:
            return
        self.usable = self._can_reuse(config, ours)
        try:
            self.md_key = markdown_key(config) if self.usable else ""
        except Unkeyable as e:
            log.debug("tebiki: pages are built afresh: %s", e)
            self.usable = False
        if not self.usable:
            self.forget()
            return
        for page in pages:
            file = files.get_file_from_path(page.src_uri)
            if file is None:
                continue
            self._folders_next.add(os.path.dirname(file.dest_path))
            if page.src_uri in figures.failed:
                continue
            text, tokens = self._text_key(page)
            if not tokens.keys() <= figures.keys.keys():
                continue
            inputs = (page.kind, page.src_uri, file.dest_uri, file.url, file.edit_uri, str(file.inclusion), text,
                      [figures.keys[t] for t in tokens])
            known = self._source_keys.get(page.src_uri)
            if known is None or known[0] != inputs:  # compared by value: hashed only when one differs
                known = self._source_keys[page.src_uri] = (inputs, digest(*inputs))
            self.sources[page.src_uri] = known[1]
        self._text_keys = {uri: self._text_keys[uri] for uri in self.sources if uri in self._text_keys}
        self._source_keys = {uri: self._source_keys[uri] for uri in self.sources}

    def _text_key(self, page: RenderedPage) -> tuple[str, dict[str, None]]:
        """The digest of a page's text and its figures' slot tokens, found once per page
        object (pages kept by the page memo are the same objects build after build)."""
        known = self._text_keys.get(page.src_uri)
        if known is None or known[0] is not page:
            tokens = dict.fromkeys(_FIGURE_SLOT.findall("".join(page.text.blocks)))
            known = self._text_keys[page.src_uri] = (page, digest(page.text.site_markdown, page.text.blocks), tokens)
        return known[1], known[2]

    def _can_reuse(self, config: MkDocsConfig, ours: BasePlugin) -> bool:
        """No plugin but tebiki and search acts on pages, the search plugin's entries can
        be read, and no Markdown extension reads other files."""
        search = _search_plugin(config)
        for event in PAGE_EVENTS:
            for method in config.plugins.events.get(event, []):
                owner = getattr(method, "__self__", None)
                func = getattr(method, "__func__", None)
                if owner is ours or (owner is search and search is not None):
                    continue
                if func is not None and func is getattr(BasePlugin, f"on_{event}", None):
                    continue  # the do-nothing default
                log.debug("tebiki: pages are built afresh on every change: a plugin acts on pages (%s)", owner)
                return False
        if search is not None and _entries_of(search) is None:
            return False
        names = [str(e) for e in config.markdown_extensions]
        return not any(n.endswith(FILE_READING_EXTENSIONS) for n in names)

    # --- Markdown ---------------------------------------------------------------------------------

    def _md_key(self, page: Page) -> str | None:
        uri = page.file.src_uri
        if uri not in self._md_keys:
            source = self.sources.get(uri)
            self._md_keys[uri] = None if source is None else digest(self.md_key, source)
        return self._md_keys[uri]

    def read(self, page: Page) -> bool:
        """on_pre_page: a page whose Markdown is known becomes a `ReusedPage` (True)."""
        key = self._md_key(page) if self.usable else None
        known = self.converted.get(page.file.src_uri)
        if key is not None and known is not None and known.key == key and type(page) is Page:
            page.__class__ = ReusedPage
            page.converted = known  # type: ignore[attr-defined]
            return True
        return False

    def converted_now(self, page: Page) -> None:
        """on_page_content, before any other handler: keep what Markdown made of the page."""
        key = self._md_key(page) if self.usable else None
        if key is None or isinstance(page, ReusedPage) or page.links_to_anchors:
            return
        assert page.markdown is not None and page.content is not None
        self.converted[page.file.src_uri] = Converted(key, page.markdown, copy.deepcopy(page.meta), page.content,
                                                      page.toc, page._title_from_render,
                                                      set(page.present_anchor_ids or ()))

    # --- the theme --------------------------------------------------------------------------------

    def set_nav(self, nav: Navigation) -> None:
        """on_nav, after every plugin: the menu the pages are built with."""
        self.nav = nav

    def choose(self, env: jinja2.Environment, config: MkDocsConfig, files: Files) -> None:
        """on_env (every page read, titles known): which pages are written from their
        previous output; the others are kept for the next build."""
        if self.serving and env.bytecode_cache is None:
            env.bytecode_cache = self.templates
        if not (self.usable and self.sources and self.nav is not None):
            return
        try:
            site = digest(config_key(config), nav_key(self.nav, files))
        except Unkeyable as e:
            log.debug("tebiki: pages are built afresh: %s", e)
            self.forget()
            return
        search = _search_plugin(config)
        self.entries = _entries_of(search) if search is not None else None
        for uri, source in self.sources.items():
            file = files.get_file_from_path(uri)
            if file is None or file.page is None:
                continue
            key = digest(site, source, self._md_key(file.page))
            old = self.outputs.get(uri)
            if old is not None and old.key == key:
                self.reused[uri] = old
                file.page.meta["template"] = REUSE_TEMPLATE
            else:
                self.fresh[uri] = key
        if self.reused:
            _BUILD_LOG.addFilter(self.skipped)
            env.loader = jinja2.ChoiceLoader([jinja2.DictLoader({REUSE_TEMPLATE: "{{ page.content }}"}),
                                              env.loader or jinja2.DictLoader({})])

    def before_search(self, page: Page) -> None:
        """on_page_context, before the search plugin: a reused page gives it nothing to parse."""
        uri = page.file.src_uri
        if uri in self.reused:
            self._hidden_meta[uri] = page.meta
            page.meta = {**page.meta, "search": {"exclude": True}}
            page.content = ""
        elif self.entries is not None:
            self._seen = len(self.entries)

    def after_search(self, page: Page) -> None:
        """on_page_context, after the search plugin: a reused page's output and search
        entries; a fresh page's entries are noted."""
        uri = page.file.src_uri
        old = self.reused.get(uri)
        if old is not None:
            page.meta = self._hidden_meta.pop(uri)
            page.content = old.html
            if self.entries is not None:
                self.entries.extend(old.search)
        elif uri in self.fresh and self.entries is not None:
            self.searched[uri] = self.entries[self._seen:]

    def reused_output(self, page: Page) -> Output | None:
        return self.reused.get(page.file.src_uri)

    def unlinked(self, page: Page, figures: dict[str, str]) -> dict[str, str]:
        """A reused page's 「図を拡大」 files linked back from the previous site; those
        that could not be (to be written)."""
        if self.old_site is None or not figures:
            return figures
        folder = self._folder(page)
        return {name: svg for name, svg in figures.items()
                if not link_back(self.old_site, self.site_dir, os.path.join(folder, name))}

    def _folder(self, page: Page) -> str:
        """The page's folder in the site (relative), made once per build."""
        folder = os.path.dirname(page.file.dest_path)
        if folder not in self._folders:
            if not (self._premade is not None and folder in self._premade[1] and self._premade_made()):
                os.makedirs(os.path.join(self.site_dir, folder), exist_ok=True)
            self._folders.add(folder)
        return folder

    def _premade_made(self) -> bool:
        """`premake`'s folders are all there (its process ended well)."""
        if not self._premade_done and self._premade is not None:
            self._premade_done = self._premade[0].poll() == 0
        return self._premade_done

    def link_output(self, page: Page) -> bool:
        """A reused page's HTML file hard-linked back from the previous site, which wrote
        the same output (its key is equal), instead of written again (~70 KB a page): True
        when linked; MkDocs then skips the page's empty output, and the line it logs about
        it is dropped (`_SkippedPages`)."""
        if self.old_site is None:
            return False
        self._folder(page)
        if not link_back(self.old_site, self.site_dir, page.file.dest_path):
            return False
        self.skipped.uris.add(page.file.src_uri)
        return True

    def keep(self, page: Page, output: str, figures: dict[str, str], urls: list[str] | None = None) -> None:
        """on_post_page of a page built afresh: its final output, for the next build (with
        its `external_urls` when the build scanned it: the same output, the same URLs)."""
        uri = page.file.src_uri
        key = self.fresh.get(uri)
        if key is not None:
            self.outputs[uri] = Output(key, output, self.searched.pop(uri, []), dict(figures), urls)

    def end(self) -> None:
        """on_post_build: forget the pages this build did not have."""
        if not self.serving:
            return
        if self.heap is not None:
            self.heap.build_ends()
        if self._premade is not None:  # folders made for pages this build no longer has
            _reap(self._premade[0])
            remove_empty(self.site_dir, self._premade[1] - self._folders_next)
            self._premade = None
        self.page_folders = self._folders_next
        self.last = (frozenset(self.reused), frozenset(self.fresh))
        log.debug("tebiki: %d handbook pages written from the previous build, %d built afresh",
                  len(self.reused), len(self.fresh))
        current = self.sources.keys()
        for cache in (self.converted, self.outputs):
            for uri in [u for u in cache if u not in current]:
                del cache[uri]
        self._reset()


_BUILD_LOG = logging.getLogger(getattr(mkdocs_build, "__name__", "mkdocs.commands.build"))
"""The logger of the engine's build module (ProperDocs serves `mkdocs.*` from `properdocs.*`)."""


class _SkippedPages(logging.Filter):
    """Drops MkDocs' "Page skipped" line of the pages whose file was linked (`link_output`),
    and no other line."""

    def __init__(self) -> None:
        super().__init__()
        self.uris: set[str] = set()

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if not message.startswith("Page skipped: '") or not message.endswith("'. Generated empty output."):
            return True
        return message[len("Page skipped: '"):-len("'. Generated empty output.")] not in self.uris


def _reap(process: subprocess.Popen[bytes]) -> None:
    """Wait for a helper process (killed after a minute)."""
    try:
        process.wait(timeout=60)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def _search_plugin(config: MkDocsConfig) -> BasePlugin | None:
    for name in ("search", "material/search"):
        if name in config.plugins:
            return config.plugins[name]
    return None


def _entries_of(search: Any) -> list | None:
    """The list the search plugin appends each page's entries to (Material's `entries`,
    MkDocs' `_entries`); None when it has another shape."""
    index = getattr(search, "search_index", None)
    for name in ("entries", "_entries"):
        found = getattr(index, name, None)
        if isinstance(found, list):
            return found
    return None
