"""The home page's relation map follows the size of the handbook, never the machine's load
(FORMAT.md, "The home map of a large handbook"): up to MAX_MAP_PROCEDURES procedures, one
node per procedure; above, one node per department, linked to its page, and the
procedures of departments missing from `_org.yaml` listed under it, so every procedure is
still reached from the home page."""

from __future__ import annotations

import dataclasses
import re
from html import unescape
import xml.etree.ElementTree as ET
from datetime import date

import pytest

from tebiki.coverage import coverage_of, review_of
from tebiki.diagrams import DiagramRenderer
from tebiki.limits import MAX_MAP_PROCEDURES
from tebiki.model import Department, Handbook, Location, Mode, Org, Person, Procedure, Status, Step
from tebiki.render.context import RenderContext
from tebiki.render.department import department_page
from tebiki.render.figures import Figures
from tebiki.render.home import home_page
from tebiki.render.labels import Labels
from tebiki.render.slots import fill_blocks

from constants import TODAY
from test_diagrams import NS, groups, texts

HERE = Location("procedures/_org.yaml", 1, 1)
DEPARTMENTS = {"acc": "経理・財務", "hr": "人事", "it": "情報システム"}


def big_handbook(count: int, ghost: bool = False) -> Handbook:
    """`count` procedures over the three DEPARTMENTS in file order, each related to the
    next (the last to the first): lines acc-hr, hr-it and it-acc; with `ghost`, one more
    procedure (counted in `count`) of a department missing from `_org.yaml`."""
    depts = list(DEPARTMENTS)
    placed = count - 1 if ghost else count
    procs = []
    for i in range(count):
        department = depts[i * len(depts) // placed] if i < placed else "ghost"
        procs.append(Procedure(
            id=f"p-{i:04d}", title=f"手順 {i}", department=department, summary="-", owner="sato",
            backup_owners=(), frequency="monthly", trigger=None, reviewed=date(2026, 1, 1),
            review_interval_months=None, systems=(), references=(),
            related=(f"p-{(i + 1) % placed:04d}",) if i < placed else (), tags=(),
            steps=(Step("a", "作業", "担当", Mode.MANUAL, 10, None, (), HERE),), file=f"procedures/{department}/p{i}.yaml"))
    org = Org({d: Department(d, name, HERE) for d, name in DEPARTMENTS.items()},
              {"sato": Person("sato", "佐藤 花子", "acc", Status.ACTIVE, None, HERE)})
    return Handbook(
        folder="procedures", org=org, inventory=(), procedures={p.id: p for p in procs},
        coverage={p.id: coverage_of(p, org) for p in procs}, problems=[], today=TODAY, review_interval_months=12,
        reviews={p.id: review_of(p, 12, TODAY) for p in procs},
    )


def home(hb: Handbook, lang: str = "ja") -> tuple[str, RenderContext]:
    """The home page's HTML as the site shows it (figures drawn) and the context it was made in."""
    labels = Labels(lang)
    renderer = DiagramRenderer(None, lang, departments=DEPARTMENTS)
    figures = Figures(renderer, mode="deferred", zoom_label=labels["figure.zoom"])
    ctx = RenderContext(hb, labels, figures=figures, site_title="手引き")
    page = home_page(ctx)
    return figures.resolve(fill_blocks(page.text.site_markdown, page.text.blocks)), ctx


def the_map(html: str) -> ET.Element:
    found = re.search(r"<svg\b.*?</svg>", html, re.S)
    assert found, "no map on the home page"
    return ET.fromstring(found[0])


def test_the_threshold_is_a_thousand_procedures() -> None:
    assert MAX_MAP_PROCEDURES == 1_000  # FORMAT.md says so; the 990 benchmark handbook keeps its map


@pytest.mark.parametrize("lang, lead, summary", [
    ("ja", "手順が1,000件を超えるため、部門ごとにまとめています。", "部門 3件 / 部門をまたぐ関連 3件"),
    ("en", "More than 1,000 procedures: the map shows departments.", "3 departments / 3 links between departments"),
])
def test_a_home_over_the_threshold_maps_departments(lang: str, lead: str, summary: str) -> None:
    hb = big_handbook(MAX_MAP_PROCEDURES + 1, ghost=True)
    html, ctx = home(hb, lang)
    assert lead in html
    assert "図が大きすぎます" not in html and "too large" not in html
    root = the_map(html)
    assert not groups(root, "procedure")  # no node per procedure
    nodes = groups(root, "department")
    assert len(nodes) == len(DEPARTMENTS)
    counts = {d: sum(1 for p in hb.procedures.values() if p.department == d) for d in DEPARTMENTS}
    for (did, name), node in zip(DEPARTMENTS.items(), nodes):  # in _org.yaml order
        assert node.find(".//svg:a", NS).get("href") == ctx.links.href(ctx.urls.home, ctx.urls.department(did))
        words = "".join(texts(node))
        assert name in words
        assert (f"手順 {counts[did]}件" if lang == "ja" else f"{counts[did]} procedures") in words
    assert root.find("svg:desc", NS).text == summary
    lines = [g for g in groups(groups(root, "related")[0], "edge")]
    assert len(lines) == 3  # acc-hr, hr-it, it-acc: each pair of departments once, not per procedure pair


def test_a_home_over_the_threshold_still_leads_to_every_procedure() -> None:
    hb = big_handbook(MAX_MAP_PROCEDURES + 1, ghost=True)
    html, ctx = home(hb)
    reached: set[str] = set()
    for did in DEPARTMENTS:  # each department node's page lists its procedures
        assert f'href="{ctx.links.href(ctx.urls.home, ctx.urls.department(did))}"' in html
        page = department_page(ctx, did)
        text = fill_blocks(page.text.site_markdown, page.text.blocks)
        reached |= {pid for pid in hb.procedures
                    if f'href="{ctx.links.href(page.src_uri, ctx.urls.procedure(pid))}"' in text}
        assert "tebiki-figure-slot" in text  # the department page keeps its own map
    ghost = "p-1000"
    assert hb.procedures[ghost].department not in hb.org.departments
    assert "## _org.yaml にない部門の手順" in unescape(html)  # a heading over the list
    assert f'href="{ctx.links.href(ctx.urls.home, ctx.urls.procedure(ghost))}"' in html
    reached.add(ghost)
    assert reached == set(hb.procedures)


def one_department(count: int) -> Handbook:
    """`count` procedures, all of department acc."""
    hb = big_handbook(count)
    procs = {pid: dataclasses.replace(p, department="acc") for pid, p in hb.procedures.items()}
    return dataclasses.replace(hb, procedures=procs)


@pytest.mark.parametrize("lang, sentence", [
    ("ja", "手順が1,000件を超えるため、関連図は省略しています。手順はすべて上の表にあります。"),
    ("en", "More than 1,000 procedures: the map is left out. The table above lists them all."),
])
def test_a_department_over_the_threshold_says_its_map_is_left_out(lang: str, sentence: str) -> None:
    hb = one_department(MAX_MAP_PROCEDURES + 1)
    _html, ctx = home(hb, lang)
    page = department_page(ctx, "acc")
    text = fill_blocks(page.text.site_markdown, page.text.blocks)
    assert sentence in text
    assert "tebiki-figure-slot" not in text and not ctx.figures.map_jobs  # no map asked for, none drawn
    assert all(f'href="{ctx.links.href(page.src_uri, ctx.urls.procedure(pid))}"' in text for pid in hb.procedures)


def test_a_department_at_the_threshold_keeps_its_map() -> None:
    hb = one_department(MAX_MAP_PROCEDURES)
    _html, ctx = home(hb)
    page = department_page(ctx, "acc")
    text = fill_blocks(page.text.site_markdown, page.text.blocks)
    assert "関連図は省略" not in text
    svg = ctx.figures.resolve(text)
    assert len(groups(the_map(svg), "procedure")) == MAX_MAP_PROCEDURES


def test_a_home_at_the_threshold_maps_every_procedure() -> None:
    hb = big_handbook(MAX_MAP_PROCEDURES)
    html, ctx = home(hb)
    assert "部門ごとにまとめています" not in html
    root = the_map(html)
    nodes = groups(root, "procedure")
    assert len(nodes) == MAX_MAP_PROCEDURES
    assert nodes[0].find(".//svg:a", NS).get("href") == ctx.links.href(ctx.urls.home, ctx.urls.procedure("p-0000"))
