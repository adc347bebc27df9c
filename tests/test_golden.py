"""Golden pages: tebiki's own output for the sample handbook, byte for byte.

Regenerate (only when a change is MEANT to alter the output; commit the new files
on their own, saying why):

    TEBIKI_UPDATE_GOLDEN=1 .venv/bin/pytest tests/test_golden.py

What is captured is what tebiki produces, not what the theme makes of it: each
page's Markdown source as the plugin hands it over, with its HTML blocks put back
(`fill_blocks`) and its deferred figures drawn (`Figures.resolve`), plus two SVGs
straight from the diagram renderer. Material, MkDocs or Markdown upgrades cannot
change these files; a change in tebiki's render or diagram code does.

Moving modules? Only `golden_outputs` below imports tebiki: update its imports.
"""

from __future__ import annotations

import difflib
import os
from datetime import date
from pathlib import Path

import pytest

from constants import REPO, SAMPLE_DAY

ROOT = REPO
GOLDEN = Path(__file__).resolve().parent / "golden"
UPDATE = os.environ.get("TEBIKI_UPDATE_GOLDEN") == "1"

JUDGING_DAY = SAMPLE_DAY  # fixed: review-due and hand-over wording never move with the calendar
SITE_TITLE = "みなと精機 業務手引き"  # mkdocs.yml site_name
# mkdocs.yml's tebiki options that change the captured pages
POLICY = {"undocumented": "warning"}
SCENARIOS = {
    "総務の2人が抜けたら": {"people": ["ito", "watanabe"]},
    "年度末(2027-03-31)までの退職予定者が抜けたら": {"on": date(2027, 3, 31)},
}
PROCEDURE = "acc-expense"  # 5 lanes, 2 branching steps
PERSON = "sato"        # owner of several procedures, backup of none


def golden_outputs() -> dict[str, str]:
    """File name in tests/golden -> tebiki's output for it (the ONE entry point)."""
    from tebiki.core import build_handbook
    from tebiki.diagrams import DiagramRenderer
    from tebiki.render.context import RenderContext
    from tebiki.render.slots import fill_blocks
    from tebiki.render.figures import Figures
    from tebiki.render.labels import Labels
    from tebiki.render.links import SiteLinks, Urls
    from tebiki.render.pages import all_pages
    from tebiki.risk import checked_scenarios

    hb = build_handbook(ROOT, "procedures", policy=POLICY, review_interval_months=12, today=JUDGING_DAY)
    labels = Labels("ja")
    renderer = DiagramRenderer(None, "ja", departments={d.id: d.name for d in hb.org.departments.values()})
    try:
        figures = Figures(renderer, mode="deferred", zoom_label=labels["figure.zoom"])
        links, urls = SiteLinks(use_directory_urls=True), Urls()
        ctx = RenderContext(hb, labels, links=links, figures=figures, urls=urls, site_title=SITE_TITLE,
                            scenarios=tuple(checked_scenarios(SCENARIOS, hb.org)))
        pages = {p.src_uri: p for p in all_pages(ctx)}
        wanted = {
            "home.md": urls.home,
            f"procedure-{PROCEDURE}.md": urls.procedure(PROCEDURE),
            f"person-{PERSON}.md": urls.person(PERSON),
            "coverage.md": urls.coverage,
        }
        out = {}
        for name, uri in wanted.items():
            text = pages[uri].text
            out[name] = figures.resolve(fill_blocks(text.site_markdown, text.blocks))
        proc = hb.procedures[PROCEDURE]
        out[f"flow-{PROCEDURE}.svg"] = renderer.procedure_svg(proc, lambda sid: f"#step-{sid}")
        out["map-home.svg"] = renderer.map_svg(
            list(hb.procedures.values()), hb.coverage,
            lambda p: links.href(urls.home, urls.procedure(p.id)), labels["home.map"],
        )
        return out
    finally:
        renderer.close()


@pytest.fixture(scope="module")
def outputs() -> dict[str, str]:
    produced = golden_outputs()
    if UPDATE:
        GOLDEN.mkdir(exist_ok=True)
        for old in GOLDEN.glob("*.*"):
            if old.suffix in (".md", ".svg") and old.name not in produced:
                old.unlink()
        for name, text in produced.items():
            (GOLDEN / name).write_bytes(text.encode("utf-8"))
    return produced


def test_the_golden_files_are_the_pages_captured(outputs: dict[str, str]) -> None:
    stored = sorted(p.name for p in GOLDEN.glob("*.*") if p.suffix in (".md", ".svg"))
    assert stored == sorted(outputs), "regenerate: TEBIKI_UPDATE_GOLDEN=1 pytest tests/test_golden.py"


@pytest.mark.parametrize("name", [
    "home.md", f"procedure-{PROCEDURE}.md", f"person-{PERSON}.md", "coverage.md",
    f"flow-{PROCEDURE}.svg", "map-home.svg",
])
def test_output_is_byte_identical_to_the_golden_file(outputs: dict[str, str], name: str) -> None:
    expected = (GOLDEN / name).read_bytes().decode("utf-8")
    actual = outputs[name]
    if actual == expected:
        return
    diff = list(difflib.unified_diff(
        expected.splitlines(keepends=True), actual.splitlines(keepends=True),
        fromfile=f"tests/golden/{name}", tofile=f"{name} (now)", n=2,
    ))
    shown = "".join(diff[:200]) + (f"\n… {len(diff) - 200} more diff lines\n" if len(diff) > 200 else "")
    if not diff:  # differs only in a way splitlines hides (e.g. a final newline)
        shown = f"differs invisibly: {expected[-40:]!r} vs {actual[-40:]!r}\n"
    pytest.fail(f"{name} changed (if meant: TEBIKI_UPDATE_GOLDEN=1 pytest tests/test_golden.py)\n{shown}",
                pytrace=False)
