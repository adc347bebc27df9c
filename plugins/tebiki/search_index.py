"""The search index as a Japanese reader needs it: full-width and half-width forms alike.

IMEs leave 全角英数 on (`ＰＣ`, `ＣＳＶ`) and bank or payroll data use half-width kana
(`ｱｶｳﾝﾄ`), while handbooks are written in the usual forms (`PC`, `アカウント`). Both
sides are brought to Unicode NFKC: the index here, after the search plugin wrote it
(`site/search/search_index.json`, Material's format: {config, docs: [{location,
title, text, tags?, boost?}]}), and what is typed by `assets/tebiki-search.js`, which
applies the same `String.prototype.normalize("NFKC")` in the browser (offline).

What stays out of the index is decided on the pages (front matter `search.exclude`
for the problems page and hand-over packs, `data-search-exclude` on editor boxes);
this module only normalises. Pure: no MkDocs import.
"""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path
from typing import Any

INDEX_FILE = Path("search") / "search_index.json"


def nfkc(text: str) -> str:
    """`ＰＣ` -> `PC`, `ｱｶｳﾝﾄ` -> `アカウント`, `ﾊﾞｯｸｱｯﾌﾟ` -> `バックアップ`."""
    return unicodedata.normalize("NFKC", text)


def normalised_index(index: dict[str, Any]) -> dict[str, Any]:
    """The index with every document's title, text and tags in NFKC (other keys kept)."""
    docs = []
    for doc in index.get("docs", []):
        doc = dict(doc)
        for key in ("title", "text"):
            if isinstance(doc.get(key), str):
                doc[key] = nfkc(doc[key])
        if isinstance(doc.get("tags"), list):
            doc["tags"] = [nfkc(t) if isinstance(t, str) else t for t in doc["tags"]]
        docs.append(doc)
    return {**index, "docs": docs}


def normalise_site_index(site_dir: Path) -> bool:
    """Rewrite the built site's search index in NFKC; False when there is none
    (no search plugin, or one writing another format)."""
    path = site_dir / INDEX_FILE
    try:
        index = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    if not isinstance(index, dict) or not isinstance(index.get("docs"), list):
        return False
    path.write_text(json.dumps(normalised_index(index), ensure_ascii=False, separators=(",", ":")),
                    encoding="utf-8")
    return True
