"""Build-time benchmark: a tebiki handbook of N generated procedures against a
plain mkdocs-material site of N hand-written Markdown pages with the same
content and Material's default navigation.

    .venv/bin/python bench/build.py            # N = 1000
    .venv/bin/python bench/build.py --n 10000 --skip-plain

Each build runs as its own `mkdocs build` subprocess; time is wall clock and
memory is that subprocess's peak RSS (os.wait4 rusage). The tebiki site is
built twice: cold (empty diagram cache) and warm (cache from the first build,
as on a CI runner that keeps `.cache/tebiki` or a second `mkdocs serve` build).

業務量 cost (`--workload-rounds R`, default 5): the same handbook built with the
plugin option `workload: true` (the 業務量 page, hours on every procedure and
department page) and `workload: false`, both warm, interleaved (on/off, then
off/on, …) so a change in machine load hits both; the figure is the median of
the per-round ratios on/off, with their spread. The procedures carry `volume`
(on-demand ones) and some `improvements`, so the computation is complete.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

MKDOCS = [sys.executable, "-m", "mkdocs"]
FREQUENCIES = ("daily", "weekly", "monthly", "quarterly", "yearly", "on-demand")
MODES = ("manual", "paper", "system", "automated", "outsourced")
PER_DEPARTMENT = 50
PEOPLE_PER_DEPARTMENT = 8
STEPS = 6

# No navigation.indexes: with it Material scans every section's children on
# every page (O(pages x procedures)); without it a pruned department section
# still links to its first page, the department page.
FEATURES = """\
  features:
    - content.action.edit
    - search.highlight
"""


def department_ids(n: int) -> list[str]:
    return [f"dept-{i:03d}" for i in range(max(1, -(-n // PER_DEPARTMENT)))]


def procedure(i: int, depts: list[str]) -> dict:
    dept = depts[i // PER_DEPARTMENT]
    di = depts.index(dept)
    owner = f"p{di:03d}-{i % PEOPLE_PER_DEPARTMENT}"
    backup = f"p{di:03d}-{(i + 1) % PEOPLE_PER_DEPARTMENT}"
    return {
        "id": f"proc-{i:05d}", "title": f"業務手順 {i} 請求と支払の確認", "department": dept,
        "summary": f"手順 {i}: 毎月の請求書を確認し、承認を得てから会計システムへ計上する。",
        "owner": owner, "backups": [backup] if i % 3 else [], "frequency": FREQUENCIES[i % 6],
        "volume": "{count: %d, per: month}" % (1 + i % 20) if FREQUENCIES[i % 6] == "on-demand" else None,
        "improvement": i % 10 == 0,
        "related": [f"proc-{(i + 1) % max(i + 1, 1):05d}"] if i % 4 == 0 and i > 0 else [],
        "steps": [
            {"id": f"s{j}", "title": f"ステップ {j}: 書類を確認する", "actor": ("経理担当", "部長", "総務担当")[j % 3],
             "mode": MODES[(i + j) % 5], "minutes": 10 * (j + 1),
             "description": f"担当者は **書類 {j}** を確認し、不備があれば差し戻す。\n\n- 確認項目 A\n- 確認項目 B"}
            for j in range(STEPS)
        ],
    }


def write_tebiki(root: Path, procs: list[dict], depts: list[str]) -> None:
    folder = root / "procedures"
    folder.mkdir(parents=True)
    (root / "docs").mkdir()
    org = ["departments:"] + [f"  - id: {d}\n    name: 部門 {d}" for d in depts] + ["people:"]
    for di, d in enumerate(depts):
        org += [f"  - id: p{di:03d}-{k}\n    name: 社員 {di}-{k}\n    department: {d}" for k in range(PEOPLE_PER_DEPARTMENT)]
    (folder / "_org.yaml").write_text("\n".join(org) + "\n", encoding="utf-8")
    for p in procs:
        lines = [
            f"id: {p['id']}", f"title: {json.dumps(p['title'], ensure_ascii=False)}",
            f"department: {p['department']}", f"summary: {json.dumps(p['summary'], ensure_ascii=False)}", f"owner: {p['owner']}", f"backup_owners: [{', '.join(p['backups'])}]",
            f"frequency: {p['frequency']}", "reviewed: 2099-01-01", "systems: [会計システム]",
            "tags: [経理, 月次]", f"related: [{', '.join(p['related'])}]",
        ]
        if p["volume"]:
            lines.append(f"volume: {p['volume']}")
        if p["improvement"]:
            lines += ["improvements:", "  - title: 書類の確認を電子化する", "    lever: digitize", "    status: planned",
                      "    steps: [s1]", "    due: 2099-03-31"]
        lines.append("steps:")
        for s in p["steps"]:
            lines += [
                f"  - id: {s['id']}", f"    title: {json.dumps(s['title'], ensure_ascii=False)}", f"    actor: {s['actor']}",
                f"    mode: {s['mode']}", f"    minutes: {s['minutes']}", "    description: |",
                textwrap.indent(s["description"], "      "),
            ]
        sub = folder / p["department"]
        sub.mkdir(exist_ok=True)
        (sub / f"{p['id']}.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (root / "mkdocs.yml").write_text(
        "site_name: 業務手引き ベンチマーク\nrepo_url: https://git.example.co.jp/bench/handbook\n"
        "theme:\n  name: material\n  language: ja\n  font: false\n" + FEATURES + "    - navigation.prune\n"
        "plugins:\n  - search:\n      lang: [ja, en]\n  - tags\n  - tebiki\n"
        "markdown_extensions:\n  - toc:\n      permalink: true\n  - admonition\n  - attr_list\n  - md_in_html\n",
        encoding="utf-8",
    )


def write_plain(root: Path, procs: list[dict], depts: list[str]) -> None:
    """The same procedures as hand-written Markdown pages, one folder per department."""
    docs = root / "docs"
    docs.mkdir(parents=True)
    (docs / "index.md").write_text("# 業務手引き\n\n手順の一覧です。\n", encoding="utf-8")
    for d in depts:
        (docs / d).mkdir()
        (docs / d / "index.md").write_text(f"# 部門 {d}\n", encoding="utf-8")
    for p in procs:
        body = [
            "---", "tags:", "  - 経理", "  - 月次", "---", "", f"# {p['title']}", "", p["summary"], "",
            f"- 担当者: [{p['owner']}](../index.md)", f"- 副担当: {', '.join(p['backups']) or 'なし'}",
            f"- 頻度: {p['frequency']}", "- 使用システム: 会計システム", "- 最終レビュー: 2099-01-01", "", "## 手順", "",
        ]
        for n, s in enumerate(p["steps"], 1):
            body += [f"### {n}. {s['title']}", "", f"担当: {s['actor']} / {s['mode']} / {s['minutes']}分", "",
                     s["description"], ""]
        (docs / p["department"] / f"{p['id']}.md").write_text("\n".join(body), encoding="utf-8")
    (root / "mkdocs.yml").write_text(
        "site_name: 業務手引き ベンチマーク\nrepo_url: https://git.example.co.jp/bench/handbook\n"
        "theme:\n  name: material\n  language: ja\n  font: false\n" + FEATURES +
        "plugins:\n  - search:\n      lang: [ja, en]\n  - tags\n"
        "markdown_extensions:\n  - toc:\n      permalink: true\n  - admonition\n  - attr_list\n  - md_in_html\n",
        encoding="utf-8",
    )


def timed_build(root: Path, pages: int, config: str = "mkdocs.yml") -> tuple[float, float, int, float]:
    """(seconds, peak RSS MiB, HTML MiB, CPU seconds) of one `mkdocs build` subprocess.
    CPU seconds (user + system, rusage of the build and the children it waited for) are
    far less sensitive than wall clock to other work on a shared machine."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    start = time.perf_counter()
    proc = subprocess.Popen([*MKDOCS, "build", "-q", "-f", str(root / config)], cwd=root, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    assert proc.stderr is not None
    err = proc.stderr.read()
    _pid, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        sys.stderr.write(err.decode(errors="replace")[-4000:])
        raise SystemExit(f"build failed in {root} (exit {proc.returncode})")
    if b"ERROR" in err:
        sys.stderr.write(err.decode(errors="replace")[-4000:])
        raise SystemExit(f"build in {root} logged errors")
    built = sum(1 for _ in (root / "site").rglob("proc-*/index.html"))
    if built != pages:
        raise SystemExit(f"build in {root} made {built} procedure pages, expected {pages}")
    peak_mib = usage.ru_maxrss / 1024  # KiB on Linux
    html = sum(f.stat().st_size for f in (root / "site").rglob("*.html")) // (1024 * 1024)
    return seconds, peak_mib, html, usage.ru_utime + usage.ru_stime


def workload_cost(root: Path, n: int, rounds: int) -> None:
    """Warm builds with `workload: true` and `workload: false`, interleaved; prints the
    median per-round ratio and its spread, of wall clock and of CPU time, and the time of
    the 業務量 parts alone, in process (see the module docstring)."""
    config = (root / "mkdocs.yml").read_text(encoding="utf-8")
    assert "  - tebiki\n" in config
    (root / "mkdocs-no-workload.yml").write_text(
        config.replace("  - tebiki\n", "  - tebiki:\n      workload: false\n"), encoding="utf-8")
    runs: dict[str, list[tuple[float, float]]] = {"on": [], "off": []}
    wall, cpu = [], []
    for r in range(rounds):
        names = {"on": "mkdocs.yml", "off": "mkdocs-no-workload.yml"}
        order = ("on", "off") if r % 2 == 0 else ("off", "on")
        for key in order:
            seconds, _peak, _html, cpu_seconds = timed_build(root, n, names[key])
            runs[key].append((seconds, cpu_seconds))
        (on_s, on_c), (off_s, off_c) = runs["on"][-1], runs["off"][-1]
        wall.append(on_s / off_s)
        cpu.append(on_c / off_c)
        print(f"  round {r + 1}: on {on_s:5.1f} s ({on_c:5.1f} s CPU), off {off_s:5.1f} s ({off_c:5.1f} s CPU); "
              f"ratio wall {on_s / off_s:.3f}, CPU {on_c / off_c:.3f}")
    for label, ratios in (("wall clock", wall), ("CPU time", cpu)):
        ratios = sorted(ratios)
        median = statistics.median(ratios)
        print(f"業務量 cost, {label}: median on/off {median:.3f} ({(median - 1) * 100:+.1f}%), "
              f"spread {ratios[0]:.3f}..{ratios[-1]:.3f} over {rounds} rounds (target < 1.05)")
    parts, build_cpu = in_process_cost(root), statistics.median(c for _, c in runs["on"])
    print(f"業務量 parts timed alone (computation, page, lines on every page; best of 5): {parts:.2f} s "
          f"= {parts / build_cpu * 100:.1f}% of the median build CPU {build_cpu:.1f} s")


def in_process_cost(root: Path) -> float:
    """Seconds the 業務量 parts take, timed directly (best of 5): the computation, the
    業務量 page, and the workload lines of every procedure and department page. Timing
    them alone is steadier than subtracting two whole-site timings on a busy machine."""
    from tebiki.core import build_handbook
    from tebiki.render.blocks import RenderContext, Writer
    from tebiki.render.labels import Labels
    from tebiki.render.workload_page import (department_cards, procedure_card_rows, procedure_improvements,
                                             workload_page)
    from tebiki.workload import handbook_workload

    handbook = build_handbook(root, "procedures")
    ctx = RenderContext(handbook, Labels("ja"), show_workload=False)
    best = float("inf")
    for _ in range(5):
        start = time.perf_counter()
        ctx.workload = handbook_workload(handbook, ctx.working_days)
        workload_page(ctx)
        for proc in handbook.procedures.values():
            writer = Writer(ctx, ctx.urls.procedure(proc.id))
            procedure_card_rows(ctx, writer, proc)
            procedure_improvements(ctx, writer, proc)
        for did in handbook.org.departments:
            department_cards(ctx, did)
        best = min(best, time.perf_counter() - start)
    return best


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=1000, help="number of procedures (default 1000)")
    parser.add_argument("--skip-plain", action="store_true", help="build only the tebiki site")
    parser.add_argument("--keep", action="store_true", help="keep the generated sites")
    parser.add_argument("--workload-rounds", type=int, default=5,
                        help="interleaved rounds of workload on/off builds (0 to skip; default 5)")
    args = parser.parse_args(argv)

    depts = department_ids(args.n)
    procs = [procedure(i, depts) for i in range(args.n)]
    work = Path(tempfile.mkdtemp(prefix="tebiki-bench-"))
    try:
        write_tebiki(work / "tebiki", procs, depts)
        cold = timed_build(work / "tebiki", args.n)
        warm = timed_build(work / "tebiki", args.n)
        print(f"procedures: {args.n} in {len(depts)} departments, {STEPS} steps each")
        print(f"tebiki (cold diagram cache): {cold[0]:7.1f} s  peak {cold[1]:6.0f} MiB  html {cold[2]} MiB")
        print(f"tebiki (warm diagram cache): {warm[0]:7.1f} s  peak {warm[1]:6.0f} MiB  html {warm[2]} MiB")
        if args.workload_rounds:
            workload_cost(work / "tebiki", args.n, args.workload_rounds)
        if not args.skip_plain:
            write_plain(work / "plain", procs, depts)
            plain = timed_build(work / "plain", args.n)
            print(f"plain material, default nav: {plain[0]:7.1f} s  peak {plain[1]:6.0f} MiB  html {plain[2]} MiB")
            print(f"ratio tebiki/plain: cold {cold[0] / plain[0]:.2f}x, warm {warm[0] / plain[0]:.2f}x "
                  f"(target <= 0.35x)")
    finally:
        if args.keep:
            print(f"kept in {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
