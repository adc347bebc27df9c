"""Every file a command writes on request (`--out`, `inventory import`) gets an ordinary
file's mode (0666 less the umask, not mkstemp's 0600) and is named in a one-line
confirmation, in the chosen language."""

from __future__ import annotations

import os
import stat
import subprocess
from pathlib import Path
from typing import Callable

import pytest

from test_cli import tebiki_command
from workload_samples import FILES, TODAY

CASES = [  # (file name, the command after `tebiki`)
    ("業務量.txt", ["workload"]),
    ("業務量.csv", ["workload", "--format", "csv"]),
    ("業務量.xlsx", ["workload", "--format", "xlsx"]),
    ("業務量.json", ["workload", "--format", "json"]),
    ("星取表.txt", ["skills"]),
    ("星取表.xlsx", ["skills", "--format", "xlsx"]),
]


def run(root: Path, args: list[str], umask: int) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LANG", "LC_", "TEBIKI_"))}
    return subprocess.run(tebiki_command() + args, cwd=root, capture_output=True, text=True, timeout=120,
                          env=env, umask=umask, check=False)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.mark.parametrize("umask, expected", [(0o022, 0o644), (0o027, 0o640), (0o002, 0o664)])
@pytest.mark.parametrize("name, args", CASES, ids=[c[0] for c in CASES])
def test_out_files_have_an_ordinary_mode_and_are_named(tebiki_handbook: Callable[..., Path], umask: int,
                                                       expected: int, name: str, args: list[str]) -> None:
    root = tebiki_handbook(FILES)
    target = root / "reports" / name
    done = run(root, [*args, "--today", TODAY.isoformat(), "--out", str(target)], umask)
    assert done.returncode == 0, done.stderr
    assert oct(mode(target)) == oct(expected)
    assert done.stderr.strip().splitlines()[-1] == f"tebiki: {target} に書き出しました", done.stderr
    again = run(root, [*args, "--today", TODAY.isoformat(), "--out", str(target), "--lang", "en"], umask)
    assert again.stderr.strip().splitlines()[-1] == f"tebiki: wrote {target}", again.stderr
    assert not list(target.parent.glob(".*.tmp"))


def test_a_replaced_out_file_keeps_its_mode(tebiki_handbook: Callable[..., Path]) -> None:
    root = tebiki_handbook(FILES)
    target = root / "業務量.csv"
    target.write_text("old\n", encoding="utf-8")
    target.chmod(0o664)
    assert run(root, ["workload", "--format", "csv", "--out", str(target)], 0o077).returncode == 0
    assert mode(target) == 0o664 and target.read_text(encoding="utf-8") != "old\n"


@pytest.mark.parametrize("umask, expected", [(0o022, 0o644), (0o027, 0o640)])
def test_a_new_inventory_from_import_has_an_ordinary_mode(tebiki_handbook: Callable[..., Path], tmp_path: Path,
                                                          umask: int, expected: int) -> None:
    root = tebiki_handbook(FILES)
    (root / "procedures" / "_inventory.yaml").unlink(missing_ok=True)
    sheet = tmp_path / "業務一覧.csv"
    sheet.write_text("id,title,department\nhr-payroll,給与計算,hr\n", encoding="utf-8")
    done = run(root, ["inventory", "import", str(sheet)], umask)
    assert done.returncode == 0, done.stderr
    assert "_inventory.yaml" in done.stdout, done.stdout
    assert mode(root / "procedures" / "_inventory.yaml") == expected


@pytest.mark.parametrize("lang, line", [("ja", "tebiki: {target} に書き込めません(同じ名前のものがあります)"),
                                        ("en", "tebiki: cannot write {target} (something of that name is already there)")])
def test_an_out_file_that_cannot_be_written_is_said_in_the_chosen_language(tebiki_handbook: Callable[..., Path],
                                                                          lang: str, line: str) -> None:
    root = tebiki_handbook(FILES)
    (root / "reports").write_text("a file where a folder is meant\n", encoding="utf-8")
    target = root / "reports" / "業務量.txt"
    done = run(root, ["workload", "--out", str(target), "--lang", lang], 0o022)
    assert done.returncode == 2 and done.stderr.strip() == line.format(target=target), done.stderr


def test_os_reasons_are_worded_in_both_languages() -> None:
    import errno

    from tebiki.oswords import os_reason

    error = PermissionError(errno.EACCES, "Permission denied", "x")
    assert os_reason(error, "ja") == "権限がありません" and os_reason(error, "en") == "permission denied"
    full = OSError(errno.ENOSPC, "No space left on device")
    assert os_reason(full, "ja") == "ディスクの空きがありません"
