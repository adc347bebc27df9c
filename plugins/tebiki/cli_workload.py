"""`tebiki workload [--by …] [--compare GIT-REV] [--format text|json|csv|xlsx] [--out FILE]`.

Prints the handbook's 業務量 (spec: Workload, `tebiki workload`). xlsx is binary:
it goes to `--out`, or to stdout only when that is not a terminal. With
`--compare`, the handbook at that git revision is read through git (no checkout)
and the change is reported instead. Exit 0, or 2 when it cannot run.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Callable

from .clitext import tr
from .core import build_handbook
from .model import Handbook
from .settings import Settings
from .workload import BREAKDOWNS, handbook_workload
from .i18n.cli import WORKLOAD as _ERRORS

EXIT_OK, EXIT_CANNOT_RUN = 0, 2


def register(commands: argparse._SubParsersAction, common: Callable[[argparse.ArgumentParser], None]) -> None:
    sub = commands.add_parser("workload", help=tr("業務量: 部門・役割・担当者・方法・手順ごとの年間時間",
                                                 "業務量: hours per year by department, role, owner, mode or procedure"))
    common(sub)
    sub.add_argument("--by", choices=BREAKDOWNS, default="department",
                     help=tr("text と csv の内訳(既定: department)。json と xlsx はすべてを含む",
                             "the breakdown for text and csv (default: department); json and xlsx hold all"))
    sub.add_argument("--format", choices=("text", "json", "csv", "xlsx"), default="text",
                     help=tr("出力の形式(既定: text)", "output format (default: text)"))
    sub.add_argument("--compare", metavar="GIT-REV",
                     help=tr("この git リビジョンからの変化を報告する(text か json)",
                             "report the change since this git revision (text or json)"))
    sub.add_argument("--out", type=Path, help=tr("標準出力の代わりにこのファイルへ書く(端末で xlsx のときは必須)",
                                                "write to this file instead of stdout (needed for xlsx on a terminal)"))


def run(args: argparse.Namespace, settings: Settings, handbook: Handbook) -> int:
    from .gitrev import REASONS, GitError, handbook_at  # this command's (git, for --compare), not the others'
    from .workload_compare import compare, render_compare_text
    from .workload_report import (all_tables, breakdown_table, render_csv, render_json, render_text, render_xlsx,
                                  workload_json)

    lang = args.lang or settings.language
    messages = _ERRORS[lang if lang in _ERRORS else "en"]
    working_days = settings.options.working_days
    workload = handbook_workload(handbook, working_days)
    if args.compare:
        if args.format not in ("text", "json"):
            print(f"tebiki: {messages['compare-format']}", file=sys.stderr)
            return EXIT_CANNOT_RUN
        try:
            with handbook_at(settings.root, settings.options.procedures, args.compare) as past_root:
                past = build_handbook(past_root, settings.options.procedures, policy=settings.options.policy,
                                      review_interval_months=settings.options.review_interval_months,
                                      today=handbook.today)
        except GitError as error:
            why = REASONS[error.reason]["ja" if lang == "ja" else "en"].format(**error.params)
            print("tebiki: " + messages["git"].format(revision=args.compare, error=why), file=sys.stderr)
            return EXIT_CANNOT_RUN
        data = compare(args.compare, (past, handbook_workload(past, working_days)), (handbook, workload))
        text = json.dumps(data, ensure_ascii=False, indent=2) + "\n" if args.format == "json" else \
            render_compare_text(data, handbook, lang)
        return _emit(text.encode("utf-8"), args.out, messages)
    data = workload_json(workload, handbook)
    if args.format == "json":
        output = render_json(data).encode("utf-8")
    elif args.format == "csv":
        output = render_csv(breakdown_table(data, workload, handbook, args.by, lang), lang).encode("utf-8")
    elif args.format == "xlsx":
        if args.out is None and sys.stdout.isatty():
            print(f"tebiki: {messages['xlsx-tty']}", file=sys.stderr)
            return EXIT_CANNOT_RUN
        output = render_xlsx(all_tables(data, workload, handbook, lang), lang)
    else:
        output = render_text(data, workload, handbook, args.by, lang).encode(sys.stdout.encoding or "utf-8",
                                                                             "replace")
    return _emit(output, args.out, messages)


def _emit(output: bytes, out: Path | None, messages: dict[str, str]) -> int:
    """Bytes to stdout, or to `out` written beside and renamed (never half a file),
    said in one line on stderr."""
    if out is None:
        sys.stdout.flush()
        sys.stdout.buffer.write(output)
        sys.stdout.buffer.flush()
        return EXIT_OK
    from .outfile import write_atomically  # writing a file: not what the other commands load

    out.parent.mkdir(parents=True, exist_ok=True)
    write_atomically(out, output)
    print(messages["wrote"].format(path=out), file=sys.stderr)
    return EXIT_OK
