"""Search as tebiki's worker answers it (search_worker.py), in Chromium: the first result
of the issue's queries, titles ranked first by the worker itself (Enter opens the first
result), particles never highlighted alone, editor text out of the index, and the
summary as a procedure's snippet. The sample handbook and a small handbook with
バックアップ確認 and a problem naming `backup_owners`."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Callable

import pytest

from harness import ServedSite, finish_build, search_titles as search, start_build, tebiki_init, unavailable

try:
    from playwright.sync_api import expect
except ImportError as exc:  # skipped locally, an error with CI=true
    try:
        unavailable(f"Playwright for Python is not installed ({exc}); pip install playwright, and")
    except pytest.skip.Exception as skip:
        pytest.skip(str(skip), allow_module_level=True)

pytestmark = pytest.mark.browser

PARTICLES = {"を", "する", "に", "が", "は", "の", "で", "と", "へ", "します"}

BACKUP_CHECK = """\
id: it-backup-check
title: バックアップ確認
department: general-affairs
summary: ファイルサーバーのバックアップが毎晩取れているかを確かめる。
owner: sato
backup_owners: [suzuki]
frequency: daily
reviewed: 2026-11-01
systems: [NAS]
steps:
  - id: log
    title: ジョブの結果を見る
    actor: 総務担当
    mode: system
    minutes: 5
    description: |
      NAS の backup ジョブが成功しているかを管理画面で確かめる。
"""

SEAL = """\
id: ga-seal
title: 印鑑管理
department: general-affairs
summary: 社印の貸し出しと返却を押印簿に記録する。
owner: sato
frequency: on-demand
reviewed: 2026-11-01
steps:
  - id: lend
    title: 社印を貸し出す
    actor: 総務担当
    mode: paper
    minutes: 5
    description: |
      押印簿に記入し、月末に押印簿のバックアップを取る。
"""


@pytest.fixture(scope="module")
def backup_handbook(browser: Any, tmp_path_factory: pytest.TempPathFactory,
                    serve_directory: Callable[[Path], ServedSite]) -> ServedSite:
    """`tebiki init`'s handbook (minimal mkdocs.yml) with バックアップ確認 and a
    single-owner procedure (its problem message names `backup_owners`)."""
    config = tebiki_init(tmp_path_factory.mktemp("backup") / "handbook")
    folder = config.parent / "procedures" / "general-affairs"
    (folder / "backup-check.yaml").write_text(BACKUP_CHECK, encoding="utf-8")
    (folder / "seal.yaml").write_text(SEAL, encoding="utf-8")
    site = finish_build(start_build(config, config.parent / "site"), config.parent / "site")
    assert "backup_owners" in (site / "problems" / "index.html").read_text(encoding="utf-8")
    return serve_directory(site)


def open_search(page: Any, site: ServedSite) -> Any:
    response = page.goto(site.url(""), wait_until="load")
    assert response is not None and response.ok
    box = page.get_by_role("textbox", name="検索")
    box.click()
    return box


def marks(page: Any) -> list[str]:
    return [t.strip() for t in page.locator(".md-search-result mark").all_text_contents()]


def test_backup_finds_the_procedure_not_the_problems_page(page: Any, backup_handbook: ServedSite) -> None:
    box = open_search(page, backup_handbook)
    titles = search(page, box, "backup")
    assert titles[:1] == ["バックアップ確認"], titles
    assert "問題" not in titles
    # the YAML field name is only in problem messages: editor text is not indexed
    assert search(page, box, "backup_owners") == []
    expect(page.locator(".md-search-result__meta")).to_contain_text("見つかりません")
    # the title ranks above a step that mentions the word (印鑑管理: 押印簿のバックアップ)
    titles = search(page, box, "バックアップ")
    assert titles[0] == "バックアップ確認" and "印鑑管理" in titles, titles
    assert search(page, box, "ﾊﾞｯｸｱｯﾌﾟ")[0] == "バックアップ確認"
    assert search(page, box, "ばっくあっぷ")[0] == "バックアップ確認"  # the title's reading


def test_enter_opens_the_first_result(page: Any, handbook: ServedSite) -> None:
    """Ranking is the worker's: the first result also has the best score, which Enter follows."""
    box = open_search(page, handbook)
    assert search(page, box, "入社")[0] == "入社手続き"
    box.press("Enter")
    page.wait_for_url(re.compile(r"/procedures/hr-onboarding/"))
    expect(page.locator("article h1").first).to_contain_text("入社手続き")


def test_a_step_phrase_is_marked_whole_and_particles_never_alone(page: Any, handbook: ServedSite) -> None:
    box = open_search(page, handbook)
    assert search(page, box, "証憑を回収する")[0] == "月次決算"
    assert "証憑を回収する" in marks(page)
    assert not PARTICLES & set(marks(page)), marks(page)
    # not written exactly as in the step: its kanji words are required and marked, the particles not
    assert search(page, box, "証憑を回収します")[0] == "月次決算"
    found = set(marks(page))
    assert found and found <= {"証憑", "回収"}, found
    # the opened page highlights the words, never a particle alone
    page.locator(".md-search-result li > a").first.click()
    page.wait_for_url(re.compile(r"/procedures/acc-monthly-close/"))
    expect(page.locator("article mark[data-md-highlight]").first).to_be_attached()
    highlighted = {t.strip() for t in page.locator("article mark[data-md-highlight]").all_text_contents()}
    assert highlighted and not PARTICLES & highlighted, highlighted


def test_a_procedure_snippet_is_its_summary(page: Any, handbook: ServedSite) -> None:
    box = open_search(page, handbook)
    assert search(page, box, "ｹｲﾋｾｲｻﾝ")[0] == "経費精算"
    first = page.locator(".md-search-result li > a article").first
    assert "従業員が立て替えた経費を経費精算システムで申請・承認し" in first.inner_text()
