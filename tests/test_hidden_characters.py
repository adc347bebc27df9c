"""Control and bidi characters in text values (trial finding A): `tebiki check` reports each
at its value as a `schema` error naming the character; pages and diagrams never carry them raw,
and every SVG tebiki writes is well-formed XML."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Callable

from cli_run import run_tebiki
from core_samples import CLEAN_PROCEDURE
from handbook_fixture import build_site
from test_cli import tebiki

RAW = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ufffe\uffff]")

HOSTILE = (CLEAN_PROCEDURE
           .replace("title: 月次決算", 'title: "\\e[31mRED\\e[0m\\e]0;pwned\\a \\u202Eabc.exe"')
           .replace("owner: sato", 'owner: sato\ntrigger: "月末\\u2066"')
           .replace("    actor: 経理担当\n  - id: post", "    actor: \"経理\\x85担当\"\n    description: \"一行目\\n\\tタブは書ける\\e[2J\"\n  - id: post"))
# Lines: 2 title, 6 trigger, 13 actor, 14 description.
ORG = """\
departments:
  - id: accounting
    name: 経理・財務
people:
  - id: sato
    name: 佐藤 花子
    department: accounting
  - id: suzuki
    name: "鈴木\\u202D健太"
    department: accounting
"""  # line 9
INVENTORY = 'procedures:\n  - id: acc-close\n    title: "月次\\x07決算"\n    department: accounting\n'  # line 3


def schema_problems(root: Path, lang: str) -> list[tuple[str, int, str]]:
    import json

    run = tebiki(root, "--format", "json", "--lang", lang)
    return [(p["file"], p["line"], p["message"]) for p in json.loads(run.stdout)["problems"] if p["code"] == "schema"]


def test_check_reports_each_hidden_character_at_its_value(tebiki_handbook: Callable[..., Path]) -> None:
    root = tebiki_handbook({"a.yaml": HOSTILE}, org=ORG, inventory=INVENTORY)
    found = schema_problems(root, "ja")
    assert [(f, line) for f, line, _ in found] == [
        ("procedures/_inventory.yaml", 3), ("procedures/_org.yaml", 9),
        ("procedures/a.yaml", 2), ("procedures/a.yaml", 6), ("procedures/a.yaml", 13), ("procedures/a.yaml", 14)]
    messages = [m for _, _, m in found]
    assert "U+0007" in messages[0] and "U+202D" in messages[1] and "人 2 (suzuki) の name" in messages[1]
    assert all(code in messages[2] for code in ("U+001B", "U+0007", "U+202E"))
    assert "U+2066" in messages[3] and "U+0085" in messages[4]
    assert "U+001B" in messages[5] and "U+0009" not in messages[5] and "U+000A" not in messages[5]
    assert all("削除してください" in m for m in messages)
    english = [m for _, _, m in schema_problems(root, "en")]
    assert all("delete it" in m for m in english) and "title" in english[2]


def test_newline_and_tab_pass_in_descriptions_only(tebiki_handbook: Callable[..., Path]) -> None:
    clean = CLEAN_PROCEDURE.replace("    actor: 経理担当\n  - id: post",
                                    "    actor: 経理担当\n    description: |\n      一行目\n      \t二行目\n  - id: post")
    assert schema_problems(tebiki_handbook({"a.yaml": clean}), "en") == []
    folded = CLEAN_PROCEDURE.replace("summary: 前月分の仕訳を締める。", "summary: >\n  前月分の仕訳を\n  締める。\n")
    assert schema_problems(tebiki_handbook({"a.yaml": folded}), "en") == []
    tabbed = CLEAN_PROCEDURE.replace("title: 月次決算", 'title: "月次\\t決算"')
    assert [(f, line) for f, line, _ in schema_problems(tebiki_handbook({"a.yaml": tabbed}), "en")] == [
        ("procedures/a.yaml", 2)]


def test_site_and_render_never_carry_hidden_characters(tebiki_handbook: Callable[..., Path], tmp_path: Path) -> None:
    root = tebiki_handbook({"a.yaml": HOSTILE}, org=ORG, inventory=INVENTORY)
    (root / "docs").mkdir()
    site = build_site(root / "mkdocs.yml")
    out = tmp_path / "rendered"
    done = run_tebiki(["render", "--out", str(out)], root)
    assert done.returncode == 0, done.stderr
    svgs = list(out.rglob("*.svg")) + list(site.rglob("*.svg"))
    assert len(list(out.rglob("*.svg"))) >= 3
    for path in [*svgs, *site.rglob("*.html")]:
        text = path.read_text(encoding="utf-8")
        assert not RAW.search(text), (path, RAW.search(text))
        if path.suffix == ".svg":
            ET.fromstring(text.encode("utf-8"))  # well-formed XML
    page = (site / "procedures" / "acc-close" / "index.html").read_text(encoding="utf-8")
    assert "<title>\\x1b[31mRED" in page  # shown as a visible escape
    assert "\\u202e" in page and "\\u2066" in page
    flow = (out / "procedures" / "acc-close.flow.svg").read_text(encoding="utf-8")
    assert "\\x1b[31mRED" in flow and "\\x85" in flow


# A character written as itself is reported where it is written, not at the start of its
# value: in a `|` block the author is sent to line 16 of the file, not to the `|` on line 14.
WRITTEN = (CLEAN_PROCEDURE
           .replace("    actor: 経理担当\n  - id: post",
                    "    actor: 経理担当\n    description: |\n      一行目はふつう。\n      二行目に\u202eがある。\n"
                    "  - id: post")
           .replace("summary: 前月分の仕訳を締める。", "summary: 前月分の\n  仕訳を\u2067締める。")
           .replace("title: 仕訳を計上する", 'title: "仕訳を\\u202e計上する"'))
# Lines: 4-5 summary (U+2067 on 5); 14 description `|`, 16 its second line with U+202E;
# 18 a title with the character as an escape (reported at the value, column 12).


def test_a_character_written_as_itself_is_reported_on_its_own_line(tebiki_handbook: Callable[..., Path]) -> None:
    root = tebiki_handbook({"a.yaml": WRITTEN})
    lines = (root / "procedures" / "a.yaml").read_text(encoding="utf-8").splitlines()
    assert "\u2067" in lines[4] and "\u202e" in lines[15] and "\\u202e" in lines[17]
    import json

    run = tebiki(root, "--format", "json")
    found = [(p["line"], p["column"]) for p in json.loads(run.stdout)["problems"] if p["code"] == "schema"]
    assert found == [(5, lines[4].index("\u2067") + 1), (16, lines[15].index("\u202e") + 1), (18, 12)]
    text = run_tebiki(["check"], root).stdout
    assert "procedures/a.yaml:16:" in text and "procedures/a.yaml:14:" not in text


# The reader notes the values that are not printable as it converts a file, and the check looks
# only at those: a value an alias repeats is reported once, where it is written; list items and
# a file that is one line of text are seen too; a file the reader does not convert plainly (a
# merge key) is walked instead. Same places and words as the walk over every node gave.
ALIASED = (CLEAN_PROCEDURE.replace("title: 月次決算", 'title: &T "月次\\u202e決算"')
           .replace("frequency: monthly", 'frequency: monthly\ntags: [*T, *T, "a\\x02"]\nsystems: ["\\u2066会計"]'))
MERGED = CLEAN_PROCEDURE.replace("id: acc-close", "id: acc-merged") + 'x_merge:\n  <<: {a: "\\x03"}\n'


def test_each_shape_of_value_is_reported_once_where_it_is_written(tebiki_handbook: Callable[..., Path]) -> None:
    root = tebiki_handbook({"aliased.yaml": ALIASED, "merged.yaml": MERGED, "scalar.yaml": '"\\u202eone line"\n'})
    text = run_tebiki(["check", "--lang", "en", "--today", "2026-11-24"], root).stdout
    hidden = [line for line in text.splitlines() if " error schema " in line and "holds an invisible" in line]
    assert hidden == [
        "procedures/aliased.yaml:2:8: error schema title holds an invisible character that reverses the text "
        "direction (U+202E); delete it",
        "procedures/aliased.yaml:8:16: error schema tags item 3 holds an invisible control character (U+0002); "
        "delete it",
        "procedures/aliased.yaml:9:11: error schema systems item 1 holds an invisible character that reverses the "
        "text direction (U+2066); delete it",
        "procedures/merged.yaml:17:11: error schema a of x_merge holds an invisible control character (U+0003); "
        "delete it",
        "procedures/scalar.yaml:1:1: error schema the file holds an invisible character that reverses the text "
        "direction (U+202E); delete it",
    ], text
