"""`mkdocs build`: the handbook pages' second pass shared with a forked process (issue 13).

A cold build's main process is its critical path, and half of it is MkDocs' loop over
the pages (`_build_page`: the theme's template, every plugin's `on_page_context` and
`on_post_page`, writing the file). Once every page is read and the menu is final
(`on_env`, the last hook before that loop), `PageSplit.fork` forks a child that builds
a tail of the handbook's pages, about SHARE of their estimated cost, while this process
builds the rest. Here those pages are made cheap: an empty template, no search
parsing, an empty output MkDocs does not write (its "Page skipped" line dropped).
`join` (on_post_build, before the search index is settled) takes back, in page order,
what the rest of the build needs from the child: each page's search documents, the
outside URLs the offline scan found, the diagrams it used (kept by the cache prune),
and its log records (counted by `--strict` here).

When the child does not report every page (it failed, was killed, or stalled
STALL_SECONDS), this process builds those pages itself, as without a split (an
error a page raises is raised here, as MkDocs raises it); so the site is the same
bytes either way, and whatever the load.

The rule for splitting at all: `mkdocs build` (not `serve`, not `--dirty`), Linux with
at least two cores, at least MIN_PAGES handbook pages, the engine's page builder as
known (`_build_page`), and no plugin but tebiki and Material's search (SAFE_PLUGINS),
with tebiki or nobody writing the search documents: any other plugin may keep state
across pages that a second process would not share, so the build stays sequential.

Diagrams: the diagram workers' jobs (futures) do not survive a fork. Each job not
finished at the fork raises a flag in shared memory when it ends; the child waits for
that flag (up to the renderer's time limit), then reads the diagram from the cache the
worker writes, or draws it itself when the worker did not (as this process would).
"""

from __future__ import annotations

import gc
import inspect
import logging
import mmap
import os
import pickle
import signal
import sys
import tempfile
import time
import warnings
from concurrent.futures import Future, TimeoutError as FutureTimeout
from dataclasses import dataclass, field
from typing import IO, Any, Callable, Sequence

import jinja2
from mkdocs.commands import build as mkdocs_build
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from ...diagrams.workers import die_with_parent
from ...search_aside import DocumentsAside
from ...written_aside import WrittenAside

log = logging.getLogger(f"mkdocs.plugins.{__name__}")

SAFE_PLUGINS = frozenset({"tebiki", "search", "material/search", "tags", "material/tags"})
"""Plugins known to keep no state across pages but what `join` takes back: tebiki's own,
Material's search index, Material's tags (its listings are made in its on_env, before the
fork; its on_page_context only reads them). Any other plugin, hooks included, keeps the
build sequential; so does a plugin of these names that is not Material's (`refusal`)."""
MAX_RESIDENT = 400 * 2**20
"""The largest this process may be (resident bytes) at the fork. Every memory page either
process writes while both run is copied, so a long page loop ends up near twice this
process's memory: +67 MiB of PSS at 990 procedures (160 MB resident at the fork), +800 MiB
at 10,000 (about 700 MB resident), over issue 13's 1 GiB for all processes together."""
MIN_PAGES = 200
"""Fewer handbook pages than this are built in one process (a fork costs ~20 ms)."""
SHARE = 0.45
"""The child's part of the handbook pages' estimated cost: this process also settles the
search index and writes it after the pages, the child only builds pages."""
PAGE_COST = 2500
"""Estimated cost of a page, in µs: the theme's template with its menu, ..."""
COST_PER_BYTE = 0.6
"""... plus this per byte of its compressed HTML (measured at 990 procedures)."""
STALL_SECONDS = 300.0
"""A child that reports nothing for this long is ended and its pages built here (it may
wait up to the diagram time limit for one diagram, twice)."""
SKIP_TEMPLATE = "tebiki-page-elsewhere.html"
"""The empty template of a page the child builds: MkDocs writes nothing for it."""


@dataclass
class _Share:
    """The child's pages, and how to build them again here."""

    pages: list[tuple[int, Page]]  # (position in the documentation pages, page)
    uris: set[str]
    templates: dict[str, Any]  # src_uri -> the page's `template` meta before (None: none)
    search: dict[str, Any]  # src_uri -> its `search` meta before (None: none)


class _Awaited(Future):
    """In the child: a diagram job of the workers, seen through its flag in shared memory.
    `result` waits for the flag and gives None: the renderer then reads the cache."""

    def __init__(self, flags: mmap.mmap, index: int) -> None:
        super().__init__()
        self.flags, self.index = flags, index

    def cancel(self) -> bool:
        return False

    def done(self) -> bool:
        return self.flags[self.index] == 1

    def result(self, timeout: float | None = None) -> None:
        end = None if timeout is None else time.monotonic() + timeout
        pause = 0.001
        while not self.done():
            if end is not None and time.monotonic() > end:
                raise FutureTimeout()
            time.sleep(pause)
            pause = min(pause * 2, 0.02)
        return None


def _raise_flag(flags: mmap.mmap, index: int, _job: Future) -> None:
    flags[index] = 1


class _Records(logging.Handler):
    """In the child: every log record kept, as plain text, for this process to log."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        record.msg, record.args = record.getMessage(), None
        record.exc_info, record.stack_info = None, None
        self.records.append(record)


class _SkippedHere(logging.Filter):
    """Drops MkDocs' "Page skipped" line of the pages the child builds, and no other line."""

    def __init__(self, uris: set[str]) -> None:
        super().__init__()
        self.uris = uris

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        head, tail = "Page skipped: '", "'. Generated empty output."
        if not message.startswith(head) or not message.endswith(tail):
            return True
        return message[len(head):-len(tail)] not in self.uris


fork_process = os.fork
"""How the child is made (a test makes it fail)."""

_BUILD_LOG = logging.getLogger(getattr(mkdocs_build, "__name__", "mkdocs.commands.build"))


def known_page_builder() -> Callable[..., None] | None:
    """The engine's page builder when its parameters are the ones MkDocs 1.6 has."""
    builder = getattr(mkdocs_build, "_build_page", None)
    try:
        params = list(inspect.signature(builder).parameters) if builder else []
    except (TypeError, ValueError):
        return None
    return builder if params[:5] == ["page", "config", "doc_files", "nav", "env"] and "excluded" in params else None


def search_entries(config: MkDocsConfig) -> list | None | bool:
    """The list Material's search index appends documents to; None: no search index
    (no search plugin, or disabled); False: a search plugin tebiki cannot follow."""
    for name in ("material/search", "search"):
        plugin = config.plugins.get(name)
        if plugin is None:
            continue
        if type(plugin).__module__ != "material.plugins.search.plugin":
            return False
        if not plugin.config.get("enabled", True):
            return None
        entries = getattr(getattr(plugin, "search_index", None), "entries", None)
        return entries if isinstance(entries, list) else False
    return None


def unsafe_plugins(config: MkDocsConfig) -> list[str]:
    """The configured plugins not known to be safe to split (SAFE_PLUGINS, and the search
    and tags plugins Material's)."""
    return [name for name, plugin in config.plugins.items() if name not in SAFE_PLUGINS or (
        name != "tebiki" and not type(plugin).__module__.startswith(("material.plugins.search.",
                                                                     "material.plugins.tags.")))]


def refusal(config: MkDocsConfig, entries: list | None | bool) -> str:
    """Why this build's pages are built in one process ("": they may be split)."""
    if sys.platform != "linux" or (os.cpu_count() or 1) < 2:
        return "one core"
    others = unsafe_plugins(config)
    if others:
        return "plugins: " + ", ".join(others)
    if known_page_builder() is None:
        return "an unknown page builder"
    return "a search index tebiki cannot follow" if entries is False else ""


def resident_bytes() -> int:
    """This process's resident memory (bytes; 0 when it cannot be read)."""
    try:
        with open("/proc/self/statm", "rb") as statm:
            return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


def page_cost(size: int) -> float:
    """Estimated cost (µs) of building a page whose compressed HTML is `size` bytes."""
    return PAGE_COST + COST_PER_BYTE * size


def tail_share(costs: Sequence[float], share: float = SHARE) -> int:
    """The first index of the tail of `costs` that holds about `share` of their sum."""
    total, tail = sum(costs), 0.0
    start = len(costs)
    while start > 0 and tail + costs[start - 1] <= share * total:
        start -= 1
        tail += costs[start]
    return start


@dataclass
class PageSplit:
    """This build's split of the page loop (idle until `fork`)."""

    share: _Share | None = None
    pid: int = 0
    out: IO[bytes] | None = None
    entries: list | None = None  # the search index's documents, with a `_Elsewhere` per child page
    doc_files: list[File] = field(default_factory=list)
    build_args: tuple[MkDocsConfig, Navigation, jinja2.Environment] | None = None
    skipped: _SkippedHere | None = None
    started: float = 0.0

    def skips(self, page: Page) -> bool:
        """This page is built by the child (here: an empty output, nothing written)."""
        return self.share is not None and page.file.src_uri in self.share.uris

    # --- the fork (on_env) ------------------------------------------------------------------------

    def fork(self, build: Any, env: jinja2.Environment, config: MkDocsConfig, files: Files,
             nav: Navigation | None, sequential: str = "") -> jinja2.Environment | None:
        """Fork the child when the rule allows (module docstring; `sequential`: why not,
        known to the plugin: `mkdocs serve`, `--dirty`); the environment with the empty
        template when it was forked (None: nothing changed)."""
        entries = search_entries(config)
        why = sequential or refusal(config, entries) or ("no menu" if nav is None else "")
        if why or nav is None or isinstance(entries, bool):
            log.debug("tebiki: pages built in one process (%s)", why)
            return None
        resident = resident_bytes()
        if resident > MAX_RESIDENT:
            log.debug("tebiki: pages built in one process (%d MiB resident)", resident >> 20)
            return None
        doc_files = files.documentation_pages(inclusion=InclusionLevel.is_included)
        ours = [(i, f.page) for i, f in enumerate(doc_files)
                if f.page is not None and f.src_uri in build.generated and not f.inclusion.is_excluded()]
        if len(ours) < MIN_PAGES:
            log.debug("tebiki: pages built in one process (%d handbook pages)", len(ours))
            return None
        start = tail_share([page_cost(build.packed.size(p.file.src_uri)) for _i, p in ours])
        pages = ours[start:]
        if not pages:
            return None
        jobs = build.diagrams.pending_jobs() if build.diagrams is not None else {}
        flags = mmap.mmap(-1, max(1, len(jobs)))
        for index, job in enumerate(jobs.values()):
            job.add_done_callback(lambda j, i=index: _raise_flag(flags, i, j))
        out = tempfile.TemporaryFile(prefix="tebiki-pages-")
        for stream in (sys.stdout, sys.stderr):
            stream.flush()
        gc.freeze()  # the child never scans (and so copies) what both hold; thawed by `build.thaw`
        build.frozen = True
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", DeprecationWarning)  # fork with the workers' threads: the child uses none
                parent, pid = os.getpid(), fork_process()
        except OSError as error:  # no process to be had (memory, limits): one process builds every page
            log.debug("tebiki: pages built in one process (%s)", error)
            out.close()
            return None
        if pid == 0:  # the child: never returns
            _child(build, pages, (config, nav, env), doc_files, out, parent,
                   {key: _Awaited(flags, i) for i, key in enumerate(jobs)}, entries)
        self.pid, self.out, self.entries, self.doc_files = pid, out, entries, list(doc_files)
        self.build_args, self.started = (config, nav, env), time.monotonic()
        uris = {p.file.src_uri for _i, p in pages}
        self.share = _Share(pages, uris, {p.file.src_uri: p.meta.get("template") for _i, p in pages},
                            {p.file.src_uri: p.meta.get("search") for _i, p in pages})
        for _i, page in pages:
            page.meta["template"] = SKIP_TEMPLATE
        self.skipped = _SkippedHere(uris)
        _BUILD_LOG.addFilter(self.skipped)
        env.loader = jinja2.ChoiceLoader([jinja2.DictLoader({SKIP_TEMPLATE: ""}), env.loader or jinja2.DictLoader({})])
        log.debug("tebiki: %d of %d handbook pages built in a second process (%d MiB resident)", len(pages),
                  len(ours), resident >> 20)
        return env

    def hold_search(self, page: Page) -> None:
        """on_page_context of a page the child builds: its place in the search index kept
        (filled by `join`), and no search plugin parses its empty content."""
        if self.entries is not None:
            self.entries.append(_Elsewhere(page.file.src_uri))
        search = page.meta.get("search")
        page.meta["search"] = {**(search if isinstance(search, dict) else {}), "exclude": True}

    # --- the join (on_post_build) -----------------------------------------------------------------

    def join(self, build: Any) -> None:
        """Wait for the child and take back what it found; the pages it did not report are
        built here. Raises what building a page here raises."""
        if self.share is None or self.out is None:
            return
        share, out = self.share, self.out
        waited = time.monotonic()
        done = self._wait(out)
        log.debug("tebiki: the second process ended %.2f s after the fork, %.2f s after the build's own pages",
                  time.monotonic() - self.started, time.monotonic() - waited)
        reports, end = self._read(out)
        out.close()
        self.out = None
        if end is None or not done:
            log.debug("tebiki: the second process did not build its pages: built here")
            reports = {}
        else:
            used, records = end
            if build.diagrams is not None:
                build.diagrams.used.update(used)
            for record in records:
                logging.getLogger(record.name).handle(record)
        docs: dict[str, list] = {}
        for _index, page in share.pages:
            uri = page.file.src_uri
            report = reports.get(uri)
            if report is None:
                report = self._build_here(build, page)
            found, urls = report
            docs[uri] = found
            if urls is not None:
                build.external.note(urls, page.file.dest_uri)
            build.packed.drop(uri)
        if self.entries is not None:
            self.entries[:] = [d for e in self.entries
                               for d in (docs.get(e.uri, []) if isinstance(e, _Elsewhere) else [e])]
        self._stop_filtering()
        self.share = None

    def _build_here(self, build: Any, page: Page) -> tuple[list, list[str] | None]:
        """Build one of the child's pages in this process, as without a split."""
        assert self.share is not None and self.build_args is not None
        uri = page.file.src_uri
        self.share.uris.discard(uri)
        for key, before in (("template", self.share.templates[uri]), ("search", self.share.search[uri])):
            if before is None:
                page.meta.pop(key, None)
            else:
                page.meta[key] = before
        config, nav, env = self.build_args
        entries, mark = self.entries, len(self.entries) if self.entries is not None else 0
        build.page_urls = None
        builder = known_page_builder()
        assert builder is not None
        builder(page, config, self.doc_files, nav, env, excluded=page.file.inclusion.is_excluded())
        found: list = []
        if entries is not None:
            found = entries[mark:]
            del entries[mark:]
        build.page_urls = None
        return found, None  # its outside URLs were noted as it was built

    def _wait(self, out: IO[bytes]) -> bool:
        """Wait for the child; True when it ended well. A child silent for STALL_SECONDS is ended."""
        seen, last = -1, time.monotonic()
        pause = 0.001
        while True:
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                self.pid = 0
                return os.waitstatus_to_exitcode(status) == 0
            size = os.fstat(out.fileno()).st_size
            if size != seen:
                seen, last = size, time.monotonic()
            elif time.monotonic() - last > STALL_SECONDS:
                self.kill()
                return False
            time.sleep(pause)
            pause = min(pause * 2, 0.01)

    @staticmethod
    def _read(out: IO[bytes]) -> tuple[dict[str, tuple[list, list[str] | None]], tuple | None]:
        """The child's reports: per page (search documents, outside URLs), and its end
        (diagrams used, log records); None as the end when it did not finish."""
        out.seek(0)
        reports: dict[str, tuple[list, list[str] | None]] = {}
        while True:
            try:
                kind, *rest = pickle.load(out)
            except (EOFError, pickle.UnpicklingError, ValueError, TypeError):
                return reports, None
            if kind == "page":
                uri, found, urls = rest
                reports[uri] = (found, urls)
            elif kind == "end":
                return reports, tuple(rest)
            else:
                return reports, None

    def _stop_filtering(self) -> None:
        if self.skipped is not None:
            _BUILD_LOG.removeFilter(self.skipped)
            self.skipped = None

    def kill(self) -> None:
        """A failed or stopped build: end the child at once."""
        if self.pid:
            try:
                os.kill(self.pid, signal.SIGKILL)
                os.waitpid(self.pid, 0)
            except (ProcessLookupError, ChildProcessError):
                pass
            self.pid = 0
        if self.out is not None and self.share is None:
            self.out.close()
            self.out = None
        self._stop_filtering()

    def abort(self) -> None:
        self.kill()
        if self.out is not None:
            self.out.close()
            self.out = None
        self.share = None


class _Elsewhere:
    """The place of a child's page in the search index, until `join`."""

    __slots__ = ("uri",)

    def __init__(self, uri: str) -> None:
        self.uri = uri


def _child(build: Any, pages: list[tuple[int, Page]],
           args: tuple[MkDocsConfig, Navigation, jinja2.Environment], doc_files: Sequence[File],
           out: IO[bytes], parent: int, jobs: dict[str, Future], entries: list | None) -> None:
    """In the child: build `pages`, reporting each to `out`; never returns."""
    code = 1
    try:
        die_with_parent(parent)  # and Ctrl-C is the build's to report: the child ends with it
        records = _Records()  # every line logged here is logged by the build, in `join`
        engine = logging.getLogger("mkdocs")
        engine.handlers, engine.propagate = [records], False
        logging.getLogger().handlers = [records]
        build.aside = WrittenAside()  # the build's workers are not this process's: written here
        if build.search is not None:
            build.search.aside = DocumentsAside()
        if build.diagrams is not None:
            build.diagrams.forked(jobs)
        builder = known_page_builder()
        assert builder is not None
        config, nav, env = args
        writer = os.fdopen(os.dup(out.fileno()), "wb")
        for _index, page in pages:
            mark = len(entries) if entries is not None else 0
            build.page_urls = None
            builder(page, config, doc_files, nav, env, excluded=page.file.inclusion.is_excluded())
            found: list = []
            if entries is not None:
                found = entries[mark:]
                del entries[mark:]
                if build.search is not None:
                    build.search.aside.settle(found)  # made here: nothing waits (no pool)
            pickle.dump(("page", page.file.src_uri, found, build.page_urls), writer, pickle.HIGHEST_PROTOCOL)
        build.aside.finish()  # every 「図を拡大」 file written before the end is reported
        used = build.diagrams.used if build.diagrams is not None else set()
        pickle.dump(("end", used, records.records), writer, pickle.HIGHEST_PROTOCOL)
        writer.flush()
        if build.diagrams is not None:
            build.diagrams.kill()  # its own drawing worker, if it started one
        code = 0
    except BaseException:  # noqa: BLE001, S110 - the build builds these pages itself and surfaces the error
        pass
    finally:
        os._exit(code)
