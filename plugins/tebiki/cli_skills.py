"""`tebiki skills [--department ID] [--format text|csv|xlsx] [--out FILE]`: the 星取表
(spec: Other commands). Text and CSV go to stdout unless `--out`; xlsx needs
`--out` or a redirected stdout (never binary on a terminal)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .clitext import tr
from .model import Handbook
from .i18n.cli import SKILLS as TEXT

FORMAT_NAMES = ("text", "csv", "xlsx")
"""The keys of `render.skills_export.FORMATS`, named here so that registering the command
imports no renderer (`tebiki check` never loads one; tests/test_check_work.py)."""


class SkillsError(Exception):
    """The command cannot run as asked; str() is the message for the user."""


def add_parser(commands: argparse._SubParsersAction, common) -> None:
    sub = commands.add_parser("skills", help=tr("星取表: 部門ごとに、誰がどの手順を担えるか",
                                              "the 星取表: who holds which procedure, per department"))
    common(sub)
    sub.add_argument("--department", metavar="ID", help=tr("この部門だけ(_org.yaml の id)",
                                                           "only this department (an id from _org.yaml)"))
    sub.add_argument("--format", choices=FORMAT_NAMES, default="text",
                     help=tr("出力の形式(既定: text)", "output format (default: text)"))
    sub.add_argument("--out", type=Path, help=tr("標準出力の代わりにこのファイルへ書く", "write to this file instead of stdout"))


def run(args: argparse.Namespace, handbook: Handbook, lang: str) -> int:
    from .outfile import write_atomically  # this command's: the others never load them
    from .render.skills_export import FORMATS
    from .skills import skill_matrices

    text = TEXT[lang if lang in TEXT else "en"]
    org = handbook.org
    if args.department and args.department not in org.departments:
        raise SkillsError(text["department"].format(found=args.department, known=", ".join(org.departments)))
    matrices = skill_matrices(list(handbook.procedures.values()), org, args.department)
    output = FORMATS[args.format](matrices, org, lang)
    if args.out is None and isinstance(output, str):
        sys.stdout.write(output)
        return 0
    data = output.encode("utf-8") if isinstance(output, str) else output
    if args.out is None:
        if args.format == "xlsx" and sys.stdout.isatty():
            raise SkillsError(text["terminal"])
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return 0
    write_atomically(args.out, data)
    print(text["wrote"].format(path=args.out), file=sys.stderr)
    return 0
