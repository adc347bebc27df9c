"""Benchmark `tebiki check` against check-jsonschema and against bare YAML loading.

    python bench/check.py [--n 1000] [--repeat 3]

Generates N procedures in the spec format (~90 lines each) in a temporary
handbook, then measures in this one run, best of --repeat:
  - load only: every file read with PyYAML's C loader, nothing else (in-process);
  - tebiki in-process: `build_handbook` (all checks, line numbers);
  - tebiki check CLI: the console script, as CI runs it (process start included);
  - check-jsonschema CLI: `check-jsonschema --schemafile schema/procedure.schema.json` on the same files.
Targets (issue «Core»): CLI at least 10x faster than check-jsonschema; in-process
within 1.5x of load only.
"""

from __future__ import annotations

import argparse
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

from tebiki.core import build_handbook  # noqa: E402

DEPARTMENTS = ["accounting", "general-affairs", "hr", "legal", "it"]
ACTORS = ["経理担当", "経理部長", "申請者", "人事担当", "税理士", "情報システム担当"]
MODES = ["manual", "paper", "system", "automated", "outsourced"]


def org_yaml(people: int) -> str:
    lines = ["departments:"]
    lines += [f"  - id: {d}\n    name: 部署{d}" for d in DEPARTMENTS]
    lines.append("people:")
    for i in range(people):
        status = "leaving\n    leaving_on: 2027-03-31" if i % 17 == 0 else "active"
        lines.append(f"  - id: p{i}\n    name: 社員 {i}号\n    department: {DEPARTMENTS[i % 5]}\n    status: {status}")
    return "\n".join(lines) + "\n"


def procedure_yaml(i: int, n: int, people: int) -> str:
    """A realistic procedure of about 90 lines: 9 steps, a 承認/差戻し branch, references."""
    steps = []
    for s in range(9):
        step = [
            f"  - id: step-{s}",
            f"    title: 手順{i}の作業{s}を行う",
            f"    actor: {ACTORS[(i + s) % len(ACTORS)]}",
            f"    mode: {MODES[(i + s) % len(MODES)]}",
            f"    minutes: {10 + s * 5}",
            "    description: |",
            f"      作業{s}の説明。**重要**な点を確認する。",
            "      - 証憑を確認する",
        ]
        if s == 4:
            step += ["    next:", "      - {to: step-5, when: 承認}", "      - {to: step-2, when: 差戻し}"]
        steps.append("\n".join(step))
    backups = "" if i % 7 == 0 else f"[p{(i + 1) % people}, p{(i + 2) % people}]"
    return "\n".join([
        f"id: proc-{i}",
        f"title: 業務手順 {i}",
        f"department: {DEPARTMENTS[i % 5]}",
        f"summary: 業務 {i} の手順。毎月の締めを行い、試算表を提出する。",
        f"owner: p{i % people}",
        f"backup_owners: {backups or '[]'}",
        "frequency: monthly",
        "trigger: 毎月第1営業日",
        f"reviewed: 2026-0{1 + i % 9}-01",
        "review_interval_months: 12",
        "systems: [会計システム, 給与システム]",
        "references:",
        "  - title: 法人税法",
        "    url: https://example.org/law",
        f"related: [proc-{(i + 1) % n}]",
        "tags: [決算, 月次]",
        "steps:",
        *steps,
    ]) + "\n"


def generate(root: Path, n: int) -> list[Path]:
    folder = root / "procedures"
    folder.mkdir(parents=True)
    people = max(10, n // 5)
    (folder / "_org.yaml").write_text(org_yaml(people), encoding="utf-8")
    (root / "mkdocs.yml").write_text("site_name: bench\nplugins:\n  - tebiki\n", encoding="utf-8")
    files = []
    for i in range(n):
        path = folder / DEPARTMENTS[i % 5] / f"proc-{i}.yaml"
        path.parent.mkdir(exist_ok=True)
        path.write_text(procedure_yaml(i, n, people), encoding="utf-8")
        files.append(path)
    return files


def best_of(repeat: int, action: Callable[[], object]) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return min(times)


def load_only(files: list[Path]) -> None:
    for path in files:
        with open(path, "rb") as stream:
            yaml.load(stream, Loader=yaml.CSafeLoader)


def run(command: list[str], cwd: Path, ok: tuple[int, ...]) -> None:
    result = subprocess.run(command, cwd=cwd, capture_output=True, text=True)
    if result.returncode not in ok:
        raise SystemExit(f"{command[0]} failed ({result.returncode}):\n{result.stderr[-2000:]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    bin_dir = Path(sys.executable).parent
    tebiki = shutil.which("tebiki", path=str(bin_dir)) or shutil.which("tebiki")
    check_jsonschema = shutil.which("check-jsonschema", path=str(bin_dir)) or shutil.which("check-jsonschema")
    with tempfile.TemporaryDirectory(prefix="tebiki-bench-") as tmp:
        root = Path(tmp)
        files = generate(root, args.n)
        lines = sum(p.read_text(encoding="utf-8").count("\n") for p in files) / len(files)
        print(f"{args.n} procedures, {lines:.0f} lines each on average; best of {args.repeat}")

        handbook = build_handbook(root)
        assert len(handbook.procedures) == args.n, "generated files must all load"
        assert not [p for p in handbook.problems if p.severity == "error"], handbook.problems[:3]

        t_load = best_of(args.repeat, lambda: load_only(files))
        t_core = best_of(args.repeat, lambda: build_handbook(root))
        print(f"load only (C loader, in-process):   {t_load:7.3f} s")
        print(f"tebiki in-process (build_handbook): {t_core:7.3f} s   ratio to load only: {t_core / t_load:.2f}x (target <= 1.5x)")

        if tebiki:
            t_cli = best_of(args.repeat, lambda: run([tebiki, "check", "--format", "json"], root, (0, 1)))
            print(f"tebiki check CLI:                   {t_cli:7.3f} s")
        else:
            t_cli = None
            print("tebiki check CLI: not installed (pip install -e .)")
        if check_jsonschema and t_cli:
            schema = str(ROOT / "schema" / "procedure.schema.json")
            command = [check_jsonschema, "--schemafile", schema, *map(str, files)]
            t_cj = best_of(1, lambda: run(command, root, (0,)))
            print(f"check-jsonschema CLI:               {t_cj:7.3f} s   tebiki is {t_cj / t_cli:.1f}x faster (target >= 10x)")
        else:
            print("check-jsonschema: not installed (pip install -e '.[test]')")


if __name__ == "__main__":
    main()
