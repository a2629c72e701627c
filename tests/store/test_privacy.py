"""Privacy to the end (issue 17, defect 7): erasure removes the person's accounts and everything
derived, a subject access request exports everything held (proposals too), secure delete is on,
and proposals older than the accepted plan are pruned."""

from __future__ import annotations

import datetime as dt
import json
import shutil

import pytest

from planner import access, demo, store
from planner.access.records import sign_in
from planner.access.store_records import open_records
from planner.demo.spec import DEMO_PASSWORD
from planner.exchange import exports
from planner.planning import runs

AS_OF = dt.date(2026, 11, 23)


@pytest.fixture(scope="module")
def planned(tmp_path_factory):
    """Westmere, planned and accepted, then planned again: a proposal waiting beside the plan."""
    path = tmp_path_factory.mktemp("privacy") / "planner.db"
    db = store.open_db(path)
    demo.build(db, "westmere", seed=1)
    runs.plan_area(db, "westmere", AS_OF, time_limit=2, workers=1, accept_now=True)
    runs.plan_area(db, "westmere", AS_OF, time_limit=2, workers=1)
    store.checkpoint(db)
    db.close()
    return path


@pytest.fixture
def db(planned, tmp_path):
    path = tmp_path / "planner.db"
    shutil.copy(planned, path)
    conn = store.open_db(path)
    yield conn
    conn.close()


def test_erasure_removes_the_accounts_and_everything_derived(db):
    sam = store.get_user(db, "young.sam")["person_id"]
    name = store.get_person(db, sam)["name"]
    assert store.get_user(db, "parent.sam")["person_id"] == sam
    assert db.execute("SELECT count(*) FROM run_steps WHERE person_id = ?", [sam]).fetchone()[0] > 0  # the proposal
    assert sign_in(open_records(db), "young.sam", DEMO_PASSWORD, dt.datetime.now()).ok  # audited: "sign in"
    store.audit(db, "admin.kim", "reset password", None, "parent.sam")

    counts = exports.erase_person(db, sam, by="admin.kim", reason="erasure request")
    assert counts["accounts"] == 2 and counts["run_steps"] > 0

    for table in (*store.PERSON_TABLES, "users"):
        assert db.execute(f"SELECT count(*) FROM {table} WHERE person_id = ?", [sam]).fetchone()[0] == 0, table
    assert store.get_user(db, "young.sam") is None and store.get_user(db, "parent.sam") is None
    # The accounts cannot sign in (and say nothing of having existed).
    refused = sign_in(open_records(db), "young.sam", DEMO_PASSWORD, dt.datetime.now())
    assert not refused.ok and refused.message == access.WRONG_DETAILS
    # No audit entry names the erased accounts; the erasure itself is there with the planner's id.
    names = {r["username"] for r in store.list_audit(db, limit=10**6)}
    assert not names & {"young.sam", "parent.sam"} and store.ERASED_ACCOUNT in names
    details = [r["detail"] for r in store.list_audit(db, limit=10**6)]
    assert not any(d.startswith(("young.sam", "parent.sam")) for d in details)
    assert store.list_audit(db, person_id=sam, limit=1)[0]["action"] == "erase person"
    # Nothing about them is left in the database, nor in its file (secure delete overwrote it).
    dump = "\n".join(db.iterdump())
    assert name not in dump
    store.checkpoint(db)
    path = db.execute("PRAGMA database_list").fetchone()[2]
    assert name.encode() not in open(path, "rb").read()


def test_subject_access_exports_everything_held(db):
    sam = store.get_user(db, "young.sam")["person_id"]
    store.save_aspirations(db, sam, {"employment": "Work with animals"}, by="young.sam")
    record = json.loads(exports.subject_access_json(db, sam, by="admin.kim"))
    assert {*store.PERSON_TABLES, "person", "accounts", "audit_log"} <= set(record)
    assert record["run_steps"] and record["run_handovers"]  # the proposal waiting to be accepted
    wishes = [v for v in record["own_words_versions"] if v["record"] == "wishes"]
    assert wishes[-1]["changed_by"] == "young.sam" and "Work with animals" in wishes[-1]["content"]
    assert {a["username"] for a in record["accounts"]} == {"young.sam", "parent.sam"}
    assert all("password_hash" not in a for a in record["accounts"])
    # Entries made by their own accounts are theirs too, not only entries about them.
    store.audit(db, "young.sam", "sign in", None, "password")
    again = store.person_record(db, sam)
    assert any(e["username"] == "young.sam" and e["person_id"] is None for e in again["audit_log"])


def test_accepting_a_plan_prunes_older_proposals_and_they_cannot_be_accepted(db):
    waiting = max(r["id"] for r in store.list_schedule_runs(db, "westmere"))  # the fixture's proposal
    chosen = runs.plan_area(db, "westmere", AS_OF, time_limit=1, workers=1).run_id
    newer = runs.plan_area(db, "westmere", AS_OF, time_limit=1, workers=1).run_id
    assert {r[0] for r in db.execute("SELECT DISTINCT run_id FROM run_steps").fetchall()} == {waiting, chosen, newer}
    counts = runs.accept(db, chosen, "manager.raj")
    assert counts["proposal_rows_pruned"] > 0 and counts["steps"] > 0
    # Only the newer proposal keeps its copy of everyone's plan; the plan itself is in steps.
    assert {r[0] for r in db.execute("SELECT DISTINCT run_id FROM run_steps").fetchall()} == {newer}
    assert {r[0] for r in db.execute("SELECT DISTINCT run_id FROM run_handovers").fetchall()} == {newer}
    status = {r["id"]: r["status"] for r in store.list_schedule_runs(db, "westmere")}
    assert status[waiting] == "superseded" and status[chosen] == "accepted" and status[newer] == "proposed"
    with pytest.raises(ValueError, match="not a proposal"):
        runs.accept(db, waiting, "manager.raj")
    assert db.execute("SELECT count(*) FROM steps").fetchone()[0] > 0
