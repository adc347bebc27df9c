"""Shared by the benchmarks: one `mkdocs build` timed and measured, medians with spreads.

    run = timed_build(root)           # Build: wall s, CPU s (workers included), peak MiB of all processes
    print(spread([1.2, 1.1, 1.3]))    # "1.20 (1.10..1.30, n=3)"

Peak memory is the largest sum, over one sample every 100 ms, of the proportional set
size (PSS) of the build and every process below it (the diagram workers): each page
counted once however many processes share it; the largest sum of RSS (shared pages
counted in every process, so it errs high) is given too. CPU time is user +
system of the build and of the children it waited for (os.wait4), which is far less
sensitive than wall clock to the other work on a shared machine.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

MKDOCS = [sys.executable, "-m", "mkdocs"]


@dataclass
class Build:
    wall: float
    cpu: float
    peak_mib: float
    peak_rss_mib: float
    pages: int
    html_mib: float


def _children() -> dict[int, list[int]]:
    tree: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", "rb") as f:
                stat = f.read()
        except OSError:
            continue
        ppid = int(stat[stat.rindex(b")") + 2:].split()[1])
        tree.setdefault(ppid, []).append(int(entry.name))
    return tree


def tree_memory(pid: int) -> tuple[int, int]:
    """(PSS, RSS) bytes of `pid` and all its descendants. PSS shares each page among the
    processes that map it (a forked worker's copy-on-write pages count once in the sum);
    RSS counts a shared page in every process, so its sum errs high."""
    tree, pss, rss, todo = _children(), 0, 0, [pid]
    while todo:
        current = todo.pop()
        try:
            with open(f"/proc/{current}/smaps_rollup", "rb") as f:
                for line in f:
                    if line.startswith(b"Pss:"):
                        pss += int(line.split()[1]) * 1024
                    elif line.startswith(b"Rss:"):
                        rss += int(line.split()[1]) * 1024
        except OSError:
            pass
        todo.extend(tree.get(current, ()))
    return pss, rss


def timed_build(root: Path, config: str = "mkdocs.yml", site: str = "site") -> Build:
    """Build `root/config` into `root/site` in a subprocess; stop the benchmark when it fails."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    env.pop("TEBIKI_TODAY", None)
    start = time.perf_counter()
    proc = subprocess.Popen([*MKDOCS, "build", "-q", "-f", str(root / config), "-d", str(root / site)], cwd=root,
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak = [0, 0]
    done = threading.Event()

    def sample() -> None:
        while not done.is_set():
            pss, rss = tree_memory(proc.pid)
            peak[0], peak[1] = max(peak[0], pss), max(peak[1], rss)
            done.wait(0.1)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    assert proc.stderr is not None
    err = proc.stderr.read()
    done.set()
    _pid, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    sampler.join()
    proc.returncode = os.waitstatus_to_exitcode(status)
    text = err.decode(errors="replace")
    if proc.returncode != 0 or "ERROR" in text:
        sys.stderr.write(text[-4000:])
        raise SystemExit(f"build of {root / config} failed (exit {proc.returncode})")
    html = [p.stat().st_size for p in (root / site).rglob("*.html")]
    return Build(wall, usage.ru_utime + usage.ru_stime, peak[0] / 2**20, max(peak[1] / 2**20, usage.ru_maxrss / 1024),
                 len(html), sum(html) / 2**20)


def load() -> str:
    """The machine's load average (1, 5, 15 minutes), printed with each figure: the machine is shared."""
    return "load {:.1f} {:.1f} {:.1f}".format(*os.getloadavg())


def spread(values: list[float], digits: int = 2) -> str:
    """Median (min..max, n) of `values`."""
    v = sorted(values)
    return f"{statistics.median(v):.{digits}f} ({v[0]:.{digits}f}..{v[-1]:.{digits}f}, n={len(v)})"


def nav_share(site: Path, sample: int = 400) -> tuple[float, float]:
    """(share of HTML bytes in the primary navigation, mean bytes of it per page) over up
    to `sample` pages evenly spread: the span from Material's primary sidebar to the
    secondary one (the menu), against the whole file."""
    pages = sorted(site.rglob("*.html"))
    step = max(1, len(pages) // sample)
    nav = total = count = 0
    for path in pages[::step]:
        html = path.read_bytes()
        start = html.find(b'<div class="md-sidebar md-sidebar--primary"')
        end = html.find(b'<div class="md-sidebar md-sidebar--secondary"', start)
        total += len(html)
        count += 1
        if start >= 0 and end > start:
            nav += end - start
    return (nav / total if total else 0.0), (nav / count if count else 0.0)
