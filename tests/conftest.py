"""Fixtures for the core's tests (loader, checks, CLI): small handbooks written into tmp_path.

Only fixtures named `tebiki_*` live here, so the site-build tests can keep their own.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Callable, Mapping

import pytest

# The people every core test can rely on, one per status the spec knows.
TEBIKI_ORG_YAML = """\
departments:
  - id: accounting
    name: 経理・財務
  - id: hr
    name: 人事・労務
people:
  - id: sato
    name: 佐藤 花子
    department: accounting
  - id: suzuki
    name: 鈴木 健太
    department: accounting
    status: active
  - id: tanaka
    name: 田中 一郎
    department: accounting
    status: leaving
    leaving_on: 2027-03-31
  - id: kato
    name: 加藤 さくら
    department: hr
    status: leaving
  - id: yamamoto
    name: 山本 大輔
    department: hr
    status: left
"""

WriteHandbook = Callable[..., Path]


def write_tebiki_handbook(
    root: Path,
    procedures: Mapping[str, str | bytes] | None = None,
    *,
    org: str | bytes | None = TEBIKI_ORG_YAML,
    inventory: str | bytes | None = None,
    options: Mapping[str, Any] | None = None,
    mkdocs_extra: str = "",
    folder: str = "procedures",
) -> Path:
    """Write a handbook under `root`: mkdocs.yml with `plugins: [tebiki: options]`,
    `<folder>/_org.yaml` (unless org is None), `_inventory.yaml` when given, and each
    procedure file (path relative to the folder -> text or raw bytes). Returns root."""
    root.mkdir(parents=True, exist_ok=True)
    plugin = json.dumps({"tebiki": dict(options or {})}, ensure_ascii=False)
    (root / "mkdocs.yml").write_text(f"site_name: test\n{mkdocs_extra}plugins:\n  - {plugin}\n", encoding="utf-8")
    base = root / folder
    base.mkdir(parents=True, exist_ok=True)
    files: dict[str, str | bytes] = dict(procedures or {})
    if org is not None:
        files["_org.yaml"] = org
    if inventory is not None:
        files["_inventory.yaml"] = inventory
    for name, content in files.items():
        path = base / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_bytes(content.encode("utf-8"))
    return root


@pytest.fixture(scope="session")
def tebiki_writer() -> Callable[..., Path]:
    """`write_tebiki_handbook` itself, for tests that manage their own folders (hypothesis)."""
    return write_tebiki_handbook


@pytest.fixture
def tebiki_handbook(tmp_path: Path) -> WriteHandbook:
    """Factory: `tebiki_handbook({"a.yaml": text}, inventory=..., options=...)` -> root in tmp_path.
    Each call writes a fresh handbook in its own sub-folder."""
    count = 0

    def make(procedures: Mapping[str, str | bytes] | None = None, **kwargs: Any) -> Path:
        nonlocal count
        count += 1
        return write_tebiki_handbook(tmp_path / f"handbook{count}", procedures, **kwargs)

    return make

