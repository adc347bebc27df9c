"""`DiagramRenderer`: the diagrams a build asks for, through the content-keyed cache
(`cache.py`, keys from `keys.py`), drawn in-process or in worker processes
(`workers.py`) that a time limit can kill; see the package docstring for its use."""

from __future__ import annotations

import logging
import sys
import threading
from collections.abc import Callable, Iterable, Mapping, Sequence
from concurrent.futures import Future, ProcessPoolExecutor, TimeoutError as FutureTimeout
from dataclasses import dataclass
from pathlib import Path

from ..i18n.diagrams import TOO_LARGE
from ..limits import diagram_too_large
from ..model import Coverage, Procedure
from .cache import SvgCache
from .draw import render_scene, scene_of
from .inputs import job_inputs
from ..department_links import DepartmentNode
from .keys import departments_key, flow_key, map_key
from .workers import fork_pool, job_result, render_alone, render_job, start_pool, stop_pool

log = logging.getLogger(f"mkdocs.plugins.{__name__}")

# `prepare` only starts processes for at least this many misses: starting a worker
# (a fresh interpreter importing Graphviz) costs about as much as 20-40 diagrams.
MIN_BATCH = 32

KEEP_CHARS = 12_000_000
"""Characters of SVG a renderer keeps to give again without reading the cache: a flow is
shown on its procedure's page and again on hand-over packs at the end of the build (about
3,400 figures of 1,000 flows at 990 procedures, each a file read and an HMAC check). The
first diagrams up to this size are kept (all of them at 990 procedures), until every page
is written (`end_workers`, `close`)."""

TIME_LIMIT = 60.0
"""Seconds one diagram may take to lay out in a worker before it is given up (the
limits of limits.py keep real ones far below; this is the backstop)."""


class DiagramTooLarge(Exception):
    """A diagram over the limits, or one that took longer than TIME_LIMIT; str() is the
    placeholder text in the renderer's language."""


FlowJob = tuple[Procedure, Callable[[str], str]]
MapJob = tuple[Sequence[Procedure], Mapping[str, Coverage], Callable[[Procedure], str], str]
FlowKeys = dict[int, tuple[Procedure, dict[str, str], str, str]]
"""id(procedure) -> (the procedure, its step links, the language, its flow key)."""


@dataclass
class Stats:
    """Cache hits and renders (misses) since the renderer was made."""

    hits: int = 0
    misses: int = 0


class DiagramRenderer:
    """Renders diagrams to inline `<svg>` markup, through a content-keyed cache when `cache_dir` is set."""

    def __init__(self, cache_dir: Path | None, lang: str = "ja", time_limit: float | None = None,
                 departments: Mapping[str, str] | None = None) -> None:
        self.cache = SvgCache(Path(cache_dir) if cache_dir is not None else None)
        self.lang = lang
        self.time_limit = time_limit
        """With a limit, every miss renders in a worker process that is killed after that
        many seconds (DiagramTooLarge); without, misses that `prepare` did not start render
        in-process."""
        self.departments = dict(departments or {})
        """Department id -> name: a map of several departments groups its procedures by department."""
        self.stats = Stats()
        self._jobs: dict[str, Future] = {}  # started by `prepare`, by key
        self._kept: dict[str, str] = {}  # key -> SVG given already, up to KEEP_CHARS in all
        self._kept_chars = 0
        self._pools: list[ProcessPoolExecutor] = []
        self._solo: ProcessPoolExecutor | None = None  # renders misses `prepare` did not start
        self._early: ProcessPoolExecutor | None = None  # the workers of `fork_workers`, for `prepare`
        self._lent: ProcessPoolExecutor | None = None  # `_early` when lent (`fork_workers`): not ours to close
        self.used: set[str] = set()
        """Keys of every diagram asked for, so `prune_cache` keeps them."""
        self.flow_keys: FlowKeys = {}
        """The flows keyed by this renderer: each flow keyed once per build, not at each of its figures, `fork_workers` and `prepare`."""
        self._map_keys: dict[tuple[int, int, int, str], tuple[tuple, str, tuple]] = {}
        """(ids of the procedures, coverage and link function, title) -> (them, key, payload):
        a map asked for with the same objects is keyed once (they are held, so the ids stay theirs)."""
        self.known_flow_keys: FlowKeys = {}
        """`mkdocs serve`: the previous build's `flow_keys`; a procedure loaded from an
        unchanged file is the same object (loader.ParsedFiles), and a `Procedure` is frozen,
        so the same object with the same links has the same key."""

    def procedure_svg(self, procedure: Procedure, step_href: Callable[[str], str]) -> str:
        """The swimlane flow of `procedure`; each step node links to `step_href(step.id)`.
        DiagramTooLarge when it is over the limits of limits.py (it is never laid out)."""
        if diagram_too_large(procedure):
            raise DiagramTooLarge(TOO_LARGE.get(self.lang, TOO_LARGE["en"]))
        key, payload = self._flow(procedure, step_href)
        return self._cached(key, "flow", payload)

    def map_svg(
        self,
        procedures: Sequence[Procedure],
        coverage: Mapping[str, Coverage],
        href: Callable[[Procedure], str],
        title: str,
    ) -> str:
        """The related-procedures map: nodes coloured by coverage, linked to `href(procedure)`."""
        key, payload = self._map(procedures, coverage, href, title)
        return self._cached(key, "map", payload)

    def departments_svg(self, nodes: Sequence[DepartmentNode], lines: Sequence[tuple[str, str]], title: str) -> str:
        """The map of departments (department_map.py): one node per department linked to
        its page, a line between departments with related procedures."""
        return self._cached(self.departments_key(nodes, lines, title), "departments", (tuple(nodes), tuple(lines), title))

    def departments_key(self, nodes: Sequence[DepartmentNode], lines: Sequence[tuple[str, str]], title: str) -> str:
        """The cache key of `departments_svg(...)` with the same arguments (used, as `flow_key`)."""
        key = departments_key(nodes, lines, title, self.lang)
        self.used.add(key)
        return key

    def flow_key(self, procedure: Procedure, step_href: Callable[[str], str]) -> str:
        """The cache key of `procedure_svg(procedure, step_href)`: equal keys, equal SVG.
        The diagram counts as used (kept by `prune_cache`) even if never drawn."""
        key = self._flow(procedure, step_href)[0]
        self.used.add(key)
        return key

    def map_key(self, procedures: Sequence[Procedure], coverage: Mapping[str, Coverage],
                href: Callable[[Procedure], str], title: str) -> str:
        """The cache key of `map_svg(...)` with the same arguments (used, as `flow_key`)."""
        key = self._map(procedures, coverage, href, title)[0]
        self.used.add(key)
        return key

    def prepare(self, flows: Iterable[FlowJob] = (), maps: Iterable[MapJob] = (), workers: int = 2) -> int:
        """Start rendering, in `workers` background processes, the diagrams that later
        `procedure_svg(*flow)` and `map_svg(*map)` calls will ask for and the cache does not
        hold; return how many were started. Those calls then wait for their job, or render
        in-process when it has not started yet.

        Workers are forked (a spawned interpreter would re-run an unguarded main script),
        so this starts nothing outside Linux, while other threads run (forking them is
        unsafe), for fewer than MIN_BATCH misses, or when processes cannot be started:
        everything then renders on demand as without `prepare`."""
        todo: dict[str, tuple[str, tuple]] = {}
        for procedure, step_href in flows:
            if diagram_too_large(procedure):
                continue
            key, payload = self._flow(procedure, step_href)
            todo.setdefault(key, ("flow", payload))
        for procedures, coverage, href, title in maps:
            key, payload = self._map(procedures, coverage, href, title)
            todo.setdefault(key, ("map", payload))
        misses = [(key, job) for key, job in todo.items() if key not in self._jobs and not self.cache.contains(key)]
        if not misses or workers < 1 or sys.platform != "linux" or (len(misses) < MIN_BATCH and self._early is None):
            return 0
        if self._early is None and threading.active_count() > 1:
            return 0
        folder = str(self.cache.folder) if self.cache.folder is not None else None
        try:
            pool = self._early or fork_pool(workers)
            if pool not in self._pools and pool is not self._lent:
                self._pools.append(pool)  # idle workers wait for `close` (or exit with the interpreter)
            for key, (kind, payload) in misses:
                self._jobs[key] = pool.submit(render_job, key, kind, job_inputs(kind, payload), self.lang, folder)
        except (OSError, RuntimeError) as error:  # no processes here: render on demand
            log.debug("Diagrams render in-process, no worker processes: %s", error)
            self.close()
            return 0
        return len(misses)

    def fork_workers(self, flows: Iterable[FlowJob], workers: int = 2,
                     pool: ProcessPoolExecutor | None = None, lent: bool = False,
                     maps: Iterable[MapJob] = ()) -> bool:
        """Start the workers of `prepare` early, on the flows known before the pages are
        built (they render while the pages are built). Forked after the pages, each worker
        would share, and partly copy, every page held in memory; `pool`: workers forked
        earlier still (`workers.start_pool`, before the handbook was loaded), taken over
        here, or ended when they are not needed. Only when at least MIN_BATCH of `flows`
        miss the cache, under the same conditions as `prepare`. A `lent` pool (`mkdocs
        serve` forks one at its start, before any thread, for all its builds) is used for
        any number of misses, so the few diagrams an edit changes (its flow, the maps:
        `start_map`) render at once, beside the pages; `close` leaves it running, `kill`
        (a diagram out of time, a failed build) stops it. `maps` known by then (the home
        page's, the largest diagram, which the site build asks for first) start before
        the flows. Returns whether workers run."""
        if self._early is not None or workers < 1 or sys.platform != "linux" or (
                pool is None and threading.active_count() > 1):
            if pool is not None and not lent:
                stop_pool(pool)
            return False
        misses: dict[str, tuple] = {}
        for procedure, step_href in flows:
            if not diagram_too_large(procedure):
                key, payload = self._flow(procedure, step_href)
                if not self.cache.contains(key):
                    misses.setdefault(key, payload)
        if len(misses) < MIN_BATCH and not (lent and pool is not None):
            if pool is not None and not lent:
                stop_pool(pool)
            return False
        pool = pool or start_pool(workers)
        if pool is None:
            return False
        folder = str(self.cache.folder) if self.cache.folder is not None else None
        self._early = pool
        if lent:
            self._lent = pool
        else:
            self._pools.append(pool)
        try:
            for procedures, coverage, href, title in maps:
                key, payload = self._map(procedures, coverage, href, title)
                if key not in self._jobs and not self.cache.contains(key):
                    self._jobs[key] = pool.submit(render_job, key, "map", job_inputs("map", payload), self.lang, folder)
            for key, payload in misses.items():
                self._jobs[key] = pool.submit(render_job, key, "flow", job_inputs("flow", payload), self.lang, folder)
        except (OSError, RuntimeError) as error:
            log.debug("Diagrams render in-process, no worker processes: %s", error)
            self.close()
            return False
        return True

    def start_map(self, procedures: Sequence[Procedure], coverage: Mapping[str, Coverage],
                  href: Callable[[Procedure], str], title: str) -> None:
        """Start drawing a map the build will ask for, now, in the workers `fork_workers`
        kept, when the cache misses it (nothing without them: `prepare` starts it later)."""
        if self._early is not None:
            self.prepare(maps=[(procedures, coverage, href, title)])

    def pending_jobs(self) -> dict[str, Future]:
        """The jobs handed to the workers that no figure has taken yet, by key."""
        return dict(self._jobs)

    def forked(self, jobs: Mapping[str, Future]) -> None:
        """In a process forked from the build (adapters/mkdocs/split.py): the workers and
        their jobs belong to the build, not to this process; `jobs` stand for them (each
        ends when its job does, giving None: the diagram is then read from the cache, or
        drawn here when the worker did not store it). Nothing of the build's is touched."""
        self._jobs = dict(jobs)
        self._pools, self._solo, self._early, self._lent = [], None, None, None

    def worker_pool(self) -> ProcessPoolExecutor | None:
        """The workers `fork_workers` started (None: there are none), for other jobs of the build."""
        return self._early

    def close(self) -> None:
        """End the workers of `prepare`: jobs not yet started are dropped (an aborted build
        need not wait for them), running ones finish. Rendering on demand still works."""
        while self._pools:
            self._pools.pop().shutdown(wait=True, cancel_futures=True)
        for job in self._jobs.values():  # a lent pool's jobs that no page asked for
            job.cancel()
        self._jobs.clear()
        self.forget_kept()
        self._solo = self._early = self._lent = None

    def end_workers(self) -> None:
        """`mkdocs build`, every page written: end the worker processes once all the work
        handed to them is done (none is dropped); finished jobs keep their results. A lent
        pool is left running, as by `close`."""
        while self._pools:
            self._pools.pop().shutdown(wait=True)
        self._solo = self._early = None
        self.forget_kept()

    def kill(self) -> None:
        """End the workers at once, running jobs too (a build that failed or was stopped)."""
        if self._lent is not None:
            self._pools.append(self._lent)
        while self._pools:
            stop_pool(self._pools.pop())
        self._jobs.clear()
        self._solo = self._early = self._lent = None

    def _flow(self, procedure: Procedure, step_href: Callable[[str], str]) -> tuple[str, tuple]:
        hrefs = {s.id: step_href(s.id) for s in procedure.steps}
        known = self.flow_keys.get(id(procedure)) or self.known_flow_keys.get(id(procedure))
        if known is not None and known[0] is procedure and known[1] == hrefs and known[2] == self.lang:
            key = known[3]
        else:
            key = flow_key(procedure, hrefs, self.lang)
        self.flow_keys[id(procedure)] = (procedure, hrefs, self.lang, key)
        return key, (procedure, hrefs)

    def _map(
        self,
        procedures: Sequence[Procedure],
        coverage: Mapping[str, Coverage],
        href: Callable[[Procedure], str],
        title: str,
    ) -> tuple[str, tuple]:
        asked = (procedures, coverage, href)
        known = self._map_keys.get((id(procedures), id(coverage), id(href), title))
        if known is not None and all(a is b for a, b in zip(known[0], asked)):
            return known[1], known[2]  # the same map asked again (`start_map`, its figure's key, `prepare`)
        procedures = list(procedures)
        hrefs = [href(p) for p in procedures]
        used = {p.department for p in procedures}
        names = {d: name for d, name in self.departments.items() if d in used}  # in _org.yaml order
        key, payload = (map_key(procedures, coverage, hrefs, title, self.lang, names),
                        (procedures, dict(coverage), hrefs, title, names))
        self._map_keys[(id(asked[0]), id(coverage), id(href), title)] = (asked, key, payload)
        return key, payload

    def prune_cache(self) -> int:
        """After a build: drop cache entries it did not use once they are stale (see cache.py)."""
        return self.cache.prune(self.used)

    def _cached(self, key: str, kind: str, payload: tuple) -> str:
        self.used.add(key)
        kept = self._kept.get(key)
        if kept is not None:
            self.stats.hits += 1
            return kept
        job = self._jobs.pop(key, None)
        if job is not None and not job.cancel():  # started or done: take its result
            svg = self._wait(job, key)
            if svg is not None:
                self.stats.misses += 1
                return self._keep(key, svg)
        cached = self.cache.get(key)
        if cached is not None:
            self.stats.hits += 1
            return self._keep(key, cached)
        self.stats.misses += 1
        if self.time_limit is not None and sys.platform == "linux" and (
                self._solo is not None or threading.active_count() == 1):
            svg = self._render_in_worker(key, kind, payload)
        else:
            svg = render_scene(scene_of(kind, payload, self.lang), key)
        self.cache.put(key, svg)
        return svg

    def _keep(self, key: str, svg: str) -> str:
        """`svg` (read from the cache, or a worker's), kept to be given again while the kept
        SVGs stay within KEEP_CHARS: it stands for reading the cache again (without a cache
        folder, each is drawn again)."""
        if self.cache.folder is not None and self._kept_chars + len(svg) <= KEEP_CHARS:
            self._kept[key] = svg
            self._kept_chars += len(svg)
        return svg

    def forget_kept(self) -> None:
        """Let go of the SVGs kept to be given again (every page is written)."""
        self._kept, self._kept_chars = {}, 0

    def _wait(self, job: Future, key: str) -> str | None:
        """A `prepare` job's SVG; DiagramTooLarge (and its pool stopped) past the time limit."""
        try:
            job.result(timeout=self.time_limit)
        except FutureTimeout:
            self.kill()  # the stuck worker would keep the build from ever ending
            raise DiagramTooLarge(TOO_LARGE.get(self.lang, TOO_LARGE["en"])) from None
        except Exception:  # noqa: BLE001 - job_result logs it and the diagram renders again
            pass
        return job_result(job, self.cache, key)

    def _render_in_worker(self, key: str, kind: str, payload: tuple) -> str:
        """Render one diagram in this renderer's own worker, killed after `time_limit` seconds."""
        if self._solo is None:
            try:
                self._solo = fork_pool(1)
                self._pools.append(self._solo)
            except (OSError, RuntimeError):
                return render_scene(scene_of(kind, payload, self.lang), key)
        pool = self._solo
        try:
            return pool.submit(render_alone, key, kind, payload, self.lang).result(timeout=self.time_limit)
        except FutureTimeout:
            self._drop_solo()
            raise DiagramTooLarge(TOO_LARGE.get(self.lang, TOO_LARGE["en"])) from None
        except Exception as error:  # noqa: BLE001 - the worker broke: errors surface in-process as usual
            log.debug("A diagram worker failed, rendering in-process: %s", error)
            self._drop_solo()
            return render_scene(scene_of(kind, payload, self.lang), key)

    def _drop_solo(self) -> None:
        if self._solo is not None:
            if self._solo in self._pools:
                self._pools.remove(self._solo)
            stop_pool(self._solo)
            self._solo = None
