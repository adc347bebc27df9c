"""Kana readings of page titles, so a title can be found by how it is said:
`ｹｲﾋｾｲｻﾝ` (half-width kana, as bank and payroll data write it) or `けいひ` finds 経費精算.

A reading is the title in hiragana (pykakasi's dictionary: 経費精算 -> けいひせいさん),
normalised like a query (NFKC, lower case, katakana as hiragana, no spaces), so the
search worker only has to turn what is typed into hiragana the same way.

pykakasi takes ~1.5 s to load its dictionary, more than the rest of a 1,000-page
index: readings are kept in `readings.json` in the diagram cache folder, keyed by
title, and the dictionary is loaded only when a title is not there. The file is
signed like the other caches (cache_key.py); one that is not tebiki's own is ignored.
Pure: no MkDocs import.
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import json
import logging
import os
import re
import tempfile
import unicodedata
from collections.abc import Iterable
from concurrent.futures import Executor, Future
from functools import lru_cache
from pathlib import Path
from typing import Any

log = logging.getLogger(f"mkdocs.plugins.{__name__}")

CACHE_FILE = "readings.json"
MAX_CACHE_BYTES = 16 * 1024 * 1024
_KATAKANA = re.compile("[\u30a1-\u30f6]")
_HIRAGANA = re.compile("[\u3041-\u3096]")
_KANJI = re.compile("[\u3005\u3007\u3400-\u9fff\uf900-\ufaff]")


def normalised_reading(text: str) -> str:
    """NFKC, lower case, katakana as hiragana, without spaces: `ケイヒ セイサン` -> `けいひせいさん`."""
    text = unicodedata.normalize("NFKC", text).lower()
    text = _KATAKANA.sub(lambda m: chr(ord(m.group()) - 0x60), text)
    return "".join(text.split())


@lru_cache(maxsize=1)
def _kakasi() -> Any:
    import pykakasi  # loaded only for titles the cache does not know

    return pykakasi.kakasi()


def reading_of(title: str) -> str:
    """The title as said, in hiragana (pykakasi for kanji): 経費精算 -> けいひせいさん,
    アカウント削除 -> あかうんとさくじょ; "" for a title without kana or kanji."""
    if not _KANJI.search(title):
        reading = normalised_reading(title)
        return reading if _HIRAGANA.search(reading) else ""
    return normalised_reading("".join(part["hira"] for part in _kakasi().convert(title)))


def readings_job(titles: list[str]) -> dict[str, str]:
    """In a worker process: each title's reading (pykakasi loads there, not in the build),
    read in a child of the worker that ends when done (Linux), so pykakasi's dictionaries
    (~130 MB) leave with it instead of staying in the worker to the end of the build."""
    if os.name != "posix":
        return _readings(titles)
    from .diagrams.recycled import RecycledDrawer
    from .diagrams.workers import die_with_parent

    child = RecycledDrawer(_readings_json, recycle_after=1, on_start=functools.partial(die_with_parent, os.getpid()))
    try:
        return json.loads(child(titles))
    finally:
        child.stop()


def _readings(titles: list[str]) -> dict[str, str]:
    return {title: reading_of(title) for title in titles}


def _readings_json(titles: list[str]) -> str:
    return json.dumps(_readings(titles), ensure_ascii=False)


class ReadingCache:
    """title -> reading, persisted in `path` (None: this process only).

    `read_ahead` hands the titles the cache lacks to a worker process while the site is
    built; `readings` takes the worker's answers when they are ready and reads any other
    title itself (the same `reading_of`, so the same readings either way)."""

    VERSION = "tebiki-readings-1"

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self._known = self._load() if path else {}
        self._used: dict[str, str] = {}
        self._ahead: Future[dict[str, str]] | None = None

    def read_ahead(self, titles: Iterable[str], pool: Executor | None) -> None:
        """Start reading, in `pool`, the titles with kanji the cache does not know (nothing
        when there are none or the pool takes no more jobs)."""
        missing = [t for t in dict.fromkeys(titles) if t not in self._known and _KANJI.search(t)]
        if not missing or pool is None:
            return
        try:
            self._ahead = pool.submit(readings_job, missing)
        except (OSError, RuntimeError):  # the pool was shut down: read them here when asked
            self._ahead = None

    def _read_ahead(self) -> dict[str, str]:
        """The worker's readings when it has finished; {} (and the job dropped) otherwise."""
        ahead, self._ahead = self._ahead, None
        if ahead is None or not ahead.done() or ahead.cancelled():
            if ahead is not None:
                ahead.cancel()
            return {}
        try:
            return ahead.result()
        except Exception:  # noqa: BLE001 - a failed or killed worker: read them here
            return {}

    def _load(self) -> dict[str, str]:
        from .handbook_files import UnsafeFile, read_bounded

        try:
            raw = read_bounded(self.path, MAX_CACHE_BYTES, follow_symlinks=False)  # type: ignore[arg-type]
            data = json.loads(raw.decode("utf-8")) if len(raw) <= MAX_CACHE_BYTES else None
        except (OSError, UnsafeFile, ValueError, RecursionError):
            return {}
        if not isinstance(data, dict) or data.get("version") != self.VERSION or not isinstance(data.get("readings"), dict):
            return {}
        if not isinstance(data.get("mac"), str) or not hmac.compare_digest(data["mac"], _mac(data["readings"])):
            return {}  # not written by tebiki on this machine: unused
        return {k: v for k, v in data["readings"].items() if isinstance(k, str) and isinstance(v, str)}

    def readings(self, titles: Iterable[str]) -> dict[str, str]:
        """Each title's reading ("" for a title without kanji)."""
        out: dict[str, str] = {}
        ahead = self._read_ahead()
        for title in titles:
            if title not in out:
                reading = self._known.get(title, ahead.get(title))
                out[title] = self._used[title] = reading_of(title) if reading is None else reading
        return out

    def save(self) -> None:
        """Keep the readings this build used (atomic replace; a folder that cannot be written is logged)."""
        if self.path is None or self._used == self._known:
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd, temp = tempfile.mkstemp(dir=self.path.parent, prefix=".readings-", suffix=".tmp")
            with os.fdopen(fd, "w", encoding="utf-8") as out:
                json.dump({"version": self.VERSION, "mac": _mac(self._used), "readings": self._used}, out,
                          ensure_ascii=False)
            os.replace(temp, self.path)
        except OSError as error:
            log.info("tebiki: cannot write the readings cache %s: %s", self.path, error)
        self._known = dict(self._used)


def _mac(entries: object) -> str:
    from .cache_key import cache_key

    content = json.dumps(entries, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hmac.new(cache_key(), content.encode("utf-8", "surrogatepass"), hashlib.sha256).hexdigest()
