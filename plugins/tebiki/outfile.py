"""Files the commands write (`--out`, `inventory import`): written beside, then renamed
into place, so a reader sees the old file or the new one and never half of one.

The new file gets the mode an ordinary new file gets (0666 less the umask: 0644
under umask 022), or keeps the mode of the file it replaces; mkstemp's own 0600
would hide a report from the colleagues or the web server it is written for.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def write_atomically(path: Path, data: bytes, *, keep_mode: bool = True) -> None:
    """Write `data` to `path`, making its folder when missing; with `keep_mode=False` a
    replaced file also gets the umask's mode (generated pages). Raises OSError."""
    folder = path.parent if str(path.parent) else Path(".")
    folder.mkdir(parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        os.chmod(temp, path.stat().st_mode & 0o777 if keep_mode and path.is_file() else 0o666 & ~umask())
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def umask() -> int:
    """The process umask (read by setting it and restoring it at once)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask
