"""`tebiki check`, `render`, `workload`, `init`, `schema`: argument parsing -> run -> exit code.

Help, argument errors and could-not-run lines speak the handbook's language
(`clitext`: `--lang`, else the handbook's mkdocs.yml, else Japanese). A command
module registers itself with `register(commands, …)`, its help as `tr(ja, en)`.

Exit 0: no errors. Exit 1: errors (with --strict, warnings too). Exit 2: could
not run (no or bad configuration, missing folder, or an internal failure, said
in one line). Never a traceback, and never a failure because of the terminal's
encoding: `json` and `github` are written as UTF-8, `text` in the output's own
encoding with what it cannot show replaced.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path
from typing import Sequence, TextIO

from . import __version__, cli_init, cli_inventory, cli_skills, cli_whatif, cli_workload
from .cannotrun import CannotRun
from .clitext import handbook_language, iso_date, speaking, tr
from .display import display_lines, display_safe
from .core import PolicyError, build_handbook
from .model import Handbook
from .oswords import os_reason
from .reporters import REPORTERS, json_report
from .risk import ScenarioError, checked_scenarios
from .settings import Settings, read_settings
from .today import judging_day

EXIT_OK, EXIT_PROBLEMS, EXIT_CANNOT_RUN = 0, 1, 2
REPORT_TO = "please report it with the command you ran (README.md, section Security: reporting)"


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="tebiki", description=tr(
        "業務手順の YAML を検査し、手引きのページを作ります。", "Check and render a tebiki handbook."))
    parser.add_argument("--version", action="version", version=f"tebiki {__version__}",
                        help=tr("バージョンを表示して終了する", "show the version and exit"))
    parser.add_argument("--lang", choices=("ja", "en"), dest="top_lang",
                        help=tr("メッセージの言語(コマンドの前にも後にも書けます)",
                                "language of messages (before or after the command)"))
    commands = parser.add_subparsers(dest="command", required=True, metavar=tr("コマンド", "COMMAND"))

    def common(sub: argparse.ArgumentParser) -> None:
        sub.add_argument("--config", default="mkdocs.yml", type=Path,
                         help=tr("手引きの mkdocs.yml(既定: ./mkdocs.yml)", "the handbook's mkdocs.yml (default: ./mkdocs.yml)"))
        sub.add_argument("--lang", choices=("ja", "en"),
                         help=tr("メッセージの言語(既定: プラグインの language か theme.language)",
                                 "language of messages (default: the plugin's language or theme.language)"))
        sub.add_argument("--today", type=iso_date, metavar="YYYY-MM-DD",
                         help=tr("見直し期限などを判定する日(既定: TEBIKI_TODAY、プラグインの today、今日)",
                                 "date to judge reviews against (default: TEBIKI_TODAY, the plugin's today, today)"))

    check = commands.add_parser("check", help=tr("手引きを検査して問題を報告する", "validate the handbook and report problems"))
    common(check)
    check.add_argument("--format", choices=sorted(REPORTERS), default="text",
                       help=tr("出力の形式(既定: text)", "output format (default: text)"))
    check.add_argument("--strict", action="store_true",
                       help=tr("警告もエラーとして終了コードに数える", "count warnings as errors in the exit code"))

    render = commands.add_parser("render", help=tr(
        "ほかのエンジン向けに手引きのページを Markdown で書き出す", "write the handbook pages as Markdown for other engines"))
    common(render)
    render.add_argument("--out", required=True, type=Path,
                        help=tr("ページを書き出すフォルダ", "folder to write the pages into"))
    render.add_argument("--engine", choices=("markdown", "zensical"), default="markdown",
                        help=tr("markdown: ページの Markdown だけ(既定)。zensical: Zensical でそのまま作れるプロジェクト"
                                "(mkdocs.yml、docs/、テンプレート)",
                                "markdown: the pages' Markdown only (default); zensical: a project Zensical builds "
                                "as it is (mkdocs.yml, docs/, template)"))
    cli_workload.register(commands, common)
    cli_inventory.register(commands, common)
    cli_whatif.add_parser(commands, common)
    cli_skills.add_parser(commands, common)
    cli_init.register(commands)
    return parser


NO_HANDBOOK_NEEDED = {"init": cli_init.run_init, "schema": cli_init.run_schema}


def load(settings: Settings, today: date | None) -> Handbook:
    options = settings.options
    return build_handbook(
        settings.root,
        options.procedures,
        policy=options.policy,
        review_interval_months=options.review_interval_months,
        today=judging_day(today, options.today),
        handover_days=options.handover_days,
        working_days=options.working_days,
    )


def run_check(args: argparse.Namespace, settings: Settings, handbook: Handbook) -> int:
    lang = args.lang or settings.language
    # Without a readable _org.yaml ownership is unknown (spec rule 8): so are the scenarios' answers.
    scenarios = checked_scenarios(settings.options.scenarios, handbook.org) if handbook.ownership_known else None
    if args.format == "json" and settings.options.scenarios:
        answers = None if scenarios is None else cli_whatif.scenarios_json(
            handbook, scenarios, settings.options.working_days)
        emit(json_report(handbook, lang, {"scenarios": answers}), utf8=True)
    else:
        emit(REPORTERS[args.format](handbook, lang), utf8=args.format != "text")
    summary = handbook.summary
    failing = summary.errors + (summary.warnings if args.strict else 0)
    return EXIT_PROBLEMS if failing else EXIT_OK


def run_render(args: argparse.Namespace, settings: Settings, handbook: Handbook) -> int:
    from .adapters.markdown import render_markdown

    lang = args.lang or settings.language
    if args.engine == "zensical":
        from .adapters import zensical

        return zensical.run(settings, args.config, handbook, args.out, lang)
    written = render_markdown(handbook, args.out, lang, site_title=settings.site_name or None,
                              cache_dir=settings.root / settings.options.cache_dir,
                              working_days=settings.options.working_days, workload=settings.options.workload,
                              scenarios=tuple(checked_scenarios(settings.options.scenarios, handbook.org)
                                              if handbook.ownership_known else ()))
    say(tr(f"tebiki: {args.out} に {len(written)} ファイルを書きました", f"tebiki: wrote {len(written)} files to {args.out}"),
        sys.stdout)
    return EXIT_OK


def _replace_what_cannot_be_shown() -> None:
    """Every command's text (help and usage included) goes out in the terminal's or
    pipe's encoding with what it cannot show replaced (`?`), never a crash: a cp1252
    Windows runner or a Japanese-Windows pre-commit hook (spec: `tebiki check`)."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            try:
                reconfigure(errors="replace")
            except (ValueError, OSError):  # a closed or detached stream: leave it as it is
                pass


def emit(text: str, *, utf8: bool) -> None:
    """Write a report to stdout as bytes: UTF-8, or the stream's encoding with
    unrepresentable characters replaced (a cp1252 pipe gets `?`, never a crash)."""
    stream = sys.stdout
    encoding = "utf-8" if utf8 else (getattr(stream, "encoding", None) or "utf-8")
    data = text.encode(encoding, "replace")
    buffer = getattr(stream, "buffer", None)
    if buffer is None:  # a text-only stream (some test runners): it encodes itself
        stream.write(data.decode(encoding))
    else:
        stream.flush()
        buffer.write(data)
        buffer.flush()


def say(message: str, stream: TextIO | None = None) -> None:
    """One display-safe line on stderr (or `stream`), in whatever encoding it has."""
    stream = stream or sys.stderr
    line = display_safe(message)
    encoding = getattr(stream, "encoding", None) or "utf-8"
    stream.write(line.encode(encoding, "replace").decode(encoding) + "\n")


def main(argv: Sequence[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    _replace_what_cannot_be_shown()
    lang = handbook_language(argv)
    with speaking(lang):
        return _main(argv, lang)


def _main(argv: list[str], lang: str) -> int:
    args = _parser().parse_args(argv)
    given = [a for a in argv if a == "--lang" or a.startswith("--lang=")]
    if args.top_lang and len(given) == 1:  # `tebiki --lang en CMD`: as if written after the command
        args.lang = args.top_lang
    if args.command in NO_HANDBOOK_NEEDED:
        return NO_HANDBOOK_NEEDED[args.command](args)
    try:
        return _run(args, lang)
    except KeyboardInterrupt:
        say("tebiki: interrupted")
        return EXIT_CANNOT_RUN
    except BaseException as error:  # noqa: BLE001 - exit 1 means "findings"; a failure of ours is exit 2
        if isinstance(error, SystemExit):
            raise
        try:
            say(f"tebiki: internal error ({type(error).__name__}: {error}); {REPORT_TO}")
        except BaseException:  # noqa: BLE001 - even stderr failed (MemoryError): the exit code still says it
            pass
        return EXIT_CANNOT_RUN


def _run(args: argparse.Namespace, lang: str) -> int:
    try:
        settings = read_settings(args.config)
        for warning in settings.warnings:
            say(tr(f"tebiki: 警告: {warning.message('ja')}", f"tebiki: warning: {warning}"))
        handbook = load(settings, args.today)
    except PolicyError as error:
        say(tr(f"tebiki: {args.config}: プラグイン tebiki の policy が正しくありません: {error.message('ja')}",
               f"tebiki: {args.config}: invalid 'tebiki' plugin option 'policy': {error}"))
        return EXIT_CANNOT_RUN
    except CannotRun as error:
        say(f"tebiki: {error.message(lang)}")
        return EXIT_CANNOT_RUN
    try:
        if args.command == "check":
            return run_check(args, settings, handbook)
        if args.command == "workload":
            return cli_workload.run(args, settings, handbook)
        if args.command == "inventory":
            return cli_inventory.run(args, settings, handbook)
        if args.command == "whatif":
            report = cli_whatif.run(args, handbook, args.lang or settings.language, settings.options.working_days)
            emit(report if getattr(args, "format", "text") == "json" else display_lines(report),
                 utf8=getattr(args, "format", "text") == "json")
            return EXIT_OK
        if args.command == "skills":
            return cli_skills.run(args, handbook, args.lang or settings.language)
        return run_render(args, settings, handbook)
    except (cli_whatif.WhatIfError, cli_skills.SkillsError) as error:
        say(f"tebiki: {error}")
        return EXIT_CANNOT_RUN
    except ScenarioError as error:
        say(f"tebiki: {args.config}: 'tebiki' plugin option 'scenarios': {error.message(args.lang or settings.language)}")
        return EXIT_CANNOT_RUN
    except OSError as error:
        name = getattr(args, "out", None) or error.filename or ""  # the file asked for, not its temporary twin
        say(tr(f"tebiki: {name} に書き込めません({os_reason(error, 'ja')})",
               f"tebiki: cannot write {name} ({os_reason(error, 'en')})"))
        return EXIT_CANNOT_RUN


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
