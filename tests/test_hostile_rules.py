"""Issue 11, points 4, 5, 9 and 10: bounds on numbers and dates, limits the check
reports, reserved ids, invisible titles, flows with no way out, LF line numbers,
file modes, a read-only cache and linear-time description handling."""

from __future__ import annotations

import json
import stat
import subprocess
import time
from pathlib import Path
from typing import Callable

import pytest

from core_samples import CLEAN_PROCEDURE
from handbook_fixture import build_site
from test_cli import tebiki, tebiki_command

from tebiki.core import build_handbook
from tebiki.limits import MAX_ACTORS, MAX_DESCRIPTION_CHARS, MAX_STEPS
from tebiki.render.safe import DescriptionRenderer
from tebiki.i18n.messages import problem_message

# CLEAN_PROCEDURE lines: 1 id, 2 title, ..., 8 reviewed, 9 steps, 10 "- id: collect", 13 "- id: post".


def site_of(root: Path, *, strict: bool = False) -> Path:
    (root / "docs").mkdir(exist_ok=True)
    return build_site(root / "mkdocs.yml", strict=strict)


def edit(old: str, new: str, text: str = CLEAN_PROCEDURE) -> str:
    assert text.count(old) == 1
    return text.replace(old, new)


def problems(root: Path, lang: str = "en") -> list[dict]:
    run = tebiki(root, "--format", "json", "--lang", lang)
    assert run.code in (0, 1), run
    return json.loads(run.stdout)["problems"]


def found(root: Path, code: str) -> list[tuple[str, int]]:
    return [(p["file"], p["line"]) for p in problems(root) if p["code"] == code]


# --- point 4: numbers and dates with bounds ----------------------------------------------

@pytest.mark.parametrize("reviewed", ["9999-12-01", "9999-01-01", "9998-12-31"])
def test_review_due_after_year_9999_has_no_due_date(tebiki_handbook: Callable[..., Path], reviewed: str) -> None:
    root = tebiki_handbook({"a.yaml": edit("reviewed: 2026-04-01", f"reviewed: {reviewed}")})
    assert problems(root) == []  # no crash, and never overdue
    config = site_of(root)
    page = (config / "procedures" / "acc-close" / "index.html").read_text(encoding="utf-8")
    assert reviewed in page


@pytest.mark.parametrize("value, ok", [("1200", True), ("1201", False), ("1000000", False), ("0", False)])
def test_review_interval_is_bounded(tebiki_handbook: Callable[..., Path], value: str, ok: bool) -> None:
    root = tebiki_handbook({"a.yaml": edit("reviewed: 2026-04-01", f"reviewed: 2026-04-01\nreview_interval_months: {value}")})
    schema = [p for p in problems(root) if p["code"] == "schema"]
    assert (schema == []) == ok, schema
    if not ok:
        assert schema[0]["line"] == 9


@pytest.mark.parametrize("value", ["0", "1201", "true", "6.5", "-1"])
def test_plugin_review_interval_is_validated(tebiki_handbook: Callable[..., Path], value: str) -> None:
    root = tebiki_handbook({"a.yaml": CLEAN_PROCEDURE}, options={"review_interval_months": value})
    text = (root / "mkdocs.yml").read_text(encoding="utf-8").replace(f"'{value}'", value).replace(f'"{value}"', value)
    (root / "mkdocs.yml").write_text(text, encoding="utf-8")
    run = tebiki(root)
    assert run.code == 2 and "review_interval_months" in run.stderr and run.stderr.count("\n") == 1, run


# --- point 5: limits the check reports and the build enforces ------------------------------

def many_steps(count: int, actors: int) -> str:
    steps = "".join(f"  - id: s{i}\n    title: 作業{i}\n    actor: 担当{i % actors}\n" for i in range(count))
    return CLEAN_PROCEDURE.split("steps:\n")[0] + "steps:\n" + steps


@pytest.mark.parametrize("count, actors, reason", [
    (MAX_STEPS + 1, 5, "steps"),
    (MAX_ACTORS + 5, MAX_ACTORS + 5, "actors"),
])
def test_procedures_over_the_limits_fail_the_check_and_show_a_placeholder(
        tebiki_handbook: Callable[..., Path], count: int, actors: int, reason: str) -> None:
    root = tebiki_handbook({"a.yaml": many_steps(count, actors)})
    found_problems = [p for p in problems(root) if p["code"] == "too-large"]
    assert len(found_problems) == 1 and str(count if reason == "steps" else actors) in found_problems[0]["message"]
    if reason == "actors":  # at the first step whose actor is one too many
        assert found_problems[0]["line"] == 10 + 3 * MAX_ACTORS
    started = time.monotonic()
    site = site_of(root)
    assert time.monotonic() - started < 60
    page = (site / "procedures" / "acc-close" / "index.html").read_text(encoding="utf-8")
    assert "図が大きすぎます" in page and "<svg" not in page.split("図が大きすぎます")[0].rsplit("<figure", 1)[-1]


def test_within_the_limits_the_diagram_is_drawn(tebiki_handbook: Callable[..., Path]) -> None:
    root = tebiki_handbook({"a.yaml": many_steps(MAX_STEPS, MAX_ACTORS)})
    assert [p for p in problems(root) if p["code"] == "too-large"] == []


def test_long_description_fails_the_check(tebiki_handbook: Callable[..., Path]) -> None:
    text = edit("    actor: 経理担当\n  - id: post", "    actor: 経理担当\n    description: |\n      " + "[" * 600
                + "\n  - id: post")
    root = tebiki_handbook({"a.yaml": text})
    assert found(root, "too-large") == [("procedures/a.yaml", 10)]


@pytest.mark.parametrize("text", [
    "a\n" + "\n" * 100_000 + "b",                    # tens of thousands of blank lines
    "*a*\n" + " \n" * 100_000 + "=",                 # blank lines before a setext underline
    "x\n" + "\n" * 100_000 + "- item",              # and before a list item
    "[" * 100_000,                                   # Python-Markdown: quadratic in `[`
    "- a\n" * 100_000,                               # 100,000 list lines
])
def test_description_rendering_is_linear(text: str) -> None:
    started = time.monotonic()
    DescriptionRenderer(None).render(text)
    assert time.monotonic() - started < 5


def test_hundred_thousand_line_file_is_checked_fast(tebiki_handbook: Callable[..., Path]) -> None:
    block = "    description: |\n" + "      行\n" * 10_000 + "\n" * 90_000 + "      終\n"
    root = tebiki_handbook({"a.yaml": edit("    actor: 経理担当\n  - id: post", "    actor: 経理担当\n" + block
                                           + "  - id: post")})
    started = time.monotonic()
    assert ("procedures/a.yaml", 10) in found(root, "too-large")
    assert time.monotonic() - started < 30


# --- point 9: reserved ids -------------------------------------------------------------------

def test_person_with_id_index_is_refused_and_does_not_replace_the_people_page(
        tebiki_handbook: Callable[..., Path]) -> None:
    org = ("departments:\n  - id: accounting\n    name: 経理・財務\npeople:\n"
           "  - id: sato\n    name: 佐藤 花子\n    department: accounting\n"
           "  - id: suzuki\n    name: 鈴木 健太\n    department: accounting\n"
           "  - id: index\n    name: 索引 太郎\n    department: accounting\n")
    root = tebiki_handbook({"a.yaml": CLEAN_PROCEDURE}, org=org)
    assert found(root, "reserved-id") == [("procedures/_org.yaml", org.count("\n") - 2)]
    site = site_of(root)
    people = (site / "people" / "index.html").read_text(encoding="utf-8")
    assert "佐藤 花子" in people  # still the people list


# --- point 10: the smaller items ----------------------------------------------------------------

@pytest.mark.parametrize("title", ['"\\u200b\\u200b"', '"\\u202e\\u2066"', '"\\u3164"', '" \\u3000 "'])
def test_invisible_titles_are_refused(tebiki_handbook: Callable[..., Path], title: str) -> None:
    root = tebiki_handbook({"a.yaml": edit("title: 月次決算", f"title: {title}")})
    assert found(root, "invisible-text") == [("procedures/a.yaml", 1)]


def test_visible_titles_pass(tebiki_handbook: Callable[..., Path]) -> None:
    root = tebiki_handbook({"a.yaml": edit("title: 月次決算", 'title: "月次\\u200b決算"')})
    assert found(root, "invisible-text") == []


def test_cycle_with_no_way_out_is_reported(tebiki_handbook: Callable[..., Path]) -> None:
    looped = edit("    actor: 経理担当\n  - id: post", "    actor: 経理担当\n    next: [post]\n  - id: post")
    looped = looped.rstrip("\n") + "\n    next: [collect]\n"
    root = tebiki_handbook({"a.yaml": looped})
    assert found(root, "endless-loop") == [("procedures/a.yaml", 10)]
    way_out = looped.replace("    next: [collect]\n", "    next: [collect, {to: post, when: x}]\n")
    assert found(tebiki_handbook({"a.yaml": way_out}), "endless-loop") == [("procedures/a.yaml", 10)]
    ended = looped.replace("    next: [post]\n", "    next: [post, {to: collect, when: again}]\n") + \
        "  - id: done\n    title: 終了\n    actor: 経理担当\n    next: []\n"
    ended = ended.replace("    next: [collect]\n", "    next: [collect, done]\n")
    assert found(tebiki_handbook({"a.yaml": ended}), "endless-loop") == []


@pytest.mark.parametrize("separator", ["\u2028", "\u2029", "\x85", "\r"])
def test_line_separators_do_not_shift_line_numbers(tebiki_handbook: Callable[..., Path], separator: str) -> None:
    text = edit("summary: 前月分の仕訳を締める。", f'summary: "前月分の{separator}仕訳を締める。"')
    text = edit("owner: sato", "owner: nobody", text)
    root = tebiki_handbook({"a.yaml": text.encode("utf-8")})
    assert found(root, "unknown-person") == [("procedures/a.yaml", 5)]


def test_render_writes_files_readable_per_umask(tebiki_handbook: Callable[..., Path], tmp_path: Path) -> None:
    root = tebiki_handbook({"a.yaml": CLEAN_PROCEDURE})
    out = tmp_path / "out"
    done = subprocess.run(["sh", "-c", "umask 022 && exec \"$@\"", "sh", *tebiki_command(), "render", "--out", str(out)],
                          cwd=root, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    modes = {stat.S_IMODE(p.stat().st_mode) for p in out.rglob("*") if p.is_file()}
    assert modes == {0o644}, modes
    for page in out.rglob("*.md"):  # pages an older tebiki wrote 0600 are readable again after a render
        page.chmod(0o600)
    done = subprocess.run(["sh", "-c", "umask 022 && exec \"$@\"", "sh", *tebiki_command(), "render", "--out", str(out)],
                          cwd=root, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert {stat.S_IMODE(p.stat().st_mode) for p in out.rglob("*") if p.is_file()} == {0o644}


def test_read_only_cache_folder_does_not_fail_strict(tebiki_handbook: Callable[..., Path],
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    root = tebiki_handbook({"a.yaml": CLEAN_PROCEDURE}, mkdocs_extra="theme:\n  name: material\n")
    cache = root / ".cache" / "tebiki"
    cache.mkdir(parents=True)
    real_mkstemp = __import__("tempfile").mkstemp

    def read_only(*args: object, dir: object = None, **kwargs: object) -> tuple[int, str]:  # noqa: A002
        if dir is not None and Path(str(dir)).resolve().is_relative_to(cache.resolve()):
            raise PermissionError(13, "Read-only file system")  # as root, chmod would not stop us
        return real_mkstemp(*args, dir=dir, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr("tempfile.mkstemp", read_only)
    site = site_of(root, strict=True)  # raises on any warning
    assert (site / "procedures" / "acc-close" / "index.html").is_file()
    assert not any(cache.iterdir())


def test_description_limit_is_the_documented_one() -> None:
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    for figure in (f"{MAX_STEPS}", f"{MAX_ACTORS}", f"{MAX_DESCRIPTION_CHARS:,}"):
        assert figure in readme
    assert build_handbook  # imported for the in-process tests above


def test_flow_mapping_files_are_refused_by_a_token_budget() -> None:
    from tebiki.yamlfile import MAX_TOKENS, parse_yaml

    raw = ("id: acc-flow\nsteps: [" + "{id: s1, title: t, actor: a}, " * 16_000 + "{id: z}]\n").encode()
    assert len(raw) > 450_000
    started = time.monotonic()
    (problem,) = parse_yaml(raw, "procedures/flow.yaml").problems
    assert time.monotonic() - started < 3  # the pure-Python depth scan alone took 4 s, the check 7-10 s
    assert (problem.code, problem.line, problem.params["reason"]) == ("yaml-syntax", 2, "too-many-tokens")
    assert str(MAX_TOKENS) in problem_message(problem, "en")


@pytest.mark.parametrize("value", ["0", "1201", "true"])
def test_plugin_review_interval_is_validated_by_the_build_too(tebiki_handbook: Callable[..., Path], value: str) -> None:
    from mkdocs.exceptions import Abort

    root = tebiki_handbook({"a.yaml": CLEAN_PROCEDURE}, options={"review_interval_months": value})
    text = (root / "mkdocs.yml").read_text(encoding="utf-8").replace(f"'{value}'", value).replace(f'"{value}"', value)
    (root / "mkdocs.yml").write_text(text, encoding="utf-8")
    with pytest.raises(Abort):
        site_of(root)
