"""Which files belong to the handbook, and reading them without leaving it.

A pull request can commit a symlink to any file the CI user can read, a FIFO, or
a file name made of markup. Here every path is resolved before it is read:

- `find_procedure_files` walks the procedures folder itself (no symlinked
  folder is entered) and returns the procedure files plus a located problem for
  everything it will not read: `unsafe-file` (error) for a symlink that leaves
  the handbook or points nowhere, anything that is not a regular file, a folder
  it cannot list (none of these is read) and a name outside SAFE_NAME (reported, but
  read: every link to the file is percent-encoded); `ignored-file` (warning) for a
  hidden folder or `.yaml` file, an extension in the wrong case (`x.YAML`) and a
  symlinked folder.
- `read_bounded` opens without following a final symlink, refuses anything but
  a regular file and reads at most `limit + 1` bytes (never trusting `stat`).
- `inside` checks that a configured folder lies inside the handbook.
- `ReadChecker` does what `check_readable` does for every file of one load,
  resolving each folder once.
"""

from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path

from .problems import Problem
from .oswords import os_reason

YAML_SUFFIXES = (".yaml", ".yml")
SAFE_NAME = re.compile(r"[^\W_]|[-_. ]|[\u3000-\u30ff\u0300-\u036f]")
"""A safe character of a file or folder name: a letter or digit of any script,
`- _ .`, a space, Japanese punctuation and kana marks. Anything else (`< > " ' # % ? &`,
controls, bidi marks) is refused: names appear in links, logs and annotations."""


class UnsafeFile(Exception):
    """A file that must not be read; `reason` picks the message (outside, not-regular, dangling, ...)."""

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(reason)
        self.reason, self.detail = reason, detail


@dataclass
class Found:
    """The procedure files of a folder (absolute paths, in path order) and what was not read."""

    files: list[Path] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def relative(root: Path, path: Path) -> str:
    """`path` as the user sees it: relative to the handbook root, with `/`. A path written
    as the root's own text, a separator and more (every file a load finds) is cut as text,
    the same answer as `relative_to` without building paths (a thousand files per load)."""
    text, base = str(path), str(root)
    if text.startswith(base) and text[len(base):len(base) + 1] == os.sep and text[len(base) + 1:len(base) + 2] != os.sep:
        return text[len(base) + 1:].replace(os.sep, "/")
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


_SAFE_ASCII_NAME = re.compile(r"[A-Za-z0-9_. -]+")
"""SAFE_NAME's characters among ASCII (`[^\\W_]` is a letter or digit there), for a whole name at once."""


def safe_name(name: str) -> bool:
    if name.isascii():  # most names: one match for the whole name
        return bool(name) and name.strip() == name and _SAFE_ASCII_NAME.fullmatch(name) is not None
    return bool(name) and name.strip() == name and all(SAFE_NAME.fullmatch(ch) for ch in name)


def inside(root: Path, configured: str) -> Path | None:
    """`root/configured` resolved, or None when it leads outside `root` (`..`, an absolute path, a symlink)."""
    resolved = (root / configured).resolve()
    return resolved if resolved == root.resolve() or resolved.is_relative_to(root.resolve()) else None


def find_procedure_files(root: Path, folder: Path) -> Found:
    """Every `*.yaml`/`*.yml` below `folder` whose name does not start with `_`, in path
    order, and a problem for each entry that is not read (see the module docstring)."""
    real_root = root.resolve()
    found = Found()
    pending = [folder]
    while pending:
        current = pending.pop()
        try:
            with os.scandir(current) as listing:
                entries = sorted(listing, key=lambda e: e.name)
        except OSError as error:
            found.problems.append(_unreadable(root, Path(current), error))
            continue
        for entry in entries:
            _visit(root, real_root, Path(entry.path), entry, found, pending)
    found.files.sort(key=str)  # all below `folder`: the same order as their paths relative to the root
    found.problems.sort(key=lambda p: p.file)
    return found


def _visit(root: Path, real_root: Path, path: Path, entry: os.DirEntry[str], found: Found,
           pending: list[Path]) -> None:
    name = entry.name
    is_yaml = name.lower().endswith(YAML_SUFFIXES)
    if name.startswith("."):
        # A hidden folder may hold procedures, a hidden `.yaml` is one; `.DS_Store` or
        # `.gitkeep` are not the handbook's and stay unmentioned.
        if is_yaml or entry.is_dir(follow_symlinks=False):
            found.problems.append(_problem(root, path, "ignored-file", "hidden"))
        return
    try:
        if entry.is_symlink():
            target = path.resolve()
            if not target.exists():
                found.problems.append(_problem(root, path, "unsafe-file", "dangling"))
                return
            if target != real_root and not target.is_relative_to(real_root):
                found.problems.append(_problem(root, path, "unsafe-file", "outside"))
                return
            if target.is_dir():
                found.problems.append(_problem(root, path, "ignored-file", "symlinked-folder"))
                return
        if entry.is_dir(follow_symlinks=False):
            if not safe_name(name):  # reported; its files are still read (links to them are encoded)
                found.problems.append(_problem(root, path, "unsafe-file", "name"))
            pending.append(path)
            return
        if not entry.is_symlink() and entry.is_file(follow_symlinks=False):  # the listing's file type: no stat
            mode = stat.S_IFREG
        else:
            mode = os.stat(path).st_mode
    except OSError as error:
        found.problems.append(_unreadable(root, path, error))
        return
    if not is_yaml:
        if not stat.S_ISREG(mode):
            found.problems.append(_problem(root, path, "unsafe-file", "not-regular"))
        return  # other files (notes, spreadsheets) are not the handbook's data
    if not name.endswith(YAML_SUFFIXES):
        found.problems.append(_problem(root, path, "ignored-file", "extension"))
    elif not stat.S_ISREG(mode):
        found.problems.append(_problem(root, path, "unsafe-file", "not-regular"))
    elif not name.startswith("_"):
        if not safe_name(name):  # reported, still read: every link to it is percent-encoded
            found.problems.append(_problem(root, path, "unsafe-file", "name"))
        found.files.append(path)


def _problem(root: Path, path: Path, code: str, reason: str, detail: str = "") -> Problem:
    return Problem(code, relative(root, path), 1, None, params={"reason": reason, "detail": detail})


def _unreadable(root: Path, path: Path, error: OSError) -> Problem:
    """An `unsafe-file` problem for a file or folder the OS would not open, its reason in words."""
    return Problem("unsafe-file", relative(root, path), 1, None, params={
        "reason": "unreadable", "detail": os_reason(error, "en"), "detail_ja": os_reason(error, "ja")})


def check_readable(root: Path, path: Path, real_root: Path | None = None) -> Path:
    """Raise UnsafeFile unless `path` is (or is a symlink to) a regular file inside `root`;
    return it resolved (read that with `read_bounded(…, follow_symlinks=False)`: nothing
    to resolve again). FileNotFoundError when it is simply absent. `real_root`:
    `root.resolve()`, when the caller reads many files (resolving costs a system call
    per folder of the path)."""
    if not path.exists() and not path.is_symlink():
        raise FileNotFoundError(path)
    target = path.resolve()
    if not target.exists():
        raise UnsafeFile("dangling")
    if not target.is_relative_to(real_root or root.resolve()):
        raise UnsafeFile("outside")
    if not target.is_file():
        raise UnsafeFile("not-regular")
    return target


class ReadChecker:
    """`check_readable` for the many files of one load: the handbook root and each folder
    resolved once (resolving a path costs a system call per folder in it, and a load
    reads a thousand files from a few folders). A regular file that is not a symlink is
    its folder's real path plus its name; anything else gets the full check."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.real_root = root.resolve()
        self._inside = os.path.join(str(self.real_root), "")  # the real root and a separator
        self._folders: dict[str, str] = {}

    def check(self, path: Path) -> Path:
        """As check_readable(root, path): the resolved path, or UnsafeFile / FileNotFoundError."""
        try:
            mode = os.lstat(path).st_mode
        except OSError:
            mode = 0
        if not stat.S_ISREG(mode):  # a symlink, absent, or not a file: the full check says which
            return check_readable(self.root, path, self.real_root)
        folder, name = os.path.split(path)  # `path` is a file: a name after its folder
        real = self._folders.get(folder)
        if real is None:
            real = self._folders[folder] = os.path.join(os.path.realpath(folder or "."), "")
        if not real.startswith(self._inside):  # both real and ending in a separator: is_relative_to
            raise UnsafeFile("outside")
        return Path(real + name)


def read_bounded(path: Path, limit: int, *, follow_symlinks: bool = True) -> bytes:
    """At most `limit + 1` bytes of the regular file `path` (one more than allowed tells the
    caller it is too large). The path is resolved first (unless `follow_symlinks` is false:
    then a symlink fails to open) and opened with O_NOFOLLOW and O_NONBLOCK (a FIFO never
    blocks); anything but a regular file raises UnsafeFile("not-regular"). OSError when it
    cannot be opened."""
    real = Path(path).resolve() if follow_symlinks else Path(path)
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    fd = os.open(real, flags)
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise UnsafeFile("not-regular")
        chunks: list[bytes] = []
        remaining = limit + 1
        while remaining > 0:
            chunk = os.read(fd, min(remaining, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            remaining -= len(chunk)
        return b"".join(chunks)
    finally:
        os.close(fd)
