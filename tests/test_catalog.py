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


# English texts that quote Japanese on purpose.
QUOTES_JAPANESE = {("site.SITE_DEFAULTS", "anchors")}  # "#手順, not #_1": what a Japanese heading's anchor looks like


def placeholders(text: str) -> set[str]:
    """`{name}` fields of a str.format template, `{guess_ja}` and `{guess_en}` both as `guess`."""
    names = {field.split(".")[0].split("[")[0] for _, field, _, _ in string.Formatter().parse(text) if field}
    return {re.sub(r"_(ja|en)$", "", name) for name in names}


def test_every_table_is_found() -> None:
    assert {"problems", "check", "pages", "diagrams", "site.SITE_DEFAULTS", "site.OFFLINE", "cli.WHATIF", "cli.WORKLOAD", "cli.SKILLS",
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
    english = {k: t for k, t in TABLES[name]["en"].items()
               if JAPANESE.search(re.sub("|".join(kept), "", t)) and (name, k) not in QUOTES_JAPANESE}
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


# --- one word per concept (tebiki.i18n.glossary) --------------------------------------------------

def words(lang: str = "ja") -> dict[str, list[str]]:
    """Short texts (a word or a heading: no placeholder, no sentence) -> the keys holding them."""
    held: dict[str, list[str]] = {}
    for name, table in TABLES.items():
        if name == "cli.ARGPARSE_JA":
            continue
        for key, text in table[lang].items():
            if "{" not in text and "。" not in text and len(text) <= 16:
                held.setdefault(text, []).append(f"{name}:{key}")
    return held


def test_no_two_keys_hold_one_japanese_word_for_different_concepts() -> None:
    from tebiki.i18n.glossary import CONCEPTS, SPEC_WORDINGS

    concept_of = {key: name for name, concept in CONCEPTS.items() for key in concept.keys}
    clashes = {}
    for word, keys in words().items():
        keys = [k for k in keys if k not in SPEC_WORDINGS]
        concepts = {concept_of.get(key, key) for key in keys}
        if len(concepts) > 1:
            clashes[word] = keys
    assert not clashes, ("one word for several concepts: choose another word for one of them, or, if they are "
                         f"one concept, list the keys under it in i18n/glossary.py: {clashes}")


def test_each_concept_has_one_word_in_each_language_everywhere() -> None:
    """Every key of a concept holds its Japanese word, and its English text holds the
    concept's English word (a column says "Owner", a sentence "owner")."""
    from tebiki.i18n.glossary import CONCEPTS

    flat = {f"{name}:{key}": (table["ja"][key], table["en"][key]) for name, table in TABLES.items() for key in table["ja"]}
    for name, concept in CONCEPTS.items():
        for key in concept.keys:
            assert key in flat, f"{name}: no key {key}"
            assert flat[key][0] == concept.ja, (name, key, flat[key][0], concept.ja)
            stems = [word.lower().removesuffix("s") for word in concept.en.split("|")]
            assert any(stem in flat[key][1].lower() for stem in stems) or key in ENGLISH_FILLERS, \
                (name, key, flat[key][1], concept.en)


# English texts that say the concept without its word, each for a reason.
ENGLISH_FILLERS = {
    "pages:note.leaving.nodate",  # "leaves on soon": the date is not known
    "pages:home.at_a_glance",  # the home page's summary reads "At a glance"
    "messages._KINDS:blank", "messages._TYPES:null",  # "holds nothing" / "takes nothing"
    "cli.OS_REASONS:1",  # EPERM: "operation not permitted", the OS's own distinction from EACCES
}


def test_no_retired_word_is_shown_anywhere() -> None:
    """A concept's old words appear in no catalog text and in no text the code
    passes to `tr(ja, en)` (command help)."""
    import ast
    from pathlib import Path

    import tebiki
    from tebiki.i18n.glossary import CONCEPTS

    retired = {word: name for name, concept in CONCEPTS.items() for word in concept.retired}
    texts = [(f"{name}:{key}", text) for name, table in TABLES.items() for key, text in table["ja"].items()]
    for path in Path(tebiki.__file__).parent.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "tr" and node.args:
                first = node.args[0]
                if isinstance(first, ast.Constant) and isinstance(first.value, str):
                    texts.append((f"{path.name}:{node.lineno}", first.value))
                elif isinstance(first, ast.JoinedStr):
                    texts.append((f"{path.name}:{node.lineno}", ast.unparse(first)))
    found = [(where, word, retired[word]) for where, text in texts for word in retired if word in text]
    assert not found, found
