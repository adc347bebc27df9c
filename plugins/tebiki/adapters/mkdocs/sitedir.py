"""Emptying the served site folder at once, and reusing its files: its content is
renamed into a hidden folder inside it (MkDocs' own clean skips hidden names, and
`mkdocs serve` removes the whole folder when it stops), files of unchanged pages are
hard-linked back from there, and the rest is deleted after the build by a separate
process (a thread would hold up the next build: it takes the interpreter's lock after
each of thousands of system calls). Deleting or writing thousands of files takes
seconds on some disks; a rename or a link takes microseconds."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

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
