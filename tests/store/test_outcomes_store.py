"""Outcome records and what young people said they wanted: the store, recording, the check-in
and the aspirations-against-outcomes sentences (planner.outcomes)."""

from __future__ import annotations

import datetime as dt
import sqlite3

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from planner import outcomes as oc
from planner import store
from planner.need import outcomes as need_outcomes

TODAY = dt.date(2026, 1, 15)


@pytest.fixture
def db(fresh_db):
    store.upsert_people(fresh_db, [{"area": "w", "local_id": "1", "dob": "2005-05-01", "ehc_plan": 1, "name": "Sam Taylor"}],
                        by="t")
    return fresh_db


def test_a_worker_record_round_trips_and_moves_the_figures_counter(db):
    before = store.figures.data_stamp(db)
    record = oc.OutcomeRecord(person_id="w-1", observed_on=dt.date(2025, 3, 20), source="annual review",
                              activity="supported_internship", activity_where="the farm park",
                              activity_since=dt.date(2025, 3, 3), living="with_family", adult_gp=True,
                              health_check=False, note="Loves the goats.")
    rid = oc.record_outcome(db, record, by="worker.ann", today=TODAY)
    [back] = oc.history(db, "w-1")
    assert back.id == rid and back.recorded_by == "worker.ann" and back.recorded_at
    assert back.model_dump(exclude={"id", "recorded_by", "recorded_at"}) == record.model_dump(
        exclude={"id", "recorded_by", "recorded_at"})
    assert store.figures.data_stamp(db) > before


@pytest.mark.parametrize("day,message", [
    (dt.date(2026, 1, 16), "cannot be in the future"),
    (dt.date(2005, 4, 30), "before the young person was born"),
])
def test_recording_refuses_impossible_dates(db, day, message):
    record = oc.OutcomeRecord(person_id="w-1", observed_on=day, source="annual review", activity="neet")
    with pytest.raises(ValueError, match=message):
        oc.record_outcome(db, record, by="worker.ann", today=TODAY)
    assert oc.history(db, "w-1") == []


def test_a_record_must_say_something_and_fit_together():
    with pytest.raises(ValueError, match="at least one thing"):
        oc.OutcomeRecord(person_id="w-1", observed_on=TODAY, source="annual review")
    with pytest.raises(ValueError, match="paid hours do not fit"):
        oc.OutcomeRecord(person_id="w-1", observed_on=TODAY, source="x", activity="neet", paid_hours=10)
    with pytest.raises(ValueError, match="activity_since"):
        oc.OutcomeRecord(person_id="w-1", observed_on=TODAY, source="x", activity="neet",
                         activity_since=TODAY + dt.timedelta(days=1))
    assert oc.OutcomeRecord(person_id="w-1", observed_on=TODAY, source="SEN2", cease_reason=6).cease_reason.words


@pytest.mark.parametrize("column,value", [("activity", "sleeping"), ("living", "castle"), ("adult_gp", 2),
                                          ("aim_employment", "maybe"), ("cease_reason", 10), ("paid_hours", -1)])
def test_the_table_refuses_values_outside_the_vocabulary(db, column, value):
    with pytest.raises(sqlite3.IntegrityError):
        store.save_outcome_record(db, {"person_id": "w-1", "observed_on": "2025-01-01", "source": "x",
                                       "recorded_by": "t", column: value})


def test_check_in_in_plain_words(db):
    answers = oc.CheckIn(person_id="w-1", on=dt.date(2025, 12, 1), going="well", doing="paid_work", paid_hours=12,
                         doing_where=" Pets R Us ", living="with_family", friends="yes", travels="not_sure",
                         health_check="no", aim_employment="yes", words="I like it.")
    oc.check_in(db, answers, by="young.sam", today=TODAY)
    [rec] = oc.history(db, "w-1")
    assert rec.by_young_person and rec.source == "the young person's check-in"
    assert (rec.activity, rec.paid_hours, rec.activity_where, rec.friends, rec.travels_independently,
            rec.health_check, rec.aim_employment, rec.note) == ("paid_work", 12, "Pets R Us", True, None, False, "yes",
                                                                  "I like it.")
    with pytest.raises(ValueError, match="Answer at least one question"):
        oc.check_in(db, oc.CheckIn(person_id="w-1", on=TODAY), by="young.sam", today=TODAY)
    assert set(oc.QUESTIONS) >= {"going", "doing", "living", "friends", "aim_employment"}


def test_aspirations_said_are_kept_each_time_they_change(db):
    store.save_aspirations(db, "w-1", {"employment": "I want to work with animals."}, by="young", at="2019-06-01T10:00:00")
    store.save_aspirations(db, "w-1", {"employment": "I want to work with animals."}, by="young", at="2020-06-01T10:00:00")
    store.save_aspirations(db, "w-1", {"employment": "I would like to be a vet nurse."}, by="young",
                           at="2021-06-01T10:00:00")
    said = store.said_for(db, "w-1")
    assert [(s["words"], s["said_on"]) for s in said] == [("I want to work with animals.", "2019-06-01"),
                                                          ("I would like to be a vet nurse.", "2021-06-01")]


def test_erasure_and_subject_access_cover_outcomes(db):
    store.save_aspirations(db, "w-1", {"good_health": "Sleep better"}, by="young")
    oc.record_outcome(db, oc.OutcomeRecord(person_id="w-1", observed_on=dt.date(2025, 1, 1), source="x", friends=True),
                      by="w", today=TODAY)
    record = store.person_record(db, "w-1")
    assert len(record["outcome_records"]) == 1 and len(record["aspirations_said"]) == 1
    removed = store.delete_person(db, "w-1")
    assert removed["outcome_records"] == 1 and removed["aspirations_said"] == 1
    assert db.execute("SELECT count(*) FROM outcome_records").fetchone()[0] == 0


def test_aspirations_against_outcomes_in_plain_sentences(db):
    store.save_aspirations(db, "w-1", {"employment": "I want to work with animals."}, by="x", at="2019-06-01T10:00:00")
    store.save_aspirations(db, "w-1", {"employment": "I want to work with animals.",
                                       "independent_living": "I want my own flat with some support."},
                           by="x", at="2023-06-01T10:00:00")
    oc.record_outcome(db, oc.OutcomeRecord(
        person_id="w-1", observed_on=dt.date(2025, 11, 20), source="annual review", activity="supported_internship",
        activity_where="the farm park", activity_since=dt.date(2025, 3, 3), living="with_family"), by="w", today=TODAY)
    said, now = store.said_for(db, "w-1"), store.get_aspirations(db, "w-1")
    lines = oc.against(said, now, oc.history(db, "w-1"), dt.date(2005, 5, 1), TODAY)
    assert [x.sentence for x in lines] == [
        "At 14 you wanted to work with animals: you are on a supported internship at the farm park since March.",
        "At 18 you wanted your own flat with some support: you live with your family.",
    ]
    worker = oc.against(said, now, oc.history(db, "w-1"), dt.date(2005, 5, 1), TODAY, name="Sam")
    assert worker[1].sentence == "At 18 Sam wanted their own flat with some support: Sam lives with their family."
    oc.check_in(db, oc.CheckIn(person_id="w-1", on=dt.date(2025, 12, 1), aim_independent_living="partly"),
                by="young", today=TODAY)
    lines = oc.against(said, now, oc.history(db, "w-1"), dt.date(2005, 5, 1), TODAY)
    assert lines[1].sentence.endswith("On 1 December 2025 you said it is partly going the way you wanted.")
    nothing = oc.against([], {"good_health": "I want to sleep better."}, [], dt.date(2005, 5, 1), TODAY)
    assert nothing[0].sentence == "You wanted to sleep better. Nothing is recorded yet about your health."


@pytest.mark.parametrize("dob,day,points", [
    ("2005-05-01", "2024-05-01", ["19"]),
    ("2005-05-01", "2024-10-31", ["19"]),
    ("2005-05-01", "2024-11-01", []),  # between 19 and 21
    ("2009-09-01", "2026-09-01", ["year11_end", "17"]),  # the autumn after Year 11 is also the 17th birthday
])
def test_points_and_their_windows(dob, day, points):
    assert [p.value for p in oc.points_on(dt.date.fromisoformat(dob), dt.date.fromisoformat(day))] == points


@settings(max_examples=60, deadline=None)
@given(st.dates(dt.date(2000, 1, 1), dt.date(2012, 12, 31)))
def test_age_windows_follow_each_other_without_overlap(dob):
    """The windows of 17, 18 and 19 meet end to end: every day between 16 and a half and 19 and
    a half counts for exactly one of them."""
    w17, w18, w19 = (oc.window(p, dob) for p in (oc.Point.AGE_17, oc.Point.AGE_18, oc.Point.AGE_19))
    assert w17[1] + dt.timedelta(days=1) == w18[0] and w18[1] + dt.timedelta(days=1) == w19[0]
    assert w19[0] <= oc.point_date(oc.Point.AGE_19, dob) <= w19[1]


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.dates(dt.date(2020, 1, 1), dt.date(2025, 12, 31)),
                          st.sampled_from([None, *oc.Activity]), st.sampled_from([None, *oc.Living])),
                min_size=1, max_size=6))
def test_store_round_trip_and_latest_status(rows):
    """Whatever is recorded comes back as recorded, and the status in a window is the latest
    value of each fact (the figures read it the same way as the person's page)."""
    db = store.open_db(":memory:")
    store.upsert_people(db, [{"area": "w", "local_id": "1", "dob": "2004-01-01"}], by="t")
    written = []
    for day, activity, living in rows:
        if activity is None and living is None:
            continue
        rec = oc.OutcomeRecord(person_id="w-1", observed_on=day, source="x", activity=activity, living=living)
        oc.record_outcome(db, rec, by="t", today=TODAY)
        written.append(rec)
    back = oc.history(db, "w-1")
    def key(r):
        return (r.observed_on, r.activity or "", r.living or "")

    assert sorted(map(key, back)) == sorted(map(key, written))
    start, end = dt.date(2022, 1, 1), dt.date(2024, 12, 31)
    status = oc.status_at([r.model_dump() for r in back], start, end)
    young = need_outcomes.people_from_store(db, "w")[0]
    fast = need_outcomes.status(young.records, start, end)
    for fact in ("activity", "living"):
        inside = [r for r in back if start <= r.observed_on <= end and getattr(r, fact) is not None]
        expected = max(inside, key=lambda r: (r.observed_on, r.id)).__getattribute__(fact) if inside else None
        assert (status.get(fact) or (None,))[0] == expected
        assert fast.get(fact) == expected
    db.close()
