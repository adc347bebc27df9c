"""A folder of rendered SVGs keyed by content hash, safe for concurrent builds and
for a folder anyone could have written into (a committed or restored cache).

Each entry is `<key>.svg`: one header line with an HMAC-SHA-256 of the body, then
the body. The HMAC key is kept outside the repository (`cache_key`), so an entry
someone committed, force-added or restored from another machine is simply a miss:
only SVGs this machine's tebiki wrote are ever put into a page. Entries are opened
without following symlinks, must be regular files and are read up to
MAX_ENTRY_BYTES. Writes go to a unique temporary file in the same folder and are
moved into place with `os.replace`, so readers see a whole entry or none. An
unreadable or unwritable folder is logged once (at info level: a build without a
cache is still a correct build) and the diagram is rendered without the cache.

`prune` keeps the folder from growing forever: after a build, entries that
build did not use and that are older than STALE_AFTER go, and so do temporary
files a crashed build left behind. It only ever removes regular files whose
name is one tebiki writes and whose first bytes are tebiki's header, so a
misconfigured folder full of the user's own files loses nothing.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import os
import re
import tempfile
import time
from collections.abc import Iterable
from pathlib import Path

from ..cache_key import KEY_ENV, cache_key
from ..handbook_files import UnsafeFile, read_bounded

__all__ = ["KEY_ENV", "SvgCache", "cache_key", "pack", "unpack"]

log = logging.getLogger(f"mkdocs.plugins.{__name__}")

MAGIC = b"tebiki-svg-2 "
OUR_HEADER = b"tebiki-svg-"
"""Every version of tebiki's entries starts with this; `prune` removes nothing else."""
MAX_ENTRY_BYTES = 16 * 1024 * 1024
STALE_AFTER = 30 * 24 * 3600
"""Seconds after which an entry unused by the current build may be removed."""
TEMP_STALE_AFTER = 24 * 3600
_ENTRY_NAME = re.compile(r"[0-9a-f]{64}\.svg")
_TEMP_NAME = re.compile(r"\.[0-9a-f]{16}\.[A-Za-z0-9_]+\.tmp")


class SvgCache:
    """Content-addressed SVG store in `folder`; `None` stores nothing."""

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder
        self._warned = False
        if folder is not None:
            cache_key()  # before any worker is forked, so every process signs with one key

    def get(self, key: str) -> str | None:
        """The stored SVG for `key`, or None when absent, unreadable, damaged or not ours."""
        if self.folder is None:
            return None
        try:
            data = read_bounded(self.folder / f"{key}.svg", MAX_ENTRY_BYTES, follow_symlinks=False)
        except FileNotFoundError:
            return None
        except UnsafeFile:
            return None
        except OSError as error:
            self._warn("read", error)
            return None
        return unpack(data) if len(data) <= MAX_ENTRY_BYTES else None

    def contains(self, key: str) -> bool:
        """Whether a regular file for `key` exists (unchecked: `get` may still refuse it)."""
        if self.folder is None:
            return False
        try:
            return (self.folder / f"{key}.svg").lstat().st_mode & 0o170000 == 0o100000
        except OSError:
            return False

    def put(self, key: str, svg: str) -> None:
        """Store `svg` under `key` atomically; failures are logged once and otherwise ignored."""
        if self.folder is None:
            return
        temp: str | None = None
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            fd, temp = tempfile.mkstemp(prefix=f".{key[:16]}.", suffix=".tmp", dir=self.folder)
            with os.fdopen(fd, "wb") as handle:
                handle.write(pack(svg))
            os.replace(temp, self.folder / f"{key}.svg")
            temp = None
        except OSError as error:
            self._warn("write", error)
        finally:
            if temp is not None:
                _remove(temp)

    def prune(self, keep: Iterable[str], now: float | None = None) -> int:
        """Remove tebiki's entries not in `keep` older than STALE_AFTER, and tebiki's temporary
        files older than TEMP_STALE_AFTER; return how many files went. Never raises."""
        if self.folder is None:
            return 0
        keep = set(keep)
        now = time.time() if now is None else now
        removed = 0
        try:
            entries = list(os.scandir(self.folder))
        except OSError:
            return 0
        for entry in entries:
            if _ENTRY_NAME.fullmatch(entry.name) and entry.name[:-4] not in keep:
                limit, empty_ok = STALE_AFTER, False
            elif _TEMP_NAME.fullmatch(entry.name):
                limit, empty_ok = TEMP_STALE_AFTER, True
            else:
                continue
            try:
                if not entry.is_file(follow_symlinks=False):
                    continue
                if now - entry.stat(follow_symlinks=False).st_mtime <= limit:
                    continue
                head = read_bounded(Path(entry.path), len(OUR_HEADER), follow_symlinks=False)[: len(OUR_HEADER)]
                if head == OUR_HEADER or (empty_ok and not head):
                    os.unlink(entry.path)
                    removed += 1
            except (OSError, UnsafeFile):
                continue  # gone already (another build pruned it) or not ours to remove
        return removed

    def _warn(self, action: str, error: OSError) -> None:
        if not self._warned:
            log.info("Cannot %s the diagram cache in '%s', rendering without it: %s", action, self.folder, error)
            self._warned = True


def pack(svg: str) -> bytes:
    """Header line with the body's HMAC-SHA-256 under `cache_key()`, then the UTF-8 body."""
    body = svg.encode("utf-8")
    return MAGIC + _sign(body).encode("ascii") + b"\n" + body


def unpack(data: bytes) -> str | None:
    """The body if the header is ours and its HMAC matches, else None."""
    header, newline, body = data.partition(b"\n")
    if not newline or not header.startswith(MAGIC):
        return None
    if not hmac.compare_digest(header[len(MAGIC):], _sign(body).encode("ascii")):
        return None
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        return None


def _sign(body: bytes) -> str:
    return hmac.new(cache_key(), body, hashlib.sha256).hexdigest()


def _remove(path: str) -> None:
    try:
        os.unlink(path)
    except OSError as error:
        log.debug("Could not remove temporary cache file '%s': %s", path, error)
