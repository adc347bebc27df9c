"""`tebiki check` and `tebiki render`: argument parsing -> run -> exit code.

Exit 0: no errors. Exit 1: errors (with --strict, warnings too). Exit 2: could
not run (no or bad configuration, missing folder). Never a traceback for bad input.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path
from typing import Sequence

from . import cli_inventory, cli_skills, cli_whatif, cli_workload
from .cannotrun import CannotRun
from .core import HandbookError, PolicyError, build_handbook
from .model import Handbook
from .reporters import REPORTERS, json_report
from .risk import ScenarioError, checked_scenarios
from .settings import Settings, SettingsError, read_settings
from .today import judging_day

EXIT_OK, EXIT_PROBLEMS, EXIT_CANNOT_RUN = 0, 1, 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="tebiki", description="Check and render a tebiki handbook.")
    commands = parser.add_subparsers(dest="command", required=True)

    def common(sub: argparse.ArgumentParser) -> None:
        sub.add_argument("--config", default="mkdocs.yml", type=Path,
                         help="the handbook's mkdocs.yml (default: ./mkdocs.yml)")
        sub.add_argument("--lang", choices=("ja", "en"),
                         help="language of messages (default: the plugin's language or theme.language)")
        sub.add_argument("--today", type=date.fromisoformat, metavar="YYYY-MM-DD",
                         help="date to judge reviews against (default: today)")

    check = commands.add_parser("check", help="validate the handbook and report problems")
    common(check)
    check.add_argument("--format", choices=sorted(REPORTERS), default="text")
    check.add_argument("--strict", action="store_true", help="count warnings as errors in the exit code")

    render = commands.add_parser("render", help="write the handbook pages as Markdown for other engines")
    common(render)
    render.add_argument("--out", required=True, type=Path, help="folder to write the pages into")
    cli_workload.register(commands, common)
    cli_inventory.register(commands, common)
    cli_whatif.add_parser(commands, common)
    cli_skills.add_parser(commands, common)
    return parser


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
    scenarios = checked_scenarios(settings.options.scenarios, handbook.org)
    if args.format == "json" and scenarios:
        sys.stdout.write(json_report(handbook, lang, {"scenarios": cli_whatif.scenarios_json(
            handbook, scenarios, settings.options.working_days)}))
    else:
        sys.stdout.write(REPORTERS[args.format](handbook, lang))
    summary = handbook.summary
    failing = summary.errors + (summary.warnings if args.strict else 0)
    return EXIT_PROBLEMS if failing else EXIT_OK


def run_render(args: argparse.Namespace, settings: Settings, handbook: Handbook) -> int:
    from .render.export import render_markdown

    lang = args.lang or settings.language
    written = render_markdown(handbook, args.out, lang, site_title=settings.site_name or None,
                              cache_dir=settings.root / settings.options.cache_dir,
                              working_days=settings.options.working_days, workload=settings.options.workload,
                              scenarios=tuple(checked_scenarios(settings.options.scenarios, handbook.org)))
    print(f"tebiki: wrote {len(written)} files to {args.out}")
    return EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        settings = read_settings(args.config)
        for warning in settings.warnings:
            print(f"tebiki: warning: {warning}", file=sys.stderr)
        handbook = load(settings, args.today)
    except (SettingsError, HandbookError) as error:
        print(f"tebiki: {error}", file=sys.stderr)
        return EXIT_CANNOT_RUN
    except PolicyError as error:
        print(f"tebiki: {args.config}: invalid 'tebiki' plugin option 'policy': {error}", file=sys.stderr)
        return EXIT_CANNOT_RUN
    try:
        if args.command == "check":
            return run_check(args, settings, handbook)
        if args.command == "workload":
            return cli_workload.run(args, settings, handbook)
        if args.command == "inventory":
            return cli_inventory.run(args, settings, handbook)
        if args.command == "whatif":
            sys.stdout.write(cli_whatif.run(args, handbook, args.lang or settings.language,
                                            settings.options.working_days))
            return EXIT_OK
        if args.command == "skills":
            return cli_skills.run(args, handbook, args.lang or settings.language)
        return run_render(args, settings, handbook)
    except (cli_whatif.WhatIfError, cli_skills.SkillsError) as error:
        print(f"tebiki: {error}", file=sys.stderr)
        return EXIT_CANNOT_RUN
    except ScenarioError as error:
        print(f"tebiki: {args.config}: invalid 'tebiki' plugin option 'scenarios': {error}", file=sys.stderr)
        return EXIT_CANNOT_RUN
    except OSError as error:
        print(f"tebiki: cannot write: {error}", file=sys.stderr)
        return EXIT_CANNOT_RUN


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
