"""The 属人化 risk pages of the sample handbook in chromium: the truck factor the
coverage page shows is the one `tebiki whatif` confirms, and the hand-over pack
linked from a person page prints to A4 PDF, one procedure starting per page."""

from __future__ import annotations

import io
import json
import re
import unicodedata
from typing import Any

import pytest
from pypdf import PdfReader

from harness import ARTIFACTS, ServedSite, playwright_expect, tebiki_stdout

expect = playwright_expect()  # skipped locally, an error with CI=true

pytestmark = pytest.mark.browser

ITO_PROCEDURES = ["社用車管理", "防災訓練", "印鑑管理（押印申請）", "備品購入"]
A4_POINTS = (595, 842)


def tebiki(*args: str) -> str:
    return tebiki_stdout(*args)


def test_coverage_page_truck_factor_is_what_whatif_confirms(page: Any, handbook: ServedSite) -> None:
    page.goto(handbook.url("coverage/"))
    table = page.locator("article h2", has_text="部門のトラック係数").locator(
        "xpath=following-sibling::table[1]")
    row = table.locator("tbody tr", has=page.get_by_role("link", name="総務", exact=True))
    expect(row).to_have_count(1)
    cells = row.locator("td")
    expect(cells.nth(2)).to_have_text("2")
    expect(cells.nth(4)).to_have_text("この2人が抜けると総務の5手順を担える人がいなくなります")
    # the people of the removal order, as the reader follows their links
    order = [href.rstrip("/").rsplit("/", 1)[-1] for href in
             cells.nth(3).locator("a").evaluate_all("links => links.map(a => a.getAttribute('href'))")]
    assert order == ["ito", "watanabe"]
    answer = json.loads(tebiki("whatif", *order, "--format", "json"))
    assert answer["departments"]["general-affairs"] == {"procedures": 5, "no_holder": 5, "dropped": 5}


def page_texts(pdf: bytes) -> list[str]:
    """Each PDF page's text, NFKC-normalised (chromium writes some kanji as radicals)."""
    return [unicodedata.normalize("NFKC", p.extract_text() or "") for p in PdfReader(io.BytesIO(pdf)).pages]


def test_person_page_links_to_a_hand_over_pack_that_prints_one_procedure_per_a4_page(
        page: Any, handbook: ServedSite) -> None:
    page.goto(handbook.url("people/ito/"))
    page.get_by_role("link", name="引き継ぎ資料(印刷用)").click()
    page.wait_for_url(re.compile(r"/handover/ito/$"))
    expect(page.locator("article h1")).to_have_text(re.compile(r"引き継ぎ資料: 伊藤 直樹"))
    pdf = page.pdf(format="A4", prefer_css_page_size=True, print_background=True)
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "handover-ito.pdf").write_bytes(pdf)

    reader = PdfReader(io.BytesIO(pdf))
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == A4_POINTS
    texts = page_texts(pdf)
    # the cover with the list, then each procedure starting at the top of a new page
    assert texts[0].startswith("引き継ぎ資料: 伊藤 直樹")
    starts = []
    for n, title in enumerate(ITO_PROCEDURES, 1):
        found = [i for i, text in enumerate(texts) if text.startswith(unicodedata.normalize("NFKC", f"{n}. {title}"))]
        assert len(found) == 1, (title, [t[:30] for t in texts])
        starts.append(found[0])
        body = "\n".join(texts[found[0]: (starts[-1] + 1 if n == len(ITO_PROCEDURES) else None)])
        assert "ほかに担える人" in body and "引き継ぎ先の候補" in body and "開始のきっかけ" in body
    assert starts == sorted(starts) and starts[0] == 1
    assert len(texts) >= len(ITO_PROCEDURES) + 1
    # each procedure's own pages hold its steps; no page ends on a heading
    seal = "\n".join(texts[starts[2]:starts[3]])
    assert "押印申請書を提出する" in seal and "押印台帳に記録する" in seal
    for text in texts:
        last = text.strip().splitlines()[-1].strip()
        assert last not in ("フロー図", "手順", "ステップ", "引き継ぐ手順"), text[-200:]
