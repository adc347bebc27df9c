"""References between files (spec: "Reading YAML written by people", rule 7).

A reference (an owner, a backup, a trainee, a department, `related`, `next`, an
improvement's steps) that names nothing known is reported by the cross-file checks
with its reference code, never as `schema`, also when it is not even a valid id
(`Mori`, `森 太郎`, `総務`). `closest` names the known id the author most likely meant.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Iterable, Mapping, Sequence

# Field paths (list indices as `*`) whose value names something defined elsewhere.
REFERENCE_PATHS: dict[str, tuple[tuple[str, ...], ...]] = {
    "procedure": (
        ("department",), ("owner",), ("backup_owners", "*"), ("related", "*"),
        ("trainees", "*", "person"), ("steps", "*", "next", "*"), ("steps", "*", "next", "*", "to"),
        ("improvements", "*", "steps", "*"),
    ),
    "org": (("people", "*", "department"),),
    "inventory": (("procedures", "*", "department"),),
}


def is_reference(kind: str, path: Sequence[str | int]) -> bool:
    """Whether the value at `path` of a `kind` file is a reference (see REFERENCE_PATHS)."""
    shape = tuple("*" if isinstance(part, int) else part for part in path)
    return shape in REFERENCE_PATHS.get(kind, ())


def _normal(text: str) -> str:
    """Case, width and spaces do not tell ids apart for a human: `Ｍｏｒｉ ` ~ `mori`."""
    return re.sub(r"[\s\u3000_]+", "", unicodedata.normalize("NFKC", text)).lower()


def closest(found: str, known: Iterable[str], names: Mapping[str, str] | None = None) -> str:
    """The known id `found` most likely means, or "" when none is close.

    In order: the same id in other case or width or with spaces around; an id whose
    display name (`names`: id -> name, like a person's `森 太郎`) is `found`; one
    character typed wrong, missing or extra (two for ids of 6 characters or more)."""
    ids = list(known)
    target = _normal(found)
    if not target:
        return ""
    for candidate in ids:
        if _normal(candidate) == target:
            return candidate
    for candidate, name in (names or {}).items():
        if name and _normal(name) == target:
            return candidate
    best, best_distance = "", 3
    for candidate in ids:
        limit = 2 if len(candidate) >= 6 else 1
        distance = _distance(target, _normal(candidate), limit)
        if distance <= limit and distance < best_distance:
            best, best_distance = candidate, distance
    return best


def _distance(a: str, b: str, limit: int) -> int:
    """Levenshtein distance of a and b, or limit + 1 once it is surely larger."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous = list(range(len(b) + 1))
    for i, char_a in enumerate(a, 1):
        current = [i]
        for j, char_b in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (char_a != char_b)))
        if min(current) > limit:
            return limit + 1
        previous = current
    return previous[-1]
