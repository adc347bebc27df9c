"""One diagram drawn, without cache or workers: the scene a job describes
(`scene_of`), then Graphviz's layout and our finishing (`render_scene`)."""

from __future__ import annotations

from .department_map import department_map_scene
from .engine import layout
from .flow import flow_scene
from .inputs import flow_part, map_part
from .keys import scene_key
from .maps import Stack, map_scene
from .scene import Scene
from .stack import compose
from .svg import finish, finish_tree


def scene_of(kind: str, payload: tuple, lang: str) -> Scene | Stack:
    """The scene of a flow `(procedure, hrefs by step id)` or a map `(procedures, coverage, hrefs, title)`,
    drawn from the parts of the procedures their cache keys hash (inputs.py)."""
    if kind == "flow":
        procedure, hrefs = payload
        return flow_scene(flow_part(procedure), hrefs.__getitem__, lang)
    if kind == "departments":
        nodes, lines, title = payload
        return department_map_scene(nodes, lines, title, lang)
    procedures, coverage, hrefs, title, names = payload
    parts = [map_part(p) for p in procedures]  # drawn from what map_key hashes, nothing else
    by_object = {id(p): h for p, h in zip(parts, hrefs)}
    return map_scene(parts, coverage, lambda p: by_object[id(p)], title, lang, names)


def render_scene(scene: Scene | Stack, key: str | None = None) -> str:
    """Lay out and finish one scene, without any cache (a Stack: each piece, then composed)."""
    key = key or scene_key(scene)
    if isinstance(scene, Stack):
        layouts = [layout(piece.dot) for piece in scene.pieces]
        centres = {k: v for laid in layouts for k, v in laid.centres.items()}
        labels = {k: v for piece in scene.pieces for k, v in piece.labels.items()}
        links = {k: v for piece in scene.pieces for k, v in piece.links.items()}
        return finish_tree(compose(layouts, scene.lines, scene.pitch), centres, labels, links, scene.title, scene.description,
                           f"tebiki-{key[:12]}")
    laid_out = layout(scene.dot)
    uid = f"tebiki-{key[:12]}"
    return finish(laid_out.svg, laid_out.centres, scene.labels, scene.links, scene.title, scene.description, uid)
