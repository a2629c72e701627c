"""NICE QS140 (2023 numbering) indicators per statement, with small tables of people
(rules.md section 8). None means "not in this statement's denominator"."""

import datetime as dt

import pytest

from planner.need.qs140 import (
    Miss,
    TransitionFacts,
    facts_from_records,
    qs1,
    qs2,
    qs3,
    qs4,
    qs5,
    qs6,
    tally,
)

D = dt.date
TODAY = D(2026, 6, 1)
DOB = D(2009, 3, 10)  # Year 9 is 2022-09-01 to 2023-08-31


def facts(**kw):
    return TransitionFacts(person_id="p", dob=kw.pop("dob", DOB), **kw)


@pytest.mark.parametrize("kw, expected", [
    (dict(planning_started=D(2023, 8, 31)), True),  # by the last day of Year 9
    (dict(planning_started=D(2023, 9, 1)), False),
    (dict(), False),  # never started
    (dict(will_move=False), None),
    (dict(dob=D(2012, 3, 10)), None),  # Year 9 not over yet
    (dict(entered_services=D(2025, 1, 6), planning_started=D(2025, 3, 1)), True),  # within 91 days of entry
    (dict(entered_services=D(2025, 1, 6), planning_started=D(2025, 6, 1)), False),
])
def test_statement_1_planning_by_year_9(kw, expected):
    assert qs1(facts(**kw), TODAY) is expected if expected is None else qs1(facts(**kw), TODAY) == expected


@pytest.mark.parametrize("kw, expected", [
    (dict(coordinated_plan=True), True),
    (dict(coordinated_plan=False), False),
    (dict(dob=D(2013, 3, 10), coordinated_plan=True), None),  # Year 9 not started
])
def test_statement_2_coordinated_plan(kw, expected):
    assert qs2(facts(**kw), TODAY) == expected


@pytest.mark.parametrize("meetings, expected", [
    ([D(2025, 6, 2)], True),
    ([D(2025, 6, 1)], False),  # exactly 12 months ago is outside (today - 12 months, today]
    ([], False),
])
def test_statement_3_annual_meeting(meetings, expected):
    assert qs3(facts(meetings=meetings), TODAY) == expected


@pytest.mark.parametrize("kw, expected", [
    (dict(transfers={"adult_mental_health": D(2027, 3, 10)}, named_worker_from=D(2026, 1, 1)), True),
    (dict(transfers={"adult_mental_health": D(2027, 3, 10)}, named_worker_from=D(2026, 1, 1), named_worker_to=D(2027, 3, 10)), False),
    (dict(transfers={"adult_mental_health": D(2027, 3, 10)}, named_worker_from=D(2027, 3, 10)), False),
    (dict(transfers={"adult_mental_health": D(2027, 3, 10)}), False),
    (dict(), None),
])
def test_statement_4_named_worker(kw, expected):
    assert qs4(facts(**kw), TODAY) == expected


@pytest.mark.parametrize("kw, expected", [
    (dict(transfers={"adult_mental_health": D(2026, 3, 10)}, met_practitioner={"adult_mental_health": D(2026, 2, 1)}), True),
    (dict(transfers={"adult_mental_health": D(2026, 3, 10), "adult_social_care": D(2026, 3, 10)},
          met_practitioner={"adult_mental_health": D(2026, 2, 1)}), False),  # each adult service
    (dict(transfers={"adult_mental_health": D(2026, 3, 10)}, met_practitioner={"adult_mental_health": D(2026, 3, 10)}), False),
    (dict(transfers={"adult_mental_health": D(2027, 3, 10)}), None),  # not moved yet
])
def test_statement_5_met_adult_practitioner(kw, expected):
    assert qs5(facts(**kw), TODAY) == expected


@pytest.mark.parametrize("kw, expected", [
    (dict(transfers={"amh": D(2026, 1, 1)}, missed=[Miss(service_id="amh", date=D(2026, 2, 1), followed_up=True)]), True),
    (dict(transfers={"amh": D(2026, 1, 1)}, missed=[Miss(service_id="amh", date=D(2026, 2, 1), followed_up=False)]), False),
    (dict(transfers={"amh": D(2026, 1, 1)}, missed=[Miss(service_id="amh", date=D(2026, 2, 1), followed_up=True)],
          discharged_without_attending=True), False),
    (dict(transfers={"amh": D(2024, 1, 1)}, missed=[Miss(service_id="amh", date=D(2026, 2, 1), followed_up=False)]), None),  # not initial
    (dict(transfers={"amh": D(2026, 1, 1)}), None),
])
def test_statement_6_missed_initial_appointments(kw, expected):
    assert qs6(facts(**kw), TODAY) == expected


def test_tally_counts_numerator_and_denominator():
    people = [facts(planning_started=D(2023, 1, 1)), facts(), facts(will_move=False)]
    counts = tally(people, TODAY)
    assert counts[0] == (1, 2)


def test_facts_from_store_rows():
    events = [
        {"kind": "meeting_held", "date": "2023-05-01", "service_id": None},
        {"kind": "meeting_held", "date": "2026-02-01", "service_id": "adult_mental_health"},
        {"kind": "adult_service_started", "date": "2026-03-10", "service_id": "adult_mental_health"},
        {"kind": "did_not_attend", "date": "2026-04-01", "service_id": "adult_mental_health"},
        {"kind": "note", "date": "2026-04-03", "service_id": "adult_mental_health"},
    ]
    f = facts_from_records({"id": "p", "dob": "2009-03-10"}, events, [{"from_service": "camhs"}], D(2025, 1, 1), ["camhs"])
    assert f.planning_started == D(2023, 5, 1) and f.coordinated_plan
    assert [qs(f, TODAY) for qs in (qs1, qs2, qs3, qs4, qs5, qs6)] == [True, True, True, True, True, True]
