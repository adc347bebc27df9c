"""The one catalog (tebiki.i18n): every problem code, page label, CLI text and diagram
word exists in Japanese and English, with the same keys and the same placeholders."""

from __future__ import annotations

import re
import string

import pytest

from tebiki.i18n.catalog import by_language, tables
from tebiki.i18n.labels import PAGE_TABLES
from tebiki.problems import DEFAULT_SEVERITY

TABLES = tables()
JAPANESE = re.compile(r"[\u3040-\u30ff\u3400-\u9fff]")  # kana and kanji
JAPANESE_TEXT = re.compile(r"[\u3000-\u30ff\u3400-\u9fff\uff00-\uffef]")  # also full-width punctuation

# Placeholders only one language fills, each for a reason a reader can check:
# Japanese leaves out the parser's or the OS's English words (spec rule 9), and the
# kind of id ("the procedure id") that Japanese says with the id alone.
ENGLISH_ONLY = {
    ("problems", "yaml-syntax/syntax"): {"detail"},
    ("problems", "schema"): {"detail"},
    ("problems", "reserved-id"): {"kind"},
    ("cli.GIT_REASONS", "git-failed"): {"detail"},
}


def placeholders(text: str) -> set[str]:
    """`{name}` fields of a str.format template, `{guess_ja}` and `{guess_en}` both as `guess`."""
    names = {field.split(".")[0].split("[")[0] for _, field, _, _ in string.Formatter().parse(text) if field}
    return {re.sub(r"_(ja|en)$", "", name) for name in names}


def test_every_table_is_found() -> None:
    assert {"problems", "check", "pages", "diagrams", "cli.WHATIF", "cli.WORKLOAD", "cli.SKILLS",
            "cli.INVENTORY_IMPORT", "cli.GIT_REASONS", "cli.OS_REASONS", "reports.HEADERS",
            "reports.COMPARE_TEXT"} <= set(TABLES)


@pytest.mark.parametrize("name", sorted(TABLES))
def test_both_languages_hold_the_same_keys(name: str) -> None:
    table = TABLES[name]
    assert set(table["ja"]) == set(table["en"]), set(table["ja"]) ^ set(table["en"])
    assert all(text.strip() for lang in table for text in table[lang].values())


@pytest.mark.parametrize("name", sorted(TABLES))
def test_both_languages_fill_the_same_placeholders(name: str) -> None:
    table = TABLES[name]
    differ = {}
    for key in table["ja"].keys() & table["en"].keys():
        ja, en = placeholders(table["ja"][key]), placeholders(table["en"][key])
        allowed = ENGLISH_ONLY.get((name, key), set())
        if ja != en and not (ja <= en and en - ja <= allowed):
            differ[key] = (sorted(ja), sorted(en))
    assert not differ, differ


@pytest.mark.parametrize("name", sorted(TABLES))
def test_english_has_no_japanese_words_and_japanese_has_some(name: str) -> None:
    """An English text with a Japanese word left in it is a missing translation; a
    Japanese text with no Japanese at all is one that was never translated."""
    kept = ("業務量", "星取表", "業務一覧", "業務棚卸し", "属人化")  # the spec's own terms stay in English text
    english = {k: t for k, t in TABLES[name]["en"].items() if JAPANESE.search(re.sub("|".join(kept), "", t))}
    assert not english, english
    if name in ("cli.ARGPARSE_JA",):
        return
    words = {k: re.sub(r"\{[^}]*\}", "", t) for k, t in TABLES[name]["ja"].items()}  # placeholders are no words
    untranslated = {k: TABLES[name]["ja"][k] for k, t in words.items()
                    if re.search("[A-Za-z]", t) and not JAPANESE_TEXT.search(t) and t != TABLES[name]["en"][k]}
    assert not untranslated, untranslated


def test_every_problem_code_has_a_message_in_both_languages() -> None:
    problems = TABLES["problems"]
    for code in DEFAULT_SEVERITY:
        for lang in ("ja", "en"):
            assert any(key == code or key.startswith(code + "/") for key in problems[lang]), (code, lang)


def test_page_label_tables_do_not_define_a_key_twice() -> None:
    """The page labels are merged from several tables: a key in two would silently
    keep only the last one's words."""
    seen: dict[str, str] = {}
    for name, table in PAGE_TABLES.items():
        for key in table["ja"]:
            assert key not in seen, f"{key} is in both {seen[key]} and {name}"
            seen[key] = name


def test_by_language_reads_every_shape() -> None:
    expected = {"ja": {"a": "あ"}, "en": {"a": "A"}}
    assert by_language({"ja": {"a": "あ"}, "en": {"a": "A"}}) == expected
    assert by_language({"a": {"ja": "あ", "en": "A"}}) == expected
    assert by_language({"a": ("あ", "A")}) == expected
    assert by_language({"ja": "あ", "en": "A"}) == {"ja": {"": "あ"}, "en": {"": "A"}}


def test_no_table_writes_a_key_twice() -> None:
    """A key written twice in one dict literal keeps only its last text, silently
    (the catalog once held two `schema/maximum` messages)."""
    import ast
    from pathlib import Path

    import tebiki.i18n

    repeated = []
    for path in sorted(Path(tebiki.i18n.__file__).parent.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Dict):
                keys = [ast.unparse(k) for k in node.keys if k is not None]
                repeated += [f"{path.name}: {k}" for k in set(keys) if keys.count(k) > 1]
    assert not repeated, repeated


def test_a_problem_is_worded_by_the_catalog_not_by_itself() -> None:
    """Reporters and pages word a problem through the catalog; `Problem` carries
    only its code, place and parameters (no problems <-> messages import circle)."""
    from tebiki.i18n.labels import Labels
    from tebiki.i18n.messages import problem_message
    from tebiki.problems import Problem

    problem = Problem("review-overdue", "procedures/a.yaml", 3, params={"due": "2026-01-31", "reviewed": "2025-01-31"})
    assert not hasattr(problem, "message")
    assert problem_message(problem, "ja") == Labels("ja").problem_message(problem) == (
        "見直し期限 2026-01-31 を過ぎています(前回 2025-01-31)。内容を確認して reviewed を更新してください")
    assert problem_message(problem, "de") == problem_message(problem, "en") == (
        "review overdue since 2026-01-31 (last reviewed 2025-01-31); check the procedure and update \"reviewed\"")
