"""`tebiki inventory import FILE.xlsx|FILE.csv [--prune]`: the 業務一覧 into `_inventory.yaml`.

Exit 0: written (or already up to date). Exit 1: the sheet has problems (each shown
as `sheet!row:column: message`; nothing written). Exit 2: it could not run (file
unreadable, no header row, `_inventory.yaml` itself broken).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Callable

from .clitext import tr
from .loader import INVENTORY_FILE
from .model import Handbook
from .problem_codes import DATA_ERRORS
from .schemas import schema_problems
from .settings import Settings
from .yamlfile import LIST_FILE, parse_yaml
from .i18n.cli import INVENTORY_HEADER as HEADER

EXIT_OK, EXIT_PROBLEMS, EXIT_CANNOT_RUN = 0, 1, 2


def register(commands: argparse._SubParsersAction, common: Callable[[argparse.ArgumentParser], None]) -> None:
    inventory = commands.add_parser("inventory", help=tr("業務棚卸し(_inventory.yaml)", "the business inventory (_inventory.yaml)"))
    actions = inventory.add_subparsers(dest="inventory_command", required=True, metavar=tr("コマンド", "COMMAND"))
    do_import = actions.add_parser("import", help=tr("業務一覧の表(xlsx か csv)から _inventory.yaml を書く",
                                                   "write _inventory.yaml from a 業務一覧 spreadsheet (xlsx or csv)"))
    common(do_import)
    do_import.add_argument("file", type=Path, metavar="FILE.xlsx|FILE.csv",
                           help=tr("業務一覧の表(列: id, title, department, 任意で hours_per_year)",
                                   "the 業務一覧 sheet (columns id, title, department, optional hours_per_year)"))
    do_import.add_argument("--prune", action="store_true",
                           help=tr("表にない項目を消す(既定: 残して一覧を示す)",
                                   "remove entries that are no longer in the sheet (default: keep and list them)"))


def run(args: argparse.Namespace, settings: Settings, handbook: Handbook) -> int:
    from .inventory_import import ImportError_, merge, read_sheet, rows_of, write_atomically, _msg  # this command's

    lang = args.lang or settings.language
    target = settings.root / settings.options.procedures / INVENTORY_FILE
    rel = f"{settings.options.procedures}/{INVENTORY_FILE}"
    if any(p.file == rel and p.code in DATA_ERRORS for p in handbook.problems):
        print(f"tebiki: {_msg(lang, 'inventory-broken', file=rel)}", file=sys.stderr)
        return EXIT_CANNOT_RUN
    try:
        sheet = read_sheet(args.file, lang)
        entries, problems = rows_of(sheet, handbook.org if handbook.org.departments else None, lang)
    except ImportError_ as error:
        print(f"tebiki: {error}", file=sys.stderr)
        return EXIT_CANNOT_RUN
    for note in sheet.notes:
        print(f"tebiki: {note}", file=sys.stderr)
    if problems:
        for problem in problems:
            print(problem)
        print(f"tebiki: {_msg(lang, 'problems', n=len(problems), file=rel)}", file=sys.stderr)
        return EXIT_PROBLEMS
    existing = target.read_text(encoding="utf-8-sig") if target.is_file() else None
    result = merge(existing, entries, prune=args.prune, header=HEADER[lang if lang in HEADER else "en"])
    if not _still_valid(result.text, rel, existing, result.pruned):
        print(f"tebiki: {_msg(lang, 'inventory-broken', file=rel)}", file=sys.stderr)
        return EXIT_CANNOT_RUN
    if result.text != existing:
        write_atomically(target, result.text)
        print(_msg(lang, "written", file=rel, added=len(result.added), updated=len(result.updated),
                   same=len(result.same)))
    else:
        print(_msg(lang, "nothing", file=rel, same=len(result.same)))
    if result.pruned:
        print(_msg(lang, "pruned", n=len(result.pruned), ids=", ".join(result.pruned)))
    elif result.missing:
        print(_msg(lang, "kept", n=len(result.missing), ids=", ".join(result.missing)))
    return EXIT_OK


def _still_valid(text: str, rel: str, before: str | None, pruned: list[str]) -> bool:
    """The merged text is valid YAML of the inventory schema and holds every id it held before
    (except those pruned on request): the guarantee that nothing is lost."""
    document = parse_yaml(text.encode("utf-8"), rel, LIST_FILE)
    if document.problems or schema_problems(document, "inventory"):
        return False
    ids_after = {item["id"] for item in document.data["procedures"]}
    if before:
        old = parse_yaml(before.encode("utf-8"), rel, LIST_FILE)
        if not old.problems and isinstance(old.data, dict):
            ids_before = {item.get("id") for item in old.data.get("procedures") or () if isinstance(item, dict)}
            return ids_before - set(pruned) <= ids_after
    return True
