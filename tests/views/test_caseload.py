"""A worker's caseload: due, overdue, at risk of a gap; filtering, sorting and the worklist."""

from planner.views import caseload
from planner.views.caseload import Risk
from tests.conftest import SMALL_TODAY as TODAY


def test_rows_from_the_store(small_db):
    rows, work = caseload.for_worker(small_db, "worker.ann", TODAY)
    by_id = {r.person_id: r for r in rows}
    assert set(by_id) == {"east-0", "east-1", "east-2"}
    # east-0: the transfer ends 24 Aug, after CAMHS ends on 1 Aug: a gap of 4 weeks (rounded up).
    assert by_id["east-0"].risk is Risk.GAP and by_id["east-0"].gap_weeks == 4
    assert "Adult mental health team would start 4 weeks after CAMHS (children's mental health) ends" in by_id["east-0"].reason
    assert by_id["east-0"].due_this_week == 1  # the referral started on Monday
    # east-1: the assessment's deadline (5 Jan) has passed; the done step does not count.
    assert by_id["east-1"].risk is Risk.OVERDUE and by_id["east-1"].overdue == 1
    assert by_id["east-2"].risk is Risk.NONE
    assert by_id["east-0"].domains == ["health"]
    assert [i.step_id for i in work["this_week"]] == ["s2", "s0"]  # overdue first
    assert [i.step_id for i in work["next_month"]] == []


def test_sort_and_filter(small_db):
    rows, _ = caseload.for_worker(small_db, "worker.ann", TODAY)
    assert [r.person_id for r in caseload.select(rows)] == ["east-0", "east-1", "east-2"]
    assert [r.person_id for r in caseload.select(rows, risk=Risk.OVERDUE)] == ["east-0", "east-1"]
    assert [r.person_id for r in caseload.select(rows, domain="social care")] == ["east-1"]
    ages = [r.age for r in caseload.select(rows, sort="age")]
    assert ages == sorted(ages)
    assert all(r.need == "SEMH" for r in caseload.select(rows, need="SEMH"))
    lo, hi = ages[0], ages[0]
    assert all(lo <= r.age <= hi for r in caseload.select(rows, age=(lo, hi)))


def test_next_month_window():
    people = [{"id": "a", "name": "A", "dob": "2009-01-01"}]
    steps = [{"id": "x", "person_id": "a", "handover_id": "h", "start": "2026-02-10", "status": "planned"},
             {"id": "y", "person_id": "a", "handover_id": "h", "start": "2026-03-30", "status": "planned"}]
    work = caseload.worklist(people, steps, TODAY)
    assert [i.step_id for i in work["next_month"]] == ["x"] and work["this_week"] == []


def test_busiest_worker(small_db):
    assert caseload.busiest_worker(small_db) == "worker.ann"
