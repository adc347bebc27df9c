"""What one person's leaving changes, worded by consequence (the person page's
「退職・異動した場合の影響」).

Pure: procedures and `_org.yaml` in, procedure ids out. The rule is the holders
rule of `tebiki.risk` (the one `tebiki whatif` uses): only the owner and backups
who are available count, so a backup who has already left can never act, and a
person who is not a holder (already left, or only a trainee) changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from .model import Org, Procedure
from .risk import holders


@dataclass(frozen=True)
class IfLeft:
    """The consequences of `person` leaving, each a tuple of procedure ids in the order
    the person page lists them (procedures they own, then those they back up).

    `no_holder`: nobody would be left to run it.
    `backup_acts`: the owner would be gone, but these backups (person ids, owner order)
    can act: pairs (procedure id, backup ids).
    `single`: they back it up and only one holder (usually the owner) would remain."""

    person: str
    no_holder: tuple[str, ...]
    backup_acts: tuple[tuple[str, tuple[str, ...]], ...]
    single: tuple[str, ...]

    def __bool__(self) -> bool:
        return bool(self.no_holder or self.backup_acts or self.single)


def held_by(procedures: Sequence[Procedure], person_id: str) -> list[Procedure]:
    """The procedures `person_id` owns, then those they back up (and do not own), in the order given."""
    owned = [p for p in procedures if p.owner == person_id]
    backed = [p for p in procedures if p.owner != person_id and person_id in p.backup_owners]
    return owned + backed


def if_left(procedures: Sequence[Procedure], org: Org, person_id: str) -> IfLeft:
    """What changes if `person_id` left, for the procedures they own or back up.

    A procedure the person does not hold today (they already left, or it names
    them but they are not available) is not affected."""
    no_holder: list[str] = []
    backup_acts: list[tuple[str, tuple[str, ...]]] = []
    single: list[str] = []
    for procedure in held_by(procedures, person_id):
        before = holders(procedure, org)
        if person_id not in before:
            continue
        after = holders(procedure, org, frozenset({person_id}))
        if not after:
            no_holder.append(procedure.id)
        elif procedure.owner == person_id:
            backup_acts.append((procedure.id, after))
        elif len(after) == 1:
            single.append(procedure.id)
    return IfLeft(person_id, tuple(no_holder), tuple(backup_acts), tuple(single))
