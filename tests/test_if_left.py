"""What one person's leaving changes (`tebiki.if_left`) and the person page built on it.

The rule counts only holders who are available: a backup who has already left
cannot act, so a rule that looked at `backup_owners` alone would call these
procedures safe. Each case below has such a backup."""

from __future__ import annotations

import re
from datetime import date

from tebiki.if_left import if_left
from tebiki.model import Handbook, Person, Status
from tebiki.render.context import RenderContext
from tebiki.render.labels import Labels
from tebiki.render.pages import person_page
from test_render_pages import handbook, loc, proc

PEOPLE = (
    Person("sato", "佐藤 花子", "acc", Status.ACTIVE, None, loc()),
    Person("suzuki", "鈴木 次郎", "acc", Status.ACTIVE, None, loc()),
    Person("tanaka", "田中 一郎", "acc", Status.LEAVING, date(2027, 3, 31), loc()),
    Person("mori", "森 太郎", "acc", Status.LEFT, None, loc()),
)


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()


def if_left_text(hb: Handbook, pid: str, lang: str = "ja") -> str:
    """The text of the person page's last section, 「退職・異動した場合の影響」 / "If they left"."""
    md = person_page(RenderContext(hb, Labels(lang)), pid).markdown
    heading = {"ja": "## 退職・異動した場合の影響", "en": "## If they left"}[lang]
    return text_of(md[md.index(heading) + len(heading):])


def test_owner_whose_only_backup_already_left_leaves_nobody() -> None:
    only_gone_backup = proc("a", "sato", ("mori",), title="月次決算")
    hb = handbook(only_gone_backup, people=PEOPLE)
    found = if_left(list(hb.procedures.values()), hb.org, "sato")
    assert found.no_holder == ("a",) and found.backup_acts == () and found.single == ()
    left = if_left_text(hb, "sato")
    assert "担える人がいなくなる手順 月次決算" in left
    assert "森 太郎" not in left, "a backup who already left is never offered as the one who can act"


def test_owner_with_one_gone_and_one_present_backup_names_only_the_present_one() -> None:
    a = proc("a", "sato", ("mori", "suzuki"), title="月次決算")
    hb = handbook(a, people=PEOPLE)
    found = if_left(list(hb.procedures.values()), hb.org, "sato")
    assert found.backup_acts == (("a", ("suzuki",)),) and not found.no_holder
    left = if_left_text(hb, "sato")
    assert "担当者はいなくなるが、副担当が対応できる手順 月次決算 — 副担当 鈴木 次郎 が対応できる" in left
    assert "森 太郎" not in left
    assert "No owner, but a backup can act 月次決算 — the backup 鈴木 次郎 can act" in if_left_text(hb, "sato", "en")


def test_backup_whose_fellow_backup_already_left_leaves_the_owner_alone() -> None:
    c = proc("c", "suzuki", ("sato", "mori"), title="経費精算")
    hb = handbook(c, people=PEOPLE)
    found = if_left(list(hb.procedures.values()), hb.org, "sato")
    assert found.single == ("c",) and not found.no_holder and not found.backup_acts
    assert "副担当がいなくなり、単独担当になる手順 経費精算" in if_left_text(hb, "sato")


def test_owner_who_already_left_changes_nothing_when_the_backup_leaves() -> None:
    gone_owner = proc("g", "mori", ("sato",), title="固定資産")
    hb = handbook(gone_owner, people=PEOPLE)
    # sato is the only holder: their leaving leaves nobody (mori cannot come back)
    assert if_left(list(hb.procedures.values()), hb.org, "sato").no_holder == ("g",)
    # mori already left: they hold nothing, so "if they left" changes nothing
    assert not if_left(list(hb.procedures.values()), hb.org, "mori")
    assert if_left_text(hb, "mori") == "影響を受ける手順はありません。"


def test_leaving_people_still_count_until_they_go() -> None:
    c = proc("c", "suzuki", ("sato", "tanaka"))
    b = proc("b", "tanaka", ("sato",))
    hb = handbook(c, b, people=PEOPLE)
    found = if_left(list(hb.procedures.values()), hb.org, "sato")
    assert found.single == ("b",)  # c keeps suzuki and tanaka (leaving is still available)
    assert if_left(list(hb.procedures.values()), hb.org, "tanaka").backup_acts == (("b", ("sato",)),)


def test_order_is_owned_then_backed_up_in_file_order() -> None:
    procs = (proc("x", "suzuki", ("sato",)), proc("y", "sato", ()), proc("z", "sato", ()))
    hb = handbook(*procs, people=PEOPLE)
    assert if_left(list(hb.procedures.values()), hb.org, "sato").no_holder == ("y", "z")
