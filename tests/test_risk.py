"""The 属人化 risk model (tebiki.risk) on small hand-worked organisations
(spec: "Risk beyond one procedure"). Every expected figure below is worked out
by hand in the comment above it."""

from __future__ import annotations

from datetime import date

import pytest

from tebiki.model import Coverage, Department, Location, Mode, Org, Person, Procedure, Status, Step, Trainee
from tebiki.risk import (
    Dropped,
    ScenarioError,
    WorkHeld,
    departures,
    handover_candidates,
    handover_late,
    holders,
    parse_scenarios,
    truck_factor,
    truck_factors,
    what_if,
    work_held,
)

TODAY = date(2026, 12, 1)
HERE = Location("procedures/_org.yaml")


def person(pid: str, dept: str = "ga", status: Status = Status.ACTIVE, leaving_on: date | None = None,
           roles: tuple[str, ...] = ()) -> Person:
    return Person(pid, pid.title(), dept, status, leaving_on, HERE, roles=roles)


def org(*people: Person) -> Org:
    departments = {d: Department(d, d.upper(), HERE) for d in ("ga", "acc", "hr")}
    return Org(departments, {p.id: p for p in people})


def proc(pid: str, owner: str | None, backups: tuple[str, ...] = (), dept: str = "ga",
         actors: tuple[str, ...] = ("総務担当",), trainees: tuple[str, ...] = ()) -> Procedure:
    steps = tuple(Step(f"s{i}", "作業", actor, Mode.MANUAL, 10, None, (), HERE) for i, actor in enumerate(actors))
    return Procedure(
        id=pid, title=pid, department=dept, summary="概要", owner=owner, backup_owners=backups,
        frequency="monthly", trigger=None, reviewed=None, review_interval_months=None, systems=(),
        references=(), related=(), tags=(), steps=steps, file=f"procedures/{pid}.yaml",
        trainees=tuple(Trainee(t) for t in trainees),
    )


# The sample's 総務: ito and watanabe hold all five procedures; yamamoto has left.
GA_ORG = org(person("ito"), person("watanabe"), person("yamamoto", status=Status.LEFT))
GA = [
    proc("ga-company-car", "ito"),
    proc("ga-disaster-drill", "ito", ("watanabe",)),
    proc("ga-mail-visitor", "watanabe"),
    proc("ga-purchase", "watanabe", ("ito", "yamamoto")),
    proc("ga-seal", "ito", ("watanabe",)),
]


# ------------------------------------------------------------------ holders

def test_holders_are_available_owner_and_backups_once() -> None:
    o = org(person("a"), person("b", status=Status.LEAVING), person("c", status=Status.LEFT))
    # owner a listed again as a backup counts once; c has left; x is unknown; b is leaving (still available)
    assert holders(proc("p", "a", ("a", "b", "c", "x")), o) == ("a", "b")
    assert holders(proc("p", "a", ("a", "b")), o, gone={"a"}) == ("b",)
    assert holders(proc("p", None, ("c",)), o) == ()
    # trainees are not holders
    assert holders(proc("p", "c", (), trainees=("a",)), o) == ()


# ------------------------------------------------------------------ what-if

def test_what_if_the_two_holders_of_a_department_leave() -> None:
    result = what_if(GA, GA_ORG, ["watanabe", "ito"])
    assert result.left == ("ito", "watanabe")
    assert result.no_holder == tuple(p.id for p in GA)
    # company-car and mail-visitor were single owner, the other three covered; all end with no owner
    assert result.dropped == (
        Dropped("ga-company-car", Coverage.SINGLE_OWNER, Coverage.NO_OWNER),
        Dropped("ga-disaster-drill", Coverage.COVERED, Coverage.NO_OWNER),
        Dropped("ga-mail-visitor", Coverage.SINGLE_OWNER, Coverage.NO_OWNER),
        Dropped("ga-purchase", Coverage.COVERED, Coverage.NO_OWNER),
        Dropped("ga-seal", Coverage.COVERED, Coverage.NO_OWNER),
    )
    assert result.as_json()["departments"] == {"ga": {"procedures": 5, "no_holder": 5, "dropped": 5}}


def test_what_if_one_person_drops_classes_without_losing_every_holder() -> None:
    result = what_if(GA, GA_ORG, ["ito"])
    # company-car: ito alone -> nobody. disaster-drill and seal: owner gone, watanabe still holds (no_owner).
    # purchase: watanabe owns, ito was the only available backup -> single owner.
    assert result.no_holder == ("ga-company-car",)
    assert [(d.procedure, d.after) for d in result.dropped] == [
        ("ga-company-car", Coverage.NO_OWNER), ("ga-disaster-drill", Coverage.NO_OWNER),
        ("ga-purchase", Coverage.SINGLE_OWNER), ("ga-seal", Coverage.NO_OWNER),
    ]


def test_what_if_someone_who_already_left_changes_nothing() -> None:
    result = what_if(GA, GA_ORG, ["yamamoto"])
    assert result.left == ("yamamoto",)
    assert result.dropped == () and result.no_holder == () and result.departments == {}


def test_what_if_on_a_date_applies_every_leaving_on_up_to_it() -> None:
    o = org(person("a", leaving_on=date(2027, 1, 31), status=Status.LEAVING),
            person("b", leaving_on=date(2027, 3, 31), status=Status.LEAVING),
            person("c"), person("d", status=Status.LEFT, leaving_on=date(2026, 1, 1)))
    procs = [proc("p1", "a"), proc("p2", "b", ("c",)), proc("p3", "c")]
    assert what_if(procs, o, on=date(2027, 1, 30)).left == ()
    # on the day itself counts; d has already left and is not listed again
    at_end_of_january = what_if(procs, o, on=date(2027, 1, 31))
    assert at_end_of_january.left == ("a",) and at_end_of_january.no_holder == ("p1",)
    end_of_march = what_if(procs, o, ["c"], on=date(2027, 3, 31))
    assert end_of_march.left == ("a", "b", "c")
    assert end_of_march.no_holder == ("p1", "p2", "p3")
    assert end_of_march.as_json()["on"] == "2027-03-31"


def test_what_if_hours_add_the_known_figures_of_procedures_left_without_holder() -> None:
    # without ito only company-car (120.5 h) has no holder; without both, all five: 120.5 + 30.0 known,
    # mail-visitor unknown (None) and the rest missing are not added
    hours = {"ga-company-car": 120.5, "ga-mail-visitor": None, "ga-seal": 30.0}
    one = what_if(GA, GA_ORG, ["ito"], hours=hours)
    assert (one.hours_per_year_without_holder, one.hours_counted) == (120.5, 1)
    both = what_if(GA, GA_ORG, ["ito", "watanabe"], hours=hours)
    assert (both.hours_per_year_without_holder, both.hours_counted) == (150.5, 2)
    assert what_if(GA, GA_ORG, ["ito"]).as_json()["hours_per_year_without_holder"] == 0


# ------------------------------------------------------------- truck factor

def test_truck_factor_of_the_sample_general_affairs_is_two() -> None:
    # Each of ito and watanabe holds 4 of the 5: a tie, ito first by id. Without ito only
    # company-car has no holder (1 of 5, not more than half); without watanabe too, all 5.
    tf = truck_factor("ga", GA, GA_ORG)
    assert tf is not None
    assert (tf.factor, tf.order) == (2, ("ito", "watanabe"))
    assert tf.lost == (("ga-company-car",),
                       ("ga-disaster-drill", "ga-mail-visitor", "ga-purchase", "ga-seal"))
    assert tf.no_holder_after == 5 and tf.procedures == 5


def test_truck_factor_removes_the_biggest_holder_first_not_the_first_id() -> None:
    o = org(person("a"), person("b"), person("c"))
    # b holds p1, p2, p3; a holds p1; c holds p4. Remove b: p2, p3 lose every holder (2 of 4: not > half).
    # Then a and c hold one each: tie, a first: p1 lost -> 3 of 4.
    procs = [proc("p1", "a", ("b",)), proc("p2", "b"), proc("p3", "b"), proc("p4", "c")]
    tf = truck_factor("ga", procs, o)
    assert tf is not None and tf.order == ("b", "a") and tf.lost == (("p2", "p3"), ("p1",))


def test_truck_factor_counts_holders_only_on_procedures_still_held() -> None:
    o = org(person("a"), person("b"), person("c"))
    # 3 procedures, 2 needed. a holds p1, p2; b holds p2, p3; c holds p3.
    # Tie a/b (2 each): a -> p1 lost (1/3). Then b holds p2 (still held? only by b now) and p3 -> 2; c holds p3 -> 1.
    # b -> p2 lost, p3 still held by c: 2/3 > half. Factor 2.
    procs = [proc("p1", "a"), proc("p2", "a", ("b",)), proc("p3", "b", ("c",))]
    tf = truck_factor("ga", procs, o)
    assert tf is not None and tf.order == ("a", "b") and tf.lost == (("p1",), ("p2",))


def test_truck_factor_of_a_department_with_one_procedure() -> None:
    o = org(person("a"), person("b"))
    # one procedure: more than half means that one; both holders must go
    two = truck_factor("ga", [proc("p", "a", ("b",))], o)
    assert two is not None and two.order == ("a", "b") and two.lost == ((), ("p",))
    # a backup who is also the owner is one holder: one person is enough
    one = truck_factor("ga", [proc("p", "a", ("a",))], o)
    assert one is not None and one.factor == 1 and one.lost == (("p",),)


def test_truck_factor_ignores_people_who_already_left_and_can_be_zero() -> None:
    # yamamoto (left) backs up purchase but is never removed: only ito and watanabe appear
    tf = truck_factor("ga", GA, GA_ORG)
    assert tf is not None and "yamamoto" not in tf.order
    o = org(person("a"), person("gone", status=Status.LEFT))
    # 2 of 3 already have no holder: more than half before anyone leaves
    procs = [proc("p1", "gone"), proc("p2", None), proc("p3", "a")]
    zero = truck_factor("ga", procs, o)
    assert zero is not None and zero.factor == 0 and zero.no_holder_before == ("p1", "p2")


def test_truck_factors_list_departments_with_procedures_in_org_order() -> None:
    o = org(person("a"), person("x", dept="acc"))
    procs = [proc("p", "x", dept="acc"), proc("q", "a")]
    assert [t.department for t in truck_factors(procs, o)] == ["ga", "acc"]  # hr has no procedure


# ----------------------------------------------------------- hand-over candidates

def test_candidates_same_department_available_not_holders_roles_first_then_least_work() -> None:
    o = org(
        person("owner"), person("backup"),
        person("busy", roles=("総務担当",)),      # performs the role, but holds more
        person("free", roles=("総務担当",)),      # performs the role, holds nothing
        person("idle"),                           # no role, holds nothing
        person("light"),                          # no role, holds one procedure
        person("going", status=Status.LEAVING, leaving_on=date(2027, 1, 1)),
        person("gone", status=Status.LEFT),
        person("other", dept="acc", roles=("総務担当",)),
    )
    target = proc("target", "owner", ("backup",))
    procs = [target, proc("x1", "busy"), proc("x2", "busy"), proc("x3", "light")]
    work = work_held(procs, o)
    assert work["busy"] == WorkHeld(0.0, 2) and work["light"] == WorkHeld(0.0, 1)
    assert handover_candidates(target, o, work) == ("free", "busy", "idle", "light")


def test_candidates_rank_by_hours_owned_before_procedures_held_and_trainees_first() -> None:
    o = org(person("owner"), person("many"), person("heavy"), person("learner"))
    target = proc("target", "owner", trainees=("learner",))
    # many: owns three 10-hour procedures = 30 h; heavy: owns one 200-hour procedure
    procs = [target, proc("m1", "many"), proc("m2", "many"), proc("m3", "many"), proc("h1", "heavy"),
             proc("l1", "learner", ("many",))]
    hours = {"m1": 10.0, "m2": 10.0, "m3": 10.0, "h1": 200.0, "l1": 500.0}
    work = work_held(procs, o, hours)
    # backing up l1 adds a procedure to many, not hours
    assert work["many"] == WorkHeld(30.0, 4) and work["heavy"] == WorkHeld(200.0, 1)
    # the trainee comes first even with the most hours
    assert handover_candidates(target, o, work) == ("learner", "many", "heavy")


def test_candidates_when_a_person_is_gone_exclude_them_and_not_other_holders_only() -> None:
    o = org(person("a"), person("b"), person("c"))
    target = proc("t", "a", ("b",))
    # with a gone, b still holds it and is no candidate; c is
    assert handover_candidates(target, o, {}, gone={"a"}) == ("c",)


# ------------------------------------------------------------------ handover-late

@pytest.mark.parametrize("leaving_on, backups, trainees, late", [
    (date(2027, 1, 30), (), (), True),          # 60 days after TODAY: within
    (date(2027, 1, 31), (), (), False),         # 61 days: not yet
    (date(2026, 11, 1), (), (), True),          # already past and still "leaving"
    (date(2027, 1, 1), ("b",), (), False),      # another holder
    (date(2027, 1, 1), ("gone",), (), True),    # a backup who left holds nothing
    (date(2027, 1, 1), ("owner",), (), True),   # the owner as own backup is no other holder
    (date(2027, 1, 1), (), ("b",), False),      # a trainee is learning it
    (date(2027, 1, 1), (), ("gone",), True),    # a trainee who left is learning nothing
    (None, (), (), False),                      # no date: owner-leaving says it, not handover-late
])
def test_handover_late(leaving_on: date | None, backups: tuple[str, ...], trainees: tuple[str, ...],
                       late: bool) -> None:
    o = org(person("owner", status=Status.LEAVING, leaving_on=leaving_on), person("b"),
            person("gone", status=Status.LEFT))
    found = handover_late(proc("p", "owner", backups, trainees=trainees), o, TODAY, 60)
    assert (found is not None) == late
    if late:
        assert found is not None and found.id == "owner"


def test_handover_late_only_for_a_leaving_owner() -> None:
    o = org(person("owner"), person("b", status=Status.LEAVING, leaving_on=date(2026, 12, 10)))
    assert handover_late(proc("p", "owner", ("b",)), o, TODAY) is None
    assert handover_late(proc("p", "b"), o, TODAY, handover_days=5) is None  # 9 days away, 5-day window
    assert handover_late(proc("p", "b"), o, TODAY, handover_days=9) is not None


# ------------------------------------------------------------------- departures

def test_departures_timeline_is_cumulative_and_skips_past_dates() -> None:
    o = org(person("a", status=Status.LEAVING, leaving_on=date(2027, 1, 31)),
            person("b", status=Status.LEAVING, leaving_on=date(2027, 3, 31)),
            person("c", status=Status.LEAVING, leaving_on=date(2026, 1, 1)),
            person("d"))
    procs = [proc("p1", "a", ("b",)), proc("p2", "b"), proc("p3", "d", ("a",))]
    timeline = departures(procs, o, TODAY)
    assert [(d.on, d.people) for d in timeline] == [(date(2027, 1, 31), ("a",)), (date(2027, 3, 31), ("b",))]
    # a leaves: p1 keeps b (drops to no owner), p3 drops to a single owner
    assert timeline[0].no_holder == ()
    assert [(x.procedure, x.after) for x in timeline[0].dropped] == [
        ("p1", Coverage.NO_OWNER), ("p3", Coverage.SINGLE_OWNER)]
    # then b leaves: p1 and p2 have nobody left
    assert timeline[1].no_holder == ("p1", "p2") and timeline[1].dropped == ()


# -------------------------------------------------------------------- scenarios

def test_parse_scenarios() -> None:
    found = parse_scenarios({"総務の2人": {"people": ["ito", "watanabe"]},
                             "年度末": {"on": date(2027, 3, 31)}, "both": {"people": "ito", "on": "2027-01-31"}})
    assert [(s.name, s.people, s.on) for s in found] == [
        ("総務の2人", ("ito", "watanabe"), None), ("年度末", (), date(2027, 3, 31)),
        ("both", ("ito",), date(2027, 1, 31))]
    assert parse_scenarios(None) == []


@pytest.mark.parametrize("raw, words", [
    (["ito"], "mapping"),
    ({"x": {}}, "'x'"),
    ({"x": {"people": [1]}}, "people must be a list"),
    ({"x": {"on": "2027/03/31"}}, "YYYY-MM-DD"),
    ({"x": {"who": ["ito"]}}, "unknown key 'who'"),
])
def test_bad_scenarios_say_which_and_what(raw: object, words: str) -> None:
    with pytest.raises(ScenarioError, match=words):
        parse_scenarios(raw)


# ------------------------------------------------------------------- 星取表

def test_skill_matrix_rows_marks_and_totals() -> None:
    from tebiki.skills import skill_matrix

    o = org(person("ito"), person("watanabe"), person("yamamoto", status=Status.LEFT), person("sato", dept="acc"),
            person("new"))
    procs = [proc("a", "ito", ("watanabe", "ito"), trainees=("new",)), proc("b", "watanabe", ("sato", "yamamoto")),
             proc("c", "yamamoto"), proc("x", "sato", dept="acc")]
    m = skill_matrix("ga", procs, o)
    # the department's people who have not left, then sato (acc) who backs up b
    assert [p.id for p in m.people] == ["ito", "watanabe", "new", "sato"]
    assert [[m.mark(p.id, q.id) for q in m.procedures] for p in m.people] == [
        ["◎", "", ""], ["○", "◎", ""], ["△", "", ""], ["", "○", ""]]
    # owner listed as own backup counts once; trainees and people who left never count
    assert [m.column_total(q.id) for q in m.procedures] == [2, 2, 0]
    assert [m.row_total(p.id) for p in m.people] == [1, 2, 0, 1]
    assert m.total == 4 == sum(m.row_total(p.id) for p in m.people)


def _departures_one_look_at_each_procedure_per_date(procedures: list[Procedure], o: Org) -> list[tuple]:
    """The timeline as the rule reads (spec: each date, cumulative), every procedure looked at on every date."""
    from tebiki.coverage import coverage_of
    from tebiki.risk import CLASS_RANK, leaving_by, without

    dates = sorted({p.leaving_on for p in o.people.values()
                    if p.status is Status.LEAVING and p.leaving_on is not None and p.leaving_on >= TODAY})
    no_holder = {p.id for p in procedures if not holders(p, o)}
    classes = {p.id: coverage_of(p, o) for p in procedures}
    out = []
    for day in dates:
        after_org = without(o, leaving_by(o, day))
        newly, dropped = [], []
        for p in procedures:
            after = coverage_of(p, after_org)
            if p.id not in no_holder and not holders(p, after_org):
                newly.append(p.id)
            elif CLASS_RANK[after] < CLASS_RANK[classes[p.id]]:
                dropped.append(Dropped(p.id, classes[p.id], after))
            classes[p.id] = after
        no_holder.update(newly)
        out.append((day, tuple(newly), tuple(dropped)))
    return out


def test_departures_agree_with_every_procedure_looked_at_on_every_date() -> None:
    import random

    rng = random.Random(13)
    for _ in range(40):
        ids = [f"u{i}" for i in range(12)]
        people = [person(i, status=rng.choice([Status.ACTIVE, Status.LEAVING, Status.LEAVING, Status.LEFT]),
                         leaving_on=rng.choice([None, date(2026, 6, 1), date(2027, 1, 31), date(2027, 2, 28),
                                                date(2027, 3, 31), date(2027, 3, 31)]))
                  for i in ids]
        o = org(*people)
        procs = [proc(f"p{n}", rng.choice([*ids, None, "ghost"]), tuple(rng.sample([*ids, "ghost"], rng.randint(0, 3))))
                 for n in range(30)]
        timeline = departures(procs, o, TODAY)
        assert [(d.on, d.no_holder, d.dropped) for d in timeline] == \
            _departures_one_look_at_each_procedure_per_date(procs, o)


def test_departures_look_again_only_at_the_procedures_of_who_leaves(monkeypatch: pytest.MonkeyPatch) -> None:
    # 10 dates, 200 procedures; each leaver holds 2 of them: after the first look at every
    # procedure, each date looks again at those 2 only (not 200 a date: quadratic at 10,000)
    import tebiki.risk as risk

    leavers = [person(f"l{d}", status=Status.LEAVING, leaving_on=date(2027, 1, d + 1)) for d in range(10)]
    o = org(*leavers, person("stay"))
    procs = [proc(f"p{n}", "stay", (f"l{n}",) if n < 10 else ()) for n in range(190)]
    procs += [proc(f"q{n}", f"l{n}") for n in range(10)]
    calls = []
    real = risk.coverage_of
    monkeypatch.setattr(risk, "coverage_of", lambda p, org: calls.append(p.id) or real(p, org))
    timeline = departures(procs, o, TODAY)
    assert len(timeline) == 10
    assert len(calls) == 200 + 10 * 2
    assert [d.no_holder for d in timeline] == [(f"q{n}",) for n in range(10)]
    assert [[x.procedure for x in d.dropped] for d in timeline] == [[f"p{n}"] for n in range(10)]
