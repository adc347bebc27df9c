"""`tebiki init`, `tebiki schema`, `--version`, and the command line's language
(spec: "Other commands"), run as a user runs them: `tebiki.cli.main` in this process,
the installed script in a child process for a bad environment variable."""

from __future__ import annotations

import json
import os
import re
import subprocess
from importlib import metadata
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config

from cli_run import Ran, run_tebiki
from test_cli import tebiki_command
from constants import REPO

JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")
MODELINE = re.compile(r"^# yaml-language-server: \$schema=(\S+)$", re.M)
STARTER = {"mkdocs.yml", "docs/index.md", "procedures/_org.yaml", "procedures/general-affairs/purchase.yaml",
           ".gitignore", ".github/workflows/handbook.yml", "schema/procedure.schema.json",
           "schema/org.schema.json", "schema/inventory.schema.json"}


def run(cwd: Path, *args: str) -> Ran:
    """`tebiki *args` in this process, without any TEBIKI_ environment variable."""
    return run_tebiki(list(args), cwd, env={k: None for k in os.environ if k.startswith("TEBIKI_")})


def files_under(root: Path) -> set[str]:
    return {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()}


def test_init_writes_a_handbook_that_passes_the_check_and_builds_strict(tmp_path: Path) -> None:
    done = run(tmp_path, "init", "handbook")
    assert done.returncode == 0, done.stderr
    root = tmp_path / "handbook"
    assert files_under(root) == STARTER
    commands = [line.strip() for line in done.stdout.splitlines() if line.startswith("  ")]
    assert commands == ["cd handbook", "tebiki check", "mkdocs serve"], done.stdout
    check = run(root, "check", "--format", "json")
    assert check.returncode == 0, check.stdout + check.stderr
    report = json.loads(check.stdout)
    assert report["problems"] == [] and report["summary"]["procedures"] == 1 and report["summary"]["covered"] == 1
    example = (root / "procedures/general-affairs/purchase.yaml").read_text(encoding="utf-8")
    assert "when: 差戻し" in example and "reviewed:" in example
    yml = (root / "mkdocs.yml").read_text(encoding="utf-8")
    assert re.sub(r"#.*\n", "", yml) == "site_name: 業務手引き\ntheme:\n  name: material\n  language: ja\nplugins:\n  - search\n  - tebiki\n"
    config = load_config(str(root / "mkdocs.yml"), strict=True, site_dir=str(root / "site"))
    build(config)  # strict: no warning at all
    assert (root / "site" / "procedures" / "ga-purchase" / "index.html").exists()
    workflow = (root / ".github/workflows/handbook.yml").read_text(encoding="utf-8")
    assert "tebiki check --format github" in workflow and "mkdocs build --strict" in workflow
    assert ".cache/" in (root / ".gitignore").read_text(encoding="utf-8").splitlines()


def test_init_editor_modelines_point_to_the_schemas_it_wrote(tmp_path: Path) -> None:
    assert run(tmp_path, "init").returncode == 0
    for rel in ("procedures/_org.yaml", "procedures/general-affairs/purchase.yaml"):
        path = tmp_path / rel
        target = (path.parent / MODELINE.search(path.read_text(encoding="utf-8")).group(1)).resolve()
        assert target.is_file() and target.is_relative_to(tmp_path), (rel, target)
        assert json.loads(target.read_text(encoding="utf-8")) == json.loads((REPO / "schema" / target.name).read_text(encoding="utf-8"))


def test_init_never_replaces_a_file(tmp_path: Path) -> None:
    (tmp_path / "procedures").mkdir()
    (tmp_path / "mkdocs.yml").write_text("site_name: 既存\nplugins:\n  - tebiki\n", encoding="utf-8")
    (tmp_path / "procedures" / "_org.yaml").write_text("departments: []\npeople: []\n", encoding="utf-8")
    done = run(tmp_path, "init")
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "mkdocs.yml").read_text(encoding="utf-8") == "site_name: 既存\nplugins:\n  - tebiki\n"
    assert (tmp_path / "procedures" / "_org.yaml").read_text(encoding="utf-8") == "departments: []\npeople: []\n"
    # the example refers to the org it would have written: not added to another org
    assert not (tmp_path / "procedures/general-affairs/purchase.yaml").exists()
    assert "mkdocs.yml" in done.stdout and "procedures/_org.yaml" in done.stdout
    before = {p: (tmp_path / p).read_bytes() for p in files_under(tmp_path)}
    again = run(tmp_path, "init")
    assert again.returncode == 0 and {p: (tmp_path / p).read_bytes() for p in files_under(tmp_path)} == before
    commands = [line.strip() for line in again.stdout.splitlines() if line.startswith("  ") and "既に" not in line]
    assert commands == ["tebiki check", "mkdocs serve", "mkdocs build"], again.stdout


def test_init_in_english(tmp_path: Path) -> None:
    done = run(tmp_path, "init", "--lang", "en", "book")
    assert done.returncode == 0 and not JAPANESE.search(done.stdout), done.stdout
    root = tmp_path / "book"
    for rel in STARTER - {p for p in STARTER if p.startswith("schema/")}:
        assert not JAPANESE.search((root / rel).read_text(encoding="utf-8")), rel
    assert "language: en" in (root / "mkdocs.yml").read_text(encoding="utf-8")
    check = run(root, "check")
    assert check.returncode == 0 and "errors: 0, warnings: 0" in check.stdout, check.stdout


def test_init_into_a_file_cannot_run(tmp_path: Path) -> None:
    (tmp_path / "taken").write_text("x", encoding="utf-8")
    done = run(tmp_path, "init", "taken")
    assert done.returncode == 2 and done.stdout == ""
    assert "taken" in done.stderr and "書き込めません" in done.stderr and done.stderr.count("\n") == 1


def test_schema_command_writes_the_shipped_schemas(tmp_path: Path) -> None:
    done = run(tmp_path, "schema", "--out", "editor/schema")
    assert done.returncode == 0, done.stderr
    written = sorted(p.name for p in (tmp_path / "editor/schema").iterdir())
    assert written == ["inventory.schema.json", "org.schema.json", "procedure.schema.json"]
    for name in written:
        assert (tmp_path / "editor/schema" / name).read_text(encoding="utf-8") == (REPO / "schema" / name).read_text(encoding="utf-8")


def test_version(tmp_path: Path) -> None:
    done = run(tmp_path, "--version")
    assert done.returncode == 0 and done.stdout.strip() == f"tebiki {metadata.version('tebiki')}"


@pytest.mark.parametrize("config, args, japanese", [
    (None, ("--help",), True),  # no handbook here: Japanese
    (None, ("check", "--help", "--lang", "en"), False),
    ("theme:\n  name: material\n  language: en\n", ("check", "--help"), False),  # the handbook's language
    ("theme:\n  name: material\n  language: ja\n", ("check", "--help"), True),
])
def test_help_speaks_the_handbooks_language(tmp_path: Path, config: str | None, args: tuple[str, ...], japanese: bool) -> None:
    if config:
        (tmp_path / "mkdocs.yml").write_text(f"site_name: x\n{config}plugins:\n  - tebiki\n", encoding="utf-8")
    done = run(tmp_path, *args)
    assert done.returncode == 0
    assert bool(JAPANESE.search(done.stdout)) == japanese, done.stdout
    if japanese:
        assert "使い方:" in done.stdout and "usage:" not in done.stdout
    else:
        assert "usage:" in done.stdout


@pytest.mark.parametrize("args, says", [
    (("check",), "設定ファイルがありません"),
    (("check", "--lang", "en"), "configuration not found"),
    (("chek",), "選べません"),
    (("chek", "--lang", "en"), "invalid choice"),
])
def test_could_not_run_speaks_the_handbooks_language(tmp_path: Path, args: tuple[str, ...], says: str) -> None:
    done = run(tmp_path, *args)
    assert done.returncode == 2 and says in done.stderr, done.stderr


def test_bad_tebiki_today_cannot_run(tmp_path: Path) -> None:
    assert run(tmp_path, "init").returncode == 0
    env = {**os.environ, "TEBIKI_TODAY": "2026/06/01"}
    done = subprocess.run(tebiki_command() + ["check"], cwd=tmp_path, capture_output=True, text=True, env=env, timeout=60)
    assert done.returncode == 2 and "TEBIKI_TODAY" in done.stderr and "YYYY-MM-DD" in done.stderr, done.stderr


def test_the_workflow_installs_tebiki_from_where_it_came(monkeypatch: pytest.MonkeyPatch) -> None:
    from datetime import date

    from tebiki import starter

    class Installed:
        def __init__(self, direct_url: str | None) -> None:
            self.direct_url = direct_url

        def read_text(self, name: str) -> str | None:
            return self.direct_url if name == "direct_url.json" else None

    git = json.dumps({"url": "https://git.example.co.jp/tools/tebiki.git",
                      "vcs_info": {"vcs": "git", "commit_id": "0123abc"}})
    monkeypatch.setattr(starter.metadata, "distribution", lambda name: Installed(git))
    workflow = starter.starter_files("ja", date(2026, 6, 1), starter.install_requirement())[".github/workflows/handbook.yml"]
    assert '- run: pip install "tebiki @ git+https://git.example.co.jp/tools/tebiki.git@0123abc"' in workflow
    for local in (json.dumps({"url": "file:///home/me/tebiki", "dir_info": {"editable": True}}), None):
        monkeypatch.setattr(starter.metadata, "distribution", lambda name, text=local: Installed(text))
        assert starter.install_requirement() is None


def test_every_command_and_option_has_japanese_help() -> None:
    """Every command registered in cli.py, now and later: help through `clitext.tr(ja, en)`."""
    import argparse

    from tebiki.cli import _parser
    from tebiki.clitext import speaking

    with speaking("ja"):
        parser = _parser()
    english_only: list[str] = []

    def walk(command: str, sub: argparse.ArgumentParser) -> None:
        for action in sub._actions:
            if isinstance(action, argparse._SubParsersAction):
                english_only.extend(f"{command} {c.dest}" for c in action._choices_actions if not JAPANESE.search(c.help or ""))
                for name, child in action.choices.items():
                    walk(f"{command} {name}", child)
            elif action.help not in (None, argparse.SUPPRESS) and not JAPANESE.search(action.help):
                english_only.append(f"{command} {'/'.join(action.option_strings) or action.dest}")

    walk("tebiki", parser)
    assert not english_only, f"help without Japanese (write it as clitext.tr(ja, en)): {english_only}"


def test_a_misspelled_option_is_a_warning_in_the_handbooks_language(tmp_path: Path) -> None:
    assert run(tmp_path, "init").returncode == 0
    config = tmp_path / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("  - tebiki\n", "  - tebiki:\n      procedure: x\n"),
                      encoding="utf-8")
    done = run(tmp_path, "check")
    assert done.returncode == 0 and "警告" in done.stderr and "'procedure'" in done.stderr, done.stderr
    english = run(tmp_path, "check", "--lang", "en")
    assert "warning" in english.stderr and not JAPANESE.search(english.stderr), english.stderr
