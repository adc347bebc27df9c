"""Cache keys of diagrams: a SHA-256 of exactly the inputs a builder reads, the
language and RENDERER_VERSION, so a hit costs a hash and a file read and the DOT is
only built on a miss (`flow_key`, `map_key`); `scene_key` names a built scene."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import asdict
from typing import TYPE_CHECKING

from ..model import Coverage, Procedure
from .engine import ENGINE_VERSION
from .scene import Scene

if TYPE_CHECKING:
    from ..department_links import DepartmentNode
    from .maps import Stack

# Bump when the output changes for the same input (styles, post-processing, layout rules).
RENDERER_VERSION = f"tebiki-diagrams-8/{ENGINE_VERSION}"  # 8: related lines of a department map drawn after the layout


def flow_key(procedure: Procedure, hrefs: Mapping[str, str], lang: str) -> str:
    """Cache key of a flow: the procedure's id and title and, per step, exactly what
    `flow_scene` reads (id, title, actor, mode, minutes, transitions, link `hrefs[step.id]`)."""
    return _digest(
        "flow",
        lang,
        procedure.id,
        procedure.title,
        [
            [s.id, s.title, s.actor, s.mode.value, s.minutes, [[t.to, t.when] for t in s.next], hrefs[s.id]]
            for s in procedure.steps
        ],
    )


def map_key(
    procedures: Sequence[Procedure], coverage: Mapping[str, Coverage], hrefs: Sequence[str], title: str, lang: str,
    departments: Mapping[str, str] | None = None,
) -> str:
    """Cache key of a map: per procedure its id, title, department, related ids, coverage
    class and link (`hrefs[i]` is procedure i's; the legend counts follow from the classes),
    plus the title."""
    rows = []
    for p, link in zip(procedures, hrefs, strict=True):
        klass = coverage.get(p.id)
        rows.append([p.id, p.title, p.department, list(p.related), klass.value if klass else None, link])
    return _digest("map", lang, title, rows, list((departments or {}).items()))  # their order is the boxes' order


def departments_key(nodes: Sequence[DepartmentNode], lines: Sequence[tuple[str, str]], title: str, lang: str) -> str:
    """Cache key of a map of departments: each department's id, name, number of procedures
    and link, in order, the lines (pairs of department ids) and the title."""
    return _digest("departments", lang, title, [[n.id, n.name, n.procedures, n.href] for n in nodes],
                   [list(line) for line in lines])


def _digest(*parts: object) -> str:
    content = json.dumps([RENDERER_VERSION, *parts], ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(content.encode("utf-8")).hexdigest()


def scene_key(scene: Scene | Stack) -> str:
    """SHA-256 of a built scene (DOT source, labels, links, texts; a Stack: its pieces'
    keys and its lines); names diagrams rendered with `render_scene` alone. The
    renderer's cache uses `flow_key`/`map_key` instead."""
    if not isinstance(scene, Scene):
        parts = [scene_key(piece) for piece in scene.pieces]
        stacked = json.dumps([RENDERER_VERSION, parts, scene.lines, scene.pitch, scene.title, scene.description], ensure_ascii=False)
        return hashlib.sha256(stacked.encode("utf-8")).hexdigest()
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
