"""The store adapter and the `planner need` command: released figures only, cached."""

import csv
import json

from planner.cli import main
from planner.need import dashboard

from .conftest import TODAY


def test_dashboard_from_the_store(small_db):
    d = dashboard.dashboard(small_db, TODAY, "Eastshire", use_cache=False)
    members = dashboard.members(small_db, TODAY, "Eastshire")
    assert len(members) == 40
    east0 = next(m for m in members if m.id == "east-0")
    assert ("camhs", dashboard._date("2026-08-01")) in east0.services  # the episode's planned end wins
    assert d.view("aspirations").table.cells[0] == [10]  # 12 want work: rounded to 10
    assert d.view("aspirations").extra["places a year"][0] == 0
    assert "Adult social care transitions team" in d.view("team_demand").table.row_labels


def test_dashboard_is_cached_until_the_database_changes(small_db):
    first = dashboard.dashboard(small_db, TODAY, "Eastshire")
    assert dashboard.dashboard(small_db, TODAY, "Eastshire") is first
    small_db.table("aspirations").insert({"person_id": "east-30", "outcome": "good_health", "words": "w", "updated_by": "x", "updated_at": "x"})
    assert dashboard.dashboard(small_db, TODAY, "Eastshire") is not first


def test_command_json_and_csv(small_db, tmp_path, capsys):
    path = small_db.conn.execute("PRAGMA database_list").fetchone()[2]
    out_csv = tmp_path / "need.csv"
    assert main(["need", "--db", path, "--as-of", TODAY.isoformat(), "--json", "--csv", str(out_csv)]) == 0
    data = json.loads(capsys.readouterr().out)
    assert {v["key"] for v in data["views"]} >= {"team_demand", "qs140", "aspirations"}
    rows = list(csv.reader(out_csv.open(encoding="utf-8-sig")))
    cells = [c for r in rows for c in r]
    assert not any(c.strip().isdigit() and 1 <= int(c) <= 7 for c in cells)
    assert not any("east-" in c or "Person " in c for c in cells)  # no person reaches the download


def test_command_text(small_db, capsys):
    path = small_db.conn.execute("PRAGMA database_list").fetchone()[2]
    assert main(["need", "--db", path, "--as-of", TODAY.isoformat()]) == 0
    assert "Unmet need for all areas" in capsys.readouterr().out


def test_missing_database_is_a_one_line_error(tmp_path, capsys):
    assert main(["need", "--db", str(tmp_path / "none.db")]) == 2
    assert capsys.readouterr().err.count("\n") == 1


def test_data_stamp_moves_with_the_figures_not_with_sign_ins():
    from planner import store

    db = store.open_db(":memory:")
    store.upsert_people(db, [{"area": "westmere", "local_id": "P1", "dob": "2010-01-01", "ehc_plan": 1}], by="t")
    before = dashboard.data_stamp(db)
    store.audit(db, "worker.ann", "read", "westmere-P1", "caseload")
    store.create_user(db, "someone", "worker", None)
    assert dashboard.data_stamp(db) == before
    store.record_event(db, "westmere-P1", "meeting_held", "2026-11-20", "worker.ann")
    assert dashboard.data_stamp(db) > before
