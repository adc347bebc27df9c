"""Search indexing at build time: CPU of Material's HTML parser against tebiki's own
documents (search_documents.py), on the same pages of one generated handbook.

    .venv/bin/python bench/search_index.py              # 990 procedures, 5 interleaved rounds
    .venv/bin/python bench/search_index.py --n 3000

Builds the realistic generated handbook (bench/handbook.py, minimal mkdocs.yml) once
in this process, keeping each generated page's HTML as the search plugin would read
it (its `on_page_context`). Then, in interleaved rounds, indexes those pages with
Material's `SearchIndex.add_entry_from_context` (what the plugin did before) and with
tebiki's `page_documents` (what it does now), checks both give the same documents,
and prints each side's CPU time (process time, the garbage collector paused for
both) as a median with its spread, their ratio, and the load average.
"""

from __future__ import annotations

import argparse
import gc
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from types import SimpleNamespace
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

from handbook import generate, write_tebiki  # noqa: E402


def captured_pages(n: int, folder: Path) -> list[tuple[Any, dict[str, Any]]]:
    """(page as the search plugin reads it, its meta before tebiki took it over) of every
    generated page in search; the HTML is kept as it was then (the plugin changes it after)."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    from tebiki.adapters.mkdocs import search_pages

    pages: list[tuple[Any, dict[str, Any]]] = []
    original = search_pages.PageSearch.add

    def add(self: search_pages.PageSearch, page: Any) -> None:
        if not (page.meta.get("search") or {}).get("exclude"):
            pages.append((SimpleNamespace(content=page.content, toc=page.toc, url=page.url, title=page.title,
                                          meta=page.meta), dict(page.meta)))
        original(self, page)

    write_tebiki(folder / "handbook", generate(n))
    search_pages.PageSearch.add = add  # type: ignore[method-assign]
    try:
        os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
        build(load_config(str(folder / "handbook" / "mkdocs.yml"), site_dir=str(folder / "site")))
    finally:
        search_pages.PageSearch.add = original  # type: ignore[method-assign]
    return pages


def materials(pages: list[tuple[Any, dict[str, Any]]]) -> list[dict[str, Any]]:
    from material.plugins.search.plugin import SearchIndex

    index = SearchIndex()
    for page, meta in pages:
        saved, page.meta = page.meta, meta
        try:
            index.add_entry_from_context(page)
        finally:
            page.meta = saved
    return index.entries


def tebikis(pages: list[tuple[Any, dict[str, Any]]]) -> list[dict[str, Any]]:
    from tebiki.adapters.mkdocs.search_pages import toc_urls
    from tebiki.search_documents import page_documents

    out: list[dict[str, Any]] = []
    for page, meta in pages:
        search = meta.get("search") or {}
        tags = meta.get("tags")
        out.extend(page_documents(page.content, page.url, str(meta.get("title", page.title)), toc_urls(page.toc),
                                  tags=[str(t) for t in tags] if isinstance(tags, list) else None,
                                  boost=search.get("boost")))
    return out


def cpu(index: Any, pages: list[tuple[Any, dict[str, Any]]]) -> tuple[float, list[dict[str, Any]]]:
    gc.collect()
    gc.disable()
    try:
        start = time.process_time()
        docs = index(pages)
        return time.process_time() - start, docs
    finally:
        gc.enable()


def spread(values: list[float]) -> str:
    return f"{statistics.median(values):.2f} s [{min(values):.2f}-{max(values):.2f}]"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=990, help="procedures (default 990)")
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="tebiki-search-index-bench-") as work:
        pages = captured_pages(args.n, Path(work))
    times: dict[str, list[float]] = {"material": [], "tebiki": []}
    ratios: list[float] = []
    loads: list[float] = []
    for r in range(args.rounds):
        order = [("material", materials), ("tebiki", tebikis)]
        got = {}
        for name, index in order if r % 2 == 0 else order[::-1]:
            seconds, docs = cpu(index, pages)
            times[name].append(seconds)
            got[name] = docs
        if got["material"] != got["tebiki"]:
            print("the documents differ: tebiki's are not Material's", file=sys.stderr)
            return 1
        ratios.append(times["tebiki"][-1] / times["material"][-1])
        loads.append(os.getloadavg()[0])
    docs = len(got["tebiki"])
    print(f"Search indexing of {len(pages)} generated pages ({docs} documents, the same on both sides), "
          f"{args.n} procedures, {args.rounds} interleaved rounds, CPU time, median [min-max]; "
          f"load average {min(loads):.1f}-{max(loads):.1f} on {os.cpu_count()} cores")
    print(f"  Material's search plugin parser  {spread(times['material'])}")
    print(f"  tebiki's documents               {spread(times['tebiki'])}")
    print(f"FIGURE search indexing: tebiki / Material CPU {statistics.median(ratios):.2f} "
          f"[{min(ratios):.2f}-{max(ratios):.2f}], saving {statistics.median(times['material']) - statistics.median(times['tebiki']):.1f} s CPU per build")
    return 0


if __name__ == "__main__":
    sys.exit(main())
