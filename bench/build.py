"""Build-time benchmark: a tebiki handbook against a plain Material site of the same pages.

    .venv/bin/python bench/build.py                       # all three parts below
    .venv/bin/python bench/build.py --parts ratio --n 990 --rounds 3

The handbook is generated (bench/handbook.py: varied steps, branches, lanes,
descriptions, people; not copies), with the minimal `mkdocs.yml` a company writes:
site_name, theme material with `language: ja`, search `lang: ja`, tebiki. The plain
site holds the same pages (home, departments, procedures, people, one page per
person) as hand-written Markdown, with no plugin but search.

Parts (`--parts`, comma-separated):

ratio  (target 1) `--rounds` rounds at `--n` procedures; each round builds, in an
       order that alternates from round to round, tebiki (cold: no diagram or
       description cache) and three plain sites: Material's default navigation, the
       same with `navigation.prune`, and like for like (the theme features tebiki
       applies to its own minimal config: navigation.prune, content.action.edit).
       Printed: the median of the per-round ratios tebiki/plain with their spread,
       of wall clock and of CPU time (targets: <= 0.35x default, <= 1.0x prune).
scale  (target 1) tebiki cold builds at 100, 1,000 and 3,000 procedures (`--sizes`):
       seconds per procedure, wall and CPU; flat means the last over the first ~1.
big    (target 2) one cold tebiki build of `--big` procedures (10,000): wall (target
       <= 120 s), peak memory of all processes together (<= 1 GiB), HTML size and the
       share of it that is the navigation menu.

Every build is its own `mkdocs build` subprocess (bench/measure.py). The machine is
shared: wall clock is noisy; CPU time is steadier; the ratios of one round are taken
side by side so a change of load hits both.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from handbook import MINIMAL_PLAIN, generate, with_features, write_plain, write_tebiki  # noqa: E402
from measure import Build, load, nav_share, spread, timed_build  # noqa: E402

TEBIKI_DEFAULT_FEATURES = ["navigation.prune", "content.action.edit"]  # adapters/mkdocs/sitedefaults.FEATURES


def cold(root: Path) -> Build:
    shutil.rmtree(root / ".cache", ignore_errors=True)
    return timed_build(root)


def ratio(work: Path, n: int, rounds: int) -> None:
    book = generate(n)
    write_tebiki(work / "tebiki", book)
    plains = {
        "default nav": MINIMAL_PLAIN,
        "navigation.prune": with_features(MINIMAL_PLAIN, ["navigation.prune"]),
        "like for like": with_features(MINIMAL_PLAIN, TEBIKI_DEFAULT_FEATURES),
    }
    pages = 0
    for name, config in plains.items():
        pages = write_plain(work / name.replace(" ", "-"), book, config)
    sites = ["tebiki", *plains]
    runs: dict[str, list[Build]] = {s: [] for s in sites}
    print(f"ratio: {n} procedures, {len(book.departments)} departments, {len(book.people)} people; "
          f"plain sites of {pages} pages; {rounds} rounds", flush=True)
    for r in range(rounds):
        order = sites if r % 2 == 0 else sites[::-1]
        for site in order:
            root = work / site.replace(" ", "-")
            runs[site].append(cold(root) if site == "tebiki" else timed_build(root))
        line = ", ".join(f"{s} {runs[s][-1].wall:.1f} s ({runs[s][-1].cpu:.1f} CPU)" for s in sites)
        print(f"  round {r + 1}: {line}; {load()}", flush=True)
    t = runs["tebiki"]
    print(f"  tebiki: {t[0].pages} pages, peak {max(b.peak_mib for b in t):.0f} MiB PSS, html {t[0].html_mib:.0f} MiB")
    for name, target in (("default nav", "<= 0.35"), ("navigation.prune", "<= 1.0"), ("like for like", "")):
        p = runs[name]
        wall = [a.wall / b.wall for a, b in zip(t, p)]
        cpu = [a.cpu / b.cpu for a, b in zip(t, p)]
        goal = f"  (target {target}x)" if target else ""
        print(f"  tebiki / plain {name:17s} wall {spread(wall)}  CPU {spread(cpu)}{goal}")


def scale(work: Path, sizes: list[int]) -> None:
    print("scale: tebiki cold build, time per procedure", flush=True)
    per = []
    for n in sizes:
        root = work / f"scale-{n}"
        write_tebiki(root, generate(n))
        b = cold(root)
        per.append((b.wall / n, b.cpu / n))
        print(f"  {n:6d} procedures: {b.wall:7.1f} s wall, {b.cpu:7.1f} s CPU = {b.wall / n * 1000:6.1f} ms wall, "
              f"{b.cpu / n * 1000:6.1f} ms CPU per procedure; peak {b.peak_mib:.0f} MiB PSS; {load()}", flush=True)
        shutil.rmtree(root)
    if len(per) > 1:
        print(f"  per-procedure time at {sizes[-1]} / at {sizes[0]}: wall {per[-1][0] / per[0][0]:.2f}, "
              f"CPU {per[-1][1] / per[0][1]:.2f} (flat = about 1)")


def big(work: Path, n: int) -> None:
    root = work / f"big-{n}"
    write_tebiki(root, generate(n))
    b = cold(root)
    share, per_page = nav_share(root / "site")
    print(f"big: {n} procedures, cold: {b.wall:.1f} s wall (target <= 120), {b.cpu:.1f} s CPU, "
          f"peak {b.peak_mib:.0f} MiB PSS of all processes (target <= 1024; RSS summed {b.peak_rss_mib:.0f} MiB); "
          f"{load()}")
    print(f"  {b.pages} pages, {b.html_mib:.0f} MiB of HTML, navigation menu {share * 100:.1f}% of it "
          f"({per_page / 1024:.1f} KiB a page)", flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--parts", default="ratio,scale,big", help="ratio, scale, big (comma-separated)")
    parser.add_argument("--n", type=int, default=990, help="procedures for the ratio part (default 990)")
    parser.add_argument("--rounds", type=int, default=3, help="interleaved rounds of the ratio part (default 3)")
    parser.add_argument("--sizes", default="100,1000,3000", help="sizes of the scale part")
    parser.add_argument("--big", type=int, default=10000, help="procedures of the big part (default 10000)")
    parser.add_argument("--keep", action="store_true", help="keep the generated sites")
    args = parser.parse_args(argv)
    parts = set(args.parts.split(","))
    work = Path(tempfile.mkdtemp(prefix="tebiki-bench-"))
    try:
        if "ratio" in parts:
            ratio(work, args.n, args.rounds)
        if "scale" in parts:
            scale(work, [int(s) for s in args.sizes.split(",")])
        if "big" in parts:
            big(work, args.big)
    finally:
        if args.keep:
            print(f"kept in {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
