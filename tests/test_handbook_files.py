"""Only what belongs to the handbook is read (issue 11, points 3 and 10): symlinks that
leave it, FIFOs and devices, dangling links, unreadable folders, wrong-case extensions,
hidden files and unsafe names are located problems, never read, never silent."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path
from typing import Callable

import pytest

from core_samples import CLEAN_PROCEDURE
from test_cli import tebiki

from tebiki.core import build_handbook
from tebiki.handbook_files import UnsafeFile, find_procedure_files, read_bounded
from tebiki.i18n.messages import problem_message

SECRET = "TOPSECRET-d41d8cd9"


@pytest.fixture
def secret(tmp_path: Path) -> Path:
    """A file outside every handbook that a hostile pull request would like to show."""
    path = tmp_path / "outside" / "token.yaml"
    path.parent.mkdir()
    path.write_text(f"id: {SECRET}\ntitle: {SECRET}\n[{SECRET}\n", encoding="utf-8")
    return path


def problems_of(root: Path) -> list[dict]:
    run = tebiki(root, "--format", "json")
    assert SECRET not in run.stdout + run.stderr
    return json.loads(run.stdout)["problems"]


def codes(problems: list[dict]) -> dict[str, tuple[str, int]]:
    return {p["file"]: (p["code"], p["line"]) for p in problems if p["code"] in ("unsafe-file", "ignored-file")}


def test_symlinks_out_of_the_handbook_are_refused_and_never_read(tebiki_handbook: Callable[..., Path],
                                                                 secret: Path) -> None:
    root = tebiki_handbook({"a.yaml": CLEAN_PROCEDURE})
    (root / "procedures" / "token.yaml").symlink_to(secret)
    (root / "procedures" / "folder").symlink_to(secret.parent, target_is_directory=True)
    (root / "procedures" / "gone.yaml").symlink_to(root / "nowhere.yaml")
    found = codes(problems_of(root))
    assert found == {
        "procedures/token.yaml": ("unsafe-file", 1),
        "procedures/folder": ("unsafe-file", 1),
        "procedures/gone.yaml": ("unsafe-file", 1),
    }
    for text in (tebiki(root).stdout, tebiki(root, "--format", "github").stdout):
        assert SECRET not in text


def test_org_file_symlinked_out_is_refused(tebiki_handbook: Callable[..., Path], secret: Path) -> None:
    root = tebiki_handbook({"a.yaml": CLEAN_PROCEDURE}, org=None)
    (root / "procedures" / "_org.yaml").symlink_to(secret)
    assert codes(problems_of(root)) == {"procedures/_org.yaml": ("unsafe-file", 1)}


def test_symlink_to_a_file_inside_the_handbook_is_read(tebiki_handbook: Callable[..., Path]) -> None:
    root = tebiki_handbook({"a.yaml": CLEAN_PROCEDURE})
    (root / "shared").mkdir()
    (root / "shared" / "org.yaml").write_bytes((root / "procedures" / "_org.yaml").read_bytes())
    (root / "procedures" / "_org.yaml").unlink()
    (root / "procedures" / "_org.yaml").symlink_to(root / "shared" / "org.yaml")
    assert problems_of(root) == []


def test_a_fifo_is_a_problem_and_does_not_hang(tebiki_handbook: Callable[..., Path]) -> None:
    root = tebiki_handbook({"a.yaml": CLEAN_PROCEDURE})
    os.mkfifo(root / "procedures" / "pipe.yaml")
    os.mkfifo(root / "procedures" / "pipe.txt")
    started = time.monotonic()
    found = codes(problems_of(root))
    assert time.monotonic() - started < 30
    assert found == {"procedures/pipe.yaml": ("unsafe-file", 1), "procedures/pipe.txt": ("unsafe-file", 1)}


def test_skipped_files_are_reported_not_silent(tebiki_handbook: Callable[..., Path]) -> None:
    root = tebiki_handbook({
        "a.yaml": CLEAN_PROCEDURE,
        "b.YAML": CLEAN_PROCEDURE.replace("acc-close", "acc-upper"),
        ".hidden.yaml": CLEAN_PROCEDURE.replace("acc-close", "acc-hidden"),
        ".drafts/c.yaml": CLEAN_PROCEDURE.replace("acc-close", "acc-draft"),
        'pw"><img src=x onerror=alert(1)>.yaml': CLEAN_PROCEDURE.replace("acc-close", "acc-xss"),
        "月次/決算 2026.yaml": CLEAN_PROCEDURE.replace("acc-close", "acc-japanese"),  # a safe name
        "notes.md": "# not a procedure\n",
        ".DS_Store": "not the handbook's, not mentioned",
        ".gitkeep": "",
    })
    problems = problems_of(root)
    assert codes(problems) == {
        "procedures/b.YAML": ("ignored-file", 1),
        "procedures/.hidden.yaml": ("ignored-file", 1),
        "procedures/.drafts": ("ignored-file", 1),
        'procedures/pw"><img src=x onerror=alert(1)>.yaml': ("unsafe-file", 1),
    }
    handbook = build_handbook(root, today=None)
    assert set(handbook.procedures) == {"acc-close", "acc-japanese", "acc-xss"}  # an unsafe name is still read
    by_file = {p["file"]: p for p in json.loads(tebiki(root, "--format", "json", "--lang", "en").stdout)["problems"]}
    assert "lowercase" in by_file["procedures/b.YAML"]["message"]
    assert "hidden" in by_file["procedures/.hidden.yaml"]["message"]
    assert by_file['procedures/pw"><img src=x onerror=alert(1)>.yaml']["severity"] == "error"


def test_an_unreadable_folder_is_a_located_problem(tebiki_handbook: Callable[..., Path],
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    root = tebiki_handbook({"a.yaml": CLEAN_PROCEDURE, "locked/b.yaml": CLEAN_PROCEDURE})
    real_scandir = os.scandir

    def scandir(path: object) -> object:  # running as root, chmod 000 would not stop us
        if str(path).endswith("locked"):
            raise PermissionError(13, "Permission denied")
        return real_scandir(path)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "scandir", scandir)
    found = find_procedure_files(root, root / "procedures")
    assert [p.relative_to(root).as_posix() for p in found.files] == ["procedures/a.yaml"]
    assert [(p.code, p.file, p.params["reason"]) for p in found.problems] == [
        ("unsafe-file", "procedures/locked", "unreadable")]
    [problem] = found.problems
    assert "権限がありません" in problem_message(problem, "ja") and "Permission" not in problem_message(problem, "ja")  # rule 9
    assert "permission denied" in problem_message(problem, "en")


@pytest.mark.parametrize("folder", ["../elsewhere", "/etc", "link-out"])
def test_procedures_folder_must_lie_inside_the_handbook(tebiki_handbook: Callable[..., Path], secret: Path,
                                                        folder: str) -> None:
    root = tebiki_handbook({"a.yaml": CLEAN_PROCEDURE}, options={"procedures": folder})
    (root.parent / "elsewhere").mkdir(exist_ok=True)
    (root / "link-out").symlink_to(secret.parent, target_is_directory=True)
    run = tebiki(root, "--lang", "en")
    assert run.code == 2 and run.stdout == "" and "inside" in run.stderr and SECRET not in run.stderr, run


@pytest.mark.parametrize("cache_dir", ["docs/images", "docs", ".", "../cache", "/tmp/tebiki-cache"])
def test_cache_dir_must_lie_inside_the_handbook_and_outside_docs(tebiki_handbook: Callable[..., Path],
                                                                 cache_dir: str) -> None:
    root = tebiki_handbook({"a.yaml": CLEAN_PROCEDURE}, options={"cache_dir": cache_dir})
    run = tebiki(root)
    assert run.code == 2 and "cache_dir" in run.stderr and run.stderr.count("\n") == 1, run


def test_mkdocs_yml_symlinked_to_dev_zero_is_refused_at_once(tmp_path: Path) -> None:
    (tmp_path / "mkdocs.yml").symlink_to("/dev/zero")
    started = time.monotonic()
    run = tebiki(tmp_path, "--lang", "en")
    assert run.code == 2 and "not a regular file" in run.stderr, run
    assert time.monotonic() - started < 30


def test_huge_mkdocs_yml_is_refused(tmp_path: Path) -> None:
    (tmp_path / "mkdocs.yml").write_bytes(b"# " + b"x" * (2 << 20) + b"\n")
    run = tebiki(tmp_path, "--lang", "en")
    assert run.code == 2 and "larger than" in run.stderr, run


def test_read_bounded_reads_one_byte_more_than_the_limit(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    path.write_bytes(b"x" * 5000)
    assert len(read_bounded(path, 100)) == 101
    with pytest.raises(UnsafeFile):
        read_bounded(Path("/dev/zero"), 100)


def test_the_loads_read_checker_agrees_with_check_readable(tmp_path: Path, secret: Path) -> None:
    """ReadChecker resolves each folder once for a load; every kind of entry gets the same verdict."""
    from tebiki.handbook_files import ReadChecker, check_readable

    root = tmp_path / "handbook"
    folder = root / "procedures" / "accounting"
    folder.mkdir(parents=True)
    (folder / "plain.yaml").write_text("id: a\n", encoding="utf-8")
    os.symlink(folder / "plain.yaml", folder / "inside.yaml")
    os.symlink(secret, folder / "outside.yaml")
    os.symlink(folder / "gone.yaml", folder / "dangling.yaml")
    os.mkfifo(folder / "fifo.yaml")
    (folder / "sub.yaml").mkdir()
    os.symlink(secret.parent, root / "procedures" / "out")  # a folder leading out: its file is outside
    entries = ["plain.yaml", "inside.yaml", "outside.yaml", "dangling.yaml", "fifo.yaml", "sub.yaml", "absent.yaml",
               "../out/token.yaml"]

    def verdict(check: Callable[[Path], Path], path: Path) -> str:
        try:
            return str(check(path))
        except UnsafeFile as refusal:
            return f"unsafe {refusal.reason}"
        except OSError as error:
            return type(error).__name__

    checker = ReadChecker(root)
    found = {name: verdict(checker.check, folder / name) for name in entries}
    assert found == {name: verdict(lambda p: check_readable(root, p), folder / name) for name in entries}
    assert found == {
        "plain.yaml": str((folder / "plain.yaml").resolve()), "inside.yaml": str((folder / "plain.yaml").resolve()),
        "outside.yaml": "unsafe outside", "dangling.yaml": "unsafe dangling", "fifo.yaml": "unsafe not-regular",
        "sub.yaml": "unsafe not-regular", "absent.yaml": "FileNotFoundError", "../out/token.yaml": "unsafe outside"}
