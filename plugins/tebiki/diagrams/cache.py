"""A folder of rendered SVGs keyed by content hash, safe for concurrent builds.

Each entry is `<key>.svg`: one header line with the SHA-256 of the body, then
the body. Writes go to a unique temporary file in the same folder and are
moved into place with `os.replace`, so readers see a whole entry or none. An
entry whose checksum does not match (garbage, truncated) counts as a miss and
is rewritten. An unreadable or unwritable folder is logged once and the
diagram is simply rendered without the cache.

`prune` keeps the folder from growing forever: after a build, entries that
build did not use and that are older than STALE_AFTER go, and so do temporary
files a crashed build left behind. An entry another build still uses is at
worst rendered again.
"""

from __future__ import annotations

import hashlib
import logging
import os
import tempfile
import time
from collections.abc import Iterable
from pathlib import Path

log = logging.getLogger(f"mkdocs.plugins.{__name__}")

MAGIC = b"tebiki-svg-1 "
STALE_AFTER = 30 * 24 * 3600
"""Seconds after which an entry unused by the current build may be removed."""
TEMP_STALE_AFTER = 24 * 3600


class SvgCache:
    """Content-addressed SVG store in `folder`; `None` stores nothing."""

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder
        self._warned = False

    def get(self, key: str) -> str | None:
        """The stored SVG for `key`, or None when absent, unreadable or damaged."""
        if self.folder is None:
            return None
        try:
            data = (self.folder / f"{key}.svg").read_bytes()
        except FileNotFoundError:
            return None
        except OSError as error:
            self._warn("read", error)
            return None
        return unpack(data)

    def contains(self, key: str) -> bool:
        """Whether an entry for `key` exists (unchecked: `get` may still find it damaged)."""
        return self.folder is not None and (self.folder / f"{key}.svg").is_file()

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
        """Remove entries not in `keep` older than STALE_AFTER, and temporary files older
        than TEMP_STALE_AFTER; return how many files went. Never raises."""
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
            if entry.name.endswith(".svg") and entry.name[:-4] not in keep:
                limit = STALE_AFTER
            elif entry.name.startswith(".") and entry.name.endswith(".tmp"):
                limit = TEMP_STALE_AFTER
            else:
                continue
            try:
                if now - entry.stat().st_mtime > limit:
                    os.unlink(entry.path)
                    removed += 1
            except OSError:
                continue  # gone already (another build pruned it) or not ours to remove
        return removed

    def _warn(self, action: str, error: OSError) -> None:
        if not self._warned:
            log.warning("Cannot %s the diagram cache in '%s', rendering without it: %s", action, self.folder, error)
            self._warned = True


def pack(svg: str) -> bytes:
    """Header line with the body's SHA-256, then the UTF-8 body."""
    body = svg.encode("utf-8")
    return MAGIC + hashlib.sha256(body).hexdigest().encode("ascii") + b"\n" + body


def unpack(data: bytes) -> str | None:
    """The body if the header is ours and the checksum matches, else None."""
    header, newline, body = data.partition(b"\n")
    if not newline or not header.startswith(MAGIC):
        return None
    if header[len(MAGIC) :].decode("ascii", "replace") != hashlib.sha256(body).hexdigest():
        return None
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        return None


def _remove(path: str) -> None:
    try:
        os.unlink(path)
    except OSError as error:
        log.debug("Could not remove temporary cache file '%s': %s", path, error)
