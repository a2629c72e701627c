"""From the store to the scheduler: an annual review whose 12 months have ended with nothing
recorded is overdue (CFA 2014 s.44(1): a continuing breach), and the plan holds it at the first
place the SEND team has once two weeks' notice is given (SEN&D Regs 2014 reg 20(3)), before the
reviews that are not yet due."""

import datetime as dt

from planner import store, validate
from planner.planning import area
from planner.scheduler.plan import plan

AS_OF = dt.date(2026, 11, 23)  # a Monday: week 0
AREA = "overdueshire"
# Three young people whose review periods ended in 2026 with no review recorded, and three
# whose reviews fall due in January 2027.
LAST_REVIEW = {0: "2025-06-01", 1: "2025-09-15", 2: "2025-11-01",
               3: "2026-01-20", 4: "2026-01-25", 5: "2026-01-30"}


def _store():
    db = store.open_db(":memory:")
    store.upsert_teams(db, AREA, [
        # One review a month: cumulative rounding gives a place in weeks 3, 7, 11, ...
        {"id": "send_team", "name": "SEND team", "unit": "week", "per_week": 0.25, "from_date": "2020-01-01"},
    ], by="test")
    store.upsert_people(db, [
        {"id": f"{AREA}-{i}", "area": AREA, "local_id": str(i), "name": f"Person {i}", "dob": "2010-12-10",
         "ehc_plan": 1, "last_review": last, "record_started": "2020-01-01"} for i, last in LAST_REVIEW.items()],
        by="test")
    return db


def test_overdue_reviews_are_marked_and_held_first():
    db = _store()
    ap = area.build(db, AREA, AS_OF)
    p = ap.problem
    reviews = {s.person_id: s for s in p.steps if "/annual_review/" in s.id}
    assert sorted(reviews) == [f"{AREA}-{i}" for i in LAST_REVIEW]
    for i in range(3):
        s = reviews[f"{AREA}-{i}"]
        # Two weeks' notice: the meeting can be held from week 2, so it ends by week 3 at the soonest.
        assert (s.earliest_week, s.due_now_week, s.deadline_week) == (2, 3, 3)
    assert all(not reviews[f"{AREA}-{i}"].overdue for i in range(3, 6))
    result = plan(p, time_limit=5, workers=1, seed=1)
    assert validate.check(p, result.starts).valid
    overdue = sorted(result.starts[reviews[f"{AREA}-{i}"].id] for i in range(3))
    due = sorted(result.starts[reviews[f"{AREA}-{i}"].id] for i in range(3, 6))
    assert overdue == [3, 7, 11]  # the team's first three places
    assert min(due) > max(overdue)
    # Each ends one week past its soonest end (week 3) at the least, then 5 and 9: what the one
    # place a month forces, as the bound proves.
    assert result.metrics.overdue_weeks == 1 + 5 + 9 == result.bound.overdue_weeks
    # The price: the three reviews due in January miss their dates (one new breach for each
    # breach already happening that is dealt with), besides the three overdue ones counted late.
    assert result.metrics.breaches == 6
