"""The built wheel carries the schemas and works outside the repository."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from constants import REPO



@pytest.fixture(scope="module")
def unpacked_wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Build the wheel with the test environment's hatchling and unpack it, as an
    installer would lay it out in site-packages."""
    out = tmp_path_factory.mktemp("wheel")
    result = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(out), str(REPO)],
        capture_output=True, text=True,
    )
    assert result.returncode == 0, result.stderr
    wheel = next(out.glob("tebiki-*.whl"))
    target = out / "site"
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(target)
    return target


def test_wheel_ships_the_schemas_and_entry_points(unpacked_wheel: Path) -> None:
    for name in ("procedure", "org", "inventory"):
        schema = json.loads((unpacked_wheel / "tebiki" / "schema" / f"{name}.schema.json").read_text(encoding="utf-8"))
        assert schema == json.loads((REPO / "schema" / f"{name}.schema.json").read_text(encoding="utf-8"))
    entry_points = next(unpacked_wheel.glob("tebiki-*.dist-info")) / "entry_points.txt"
    text = entry_points.read_text(encoding="utf-8")
    assert "tebiki = tebiki.cli:main" in text
    assert text.count("tebiki = tebiki.adapters.mkdocs.plugin:TebikiPlugin") == 2  # mkdocs.plugins, properdocs.plugins
    assert "[mkdocs.plugins]" in text and "[properdocs.plugins]" in text


def test_wheel_ships_the_page_templates(unpacked_wheel: Path, tmp_path: Path) -> None:
    """The pages are written through render/templates/*.html: without them no page renders."""
    shipped = {p.name for p in (unpacked_wheel / "tebiki" / "render" / "templates").glob("*.html")}
    assert shipped == {p.name for p in (REPO / "plugins" / "tebiki" / "render" / "templates").glob("*.html")}
    assert {"fragments.html", "procedure.html", "person.html", "coverage.html"} <= shipped
    handbook = tmp_path / "handbook"
    shutil.copytree(REPO / "procedures", handbook / "procedures")
    (handbook / "mkdocs.yml").write_text("site_name: x\nplugins:\n  - tebiki\n", encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(unpacked_wheel)}
    result = subprocess.run([sys.executable, "-m", "tebiki.cli", "render", "--out", str(tmp_path / "out")],
                            cwd=handbook, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    page = (tmp_path / "out" / "procedures" / "acc-annual-close.md").read_text(encoding="utf-8")
    assert '<ol class="tebiki-steps">' in page


def test_installed_wheel_checks_a_handbook_outside_the_repository(unpacked_wheel: Path, tmp_path: Path) -> None:
    handbook = tmp_path / "handbook"
    shutil.copytree(REPO / "procedures", handbook / "procedures")
    (handbook / "mkdocs.yml").write_text("site_name: x\nplugins:\n  - tebiki\n", encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(unpacked_wheel)}
    probe = subprocess.run([sys.executable, "-c", "import tebiki.schemas as s; print(s.__file__); print(s.schema_dir())"],
                           cwd=handbook, env=env, capture_output=True, text=True)
    module_file, schema_dir = probe.stdout.split()
    assert module_file.startswith(str(unpacked_wheel)), "the wheel's copy must be the one imported"
    assert schema_dir.startswith(str(unpacked_wheel))
    result = subprocess.run([sys.executable, "-m", "tebiki.cli", "check", "--format", "json"],
                            cwd=handbook, env=env, capture_output=True, text=True)
    assert result.returncode in (0, 1), result.stderr
    summary = json.loads(result.stdout)["summary"]
    assert summary["procedures"] == len(list((REPO / "procedures").rglob("[!_]*.yaml")))
