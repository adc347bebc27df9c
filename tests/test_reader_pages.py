"""Reader-first pages (issue 12) rendered without MkDocs: the coverage to-do list,
the note to readers and the editor box of a procedure page, the person page of a
process owner, the grouped problems page, search front matter and index, and the
small items (Japanese line breaks, overdue by a word, owner as own backup, names in
single-owner messages)."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from datetime import date
from pathlib import Path

from tebiki.core import build_handbook
from tebiki.model import Person, Status
from tebiki.problems import Problem, Severity
from tebiki.render.context import RenderContext
from tebiki.render.labels import Labels, all_keys
from tebiki.render.pages import coverage_page, department_page, person_page, problems_page, procedure_page
from tebiki.render.pages import handover_page
from tebiki.search_index import normalise_site_index, normalised_index
from tebiki.todo import todo_rows
from test_render_pages import TODAY, handbook, loc, proc, step
from constants import REPO, SAMPLE_DAY

ROOT = REPO


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()


def people(*extra: Person) -> tuple[Person, ...]:
    return (
        Person("sato", "佐藤 花子", "acc", Status.ACTIVE, None, loc(), roles=("経理担当",)),
        Person("suzuki", "鈴木 健太", "acc", Status.ACTIVE, None, loc()),
        Person("tanaka", "田中 一郎", "acc", Status.LEAVING, date(2026, 8, 1), loc()),
        Person("mori", "森 太郎", "acc", Status.LEFT, None, loc()),
        *extra,
    )


# ------------------------------------------------------------------- to-do list

def urgency_handbook():  # type: ignore[no-untyped-def]
    procs = (
        proc("covered-ok", "sato", ("suzuki",), title="問題なし", reviewed=date(2026, 5, 1)),
        proc("overdue", "sato", ("suzuki",), title="期限切れ", reviewed=date(2024, 1, 1)),
        proc("single", "sato", (), title="一人だけ", reviewed=date(2026, 5, 1)),
        proc("leaving", "tanaka", ("sato",), title="退職予定の担当", reviewed=date(2026, 5, 1)),
        proc("gone", "mori", ("suzuki",), title="担当退職済み", reviewed=date(2026, 5, 1)),
    )
    return handbook(*procs, people=people())


def test_todo_rows_in_urgency_order_each_once() -> None:
    rows = todo_rows(urgency_handbook())
    assert [(r.kind, r.title) for r in rows] == [
        ("no_owner", "担当退職済み"),
        ("owner_leaving", "退職予定の担当"),  # covered by the spec's class, but its owner leaves
        ("single_owner", "一人だけ"),
        ("overdue", "期限切れ"),
        ("undocumented", "未着手"),
    ]
    leaving = rows[1]
    assert leaving.leaving_on == date(2026, 8, 1) and leaving.days_left == (date(2026, 8, 1) - TODAY).days == 61


def test_coverage_page_todo_rows_say_what_to_do_and_tiles_link_to_them() -> None:
    page = coverage_page(RenderContext(urgency_handbook(), Labels("ja"))).markdown
    todo = page[page.index("## 対応が必要なこと"): page.index("## 集計")]
    body = todo[todo.index("<tbody>"):]
    rows = [text_of(r) for r in re.findall(r"<tr.*?</tr>", body, re.S)]
    assert rows[0] == "担当者なし 担当退職済み 経理・財務 森 太郎 退職済み 担当者を決めて owner に書く"
    assert rows[1] == ("担当者が退職予定 退職予定の担当 経理・財務 田中 一郎 退職予定 2026-08-01 "
                       "2026-08-01(あと61日)までに後任へ引き継ぐ")
    assert rows[2].endswith("副担当を育てて backup_owners に書く")
    assert rows[3].endswith("内容を見直して reviewed を更新する(期限 2025-01-01)")
    assert rows[4] == "未文書化 未着手 経理・財務 — 手順書を作る(id: acc-todo)"
    for kind, count in (("no_owner", 1), ("owner_leaving", 1), ("single_owner", 1), ("overdue", 1),
                        ("undocumented", 1)):
        tile = re.search(rf'<a class="[^"]*tebiki-stat--{kind}" href="#todo-{kind}">.*?</a>', todo)
        assert tile and f'<span class="tebiki-stat__value">{count}</span>' in tile[0], kind
        assert todo.count(f'id="todo-{kind}"') == 1, kind  # the tile's target exists once


def test_department_bars_agree_with_the_table() -> None:
    """The stacked bar of a department totals its procedures (the table's 手順数);
    undocumented entries are the table's own column, not part of the bar."""
    page = coverage_page(RenderContext(urgency_handbook(), Labels("ja"))).markdown
    chart = page[page.index('aria-label="部門別カバレッジ"'):]
    chart = chart[: chart.index("</svg>")]
    assert re.findall(r'class="tebiki-chart__value"[^>]*>(\d+)<', chart) == ["5"]
    table = page[page.index("## 部門別"):]
    assert re.search(r"<td>.*?経理・財務.*?</td><td>5</td>", table)


# --------------------------------------------------------------- procedure page

def test_reader_note_names_who_to_ask() -> None:
    hb = urgency_handbook()
    L = Labels("ja")
    note = lambda pid: re.search(r'<p class="tebiki-reader-note"[^>]*>(.*?)</p>',  # noqa: E731
                                 procedure_page(RenderContext(hb, L), hb.procedures[pid]).markdown)
    assert note("gone")[1] == "担当者なし。質問は副担当 鈴木 健太へ"
    assert note("leaving")[1] == "担当者 田中 一郎 は 2026-08-01 に退職予定。以後の質問は副担当 佐藤 花子へ"
    assert note("covered-ok") is None  # the owner is there to ask
    alone = handbook(proc("x", None), people=people())
    assert "担当者なし。質問は経理・財務へ" in procedure_page(RenderContext(alone, L), alone.procedures["x"]).markdown


def test_editor_box_after_the_steps_collapsed_and_out_of_search() -> None:
    p = proc("a", "sato", ("sato",), steps=(step("s1", "経理担当", "起票"),))
    hb = handbook(p, people=people())
    hb.problems.append(Problem("single-owner", p.file, 3, 1, "a", {"owner": "sato", "name": "佐藤 花子"},
                               Severity.WARNING))
    hb = replace(hb)  # the index is built from the problems
    md = procedure_page(RenderContext(hb, Labels("ja")), p).markdown
    box = md.index('<details class="tebiki-editor')
    assert md.index("## ステップ") < box, "the editor box comes after the steps"
    assert "<details" in md[box: box + 20] and " open" not in md[box: md.index(">", box)]
    assert "data-search-exclude" in md[box: md.index(">", box)]
    assert "編集者向け: このファイルの問題 1 件" in md
    # the single-owner message names the owner by name (and id for the YAML)
    assert "この手順を実行できるのは 佐藤 花子(sato)だけです" in md
    # the owner listed as their own backup is flagged on the card
    assert "本人が副担当にも記載" in md
    # the card (people, dates) stays out of the search snippet: the summary is what shows
    assert '<div class="tebiki-card" data-search-exclude>' in md


def test_japanese_line_break_is_not_a_space() -> None:
    p = proc("a", "sato", ("suzuki",), steps=(step("s1", "経理担当", "起票", "請求書を回収する。\n月末までに提出する。"),))
    md = procedure_page(RenderContext(handbook(p, people=people()), Labels("ja")), p).markdown
    assert "<p>請求書を回収する。月末までに提出する。</p>" in md
    q = proc("b", "sato", ("suzuki",), steps=(step("s1", "経理担当", "起票", "- **請求書**を回収する。\n  月末まで\n- English\n  words"),))
    md = procedure_page(RenderContext(handbook(q, people=people()), Labels("ja")), q).markdown
    assert "<strong>請求書</strong>を回収する。月末まで</li>" in md and "English\n  words" in md  # a break between Latin words stays a space


def test_overdue_is_a_word_not_only_a_colour() -> None:
    hb = urgency_handbook()
    md = department_page(RenderContext(hb, Labels("ja")), "acc").markdown
    row = next(r for r in re.findall(r"<tr>.*?</tr>", md, re.S) if "期限切れ</a>" in r or ">期限切れ<" in r)
    assert "2024-01-01 期限切れ" in text_of(row)


# ------------------------------------------------------------------- person page

def test_person_page_review_problems_consequences_and_role_steps() -> None:
    a = proc("a", "sato", ("suzuki",), title="月次決算", reviewed=date(2024, 1, 1),
             steps=(step("s1", "経理担当", "起票"), step("s2", "経理部長", "承認")))
    b = proc("b", "sato", (), title="予算策定", reviewed=date(2026, 5, 1))
    c = proc("c", "suzuki", ("sato",), title="経費精算", reviewed=date(2026, 5, 1))
    hb = handbook(a, b, c, people=people())
    hb.problems.append(Problem("review-overdue", a.file, 9, 1, "a", {}, Severity.WARNING))
    hb = replace(hb)
    md = person_page(RenderContext(hb, Labels("ja")), "sato").markdown
    review = md[md.index("## 見直しの状況"): md.index("## 担当する手順の未解決の問題")]
    rows = [text_of(r) for r in re.findall(r"<tr>.*?</tr>", review, re.S)][1:]
    assert rows[0] == "月次決算 担当者 2024-01-01 2025-01-01 期限切れ"  # overdue first, with a word
    assert rows[1:] == ["予算策定 担当者 2026-05-01 2027-05-01", "経費精算 副担当 2026-05-01 2027-05-01"]
    problems = md[md.index("## 担当する手順の未解決の問題"): md.index("## 担当するステップ")]
    assert "月次決算" in problems and "警告" in problems and "予算策定" not in problems
    steps = md[md.index("## 担当するステップ"): md.index("## 退職・異動した場合の影響")]
    assert "1. 起票" in steps and "承認" not in steps  # roles: 経理担当 only
    left = text_of(md[md.index("## 退職・異動した場合の影響"):])
    assert "担える人がいなくなる手順 予算策定" in left
    assert "担当者はいなくなるが、副担当が対応できる手順 月次決算 — 副担当 鈴木 健太 が対応できる" in left
    assert "副担当がいなくなり、単独担当になる手順 経費精算" in left


# ------------------------------------------------------------------ problems page

def test_problems_page_grouped_by_procedure_with_titles() -> None:
    hb = build_handbook(ROOT, "procedures", today=SAMPLE_DAY)
    md = problems_page(RenderContext(hb, Labels("ja"))).markdown
    assert md.startswith("---\ntitle: \"問題\"\nsearch: {exclude: true}\n---")
    assert "`" not in text_of(md.split("---", 2)[2]), "no literal backticks"
    groups = re.findall(r'<section class="tebiki-problem-group"><h3>(.*?)</h3>', md)
    titles = [text_of(g) for g in groups]
    assert "支払処理 経理・財務" in titles and "procedures/_inventory.yaml" in titles
    assert not any(t.startswith("procedures/accounting/") for t in titles), "procedures are named by title"
    assert '<span class="tebiki-code">owner-leaving</span>' in md


def test_handover_pack_is_out_of_search() -> None:
    hb = build_handbook(ROOT, "procedures", today=SAMPLE_DAY)
    assert "search: {exclude: true}" in handover_page(RenderContext(hb, Labels("ja")), "tanaka").markdown


# ------------------------------------------------------------------- search index

def test_search_index_in_nfkc(tmp_path: Path) -> None:
    index = {"config": {"lang": ["ja"]}, "docs": [
        {"location": "a/", "title": "ＰＣ貸与", "text": "ｱｶｳﾝﾄ と ﾊﾞｯｸｱｯﾌﾟ、ＣＳＶ", "tags": ["ｐｃ"]}]}
    assert normalised_index(index)["docs"][0] == {
        "location": "a/", "title": "PC貸与", "text": "アカウント と バックアップ、CSV", "tags": ["pc"]}
    (tmp_path / "search").mkdir()
    (tmp_path / "search" / "search_index.json").write_text(json.dumps(index), encoding="utf-8")
    assert normalise_site_index(tmp_path)
    assert "アカウント" in (tmp_path / "search" / "search_index.json").read_text(encoding="utf-8")
    assert not normalise_site_index(tmp_path / "none")


def test_reader_labels_in_both_languages() -> None:
    keys = all_keys()
    assert keys["ja"] == keys["en"]
    hb = urgency_handbook()
    en = procedure_page(RenderContext(hb, Labels("en")), hb.procedures["gone"]).markdown
    assert "No owner yet. Ask the backup, 鈴木 健太" in en
