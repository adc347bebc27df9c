"""The handbook as it was at a git revision, read through git itself.

`git ls-tree` lists the data folder's files at the revision and `git cat-file
--batch` reads them; they are written into a temporary folder and loaded by the
same loader as today's handbook. The working tree, the index and HEAD are never
touched (no checkout, no stash).
"""

from __future__ import annotations

import subprocess
import tempfile
from contextlib import contextmanager
from pathlib import Path, PurePosixPath
from typing import Iterator

from .i18n.cli import GIT_REASONS as REASONS


class GitError(Exception):
    """The revision cannot be read. `reason` (no-git, not-repository, git-failed,
    not-revision, not-commit, no-files) and `params` let the CLI word it in the
    user's language (REASONS); str() is the English wording."""

    def __init__(self, reason: str, **params: str) -> None:
        self.reason, self.params = reason, params
        super().__init__(REASONS[reason]["en"].format(**params))


def _git(cwd: Path, *args: str, data: bytes | None = None) -> bytes:
    try:
        done = subprocess.run(["git", *args], cwd=cwd, input=data, capture_output=True, check=False)
    except FileNotFoundError:
        raise GitError("no-git") from None
    if done.returncode != 0:
        detail = done.stderr.decode("utf-8", "replace").strip().splitlines()
        if detail and "not a git repository" in detail[-1]:
            raise GitError("not-repository")
        raise GitError("git-failed", command=args[0], detail=detail[-1] if detail else "")
    return done.stdout


def _blobs(top: Path, commit: str, folder: str) -> list[tuple[str, str]]:
    """(object id, path relative to `folder`) of every regular file under `folder` at `commit`."""
    listing = _git(top, "ls-tree", "-r", "-z", "--full-tree", commit, "--", folder)
    found = []
    for entry in listing.split(b"\0"):
        if not entry:
            continue
        meta, _, path = entry.partition(b"\t")
        mode, kind, oid = meta.decode().split()
        if kind != "blob" or mode == "120000":  # symlinks and submodules are not handbook files
            continue
        rel = PurePosixPath(path.decode("utf-8", "surrogateescape")).relative_to(folder)
        found.append((oid, rel.as_posix()))
    return found


def _contents(top: Path, oids: list[str]) -> list[bytes]:
    """The blobs' bytes, in order, from one `git cat-file --batch` run."""
    out = _git(top, "cat-file", "--batch", data="".join(f"{oid}\n" for oid in oids).encode())
    contents, pos = [], 0
    for _ in oids:
        header_end = out.index(b"\n", pos)
        size = int(out[pos:header_end].split()[2])
        start = header_end + 1
        contents.append(out[start:start + size])
        pos = start + size + 1
    return contents


@contextmanager
def handbook_at(root: Path, folder: str, revision: str) -> Iterator[Path]:
    """A temporary handbook root holding `folder` as it was at `revision` of the git
    repository that contains `root`. Raises GitError when it cannot be read."""
    if not revision or revision.startswith("-"):
        raise GitError("not-revision", revision=revision)
    top = Path(_git(root, "rev-parse", "--show-toplevel").decode().strip())
    prefix = _git(root, "rev-parse", "--show-prefix").decode().strip()
    try:
        commit = _git(top, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{revision}^{{commit}}")
    except GitError:
        raise GitError("not-commit", revision=revision, top=str(top)) from None
    tree_folder = (PurePosixPath(prefix) / folder).as_posix() if prefix else PurePosixPath(folder).as_posix()
    blobs = _blobs(top, commit.decode().strip(), tree_folder)
    if not blobs:
        raise GitError("no-files", folder=tree_folder, revision=revision)
    with tempfile.TemporaryDirectory(prefix="tebiki-rev-") as temp:
        base = Path(temp) / folder
        for (_, rel), content in zip(blobs, _contents(top, [oid for oid, _ in blobs])):
            path = base / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(content)
        yield Path(temp)
