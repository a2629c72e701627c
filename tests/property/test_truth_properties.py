"""Issue 11's invariants, with Hypothesis: the plan tells the truth.

1. No annual-review deadline falls on or after the anniversary of the day its 12 months start
   with (CFA 2014 s.44(1), "the period of 12 months starting with"), and none after the plan's
   end (reg 46; E-16).
2. Nothing is shown as done without a recorded event: whatever is planned, re-planned and
   recorded, a step is done only if an event for it says so, and the store refuses otherwise.
3. Every step past its deadline with nothing recorded is overdue (or, if it fell due before the
   record began, 'not recorded'): in the handovers, on the worker's plan, on the caseload and on
   the family's timeline. Never "assumed done".
"""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from planner import handovers, milestones, store
from planner import pathways as pw
from planner import schoolyear as sy
from planner.models import Person, StepStatus
from planner.planning import events, runs
from planner.views import caseload, journey
from planner.views import plan as plan_view

dobs = st.dates(min_value=dt.date(2001, 9, 1), max_value=dt.date(2014, 8, 31))
days = st.integers(min_value=0, max_value=3650)


def anniversary(start: dt.date) -> dt.date:
    """The corresponding day a year on; a 29 February start rolls to 1 March (C2)."""
    return sy.anniversary(start, 1)


@given(dob=dobs, issued_after=days, reviewed_after=st.one_of(st.none(), days), as_of_after=days)
def test_no_annual_review_deadline_on_or_after_its_anniversary_or_after_the_plan(dob, issued_after, reviewed_after,
                                                                                  as_of_after):
    issued = dob + dt.timedelta(days=365 + issued_after)
    review = issued + dt.timedelta(days=reviewed_after) if reviewed_after is not None else None
    as_of = issued + dt.timedelta(days=as_of_after)
    tl = milestones.for_person(Person(dob=dob, ehc_plan=True, plan_issued=issued, last_review=review), as_of=as_of)
    plan_end = tl.core["ehcp_fe_academic_year_end_at_25"]
    start = review or issued
    reviews = sorted(m.date for m in tl.milestones if m.key.startswith(("annual_review_due", "annual_review_projected")))
    if "annual_review_due" in tl.keys():
        due = tl.by_key("annual_review_due").date
        assert start <= due < anniversary(start)
        assert tl.by_key("annual_review_latest_meeting").date == due - dt.timedelta(days=28)
    else:
        assert sy.period_end(start) > plan_end  # only left out because the plan has ended (E-16)
    for earlier, later in zip(reviews, reviews[1:], strict=False):
        assert later < anniversary(max(earlier, as_of + dt.timedelta(days=14)))  # each within 12 months
    assert all(r <= plan_end <= tl.core["day_before_26th_birthday"] for r in reviews)


@given(dob=st.dates(min_value=dt.date(2006, 9, 1), max_value=dt.date(2012, 8, 31)),
       as_of_after=st.integers(min_value=0, max_value=2000), began_before=st.integers(min_value=0, max_value=2500),
       flags=st.fixed_dictionaries({k: st.booleans() for k in ("camhs", "continuing_care", "childrens_social_care",
                                                                "paediatrics", "dla", "ld_register")}))
def test_every_past_deadline_step_is_overdue_or_not_recorded_never_assumed_done(dob, as_of_after, began_before, flags):
    as_of = dob + dt.timedelta(days=13 * 365 + as_of_after)
    began = max(dob, as_of - dt.timedelta(days=began_before))
    person = Person(id="p", dob=dob, record_started=began, **flags)
    graph = pw.default_graph()
    tl = milestones.for_person(person, as_of=as_of)
    found = handovers.for_person(person, handovers.implied_episodes(person, graph, as_of), graph, tl,
                                 tl.core["day_before_26th_birthday"])
    for h in found:
        edge = graph.graph["handovers"][h.handover_type]
        assert len(h.steps) == len(edge.steps)  # every step kept: none dropped as "assumed done"
        for s in h.steps:
            if s.deadline >= as_of:
                assert s.status is StepStatus.PLANNED
            elif s.deadline < began and s.kind != "transfer":
                assert s.status is StepStatus.NOT_RECORDED
            else:
                assert s.status is StepStatus.OVERDUE and s.earliest_start >= as_of


# --- the store: planned, recorded, re-planned ----------------------------------------------------

AREA = "propshire"
AS_OF = dt.date(2026, 11, 23)


def _area(db) -> None:
    store.upsert_teams(db, AREA, [
        {"id": "camhs_team", "name": "CAMHS", "unit": "week", "per_week": 1.0, "from_date": "2020-01-01"},
        {"id": "send_team", "name": "SEND team", "unit": "week", "per_week": 1.0, "from_date": "2020-01-01"},
    ], by="test")
    people = [
        {"local_id": "a", "dob": "2009-10-10", "camhs": 1, "ehc_plan": 1, "last_review": "2025-10-01"},  # review overdue
        {"local_id": "b", "dob": "2009-03-03", "camhs": 1, "childrens_social_care": 1, "continuing_care": 1},
        {"local_id": "c", "dob": "2010-08-31", "ehc_plan": 1, "dla": 1, "last_review": "2026-03-01"},
    ]
    store.upsert_people(db, [{"id": f"{AREA}-{p['local_id']}", "area": AREA, "name": p["local_id"],
                              "record_started": "2025-06-01", **p} for p in people], by="test")
    store.upsert_episodes(db, [{"person_id": f"{AREA}-{p['local_id']}", "service_id": s, "start": "2020-01-01"}
                               for p in people for s in ("camhs", "childrens_social_care", "childrens_continuing_care")
                               if p.get({"childrens_continuing_care": "continuing_care"}.get(s, s))])


@pytest.fixture(scope="module")
def planned_db():
    db = store.open_db(":memory:")
    _area(db)
    runs.plan_area(db, AREA, AS_OF, time_limit=2, workers=1, accept_now=True)
    yield db
    db.close()


KINDS = ("meeting_held", "referral_made", "referral_refused", "assessment_done", "did_not_attend", "note")


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_nothing_is_done_without_a_recorded_event_and_past_deadlines_are_overdue(planned_db, data):
    db = planned_db
    with db.atomic():  # each example starts from the accepted plan and rolls its events back
        db.execute("SAVEPOINT example")
        try:
            steps = list(db.query("SELECT * FROM steps ORDER BY id"))
            chosen = data.draw(st.lists(st.sampled_from(steps), max_size=4, unique_by=lambda s: s["id"]))
            for s in chosen:
                kind = data.draw(st.sampled_from(KINDS))
                events.record_event(db, s["person_id"], kind, AS_OF, "test", step_id=s["id"], today=AS_OF)
            later = AS_OF + dt.timedelta(days=data.draw(st.integers(min_value=0, max_value=900)))
            if data.draw(st.booleans()):
                runs.plan_area(db, AREA, AS_OF + dt.timedelta(days=7), time_limit=1, workers=1, accept_now=True)
            _check(db, later)
        finally:
            db.execute("ROLLBACK TO example")
            db.execute("RELEASE example")


def _check(db, today: dt.date) -> None:
    recorded = {(e["step_id"], e["kind"]) for e in db.query("SELECT step_id, kind FROM events WHERE step_id IS NOT NULL")}
    with_event = {sid for sid, _ in recorded}
    people = list(db.query("SELECT * FROM people"))
    all_steps = list(db.query("SELECT * FROM steps"))
    counts = {r.person_id: r.overdue for r in caseload.rows(people, list(db.query("SELECT * FROM handovers")),
                                                            all_steps, today)}
    expected = dict.fromkeys(counts, 0)
    for s in all_steps:
        status = plan_view.status_key(s, today)
        if s["status"] in ("done", "refused"):
            assert s["id"] in with_event, f"{s['id']} is {s['status']} with no event recorded"
        deadline = dt.date.fromisoformat(s["deadline"])
        if deadline < today and s["status"] == "planned":  # nothing recorded that closes it
            assert status is StepStatus.OVERDUE, s["id"]
            # To the family: overdue where the law set the date, "recommended date passed" otherwise.
            assert journey.step_status_of(s, today) is (journey.Status.OVERDUE if s["statutory"] else journey.Status.MISSED)
            expected[s["person_id"]] += 1
        if status is StepStatus.DONE:
            assert any((s["id"], kind) in recorded for kind in events.STEP_DONE_BY)
    assert counts == expected
    with pytest.raises(ValueError, match="recording what happened"):
        planned = next(s for s in all_steps if s["id"] not in with_event)
        store.update_step(db, planned["id"], {"status": "done"}, expected_version=None, by="test")


def test_an_overdue_annual_review_is_planned_and_never_replaced_by_next_years(planned_db):
    """Person a: last review 1 Oct 2025, so the 12 months ended 30 Sep 2026: overdue on 23 Nov
    2026, planned after 2 weeks' notice, and no 2027 review beside it."""
    reviews = [s for s in store.steps_for(planned_db, f"{AREA}-a") if s["handover_id"].endswith("/annual_review")]
    assert [r["deadline"] for r in reviews] == ["2026-09-30"]
    assert plan_view.status_key(reviews[0], AS_OF) is StepStatus.OVERDUE
    assert reviews[0]["start"] >= "2026-12-07" and "overdue" in reviews[0]["reason"]


def test_holding_the_review_starts_the_next_period_from_that_day(planned_db):
    db = planned_db
    with db.atomic():
        db.execute("SAVEPOINT held")
        try:
            review = next(s for s in store.steps_for(db, f"{AREA}-a") if s["handover_id"].endswith("/annual_review"))
            held = dt.date(2026, 12, 10)
            done = events.record_event(db, f"{AREA}-a", "meeting_held", held, "test", step_id=review["id"], today=held)
            assert done.step_done == review["id"] and "counted from this meeting" in done.message
            assert store.get_person(db, f"{AREA}-a")["last_review"] == "2026-12-10"
            tl = milestones.for_person(store.person_model(store.get_person(db, f"{AREA}-a")), as_of=held)
            assert tl.by_key("annual_review_due").date == dt.date(2027, 12, 9)
        finally:
            db.execute("ROLLBACK TO held")
            db.execute("RELEASE held")
