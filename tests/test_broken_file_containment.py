"""One procedure file that is not YAML removes only itself (trial finding B, spec rule 8):
its id, recovered from a top-level `id:` line (idscan.py), stays known, so `related`
references to it and its inventory entry raise nothing (FORMAT.md, "Where the spec is silent")."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from test_cli import tebiki
from constants import REPO

PURCHASE = "procedures/general-affairs/purchase.yaml"


def sample_copy(tmp_path: Path) -> Path:
    root = tmp_path / "handbook"
    shutil.copytree(REPO / "procedures", root / "procedures")
    (root / "mkdocs.yml").write_text("site_name: t\nplugins:\n  - tebiki\n", encoding="utf-8")
    return root


def report(root: Path) -> dict:
    run = tebiki(root, "--format", "json")
    assert run.code in (0, 1), run
    return json.loads(run.stdout)


def slip(text: str, kind: str) -> bytes:
    if kind == "shift_jis":
        return text.encode("shift_jis")
    old, new = {"fullwidth-colon": ("owner: watanabe", "owner：watanabe"),
                "tab": ("owner: watanabe", "owner: watanabe\nsystems:\n\t- 購買システム"),
                "special-char": ("title: 備品購入", "title: @窓口")}[kind]
    assert text.count(old) == 1
    return text.replace(old, new).encode("utf-8")


@pytest.mark.parametrize("kind", ["fullwidth-colon", "tab", "special-char", "shift_jis"])
def test_a_broken_procedure_file_has_only_its_own_errors(tmp_path: Path, kind: str) -> None:
    root = sample_copy(tmp_path)
    before = report(root)
    path = root / PURCHASE
    path.write_bytes(slip(path.read_text(encoding="utf-8"), kind))
    after = report(root)
    new = [p for p in after["problems"] if p not in before["problems"]]
    assert new and {p["file"] for p in new} == {PURCHASE}, new
    gone = [p for p in before["problems"] if p not in after["problems"]]
    assert {p["file"] for p in gone} <= {PURCHASE}, gone
    assert after["summary"]["undocumented"] == before["summary"]["undocumented"]
    assert not any(p["code"] in ("unknown-procedure", "duplicate-id") for p in after["problems"])
    assert after["summary"]["procedures"] == before["summary"]["procedures"] - 1


def test_without_a_recoverable_id_nothing_changes(tmp_path: Path) -> None:
    root = sample_copy(tmp_path)
    path = root / PURCHASE
    text = path.read_text(encoding="utf-8").replace("id: ga-purchase", "  id: ga-purchase", 1)
    path.write_text(text, encoding="utf-8")  # an indented id: not a top-level line, and the file is not YAML
    codes = {(p["file"], p["code"]) for p in report(root)["problems"]}
    assert ("procedures/accounting/payment.yaml", "unknown-procedure") in codes
    assert ("procedures/_inventory.yaml", "undocumented") in codes


def test_a_recovered_id_never_makes_a_duplicate(tmp_path: Path) -> None:
    root = sample_copy(tmp_path)
    copy = root / "procedures" / "general-affairs" / "purchase-old.yaml"
    before = report(root)["problems"]
    copy.write_bytes((root / PURCHASE).read_text(encoding="utf-8").replace("owner: watanabe", "owner：watanabe").encode())
    new = [p for p in report(root)["problems"] if p not in before]
    assert [(p["file"], p["code"]) for p in new] == [("procedures/general-affairs/purchase-old.yaml", "yaml-syntax")]
