"""A problem removes only what it touches (spec: "Reading YAML written by people", rule 8).

Given the paths of values a schema problem made unusable, `contain` removes the
smallest thing that holds them:
- an optional field: the field (it reads as absent: an invalid `status` is `active`);
- a list item: the item, replaced by DROPPED so every other item keeps its index
  (and so its line in the file); builders skip DROPPED;
- a required field with a stand-in (DEFAULTS: a department's or person's name is its
  id, a missing department or summary is empty): the stand-in;
- any other required field: the mapping holding it (a step without an id, a person
  without a usable id), and so on upwards;
- a procedure's `id`, `title` or `steps`, or a file that is not a mapping: the whole
  document (None), as it cannot be identified or shown. So is a procedure whose
  every step was removed.
"""

from __future__ import annotations

from typing import Any, Callable, Iterable

from .values import Path_, resolve_schema_at


class _Dropped:
    def __repr__(self) -> str:
        return "DROPPED"


DROPPED: Any = _Dropped()
"""Stands where an unusable list item was."""

FATAL: dict[str, set[tuple[str, ...]]] = {
    "procedure": {("id",), ("title",), ("steps",)},
    "org": set(),
    "inventory": set(),
}


def _own_id(mapping: dict[str, Any]) -> Any:
    return mapping.get("id") if isinstance(mapping.get("id"), str) else ""


DEFAULTS: dict[str, dict[tuple[str, ...], Callable[[dict[str, Any]], Any]]] = {
    "procedure": {("department",): lambda _: "", ("summary",): lambda _: "", ("frequency",): lambda _: ""},
    "org": {("departments",): lambda _: [], ("people",): lambda _: [],
            ("departments", "*", "name"): _own_id, ("people", "*", "name"): _own_id,
            ("people", "*", "department"): lambda _: ""},
    "inventory": {("procedures",): lambda _: [], ("procedures", "*", "title"): _own_id,
                  ("procedures", "*", "department"): lambda _: ""},
}


def _shape(path: Path_) -> tuple[str, ...]:
    return tuple("*" if isinstance(part, int) else part for part in path)


def contain(data: Any, unusable: Iterable[Path_], kind: str, schema: dict[str, Any]) -> Any:
    """`data` without what `unusable` touches (changed in place), or None when nothing usable is left."""
    if not isinstance(data, dict):
        return None
    for path in sorted(set(unusable), key=len, reverse=True):
        if not _remove(data, tuple(path), kind, schema):
            return None
    if kind == "procedure" and not [s for s in data.get("steps") or () if s is not DROPPED]:
        return None
    return data


def _remove(data: dict[str, Any], path: Path_, kind: str, schema: dict[str, Any]) -> bool:
    """Remove the smallest thing holding `path`; False when that is the whole document."""
    if not path or _shape(path) in FATAL[kind]:
        return False
    parent: Any = data
    for part in path[:-1]:
        try:
            parent = parent[part]
        except (KeyError, IndexError, TypeError):
            return True  # already removed with something larger
        if parent is DROPPED:
            return True
    last = path[-1]
    if isinstance(last, int):
        if isinstance(parent, list) and 0 <= last < len(parent):
            parent[last] = DROPPED
        return True
    if not isinstance(parent, dict):
        return True
    default = DEFAULTS[kind].get(_shape(path))
    if default is not None:
        parent[last] = default(parent)
        return True
    holder = resolve_schema_at(schema, path[:-1], data)
    if last in holder.get("required", ()):
        return _remove(data, path[:-1], kind, schema)
    parent.pop(last, None)
    return True


def kept(items: Any) -> list[tuple[int, Any]]:
    """(index in the file, item) of the usable items of a list; [] for anything else."""
    if not isinstance(items, list):
        return []
    return [(index, item) for index, item in enumerate(items) if item is not DROPPED]
