"""A fixed choice written as the usual Japanese word (`frequency: 毎月`) is answered
with the choice to write (「monthly」), in ja and en, for every choice field."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Callable

import pytest

from test_people_yaml import CLEAN, describe, edit, in_collect, load
from tebiki.i18n.messages import problem_message

IMPROVEMENT = "improvements:\n  - title: 回収を変える\n    lever: {lever}\n    status: {status}\n"
CASES = [  # (what the author wrote, the file, the choice to suggest)
    *[(word, edit(CLEAN, "frequency: monthly", f"frequency: {word}"), value) for word, value in [
        ("毎日", "daily"), ("日次", "daily"), ("毎週", "weekly"), ("週次", "weekly"), ("毎月", "monthly"),
        ("月次", "monthly"), ("四半期", "quarterly"), ("四半期ごと", "quarterly"), ("毎年", "yearly"),
        ("年次", "yearly"), ("年1回", "yearly"), ("年１回", "yearly"), ("随時", "on-demand"), ("都度", "on-demand"),
        ("必要時", "on-demand")]],
    *[(word, in_collect(f"    mode: {word}\n"), value) for word, value in [
        ("手作業", "manual"), ("紙", "paper"), ("システム", "system"), ("自動", "automated"), ("外部委託", "outsourced")]],
    *[(word, edit(CLEAN, "frequency: monthly", f"frequency: on-demand\nvolume: {{count: 3, per: {word}}}"), value)
      for word, value in [("日", "day"), ("週", "week"), ("月", "month"), ("四半期", "quarter"), ("年", "year")]],
    *[(word, CLEAN + IMPROVEMENT.format(lever=word, status="idea"), value) for word, value in [
        ("電子化", "digitize"), ("外部委託", "bpo"), ("システム", "system"), ("廃止", "eliminate"), ("標準化", "standardize")]],
    *[(word, CLEAN + IMPROVEMENT.format(lever="rpa", status=word), value) for word, value in [
        ("案", "idea"), ("計画済み", "planned"), ("実施中", "doing"), ("完了", "done")]],
]


@pytest.mark.parametrize("word, text, value", CASES, ids=[f"{c[0]}-{c[2]}" for c in CASES])
def test_a_japanese_word_for_a_choice_suggests_the_choice(tebiki_handbook: Callable[..., Path], word: str,
                                                          text: str, value: str) -> None:
    handbook = load(tebiki_handbook, text)
    [problem] = [p for p in handbook.problems if p.code == "schema"]
    assert f"「{word}」は使えません。「{value}」のことなら、そう書いてください" in problem_message(problem, "ja"), describe(handbook)
    assert f'not "{word}" (did you mean "{value}"?)' in problem_message(problem, "en"), problem_message(problem, "en")


@pytest.mark.parametrize("word, value", [("退職", "left"), ("退職予定", "leaving"), ("在籍", "active")])
def test_a_persons_status_in_japanese_suggests_the_choice(tebiki_handbook: Callable[..., Path], word: str,
                                                          value: str) -> None:
    org = ("departments:\n  - {id: accounting, name: 経理}\npeople:\n"
           f"  - {{id: sato, name: 佐藤, department: accounting, status: {word}}}\n")
    handbook = load(tebiki_handbook, org=org)
    [problem] = [p for p in handbook.problems if p.code == "schema"]
    assert f"「{value}」のことなら" in problem_message(problem, "ja") and f'(did you mean "{value}"?)' in problem_message(problem, "en")


def test_a_word_that_names_no_choice_of_the_field_suggests_nothing(tebiki_handbook: Callable[..., Path]) -> None:
    handbook = load(tebiki_handbook, edit(CLEAN, "frequency: monthly", "frequency: 紙"))  # a mode, not a frequency
    [problem] = handbook.problems
    assert "のことなら" not in problem_message(problem, "ja") and "did you mean" not in problem_message(problem, "en")


def test_every_choice_of_every_schema_has_a_japanese_word() -> None:
    """A new choice field (or choice) gets its usual Japanese words in enum_words.py."""
    from tebiki.enum_words import WORDS

    def enums(node: object) -> list[str]:
        if isinstance(node, dict):
            return list(node.get("enum", [])) + [v for child in node.values() for v in enums(child)]
        return [v for child in node for v in enums(child)] if isinstance(node, list) else []

    meant = {value for values in WORDS.values() for value in values}
    schemas = sorted((Path(__file__).parents[1] / "schema").glob("*.schema.json"))
    assert [s.name for s in schemas] == ["inventory.schema.json", "org.schema.json", "procedure.schema.json"]
    for schema in schemas:
        missing = set(enums(json.loads(schema.read_text(encoding="utf-8")))) - meant
        assert not missing, f"{schema.name}: no Japanese word for {sorted(missing)}"
