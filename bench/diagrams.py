"""Benchmark: render 1,000 realistic procedure flows cold and warm.

    .venv/bin/python bench/diagrams.py [--count 1000] [--repeat 3]

Cold = empty temporary cache (layout in-process with pygraphviz + write);
cold with prepare() = the same, the misses started in `--workers` processes
first and picked up in order (wall time; cpu is the main process only);
warm = a second renderer on the same cache (what `mkdocs serve` sees after an
edit elsewhere). Each figure is the best of `--repeat` runs, since other
processes may load the machine. The baseline is the same layouts done the usual way, one
`dot` subprocess per diagram (`graphviz.Source(...).pipe`), when a `dot`
executable is on PATH; otherwise absolute figures only.
"""

from __future__ import annotations

import argparse
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "plugins"))

import graphviz  # noqa: E402

from tebiki.diagrams import DiagramRenderer  # noqa: E402
from tebiki.diagrams.flow import flow_scene  # noqa: E402
from tebiki.model import Location, Mode, Procedure, Step, Transition  # noqa: E402

ACTORS = ["経理担当", "経理部長", "総務担当", "人事労務担当", "情報システム部", "法務担当", "外部委託先(給与計算)"]
VERBS = ["回収する", "確認する", "入力する", "起票する", "承認依頼を出す", "照合する", "保管する", "通知する", "申請する"]
OBJECTS = ["請求書", "領収書と証憑", "稟議書", "雇用契約書", "勤怠データ", "支払予定表", "アカウント申請", "契約書ドラフト"]


def make_procedure(index: int, rng: random.Random) -> Procedure:
    """8-12 steps over 3-4 actors, with one 承認/差戻し branch looping back."""
    here = Location(f"procedures/p{index}.yaml")
    actors = rng.sample(ACTORS, rng.randint(3, 4))
    count = rng.randint(8, 12)
    ids = [f"step-{i}" for i in range(count)]
    approval = rng.randint(2, count - 2)
    steps = []
    for i, sid in enumerate(ids):
        if i == approval:
            edges = (Transition(ids[i + 1], "承認", here), Transition(ids[rng.randint(0, i - 1)], "差戻し", here))
            title, actor = f"{rng.choice(OBJECTS)}を承認する", actors[1]
        else:
            edges = (Transition(ids[i + 1], None, here, explicit=False),) if i + 1 < count else ()
            title, actor = f"{rng.choice(OBJECTS)}を{rng.choice(VERBS)}", actors[i % len(actors)]
        steps.append(Step(sid, title, actor, rng.choice(list(Mode)), rng.choice([None, 10, 30, 60]), None, edges, here))
    return Procedure(
        id=f"proc-{index}", title=f"手続 {index}", department="accounting", summary="-", owner=None,
        backup_owners=(), frequency="monthly", trigger=None, reviewed=None, review_interval_months=None,
        systems=(), references=(), related=(), tags=(), steps=tuple(steps), file=here.file,
    )  # fmt: skip


def timed(label: str, count: int, run, repeat: int = 1) -> float:
    """Best wall time of `repeat` calls of `run`; also prints the best CPU time of this
    process, which other load on the machine disturbs less."""
    wall = cpu = float("inf")
    for _ in range(repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        run()
        wall = min(wall, time.perf_counter() - start)
        cpu = min(cpu, time.process_time() - start_cpu)
    print(f"{label:<44} {wall:8.2f} s  {wall * 1000 / count:7.2f} ms/diagram  (cpu {cpu * 1000 / count:6.2f})")
    return wall


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3, help="best of this many runs")
    parser.add_argument("--workers", type=int, default=2, help="worker processes for prepare()")
    parser.add_argument("--baseline-count", type=int, default=200, help="subprocess baseline sample size")
    args = parser.parse_args()
    rng = random.Random(20260401)
    procedures = [make_procedure(i, rng) for i in range(args.count)]
    href = "#step-{}".format
    print(f"{args.count} procedures, {sum(len(p.steps) for p in procedures)} steps")

    with tempfile.TemporaryDirectory() as root:
        folders = iter(Path(root) / str(i) for i in range(args.repeat))

        def cold_build() -> None:
            renderer = DiagramRenderer(next(folders))
            for p in procedures:
                renderer.procedure_svg(p, href)

        cold = timed("cold (empty cache, in-process pygraphviz)", args.count, cold_build, args.repeat)
        folder = Path(root) / "0"

        def warm_build() -> None:
            renderer = DiagramRenderer(folder)
            for p in procedures:
                renderer.procedure_svg(p, href)
            assert renderer.stats.hits == args.count, renderer.stats

        warm = timed("warm (second build, all cache hits)", args.count, warm_build, args.repeat)
        batches = iter(Path(root) / f"batch{i}" for i in range(args.repeat))

        def cold_prepared() -> None:
            renderer = DiagramRenderer(next(batches))
            started = renderer.prepare(flows=[(p, href) for p in procedures], workers=args.workers)
            for p in procedures:
                renderer.procedure_svg(p, href)
            renderer.close()
            assert started == args.count and renderer.stats.misses == args.count, (started, renderer.stats)

        timed(f"cold, prepare() with {args.workers} worker processes", args.count, cold_prepared, args.repeat)
    nocache = DiagramRenderer(None)
    timed("no cache (in-process render only)", args.count,
          lambda: [nocache.procedure_svg(p, href) for p in procedures], args.repeat)  # fmt: skip
    timed("DOT building only (graphviz.Digraph)", args.count, lambda: [flow_scene(p, href) for p in procedures], args.repeat)
    print(f"warm/cold ratio: {warm / cold:.3f}  (cold is {cold / warm:.0f}x warm)")

    dot = shutil.which("dot")
    if dot is None:
        print("baseline: no `dot` executable on PATH (the pygraphviz wheel bundles the Graphviz")
        print("libraries but no `dot` program), so no subprocess baseline; figures above are absolute.")
        return
    sample = procedures[: args.baseline_count]
    scenes = [flow_scene(p, href) for p in sample]
    base = timed(f"baseline: one `dot` subprocess each (n={len(sample)})", len(sample),
                 lambda: [graphviz.Source(s.dot).pipe(format="svg") for s in scenes])  # fmt: skip
    per_base = base / len(sample)
    print(f"cold vs subprocess: {per_base / (cold / args.count):.1f}x faster; "
          f"warm vs subprocess: {per_base / (warm / args.count):.0f}x faster")  # fmt: skip


if __name__ == "__main__":
    main()
