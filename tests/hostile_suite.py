"""The hostile-input suite (issue 11): one folder per attack under tests/hostile/.

Each folder holds `attack.yaml` (what the attack is and what must happen) and an
optional `handbook/` laid over the clean handbook of `hostile/_base/`. The manifest:

    what:         the attack, in words
    options:      tebiki plugin options written into mkdocs.yml
    write:        {path: text | {text, each, count, suffix}}  files made at run time
                  (`each` repeated `count` times with {i} numbered: inputs too large,
                  or names too hostile, to keep in git)
    symlinks:     {path: target}, OUTSIDE/... meaning the folder beside the handbook
    fifos:        [path]
    poison_cache: build once, then replace every cache entry by markup that runs a script
    check_exit:   the exit code of `tebiki check`
    codes:        problem codes the check must report
    page_contains:{site path: text}
    page_lacks:   {site path: text}
    build:        ok | fails

Next to every handbook lies OUTSIDE/, holding SECRET in files a symlink may point at;
the user's own files sit in every configurable folder (docs_dir, the procedures folder,
the cache folder) under names tebiki itself could write, with old timestamps.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

SUITE = Path(__file__).resolve().parent / "hostile"
SECRET = "TEBIKI-OUTSIDE-SECRET-7f3a"
POISON = "__tebiki_poisoned_cache__"
TIME_BOUND = 120.0
"""Seconds each check or build may take (they took minutes to hours before)."""
RAW = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200b-\u200f\u2028-\u202e\u2066-\u2069\ufeff]")
"""Raw characters no human or log channel may carry (LF separates lines and is allowed)."""
OLD = time.time() - 400 * 24 * 3600
TEBIKI_LIKE_NAME = "0123456789abcdef" * 4 + ".svg"


@dataclass
class Attack:
    name: str
    manifest: dict[str, Any]

    @property
    def folder(self) -> Path:
        return SUITE / self.name

    def __str__(self) -> str:
        return self.name


def attacks() -> list[Attack]:
    return [Attack(p.name, yaml.safe_load((p / "attack.yaml").read_text(encoding="utf-8")))
            for p in sorted(SUITE.iterdir()) if (p / "attack.yaml").is_file()]


@dataclass
class Prepared:
    root: Path
    outside: Path
    user_files: dict[Path, bytes]


def prepare(attack: Attack, workdir: Path) -> Prepared:
    """The attack's handbook in `workdir/handbook`, OUTSIDE/ beside it, user files in place."""
    root, outside = workdir / "handbook", workdir / "outside"
    shutil.copytree(SUITE / "_base", root)
    if (attack.folder / "handbook").is_dir():
        shutil.copytree(attack.folder / "handbook", root, dirs_exist_ok=True)
    outside.mkdir()
    (outside / "secret.yaml").write_text(f"id: {SECRET}\ntitle: {SECRET}\nname: {SECRET}\n[{SECRET}\n",
                                         encoding="utf-8")
    (outside / "secret.txt").write_text(SECRET + "\n", encoding="utf-8")
    manifest = attack.manifest
    options = manifest.get("options") or {}
    if options:
        config = yaml.safe_load((root / "mkdocs.yml").read_text(encoding="utf-8"))
        config["plugins"] = ["search", {"tebiki": options}]
        (root / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    for rel, spec in (manifest.get("write") or {}).items():
        spec = {"text": spec} if isinstance(spec, str) else spec
        text = spec.get("text", "") + "".join(spec["each"].replace("{i}", str(i)) for i in range(spec.get("count", 0))
                                              ) if "each" in spec else spec.get("text", "")
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text + spec.get("suffix", ""), encoding="utf-8")
    for rel, target in (manifest.get("symlinks") or {}).items():
        (root / rel).symlink_to(str(target).replace("OUTSIDE", str(outside)))
    for rel in manifest.get("fifos") or []:
        os.mkfifo(root / rel)
    return Prepared(root, outside, _user_files(root, options))


def _user_files(root: Path, options: dict[str, Any]) -> dict[Path, bytes]:
    """The user's own files in every configurable folder, old enough for any pruning."""
    folders = {root / "docs", root / "docs" / "images", root / "procedures", root / ".cache" / "tebiki"}
    cache_dir = options.get("cache_dir")
    if cache_dir and (root / cache_dir).resolve().is_relative_to(root.resolve()):
        folders.add(root / cache_dir)
    made: dict[Path, bytes] = {}
    for folder in folders:
        folder.mkdir(parents=True, exist_ok=True)
        for name in (TEBIKI_LIKE_NAME, ".0123456789abcdef.mine.tmp", "logo.svg", "notes.txt"):
            path = folder / name
            if path.exists():
                continue
            content = f"<svg><!-- the user's own {name} --></svg>\n".encode()
            path.write_bytes(content)
            os.utime(path, (OLD, OLD))
            made[path] = content
    return made


def missing_user_files(prepared: Prepared) -> list[str]:
    return [str(p) for p, content in prepared.user_files.items() if not p.is_file() or p.read_bytes() != content]


@dataclass
class Run:
    code: int
    out: str
    err: str
    seconds: float


def _bin(name: str) -> str:
    script = Path(sys.executable).with_name(name)
    return str(script) if script.exists() else shutil.which(name) or name


def run(command: list[str], cwd: Path) -> Run:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LANG", "LC_"))}
    env["NO_MKDOCS_2_WARNING"] = "1"
    started = time.monotonic()
    done = subprocess.run(command, cwd=cwd, capture_output=True, timeout=TIME_BOUND, env=env)
    return Run(done.returncode, done.stdout.decode("utf-8", "replace"), done.stderr.decode("utf-8", "replace"),
               time.monotonic() - started)


def check(root: Path, form: str) -> Run:
    return run([_bin("tebiki"), "check", "--format", form, "--today", "2026-06-01"], root)


def build(root: Path) -> Run:
    return run([_bin("mkdocs"), "build", "--config-file", str(root / "mkdocs.yml"), "-d", str(root / "site")], root)


def poison_cache(root: Path) -> None:
    """Replace every cache entry by markup that runs a script, with a valid SHA-256 checksum,
    plus one entry that is a symlink to /dev/zero."""
    cache = root / ".cache" / "tebiki"
    evil_svg = (f'<svg xmlns="http://www.w3.org/2000/svg" onload="window.__xss=\'{POISON}\'">'
                f'<script>window.__xss="{POISON}";alert(1)</script></svg>').encode()
    entries = sorted(p for p in cache.glob("*.svg") if re.fullmatch(r"[0-9a-f]{64}\.svg", p.name) and p.name != TEBIKI_LIKE_NAME)
    assert entries, "the first build wrote no diagram cache entries"
    for entry in entries:
        entry.write_bytes(b"tebiki-svg-2 " + hashlib.sha256(evil_svg).hexdigest().encode() + b"\n" + evil_svg)
    entries[0].unlink()
    entries[0].symlink_to("/dev/zero")
    descriptions = cache / "descriptions.json"
    data = json.loads(descriptions.read_text(encoding="utf-8"))
    data["html"] = {key: f'<p><img src=x onerror="window.__xss=\'{POISON}\';alert(1)">{POISON}</p>'
                    f'<script>alert(1)</script>' for key in data["html"]}
    descriptions.write_text(json.dumps(data), encoding="utf-8")


def site_texts(site: Path) -> dict[str, str]:
    return {p.relative_to(site).as_posix(): p.read_text(encoding="utf-8", errors="replace")
            for p in site.rglob("*") if p.is_file() and p.suffix in (".html", ".json", ".xml", ".js", ".svg")}
