"""Import: every kind of bad file gets its message and leaves the database byte-for-byte
unchanged; a good file imports once and re-importing changes nothing; a killed import leaves
no partial rows."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from planner import store
from planner.cli import main
from planner.exchange import imports

SAMPLES = Path(__file__).resolve().parents[2] / "data" / "samples"
HEADER = "local_id,name,dob,ehc_plan,plan_issued\n"


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    path = tmp_path_factory.mktemp("db") / "template.db"
    db = store.open_db(path)
    store.upsert_people(db, [{"area": "westmere", "local_id": "P1", "name": "Existing", "dob": "2010-01-01", "ehc_plan": 1}], by="t")
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    return path


@pytest.fixture
def dbfile(template, tmp_path):
    path = tmp_path / "planner.db"
    shutil.copy(template, path)
    return path


def _run(dbfile, kind, content: bytes | str, tmp_path, *extra) -> int:
    f = tmp_path / "in.csv"
    f.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return main(["import", kind, str(f), "--db", str(dbfile), "--area", "westmere", *extra])


BAD = {
    "missing column": ("people", "local_id,name\nP2,X\n", "column dob: required column missing"),
    "extra column": ("people", "local_id,dob,shoe_size\nP2,2010-01-01,9\n", "column shoe_size: unknown column"),
    "bad date": ("people", HEADER + "P2,X,31/02/2010,Y,\n", "row 2, column dob: '31/02/2010' is not a date"),
    "US date": ("people", HEADER + "P2,X,12/31/2010,Y,\n", "'12/31/2010' is not a date (use DD/MM/YYYY or YYYY-MM-DD)"),
    "impossible person": ("people", HEADER + "P2,X,2010-01-01,N,2015-01-01\n", "row 2: plan_issued and last_review need an EHC plan"),
    "duplicate id": ("people", HEADER + "P2,X,2010-01-01,Y,\nP2,Y,2010-02-01,Y,\n", "row 3: repeats row 2 (the same local_id)"),
    "empty id": ("people", HEADER + ",X,2010-01-01,Y,\n", "row 2, column local_id: is empty"),
    "bad yes/no": ("people", HEADER + "P2,X,2010-01-01,maybe,\n", "'maybe' is not yes or no"),
    "bad assessed": ("people", "local_id,dob,secondary_mh_need\nP2,2010-01-01,perhaps\n", "'perhaps' is not yes, no or blank"),
    "unknown service": ("episodes", "local_id,service_id,start\nP1,hogwarts,2020-09-01\n", "'hogwarts' is not a service of the pathway graph"),
    "unknown person": ("episodes", "local_id,service_id,start\nZZ,camhs,2020-09-01\n", "no person 'ZZ' in westmere"),
    "duplicate episode": ("episodes", "local_id,service_id,start\nP1,camhs,2020-09-01\nP1,camhs,01/09/2020\n", "row 3: repeats row 2"),
    "bad capacity": ("teams", "team_id,name,capacity,per\nsend_team,SEND,lots,month\n", "'lots' is not a number"),
    "empty file": ("people", "", "the file is empty"),
    "header only": ("people", HEADER, "the file has a header but no rows"),
    "wrong encoding": ("people", (HEADER + "P2,Zoë,2010-01-01,Y,\n").encode("cp1252"), "the file is not UTF-8 (byte 0xeb"),
    "utf-16": ("people", (HEADER + "P2,X,2010-01-01,Y,\n").encode("utf-16"), "the file is UTF-16"),
    "ragged row": ("people", HEADER + "P2,X\n", "row 2: has 2 cells but the header has 5"),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_bad_file_is_refused_and_nothing_changes(case, dbfile, tmp_path, capsys):
    kind, content, message = BAD[case]
    before = dbfile.read_bytes()
    assert _run(dbfile, kind, content, tmp_path) == 2
    err = capsys.readouterr().err
    assert message in err, err
    assert "nothing was imported" in err
    assert dbfile.read_bytes() == before


def test_every_bad_row_is_reported(dbfile, tmp_path, capsys):
    rows = "".join(f"Q{i},X,{'bad' if i % 2 else '2010-01-01'},Y,\n" for i in range(10))
    assert _run(dbfile, "people", HEADER + rows, tmp_path) == 2
    err = capsys.readouterr().err
    assert err.count("is not a date") == 5 and "5 problem(s)" in err


def test_very_large_file_is_refused(dbfile, tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(imports, "MAX_BYTES", 10_000)
    before = dbfile.read_bytes()
    rows = "".join(f"L{i},Name,2010-01-01,Y,\n" for i in range(1000))
    assert _run(dbfile, "people", HEADER + rows, tmp_path) == 2
    assert "Split it into smaller files" in capsys.readouterr().err
    assert dbfile.read_bytes() == before


def test_bom_cp1252_uk_dates_and_reimport(dbfile, tmp_path, capsys):
    content = ("\ufeff" + HEADER + "P2,Zoë Brontë,31/08/2010,Y,01/09/2016\n").encode("utf-8")
    assert _run(dbfile, "people", content, tmp_path) == 0
    db = store.open_db(dbfile)
    person = store.get_person(db, "westmere-P2")
    assert (person["name"], person["dob"], person["plan_issued"]) == ("Zoë Brontë", "2010-08-31", "2016-09-01")
    db.close()
    cp = (HEADER + "P3,Zoë,2010-01-01,Y,\n").encode("cp1252")
    assert _run(dbfile, "people", cp, tmp_path, "--encoding", "cp1252") == 0
    before = _rows_besides_the_audit_log(dbfile)
    assert _run(dbfile, "people", content, tmp_path) == 0
    assert "0 inserted, 0 updated, 1 unchanged" in capsys.readouterr().out
    assert _rows_besides_the_audit_log(dbfile) == before  # only the import's audit entry is new


def _rows_besides_the_audit_log(path) -> list[str]:
    db = store.open_db(path)
    try:
        return [line for line in db.iterdump() if "audit_log" not in line]
    finally:
        db.close()


def test_samples_import_and_reimport_changes_nothing(tmp_path, capsys):
    path = tmp_path / "s.db"
    for _ in range(2):
        for kind in ("people", "episodes", "teams"):
            assert main(["import", kind, str(SAMPLES / f"{kind}.csv"), "--db", str(path), "--area", "westmere",
                         "--create"]) == 0
    db = store.open_db(path)
    counts = {t: db.execute(f"SELECT count(*), max(version) FROM {t}").fetchone() for t in ("people", "team_capacity")}
    assert counts == {"people": (4, 1), "team_capacity": (3, 1)}
    assert len(store.episodes_for(db, "westmere-S0001")) == 2
    db.close()


# Runs `planner import` with the store's people writer wrapped: once it has written rows inside the
# import's transaction (the first batch, or all of them; this connection sees them), it says how
# many on stdout and waits to be killed.
KILLED_AT_A_KNOWN_POINT = """
import sys, time
from planner import store
from planner.cli import main

written = store.upsert_people

def write_then_wait(db, rows, **kw):
    out = written(db, rows, **kw)
    n = db.execute("SELECT count(*) FROM people").fetchone()[0]
    print(f"written {n}", flush=True)  # inside the transaction: nothing is committed yet
    time.sleep(600)
    return out

store.upsert_people = write_then_wait
sys.exit(main(sys.argv[1:]))
"""


def test_killed_import_leaves_no_partial_rows(tmp_path):
    """Killed after writing every row but before committing, the import leaves the database as
    it was: the kill happens at a known point, however quick the import."""
    path = tmp_path / "k.db"
    db = store.open_db(path)
    store.upsert_people(db, [{"area": "westmere", "local_id": "P0", "dob": "2010-01-01"}], by="t")
    db.close()
    big = tmp_path / "big.csv"
    big.write_text(HEADER + "".join(f"K{i},Name {i},2010-01-01,Y,\n" for i in range(2_000)), encoding="utf-8")
    proc = subprocess.Popen([sys.executable, "-c", KILLED_AT_A_KNOWN_POINT, "import", "people", str(big), "--db",
                             str(path), "--area", "westmere"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        line = proc.stdout.readline()  # blocks until the rows are written (or the process ends)
        assert line.startswith("written "), (line, proc.stderr.read() if proc.poll() is not None else "")
        assert 1 < int(line.split()[1]) <= 2_001  # the import's rows (some or all) written, not committed
        assert proc.poll() is None
    finally:
        os.kill(proc.pid, signal.SIGKILL)  # the process this test started, by its id
        proc.wait()
    db = store.open_db(path)
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert [r["local_id"] for r in db.query("SELECT local_id FROM people")] == ["P0"]
    db.close()


def test_assessed_outcome_is_yes_no_or_not_known(dbfile, tmp_path):
    assert _run(dbfile, "people", "local_id,dob,camhs,secondary_mh_need\nP2,2010-01-01,Y,N\nP3,2010-01-01,Y,\n"
                "P4,2010-01-01,Y,yes\n", tmp_path) == 0
    db = store.open_db(dbfile)
    got = {r["local_id"]: r["secondary_mh_need"] for r in db.query("SELECT local_id, secondary_mh_need FROM people")}
    assert (got["P2"], got["P3"], got["P4"]) == (0, None, 1)
    assert store.person_model(store.get_person(db, "westmere-P3")).secondary_mh_need is None


def test_a_last_review_after_today_is_refused_with_a_clear_message(dbfile, tmp_path):
    """Issue 11: a date of something that happened cannot be in the future; nothing is written."""
    from planner.exchange import imports

    db = store.open_db(dbfile)
    future = (dt.date.today() + dt.timedelta(days=30)).isoformat()
    rows, problems = imports.check(db, "people", f"local_id,dob,ehc_plan,last_review\nQ1,2010-01-01,Y,{future}\n",
                                   "westmere")
    assert [(p.row, p.column) for p in problems] == [(2, "last_review")]
    assert "Enter the date the meeting was held." in problems[0].message
