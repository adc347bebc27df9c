"""tebiki's search worker in the built site, in place of Material for MkDocs' lunr worker.

Material's pages start the worker named in their config (`assets/javascripts/workers/
search.<hash>.min.js`) and talk to it in messages (SETUP/READY/QUERY/RESULT); Material
documents this as the way to give a site another search. lunr builds its index in
the browser on every page load (10-13 s before the first result at 1,000 procedures
on a 2-core machine); `assets/tebiki-search-worker.js` answers the same messages
from the same `search_index.json` with no index to build (see its header for the
matching and ranking). The file is replaced under the theme's own name, so every
page stays byte-for-byte what Material wrote. Pure: no MkDocs import.
"""

from __future__ import annotations

from pathlib import Path

WORKER_FILE = Path(__file__).parent / "assets" / "tebiki-search-worker.js"
MATERIAL_WORKERS = Path("assets") / "javascripts" / "workers"
MATERIAL_WORKER_GLOB = "search.*.min.js"


def install_worker(site_dir: Path) -> list[Path]:
    """Write tebiki's worker over each Material search worker in `site_dir`; the files
    replaced (none for a theme without Material's worker: its search is left alone)."""
    folder = site_dir / MATERIAL_WORKERS
    replaced = sorted(path for path in folder.glob(MATERIAL_WORKER_GLOB) if path.is_file())
    if replaced:
        code = WORKER_FILE.read_bytes()
        for path in replaced:
            path.write_bytes(code)
    return replaced
