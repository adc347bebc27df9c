"""`mkdocs build`: the handbook pages' second pass shared with a forked process (issue 13).

A cold build's main process is its critical path, and half of it is MkDocs' loop over
the pages (`_build_page`: the theme's template, every plugin's `on_page_context` and
`on_post_page`, writing the file). Once every page is read and the menu is final
(`on_env`, the last hook before that loop), `PageSplit.fork` forks a child, and the
two share the handbook's pages as they go (`_Meeting`): this process claims them from
the first up, a few at a time, as MkDocs' loop reaches them; the child claims them one
at a time from the last down; they meet wherever the load puts them (the child waits
for the diagrams its pages show, this process for none of the child's), so neither
waits long for the other. Here the child's pages are made cheap: an empty template, no
search parsing, an empty output MkDocs does not write (its "Page skipped" line dropped).
`join` (on_post_build, before the search index is settled) takes back, in page order,
what the rest of the build needs from the child: each page's search documents, the
outside URLs the offline scan found, the diagrams it used (kept by the cache prune),
and its log records (counted by `--strict` here).

When the child does not report every page (it failed, was killed, or stalled
STALL_SECONDS), this process builds those pages itself, as without a split (an
error a page raises is raised here, as MkDocs raises it); so the site is the same
bytes either way, and whatever the load.

The rule for splitting at all: `mkdocs build` (not `serve`, not `--dirty`), Linux with
at least two cores, at least MIN_PAGES handbook pages, at most MAX_RESIDENT of memory
at the fork, the engine's page builder as known (`_build_page`), and no plugin but
tebiki and Material's search and tags (SAFE_PLUGINS): any other plugin may keep state
across pages that a second process would not share, so the build stays sequential.

Diagrams: the diagram workers' jobs (futures) do not survive a fork. Each job not
finished at the fork raises a flag in shared memory when it ends; the child waits for
that flag (up to the renderer's time limit), then reads the diagram from the cache the
worker writes, or draws it itself when the worker did not (as this process would).
"""

from __future__ import annotations

import fcntl
import gc
import inspect
import logging
import mmap
import os
import pickle
import signal
import struct
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
BATCH = 4
"""Pages this process claims at a time (the child claims one at a time)."""
STALL_SECONDS = 300.0
"""A child that reports nothing for this long is ended and its pages built here (it may
wait up to the diagram time limit for one diagram, twice)."""
SKIP_TEMPLATE = "tebiki-page-elsewhere.html"
"""The empty template of a page the child builds: MkDocs writes nothing for it."""


class _Meeting:
    """Which of the handbook's pages (positions 0 .. count-1) each process builds: this
    process claims from the first up (`claim_first`), the child from the last down
    (`claim_last`), until they meet. Two counters in shared memory, changed under a POSIX
    record lock on `lock` (a file both hold), which the kernel releases if its holder dies."""

    def __init__(self, count: int, lock: IO[bytes]) -> None:
        self.count, self.lock = count, lock
        self.memory = mmap.mmap(-1, 8)
        struct.pack_into("ii", self.memory, 0, 0, count)  # first not claimed by this process, last claimed by the child

    def _counters(self, first: int | None = None, last: int | None = None) -> tuple[int, int]:
        fcntl.lockf(self.lock.fileno(), fcntl.LOCK_EX, 1)
        try:
            head, tail = struct.unpack_from("ii", self.memory)
            if first is not None:
                head = max(head, min(head + first, tail))
            elif last is not None and tail - 1 >= head:
                tail -= 1
            struct.pack_into("ii", self.memory, 0, head, tail)
            return head, tail
        finally:
            fcntl.lockf(self.lock.fileno(), fcntl.LOCK_UN, 1)

    def claim_first(self, count: int) -> int:
        """This process: claim up to `count` more pages; the end of its claim (exclusive)."""
        return self._counters(first=count)[0]

    def claim_last(self, before: int) -> int | None:
        """The child: claim the page before `before` (its last claim); None when they met."""
        head, tail = self._counters(last=1)
        return tail if tail < before else None

    def met(self) -> int:
        """The first of the child's pages (once this process can claim none)."""
        return self._counters()[1]


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


@dataclass
class PageSplit:
    """This build's split of the page loop (idle until `fork`)."""

    meeting: _Meeting | None = None
    ours: list[Page] = field(default_factory=list)  # the handbook's pages, in page order
    position: dict[str, int] = field(default_factory=dict)  # src_uri -> its place in `ours`
    mine: int = 0  # this process builds `ours[:mine]` (and claims more as it goes)
    theirs: list[Page] = field(default_factory=list)  # the child's pages, once they met
    uris: set[str] = field(default_factory=set)  # theirs, by src_uri
    before: dict[str, tuple[Any, Any]] = field(default_factory=dict)  # their `template` and `search` meta before
    pid: int = 0
    out: IO[bytes] | None = None
    entries: list | None = None  # the search index's documents, with a `_Elsewhere` per child page
    doc_files: list[File] = field(default_factory=list)
    build_args: tuple[MkDocsConfig, Navigation, jinja2.Environment] | None = None
    skipped: _SkippedHere | None = None
    started: float = 0.0

    def skips(self, page: Page) -> bool:
        """This page is built by the child (here: an empty output, nothing written)."""
        return page.file.src_uri in self.uris

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
        out = tempfile.TemporaryFile(prefix="tebiki-pages-")
        meeting = _Meeting(len(ours), out)
        self.mine = meeting.claim_first(BATCH)
        jobs = build.diagrams.pending_jobs() if build.diagrams is not None else {}
        flags = mmap.mmap(-1, max(1, len(jobs)))
        for index, job in enumerate(jobs.values()):
            job.add_done_callback(lambda j, i=index: _raise_flag(flags, i, j))
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
        pages = [p for _i, p in ours]
        if pid == 0:  # the child: never returns
            _child(build, pages, meeting, (config, nav, env), doc_files, out, parent,
                   {key: _Awaited(flags, i) for i, key in enumerate(jobs)}, entries)
        self.pid, self.out, self.entries, self.doc_files = pid, out, entries, list(doc_files)
        self.build_args, self.started, self.meeting = (config, nav, env), time.monotonic(), meeting
        self.ours, self.position = pages, {p.file.src_uri: i for i, p in enumerate(pages)}
        env.loader = jinja2.ChoiceLoader([jinja2.DictLoader({SKIP_TEMPLATE: ""}), env.loader or jinja2.DictLoader({})])
        log.debug("tebiki: the handbook's %d pages shared with a second process (%d MiB resident)", len(pages),
                  resident >> 20)
        return env

    def built(self, page: Page) -> None:
        """This process built `page` (its on_post_page): when it was the last it claimed,
        claim more; when there are none left to claim, the rest are the child's: made cheap
        here (the next page's template is chosen after this hook)."""
        place = self.position.get(page.file.src_uri)
        if self.meeting is None or place is None or place != self.mine - 1:
            return
        claimed = self.meeting.claim_first(BATCH)
        if claimed > self.mine:
            self.mine = claimed
            return
        self.theirs = self.ours[self.meeting.met():]
        self.meeting = None
        self.uris = {p.file.src_uri for p in self.theirs}
        for theirs in self.theirs:
            self.before[theirs.file.src_uri] = (theirs.meta.get("template"), theirs.meta.get("search"))
            theirs.meta["template"] = SKIP_TEMPLATE
        self.skipped = _SkippedHere(self.uris)
        _BUILD_LOG.addFilter(self.skipped)
        log.debug("tebiki: %d of the %d handbook pages built by the second process", len(self.theirs), len(self.ours))

    def hold_search(self, page: Page) -> None:
        """on_page_context of a page the child builds: its place in the search index kept
        (filled by `join`), and no search plugin parses its empty content."""
        if self.entries is not None:
            self.entries.append(_Elsewhere(page.file.src_uri))
        search = page.meta.get("search")
        page.meta["search"] = {**(search if isinstance(search, dict) else {}), "exclude": True}

    # --- the join (on_post_build) -----------------------------------------------------------------

    def join(self, build: Any) -> None:
        """Wait for the child and take back, in page order, what it found; the pages it did
        not report are built here. Raises what building a page here raises."""
        if self.out is None:
            return
        out = self.out
        waited = time.monotonic()
        done = self._wait(out)
        log.debug("tebiki: the second process ended %.2f s after the fork, %.2f s after the build's own pages",
                  time.monotonic() - self.started, time.monotonic() - waited)
        reports = self._read(out)
        out.close()
        self.out = None
        if not done:
            log.debug("tebiki: the second process did not build all its pages: the rest built here")
        found: dict[str, list] = {}
        for page in self.theirs:
            uri = page.file.src_uri
            report = reports.get(uri)
            if report is None:
                found[uri] = self._build_here(build, page)
                continue
            found[uri], urls, records, used = report
            for record in records:
                logging.getLogger(record.name).handle(record)
            if urls is not None:
                build.external.note(urls, page.file.dest_uri)
            if build.diagrams is not None:
                build.diagrams.used.update(used)
            build.packed.drop(uri)
        if self.entries is not None:
            self.entries[:] = [d for e in self.entries
                               for d in (found.get(e.uri, []) if isinstance(e, _Elsewhere) else [e])]
        self._stop_filtering()
        self.theirs, self.uris = [], set()

    def _build_here(self, build: Any, page: Page) -> list:
        """Build one of the child's pages in this process, as without a split; its search documents."""
        assert self.build_args is not None
        uri = page.file.src_uri
        self.uris.discard(uri)
        for key, before in zip(("template", "search"), self.before[uri]):
            if before is None:
                page.meta.pop(key, None)
            else:
                page.meta[key] = before
        config, nav, env = self.build_args
        entries, mark = self.entries, len(self.entries) if self.entries is not None else 0
        builder = known_page_builder()
        assert builder is not None
        builder(page, config, self.doc_files, nav, env, excluded=page.file.inclusion.is_excluded())
        found: list = []
        if entries is not None:
            found = entries[mark:]
            del entries[mark:]
        return found

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
    def _read(out: IO[bytes]) -> dict[str, tuple[list, list[str] | None, list[logging.LogRecord], set[str]]]:
        """The child's report of each page it built: (search documents, outside URLs, log
        records, diagrams used first on it)."""
        out.seek(0)
        reports: dict[str, tuple[list, list[str] | None, list[logging.LogRecord], set[str]]] = {}
        while True:
            try:
                uri, *report = pickle.load(out)
            except (EOFError, pickle.UnpicklingError, ValueError, TypeError):
                return reports
            reports[uri] = tuple(report)

    def _stop_filtering(self) -> None:
        if self.skipped is not None:
            _BUILD_LOG.removeFilter(self.skipped)
            self.skipped = None

    def kill(self) -> None:
        """End the child at once (a failed or stopped build, a stalled child)."""
        if self.pid:
            try:
                os.kill(self.pid, signal.SIGKILL)
                os.waitpid(self.pid, 0)
            except (ProcessLookupError, ChildProcessError):
                pass
            self.pid = 0

    def abort(self) -> None:
        """A failed or stopped build."""
        self.kill()
        if self.out is not None:
            self.out.close()
            self.out = None
        self._stop_filtering()
        self.meeting, self.theirs, self.uris = None, [], set()


class _Elsewhere:
    """The place of a child's page in the search index, until `join`."""

    __slots__ = ("uri",)

    def __init__(self, uri: str) -> None:
        self.uri = uri


def _child(build: Any, pages: list[Page], meeting: _Meeting,
           args: tuple[MkDocsConfig, Navigation, jinja2.Environment], doc_files: Sequence[File],
           out: IO[bytes], parent: int, jobs: dict[str, Future], entries: list | None) -> None:
    """In the child: claim pages from the last down and build them, reporting each to
    `out`, until this process and the build meet; never returns."""
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
        used: set[str] = set()
        last = len(pages)
        while (claimed := meeting.claim_last(last)) is not None:
            page, last = pages[claimed], claimed
            mark = len(entries) if entries is not None else 0
            build.page_urls = None
            builder(page, config, doc_files, nav, env, excluded=page.file.inclusion.is_excluded())
            build.aside.finish()  # its 「図を拡大」 files written before it is reported
            found: list = []
            if entries is not None:
                found = entries[mark:]
                del entries[mark:]
                if build.search is not None:
                    build.search.aside.settle(found)  # made here: nothing waits (no pool)
            new = build.diagrams.used - used if build.diagrams is not None else set()
            used |= new
            pickle.dump((page.file.src_uri, found, build.page_urls, records.records, new), writer,
                        pickle.HIGHEST_PROTOCOL)
            writer.flush()
            records.records = []
        if build.diagrams is not None:
            build.diagrams.kill()  # its own drawing worker, if it started one
        code = 0
    except BaseException:  # noqa: BLE001, S110 - the build builds these pages itself and surfaces the error
        pass
    finally:
        os._exit(code)
