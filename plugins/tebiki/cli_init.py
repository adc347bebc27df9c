"""`tebiki init [DIR]` and `tebiki schema [--out DIR]`: commands that need no handbook yet.

init asks nothing, writes `starter.starter_files` into DIR (default: the current
folder) without replacing any file, and prints the next three commands. schema
writes the JSON Schemas the editor modelines point to (`schema/` by default),
replacing older copies, e.g. after an upgrade. Exit 0, or 2 when a file cannot
be written.
"""

from __future__ import annotations

import argparse
import os
import sys
from datetime import date
from pathlib import Path

from .clitext import speaking, tr
from .schemas import SCHEMA_FILES, schema_dir

EXIT_OK, EXIT_CANNOT_RUN = 0, 2


def register(commands: argparse._SubParsersAction) -> None:
    init = commands.add_parser("init", help=tr(
        "新しい手引きを作る(既にあるファイルは書き換えない)",
        "start a new handbook (never replaces an existing file)"))
    init.add_argument("dir", nargs="?", default=".", type=Path, metavar="DIR",
                      help=tr("作る場所(既定: 今のフォルダ)", "where to create it (default: the current folder)"))
    init.add_argument("--lang", choices=("ja", "en"), default="ja",
                      help=tr("手引きの言語(既定: ja)", "the handbook's language (default: ja)"))
    schema = commands.add_parser("schema", help=tr(
        "エディタ補完用の JSON Schema をフォルダへ書き出す",
        "write the JSON Schemas editors use for completion into a folder"))
    schema.add_argument("--out", type=Path, default=Path("schema"),
                        help=tr("書き出す先(既定: schema)", "folder to write them into (default: schema)"))
    schema.add_argument("--lang", choices=("ja", "en"), help=tr("メッセージの言語", "language of messages"))


def run_init(args: argparse.Namespace) -> int:
    with speaking(args.lang):
        return _init(args.dir, args.lang)


def _init(root: Path, lang: str) -> int:
    from .starter import install_requirement, starter_files, write_new  # imported by this command only

    try:
        done = write_new(root, starter_files(lang, date.today(), install_requirement()))
    except OSError as error:
        _say(tr(f"tebiki: {root} に書き込めません({error.strerror or error})",
                f"tebiki: cannot write into {root} ({error.strerror or error})"))
        return EXIT_CANNOT_RUN
    if done.written:
        print(tr(f"手引きを作りました: {root}({len(done.written)} ファイル)",
                 f"Created a handbook in {root} ({len(done.written)} files)"))
    for rel in done.kept:
        print(tr(f"  既にあるので書きませんでした: {rel}", f"  already there, left as it was: {rel}"))
    here = root.resolve() == Path.cwd().resolve()
    steps = ([] if here else [f"cd {_shell_path(root)}"]) + ["tebiki check", "mkdocs serve"] + (["mkdocs build"] if here else [])
    print(tr("次の3つのコマンドで確かめて、ブラウザで http://127.0.0.1:8000 を開いてください:",
             "Next, run these three commands and open http://127.0.0.1:8000 in a browser:"))
    for step in steps:
        print(f"  {step}")
    return EXIT_OK


def run_schema(args: argparse.Namespace) -> int:
    out: Path = args.out
    try:
        out.mkdir(parents=True, exist_ok=True)
        for name in SCHEMA_FILES.values():
            (out / name).write_text((schema_dir() / name).read_text(encoding="utf-8"), encoding="utf-8", newline="\n")
    except OSError as error:
        _say(tr(f"tebiki: {out} に書き込めません({error.strerror or error})",
                f"tebiki: cannot write into {out} ({error.strerror or error})"))
        return EXIT_CANNOT_RUN
    print(tr(f"{out} に {len(SCHEMA_FILES)} つの JSON Schema を書きました",
             f"wrote {len(SCHEMA_FILES)} JSON Schemas to {out}"))
    return EXIT_OK


def _shell_path(path: Path) -> str:
    text = os.fspath(path)
    return text if text and all(c.isalnum() or c in "-_./" for c in text) else "'" + text.replace("'", "'\\''") + "'"


def _say(line: str) -> None:
    print(line, file=sys.stderr)
