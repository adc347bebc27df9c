"""Where a relation map's related lines run (pure: node centres in, SVG path data out).

The map is a grid (diagrams/maps.py): every department box has the same columns, each
row is one rank. A line never runs under a node other than its two ends: it leaves its
upper node downwards into the gap below that node's row, runs along that gap to a
gutter (the space between two columns, or beside the outer ones), down the gutter to the
gap above the other node's row, and along it into that node. Nodes side by side in one
row are joined through the gap above the row; nodes one above the other with nothing
between them, by a straight line. Lines sharing a gap or a gutter each take a lane of
their own in it (`LANE` apart) and turn with rounded corners, so each can be followed.

Coordinates are points, y growing downwards (the composed SVG's).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence

Point = tuple[float, float]

LANE = 3.0
"""Distance (pt) between lines sharing a gap or a gutter: the first line runs in its
middle, the next ones 3pt to either side in turn, up to ±9pt (a gutter is 18pt wide, a
gap between rows 21.6pt); more lines than that share lanes again."""
OFFSETS = tuple(LANE * k for k in (0, 1, -1, 2, -2, 3, -3))
EDGE_GAP = 32.0
"""Where the gap above the first row or below the last one is (pt from the row's centre)."""
CORNER = 4.0
"""Radius (pt) of a line's rounded corners: where two lines cross, each one goes straight."""

Lane = Callable[[tuple[str, float]], float]
"""The shift (pt) of the line being routed in a gap ("row", y) or gutter ("column", x)."""


def route(start: Point, end: Point, cells: Sequence[Point], pitch: float, lane: Lane = lambda _c: 0.0,
          rows: list[float] | None = None) -> list[Point]:
    """The corners of the line from node centre `start` to node centre `end`: `cells` are
    the centres of every node of the grid (department headers included), `pitch` the
    distance between two columns' centres, `lane` its shift in each gap and gutter, `rows`
    the distinct y of `cells` in order (computed when not given)."""
    (ax, ay), (bx, by) = sorted((start, end), key=lambda p: (p[1], p[0]))
    rows = rows or sorted({round(y, 1) for _x, y in cells})
    if abs(ay - by) < 1:  # one row: through the gap above it
        gap = _gap_above(rows, ay)
        gap += lane(("row", gap))
        return _oriented([(ax, ay), (ax, gap), (bx, gap), (bx, by)], start)
    below, above = _gap_below(rows, ay), _gap_above(rows, by)
    between = [(x, y) for x, y in cells if abs(x - ax) < 1 and ay + 1 < y < by - 1]
    if abs(ax - bx) < 1 and not between:  # straight down, nothing in the way
        return _oriented([(ax, ay), (bx, by)], start)
    below += lane(("row", below))
    if abs(below - above) < LANE * 4:  # the next row: one gap
        return _oriented([(ax, ay), (ax, below), (bx, below), (bx, by)], start)
    above += lane(("row", above))
    left = min(x for x, _y in cells)  # column 0
    column = round((ax - left) / pitch)
    gutter = column + 1 if bx >= ax else column  # just beside the upper node, towards the other
    x = left + (gutter - 0.5) * pitch
    x += lane(("column", x))
    return _oriented([(ax, ay), (ax, below), (x, below), (x, above), (bx, above), (bx, by)], start)


def path_data(points: Sequence[Point]) -> str:
    """SVG path data of a line through `points`, its corners rounded (CORNER)."""
    (x, y), *rest = points
    out = [f"M{_num(x)},{_num(y)}"]
    for before, corner, after in zip(points, points[1:], points[2:]):
        r = min(CORNER, _distance(before, corner) / 2, _distance(corner, after) / 2)
        into, out_of = _towards(corner, before, r), _towards(corner, after, r)
        out.append(f"L{_num(into[0])},{_num(into[1])} Q{_num(corner[0])},{_num(corner[1])} "
                   f"{_num(out_of[0])},{_num(out_of[1])}")
    x, y = rest[-1]
    out.append(f"L{_num(x)},{_num(y)}")
    return " ".join(out)


def routes(centres: Mapping[str, Point], lines: Sequence[tuple[str, str]], pitch: float) -> list[str]:
    """Path data of each of `lines` (node names) whose two nodes are in `centres`, in order;
    each line takes the next free lane (OFFSETS) of every gap and gutter it runs along."""
    cells = list(centres.values())
    rows = sorted({round(y, 1) for _x, y in cells})
    taken: dict[tuple[str, float], int] = {}
    return [path_data(route(centres[a], centres[b], cells, pitch, _lanes(taken), rows))
            for a, b in lines if a in centres and b in centres]


def _lanes(taken: dict[tuple[str, float], int]) -> Lane:
    """One line's lanes: in each gap or gutter, the next one not `taken` by the lines before."""
    mine: dict[tuple[str, float], float] = {}

    def lane(channel: tuple[str, float]) -> float:
        key = (channel[0], round(channel[1], 1))
        if key not in mine:
            mine[key] = OFFSETS[taken.get(key, 0) % len(OFFSETS)]
            taken[key] = taken.get(key, 0) + 1
        return mine[key]

    return lane


def _row(rows: list[float], y: float) -> float:
    return min(rows, key=lambda r: abs(r - y))


def _gap_above(rows: list[float], y: float) -> float:
    index = rows.index(_row(rows, y))
    return (rows[index - 1] + rows[index]) / 2 if index else rows[index] - EDGE_GAP


def _gap_below(rows: list[float], y: float) -> float:
    index = rows.index(_row(rows, y))
    return (rows[index] + rows[index + 1]) / 2 if index + 1 < len(rows) else rows[index] + EDGE_GAP


def _distance(a: Point, b: Point) -> float:
    return math.hypot(a[0] - b[0], a[1] - b[1])


def _towards(a: Point, b: Point, length: float) -> Point:
    """The point `length` from `a` towards `b`."""
    d = _distance(a, b) or 1.0
    return a[0] + (b[0] - a[0]) * length / d, a[1] + (b[1] - a[1]) * length / d


def _oriented(points: list[Point], start: Point) -> list[Point]:
    """`points` running from `start` (the routes are built from the upper node)."""
    return points if points[0] == start else points[::-1]


def _num(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")
