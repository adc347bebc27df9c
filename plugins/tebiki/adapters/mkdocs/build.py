"""One build of the handbook site under MkDocs or ProperDocs: the state every hook
shares lives here, and nowhere else.

    SiteBuild.configure (on_config) -> add_pages (on_files) -> arrange (on_nav)
    -> fill, finish_page (each page) -> finish (on_post_build); abort on a failed build

One handbook load per build (`add_pages`); pages are generated files, nothing is
written into docs_dir. The jobs themselves are in their own modules: the site
defaults (`sitedefaults`), generated files (`files`), edit buttons (`edit_links`),
the menu (`navigation`) and the build log (`logs`); the pages come from the same
builders every engine uses (`adapters.pages`).
"""

from __future__ import annotations

import gc
import itertools
import os
import posixpath
import subprocess
from concurrent.futures import ProcessPoolExecutor
from dataclasses import replace
from pathlib import Path
from typing import Callable, Mapping
from urllib.parse import urlsplit

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from ...cannotrun import CannotRun
from ...diagrams import TIME_LIMIT, DiagramRenderer
from ...diagrams.renderer import FlowKeys
from ...diagrams.workers import start_pool, stop_pool
from ...display import display_safe
from ...loader import ParsedFiles, collector_paused
from ...model import Handbook
from ...offline import ExternalHosts, external_urls
from ...render.context import RenderedPage
from ...render.index import by_department, page_order
from ...render.page_memo import PageMemo
from ...render.slots import PageText, fill_blocks
from ...render.figures import Figures
from ...render.zoom import ZoomFile
from ...i18n.language import decide_language
from ...render.labels import Labels
from ...render.links import SiteLinks, Urls
from ...render.descriptions_ahead import DescriptionsAhead, step_descriptions
from ...render.safe import DescriptionRenderer
from ...risk import Scenario, ScenarioError, checked_scenarios
from ...search_aside import DocumentsAside
from ...search_index import indexed_title, normalise_site_index, rewrite_site_index
from ...search_readings import CACHE_FILE as READINGS_FILE
from ...search_readings import ReadingCache
from ...search_worker import install_worker
from ...settings import location_errors, raw_config
from ...siteplan import NavPlan
from ...today import judging_day
from ...written_aside import WrittenAside
from ..pages import PageOptions, diagram_renderer, handbook_page_stream
from . import sitedefaults
from .config import TebikiConfig
from .edit_links import EditLinks
from .files import add_assets, add_generated_files, home_uri, standalone_files
from .logs import log_external_hosts, log_problems
from .navigation import arrange_nav
from .packed import PackedPages
from .search_pages import PageSearch
from .sitedir import make_folders
from .skeleton import SkeletonRenderer, use_skeleton
from .split import PageSplit


def diagram_workers() -> int:
    """How many diagram worker processes a build starts: one core is the build's own."""
    return max(1, (os.cpu_count() or 2) - 1)


def site_language(plugin_language: str | None, theme_language: str | None) -> str:
    """Plugin `language`, else `theme.language` as written, else ja (`i18n.language`)."""
    return decide_language(plugin_language, theme_language)


class SiteBuild:
    """The handbook's part of one site build."""

    def __init__(self, options: TebikiConfig, root: Path, lang: str) -> None:
        self.options = options
        self.root = root  # the folder of mkdocs.yml
        self.lang = lang
        self.labels = Labels(lang)
        self.external = ExternalHosts()  # hosts outside the site that built pages load from
        self.warned_hosts: tuple[str, ...] = ()  # already warned about in on_config (a chosen web font)
        self.diagrams: DiagramRenderer | None = None
        self.figures = Figures()
        self.plan: NavPlan | None = None
        self.indexes = False  # Material's navigation.indexes is on (see navigation.arrange_nav)
        self.generated: set[str] = set()  # src_uri of the handbook's pages
        self.search: PageSearch | None = None  # Material's search index, when tebiki indexes its pages
        self.skeleton: SkeletonRenderer | None | bool = False  # False: not decided yet (first page)
        self.pages: list[RenderedPage] = []  # the handbook's pages, once added
        self.page_figures: dict[str, str] = {}  # the 「図を拡大」 files of the page last finished (texts, for rebuilds)
        self.page_urls: list[str] | None = None  # its `external_urls`, when scanned (option `offline`)
        self.parsed: ParsedFiles | None = None  # `mkdocs serve`: files parsed by earlier builds (loader)
        self.memo: PageMemo | None = None  # `mkdocs serve`: pages made by the previous build (page_memo)
        self.flow_keys: FlowKeys | None = None  # `mkdocs serve`: the flow keys of the previous build
        self.readings: ReadingCache | None = None  # search title readings, started in add_pages
        self.packed = PackedPages()  # handbook pages' HTML between MkDocs' two passes (packed.py)
        self.frozen = False  # the collector leaves the handbook and its pages alone until the build ends
        self.pool: ProcessPoolExecutor | None = None  # `mkdocs serve`: its diagram workers, lent to this build
        self.aside = WrittenAside()  # `mkdocs build`: the 「図を拡大」 files, written by the diagram worker
        self.split = PageSplit()  # `mkdocs build`: a share of the pages built by a second process (split.py)
        self.folders: subprocess.Popen[bytes] | None = None  # `mkdocs build`: making the pages' folders

    @classmethod
    def configure(cls, options: TebikiConfig, config: MkDocsConfig) -> "SiteBuild":
        """Decide the language, apply the site defaults a handbook needs where the user
        chose nothing, and add tebiki's stylesheet and script. PluginError when the data
        or cache folder is unusable."""
        theme_language = config.theme["language"] if "language" in config.theme else None
        raw = raw_config(config.config_file_path)
        written = sitedefaults.written_theme(raw).get("language") if raw else theme_language  # not a theme's default
        build = cls(options, Path(config.config_file_path or ".").resolve().parent,
                    site_language(options.language, written))
        lang = build.lang
        if options.offline:
            build.warned_hosts = sitedefaults.offline_theme(config, raw, lang)
            site_host = urlsplit(config.site_url or "").hostname
            build.external = ExternalHosts(frozenset({site_host.lower()} if site_host else ()))
        sitedefaults.japanese_search(config, raw, lang, (theme_language, options.language))
        sitedefaults.handbook_features(config, raw, lang)
        build.indexes = "navigation.indexes" in (config.theme.get("features") or [])
        sitedefaults.readable_anchors(config, raw, lang)
        errors = location_errors(build.root, options.procedures, options.cache_dir, config.docs_dir)
        if errors:
            en, ja = errors[0]
            raise PluginError(display_safe(f"tebiki: {config.config_file_path}: {ja if lang == 'ja' else en}"))
        add_assets(config)
        return build

    def add_pages(self, files: Files, config: MkDocsConfig) -> Files:
        """Load the handbook, log its problems, and add every page to `files`; the
        diagrams missing from the cache start rendering in worker processes.

        The cycle collector is paused throughout, as for the load alone: the handbook and
        its pages are made of objects that stay alive to the end of the build (frozen
        then: `freeze`), which each full collection looked through again and found next
        to no garbage in (~150 objects; 8 full collections, ~6 s at 10,000 procedures)."""
        with collector_paused():
            return self._add_pages(files, config)

    def _add_pages(self, files: Files, config: MkDocsConfig) -> Files:
        workers = diagram_workers()
        lent = self.pool is not None  # `mkdocs serve`'s own workers, forked when it started
        pool = self.pool or start_pool(workers)  # forked before the handbook is loaded: the workers hold none of it
        cache = self.root / self.options.cache_dir
        descriptions = DescriptionRenderer(cache / "descriptions.json")
        try:  # until the renderer takes the pool (fork_workers), a refused build ends it here (unless lent)
            handbook = self._handbook()
            # converted in the worker before its diagrams, while this process makes the pages
            ahead = DescriptionsAhead(descriptions.to_convert(step_descriptions(handbook)), pool)
            descriptions.ahead = ahead.take
            scenarios = self._scenarios(handbook)
            log_problems(handbook, self.lang, self.options.strict_warnings)
            self.diagrams = diagram_renderer(handbook, cache, self.lang, time_limit=TIME_LIMIT)
        except BaseException:
            if pool is not None and not lent:
                stop_pool(pool)
            raise
        if self.flow_keys is not None:
            self.diagrams.known_flow_keys = self.flow_keys
        folder = self.diagrams.cache.folder
        self.figures = Figures(self.diagrams, mode="deferred", zoom_label=self.labels["figure.zoom"],
                               scan=external_urls if self.options.offline else None,
                               keyed=self.memo is not None,  # only `mkdocs serve` compares figures' keys
                               # `mkdocs build`: 「図を拡大」 files made from the cache by the diagram worker
                               zoom_cache=str(folder) if folder is not None and self.memo is None else None)
        options = PageOptions(self.lang, config.site_name, self.options.working_days, self.options.workload, scenarios)
        stream = handbook_page_stream(handbook, options, links=SiteLinks(config.use_directory_urls),
                                      figures=self.figures, urls=Urls(home=home_uri(files)),
                                      descriptions=descriptions, memo=self.memo)
        try:  # the home page first: MkDocs asks for its map, the largest diagram, before any other
            first = [next(stream)]
        except StopIteration:
            first = []
        except BaseException:
            if pool is not None and not lent:
                stop_pool(pool)
            raise
        # in page order (index.page_order): the worker draws the flows in the order MkDocs writes the pages
        in_page_order = (p for _, procedures in page_order(handbook, by_department(handbook)) for p in procedures)
        self.diagrams.fork_workers(self.figures.expected_flows(in_page_order), workers, pool, lent,
                                   maps=self.figures.map_jobs)
        if self.memo is None:  # `mkdocs build`: nothing reads them before the build ends
            self.aside = WrittenAside(self.diagrams.worker_pool())
        # `mkdocs build`: each page's HTML is kept compressed as it is made, and only there;
        # `mkdocs serve`: the page memo keeps the pages whole for the next build anyway
        self.packed = PackedPages(compressed=self.memo is None)
        pages = []
        for page in itertools.chain(first, stream):
            self.packed.keep_blocks(page.src_uri, page.text.blocks)
            pages.append(page if self.memo is not None else replace(page, text=PageText(page.text.site_markdown, ())))
        descriptions.save()
        ahead.cancel()
        # Diagrams missing from the cache render in a worker process while MkDocs
        # renders the pages on this one; each page then takes its finished SVG.
        self.diagrams.prepare(self.figures.flow_jobs, self.figures.map_jobs, workers=workers)
        # Title readings for search, in the diagram worker after its diagrams (read in `finish`).
        self.readings = ReadingCache(cache / READINGS_FILE)
        self.readings.read_ahead((indexed_title(p.title) for p in pages), pool)
        made = add_generated_files(config, files, pages, EditLinks.of(config, self.root))
        if self.memo is None:  # `mkdocs build`: the pages' folders made meanwhile, in another process (sitedir)
            self.folders = make_folders(config.site_dir, {posixpath.dirname(f.dest_uri) for f in made.values()})
        self.generated = {p.src_uri for p in pages}
        self.search = PageSearch.of(config)
        if self.search is not None and self.memo is None:  # `mkdocs build`: documents made by the worker
            self.search.aside = DocumentsAside(self.diagrams.worker_pool())
        self.pages = pages
        self.plan = NavPlan.from_pages(pages, handbook, self.labels["people.title"], self.labels["procedures"])
        if self.memo is None:
            self.freeze()
        return files

    def freeze(self) -> None:
        """`mkdocs build`: the handbook, its pages and figures stay alive until the build
        ends; the cycle collector is told to leave them alone (gc.freeze) instead of
        rescanning them at each full collection while MkDocs builds the pages (time), or
        writing to them so that a worker forked later copies them (memory). `thaw` at the
        end, so a process running several builds (tests) loses nothing."""
        gc.freeze()
        self.frozen = True

    def thaw(self) -> None:
        if self.frozen:
            gc.unfreeze()
            self.frozen = False

    def _handbook(self) -> Handbook:
        from ...core import HandbookError, PolicyError, build_handbook

        try:
            return build_handbook(
                self.root, self.options.procedures, policy=self.options.policy,
                review_interval_months=self.options.review_interval_months,
                today=judging_day(option=self.options.today),
                handover_days=self.options.handover_days,
                working_days=self.options.working_days, parsed=self.parsed,
            )
        except (HandbookError, PolicyError, CannotRun) as e:
            raise PluginError(display_safe(f"tebiki: {e.message(self.lang)}")) from None

    def _scenarios(self, handbook: Handbook) -> tuple[Scenario, ...]:
        try:
            return tuple(checked_scenarios(self.options.scenarios, handbook.org) if handbook.ownership_known else ())
        except ScenarioError as e:
            raise PluginError(display_safe(f"tebiki: plugin option 'scenarios': {e.message(self.lang)}")) from None

    def arrange(self, nav: Navigation, files: Files) -> Navigation | None:
        """The user's menu, then the handbook's sections (None before any page was added)."""
        if self.plan is None:
            return None
        return arrange_nav(nav, self.plan, files, self.labels["home.nav"], self.labels["home.departments"],
                           self.indexes)

    def pre_page(self, page: Page, config: MkDocsConfig) -> None:
        """A handbook page renders without Python-Markdown when the site's Markdown
        configuration allows it (skeleton.py); decided once, with every plugin configured."""
        if self.skeleton is False:
            self.skeleton = SkeletonRenderer.of(config)
        if isinstance(self.skeleton, SkeletonRenderer) and page.file.src_uri in self.generated:
            use_skeleton(page, self.skeleton)

    def fill(self, html: str, page: Page) -> str | None:
        """A handbook page's HTML with its blocks put back (None: not a handbook page)."""
        blocks = self.packed.blocks(page.file.src_uri)
        return None if blocks is None else fill_blocks(html, blocks)

    def pack(self, html: str, page: Page) -> str | None:
        """A handbook page's final HTML kept compressed until the page is written (packed.py;
        None: not a handbook page, or not packed under `mkdocs serve`)."""
        return self.packed.pack(html, page) if page.file.src_uri in self.generated else None

    def unpack(self, page: Page) -> None:
        """A handbook page's HTML back before any plugin's on_page_context (packed.py)."""
        if not self.split.skips(page):
            self.packed.unpack(page)

    def index_page(self, page: Page) -> None:
        """A handbook page's search documents, written by tebiki (adapters/mkdocs/search_pages.py)."""
        if self.split.skips(page):
            self.split.hold_search(page)
        elif self.search is not None and page.file.src_uri in self.generated:
            self.search.add(page)

    def finish_page(self, output: str, page: Page) -> str:
        """A built page with its diagrams drawn, its 「図を拡大」 files written and, when
        the site must work offline, the hosts it loads from noted."""
        self.split.built(page)  # the second process and this one share the pages as they go (split.py)
        # offline: the page scanned with its figure slots, each diagram once per build (Figures.scan)
        urls = external_urls(output) if self.options.offline else None
        output = self.figures.resolve(output, urls)
        figures = self.figures.standalone.pop(page.file.src_uri, {})
        # kept by `mkdocs serve` (rebuilds), where they are all texts; `mkdocs build`'s ZoomFiles are not kept
        self.page_figures = {name: svg for name, svg in figures.items() if isinstance(svg, str)}
        if page.file.src_uri in self.generated:
            self.packed.release(page)
        return self.page_extras(output, page, figures, urls)

    def page_extras(self, output: str, page: Page, figures: Mapping[str, str | ZoomFile],
                    urls: list[str] | Callable[[], list[str]] | None = None) -> str:
        """The page's 「図を拡大」 files (name -> SVG) written next to it and, with
        `offline`, the hosts its final `output` loads from noted (`urls`: its
        `external_urls` when already found, or what gives them; asked only with `offline`).
        `page_urls`: those noted, or None."""
        self.aside.write(standalone_files(page, figures))
        self.page_urls = None
        if self.options.offline:
            self.page_urls = external_urls(output) if urls is None else urls() if callable(urls) else urls
            self.external.note(self.page_urls, page.file.dest_uri)
        return output

    def scan(self, output: str, name: str) -> None:
        """Note the hosts outside the site `output` loads from (option `offline`)."""
        if self.options.offline:
            self.external.scan(output, name)

    def settle_search(self) -> None:
        """Before the search plugin writes its index: the pages of the second process (split.py)
        and the documents the worker made in place."""
        self.split.join(self)
        if self.search is not None:
            self.search.settle()

    def before_index(self) -> None:
        """`mkdocs build`, every page written, before the search plugin writes its index (the
        build's peak of memory): the diagram workers are ended once the work handed to
        them is done (every diagram was taken; the search title readings), the pages let go
        of, and the search plugin is left an empty list to write: `finish` writes the
        documents itself, one at a time (search_index.rewrite_site_index), instead of the
        plugin serialising them all at once into one string (at 10,000 procedures the
        workers held ~170 MB, the plugin's string and its bytes ~200 MB)."""
        if self.memo is not None:
            return
        self.aside.finish()  # the 「図を拡大」 files the worker has not started: written here
        if self.diagrams is not None:
            self.diagrams.end_workers()
        self.release_pages()
        if self.search is not None:
            self.search.hold()

    def finish(self, config: MkDocsConfig) -> None:
        """After the build: the search index in NFKC with title readings and tebiki's
        search worker in place of Material's, the diagram workers ended and the cache
        pruned, one warning per outside host."""
        self.aside.finish()
        self.folders_made()
        readings = self.readings or ReadingCache(self.root / self.options.cache_dir / READINGS_FILE)
        written = False
        if self.search is not None and self.memo is None:  # `mkdocs build`: the index is written
            written = rewrite_site_index(Path(config.site_dir), self.search.entries, readings)
            self.search.release()
        if written or normalise_site_index(Path(config.site_dir), readings):
            install_worker(Path(config.site_dir))
        if self.diagrams is not None:
            self.diagrams.close()
            self.diagrams.prune_cache()
            if self.flow_keys is not None:  # for the next build: this one's, not those of files gone
                self.flow_keys.clear()
                self.flow_keys.update(self.diagrams.flow_keys)
        self.thaw()
        if self.options.offline:
            log_external_hosts(self.external, self.warned_hosts, self.lang)

    def folders_made(self) -> None:
        """The process making the pages' folders has ended (it takes a second or two; MkDocs
        makes any folder it has not made yet itself, as it writes each page)."""
        if self.folders is not None:
            self.folders.wait()
            self.folders = None

    def release_pages(self) -> None:
        """`mkdocs build`, once every page is written: let go of the handbook's pages, their
        figures and kept HTML before the search index is rewritten (its peak of memory)."""
        self.pages = []
        self.packed = PackedPages()
        self.figures = Figures()
        self.page_figures = {}

    def abort(self) -> None:
        """A failed or stopped build: end the second process and the diagram workers at once."""
        self.split.abort()
        if self.diagrams is not None:
            self.diagrams.kill()
        self.folders_made()
        self.thaw()

    def watched(self) -> Path:
        """What `mkdocs serve` watches besides docs_dir: the data folder. The diagram cache
        (cache_dir) is deliberately not watched."""
        return self.root / self.options.procedures
