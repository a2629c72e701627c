"""Importing outcome records: all or nothing, every problem by row and column, and the same file
twice changes nothing (planner.exchange.outcome_imports)."""

from __future__ import annotations

from pathlib import Path

import pytest

from planner import outcomes as oc
from planner import store
from planner.cli import main

SAMPLES = Path(__file__).resolve().parents[2] / "data" / "samples"


@pytest.fixture
def dbfile(tmp_path):
    path = tmp_path / "planner.db"
    assert main(["import", "people", str(SAMPLES / "people.csv"), "--db", str(path), "--area", "eastshire", "--create"]) == 0
    return path


def _import(dbfile, text: str, tmp_path) -> int:
    f = tmp_path / "outcomes.csv"
    f.write_text(text, encoding="utf-8")
    return main(["import", "outcomes", str(f), "--db", str(dbfile), "--area", "eastshire"])


def test_the_sample_imports_once(dbfile, capsys):
    assert main(["import", "outcomes", str(SAMPLES / "outcomes.csv"), "--db", str(dbfile), "--area", "eastshire"]) == 0
    assert "3 inserted, 0 unchanged" in capsys.readouterr().out
    assert main(["import", "outcomes", str(SAMPLES / "outcomes.csv"), "--db", str(dbfile), "--area", "eastshire"]) == 0
    assert "0 inserted, 3 unchanged" in capsys.readouterr().out
    db = store.open_db(dbfile)
    records = oc.history(db, "eastshire-S0003")
    assert [r.activity for r in records] == ["school_or_college", "supported_internship", "paid_work"]
    assert records[-1].cease_reason is oc.CeaseReason.EMPLOYED and records[-1].paid_hours == 16
    assert records[1].adult_services is False and records[1].health_check is None
    db.close()


@pytest.mark.parametrize("text,message", [
    ("local_id,observed_on\nS0003,2025-01-01\n", "column source: required column missing"),
    ("local_id,observed_on,source,mood\nS0003,2025-01-01,x,happy\n", "column mood: unknown column"),
    ("local_id,observed_on,source,activity\nS0003,2025-01-01,x,sleeping\n", "column activity: 'sleeping' is not one of"),
    ("local_id,observed_on,source,activity\nNOBODY,2025-01-01,x,neet\n", "no person 'NOBODY' in eastshire"),
    ("local_id,observed_on,source,activity\nS0003,31/02/2025,x,neet\n", "column observed_on: '31/02/2025' is not a date"),
    ("local_id,observed_on,source,cease_reason\nS0003,2025-01-01,x,12\n", "not an SEN2 cease reason"),
    ("local_id,observed_on,source,friends\nS0003,2025-01-01,x,often\n", "column friends: 'often' is not yes, no"),
    ("local_id,observed_on,source\nS0003,2025-01-01,x\n", "must say at least one thing"),
    ("local_id,observed_on,source,activity,paid_hours\nS0003,2025-01-01,x,neet,10\n", "paid hours do not fit"),
    ("local_id,observed_on,source,activity\nS0003,2025-01-01,x,neet\nS0003,2025-01-01,x,neet\n", "row 4: repeats row 3"),
])
def test_a_bad_file_is_refused_whole(dbfile, tmp_path, capsys, text, message):
    good = "S0001,2025-01-01,annual review,school_or_college\n"
    header, *rows = text.splitlines(keepends=True)
    body = (good if header.startswith("local_id,observed_on,source,activity\n") else "") + "".join(rows)
    assert _import(dbfile, header + body, tmp_path) == 2
    assert message in capsys.readouterr().err
    db = store.open_db(dbfile)
    assert db.execute("SELECT count(*) FROM outcome_records").fetchone()[0] == 0
    db.close()
