"""Work done once per build instead of once per page (issue 13, the main process of a
990-procedure build) shows exactly what rendering each page afresh would show: the
escaping fast paths, a procedure's steps shared by its page and every hand-over pack
(made once with a slot for the anchor), and links made once per target and depth."""

from __future__ import annotations

import sys
import unicodedata
from pathlib import Path
from typing import Callable

from tebiki.core import build_handbook
from tebiki.display import display_safe, unsafe_characters
from tebiki.render.context import RenderContext
from tebiki.render.labels import Labels
from tebiki.render.markup import html
from tebiki.render.pages import handover_page, person_page, procedure_page
from tebiki.render.safe import esc

# A step title, a branch condition and an actor holding a NUL (the slot character), a
# written-out `\x00` and text that looks like a step anchor.
STEPS_WITH_NUL = """\
id: acc-close
title: 月次決算
department: accounting
summary: 前月分の仕訳を締める。
owner: sato
backup_owners: [suzuki]
frequency: monthly
reviewed: 2026-04-01
steps:
  - id: collect
    title: "証憑を\\0回収する step- \\\\x00"
    actor: "経理\\0担当"
    next:
      - to: post
        when: "金額が\\0大きい"
      - to: check
  - id: check
    title: 確認する
    actor: 経理担当
  - id: post
    title: 仕訳を計上する
    actor: 経理担当
"""


def test_every_printable_character_is_safe_so_printable_text_is_returned_as_it_is() -> None:
    """display_safe returns printable text untouched without its regular expression: that is
    right only if no unsafe character (Cc, Cf, Zl, Zp, Cs, U+FFFE/U+FFFF) is printable."""
    printable = "".join(chr(cp) for cp in range(sys.maxunicode + 1) if chr(cp).isprintable())
    assert unsafe_characters().search(printable) is None
    unsafe = [cp for cp in range(sys.maxunicode + 1)
              if unicodedata.category(chr(cp)) in {"Cc", "Cf", "Zl", "Zp", "Cs"} or cp in (0xFFFE, 0xFFFF)]
    assert not [cp for cp in unsafe if chr(cp).isprintable()]
    assert display_safe("佐藤\u3000花子\u200b") == "佐藤\u3000花子\\u200b"  # not printable: the slow path


def test_escaping_a_value_again_gives_the_same_html() -> None:
    for value in ["<b>&{{x}}'\"", "佐藤 花子", "a\x00b", "行1\n行2\t", "\u202eexe"]:
        first, again = html(value), html(value)
        assert first == again == esc(value)
        assert "\x00" not in first and "\u202e" not in first


def test_steps_made_once_show_the_same_on_the_page_and_in_every_pack(
        tebiki_handbook: Callable[..., Path]) -> None:
    root = tebiki_handbook({"acc-close.yaml": STEPS_WITH_NUL})
    hb = build_handbook(root, "procedures")
    assert "acc-close" in hb.procedures
    ctx = RenderContext(hb, Labels("ja"))
    page = procedure_page(ctx, hb.procedures["acc-close"]).markdown
    packs = [handover_page(ctx, pid).markdown for pid in ("sato", "suzuki")]
    fresh = handover_page(RenderContext(hb, Labels("ja")), "sato").markdown  # nothing made before
    assert packs[0] == fresh
    for text in [page, *packs]:
        assert "\x00" not in text
        assert "証憑を\\x00回収する step- \\x00" in text  # both shown as written-out escapes
        assert "経理\\x00担当" in text and "金額が\\x00大きい" in text
    assert 'id="step-collect"' in page and 'href="#step-post"' in page
    for pack in packs:
        assert 'id="acc-close--step-collect"' in pack and 'href="#acc-close--step-post"' in pack
        assert 'id="step-collect"' not in pack
    # The steps are the same HTML apart from the anchor.
    steps = page[page.index('<ol class="tebiki-steps">'):page.index("</ol>", page.index('<ol class="tebiki-steps">'))]
    assert steps.replace('"step-', '"acc-close--step-').replace('"#step-', '"#acc-close--step-') in packs[0]


def test_links_made_once_per_build_match_links_made_afresh(tebiki_handbook: Callable[..., Path]) -> None:
    """A person's page and pack link to the same people and procedures as a context that made nothing before."""
    root = tebiki_handbook({"acc-close.yaml": STEPS_WITH_NUL})
    hb = build_handbook(root, "procedures")
    shared = RenderContext(hb, Labels("ja"))
    made = {pid: (person_page(shared, pid).markdown, handover_page(shared, pid).markdown) for pid in hb.org.people
            if pid in ("sato", "suzuki")}
    for pid, (person, pack) in made.items():
        assert person == person_page(RenderContext(hb, Labels("ja")), pid).markdown
        assert pack == handover_page(RenderContext(hb, Labels("ja")), pid).markdown
    assert '<a href="../../procedures/acc-close/">月次決算</a>' in made["sato"][0]
