"""ARCHITECTURE.md's module map cannot rot: every module of plugins/tebiki has one
row with a line count close to its real size, and no row names a module that is gone
(tools/module_map.py; `--write` refreshes it)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def module_map() -> ModuleType:
    spec = importlib.util.spec_from_file_location("module_map", ROOT / "tools" / "module_map.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["module_map"] = module  # dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


def test_the_map_lists_every_module_with_its_size(module_map: ModuleType) -> None:
    text = (ROOT / "ARCHITECTURE.md").read_text(encoding="utf-8")
    assert module_map.problems(text, module_map.modules()) == []


def test_the_map_covers_the_package_and_its_layers(module_map: ModuleType) -> None:
    listed = {row.path for row in module_map.rows((ROOT / "ARCHITECTURE.md").read_text(encoding="utf-8"))}
    assert {"model.py", "core.py", "render/pages.py", "diagrams/flow.py", "adapters/mkdocs/plugin.py"} <= listed
    assert len(listed) == len(module_map.modules()) > 50


ROWS = "| Module | Lines | What it does |\n|---|---:|---|\n"


def test_a_new_a_removed_and_a_grown_module_are_each_reported(module_map: ModuleType) -> None:
    actual = {"model.py": 270, "new.py": 40, "big.py": 400}
    text = ROWS + "| `model.py` | 271 | The model. |\n| `gone.py` | 10 | Was here. |\n| `big.py` | 100 | Grew. |\n"
    assert sorted(module_map.problems(text, actual)) == [
        "big.py: listed with 100 lines, has 400",
        "gone.py: listed, but there is no such module (moved or removed?)",
        "new.py: not in the module map",
    ]
    twice = ROWS + "| `model.py` | 270 | The model. |\n| `model.py` | 270 | Again. |\n| `new.py` | 40 | |\n"
    assert module_map.problems(twice, {"model.py": 270, "new.py": 40}) == [
        "model.py: listed twice", "new.py: says nothing about what it does"]


def test_write_refreshes_counts_drops_gone_rows_and_adds_new_ones(module_map: ModuleType, tmp_path: Path) -> None:
    package = tmp_path / "pkg"
    package.mkdir()
    (package / "model.py").write_text('"""The model. More words."""\nx = 1\n', encoding="utf-8")
    (package / "fresh.py").write_text('"""Counts the beans | all of them. Then more."""\n', encoding="utf-8")
    text = "# Map\n\n" + ROWS + "| `model.py` | 99 | The model. |\n| `gone.py` | 10 | Was here. |\n"
    actual = module_map.modules(package)
    out = module_map.refreshed(text, actual, package)
    assert "| `model.py` | 2 | The model. |" in out and "gone.py" not in out
    assert "| `fresh.py` | 1 | Counts the beans \\| all of them. |" in out
    assert module_map.problems(out, actual) == []
