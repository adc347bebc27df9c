"""Flow and map figures on pages: inline SVG, deferred slots (the plugin) or files (export)."""

from __future__ import annotations

import hashlib
import json
import logging
import posixpath
import re
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Mapping, Protocol, Sequence

from ..department_links import DepartmentNode
from ..model import Coverage, Procedure
from markupsafe import Markup

from .markup import html, template, trusted_svg
from .zoom import ZoomFile, full_size

log = logging.getLogger(f"mkdocs.plugins.{__name__}")

_BODY = "\x00tebiki-figure-body\x00"
"""Where a figure's diagram goes: the figure is rendered once around it (never in a value
the template escapes: it escapes NUL)."""


def _step_href(prefix: str) -> Callable[[str], str]:
    """Where a flow's step node links: the step's heading on the page (`prefix`: the page
    file, when the diagram is a separate file)."""
    def step_href(step_id: str) -> str:
        return f"{prefix}#step-{step_id}"
    return step_href


def _token_prefix(page_uri: str) -> str:
    """The first part of a page's figures' slot tokens: its path, hashed (markup-safe)."""
    return hashlib.blake2s(page_uri.encode(), digest_size=8).hexdigest()


Recipe = tuple[str, tuple[Any, ...]]
"""How a deferred figure was asked for: ("flow", arguments of `flow`), ("map", arguments of
`map`) or ("departments", arguments of `departments`)."""


class DiagramSource(Protocol):
    def procedure_svg(self, procedure: Procedure, step_href: Callable[[str], str]) -> str: ...

    def map_svg(
        self,
        procedures: Sequence[Procedure],
        coverage: Mapping[str, Coverage],
        href: Callable[[Procedure], str],
        title: str,
    ) -> str: ...

    def departments_svg(self, nodes: Sequence[DepartmentNode], lines: Sequence[tuple[str, str]], title: str) -> str: ...


@dataclass
class Figures:
    """Draws the flow and map figures through a diagram renderer (or not at all).

    `mode`:
    * `inline`: the SVG markup goes into the page;
    * `deferred` (the plugin): the page gets an empty slot
      `<div class="tebiki-figure-slot" data-tebiki-figure="N"></div>` and
      `resolve(N)` draws it later, when the page's final HTML is written — so
      neither Markdown nor the search indexer ever parse the SVG, and diagrams
      are not all held in memory at once;
    * `files` (export): the SVG is kept in `files` under a name next to the
      page, and the page shows it with `<img>`.
    """

    renderer: DiagramSource | None = None
    mode: str = "inline"
    files: dict[str, str] = field(default_factory=dict)
    pending: dict[str, Callable[[], str]] = field(default_factory=dict)
    zoom_label: str = ""
    """Text of the link to the diagram alone at full size (「図を拡大」); "" = no link."""
    standalone: dict[str, dict[str, str | ZoomFile]] = field(default_factory=dict)
    """Deferred mode: page src_uri -> {file name next to the page: the diagram alone (SVG, or
    a ZoomFile with `zoom_cache`)}."""
    zoom_cache: str | None = None
    """Deferred mode: the diagram cache folder, when the 「図を拡大」 files are ZoomFiles made
    from it where they are written (`mkdocs build`); None: their text (`mkdocs serve` keeps it)."""
    flow_jobs: list[tuple[Procedure, Callable[[str], str]]] = field(default_factory=list)
    """Deferred flows, in page order, so the renderer can start on them early (`prepare`)."""
    map_jobs: list[tuple[Sequence[Procedure], Mapping[str, Coverage], Callable[[Procedure], str], str]] = field(
        default_factory=list)
    keys: dict[str, str] = field(default_factory=dict)
    """Deferred mode: slot token -> what its figure is drawn from (kind, page, file name,
    caption, link words and the diagram's cache key), when the renderer can tell its cache
    key without drawing (`flow_key`, `map_key`): a page's figures are then known unchanged
    without drawing them (adapters/mkdocs/rebuilds.py)."""
    failed: set[str] = field(default_factory=set)
    """Pages (src_uri) with a figure that could not be drawn (too large, out of time, broken)."""
    recipes: dict[str, list[Recipe]] = field(default_factory=dict)
    """Deferred mode: page src_uri -> its figures as asked for, in order (`replay`)."""
    _replaying: bool = False
    scan: Callable[[str], list[str]] | None = None
    """What `resolve` looks for in the figures it draws (offline.external_urls): each
    diagram is scanned once per build (by its cache key), not once per page showing it."""
    scanned: dict[str, list[str]] = field(default_factory=dict)
    """Diagram cache key -> `scan` of its SVG as the renderer drew it."""
    _found: list[str] | None = None
    _known_keys: list[str | None] | None = None  # `replay`: the figures' `keys`, in order, as first found
    keyed: bool = True
    """Whether to fill `keys` (only `mkdocs serve` reads them: at 10,000 procedures they
    took tens of MB a `mkdocs build` never used)."""

    def recipes_of(self, page_uri: str) -> list[Recipe]:
        return list(self.recipes.get(page_uri, ()))

    def keys_of(self, page_uri: str) -> list[str | None]:
        """The `keys` of the page's figures, in the order of `recipes_of` (None: no key)."""
        token = _token_prefix(page_uri)
        return [self.keys.get(f"{token}-{n}") for n in range(len(self.recipes.get(page_uri, ())))]

    def replay(self, recipes: Sequence[Recipe], keys: Sequence[str | None] | None = None) -> None:
        """Ask again for the figures of a page made in an earlier build (render/page_memo.py):
        they get the same slot tokens, since a token is the page and the figure's place on it
        (the page already holds the slots: none is made again). `keys`: their `keys_of` in
        that build; a key is what the recipe and the page's shared inputs (language, link
        words) make, and the memo replays a page only when all of those are equal, so they
        are not computed again (hashing every flow of a large handbook, ~0.3 s a rebuild)."""
        self._replaying = True
        self._known_keys = list(keys) if keys is not None and len(keys) == len(recipes) else None
        try:
            for kind, args in recipes:
                if kind == "flow":
                    self.flow(*args)
                elif kind == "departments":
                    self.departments(*args)
                else:
                    self.map(*args)
        finally:
            self._replaying, self._known_keys = False, None

    def _figure(self, page_uri: str, name: str, kind: str, caption: str, draw: Callable[[], str],
                key: Callable[[], str] | None = None, recipe: Recipe | None = None,
                diagram: Callable[[], str] | None = None, anchor: str | None = None) -> Markup:
        if self.renderer is None:
            return html("")
        if self.mode == "deferred":
            asked = self.recipes.setdefault(page_uri, [])
            # the same in every build that makes the same page: its path (hashed: markup-safe) and the figure's place
            token = f"{_token_prefix(page_uri)}-{len(asked)}"
            known = self._known_keys[len(asked)] if self._known_keys is not None else None
            asked.append(recipe or (kind, ()))
            self.pending[token] = lambda: self._draw(page_uri, name, kind, caption, draw, diagram, anchor)
            if known is not None:
                self.keys[token] = known
            elif key is not None and self.keyed:
                self.keys[token] = json.dumps([kind, page_uri, name, caption, self.zoom_label, key()],
                                              ensure_ascii=False)
            return html("") if self._replaying else template("figures.html").slot(token)
        return self._draw(page_uri, name, kind, caption, draw)

    def _draw(self, page_uri: str, name: str, kind: str, caption: str, draw: Callable[[], str],
              diagram: Callable[[], str] | None = None, anchor: str | None = None) -> Markup:
        t = template("figures.html")
        try:
            svg = draw()
        except Exception as e:  # a diagram must never stop the handbook build
            self.failed.add(page_uri)
            if type(e).__name__ == "DiagramTooLarge":  # over the limits, or out of time: say so where it would be
                return self._scanned(t.too_large(kind, str(e), caption))
            log.warning("Could not draw the %s diagram of '%s': %s", kind, page_uri, e)
            return html("")
        if not svg:
            return html("")
        if self.mode == "files":
            file_uri = posixpath.join(posixpath.dirname(page_uri), name)
            self.files[file_uri] = svg
            body = t.img(name, caption)
        else:
            # No blank lines: inline, the figure must stay one raw HTML block in Markdown.
            body = trusted_svg("\n".join(line for line in svg.splitlines() if line.strip()))
            if self.mode == "deferred" and self.zoom_label:
                self.standalone.setdefault(page_uri, {})[name] = self._zoom_file(svg, draw, diagram, anchor)
        zoom = self.zoom_label if self.zoom_label and self.mode in ("deferred", "files") else ""
        around = str(t.figure(kind, trusted_svg(_BODY), caption, name, zoom))  # rendered once, scanned without the body
        if self._found is not None and self.scan is not None:
            # the figure around the diagram, then the diagram as drawn, scanned once per build: on
            # a page it differs only by blank lines and its `#step-` links (never an outside URL)
            self._found += self.scan(around.replace(_BODY, ""))
            self._found += self._scan_diagram(svg, diagram)
        return trusted_svg(around.replace(_BODY, body))

    def _zoom_file(self, svg: str, draw: Callable[[], str], diagram: Callable[[], str] | None,
                   anchor: str | None) -> str | ZoomFile:
        """The 「図を拡大」 file of a figure drawn as `svg`: a ZoomFile when it can be made from
        the cache (`zoom_cache`, a diagram with a cache key), else its text."""
        if self.zoom_cache is None or diagram is None:
            return full_size(svg)
        return ZoomFile(self.zoom_cache, diagram(), anchor, lambda: full_size(draw()))

    def _scan_diagram(self, svg: str, diagram: Callable[[], str] | None) -> list[str]:
        """`scan(svg)`, remembered by the diagram's cache key (`diagram()`) when there is one."""
        assert self.scan is not None
        known = diagram() if diagram is not None else None
        urls = self.scanned.get(known) if known is not None else None
        if urls is None:
            urls = self.scan(svg)
            if known is not None:
                self.scanned[known] = urls
        return urls

    SLOT = re.compile(r'<div class="tebiki-figure-slot" data-tebiki-figure="([0-9a-f]+-[0-9]+)"></div>')

    def resolve(self, html: str, found: list[str] | None = None) -> str:
        """Replace the deferred slots in `html` by their figures (each drawn once); `found`
        gets what `scan` finds in the figures drawn (their diagrams scanned once per build)."""
        if "tebiki-figure-slot" not in html:
            return html
        self._found = found
        try:
            return self.SLOT.sub(lambda m: (self.pending.pop(m[1], None) or (lambda: ""))(), html)
        finally:
            self._found = None

    def _scanned(self, figure: Markup) -> Markup:
        if self._found is not None and self.scan is not None:
            self._found += self.scan(str(figure))
        return figure

    def flow(self, page_uri: str, proc: Procedure, caption: str, anchor: str = "step-") -> Markup:
        """The flow of `proc`; its nodes link to `#{anchor}{step id}`.

        A page showing several procedures (a hand-over pack) gives each its own anchor
        and file name. The diagram is still drawn with the procedure page's links, so it
        is rendered and cached once, and only its links are renamed here."""
        if self.renderer is None:
            return html("")
        renderer = self.renderer
        stem = posixpath.basename(page_uri)[:-3]
        prefix = f"{stem}.md" if self.mode == "files" else ""  # a separate .svg file must name the page
        name = f"{stem}.flow.svg" if anchor == "step-" else f"{stem}.{proc.id}.flow.svg"
        step_href = _step_href(prefix)

        def draw() -> str:
            svg = renderer.procedure_svg(proc, step_href)
            return svg if anchor == "step-" else svg.replace(f'href="{prefix}#step-', f'href="{prefix}#{anchor}')

        key = diagram = None
        if self.mode == "deferred":
            self.flow_jobs.append((proc, step_href))
            flow_key = getattr(renderer, "flow_key", None)
            key = (lambda: f"{anchor}|{flow_key(proc, step_href)}") if flow_key else None
            diagram = (lambda: flow_key(proc, step_href)) if flow_key else None
        return self._figure(page_uri, name, "flow", caption, draw, key, ("flow", (page_uri, proc, caption, anchor)),
                            diagram, None if anchor == "step-" else anchor)

    def expected_flows(self, procedures: Iterable[Procedure]) -> list[tuple[Procedure, Callable[[str], str]]]:
        """The flow jobs the procedure pages of `procedures` will record (`flow_jobs`), known
        before the pages are built (deferred mode), so the workers can start early."""
        return [(proc, _step_href("")) for proc in procedures]

    def map(
        self, page_uri: str, procs: Sequence[Procedure], coverage: Mapping[str, Coverage],
        href: Callable[[Procedure], str], caption: str,
    ) -> Markup:
        if self.renderer is None or not procs:
            return html("")
        renderer = self.renderer
        stem = posixpath.basename(page_uri)[:-3]
        key = None
        if self.mode == "deferred":
            self.map_jobs.append((procs, coverage, href, caption))
            start = getattr(renderer, "start_map", None)
            if start is not None:
                start(procs, coverage, href, caption)
            map_key = getattr(renderer, "map_key", None)
            key = (lambda: map_key(procs, coverage, href, caption)) if map_key else None
        return self._figure(
            page_uri, f"{stem}.map.svg", "map", caption,
            lambda: renderer.map_svg(procs, coverage, href, caption), key,
            ("map", (page_uri, procs, coverage, href, caption)), key,
        )

    def departments(self, page_uri: str, nodes: Sequence[DepartmentNode], lines: Sequence[tuple[str, str]],
                    caption: str) -> Markup:
        """The map of departments (a large handbook's home, diagrams/department_map.py):
        drawn as a map (same figure, file `<page>.map.svg`), from departments, not procedures."""
        if self.renderer is None or not nodes:
            return html("")
        renderer = self.renderer
        key_of = getattr(renderer, "departments_key", None) if self.mode == "deferred" else None
        return self._figure(
            page_uri, f"{posixpath.basename(page_uri)[:-3]}.map.svg", "map", caption,
            lambda: renderer.departments_svg(nodes, lines, caption),
            (lambda: key_of(nodes, lines, caption)) if key_of else None,
            ("departments", (page_uri, nodes, lines, caption)),
        )
