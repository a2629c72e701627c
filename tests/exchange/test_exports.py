"""Export: formula cells neutralised; a subject access request holds the whole record;
erasure removes the person and leaves an audit entry without their data."""

from __future__ import annotations

import csv
import io
import json

import pytest

from planner import store
from planner.exchange import exports


@pytest.mark.parametrize("cell", ["=1+1", "+44 7700", "-2", "@SUM(A1)", "\tx", "\rx", "=HYPERLINK(\"http://x\")"])
def test_formula_cells_are_neutralised(cell):
    text = exports.to_csv([{"name": cell, "ok": "plain"}], ["name", "ok"])
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert rows[1] == ["'" + cell, "plain"]


def test_plain_cells_unchanged():
    assert exports.safe_cell("Zoë") == "Zoë" and exports.safe_cell(None) == "" and exports.safe_cell(5) == "5"


def _sam(db) -> str:
    store.upsert_people(db, [{"area": "westmere", "local_id": "S", "name": "Sam Secret", "dob": "2010-08-31", "ehc_plan": 1}], by="t")
    pid = "westmere-S"
    store.save_aspirations(db, pid, {"employment": "work with animals"}, by="sam")
    store.record_event(db, pid, "meeting_held", "2026-01-05", by="worker.ann")
    store.upsert_episodes(db, [{"person_id": pid, "service_id": "camhs", "start": "2024-01-01", "end": None, "end_actual": 0}])
    store.create_user(db, "young.sam", "young_person", "hash", person_id=pid)
    return pid


def test_subject_access_request_has_everything(fresh_db):
    pid = _sam(fresh_db)
    record = json.loads(exports.subject_access_json(fresh_db, pid, by="admin.kim"))
    assert record["person"]["name"] == "Sam Secret"
    assert record["aspirations"][0]["words"] == "work with animals"
    assert record["events"][0]["kind"] == "meeting_held" and record["episodes"][0]["service_id"] == "camhs"
    assert record["accounts"][0]["username"] == "young.sam" and "password_hash" not in record["accounts"][0]
    assert store.list_audit(fresh_db, person_id=pid)[0]["action"] == "subject access request"


def test_erasure_leaves_an_audit_entry_without_their_data(fresh_db):
    pid = _sam(fresh_db)
    counts = exports.erase_person(fresh_db, pid, by="admin.kim", reason="request of 5 Jan 2026")
    assert counts["people"] == 1 and counts["events"] == 1
    assert store.person_record(fresh_db, pid) is None
    assert store.get_user(fresh_db, "young.sam") is None and counts["accounts"] == 1
    entry = store.list_audit(fresh_db, person_id=pid)[0]
    assert entry["action"] == "erase person" and entry["username"] == "admin.kim"
    dump = "\n".join(fresh_db.iterdump())
    assert "Sam Secret" not in dump and "2010-08-31" not in dump and "work with animals" not in dump
    with pytest.raises(KeyError):
        exports.erase_person(fresh_db, pid, by="admin.kim")
