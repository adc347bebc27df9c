"""`tebiki init` writes its .gitignore and CI workflow in the chosen language, and never a
workflow that installs "tebiki" from PyPI (a package of that name there is not this tool)."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
import yaml

from test_init import JAPANESE, run


def comments(text: str) -> list[str]:
    return [m.group(1) for m in re.finditer(r"(?:^|\s)#\s(.*)$", text, re.M)]


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_gitignore_and_workflow_speak_the_chosen_language(tmp_path: Path, lang: str) -> None:
    assert run(tmp_path, "init", "--lang", lang).returncode == 0
    for rel in (".gitignore", ".github/workflows/handbook.yml"):
        text = (tmp_path / rel).read_text(encoding="utf-8")
        found = comments(text)
        assert found, rel
        for comment in found:
            assert bool(JAPANESE.search(comment)) == (lang == "ja"), f"{rel}: {comment}"


@pytest.mark.parametrize("lang, words", [("ja", "tebiki の入れ方が決まっていません"),
                                         ("en", "where to install tebiki from is not set")])
def test_an_unknown_install_source_gives_a_step_that_fails_and_says_what_to_write(tmp_path: Path, lang: str,
                                                                                  words: str) -> None:
    assert run(tmp_path, "init", "--lang", lang).returncode == 0  # tests run from an editable (file:) install
    text = (tmp_path / ".github/workflows/handbook.yml").read_text(encoding="utf-8")
    assert not re.search(r"pip install\s+[\"']?tebiki[\"']?\s*$", text, re.M), text
    steps = yaml.safe_load(text)["jobs"]["check"]["steps"]
    [install] = [s for s in steps if "tebiki" in str(s.get("name", ""))]
    assert steps.index(install) < [i for i, s in enumerate(steps) if "tebiki check" in str(s.get("run"))][0]
    done = subprocess.run(["bash", "-e", "-c", install["run"]], capture_output=True, text=True, timeout=30)
    assert done.returncode != 0
    assert done.stdout.startswith("::error::" + words), done.stdout
    assert 'pip install "tebiki @ git+https://' in done.stdout and "pip install ./tebiki" in done.stdout
    assert "PyPI" in done.stdout


def test_the_readme_says_what_to_do_with_the_install_step() -> None:
    readme = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")
    section = readme.split("## 自分の手引きを作る", 1)[1].split("\n## ", 1)[0]
    assert "install tebiki" in section and "tebiki を入れる" in section and "exit 1" in section, section
