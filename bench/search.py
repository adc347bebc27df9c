"""Search benchmark: from opening a page to the first results of a Japanese query, in Chromium.

    .venv/bin/python bench/search.py                 # 1,000 procedures, 5 rounds
    .venv/bin/python bench/search.py --lunr          # also Material's own lunr worker
    .venv/bin/python bench/search.py --site DIR      # reuse a site built before from the same generator

Builds the realistic generated handbook (bench/handbook.py: varied steps, branches,
lanes, descriptions; the minimal mkdocs.yml) with `mkdocs build`, serves it on
127.0.0.1 and opens its home page in Debian's chromium (Playwright, as
tests/browser/harness.py), each time in a new browser context (nothing cached).

The query is typed by the page itself at its load event (a script focuses the search
box, sets the text and sends the events a keyboard would), so the figure is the
site's: Playwright's own round trips (locating the box, clicking, typing: 0.3-1.2 s on
a loaded machine) are not counted. Times, read in the page: navigation start ->
results shown (the result count N件 or 「見つかりません」, seen by a MutationObserver),
and the same from the page's load event. Each query's first result is checked
against what a reader wants (a title word, a step phrase as written, a half-width
reading, a full-width word).

Rounds are interleaved: every round runs every query (and with --lunr each query on
both sites, their order alternating from round to round), so a change in machine
load hits all. Figures are medians with their spread (min-max) and the slowest query
of each round, with the load average. The machine is shared: numbers are noisy.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "browser"))
sys.path.insert(0, str(ROOT / "bench"))

from harness import CHROMIUM_ARGS, find_chromium, serve  # noqa: E402
from handbook import Book, generate, write_tebiki  # noqa: E402

TARGET_S = 1.5
ANSWER_TIMEOUT_MS = 300_000
SEED = 13


def queries(book: Book) -> dict[str, tuple[str, set[str]]]:
    """query as a reader types it -> (what it tests, the titles a right first result may have),
    all taken from the generated book so they find what a reader wants there."""
    titles = [p["title"] for p in book.procedures]

    def having(word: str) -> set[str]:
        return {t for t in titles if word in t}

    step_title, with_step = next((s["title"], {p["title"] for p in book.procedures
                                               if any(x["title"] == s["title"] for x in p["steps"])})
                                 for p in book.procedures[len(book.procedures) // 2:] for s in p["steps"]
                                 if "回収する" in s["title"])
    return {
        "請求書": ("a word in titles", having("請求書")),
        "調整": ("inside a longer word (年末調整書類)", having("調整")),
        step_title: ("a step phrase as written", with_step),
        "ｾｲｷｭｳｼｮ": ("half-width kana: a title's reading", having("請求書")),
        "ＰＣ": ("full-width Latin", having("PC")),
        "確認": ("a word on 1,000+ pages", having("確認")),
    }


WATCH = """() => {
  window.__tebikiBench = {};
  const seen = () => {
    const meta = document.querySelector('.md-search-result__meta');
    if (meta && /[\\d.]+k?件|見つかりません/.test(meta.textContent) && !window.__tebikiBench.answer)
      window.__tebikiBench.answer = performance.now();
  };
  new MutationObserver(seen).observe(document, {subtree: true, childList: true, characterData: true});
  addEventListener("load", () => {
    const box = document.querySelector('input[data-md-component="search-query"]');
    box.focus();
    box.value = QUERY;
    box.dispatchEvent(new InputEvent("input", {bubbles: true, data: QUERY, inputType: "insertText"}));
    box.dispatchEvent(new KeyboardEvent("keyup", {bubbles: true, key: "End"}));
  });
}"""


def watch_script(query: str) -> str:
    import json

    return f"({WATCH.replace('QUERY', json.dumps(query, ensure_ascii=False))})()"


def build(config: Path, site: Path) -> float:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONUTF8="1")
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "--quiet", "-f", str(config), "-d", str(site)],
                   cwd=config.parent, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    return time.perf_counter() - start


def lunr_copy(site: Path, target: Path) -> Path:
    """The same site with Material's own lunr worker put back (the baseline)."""
    import material

    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(site, target)
    workers = Path(material.__file__).parent / "templates" / "assets" / "javascripts" / "workers"
    for original in workers.glob("search.*.min.js"):
        shutil.copyfile(original, target / "assets" / "javascripts" / "workers" / original.name)
    return target


def measure(browser: Any, url: str, query: str) -> tuple[float, float, str]:
    """(seconds from navigation start to the answer, seconds to the load event, first
    result title) in a fresh context, the query typed by the page at its load event."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="ja-JP", service_workers="block")
    context.route("**/*", lambda route: route.continue_() if route.request.url.startswith(url)
                  else route.abort("blockedbyclient"))
    try:
        page = context.new_page()
        page.add_init_script(watch_script(query))
        page.goto(url, wait_until="load")
        try:
            page.wait_for_function("() => window.__tebikiBench && window.__tebikiBench.answer", timeout=ANSWER_TIMEOUT_MS)
        except PlaywrightTimeout:
            return float("inf"), 0.0, f"(no answer in {ANSWER_TIMEOUT_MS // 1000} s)"
        answer, loaded = page.evaluate(
            "() => [window.__tebikiBench.answer, performance.getEntriesByType('navigation')[0].loadEventEnd]")
        titles = page.locator(".md-search-result li > a article h1").all_inner_texts()
        return answer / 1000, loaded / 1000, (titles[0].strip() if titles else "")
    finally:
        context.close()


def spread(values: list[float]) -> str:
    return f"{statistics.median(values):.2f} s [{min(values):.2f}-{max(values):.2f}]"


def load_average() -> str:
    return "load average " + " ".join(f"{x:.1f}" for x in os.getloadavg())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=1000, help="procedures (default 1000)")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--lunr", action="store_true", help="also time Material's lunr worker on the same site")
    parser.add_argument("--site", type=Path, help="a site built before from the same --n (skips the build)")
    parser.add_argument("--keep", type=Path, help="build into this folder and keep it")
    parser.add_argument("--verbose", action="store_true", help="print every measurement")
    args = parser.parse_args()

    chromium, looked_for = find_chromium()
    if chromium is None:
        print(f"bench/search.py: chromium not found ({looked_for})", file=sys.stderr)
        return 2
    from playwright.sync_api import sync_playwright

    book = generate(args.n, seed=SEED)
    wanted = queries(book)
    work = Path(tempfile.mkdtemp(prefix="tebiki-search-bench-"))
    try:
        site = args.site
        if site is None:
            folder = args.keep or work
            write_tebiki(folder / "handbook", book)
            site = folder / "site"
            seconds = build(folder / "handbook" / "mkdocs.yml", site)
            print(f"built {args.n} procedures in {seconds:.1f} s (mkdocs build, minimal config; {load_average()})")
        index = site / "search" / "search_index.json"
        print(f"search index: {index.stat().st_size / 1e6:.1f} MB")
        sites = {"tebiki": serve(site)}
        if args.lunr:
            sites["lunr"] = serve(lunr_copy(site, work / "site-lunr"))
        answers: dict[tuple[str, str], list[float]] = {}
        after_load: list[float] = []
        loads: list[float] = []
        firsts: dict[tuple[str, str], set[str]] = {}
        load_averages: list[float] = []
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=chromium, headless=True, args=CHROMIUM_ARGS)
            for r in range(args.rounds):
                names = list(sites) if r % 2 == 0 else list(reversed(sites))
                for query in wanted:
                    for name in names:
                        answer, loaded, first = measure(browser, sites[name].site.url(""), query)
                        if args.verbose:
                            print(f"  {name} {query}: {answer:.2f} s (load {loaded:.2f} s) first {first}", flush=True)
                        answers.setdefault((name, query), []).append(answer)
                        firsts.setdefault((name, query), set()).add(first)
                        if name == "tebiki" and loaded:
                            loads.append(loaded)
                            after_load.append(answer - loaded)
                load_averages.append(os.getloadavg()[0])
                print(f"round {r + 1}/{args.rounds} done ({load_average()})", flush=True)
            browser.close()
        for server in sites.values():
            server.stop()

        print(f"\nSearch at {args.n} procedures: navigation start -> first results shown, {args.rounds} "
              f"interleaved rounds, median [min-max]; the page's load event {spread(loads)}; 1-minute load "
              f"average during the rounds {min(load_averages):.1f}-{max(load_averages):.1f} on {os.cpu_count()} cores")
        for name in sites:
            print(f"\n  {name} worker")
            for query, (what, good) in wanted.items():
                values = answers[(name, query)]
                got = sorted(firsts[(name, query)])
                verdict = "ok" if got and all(t in good for t in got) else "NOT what a reader wants"
                print(f"    {query:<12} {spread(values)}  first: {' / '.join(got) or '(no result)'} ({verdict}; {what})")
        overall = [v for (name, _), values in answers.items() if name == "tebiki" for v in values]
        per_round = [max(answers[("tebiki", q)][r] for q in wanted) for r in range(args.rounds)]
        print(f"\nFIGURE search: first results {statistics.median(overall):.2f} s median over all queries "
              f"[{min(overall):.2f}-{max(overall):.2f}] from navigation start, slowest query per round "
              f"{spread(per_round)}; ratio to the {TARGET_S} s target {statistics.median(overall) / TARGET_S:.2f} "
              f"(slowest {statistics.median(per_round) / TARGET_S:.2f}); from the page's load event "
              f"{spread(after_load)}, ratio {statistics.median(after_load) / TARGET_S:.2f}")
        if args.lunr:
            lunr = [v for (name, _), values in answers.items() if name == "lunr" for v in values]
            print(f"       Material's lunr worker on the same site: {statistics.median(lunr):.2f} s median "
                  f"[{min(lunr):.2f}-{max(lunr):.2f}]")
        return 0
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
