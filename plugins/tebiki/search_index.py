"""The search index as a Japanese reader needs it: full-width and half-width forms alike.

IMEs leave 全角英数 on (`ＰＣ`, `ＣＳＶ`) and bank or payroll data use half-width kana
(`ｱｶｳﾝﾄ`), while handbooks are written in the usual forms (`PC`, `アカウント`). Both
sides are brought to Unicode NFKC: the index here, after the search plugin wrote it
(`site/search/search_index.json`, Material's format: {config, docs: [{location,
title, text, tags?, boost?}]}), and what is typed by `assets/tebiki-search.js`, which
applies the same `String.prototype.normalize("NFKC")` in the browser (offline).

Each page document (a location without `#`) also gets `reading`: its title's kana
reading (search_readings.py), so `ｹｲﾋｾｲｻﾝ` finds 経費精算. Material's own worker
ignores the key; tebiki's worker (search_worker.py) matches kana queries against it.

What stays out of the index is decided on the pages (front matter `search.exclude`
for the problems page and hand-over packs, `data-search-exclude` on editor boxes);
this module only normalises. Pure: no MkDocs import.
"""

from __future__ import annotations

import json
import unicodedata
from html import escape
from pathlib import Path
from typing import Any, Sequence

from .search_readings import ReadingCache

INDEX_FILE = Path("search") / "search_index.json"


def nfkc(text: str) -> str:
    """`ＰＣ` -> `PC`, `ｱｶｳﾝﾄ` -> `アカウント`, `ﾊﾞｯｸｱｯﾌﾟ` -> `バックアップ`."""
    return unicodedata.normalize("NFKC", text)


def indexed_title(title: str) -> str:
    """A page title as its search document holds it once normalised: HTML-escaped, NFKC
    (the key `ReadingCache` reads it under; a title written otherwise is simply read later)."""
    return nfkc(escape(title.strip(), quote=False))


def normalised_index(index: dict[str, Any], readings: ReadingCache | None = None) -> dict[str, Any]:
    """The index with every document's title, text and tags in NFKC (other keys kept)
    and, with `readings`, each page document's title reading under `reading`."""
    docs = [_normalised(doc) for doc in index.get("docs", [])]
    if readings is not None:
        pages = [doc for doc in docs if _is_page(doc)]
        said = readings.readings(doc["title"] for doc in pages)
        for doc in pages:
            if said[doc["title"]]:
                doc["reading"] = said[doc["title"]]
    return {**index, "docs": docs}


def _normalised(doc: dict[str, Any]) -> dict[str, Any]:
    """A copy of one document with its title, text and tags in NFKC."""
    doc = dict(doc)
    for key in ("title", "text"):
        if isinstance(doc.get(key), str):
            doc[key] = nfkc(doc[key])
    if isinstance(doc.get("tags"), list):
        doc["tags"] = [nfkc(t) if isinstance(t, str) else t for t in doc["tags"]]
    return doc


def _is_page(doc: dict[str, Any]) -> bool:
    """A page's document (its location has no `#`), which gets the reading of its title."""
    return isinstance(doc.get("title"), str) and "#" not in str(doc.get("location", ""))


def normalise_site_index(site_dir: Path, readings: ReadingCache | None = None) -> bool:
    """Rewrite the built site's search index in NFKC (with title readings); False when
    there is none (no search plugin, or one writing another format)."""
    path = site_dir / INDEX_FILE
    try:
        index = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    if not isinstance(index, dict) or not isinstance(index.get("docs"), list):
        return False
    path.write_text(json.dumps(normalised_index(index, readings), ensure_ascii=False, separators=(",", ":")),
                    encoding="utf-8")
    if readings is not None:
        readings.save()
    return True


CONFIG_BYTES = 1 << 20
"""How much of the written index is read for its `config` (a few hundred bytes)."""


def rewrite_site_index(site_dir: Path, docs: Sequence[dict[str, Any]], readings: ReadingCache | None = None) -> bool:
    """`normalise_site_index` with the documents still in memory (`docs`: the list the
    search plugin serialised, or held back from it so that it wrote `"docs":[]`) instead of
    reading its file back: only the file's `config` is read, and the index is written one
    document at a time, to the same bytes. At 10,000 procedures the index is 57 MB; parsed
    back and written again as one string it took about 300 MB. A small file of another
    shape (its keys in another order) is rewritten whole with `docs`; False (nothing
    written) when the file cannot be read, or is large and not as the search plugin
    writes it (`{"config":{..},"docs":[`)."""
    path = site_dir / INDEX_FILE
    start = '{"config":'
    try:
        with path.open(encoding="utf-8") as file:
            head = file.read(CONFIG_BYTES + 1)
        config, end = json.JSONDecoder().raw_decode(head, len(start)) if head.startswith(start) else (None, 0)
    except (OSError, ValueError):
        config, end = None, 0
        if not path.is_file():
            return False
    if config is None or not head.startswith(',"docs":[', end):
        return len(head) <= CONFIG_BYTES and _rewrite_whole(path, head, docs, readings)
    said = readings.readings(nfkc(doc["title"]) for doc in docs if _is_page(doc)) if readings is not None else {}
    encode = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), default=str).encode
    with path.open("w", encoding="utf-8") as file:
        file.write(f'{{"config":{encode(config)},"docs":[')
        for index, doc in enumerate(docs):
            doc = _normalised(doc)
            if _is_page(doc) and said.get(doc["title"]):
                doc["reading"] = said[doc["title"]]
            file.write(("," if index else "") + encode(doc))
        file.write("]}")
    if readings is not None:
        readings.save()
    return True


def _rewrite_whole(path: Path, text: str, docs: Sequence[dict[str, Any]], readings: ReadingCache | None) -> bool:
    try:
        index = json.loads(text)
    except ValueError:
        return False
    if not isinstance(index, dict) or not isinstance(index.get("docs"), list):
        return False
    index = json.loads(json.dumps({**index, "docs": list(docs)}, default=str))  # as the plugin would have written them
    path.write_text(json.dumps(normalised_index(index, readings), ensure_ascii=False, separators=(",", ":")),
                    encoding="utf-8")
    if readings is not None:
        readings.save()
    return True
