"""Flow diagrams of procedures and the related-procedures map, as inline SVG.

    renderer = DiagramRenderer(cache_dir, lang="ja")
    svg = renderer.procedure_svg(procedure, lambda step_id: f"#step-{step_id}")
    svg = renderer.map_svg(procedures, coverage, lambda p: f"../{p.id}/", "業務の関連図")

Modules by job: builders (`flow.py`, `maps.py`) turn the model into a `Scene`
(DOT plus labels); `engine.py` lays it out with pygraphviz in-process; `svg.py`
draws the labels and makes the markup page-ready; `draw.py` chains the three for one
diagram; `keys.py` makes the cache keys and `cache.py` keeps results by them;
`workers.py` runs jobs in processes that die with the build; `renderer.py`
(`DiagramRenderer`) ties them together. None imports a site engine.

The cache key is a hash of the inputs (`flow_key`, `map_key`): exactly the
model fields and links the builders read, the language and RENDERER_VERSION.
A hit therefore costs a hash and a file read; the DOT is only built on a miss.

A site build can start the misses early, in background processes, and pick
the results up later (Graphviz keeps global state, so one process lays out
one diagram at a time):

    renderer.prepare(flows=[(procedure, step_href), ...], maps=[(procedures, coverage, href, title), ...])
    ...
    svg = renderer.procedure_svg(procedure, step_href)  # waits for, or takes over, its job
    renderer.close()
"""

from .engine import DiagramError
from .keys import RENDERER_VERSION, flow_key, map_key, scene_key
from .draw import render_scene
from .renderer import TIME_LIMIT, DiagramRenderer, DiagramTooLarge, Stats

__all__ = [
    "DiagramError",
    "DiagramTooLarge",
    "DiagramRenderer",
    "RENDERER_VERSION",
    "Stats",
    "TIME_LIMIT",
    "flow_key",
    "map_key",
    "render_scene",
    "scene_key",
]
