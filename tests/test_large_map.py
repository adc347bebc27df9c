"""The home map of a handbook of several departments (the large one of 990 procedures
included) is laid out department box by department box, never as one Graphviz graph,
and still shows what the one-graph map shows: every procedure linked and coloured by its
coverage, one titled box per department, the legend with its counts, every related line."""

from __future__ import annotations

import dataclasses
import xml.etree.ElementTree as ET

from tebiki.diagrams import DiagramRenderer, engine
from tebiki.diagrams import style
from tebiki.model import Coverage

from test_diagrams import NS, groups, procedure, step, texts

DEPARTMENTS = {"accounting": "経理・財務", "hr": "人事", "it": "情報システム"}


def large_map(count: int = 180):
    """`count` procedures over three departments; each relates to the next one (so
    some lines stay in a department and some cross to the next), coverage in turn."""
    depts = list(DEPARTMENTS)
    procs = []
    for i in range(count):
        base = procedure(step("a", f"作業{i}", "経理担当", "b"), step("b", "確認する", "経理部長"),
                         id=f"p-{i:04d}", title=f"手順 {i}", related=(f"p-{(i + 1) % count:04d}",))
        procs.append(dataclasses.replace(base, department=depts[i * len(depts) // count]))
    classes = list(Coverage)
    coverage = {p.id: classes[i % len(classes)] for i, p in enumerate(procs)}
    return procs, coverage


def test_large_map_is_laid_out_box_by_box(monkeypatch):
    procs, coverage = large_map()
    sizes: list[int] = []
    real = engine.layout

    def counting(dot: str):
        sizes.append(dot.count("class=procedure") + dot.count('class="procedure'))
        return real(dot)

    monkeypatch.setattr("tebiki.diagrams.draw.layout", counting)
    DiagramRenderer(None, departments=DEPARTMENTS).map_svg(procs, coverage, lambda p: f"../{p.id}/", "関連手続マップ")
    per_department = len(procs) // len(DEPARTMENTS) + 1
    assert len(sizes) == 1 + len(DEPARTMENTS)  # the legend, then one graph per department
    assert max(sizes) <= per_department and sum(sizes) == len(procs)


def test_large_map_shows_every_procedure_box_legend_and_line():
    procs, coverage = large_map()
    svg = DiagramRenderer(None, departments=DEPARTMENTS).map_svg(procs, coverage, lambda p: f"../{p.id}/", "関連手続マップ")
    root = ET.fromstring(svg)
    assert root.find("svg:title", NS).text == "関連手続マップ"
    assert root.get("width") == "100%" and "max-width" in root.get("style")
    nodes = groups(root, "procedure")
    assert len(nodes) == len(procs)
    for proc, node in zip(procs, nodes):  # in procedure order (Tab follows it)
        assert node.find(".//svg:a", NS).get("href") == f"../{proc.id}/"
        assert f"coverage-{coverage[proc.id].value}" in node.get("class").split()
        shape = node.find(".//svg:path", NS) if node.find(".//svg:path", NS) is not None else node.find(".//svg:polygon", NS)
        assert shape.get("fill") == style.COVERAGE_STYLE[coverage[proc.id]]["fillcolor"]
        assert proc.title in "".join(texts(node))
    boxes = groups(root, "department")
    assert len(boxes) == len(DEPARTMENTS)
    headers = "".join("".join(texts(b)) for b in boxes)
    assert all(name in headers or name in "".join(texts(root)) for name in DEPARTMENTS.values())
    counts = {k: sum(1 for c in coverage.values() if c is k) for k in Coverage}
    legend = ["".join(texts(g)) for g in groups(root, "legend")]
    words = style.words("ja")
    assert sorted(legend) == sorted(f"{words[k.value]} ({counts[k]})" for k in Coverage)
    lines = [g for g in groups(root, "edge") if g.find("svg:path", NS) is not None]
    assert len(lines) == len(procs)  # a ring: every procedure relates to the next, each pair once
    drawn = groups(root, "related")[0]
    assert len(drawn.findall("svg:g", NS)) == len(procs)  # every line drawn after the layout, inside boxes or between


def test_lines_between_boxes_are_drawn_under_the_nodes():
    procs, coverage = large_map()
    root = ET.fromstring(DiagramRenderer(None, departments=DEPARTMENTS).map_svg(
        procs, coverage, lambda p: f"../{p.id}/", "map"))
    order = [g.get("class") for g in root.findall("svg:g", NS)]
    assert order.index("related") < len(order) - 1
    last = root.findall("svg:g", NS)[-1]
    assert len(groups(last, "procedure")) == len(procs)  # every node is drawn after every line


def test_small_map_is_box_by_box_and_one_department_one_graph(monkeypatch):
    procs, coverage = large_map(12)
    calls: list[str] = []
    real = engine.layout
    monkeypatch.setattr("tebiki.diagrams.draw.layout", lambda dot: calls.append(dot) or real(dot))
    DiagramRenderer(None, departments=DEPARTMENTS).map_svg(procs, coverage, lambda p: f"../{p.id}/", "map")
    assert len(calls) == 1 + len(DEPARTMENTS)
    calls.clear()
    one = [dataclasses.replace(p, department="accounting") for p in procs]
    DiagramRenderer(None, departments=DEPARTMENTS).map_svg(one, coverage, lambda p: f"../{p.id}/", "map")
    assert len(calls) == 1
