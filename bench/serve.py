"""Edit-loop benchmark: a real `mkdocs serve` of a generated handbook, one YAML file saved,
the time until the served pages show the change (target 3: <= 3 s at 1,000 procedures).

    .venv/bin/python bench/serve.py [--n 1000] [--rounds 5] [--work DIR]

The handbook is bench/handbook.py's, with the minimal `mkdocs.yml`. A procedure is
chosen that has one owner only (so the coverage page lists it). Each round saves its
file with a new title (written in place, as an editor saves), then polls, every 50 ms,
its page and the pages that depend on it: its department, the home page (relation map),
the coverage page and its owner's person page; the round's figure is the time from the
save until the last of them serves the new title (each run's titles are new, so the
diagrams they change are never in the cache). With `--work DIR` the handbook is made
there once and kept, with its diagram cache, for the next run: on a loaded machine the
first build of a cold cache takes many minutes. Printed: each round with the CPU
seconds the server process used in it and the load average (the machine is shared:
trust the CPU figure over the wall), then the medians with their spreads. The first
build is not a round.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from handbook import generate, write_tebiki  # noqa: E402
from measure import spread  # noqa: E402

TIMEOUT = 600.0


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.read().decode("utf-8", "replace")
    except OSError:
        return ""


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of process `pid` so far (Linux /proc; 0 elsewhere)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def tree_cpu_seconds(pid: int) -> float:
    """CPU time of process `pid`, of its children it has waited for, and of its living
    descendants (the diagram workers, the old site's deleter): the whole cost of an edit."""
    children: dict[int, list[int]] = {}
    stats: dict[int, list[str]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        stats[int(entry.name)] = fields
        children.setdefault(int(fields[1]), []).append(int(entry.name))
    ticks, todo = 0, [pid]
    if pid in stats:
        ticks += int(stats[pid][13]) + int(stats[pid][14])  # waited-for children
    while todo:
        here = todo.pop()
        if here in stats:
            ticks += int(stats[here][11]) + int(stats[here][12])
        todo.extend(children.get(here, []))
    return ticks / os.sysconf("SC_CLK_TCK")


def wait_for(urls: dict[str, str], text: str, start: float) -> dict[str, float]:
    """Seconds from `start` until each page serves `text` (polled every 50 ms)."""
    seen: dict[str, float] = {}
    while len(seen) < len(urls):
        if time.perf_counter() - start > TIMEOUT:
            missing = ", ".join(k for k in urls if k not in seen)
            raise SystemExit(f"after {TIMEOUT:.0f} s these pages still do not show {text!r}: {missing}")
        for name, url in urls.items():
            if name not in seen and text in fetch(url):
                seen[name] = time.perf_counter() - start
        time.sleep(0.05)
    return seen


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--work", type=Path, help="the handbook's folder, kept between runs (default: a new one)")
    args = parser.parse_args(argv)
    work = args.work or Path(tempfile.mkdtemp(prefix="tebiki-serve-"))
    book = generate(args.n)
    if args.work is None or not (work / "mkdocs.yml").exists():
        write_tebiki(work, book)
    proc_ = next(p for p in book.procedures if not p["backup_owners"])
    path = work / "procedures" / proc_["department"] / f"{proc_['id']}.yaml"
    port = free_port()
    base = f"http://127.0.0.1:{port}/"
    urls = {
        "procedure": f"{base}procedures/{proc_['id']}/",
        "department": f"{base}departments/{proc_['department']}/",
        "home": base,
        "coverage": f"{base}coverage/",
        "person": f"{base}people/{proc_['owner']}/",
    }
    text = path.read_text(encoding="utf-8")
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    log = open(work / "serve.log", "wb")
    server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"], cwd=work,
                              env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        start = time.perf_counter()
        first = wait_for(urls, proc_["title"], start)
        print(f"serve: {args.n} procedures; first build served after {max(first.values()):.1f} s; "
              f"editing {path.relative_to(work)} (pages: {', '.join(urls)})", flush=True)
        figures, cpus, trees = [], [], []
        run = time.strftime("%H%M%S")
        for r in range(args.rounds):
            title = f"{proc_['title']} 改訂{r + 1}-{run}"
            new = re.sub(r"^title: .*$", f'title: "{title}"', text, count=1, flags=re.M)
            time.sleep(1.0)  # the watcher's quiet period after the previous build
            cpu, tree = cpu_seconds(server.pid), tree_cpu_seconds(server.pid)
            start = time.perf_counter()
            with open(path, "w", encoding="utf-8") as out:  # in place, as an editor saves
                out.write(new)
            seen = wait_for(urls, title, start)
            figures.append(max(seen.values()))
            cpus.append(cpu_seconds(server.pid) - cpu)
            trees.append(tree_cpu_seconds(server.pid) - tree)
            pages = ", ".join(f"{k} {v:.1f}" for k, v in seen.items())
            print(f"  round {r + 1}: all pages show the change after {figures[-1]:.2f} s ({pages}); "
                  f"server CPU {cpus[-1]:.2f} s, with its workers {trees[-1]:.2f} s; "
                  f"load {os.getloadavg()[0]:.1f}", flush=True)
        print(f"edit loop at {args.n} procedures: save to every dependent page served {spread(figures)} s, "
              f"server CPU {spread(cpus)} s, with its worker processes {spread(trees)} s "
              f"(target <= 3 s; load {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores)")
    finally:
        os.killpg(server.pid, signal.SIGINT)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
        log.close()
        if args.work is None:
            shutil.rmtree(work, ignore_errors=True)
        else:
            path.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
