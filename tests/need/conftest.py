"""A small store with people, episodes, capacity, events, handovers, steps and a caseload."""

import datetime as dt

import pytest

from planner import store

TODAY = dt.date(2026, 1, 14)  # a Wednesday


@pytest.fixture
def small_db(tmp_path):
    db = store.open_db(tmp_path / "need.db")
    people = []
    for i in range(40):
        people.append({
            "id": f"east-{i}", "area": "Eastshire", "local_id": str(i), "name": f"Person {i}",
            "dob": dt.date(2008 + i % 4, 1 + i % 12, 1 + i % 27).isoformat(), "primary_need": "ASD" if i % 2 else "SEMH",
            "ehc_plan": 1, "camhs": int(i % 3 == 0), "childrens_social_care": int(i % 4 == 0),
        })
    db.table("people").insert_all(people)
    db.table("episodes").insert_all([{"person_id": "east-0", "service_id": "camhs", "start": "2020-01-01", "end": "2026-08-01"}])
    db.table("teams").insert_all([{"area": "Eastshire", "id": "asc_transitions", "name": "Adult social care transitions team"}])
    db.table("team_capacity").insert_all([{"area": "Eastshire", "team_id": "asc_transitions", "from_date": "2020-01-01", "per_week": 0.5}])
    db.table("aspirations").insert_all([{"person_id": f"east-{i}", "outcome": "employment", "words": "a job",
                                         "updated_by": "x", "updated_at": "x"} for i in range(12)])
    db.table("users").insert_all([{"username": "worker.ann", "role": "worker"}, {"username": "worker.bo", "role": "worker"}])
    db.table("caseload").insert_all([{"worker": "worker.ann", "person_id": f"east-{i}", "since": "2025-01-01"} for i in range(3)]
                                    + [{"worker": "worker.bo", "person_id": "east-5", "since": ""}])
    db.table("handovers").insert_all([
        {"id": "h0", "person_id": "east-0", "from_service": "camhs", "to_service": "adult_mental_health", "due": "2026-08-01"},
        {"id": "h1", "person_id": "east-1", "from_service": "childrens_social_care", "to_service": "adult_social_care", "due": "2027-01-01"},
    ])
    db.table("steps").insert_all([
        {"id": "s0", "handover_id": "h0", "person_id": "east-0", "kind": "refer", "title": "Refer to adult mental health",
         "team_id": "camhs_team", "start": "2026-01-12", "end": "2026-01-19", "deadline": "2026-02-01", "status": "planned"},
        {"id": "s1", "handover_id": "h0", "person_id": "east-0", "kind": "transfer", "title": "Transfer",
         "team_id": "adult_mental_health", "start": "2026-08-03", "end": "2026-08-24", "deadline": "2026-08-01", "status": "planned"},
        {"id": "s2", "handover_id": "h1", "person_id": "east-1", "kind": "assess", "title": "Care Act assessment",
         "team_id": "asc_transitions", "start": "2026-02-02", "end": "2026-03-02", "deadline": "2026-01-05", "status": "planned"},
        {"id": "s3", "handover_id": "h1", "person_id": "east-1", "kind": "identify", "title": "Identify",
         "team_id": "childrens_social_care_team", "start": "2025-06-02", "end": "2025-06-09", "deadline": "2025-07-01", "status": "done"},
    ])
    db.table("events").insert_all([{"person_id": "east-0", "kind": "meeting_held", "date": "2025-10-01",
                                    "recorded_by": "x", "recorded_at": "x"}])
    return db
