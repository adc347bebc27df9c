"""One diagram drawn, without cache or workers: the scene a job describes
(`scene_of`), then Graphviz's layout and our finishing (`render_scene`)."""

from __future__ import annotations

from .engine import layout
from .flow import flow_scene
from .keys import scene_key
from .maps import map_scene
from .scene import Scene
from .svg import finish


def scene_of(kind: str, payload: tuple, lang: str) -> Scene:
    """The scene of a flow `(procedure, hrefs by step id)` or a map `(procedures, coverage, hrefs, title)`."""
    if kind == "flow":
        procedure, hrefs = payload
        return flow_scene(procedure, hrefs.__getitem__, lang)
    procedures, coverage, hrefs, title, names = payload
    by_object = {id(p): h for p, h in zip(procedures, hrefs)}
    return map_scene(procedures, coverage, lambda p: by_object[id(p)], title, lang, names)


def render_scene(scene: Scene, key: str | None = None) -> str:
    """Lay out and finish one scene, without any cache."""
    key = key or scene_key(scene)
    laid_out = layout(scene.dot)
    uid = f"tebiki-{key[:12]}"
    return finish(laid_out.svg, laid_out.centres, scene.labels, scene.links, scene.title, scene.description, uid)
