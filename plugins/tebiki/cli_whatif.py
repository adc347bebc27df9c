"""`tebiki whatif PERSON... [--on YYYY-MM-DD] [--format text|json]` (spec: Other commands).

Treats the people named, and everyone whose `leaving_on` is on or before
`--on`, as left, and prints what that does to ownership coverage. Exit 0 when
it ran; exit 2 for an unknown person or nothing to assume.
"""

from __future__ import annotations

import argparse
import json
from datetime import date
from typing import Sequence

from .clitext import iso_date, tr
from .model import Handbook
from .workload import DEFAULT_WORKING_DAYS
from .risk import Scenario, WhatIf, closest_person_id, unknown_people, what_if, workload_hours
from .display import display_safe
from .i18n.cli import WHATIF as TEXT


class WhatIfError(Exception):
    """The command cannot run as asked; str() is the message for the user."""


def add_parser(commands: argparse._SubParsersAction, common) -> None:
    sub = commands.add_parser("whatif", help=tr("この人たちが抜けたら: 担える人のいなくなる手順",
                                              "what if these people left: procedures left with no holder"))
    common(sub)
    sub.add_argument("people", nargs="*", metavar="PERSON", help=tr("_org.yaml の人 ID", "person ids from _org.yaml"))
    sub.add_argument("--on", type=iso_date, metavar="YYYY-MM-DD",
                     help=tr("leaving_on がこの日以前の人も抜けたものとする",
                             "also treat everyone whose leaving_on is on or before this date as left"))
    sub.add_argument("--format", choices=("text", "json"), default="text",
                     help=tr("出力の形式(既定: text)", "output format (default: text)"))


def scenario(handbook: Handbook, people: list[str], on: date | None, lang: str,
             working_days: int = DEFAULT_WORKING_DAYS) -> WhatIf:
    """The what-if of `people` and `on` over the handbook; WhatIfError for unknown people."""
    text = TEXT[lang if lang in TEXT else "en"]
    if not people and on is None:
        raise WhatIfError(text["usage"])
    for found in unknown_people(people, handbook.org):
        near = closest_person_id(found, handbook.org)
        raise WhatIfError(text["unknown"].format(found=found, hint=text["hint"].format(near=near) if near else ""))
    procedures = list(handbook.procedures.values())
    return what_if(procedures, handbook.org, people, on, workload_hours(procedures, working_days))


def render_text(result: WhatIf, handbook: Handbook, lang: str) -> str:
    """The answer for a reader: who leaves, what is left with nobody, what drops, hours."""
    from .render.labels import Labels  # this answer's only: `tebiki check` loads no page labels

    text, labels = TEXT[lang if lang in TEXT else "en"], Labels(lang)
    people = handbook.org.people
    sep, who = ("、", "{name}({id})") if lang == "ja" else (", ", "{name} ({id})")
    lines = [text["left"].format(people=sep.join(who.format(name=people[p].name, id=p) for p in result.left))
             if result.left else text["left.none"]]
    if result.on:
        lines.append(text["on"].format(on=result.on.isoformat()))
    lines.append(text["no_holder"].format(n=len(result.no_holder)))
    for did, impact in result.departments.items():
        if impact.no_holder:
            dept = handbook.org.departments.get(did)
            lines.append(text["department"].format(name=dept.name if dept else did, k=impact.no_holder,
                                                   n=impact.procedures))
            lines += [f"    {pid}  {handbook.procedures[pid].title}" for pid in result.no_holder
                      if handbook.procedures[pid].department == did]
    lines.append(text["dropped"].format(n=len(result.dropped)))
    lines += [f"  {d.procedure}  {handbook.procedures[d.procedure].title}: "
              f"{labels[d.before.value]} → {labels[d.after.value]}" for d in result.dropped] or [text["none"]]
    lines.append(text["hours"].format(hours=result.hours_per_year_without_holder, k=result.hours_counted))
    return "\n".join(display_safe(line) for line in lines) + "\n"  # names and titles come from the files


def scenarios_json(handbook: Handbook, scenarios: Sequence[Scenario],
                   working_days: int = DEFAULT_WORKING_DAYS) -> list[dict[str, object]]:
    """The plugin option `scenarios` for `tebiki check --format json`: each scenario's
    name, the people and date it names, then the `tebiki whatif --format json` answer."""
    procedures = list(handbook.procedures.values())
    hours = workload_hours(procedures, working_days)
    return [{"name": s.name, "people": list(s.people),
             **what_if(procedures, handbook.org, s.people, s.on, hours).as_json()} for s in scenarios]


def run(args: argparse.Namespace, handbook: Handbook, lang: str, working_days: int = DEFAULT_WORKING_DAYS) -> str:
    """The command's output; raises WhatIfError when it cannot run."""
    result = scenario(handbook, list(args.people), args.on, lang, working_days)
    if args.format == "json":
        return json.dumps(result.as_json(), ensure_ascii=False, indent=2) + "\n"
    return render_text(result, handbook, lang)
