"""Where things land in the drawn SVG (issue 12 leftovers): the relation map's
department boxes stack on one left edge with their procedures on one grid, and long
katakana words in labels are never cut in the middle.

Measured on the SVG Graphviz lays out (coordinates in points, y grows downwards)."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

import pytest

from tebiki.core import build_handbook
from tebiki.diagrams import DiagramRenderer
from tebiki.diagrams.text import wrap
from tebiki.model import Coverage, Handbook, Procedure
from test_diagrams import procedure, step

ROOT = Path(__file__).resolve().parents[1]
SVG = "{http://www.w3.org/2000/svg}"
KATAKANA = re.compile(r"[ァ-ヺー]")


@dataclass(frozen=True)
class Box:
    left: float
    top: float
    right: float
    bottom: float

    @property
    def centre(self) -> tuple[float, float]:
        return (self.left + self.right) / 2, (self.top + self.bottom) / 2

    def holds(self, other: Box) -> bool:
        return self.left <= other.left and other.right <= self.right and self.top <= other.top and other.bottom <= self.bottom


def box_of(group: ET.Element) -> Box:
    numbers: list[float] = []
    for shape in group.iter():
        if shape.tag in (f"{SVG}path", f"{SVG}polygon"):
            numbers += [float(n) for n in re.findall(r"-?\d+(?:\.\d+)?", shape.get("d") or shape.get("points") or "")]
    xs, ys = numbers[0::2], numbers[1::2]
    return Box(min(xs), min(ys), max(xs), max(ys))


def groups(root: ET.Element, klass: str) -> list[ET.Element]:
    return [g for g in root.iter(f"{SVG}g") if klass in (g.get("class") or "").split()]


def text_at(root: ET.Element, text: str) -> tuple[float, float]:
    found = [t for t in root.iter(f"{SVG}text") if t.text == text]
    assert found, f"no text {text!r}"
    return float(found[0].get("x")), float(found[0].get("y"))


def map_of(procedures: list[Procedure], departments: dict[str, str]) -> ET.Element:
    """The drawn map with every coordinate on the page (the groups' transforms applied)."""
    renderer = DiagramRenderer(None, "ja", departments=departments)
    coverage = {p.id: Coverage.COVERED for p in procedures}
    root = ET.fromstring(renderer.map_svg(procedures, coverage, lambda p: p.id, "関連図"))
    place_on_page(root, (1.0, 0.0, 0.0))
    return root


NUMBER = re.compile(r"-?\d+(?:\.\d+)?")
STEP = re.compile(r"(translate|scale|rotate)\(\s*(-?[\d.]+)(?:[ ,]+(-?[\d.]+))?\s*\)")


def place_on_page(element: ET.Element, at: tuple[float, float, float]) -> None:
    """Apply `at` (scale, dx, dy: x -> scale*x + dx) and each group's own transform to the
    numbers of every path, polygon and text below `element`, and drop the transforms."""
    for kind, a, b in STEP.findall(element.attrib.pop("transform", "")):
        scale, dx, dy = at
        if kind == "translate":
            at = (scale, dx + scale * float(a), dy + scale * float(b or 0))
        elif kind == "scale":
            at = (scale * float(a), dx, dy)
    scale, dx, dy = at

    def moved(text: str) -> str:
        numbers = iter(NUMBER.findall(text))
        out = [f"{scale * float(x) + dx:.2f},{scale * float(y) + dy:.2f}" for x, y in zip(numbers, numbers)]
        return " ".join(out)

    if element.tag in (f"{SVG}path", f"{SVG}polygon"):
        attribute = "d" if element.tag == f"{SVG}path" else "points"
        element.set(attribute, moved(element.get(attribute) or ""))
    if element.tag == f"{SVG}text" and element.get("x") is not None:
        element.set("x", str(scale * float(element.get("x", 0)) + dx))
        element.set("y", str(scale * float(element.get("y", 0)) + dy))
    for child in element:
        place_on_page(child, at)


def sample() -> Handbook:
    return build_handbook(ROOT, "procedures", today=date(2026, 6, 1))


def in_department(p: Procedure, department: str, related: tuple[str, ...] = ()) -> Procedure:
    return replace(p, department=department, related=related)


def uneven_departments() -> tuple[list[Procedure], dict[str, str]]:
    """Departments of 7, 1, 4 and 2 procedures, with related links across departments."""
    sizes = {"acc": 7, "legal": 1, "hr": 4, "it": 2}
    procedures = []
    for department, size in sizes.items():
        for n in range(size):
            base = procedure(step("s", "作業", "担当"), id=f"{department}-{n}", title=f"{department}の手順{n}")
            procedures.append(in_department(base, department))
    # links across departments: these pulled boxes sideways
    links = {"acc-0": ("it-1", "hr-3"), "acc-6": ("legal-0",), "legal-0": ("hr-0", "it-0"), "hr-1": ("acc-2",)}
    procedures = [replace(p, related=links.get(p.id, ())) for p in procedures]
    return procedures, {"acc": "経理・財務", "legal": "法務", "hr": "人事・労務", "it": "情報システム"}


def sample_map() -> tuple[list[Procedure], dict[str, str]]:
    hb = sample()
    return list(hb.procedures.values()), {d: x.name for d, x in hb.org.departments.items()}


@pytest.mark.parametrize("make", [sample_map, uneven_departments], ids=["sample", "uneven"])
def test_department_boxes_stack_on_one_left_edge(make) -> None:  # type: ignore[no-untyped-def]
    procedures, departments = make()
    root = map_of(procedures, departments)
    boxes = [box_of(g) for g in groups(root, "department")]
    in_use = [d for d in departments if any(p.department == d for p in procedures)]
    assert len(boxes) == len(in_use)
    lefts = [b.left for b in boxes]
    assert max(lefts) - min(lefts) < 0.5, f"boxes drift sideways: left edges {lefts}"
    for upper, lower in zip(boxes, boxes[1:]):
        assert upper.bottom < lower.top, "each department box sits below the one before"
    # in the order of _org.yaml, each titled with its department's name
    headings = [text_at(root, departments[d]) for d in in_use]
    for box, (x, y) in zip(boxes, headings):
        assert box.left < x < box.right and box.top < y < box.bottom
    legend = box_of(next(g for g in groups(root, "cluster") if "department" not in (g.get("class") or "")))
    assert legend.bottom < boxes[0].top, "the legend is at the top edge"


@pytest.mark.parametrize("make", [sample_map, uneven_departments], ids=["sample", "uneven"])
def test_procedures_sit_on_a_grid_in_file_order(make) -> None:  # type: ignore[no-untyped-def]
    procedures, departments = make()
    root = map_of(procedures, departments)
    boxes = [box_of(g) for g in groups(root, "department")]
    nodes = {g.find(f".//{SVG}a").get("href"): box_of(g) for g in groups(root, "procedure")}
    first_column: list[float] = []
    for box, department in zip(boxes, [d for d in departments if any(p.department == d for p in procedures)]):
        members = [p.id for p in procedures if p.department == department]
        assert all(box.holds(nodes[m]) for m in members), f"{department}: a procedure outside its box"
        rows = [members[i:i + 3] for i in range(0, len(members), 3)]
        for row in rows:
            centres = [nodes[m].centre for m in row]
            assert max(y for _, y in centres) - min(y for _, y in centres) < 0.5, f"{row} is not one row"
            assert [x for x, _ in centres] == sorted(x for x, _ in centres), f"{row} is not in file order"
        for column in range(3):
            xs = [nodes[row[column]].centre[0] for row in rows if len(row) > column] or [0.0]
            assert max(xs) - min(xs) < 0.5, f"{department}: column {column} is not straight"
        first_column.append(nodes[members[0]].centre[0])
    assert max(first_column) - min(first_column) < 0.5, "the first column is one line through every box"


def linked_within_and_across() -> tuple[list[Procedure], dict[str, str]]:
    """The uneven departments with more related lines: across departments from the upper
    boxes down, and inside a box across rows (each of these once widened its box)."""
    procedures, departments = uneven_departments()
    more = {"acc-0": ("acc-6", "acc-4", "legal-0"), "acc-1": ("acc-5", "it-1"), "hr-0": ("hr-3", "it-0")}
    return [replace(p, related=p.related + more.get(p.id, ())) for p in procedures], departments


def unlinked(procedures: list[Procedure]) -> list[Procedure]:
    return [replace(p, related=()) for p in procedures]


@pytest.mark.parametrize("make", [sample_map, uneven_departments, linked_within_and_across],
                         ids=["sample", "uneven", "linked"])
def test_related_lines_never_widen_a_department_box(make) -> None:  # type: ignore[no-untyped-def]
    procedures, departments = make()
    assert any(p.related for p in procedures)
    boxes = [box_of(g) for g in groups(map_of(procedures, departments), "department")]
    alone = [box_of(g) for g in groups(map_of(unlinked(procedures), departments), "department")]
    widths = {round(b.right - b.left, 1) for b in boxes}
    assert len(widths) == 1, f"department boxes of different widths: {[round(b.right - b.left) for b in boxes]}"
    assert boxes == alone, "the related lines moved or widened the boxes"


def test_every_related_line_joins_its_two_nodes() -> None:
    procedures, departments = linked_within_and_across()
    root = map_of(procedures, departments)
    nodes = {g.find(f".//{SVG}a").get("href"): box_of(g) for g in groups(root, "procedure")}
    lines = [g.find(f"{SVG}path") for g in groups(root, "edge")]
    pairs = {frozenset((p.id, other)) for p in procedures for other in p.related}
    assert len(lines) == len(pairs)
    ends = []
    for line in lines:
        numbers = [float(n) for n in NUMBER.findall(line.get("d"))]
        ends.append(frozenset(
            pid for pid, box in nodes.items() for x, y in (numbers[:2], numbers[-2:])
            if abs(x - box.centre[0]) < 0.5 and abs(y - box.centre[1]) < 0.5))
    assert set(ends) == pairs


def inside(box: Box, x: float, y: float, margin: float = 1.0) -> bool:
    return box.left + margin < x < box.right - margin and box.top + margin < y < box.bottom - margin


@pytest.mark.parametrize("make", [sample_map, linked_within_and_across], ids=["sample", "linked"])
def test_no_related_line_runs_under_another_node(make) -> None:  # type: ignore[no-untyped-def]
    """A line under a node reads as a line to that node: each one runs along the gaps."""
    procedures, departments = make()
    root = map_of(procedures, departments)
    nodes = {g.find(f".//{SVG}a").get("href"): box_of(g) for g in groups(root, "procedure")}
    headers = [box_of(g) for g in groups(root, "department")]  # (their titles are text in the box)
    crossed = []
    for line in (g.find(f"{SVG}path") for g in groups(root, "edge")):
        numbers = [float(n) for n in NUMBER.findall(line.get("d"))]
        points = list(zip(numbers[0::2], numbers[1::2]))
        ends = {pid for pid, box in nodes.items() for x, y in (points[0], points[-1]) if inside(box, x, y)}
        for (x1, y1), (x2, y2) in zip(points, points[1:]):
            for t in (i / 20 for i in range(21)):
                x, y = x1 + (x2 - x1) * t, y1 + (y2 - y1) * t
                crossed += [(sorted(ends), pid) for pid, box in nodes.items() if pid not in ends and inside(box, x, y)]
        assert len(ends) == 2 and all(any(box.holds(nodes[e]) for box in headers) for e in ends)
    assert not crossed, f"related lines under other nodes: {sorted(set(map(str, crossed)))}"


def test_single_department_map_keeps_its_layout() -> None:
    procedures = [procedure(step("s", "作業", "担当"), id=f"p{n}", title=f"手順{n}") for n in range(3)]
    root = map_of(procedures, {"accounting": "経理・財務"})
    assert not groups(root, "department")
    assert len(groups(root, "procedure")) == 3


# ------------------------------------------------------------------ katakana words

KATAKANA_TITLES = [
    "乗車前のアルコールチェックを行う", "入社日オリエンテーションを行う", "パスワードリセット",
    "ID管理システム", "決算スケジュールを共有する", "部門ヒアリングを行う", "安否確認の一斉送信テストを行う",
]


def breaks_inside_katakana(lines: tuple[str, ...]) -> list[str]:
    return [f"{a}/{b}" for a, b in zip(lines, lines[1:]) if KATAKANA.match(a[-1]) and KATAKANA.match(b[0])]


@pytest.mark.parametrize("title", KATAKANA_TITLES)
@pytest.mark.parametrize("limit", [12, 16])
def test_katakana_words_are_never_cut(title: str, limit: int) -> None:
    lines = wrap(title, limit)
    assert "".join(lines) == title
    assert not breaks_inside_katakana(lines), lines
    assert all(len(line) > 1 for line in lines[-1:]), "no one-character last line"


@pytest.mark.parametrize("title, limit, lines", [
    ("ワークフローシステムに登録する", 12, ("ワークフロー", "システムに", "登録する")),
    ("ワークフローシステムに登録する", 16, ("ワークフロー", "システムに", "登録する")),
    ("クラウドストレージサービスを使う", 12, ("クラウドストレージ", "サービスを", "使う")),
    ("クラウドストレージサービスを使う", 16, ("クラウドストレージ", "サービスを使う")),
])
def test_a_compound_too_long_for_any_line_breaks_between_its_words(title: str, limit: int,
                                                                   lines: tuple[str, ...]) -> None:
    assert wrap(title, limit) == lines


def test_sample_labels_keep_katakana_words_whole() -> None:
    hb = sample()
    texts = {p.title for p in hb.procedures.values()}
    for p in hb.procedures.values():
        texts |= {s.title for s in p.steps} | {s.actor for s in p.steps}
    cut = {t: wrap(t) for t in texts if breaks_inside_katakana(wrap(t))}
    assert not cut, cut


def test_a_katakana_word_in_a_drawn_step_is_one_text_line() -> None:
    proc = procedure(step("a", "乗車前のアルコールチェックを行う", "総務担当"))
    svg = DiagramRenderer(None).procedure_svg(proc, lambda s: f"#step-{s}")
    lines = [t.text or "" for t in ET.fromstring(svg).iter(f"{SVG}text")]
    assert "アルコールチェックを" in lines
    assert not any(line.endswith("アルコールチ") for line in lines)
