"""The hostile-input suite without a browser (see hostile_suite.py): for each attack,
`tebiki check` in every format and `mkdocs build` finish within TIME_BOUND, exit as
the attack says, carry no raw control character and nothing from outside the handbook,
and leave the user's files in every configurable folder untouched. The browser half is
tests/browser/test_hostile_in_browser.py."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from hostile_suite import (
    POISON, RAW, SECRET, TIME_BOUND, Attack, attacks, build, check, missing_user_files, poison_cache, prepare,
    site_texts,
)


@pytest.mark.parametrize("attack", attacks(), ids=str)
def test_attack(attack: Attack, tmp_path: Path) -> None:
    manifest = attack.manifest
    prepared = prepare(attack, tmp_path)
    root = prepared.root
    for form in ("text", "github", "json"):
        result = check(root, form)
        channel = f"{attack}: tebiki check --format {form}"
        assert result.code == manifest["check_exit"], f"{channel}: exit {result.code}\n{result.out}\n{result.err}"
        assert "Traceback" not in result.err and result.seconds < TIME_BOUND, channel
        assert SECRET not in result.out + result.err, channel
        assert not RAW.search(result.out + result.err), f"{channel}: {RAW.findall(result.out + result.err)!r}"
        if form == "json" and result.code != 2:
            codes = {p["code"] for p in json.loads(result.out)["problems"]}
            assert set(manifest.get("codes") or ()) <= codes, f"{channel}: {sorted(codes)}"
        if form == "github":
            for line in result.out.splitlines():
                assert line.count("::") in (0, 2) and (line.startswith("::") or "::" not in line), line

    done = build(root)
    if manifest.get("poison_cache"):
        assert done.code == 0, done.err
        poison_cache(root)
        done = build(root)
    log = done.out + done.err
    assert done.seconds < TIME_BOUND and "Traceback" not in log, log[-3000:]
    assert SECRET not in log and not RAW.search(log), f"{attack}: build log: {RAW.findall(log)!r}"
    if manifest["build"] == "ok":
        assert done.code == 0, log[-3000:]
        texts = site_texts(root / "site")
        leaked = [name for name, text in texts.items() if SECRET in text or POISON in text]
        assert not leaked, f"{attack}: outside or poisoned content in {leaked}"
        problems_page = texts["problems/index.html"]
        table = problems_page[problems_page.find("tebiki-problem-group"):]  # the problems, by procedure
        table = table[: table.find("</article>")]
        assert not RAW.search(table.replace("\n", "")), f"{attack}: problems page: {RAW.findall(table)!r}"
        for rel, text in (manifest.get("page_contains") or {}).items():
            assert text in texts[rel], rel
        for rel, text in (manifest.get("page_lacks") or {}).items():
            assert rel in texts and text not in texts[rel], rel
    else:
        assert done.code != 0 and "tebiki" in log, log[-3000:]
    assert missing_user_files(prepared) == [], f"{attack}: user files lost or changed"


def test_every_attack_folder_has_a_manifest() -> None:
    from hostile_suite import SUITE

    folders = {p.name for p in SUITE.iterdir() if p.is_dir() and not p.name.startswith("_")}
    assert folders == {a.name for a in attacks()} and len(folders) >= 13
