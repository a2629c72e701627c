"""planner.planning: the bridge between the store and the scheduler.

Two stores: a small hand-made one (`testshire`: three young people open to CAMHS with EHC plans,
all turning 18 on 10 October 2027, the CAMHS team able to start one piece of work a week), where
every effect can be worked out by hand; and the Westmere demo area (150 people) planned once per
test session (tests/conftest.py), for the properties every stored plan must have.
"""

from __future__ import annotations

import datetime as dt

import pytest

from planner import store, validate
from planner.planning import area, capacity, events, person, runs, weeks

AS_OF = dt.date(2026, 11, 23)  # a Monday
AREA = "testshire"
CHILDREN_END = dt.date(2027, 10, 10)  # the 18th birthday: CAMHS ends


def _tiny(db, people: int = 3, camhs_per_week: float = 1.0) -> None:
    store.upsert_teams(db, AREA, [
        {"id": "camhs_team", "name": "CAMHS care coordinators", "unit": "week", "per_week": camhs_per_week,
         "from_date": "2020-01-01"},
        {"id": "adult_mental_health", "name": "Adult mental health", "unit": "month"},
        {"id": "send_team", "name": "SEND team", "unit": "month"},
    ], by="test")
    store.upsert_people(db, [
        {"id": f"{AREA}-{i}", "area": AREA, "local_id": str(i), "name": f"Person {i}", "dob": "2009-10-10",
         "camhs": 1, "ehc_plan": 1, "last_review": "2026-02-01"} for i in range(people)], by="test")
    store.upsert_episodes(db, [{"person_id": f"{AREA}-{i}", "service_id": "camhs", "start": "2020-01-01"}
                               for i in range(people)])


@pytest.fixture
def tiny():
    """The hand-made store, planned and accepted."""
    db = store.open_db(":memory:")
    _tiny(db)
    runs.plan_area(db, AREA, AS_OF, time_limit=2, workers=1, accept_now=True)
    yield db
    db.close()


def step(db, person: int, key: str) -> dict:
    sid = f"{AREA}-{person}/camhs_to_adult_mental_health/{key}"
    return next(s for s in store.steps_for(db, f"{AREA}-{person}") if s["id"] == sid)


@pytest.fixture
def westmere_planned(planned_westmere):
    """Westmere, planned (3 s, one worker) and accepted once per session (tests/conftest.py)."""
    return planned_westmere


@pytest.fixture
def westmere_copy(planned_db):
    """An open connection on a private copy of it, for a test that writes."""
    db = store.open_db(planned_db)
    yield db
    db.close()


# --- weeks and dates ---------------------------------------------------------------------------

@pytest.mark.parametrize("day, monday", [
    (dt.date(2026, 11, 23), dt.date(2026, 11, 23)),  # a Monday is its own week
    (dt.date(2026, 11, 29), dt.date(2026, 11, 23)),  # Sunday
    (dt.date(2026, 11, 30), dt.date(2026, 11, 30)),
    (dt.date(2027, 1, 1), dt.date(2026, 12, 28)),  # across the year
])
def test_monday_of(day, monday):
    assert weeks.monday_of(day) == monday


@pytest.mark.parametrize("day, week, boundary", [
    # first week starting on or after the day; last week boundary whose previous day is on or before it
    (dt.date(2026, 11, 20), 0, -1),  # before week 0: a start is never in a negative week
    (dt.date(2026, 11, 23), 0, 0),
    (dt.date(2026, 11, 24), 1, 0),
    (dt.date(2026, 11, 29), 1, 1),  # a deadline on the Sunday allows a step in week 0
    (dt.date(2026, 11, 30), 1, 1),
    (dt.date(2026, 12, 6), 2, 2),
])
def test_week_from_and_boundary_by(day, week, boundary):
    start = dt.date(2026, 11, 23)
    assert weeks.week_from(start, day) == week
    assert weeks.boundary_by(start, day) == boundary


def test_start_and_end_dates():
    start = dt.date(2026, 11, 23)
    assert weeks.start_date(start, 0) == start
    assert weeks.start_date(start, 2) == dt.date(2026, 12, 7)
    assert weeks.end_date(start, 0, 1) == dt.date(2026, 11, 29)  # a one-week step ends on the Sunday
    assert weeks.end_date(start, 2, 3) == dt.date(2026, 12, 27)
    # A step ending by a deadline: its last day is on or before the deadline's boundary.
    deadline = dt.date(2027, 3, 31)
    b = weeks.boundary_by(start, deadline)
    assert weeks.end_date(start, b - 1, 1) <= deadline < weeks.end_date(start, b, 1)


def test_progress_words():
    assert runs.progress_words("read", {"handovers": 3, "steps": 9, "seconds": 0.1}) == \
        "Read 3 handovers with 9 steps to plan"
    assert runs.progress_words("improve", {"round": 4, "improved": 1}) == \
        "Improving the plan: round 4, 1 better so far"
    assert runs.progress_words("improve", {}) == "Improving the plan"
    assert runs.progress_words("something new", {}) == "Something new"


# --- planning an area --------------------------------------------------------------------------

def test_plan_area_stores_a_proposal_that_passes_validation(westmere_copy):
    db = westmere_copy
    phases = []
    summary = runs.plan_area(db, "westmere", AS_OF, time_limit=3, workers=1,
                                 progress=lambda phase, info: phases.append(phase))
    assert summary.valid and phases[0] == "reading the area" and phases[-1] == "done"
    run = runs.run_detail(db, summary.run_id)
    assert run["status"] == "proposed" and run["detail"]["final"] == summary.final
    assert summary.final["weighted_gap_weeks"] >= summary.lower_bound["weighted_gap_weeks"]
    rows = list(db.query("SELECT * FROM run_steps WHERE run_id = ?", [summary.run_id]))
    ap = area.build(db, "westmere", AS_OF)
    starts = person.starts_from_rows(ap, rows)
    assert set(starts) == set(ap.problem.step_by_id)
    assert validate.check(ap.problem, starts).valid
    for r in rows:
        if r["status"] == "not_recorded":  # due before the record began: stored, never planned
            assert r["start"] is None and r["end"] is None and "not recorded" in r["reason"], r["id"]
            assert r["id"] not in ap.problem.step_by_id
            continue
        start, end = dt.date.fromisoformat(r["start"]), dt.date.fromisoformat(r["end"])
        assert start.weekday() == 0 and end == start + dt.timedelta(weeks=r["duration_weeks"], days=-1), r["id"]
        assert start >= dt.date.fromisoformat(r["earliest"]), f"{r['id']} starts before its earliest date"
        assert r["reason"], r["id"]


def test_no_adult_service_step_is_stored_before_its_earliest_date(westmere_planned, westmere_copy):
    db = westmere_copy
    steps = list(db.query("SELECT * FROM steps"))
    transfers = [s for s in steps if s["kind"] == "transfer"]
    assert transfers
    for s in steps:
        if s["status"] == "not_recorded":
            assert s["start"] is None, s["id"]
            continue
        assert s["start"] >= s["earliest"], s["id"]
    for s in transfers:  # the adult service never starts before the rule allows
        assert dt.date.fromisoformat(s["start"]) >= dt.date.fromisoformat(s["earliest"])


def test_accepting_a_new_plan_keeps_steps_already_done(westmere_copy):
    db = westmere_copy
    sam = store.get_user(db, "young.sam")["person_id"]
    first = store.steps_for(db, sam)[0]
    done = events.record_event(db, sam, "meeting_held", AS_OF, "worker.ann", step_id=first["id"])
    assert done.step_done == first["id"] and "is marked done" in done.message
    summary = runs.plan_area(db, "westmere", AS_OF, time_limit=2, workers=1)
    assert first["id"] not in {r["id"] for r in store.run_steps_for(db, summary.run_id, sam)}
    counts = runs.accept(db, summary.run_id, "manager.raj")
    assert counts["steps"] == summary.steps
    kept = next(s for s in store.steps_for(db, sam) if s["id"] == first["id"])
    assert kept["status"] == "done" and kept["start"] == first["start"]
    assert runs.run_detail(db, summary.run_id)["status"] == "accepted"
    with pytest.raises(ValueError, match="not a proposal"):
        runs.accept(db, summary.run_id, "manager.raj")
    assert db.execute("SELECT count(*) FROM audit_log WHERE action = 'accept plan'").fetchone()[0] == 2


def test_plan_area_refuses_an_area_with_nothing_to_plan():
    db = store.open_db(":memory:")
    with pytest.raises(ValueError, match="nothing to plan"):
        runs.plan_area(db, "nowhere", AS_OF, time_limit=1, workers=1)


# --- one person: move a step, see the effect, save -----------------------------------------------

def test_moving_the_adult_service_start_later_makes_a_gap(tiny):
    transfer = step(tiny, 1, "transfer")
    effect = person.person_effect(tiny, f"{AREA}-1", AS_OF, {transfer["id"]: dt.date(2027, 12, 6)})
    assert (effect.gap_weeks_before, effect.gap_weeks_after) == (0, 9)  # 10 Oct to 12 Dec 2027, rounded up
    after = {r["id"]: r for r in effect.after}
    assert after[transfer["id"]]["start"] == "2027-12-06"
    assert transfer["id"] in effect.changed and not effect.messages
    gap = next(h for h in effect.handovers_after if h["due"])
    assert gap["gap_weeks"] == 9 and gap["due"] == CHILDREN_END.isoformat()
    person.save_person(tiny, effect, "worker.ann", moved=[transfer["id"]])
    saved = step(tiny, 1, "transfer")
    assert saved["start"] == "2027-12-06" and saved["pinned"] == 1 and saved["version"] == transfer["version"] + 1
    assert store.handovers_for(tiny, f"{AREA}-1")[-1]["gap_weeks"] == 9
    # The next plan of the area keeps the worker's date as the step's earliest start.
    ap = area.build(tiny, AREA, AS_OF)
    assert ap.date_of(ap.problem.step_by_id[transfer["id"]].earliest_week) == dt.date(2027, 12, 6)


def test_a_step_moved_into_a_full_week_starts_in_the_first_week_with_room(tiny):
    taken = step(tiny, 0, "joint_meeting")  # the CAMHS team's one place that week
    mine = step(tiny, 1, "joint_meeting")
    day = dt.date.fromisoformat(taken["start"])
    assert mine["start"] != taken["start"]
    effect = person.person_effect(tiny, f"{AREA}-1", AS_OF, {mine["id"]: day})
    got = dt.date.fromisoformat(next(r for r in effect.after if r["id"] == mine["id"])["start"])
    assert got > day
    assert effect.messages == [
        f"Joint meeting with CAMHS and the adult service: the team has no free place in the week of "
        f"{day.day} {day:%B %Y}, so it starts on {got.day} {got:%B %Y}, the first week with room."]


def test_bad_moves_are_refused_in_plain_words(tiny):
    with pytest.raises(ValueError, match="is not an open step of this person's plan"):
        person.person_effect(tiny, f"{AREA}-1", AS_OF, {f"{AREA}-0/camhs_to_adult_mental_health/transfer":
                                                           dt.date(2027, 12, 6)})
    with pytest.raises(ValueError, match="cannot be moved into the past"):
        person.person_effect(tiny, f"{AREA}-1", AS_OF, {step(tiny, 1, "transfer")["id"]: dt.date(2026, 1, 5)})
    with pytest.raises(store.NotFoundError):
        person.person_effect(tiny, "nobody", AS_OF, {})


def test_saving_after_someone_else_saved_is_refused_and_nothing_is_written(tiny):
    transfer = step(tiny, 1, "transfer")
    effect = person.person_effect(tiny, f"{AREA}-1", AS_OF, {transfer["id"]: dt.date(2027, 12, 6)})
    # Meanwhile another worker changes one of this person's steps.
    store.update_step(tiny, step(tiny, 1, "referral")["id"], {"start": "2027-02-15", "end": "2027-02-21"},
                      expected_version=None, by="worker.bob")
    with pytest.raises(store.ConflictError, match="changed by worker.bob .* Nothing was saved"):
        person.save_person(tiny, effect, "worker.ann", moved=[transfer["id"]])
    assert step(tiny, 1, "transfer")["start"] == transfer["start"]


# --- what happened --------------------------------------------------------------------------------

def test_did_not_attend_after_the_adult_service_started_plans_a_follow_up(tiny):
    pid, transfer = f"{AREA}-2", step(tiny, 2, "transfer")
    day = dt.date(2027, 10, 7)  # a Thursday
    early = events.record_event(tiny, pid, "did_not_attend", dt.date(2027, 9, 1), "worker.ann",
                                  step_id=transfer["id"], today=day)
    assert early.follow_up_step is None and "Book the appointment again" in early.message
    started = events.record_event(tiny, pid, "adult_service_started", dt.date(2027, 10, 4), "worker.ann",
                                    step_id=transfer["id"], today=day)
    assert started.step_done == transfer["id"] and step(tiny, 2, "transfer")["status"] == "done"
    missed = events.record_event(tiny, pid, "did_not_attend", day, "worker.ann", step_id=transfer["id"],
                                   note="first appointment", today=day)
    assert missed.follow_up_step == f"{AREA}-2/camhs_to_adult_mental_health/dna_follow_up/2027-10-07"
    assert "follow-up is planned within two weeks" in missed.message
    follow = next(s for s in store.steps_for(tiny, pid) if s["id"] == missed.follow_up_step)
    assert (follow["start"], follow["deadline"], follow["status"]) == ("2027-10-11", "2027-10-21", "planned")
    assert [e["kind"] for e in store.events_for(tiny, pid)] == ["did_not_attend", "adult_service_started",
                                                               "did_not_attend"]


def test_an_event_cannot_be_in_the_future_or_name_another_persons_step(tiny):
    with pytest.raises(ValueError, match="cannot be in the future"):
        events.record_event(tiny, f"{AREA}-0", "meeting_held", dt.date(2026, 12, 1), "worker.ann", today=AS_OF)
    with pytest.raises(ValueError, match="is not one of this person's steps"):
        events.record_event(tiny, f"{AREA}-0", "meeting_held", AS_OF, "worker.ann",
                              step_id=step(tiny, 1, "transfer")["id"], today=AS_OF)
    refused = events.record_event(tiny, f"{AREA}-0", "referral_refused", AS_OF, "worker.ann",
                                    step_id=step(tiny, 0, "referral")["id"], today=AS_OF)
    assert "make a new referral" in refused.message and step(tiny, 0, "referral")["status"] == "refused"


# --- capacity ---------------------------------------------------------------------------------------

def test_change_capacity_is_audited_and_refuses_a_stale_edit(tiny):
    day = dt.date(2027, 4, 1)
    assert capacity.change_capacity(tiny, AREA, "camhs_team", day, 2.0, "manager.raj", expected_version=0) == 1
    audit = store.list_audit(tiny, username="manager.raj")
    assert audit[0]["action"] == "set capacity" and "camhs_team from 2027-04-01: 2 a week" in audit[0]["detail"]
    # Someone who saw no row for that date, saving after it was made: refused with who and when.
    with pytest.raises(store.ConflictError, match="changed by manager.raj"):
        capacity.change_capacity(tiny, AREA, "camhs_team", day, 3.0, "admin.kim", expected_version=0)
    assert capacity.change_capacity(tiny, AREA, "camhs_team", day, 3.0, "admin.kim", expected_version=1) == 2
    with pytest.raises(store.ConflictError, match="changed by admin.kim"):
        capacity.change_capacity(tiny, AREA, "camhs_team", day, 4.0, "manager.raj", expected_version=1)
    assert [r["per_week"] for r in store.capacity_for(tiny, AREA, "camhs_team")] == [1.0, 3.0]
    with pytest.raises(ValueError, match="less than 0"):
        capacity.change_capacity(tiny, AREA, "camhs_team", day, -1, "admin.kim")
    with pytest.raises(ValueError, match="not one of the teams"):
        capacity.change_capacity(tiny, AREA, "no_team", day, 1, "admin.kim")


def test_capacity_what_if_more_capacity_never_adds_gap_weeks():
    db = store.open_db(":memory:")
    _tiny(db, people=6, camhs_per_week=0.25)  # one piece of work every four weeks: gaps
    w = capacity.capacity_what_if(db, AREA, "camhs_team", AS_OF, 5.0, AS_OF)
    assert w.gap_weeks_now > 0 and w.bound_now <= w.gap_weeks_now
    assert w.gap_weeks_then < w.gap_weeks_now and w.bound_then <= min(w.bound_now, w.gap_weeks_then)
    assert w.handovers_with_gap_then <= w.handovers_with_gap_now
    assert store.capacity_for(db, AREA, "camhs_team")[0]["per_week"] == 0.25  # nothing saved
    with pytest.raises(ValueError, match="less than 0"):
        capacity.capacity_what_if(db, AREA, "camhs_team", AS_OF, -1, AS_OF)


def test_only_the_current_annual_review_is_planned_and_not_beside_the_year11_review():
    """E-3: the review of the current s.44(1) period only (the next counts from the day it is
    held); the Year 11 review stands in for it when it can be held inside the period."""
    from planner import milestones
    from planner.models import Person, StepStatus

    as_of = dt.date(2026, 11, 23)
    person = Person(id="p", dob=dt.date(2009, 3, 1), ehc_plan=True, last_review=dt.date(2026, 2, 10))
    timeline = milestones.for_person(person, as_of=as_of)
    (review,) = area.annual_reviews("p", timeline, as_of, dt.date(2029, 11, 23))
    # The 12 months starting with 10 Feb 2026 end on 9 Feb 2027, the day before the anniversary.
    assert review.deadline == dt.date(2027, 2, 9) and review.statutory and review.mergeable_meeting
    assert review.status is StepStatus.PLANNED
    assert review.window_start == dt.date(2027, 2, 9) - dt.timedelta(weeks=12)
    assert review.window_end == dt.date(2027, 1, 12)  # the decision inside the 12 months (Code 9.169)
    year11 = review.model_copy(update={"key": "year11_review", "earliest_start": dt.date(2026, 12, 1)})
    assert area.annual_reviews("p", timeline, as_of, dt.date(2029, 11, 23), year11) == []
    late_year11 = year11.model_copy(update={"earliest_start": dt.date(2027, 2, 10)})  # after the period
    assert len(area.annual_reviews("p", timeline, as_of, dt.date(2029, 11, 23), late_year11)) == 1
    assert area.annual_reviews("p", timeline, as_of, dt.date(2027, 1, 1)) == []  # beyond the horizon
