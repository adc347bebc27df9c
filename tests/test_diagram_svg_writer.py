"""The SVG writer (diagrams/svg.py) is our own, written for speed: whatever text reaches an
attribute or an element, the figure stays well-formed XML and reads back as the display-safe
text (display.display_safe), with nothing else changed."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from test_diagrams import NS, monthly_close

from tebiki.diagrams import DiagramRenderer
from tebiki.display import display_safe

HOSTILE = ['a&b"c<d>e', "tab\there", "line\nbreak", "cr\rhere", "bidi\u202eevil", "nul\x00bell\x07", "ok-#step"]


@pytest.mark.parametrize("href", HOSTILE)
def test_a_link_reads_back_as_its_display_safe_text(href: str) -> None:
    svg = DiagramRenderer(None).procedure_svg(monthly_close(), lambda step_id: f"{href}{step_id}")
    root = ET.fromstring(svg)  # well-formed whatever the link held
    links = [a.get("href") for a in root.iter(f"{{{NS['svg']}}}a")]
    assert links and set(links) == {display_safe(f"{href}{s}", keep_breaks=True) for s in ("collect", "check", "post")}


@pytest.mark.parametrize("title", HOSTILE)
def test_a_step_title_reads_back_as_its_display_safe_text(title: str) -> None:
    proc = monthly_close()
    first = proc.steps[0].__class__(**{**proc.steps[0].__dict__, "title": f"{title} 証憑"})
    proc = proc.__class__(**{**proc.__dict__, "steps": (first, *proc.steps[1:])})
    svg = DiagramRenderer(None).procedure_svg(proc, lambda step_id: f"#step-{step_id}")
    root = ET.fromstring(svg)
    tooltips = [t.text for t in root.iterfind(".//svg:a/svg:title", NS)]
    assert display_safe(f"{title} 証憑", keep_breaks=True) in "\n".join(tooltips or [""])
    assert "\u202e" not in svg and "\x00" not in svg and "\x07" not in svg


def test_the_writers_quick_check_finds_every_character_the_escaping_changes() -> None:
    # the writer escapes an attribute only when a quick check says it must: the check may
    # never miss a character (then a figure would break XML or show a raw control or bidi one)
    from tebiki.diagrams.svg import _escape_attribute, _needs_escape
    from tebiki.display import unsafe_characters

    unsafe = unsafe_characters()
    for code in [*range(0x10000), 0x1F600, 0xE0001, 0xF0000, 0x10FFFF]:
        char = chr(code)
        assert _needs_escape(f"ab{char}", unsafe) == (_escape_attribute(f"ab{char}") != f"ab{char}"), hex(code)
