"""The key that signs tebiki's cache entries, kept outside the repository.

A cache folder may hold files anyone committed, force-added or restored; an entry
is only used when its HMAC under this key matches, so only what tebiki wrote on
this machine (or under the same $TEBIKI_CACHE_KEY) ever reaches a page.
"""

from __future__ import annotations

import logging
import os
from functools import lru_cache
from pathlib import Path

from .handbook_files import UnsafeFile, read_bounded

log = logging.getLogger(f"mkdocs.plugins.{__name__}")

KEY_ENV = "TEBIKI_CACHE_KEY"
"""A CI can keep its restored cache valid by setting this to a secret of its own."""


@lru_cache(maxsize=1)
def cache_key() -> bytes:
    """The HMAC key: $TEBIKI_CACHE_KEY, else a random key kept in the user's own cache
    folder ($XDG_CACHE_HOME or ~/.cache, `tebiki/cache-key`, mode 0600), created on
    first use; when neither works, a key for this process only (the cache then only
    helps within one build)."""
    secret = os.environ.get(KEY_ENV)
    if secret:
        return secret.encode("utf-8")
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    path = base / "tebiki" / "cache-key"
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o600)
        except FileExistsError:
            pass
        else:
            with os.fdopen(fd, "wb") as handle:
                handle.write(os.urandom(32).hex().encode("ascii"))
        key = read_bounded(path, 256, follow_symlinks=False).strip()
        if len(key) >= 32:
            return key
    except (OSError, UnsafeFile, RuntimeError) as error:
        log.debug("No lasting diagram cache key (%s); using one for this build only", error)
    return os.urandom(32)
