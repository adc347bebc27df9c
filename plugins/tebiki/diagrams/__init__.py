"""Flow diagrams of procedures and the related-procedures map, as inline SVG.

    renderer = DiagramRenderer(cache_dir, lang="ja")
    svg = renderer.procedure_svg(procedure, lambda step_id: f"#step-{step_id}")
    svg = renderer.map_svg(procedures, coverage, lambda p: f"../{p.id}/", "関連手続マップ")

Builders (`flow.py`, `maps.py`) turn the model into DOT plus labels; `engine.py`
lays it out with pygraphviz in-process; `svg.py` draws the labels and makes
the markup page-ready; `cache.py` keeps results by content hash.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

from ..model import Coverage, Procedure
from .cache import SvgCache
from .engine import ENGINE_VERSION, DiagramError, layout
from .flow import flow_scene
from .maps import map_scene
from .scene import Scene
from .svg import finish

__all__ = ["DiagramError", "DiagramRenderer", "RENDERER_VERSION", "Stats", "render_scene", "scene_key"]

# Bump when the output changes for the same input (styles, post-processing, layout rules).
RENDERER_VERSION = f"tebiki-diagrams-1/{ENGINE_VERSION}"


@dataclass
class Stats:
    """Cache hits and renders (misses) since the renderer was made."""

    hits: int = 0
    misses: int = 0


class DiagramRenderer:
    """Renders diagrams to inline `<svg>` markup, through a content-keyed cache when `cache_dir` is set."""

    def __init__(self, cache_dir: Path | None, lang: str = "ja") -> None:
        self.cache = SvgCache(Path(cache_dir) if cache_dir is not None else None)
        self.lang = lang
        self.stats = Stats()

    def procedure_svg(self, procedure: Procedure, step_href: Callable[[str], str]) -> str:
        """The swimlane flow of `procedure`; each step node links to `step_href(step.id)`."""
        return self._render(flow_scene(procedure, step_href, self.lang))

    def map_svg(
        self,
        procedures: Sequence[Procedure],
        coverage: Mapping[str, Coverage],
        href: Callable[[Procedure], str],
        title: str,
    ) -> str:
        """The related-procedures map: nodes coloured by coverage, linked to `href(procedure)`."""
        return self._render(map_scene(procedures, coverage, href, title, self.lang))

    def _render(self, scene: Scene) -> str:
        key = scene_key(scene)
        cached = self.cache.get(key)
        if cached is not None:
            self.stats.hits += 1
            return cached
        self.stats.misses += 1
        svg = render_scene(scene, key)
        self.cache.put(key, svg)
        return svg


def scene_key(scene: Scene) -> str:
    """SHA-256 of everything that shapes the output: renderer version, DOT source, labels, links, texts."""
    content = json.dumps(
        [
            RENDERER_VERSION,
            scene.dot,
            {k: asdict(v) for k, v in scene.labels.items()},
            {k: asdict(v) for k, v in scene.links.items()},
            scene.title,
            scene.description,
        ],
        ensure_ascii=False,
        sort_keys=True,
    )
    return hashlib.sha256(content.encode("utf-8")).hexdigest()


def render_scene(scene: Scene, key: str | None = None) -> str:
    """Lay out and finish one scene, without any cache."""
    key = key or scene_key(scene)
    laid_out = layout(scene.dot)
    uid = f"tebiki-{key[:12]}"
    return finish(laid_out.svg, laid_out.centres, scene.labels, scene.links, scene.title, scene.description, uid)
