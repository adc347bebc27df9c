"""`tebiki …` in this process: `tebiki.cli.main(argv)` with its own stdout and stderr.

Most CLI tests use `run_tebiki` (a few milliseconds instead of half a second for a
child process). What only a real process shows stays in subprocess tests: the
console script itself, no traceback on stderr, the output encoding of a pipe, and
the child-process limits of the hostile-input suite (`tebiki_command` in test_cli).
"""

from __future__ import annotations

import contextlib
import io
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator, Mapping


@dataclass
class Ran:
    """What a run left, shaped like `subprocess.CompletedProcess` (text or bytes)."""

    args: list[str]
    returncode: int
    stdout: str | bytes
    stderr: str | bytes


def _put(environ: Mapping[str, str | None]) -> None:
    for name, value in environ.items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value


@contextlib.contextmanager
def _environment(changes: Mapping[str, str | None]) -> Iterator[None]:
    saved = {name: os.environ.get(name) for name in changes}
    try:
        _put(changes)
        yield
    finally:
        _put(saved)


def run_tebiki(args: list[str], cwd: Path, *, env: Mapping[str, str | None] | None = None,
               text: bool = True) -> Ran:
    """`tebiki *args` run in `cwd`, as `main(args)`; `env` sets (or, with None, removes)
    environment variables for the run. Output is UTF-8, like a child process's in a
    UTF-8 locale; `text=False` gives bytes. An internal error (what a child process
    would show as a traceback) fails the test."""
    from tebiki.cli import main

    out = io.TextIOWrapper(io.BytesIO(), encoding="utf-8", newline="\n")
    err = io.TextIOWrapper(io.BytesIO(), encoding="utf-8", newline="\n")
    saved = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = out, err
    try:
        with contextlib.chdir(cwd), _environment(env or {}):
            try:
                code = main(list(args))
            except SystemExit as exit_:  # argparse: usage errors (2), --help (0)
                code = exit_.code if isinstance(exit_.code, int) else (0 if exit_.code is None else 1)
    finally:
        sys.stdout, sys.stderr = saved
        out.flush()
        err.flush()
    stdout, stderr = out.buffer.getvalue(), err.buffer.getvalue()  # type: ignore[attr-defined]
    # main() turns any exception of ours into this line (exit 2): in a child process it
    # would have been a traceback, so no test may pass over it
    assert b"tebiki: internal error" not in stderr, stderr.decode("utf-8", "replace")
    if text:
        return Ran(list(args), code, stdout.decode("utf-8"), stderr.decode("utf-8"))
    return Ran(list(args), code, stdout, stderr)
