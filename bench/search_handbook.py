"""A handbook of N procedures for the search benchmark, from the sample's own text.

The sample's 21 procedures (procedures/, 5 departments) are copied until there are N:
copy k > 0 of a procedure gets the id `<id>-k<k>`, the title `<title>（<site> <k>）`
(e.g. 経費精算（大阪工場 3）) and `related` ids of the same copy, so every page has
real Japanese steps, branches, lanes and descriptions, and a query finds many pages
as it would in a large company (経費 finds every copy of 経費精算). The config is the
minimal one a company writes: site_name, Material with `language: ja`, search with
`lang: ja`, tebiki.

    python bench/search_handbook.py OUT_DIR [--n 1000]
"""

from __future__ import annotations

import argparse
import shutil
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "procedures"
SITES = ("本社", "大阪工場", "名古屋支店", "福岡営業所", "仙台工場", "札幌支店", "横浜物流センター", "広島支店")
MINIMAL_CONFIG = """\
site_name: 業務手引き 検索ベンチマーク
theme:
  name: material
  language: ja
plugins:
  - search:
      lang: ja
  - tebiki
"""


def sample_procedures() -> list[tuple[Path, dict[str, Any]]]:
    """(path relative to procedures/, data) of each sample procedure, in a stable order."""
    out = []
    for path in sorted(SAMPLE.rglob("*.yaml")):
        if path.name.startswith("_"):
            continue
        out.append((path.relative_to(SAMPLE), yaml.safe_load(path.read_text(encoding="utf-8"))))
    return out


def copy_of(data: dict[str, Any], k: int) -> dict[str, Any]:
    """Copy k of a procedure (k = 0: the sample's own)."""
    if k == 0:
        return data
    site = f"{SITES[k % len(SITES)]} {k}"
    out = dict(data, id=f"{data['id']}-k{k}", title=f"{data['title']}（{site}）")
    if isinstance(data.get("related"), list):
        out["related"] = [f"{ref}-k{k}" for ref in data["related"]]
    return out


def write_handbook(root: Path, n: int) -> Path:
    """Write the handbook of `n` procedures into `root` (emptied first); returns its mkdocs.yml."""
    if root.exists():
        shutil.rmtree(root)
    (root / "docs").mkdir(parents=True)
    (root / "docs" / "index.md").write_text("# 業務手引き\n\n部門ごとの業務手順です。\n", encoding="utf-8")
    folder = root / "procedures"
    folder.mkdir()
    shutil.copyfile(SAMPLE / "_org.yaml", folder / "_org.yaml")
    samples = sample_procedures()
    for i in range(n):
        rel, data = samples[i % len(samples)]
        k = i // len(samples)
        target = folder / rel.parent / f"{rel.stem}-k{k}.yaml"
        target.parent.mkdir(parents=True, exist_ok=True)
        # the last copy may be partial: keep `related` to copies that exist
        proc = copy_of(data, k)
        if k and (i // len(samples)) == (n - 1) // len(samples) and isinstance(proc.get("related"), list):
            last_ids = {copy_of(d, k)["id"] for _, d in samples[: (n - 1) % len(samples) + 1]}
            proc["related"] = [ref for ref in proc["related"] if ref in last_ids] or None
            if proc["related"] is None:
                del proc["related"]
        target.write_text(yaml.safe_dump(proc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    config = root / "mkdocs.yml"
    config.write_text(MINIMAL_CONFIG, encoding="utf-8")
    return config


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out", type=Path)
    parser.add_argument("--n", type=int, default=1000)
    args = parser.parse_args()
    print(write_handbook(args.out, args.n))


if __name__ == "__main__":
    main()
