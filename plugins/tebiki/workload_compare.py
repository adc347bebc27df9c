"""The "Check" of PDCA: what changed in the workload between a past revision and now.

Pure: two (handbook, workload) pairs in, one dict out (hours rounded to 0.1, shares
as fractions to 0.001); `gitrev.handbook_at` supplies the past handbook.
An improvement "reached done" when it is `done` now and was not at the revision
(or did not exist there); improvements are matched by procedure id and title.
"""

from __future__ import annotations

from typing import Any

from .model import Handbook
from .workload import Workload, totals
from .i18n.reports import COMPARE_TEXT as _TEXT

SHARES = ("paper", "manual", "automated")


def _delta(before: float | None, after: float | None, digits: int = 1) -> dict[str, float | None]:
    """Before and after rounded to `digits`, and the change between the rounded figures
    (so the change shown is exactly after − before as shown)."""
    b = None if before is None else round(before + 0.0, digits)
    a = None if after is None else round(after + 0.0, digits)
    return {"before": b, "after": a, "change": None if a is None or b is None else round(a - b, digits)}


def compare(revision: str, before: tuple[Handbook, Workload], after: tuple[Handbook, Workload]) -> dict[str, Any]:
    (old_hb, old), (new_hb, new) = before, after
    old_depts, new_depts = totals(old.by_department), totals(new.by_department)
    departments = list(dict.fromkeys([*new_depts, *old_depts]))
    done_before = {(pid, i.title) for pid, p in old_hb.procedures.items() for i in p.improvements if i.status == "done"}
    return {
        "revision": revision,
        "hours_per_year": _delta(old.hours_per_year, new.hours_per_year),
        "computed": {"before": old.computed, "after": new.computed},
        "by_department": {d: _delta(old_depts.get(d, 0.0), new_depts.get(d, 0.0)) for d in departments},
        **{f"{mode}_share": _delta(old.share(mode), new.share(mode), 3) for mode in SHARES},
        "improvements_done": [
            {"procedure": pid, "title": i.title, "lever": i.lever}
            for pid, p in new_hb.procedures.items() for i in p.improvements
            if i.status == "done" and (pid, i.title) not in done_before
        ],
        "procedures_added": sorted(set(new_hb.procedures) - set(old_hb.procedures)),
        "procedures_removed": sorted(set(old_hb.procedures) - set(new_hb.procedures)),
    }


def _signed(value: float | None, unit: str = "") -> str:
    return "—" if value is None else f"{value:+.1f}{unit}"


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.1f}%"


def render_compare_text(data: dict[str, Any], handbook: Handbook, lang: str) -> str:
    t = _TEXT[lang if lang in _TEXT else "en"]
    h = data["hours_per_year"]
    lines = [t["head"].format(revision=data["revision"]),
             t["hours"].format(before=h["before"], after=h["after"], change=_signed(h["change"]))]
    if data["computed"]["before"] != data["computed"]["after"]:
        lines.append(t["computed"].format(**data["computed"]))
    lines.append(t["departments"])
    for did, d in data["by_department"].items():
        dept = handbook.org.departments.get(did)
        name = f"{dept.name} ({did})" if dept else did
        lines.append(t["department"].format(name=name, before=d["before"], after=d["after"],
                                            change=_signed(d["change"])))
    for mode in SHARES:
        s = data[f"{mode}_share"]
        change = None if s["change"] is None else s["change"] * 100
        lines.append(t["share"].format(label=t[mode], before=_pct(s["before"]), after=_pct(s["after"]),
                                       change=_signed(change)))
    lines.append(t["done"].format(n=len(data["improvements_done"])))
    lines += [t["done_item"].format(**i) for i in data["improvements_done"]]
    lines.append(t["added"].format(ids=", ".join(data["procedures_added"]) or t["none"]))
    lines.append(t["removed"].format(ids=", ".join(data["procedures_removed"]) or t["none"]))
    return "\n".join(lines) + "\n"
