"""Pages not made again when nothing they show has changed (`mkdocs serve`).

The pages made once per procedure, person or department — procedure pages, person
pages, hand-over packs and department pages, nearly all of a large handbook — are each
made from:

* `shared`: what any of them may read besides procedures: the org and inventory,
  the day, the review interval, the language, the options, the
  site links and how figures are drawn;
* the procedures it shows (`shown`), in order, each with what the handbook derives
  from it for pages: review status, coverage class, the problems of its file, its
  業務量 (`derived`);
* a hand-over pack also reads the work everyone holds (its suggested successors);
* a department page also reads the department's work without a procedure file and its
  hours per year by mode (its 業務量 cards).

`PageMemo._page` compares these inputs with the previous build's by value and gives
back the previous page when they are equal; its figures are registered again with
the build's `Figures` under the same slot tokens (a map's recipe holds its procedures,
their coverage and the links, not the handbook). `PageMemo.part` does the same for a
part of a page made from the whole handbook: a department's table of the 星取表 (its
`SkillMatrix`). Pages made from the whole handbook (home, coverage, people, 業務量,
skills, problems) are always made.
Pure: no engine; `tests/test_page_memo.py` checks every kind of edit against pages
made afresh.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Sequence, TypeVar

from ..model import Procedure
from ..risk import work_held, workload_hours
from .context import RenderContext, RenderedPage
from .figures import Recipe
from .handover import has_pack

T = TypeVar("T")


@dataclass
class Made:
    """A page and the inputs it was made from, with its figures' recipes."""

    inputs: tuple
    page: RenderedPage
    figures: list[Recipe]
    keys: list[str | None]  # the figures' keys (`Figures.keys_of`), given back with them


@dataclass
class PageMemo:
    """The previous build's pages by (kind, key), and this build's."""

    made: dict[tuple[str, str], Made] = field(default_factory=dict)
    now: dict[tuple[str, str], Made] = field(default_factory=dict)
    reused: int = 0
    remade: list[tuple[str, str]] = field(default_factory=list)
    """This build's pages made afresh, by (kind, key)."""
    _shared: tuple | None = None
    _last_shared: tuple | None = None
    _work: Any = None
    _last_work: Any = None
    parts: dict[tuple[str, str], tuple[tuple, Any]] = field(default_factory=dict)
    parts_now: dict[tuple[str, str], tuple[tuple, Any]] = field(default_factory=dict)

    def start(self, ctx: RenderContext) -> None:
        """Before a build's pages: what every page shares, computed once."""
        hb = ctx.handbook
        self._shared = (hb.org, hb.inventory, hb.ownership_known, hb.today, hb.review_interval_months, hb.folder,
                        ctx.labels.lang, ctx.site_title, ctx.working_days, ctx.show_workload,
                        ctx.scenarios, ctx.links, ctx.urls, ctx.figures.mode, ctx.figures.zoom_label,
                        type(ctx.figures.renderer).__name__)
        if self._shared == self._last_shared:  # compared once; then each page's inputs compare by identity
            self._shared = self._last_shared
        self._last_shared, self._work = self._shared, None
        self.now, self.parts_now, self.reused, self.remade = {}, {}, 0, []

    def end(self) -> None:
        """After a build's pages: they are what the next build compares with."""
        self.made, self.now = self.now, {}
        self.parts, self.parts_now = self.parts_now, {}

    def procedure(self, ctx: RenderContext, proc: Procedure, make: Callable[[], RenderedPage]) -> RenderedPage:
        shown = [proc, *ctx.index.related_of(proc, ctx.handbook)]
        return self._page(ctx, "procedure", proc.id, shown, (), make)

    def person(self, ctx: RenderContext, pid: str, make: Callable[[], RenderedPage]) -> RenderedPage:
        ix = ctx.index
        groups = (ix.owns.get(pid, []), ix.backs_up.get(pid, []), ix.trains.get(pid, []),
                  [p for p, _step in ix.steps_named_for(ctx.handbook, pid)])
        shown = [p for group in groups for p in group]
        return self._page(ctx, "person", pid, shown, tuple(len(g) for g in groups), make)

    def handover(self, ctx: RenderContext, pid: str, make: Callable[[], RenderedPage]) -> RenderedPage:
        hb = ctx.handbook
        mine = ctx.index.owns.get(pid, []) + ctx.index.backs_up.get(pid, [])  # the pack's order (handover.py)
        if self._work is None:
            procedures = list(hb.procedures.values())
            self._work = work_held(procedures, hb.org, workload_hours(procedures, ctx.working_days))
            if self._work == self._last_work:
                self._work = self._last_work
            self._last_work = self._work
        return self._page(ctx, "handover", pid, mine, (self._work, has_pack(ctx.index, pid)), make)

    def department(self, ctx: RenderContext, did: str, make: Callable[[], RenderedPage]) -> RenderedPage:
        procs = ctx.index.procedures_by_department.get(did, [])
        # its 業務量 cards: the department's hours by mode, and its procedures' figures (in `derived`)
        hours = ctx.workload.by_department.get(did) if ctx.workload is not None else None
        extra = (tuple(ctx.index.undocumented_by_department.get(did, ())), hours)
        return self._page(ctx, "department", did, procs, extra, make)

    def part(self, ctx: RenderContext, kind: str, key: str, inputs: tuple, make: Callable[[], T]) -> T:
        """A part of a page (no figures in it) made from `inputs` and `shared`: the
        previous build's when they are equal (by value), else `make()`."""
        full = (self._shared, inputs)
        old = self.parts.get((kind, key))
        if old is not None and old[0] == full:
            self.reused += 1
            value = old[1]
        else:
            value = make()
            self.remade.append((kind, key))
        self.parts_now[(kind, key)] = (full, value)
        return value

    def _page(self, ctx: RenderContext, kind: str, key: str, shown: Sequence[Procedure], extra: tuple,
              make: Callable[[], RenderedPage]) -> RenderedPage:
        inputs = (self._shared, tuple(shown), tuple(derived(ctx, p) for p in shown), extra)
        old = self.made.get((kind, key))
        if old is not None and old.inputs == inputs:
            ctx.figures.replay(old.figures, old.keys)
            self.reused += 1
            made = old
        else:
            page = make()
            self.remade.append((kind, key))
            made = Made(inputs, page, ctx.figures.recipes_of(page.src_uri), ctx.figures.keys_of(page.src_uri))
        self.now[(kind, key)] = made
        return made.page


def derived(ctx: RenderContext, proc: Procedure) -> tuple:
    """What the handbook derives from one procedure for its pages."""
    hb = ctx.handbook
    workload = ctx.workload.of(proc.id) if ctx.workload is not None else None
    return (hb.reviews.get(proc.id), hb.coverage.get(proc.id), tuple(ctx.index.problems_by_file.get(proc.file, ())),
            workload)
