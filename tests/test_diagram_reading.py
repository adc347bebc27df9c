"""Diagrams a reader can read (issue 12): labels broken at phrase boundaries (BudouX),
no one-character last line, never drawn below 12 CSS px, step order for the keyboard,
and the 「図を拡大」 file of the diagram alone."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from tebiki.diagrams import DiagramRenderer
from tebiki.diagrams.svg import READABLE_PX
from tebiki.diagrams.text import wrap
from tebiki.render.figures import Figures, full_size
from test_diagrams import monthly_close, procedure, step

NS = {"svg": "http://www.w3.org/2000/svg"}


def test_labels_break_between_phrases() -> None:
    assert wrap("勤怠データを取り込む") == ("勤怠データを", "取り込む")  # not 取り込/む
    assert wrap("給与支給を承認する") == ("給与支給を", "承認する")  # not 承認す/る
    assert wrap("給与システム", 16, 2) == ("給与システム",)  # a lane: not システ/ム
    assert wrap("入退社・異動・手当の変更を反映する") == ("入退社・異動・", "手当の変更を", "反映する")


def test_no_one_character_last_line() -> None:
    for title in ("請求書を回収して確認す", "各部署の申請内容を確認し承認", "振込データを作成して送信済"):
        lines = wrap(title, 8)
        assert "".join(lines) == title and len(lines[-1]) > 1, lines


def test_diagram_never_scaled_below_readable_text() -> None:
    svg = DiagramRenderer(None).procedure_svg(monthly_close(), lambda s: f"#step-{s}")
    root = ET.fromstring(svg)
    style = root.get("style") or ""
    natural = float(re.search(r"max-width: ([0-9.]+)pt", style)[1])
    least = float(re.search(r"min-width: ([0-9.]+)pt", style)[1])
    smallest = min(float(t.get("font-size")) for t in root.iter("{http://www.w3.org/2000/svg}text"))
    # at min-width the smallest text is READABLE_PX CSS px (1 user unit = 1pt = 4/3 px at natural size)
    assert abs(smallest * 4 / 3 * least / natural - READABLE_PX) < 0.05 or least == natural


def test_links_in_step_order_for_the_keyboard() -> None:
    steps = [step(sid, f"手順{sid}", actor) for sid, actor in
             (("a", "経理担当"), ("b", "経理部長"), ("c", "経理担当"), ("d", "会計システム"), ("e", "経理部長"))]
    svg = DiagramRenderer(None).procedure_svg(procedure(*steps), lambda s: f"#step-{s}")
    hrefs = [a.get("href") for a in ET.fromstring(svg).iter("{http://www.w3.org/2000/svg}a")]
    assert hrefs == [f"#step-{s}" for s in "abcde"]


def test_enlarge_link_and_the_diagram_alone() -> None:
    figures = Figures(DiagramRenderer(None), mode="deferred", zoom_label="図を拡大")
    html = figures.resolve(figures.flow("procedures/acc-close.md", monthly_close(), "月次決算 の流れ"))
    assert '<a class="tebiki-figure-zoom" href="acc-close.flow.svg" target="_blank">図を拡大</a>' in html
    alone = figures.standalone["procedures/acc-close.md"]["acc-close.flow.svg"]
    root = ET.fromstring(alone)
    assert root.get("width", "").endswith("pt") and "min-width" not in (root.get("style") or "")
    assert all(a.get("href").startswith("index.html#step-") for a in root.iter("{http://www.w3.org/2000/svg}a"))
    assert full_size(alone) == alone  # already full size


def test_map_of_several_departments_is_grouped_with_the_legend_first() -> None:
    from tebiki.model import Coverage
    from test_diagram_layout import place_on_page

    a = procedure(step("s", "x", "経理担当"), id="acc-a", title="月次決算")
    b = procedure(step("s", "x", "人事担当"), id="hr-b", title="給与計算")
    b = type(b)(**{**b.__dict__, "department": "hr"})
    renderer = DiagramRenderer(None, departments={a.department: "経理・財務", "hr": "人事・労務"})
    svg = renderer.map_svg([a, b], {a.id: Coverage.COVERED, b.id: Coverage.SINGLE_OWNER}, lambda p: p.id, "関連図")
    root = ET.fromstring(svg)
    place_on_page(root, (1.0, 0.0, 0.0))  # each box is laid out alone, then placed by a transform
    boxes = [g for g in root.iter("{http://www.w3.org/2000/svg}g") if "department" in (g.get("class") or "")]
    assert len(boxes) == 2
    texts = [t.text for t in root.iter("{http://www.w3.org/2000/svg}text")]
    assert "経理・財務" in texts and "人事・労務" in texts
    # the legend sits at the top edge, above every department box
    ys = {t.text: float(t.get("y")) for t in root.iter("{http://www.w3.org/2000/svg}text")}
    assert ys["凡例"] < min(ys["経理・財務"], ys["人事・労務"])
