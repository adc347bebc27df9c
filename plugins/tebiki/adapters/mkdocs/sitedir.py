"""Emptying the served site folder at once, and reusing its files: its content is
renamed into a hidden folder inside it (MkDocs' own clean skips hidden names, and
`mkdocs serve` removes the whole folder when it stops), files of unchanged pages are
hard-linked back from there, and the rest is deleted after the build by a separate
process (a thread would hold up the next build: it takes the interpreter's lock after
each of thousands of system calls). Deleting or writing thousands of files takes
seconds on some disks; a rename or a link takes microseconds."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Iterable

OLD_PREFIX = ".tebiki-old-"


def move_aside(site_dir: str | os.PathLike[str]) -> Path | None:
    """Move what `site_dir` holds (but hidden names) into a new hidden folder in it;
    that folder, or None when there was nothing (or the folder cannot be listed:
    MkDocs' clean then does the work as usual)."""
    folder = Path(site_dir)
    try:
        names = [n for n in os.listdir(folder) if not n.startswith(".")]
    except OSError:
        return None
    if not names:
        return None
    old = Path(tempfile.mkdtemp(prefix=OLD_PREFIX, dir=folder))
    for name in names:
        try:
            os.rename(folder / name, old / name)
        except OSError:
            pass  # left for MkDocs' clean
    return old


def link_back(old: Path, site_dir: str, rel: str) -> bool:
    """Hard-link the file `rel` (a path relative to the site; its folder made) from the same
    place in the moved-aside `old` site; False when it cannot (no such file, another file
    system...). Plain strings: a rebuild links thousands of files."""
    try:
        os.link(os.path.join(old, rel), os.path.join(site_dir, rel))
    except (OSError, ValueError):
        return False
    return True


def delete_later(old: Path) -> subprocess.Popen[bytes]:
    """Start deleting the moved-aside folder in another process (returned)."""
    return subprocess.Popen([sys.executable, "-c", "import shutil, sys; shutil.rmtree(sys.argv[1], True)", str(old)],
                            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def make_folders(site_dir: str, folders: Iterable[str]) -> subprocess.Popen[bytes] | None:
    """Start making `folders` (paths relative to `site_dir`, parents included) in another
    process (`mkdir -p`): a rebuild's page folders, one per page, are made while the
    handbook loads instead of one by one as the pages are written (a folder took 0.2-0.7 ms
    on a busy disk). None when it cannot be started (not POSIX, no `mkdir`)."""
    names = sorted(f for f in folders if f)
    if not names or os.name != "posix" or shutil.which("mkdir") is None:
        return None
    try:
        os.makedirs(site_dir, exist_ok=True)  # a first build's site folder is not there yet
        return subprocess.Popen(["mkdir", "-p", "--", *names], cwd=site_dir, stdin=subprocess.DEVNULL,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    except OSError:
        return None


def remove_empty(site_dir: str, folders: Iterable[str]) -> None:
    """Remove each of `folders` (relative to `site_dir`) and each of their parents that is
    empty, deepest first: folders made in advance (`make_folders`) for pages the build no
    longer has. A folder with anything in it stays."""
    todo: set[str] = set()
    for folder in folders:
        while folder:
            todo.add(folder)
            folder = os.path.dirname(folder)
    for folder in sorted(todo, key=lambda f: (-f.count("/"), f)):
        try:
            os.rmdir(os.path.join(site_dir, folder))
        except OSError:
            continue
