"""Fixtures every test folder shares, and the Hypothesis profiles.

Databases, each built once per test session and copied for a test that writes:
- `eastshire_db`: the Eastshire demo area in memory (read it; no copy);
- `westmere_db_path`: the Westmere demo area (150 young people, the README's demo accounts);
- `planned_westmere`: the same, planned by the scheduler from TODAY (3 s, one worker) and
  accepted, with the run's summary;
- `demo_db` / `planned_db`: a private copy of each (a path), `db`: an open connection on a
  private Westmere copy, `fresh_db`: an empty in-memory store, `small_db`: a small hand-made
  store (40 people of "Eastshire" with a few handovers, steps and events).

Hypothesis: the "ci" profile (the default) is small and derandomised, so every run tries the
same examples; HYPOTHESIS_PROFILE=large tries many more, with new random examples each run.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from planner import demo, store
from planner.planning import runs

TODAY = dt.date(2026, 11, 23)  # a Monday: the day the shared plan is made from

settings.register_profile("ci", max_examples=50, derandomize=True, deadline=None, print_blob=True,
                          suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("large", max_examples=1000, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


def copy_db(src: Path, dst: Path) -> Path:
    """A copy of the store file at `src` (its write-ahead log folded in first) at `dst`."""
    db = store.open_db(src)
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    shutil.copy(src, dst)
    return dst


@pytest.fixture(scope="session")
def westmere_db_path(tmp_path_factory) -> Path:
    """The Westmere demo database, built once per test session. Tests that write copy it."""
    path = tmp_path_factory.mktemp("westmere") / "planner.db"
    db = store.open_db(path)
    demo.build(db, "westmere", seed=1)
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    return path


@pytest.fixture(scope="session")
def planned_westmere(westmere_db_path, tmp_path_factory) -> tuple[Path, runs.RunSummary]:
    """Westmere planned from TODAY (3 s, one worker) and accepted, once per session: (path, summary)."""
    path = copy_db(westmere_db_path, tmp_path_factory.mktemp("westmere-planned") / "planner.db")
    db = store.open_db(path)
    summary = runs.plan_area(db, "westmere", TODAY, time_limit=3, workers=1, accept_now=True)
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    return path, summary


@pytest.fixture(scope="session")
def eastshire_db():
    """The Eastshire demo area (6,420 people) in memory, built once per test session. Tests may
    read it and add audit entries, nothing else."""
    db = store.open_db(":memory:")
    demo.build(db, "eastshire", seed=1)
    yield db
    db.close()


@pytest.fixture
def demo_db(westmere_db_path, tmp_path) -> Path:
    """A private copy of the Westmere demo database for one test."""
    return copy_db(westmere_db_path, tmp_path / "planner.db")


@pytest.fixture
def planned_db(planned_westmere, tmp_path) -> Path:
    """A private copy of the planned Westmere database for one test."""
    return copy_db(planned_westmere[0], tmp_path / "planner.db")


@pytest.fixture
def db(demo_db):
    """An open store connection on a private Westmere copy (closed after the test)."""
    conn = store.open_db(demo_db)
    yield conn
    conn.close()


@pytest.fixture
def fresh_db():
    """An empty in-memory store with every migration applied."""
    conn = store.open_db(":memory:")
    yield conn
    conn.close()


SMALL_TODAY = dt.date(2026, 1, 14)  # a Wednesday: the day the small store's tests look from


@pytest.fixture
def small_db(tmp_path):
    """A small store with people, episodes, capacity, events, handovers, steps and a caseload."""
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
    yield db
    db.close()
