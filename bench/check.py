"""Benchmark `tebiki check` against check-jsonschema and against bare YAML loading.

    python bench/check.py [--n 1000] [--rounds 5] [--no-compile]

A generated handbook of N procedures (bench/handbook.py: varied steps, branches, lanes,
descriptions, people). Each round measures, in an order that alternates from round to
round (A, B, A, B …), every side once:
  - load only: every file tebiki reads (the procedures, `_org.yaml`, `_inventory.yaml`)
    read with PyYAML's C loader, nothing else, in-process, with the garbage collector
    paused as tebiki's loader pauses it (the same setting both sides);
  - tebiki in-process: `build_handbook` (all checks, line numbers);
  - tebiki check CLI: the console script, as CI runs it (process start included);
  - check-jsonschema CLI: its console script (process start included the same way)
    `check-jsonschema --schemafile schema/procedure.schema.json` on the procedure files
    (it takes one schema: `_org.yaml` and `_inventory.yaml` are left to tebiki alone).
The collector is emptied before every side (untimed), so no side pays for another's
garbage. Both CLIs start from byte-compiled modules, as each does once installed (pip
compiles a package when it installs it: check-jsonschema's were compiled then): tebiki's
package is byte-compiled once before the rounds, since this checkout's editable install
never writes its bytecode under PYTHONDONTWRITEBYTECODE=1 and would otherwise compile
~300 kB of source at every start (`--no-compile` removes that bytecode and times that). Each side is timed in wall clock and in CPU (the process's own for the
in-process sides, the child's user + system for the CLIs): on a shared machine CPU
is the steadier figure. Each figure is the median of the per-round ratios with
their spread, and the load average is printed with every round. Targets (issue «Core»):
the CLI at least 10x faster than check-jsonschema; in-process within 1.5x of load only.
"""

from __future__ import annotations

import argparse
import compileall
import gc
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Callable

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "plugins"))
sys.path.insert(0, str(ROOT / "bench"))

from handbook import generate, write_tebiki  # noqa: E402
from measure import load, spread  # noqa: E402
import tebiki  # noqa: E402
from tebiki.core import build_handbook  # noqa: E402


def bytecode(compile_it: bool) -> str:
    """Byte-compile tebiki's package as pip does on install (or remove that bytecode); say which."""
    package = Path(tebiki.__file__).parent
    if compile_it:
        if not compileall.compile_dir(package, quiet=1):
            raise SystemExit(f"could not byte-compile {package}")
        return "tebiki byte-compiled as installed (check-jsonschema was at install)"
    for cache in package.rglob("__pycache__"):
        shutil.rmtree(cache)
    return "tebiki NOT byte-compiled: its CLI compiles its sources at every start" + (
        " (PYTHONDONTWRITEBYTECODE=1)" if os.environ.get("PYTHONDONTWRITEBYTECODE") else "")


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed(action: Callable[[], object]) -> tuple[float, float]:
    """(wall s, CPU s) of `action`: this process's CPU plus that of the children it waited for."""
    gc.collect()  # untimed: no side pays for the garbage of the side before it
    start, cpu, children = time.perf_counter(), time.process_time(), _children_cpu()
    action()
    return time.perf_counter() - start, time.process_time() - cpu + _children_cpu() - children


def load_only(files: list[Path]) -> None:
    was_enabled = gc.isenabled()
    gc.disable()  # as tebiki's loader does (loader.load_files)
    try:
        for path in files:
            with open(path, "rb") as stream:
                yaml.load(stream, Loader=yaml.CSafeLoader)
    finally:
        if was_enabled:
            gc.enable()


def run(command: list[str], cwd: Path, ok: tuple[int, ...]) -> None:
    result = subprocess.run(command, cwd=cwd, capture_output=True, text=True)
    if result.returncode not in ok:
        raise SystemExit(f"{command[0]} failed ({result.returncode}):\n{result.stderr[-2000:]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--no-compile", action="store_true",
                        help="time tebiki's CLI without its bytecode (it compiles its sources at every start)")
    args = parser.parse_args()
    bin_dir = Path(sys.executable).parent
    tebiki = shutil.which("tebiki", path=str(bin_dir)) or shutil.which("tebiki")
    check_jsonschema = shutil.which("check-jsonschema", path=str(bin_dir)) or shutil.which("check-jsonschema")
    if not tebiki or not check_jsonschema:
        raise SystemExit("tebiki and check-jsonschema must be installed (pip install -e '.[test]')")
    with tempfile.TemporaryDirectory(prefix="tebiki-bench-") as tmp:
        root = Path(tmp)
        write_tebiki(root, generate(args.n))
        files = sorted(p for p in (root / "procedures").rglob("*.yaml") if not p.name.startswith("_"))
        read = [root / "procedures" / "_org.yaml", root / "procedures" / "_inventory.yaml", *files]
        lines = sum(p.read_text(encoding="utf-8").count("\n") for p in files) / len(files)
        handbook = build_handbook(root)
        assert len(handbook.procedures) == args.n, "generated files must all load"
        assert not [p for p in handbook.problems if p.severity == "error"], handbook.problems[:3]
        schema = str(ROOT / "schema" / "procedure.schema.json")
        sides: dict[str, Callable[[], object]] = {
            "load": lambda: load_only(read),
            "core": lambda: build_handbook(root),
            "cli": lambda: run([tebiki, "check", "--format", "json"], root, (0, 1)),
            "jsonschema": lambda: run([check_jsonschema, "--schemafile", schema, *map(str, files)], root, (0,)),
        }
        walls: dict[str, list[float]] = {k: [] for k in sides}
        cpus: dict[str, list[float]] = {k: [] for k in sides}
        compiled = bytecode(not args.no_compile)
        print(f"check: {args.n} procedures, {lines:.0f} lines each on average; {args.rounds} interleaved rounds; "
              f"{compiled}; {load()}", flush=True)
        for r in range(args.rounds):
            order = list(sides) if r % 2 == 0 else list(sides)[::-1]
            for key in order:
                wall, cpu = timed(sides[key])
                walls[key].append(wall)
                cpus[key].append(cpu)
            print("  round %d: load only %.2f s, in-process %.2f s, CLI %.2f s, check-jsonschema %.2f s "
                  "(CPU %.2f, %.2f, %.2f, %.2f s); %s"
                  % (r + 1, *(walls[k][-1] for k in ("load", "core", "cli", "jsonschema")),
                     *(cpus[k][-1] for k in ("load", "core", "cli", "jsonschema")), load()), flush=True)
        for name, times in (("wall", walls), ("CPU", cpus)):
            core = [c / a for c, a in zip(times["core"], times["load"])]
            faster = [j / c for j, c in zip(times["jsonschema"], times["cli"])]
            print(f"  {name:4} tebiki in-process / load only: {spread(core)} (target <= 1.5x)")
            print(f"  {name:4} check-jsonschema / tebiki check CLI: {spread(faster, 1)} (target >= 10x)")
        print(f"  {load()} on {os.cpu_count()} cores", flush=True)


if __name__ == "__main__":
    main()
