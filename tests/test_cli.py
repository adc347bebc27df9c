"""`tebiki check` as a user runs it, in small handbooks written to tmp_path (spec:
handbook-format.md, "`tebiki check`"): `main(argv)` in this process (`tebiki`), and
the installed console script in a child process where only a real process shows it
(`tebiki_process`: the script itself, no traceback)."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

import pytest

import constants
from cli_run import run_tebiki
from core_samples import CLEAN_PROCEDURE

TODAY = constants.TODAY.isoformat()  # as typed after --today
JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")
SPEC_CODES = {"yaml-syntax", "duplicate-key", "encoding", "schema", "duplicate-id", "unknown-department",
              "unknown-person", "unknown-step", "unknown-procedure", "no-owner", "single-owner", "undocumented",
              "owner-leaving", "review-overdue", "unreachable-step"}
TEXT_LINE = re.compile(r"(?P<file>[^:]+):(?P<line>\d+):(?P<column>\d+): (?P<severity>error|warning) "
                       r"(?P<code>[a-z]+(?:-[a-z]+)*) (?P<message>\S.*)")

CLEAN = CLEAN_PROCEDURE


def variant(pid: str, owner: str | None = "sato", backups: str = "[suzuki]", department: str = "accounting") -> str:
    text = CLEAN.replace("id: acc-close", f"id: {pid}").replace("[suzuki]", backups)
    text = text.replace("department: accounting", f"department: {department}")
    return text.replace("owner: sato\n", "" if owner is None else f"owner: {owner}\n")


# A handbook whose figures follow from the spec by hand:
#   4 procedures load (e-broken does not): 1 covered, 1 single owner, 2 no owner (a left owner, no owner);
#   1 undocumented entry (hr-missing);
#   errors: no-owner x2, yaml-syntax, undocumented = 4; warnings: single-owner = 1.
MIXED = {
    "accounting/a-covered.yaml": CLEAN,
    "accounting/b-single.yaml": variant("acc-single", backups="[]"),
    "hr/c-left.yaml": variant("hr-left", owner="yamamoto", department="hr"),
    "hr/d-absent.yaml": variant("hr-absent", owner=None, department="hr"),
    "hr/e-broken.yaml": "id: hr-broken\ntitle: [oops\n",
}
MIXED_INVENTORY = """\
procedures:
  - id: acc-close
    title: 月次決算
    department: accounting
  - id: hr-left
    title: 退職手続き
    department: hr
  - id: hr-missing
    title: 入社手続き
    department: hr
"""
MIXED_EXPECTED = [  # (file, line, severity, code), in the order of the report
    ("procedures/_inventory.yaml", 8, "error", "undocumented"),
    ("procedures/accounting/b-single.yaml", 5, "warning", "single-owner"),
    ("procedures/hr/c-left.yaml", 5, "error", "no-owner"),
    ("procedures/hr/d-absent.yaml", 1, "error", "no-owner"),
    ("procedures/hr/e-broken.yaml", 2, "error", "yaml-syntax"),  # at the unclosed "[", never past the last line
]
MIXED_SUMMARY = {"procedures": 4, "covered": 1, "single_owner": 1, "no_owner": 2, "undocumented": 1,
                 "errors": 4, "warnings": 1}


def tebiki_command() -> list[str]:
    """The installed console script next to this interpreter, else `python -m tebiki.cli`."""
    script = Path(sys.executable).with_name("tebiki")
    if script.exists():
        return [str(script)]
    found = shutil.which("tebiki")
    return [found] if found else [sys.executable, "-m", "tebiki.cli"]


@dataclass
class Run:
    code: int
    stdout: str
    stderr: str

    @property
    def lines(self) -> list[str]:
        return self.stdout.splitlines()


def tebiki(cwd: Path, *args: str, today: str | None = TODAY) -> Run:
    """`tebiki check *args` in this process."""
    done = run_tebiki(["check", *args] + (["--today", today] if today else []), cwd)
    assert isinstance(done.stdout, str) and isinstance(done.stderr, str)
    return Run(done.returncode, done.stdout, done.stderr)


def tebiki_process(cwd: Path, *args: str, today: str | None = TODAY) -> Run:
    """`tebiki check *args` through the console script, in a child process."""
    command = tebiki_command() + ["check", *args] + (["--today", today] if today else [])
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LANG", "LC_"))}
    done = subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=60, env=env)
    run = Run(done.returncode, done.stdout, done.stderr)
    assert "Traceback" not in run.stdout + run.stderr, run.stderr
    return run


@pytest.fixture
def mixed(tebiki_handbook: Callable[..., Path]) -> Path:
    return tebiki_handbook(MIXED, inventory=MIXED_INVENTORY)


# --- exit codes -----------------------------------------------------------------------------------

def test_warnings_only_exit_0(tebiki_handbook: Callable[..., Path]) -> None:
    root = tebiki_handbook({"a.yaml": variant("acc-single", backups="[]")})
    run = tebiki(root)
    assert run.code == 0, run
    assert [TEXT_LINE.fullmatch(line)["code"] for line in run.lines[:-1]] == ["single-owner"]  # type: ignore[index]


def test_clean_handbook_exit_0_even_with_strict(tebiki_handbook: Callable[..., Path]) -> None:
    root = tebiki_handbook({"a.yaml": CLEAN})
    run = tebiki(root, "--strict")
    assert (run.code, len(run.lines), run.stderr) == (0, 1, "")  # only the summary


def test_warnings_with_strict_exit_1(tebiki_handbook: Callable[..., Path]) -> None:
    root = tebiki_handbook({"a.yaml": variant("acc-single", backups="[]")})
    assert tebiki(root, "--strict").code == 1


def test_config_option_runs_from_another_folder(mixed: Path, tmp_path: Path) -> None:
    run = tebiki(tmp_path, "--config", str(mixed / "mkdocs.yml"), "--format", "json")
    assert run.code == 1 and json.loads(run.stdout)["summary"] == MIXED_SUMMARY


def test_hostile_files_are_problems_not_tracebacks(tebiki_handbook: Callable[..., Path]) -> None:
    root = tebiki_handbook({"a.yaml": CLEAN, "b.yaml": b"- " * 1000 + b"x\n", "c.yaml": b"[" * 5000,
                            "d.yaml": b"\xff\xfe\x00bad", "e.yaml": "id: x\n\x00\n"})
    run = tebiki_process(root, "--format", "json")  # the console script: no traceback, exit 1
    assert run.code == 1, run.stderr
    problems = json.loads(run.stdout)["problems"]
    assert {Path(p["file"]).name for p in problems} == {"b.yaml", "c.yaml", "d.yaml", "e.yaml"}


@dataclass
class CannotRun:
    id: str
    mkdocs: str | bytes | None  # None: no mkdocs.yml written
    says: tuple[str, ...]       # what the one-line message must name
    args: tuple[str, ...] = ()
    folder_is_file: bool = False


def plugin(options: str) -> str:
    return f"site_name: test\nplugins:\n  - tebiki: {options}\n"


CANNOT_RUN = [
    CannotRun("missing-config", None, ("mkdocs.yml",)),
    CannotRun("config-is-a-folder", None, ("procedures",), args=("--config", "procedures")),
    CannotRun("missing-procedures-folder", plugin("{procedures: handbook-data}"), ("handbook-data",)),
    CannotRun("procedures-is-a-file", plugin("{procedures: notes.yaml}"), ("notes.yaml",), folder_is_file=True),
    CannotRun("invalid-option-type", plugin("{review_interval_months: often}"), ("mkdocs.yml", "review_interval_months")),
    CannotRun("invalid-option-value", plugin("{language: fr}"), ("mkdocs.yml", "language")),
    CannotRun("invalid-policy-severity", plugin("{policy: {single-owner: fatal}}"), ("mkdocs.yml", "fatal")),
    CannotRun("policy-changes-data-error", plugin("{policy: {schema: warning}}"), ("mkdocs.yml", "schema")),
    CannotRun("policy-unknown-code", plugin("{policy: {singel-owner: error}}"), ("mkdocs.yml", "singel-owner")),
    CannotRun("yaml-broken-config", "site_name: test\nplugins: [\n  - tebiki\n", ("mkdocs.yml",)),
    CannotRun("config-not-a-mapping", "- tebiki\n", ("mkdocs.yml",)),
    CannotRun("config-not-utf8", "site_name: 手引き\nplugins:\n  - tebiki\n".encode("cp932"), ("mkdocs.yml",)),
]


@pytest.mark.parametrize("case", CANNOT_RUN, ids=[c.id for c in CANNOT_RUN])
def test_cannot_run_exits_2_with_one_line(tebiki_handbook: Callable[..., Path], case: CannotRun) -> None:
    root = tebiki_handbook({"a.yaml": CLEAN})
    config = root / "mkdocs.yml"
    config.unlink()
    if isinstance(case.mkdocs, bytes):
        config.write_bytes(case.mkdocs)
    elif case.mkdocs is not None:
        config.write_text(case.mkdocs, encoding="utf-8")
    if case.folder_is_file:
        (root / "notes.yaml").write_text("x: 1\n", encoding="utf-8")
    run = tebiki(root, *case.args)
    assert run.code == 2, (run.code, run.stdout, run.stderr)
    message = run.stderr.strip()
    assert message and "\n" not in message, run.stderr
    assert run.stdout == ""
    for name in case.says:
        assert name in message, f"{name!r} not named in: {message}"


def test_yaml_broken_config_gives_the_line(tebiki_handbook: Callable[..., Path]) -> None:
    root = tebiki_handbook({"a.yaml": CLEAN})
    (root / "mkdocs.yml").write_text("site_name: test\nplugins:\n  - tebiki: {procedures: [}\n", encoding="utf-8")
    run = tebiki(root)
    assert run.code == 2 and "mkdocs.yml:3:" in run.stderr, run.stderr


def test_unknown_plugin_option_is_not_silently_ignored(tebiki_handbook: Callable[..., Path]) -> None:
    """A typo like `procedure:` must be reported, as MkDocs itself reports unknown plugin options."""
    root = tebiki_handbook({"a.yaml": CLEAN}, options={"procedure": "procedures", "reveiw_interval_months": 3})
    run = tebiki(root)
    assert "procedure" in run.stderr and "reveiw_interval_months" in run.stderr, (run.code, run.stderr)


def test_material_style_config_with_python_tags_works(tebiki_handbook: Callable[..., Path]) -> None:
    extra = """\
theme:
  name: material
  language: en
markdown_extensions:
  - pymdownx.emoji:
      emoji_index: !!python/name:material.extensions.emoji.twemoji
      emoji_generator: !!python/name:material.extensions.emoji.to_svg
  - pymdownx.superfences:
      custom_fences:
        - name: mermaid
          class: mermaid
          format: !!python/name:pymdownx.superfences.fence_code_format
copyright: !ENV [COPYRIGHT, "(c) test"]
"""
    root = tebiki_handbook({"a.yaml": variant("acc-single", backups="[]")}, mkdocs_extra=extra)
    run = tebiki(root)
    assert run.code == 0 and run.stderr == "", run.stderr
    assert "single-owner" in run.stdout


def test_plugins_as_a_mapping_are_read(tebiki_handbook: Callable[..., Path]) -> None:
    root = tebiki_handbook({"a.yaml": CLEAN})
    (root / "data").mkdir()
    (root / "procedures").rename(root / "data" / "handbook")
    (root / "mkdocs.yml").write_text("site_name: t\nplugins:\n  search: {}\n  tebiki:\n    procedures: data/handbook\n",
                                     encoding="utf-8")
    run = tebiki(root, "--format", "json")
    assert run.code == 0, run.stderr
    assert json.loads(run.stdout)["summary"]["procedures"] == 1


# --- text ------------------------------------------------------------------------------------------

def test_text_format_lines_and_summary(mixed: Path) -> None:
    run = tebiki(mixed, "--lang", "en")
    assert run.code == 1
    *problem_lines, summary = run.lines
    matches = [TEXT_LINE.fullmatch(line) for line in problem_lines]
    assert all(matches), problem_lines
    found = [(m["file"], int(m["line"]), m["severity"], m["code"]) for m in matches]  # type: ignore[index]
    assert found == MIXED_EXPECTED
    by_code = {m["code"] + ":" + m["file"]: m for m in matches}  # type: ignore[index]
    assert by_code["no-owner:procedures/hr/c-left.yaml"]["column"] == "8"
    assert "yamamoto" in by_code["no-owner:procedures/hr/c-left.yaml"]["message"]
    assert "hr-missing" in by_code["undocumented:procedures/_inventory.yaml"]["message"]
    assert by_code["undocumented:procedures/_inventory.yaml"]["column"] == "5"
    assert summary == ("procedures: 4 (covered 1, single owner 1, no owner 2), undocumented: 1; "
                       "errors: 4, warnings: 1")


def test_text_format_summary_in_japanese(mixed: Path) -> None:
    summary = tebiki(mixed, "--lang", "ja").lines[-1]
    assert JAPANESE.search(summary)
    assert [int(n) for n in re.findall(r"\d+", summary)] == [4, 1, 1, 2, 1, 4, 1]


# --- json ------------------------------------------------------------------------------------------

def test_json_shape_and_figures(mixed: Path) -> None:
    run = tebiki(mixed, "--format", "json", "--lang", "en")
    assert run.code == 1
    document = json.loads(run.stdout)
    assert list(document) == ["summary", "problems"]
    assert document["summary"] == MIXED_SUMMARY
    assert list(document["summary"]) == ["procedures", "covered", "single_owner", "no_owner", "undocumented",
                                         "errors", "warnings"]
    problems: list[dict[str, Any]] = document["problems"]
    for problem in problems:
        assert list(problem) == ["severity", "code", "file", "line", "column", "procedure", "message"]
        assert isinstance(problem["line"], int) and problem["line"] >= 1
        assert problem["column"] is None or (isinstance(problem["column"], int) and problem["column"] >= 1)
        assert isinstance(problem["message"], str) and problem["message"]
    assert [(p["file"], p["line"], p["severity"], p["code"]) for p in problems] == MIXED_EXPECTED
    procedures = {(p["code"], p["file"]): p["procedure"] for p in problems}
    assert procedures[("undocumented", "procedures/_inventory.yaml")] == "hr-missing"
    assert procedures[("no-owner", "procedures/hr/c-left.yaml")] == "hr-left"
    assert procedures[("single-owner", "procedures/accounting/b-single.yaml")] == "acc-single"
    assert procedures[("yaml-syntax", "procedures/hr/e-broken.yaml")] is None
    assert summary_counts_match(document)


def summary_counts_match(document: dict[str, Any]) -> bool:
    problems = document["problems"]
    return (document["summary"]["errors"] == sum(p["severity"] == "error" for p in problems)
            and document["summary"]["warnings"] == sum(p["severity"] == "warning" for p in problems))


def test_json_reflects_the_policy(tebiki_handbook: Callable[..., Path]) -> None:
    root = tebiki_handbook(MIXED, inventory=MIXED_INVENTORY,
                           options={"policy": {"single-owner": "error", "undocumented": "ignore"}})
    run = tebiki(root, "--format", "json")
    document = json.loads(run.stdout)
    assert document["summary"]["errors"] == 4 and document["summary"]["warnings"] == 0
    assert not any(p["code"] == "undocumented" for p in document["problems"])
    assert summary_counts_match(document)


def test_json_on_a_clean_handbook(tebiki_handbook: Callable[..., Path]) -> None:
    run = tebiki(tebiki_handbook({"a.yaml": CLEAN}), "--format", "json")
    assert json.loads(run.stdout) == {"summary": {"procedures": 1, "covered": 1, "single_owner": 0, "no_owner": 0,
                                                  "undocumented": 0, "errors": 0, "warnings": 0}, "problems": []}


def test_today_changes_review_overdue(tebiki_handbook: Callable[..., Path]) -> None:
    root = tebiki_handbook({"a.yaml": CLEAN})  # reviewed 2026-04-01: due 2027-04-01
    assert json.loads(tebiki(root, "--format", "json", today="2027-04-01").stdout)["summary"]["warnings"] == 0
    late = json.loads(tebiki(root, "--format", "json", today="2027-04-02").stdout)
    assert [p["code"] for p in late["problems"]] == ["review-overdue"]


# --- github ----------------------------------------------------------------------------------------

GITHUB_LINE = re.compile(r"::(?P<severity>error|warning) (?P<props>[^:]*)::(?P<message>.*)")


def github_properties(props: str) -> dict[str, str]:
    return dict(item.split("=", 1) for item in props.split(","))


def test_github_format(mixed: Path) -> None:
    run = tebiki(mixed, "--format", "github", "--lang", "en")
    assert run.code == 1
    commands = [GITHUB_LINE.fullmatch(line) for line in run.lines if line.startswith("::")]
    assert all(commands) and len(commands) == len(MIXED_EXPECTED), run.stdout
    seen = []
    for match in commands:
        props = github_properties(match["props"])  # type: ignore[index]
        assert list(props)[:3] == ["file", "line", "col"] or list(props)[:2] == ["file", "line"]
        assert match["message"] and props["title"].split()[-1] in SPEC_CODES  # type: ignore[index]
        seen.append((props["file"], int(props["line"]), match["severity"], props["title"].split()[-1]))  # type: ignore[index]
    assert seen == MIXED_EXPECTED
    no_owner = next(GITHUB_LINE.fullmatch(line) for line in run.lines if "c-left.yaml" in line)
    assert github_properties(no_owner["props"])["col"] == "8"  # type: ignore[index]
    assert "yamlmoto" not in no_owner["message"] and "yamamoto" in no_owner["message"]  # type: ignore[index]


def test_github_format_escapes_per_workflow_command_rules(tebiki_handbook: Callable[..., Path]) -> None:
    inventory = ('procedures:\n  - id: hr-missing\n    title: "100% 達成, 重要: 確認\\n次の行\\r"\n'
                 '    department: hr\n')
    root = tebiki_handbook({"accounting/50%,a:b.yaml": variant("acc-single", backups="[]")}, inventory=inventory)
    run = tebiki(root, "--format", "github")
    commands = [line for line in run.stdout.split("\n") if line.startswith("::")]
    assert len(commands) == 4, run.stdout  # every annotation stays on one line (the title's CR/LF: one more)
    unsafe = next(c for c in commands if "unsafe-file" in c)  # such a name is reported (and still read)
    assert "file=procedures/accounting/50%25%2Ca%3Ab.yaml,line=1," in unsafe
    single = next(c for c in commands if "single-owner" in c)
    assert "file=procedures/accounting/50%25%2Ca%3Ab.yaml,line=5,col=8," in single
    undocumented = next(c for c in commands if "undocumented" in c)
    properties, message = undocumented[len("::error "):].split("::", 1)
    assert github_properties(properties)["file"] == "procedures/_inventory.yaml"
    # In the message only %, CR and LF are escaped; ':' and ',' stay as written.
    assert "100%25 達成, 重要: 確認%0A次の行%0D" in message, message
    assert "\r" not in run.stdout


# --- language ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("args, extra, options, japanese", [
    (("--lang", "en"), "", {}, False),
    (("--lang", "ja"), "", {}, True),
    ((), "", {}, True),                                         # the default is Japanese
    ((), "theme:\n  name: material\n  language: en\n", {}, False),
    ((), "theme:\n  name: material\n  language: ja\n", {}, True),
    ((), "theme:\n  name: material\n  language: ja\n", {"language": "en"}, False),  # plugin option over theme
    (("--lang", "ja"), "theme:\n  language: en\n", {}, True),  # --lang over everything
    (("--lang", "en"), "", {"language": "ja"}, False),
])
def test_message_language(tebiki_handbook: Callable[..., Path], args: tuple[str, ...], extra: str,
                          options: dict[str, str], japanese: bool) -> None:
    root = tebiki_handbook({"a.yaml": variant("acc-single", backups="[]")}, mkdocs_extra=extra, options=options)
    run = tebiki(root, *args)
    match = TEXT_LINE.fullmatch(run.lines[0])
    assert match and match["code"] == "single-owner", run.stdout
    # the owner's name is data (single-owner names the person): only the wording has a language
    message = match["message"].replace("佐藤 花子", "")
    assert bool(JAPANESE.search(message)) is japanese, match["message"]
    assert bool(JAPANESE.search(run.lines[-1])) is japanese, run.lines[-1]


def test_json_and_text_carry_the_same_message(tebiki_handbook: Callable[..., Path]) -> None:
    root = tebiki_handbook({"a.yaml": variant("acc-single", backups="[]")})
    text = TEXT_LINE.fullmatch(tebiki(root, "--lang", "en").lines[0])
    assert text is not None
    assert json.loads(tebiki(root, "--format", "json", "--lang", "en").stdout)["problems"][0]["message"] == text["message"]


# --- tebiki render ------------------------------------------------------------------------------------

def test_render_writes_the_pages_and_diagrams_as_files(tebiki_handbook: Callable[..., Path], tmp_path: Path) -> None:
    root = tebiki_handbook({"accounting/close.yaml": CLEAN})
    out = tmp_path / "out"
    done = run_tebiki(["render", "--out", str(out)], root)
    assert done.returncode == 0, done.stderr
    page = (out / "procedures" / "acc-close.md").read_text(encoding="utf-8")
    assert "# 月次決算" in page and 'id="step-collect"' in page and 'href="../people/sato.md"' in page
    svg = (out / "procedures" / "acc-close.flow.svg").read_text(encoding="utf-8")
    assert svg.startswith("<svg") and "証憑を回収する" in svg
    assert '<img src="acc-close.flow.svg"' in page
    assert {p.name for p in out.iterdir()} >= {"index.md", "coverage.md", "problems.md", "procedures", "people"}
    assert not list(out.rglob("*.tmp")), "no temporary files left behind"


def test_render_into_a_file_path_is_a_clear_error(tebiki_handbook: Callable[..., Path], tmp_path: Path) -> None:
    root = tebiki_handbook({"accounting/close.yaml": CLEAN})
    blocker = tmp_path / "blocker"
    blocker.write_text("x", encoding="utf-8")
    done = run_tebiki(["render", "--out", str(blocker)], root)
    assert done.returncode == 2, done.stderr
    assert "書き込めません" in done.stderr  # the handbook is Japanese
