"""The command line under hostile input and faults (issue 17, defects 9 and 10): no tracebacks, a
mistyped --db creates nothing, `export people` imports back, `--by` is checked and every export
is audited; backup, restore and check."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys

import pytest

from planner import store
from planner.cli import main
from planner.commands._common import os_user


@pytest.fixture(scope="module")
def westmere(westmere_db_path):
    """The session's Westmere (tests/conftest.py); every test below works on its own copy."""
    return westmere_db_path


def westmere_people(path) -> int:
    db = store.open_db(path)
    try:
        return store.count_people(db, area="westmere")
    finally:
        db.close()


@pytest.fixture
def dbfile(westmere, tmp_path):
    path = tmp_path / "planner.db"
    shutil.copy(westmere, path)
    return path


def _audit(path, action: str) -> list[dict]:
    db = store.open_db(path)
    try:
        return [r for r in store.list_audit(db, limit=10**6) if r["action"] == action]
    finally:
        db.close()


@pytest.mark.parametrize("argv", [
    ["export", "people"], ["export", "audit"], ["export", "person", "westmere-000001"],
    ["erase", "westmere-000001", "--yes"], ["schedule", "--time-limit", "1"], ["check"], ["backup", "{tmp}/b.db"],
    ["import", "people", "{tmp}/in.csv"],
])
def test_a_mistyped_db_is_an_error_and_creates_nothing(argv, tmp_path, capsys):
    (tmp_path / "in.csv").write_text("local_id,dob\nA1,2010-01-01\n", encoding="utf-8")
    typo = tmp_path / "plannr.db"
    argv = [a.replace("{tmp}", str(tmp_path)) for a in argv]
    assert main([*argv, "--db", str(typo)]) == 2
    err = capsys.readouterr().err
    assert "There is no database at" in err and "Traceback" not in err
    assert not typo.exists() and not (tmp_path / "b.db").exists()


def test_import_creates_a_database_only_when_asked(tmp_path, capsys):
    f = tmp_path / "in.csv"
    f.write_text("local_id,dob,name\nA1,2010-01-01,Sam\n", encoding="utf-8")
    new = tmp_path / "new.db"
    assert main(["import", "people", str(f), "--db", str(new), "--area", "westmere", "--create"]) == 0
    assert new.exists()


def test_export_people_imports_back_unchanged(dbfile, tmp_path, capsys):
    out = tmp_path / "people.csv"
    assert main(["export", "people", "--db", str(dbfile), "--out", str(out), "--by", "admin.kim"]) == 0
    assert main(["import", "people", str(out), "--db", str(dbfile), "--area", "westmere", "--by", "admin.kim"]) == 0
    assert f"0 inserted, 0 updated, {westmere_people(dbfile)} unchanged" in capsys.readouterr().out


def test_export_people_of_a_missing_area_is_an_error_not_an_empty_file(dbfile, tmp_path, capsys):
    out = tmp_path / "people.csv"
    assert main(["export", "people", "--db", str(dbfile), "--area", "westmeer", "--out", str(out)]) == 2
    assert "there is no area 'westmeer'" in capsys.readouterr().err and not out.exists()


def test_by_must_be_an_account_or_the_os_user_is_recorded(dbfile, tmp_path, capsys):
    assert main(["export", "audit", "--db", str(dbfile), "--by", "the.ceo"]) == 2
    assert "is not an account" in capsys.readouterr().err
    assert main(["export", "audit", "--db", str(dbfile), "--by", "admin.kim"]) == 0
    assert main(["export", "audit", "--db", str(dbfile)]) == 0
    assert [r["username"] for r in _audit(dbfile, "export audit")] == [os_user(), "admin.kim"]


def test_every_export_and_import_is_audited(dbfile, tmp_path, capsys):
    out = tmp_path / "p.csv"
    for argv in (["export", "people", "--out", str(out)], ["export", "audit"],
                 ["export", "person", "westmere-000001"], ["import", "people", str(out), "--area", "westmere"]):
        assert main([*argv, "--db", str(dbfile)]) == 0
    for action in ("export people", "export audit", "subject access request", "import people"):
        assert len(_audit(dbfile, action)) == 1, action


@pytest.mark.parametrize("argv", [["need", "--growth", "nan"], ["need", "--growth", "inf"],
                                  ["need", "--capacity-growth", "1e400"], ["schedule", "--time-limit", "nan"]])
def test_nan_and_infinity_are_refused_before_anything_runs(argv, dbfile, capsys):
    with pytest.raises(SystemExit) as stop:
        main([*argv, "--db", str(dbfile)])
    assert stop.value.code == 2 and "is not a number" in capsys.readouterr().err


@pytest.mark.parametrize("content", [b"this is not a database" * 200, b"SQLite format 3\x00" + b"\x00" * 50 + b"\xff" * 4000])
@pytest.mark.parametrize("argv", [["export", "people"], ["schedule"], ["check"], ["import", "people", "{f}"]])
def test_a_damaged_database_is_one_plain_line(argv, content, tmp_path, capsys):
    bad = tmp_path / "bad.db"
    bad.write_bytes(content)
    f = tmp_path / "in.csv"
    f.write_text("local_id,dob\nA1,2010-01-01\n", encoding="utf-8")
    assert main([*(a.replace("{f}", str(f)) for a in argv), "--db", str(bad)]) == 2
    err = capsys.readouterr().err
    assert "damaged or is not a planner database" in err and "Traceback" not in err
    assert bad.read_bytes() == content


def test_a_read_only_or_full_database_is_one_plain_line(westmere, dbfile, tmp_path, capsys, monkeypatch):
    """Root ignores file permissions, so the faults are made inside SQLite: a read-only
    connection, and a database that may not grow (SQLite's own "database or disk is full")."""
    real_open = store.open_db
    f = tmp_path / "in.csv"
    f.write_text("local_id,dob\nNEW1,2010-01-01\n", encoding="utf-8")

    def read_only(path=None, **kw):
        return store.Store(sqlite3.connect(f"file:{path}?mode=ro", uri=True), execute_plugins=False)

    monkeypatch.setattr(store, "open_db", read_only)
    assert main(["import", "people", str(f), "--db", str(dbfile), "--area", "westmere", "--by", "admin.kim"]) == 2
    assert "read-only" in capsys.readouterr().err

    def full(path=None, **kw):
        db = real_open(path, **kw)
        pages = db.execute("PRAGMA page_count").fetchone()[0]
        db.execute(f"PRAGMA max_page_count = {pages}")
        return db

    monkeypatch.setattr(store, "open_db", full)
    big = tmp_path / "big.csv"
    big.write_text("local_id,dob,name\n" + "".join(f"N{i},2010-01-01,Name {i}\n" for i in range(3000)), encoding="utf-8")
    assert main(["import", "people", str(big), "--db", str(dbfile), "--area", "westmere", "--by", "admin.kim"]) == 2
    err = capsys.readouterr().err
    assert "disk that holds the database is full" in err and "Nothing was saved" in err
    monkeypatch.setattr(store, "open_db", real_open)
    assert westmere_people(dbfile) == westmere_people(westmere)  # nothing half-written


def test_a_terminal_that_cannot_show_a_name_is_a_message(dbfile, tmp_path):
    db = store.open_db(dbfile)
    store.update_person(db, "westmere-000001", {"name": "Zoë Brontë"}, expected_version=None, by="t")
    db.close()
    env = {**os.environ, "PYTHONIOENCODING": "ascii", "PYTHONUTF8": "0"}
    done = subprocess.run([sys.executable, "-m", "planner", "export", "people", "--db", str(dbfile)],
                          capture_output=True, env=env, timeout=120)
    assert done.returncode == 2
    assert b"cannot show some of the characters" in done.stderr and b"Traceback" not in done.stderr


def test_backup_check_and_restore(dbfile, tmp_path, capsys):
    copy = tmp_path / "backup.db"
    assert main(["backup", str(copy), "--db", str(dbfile), "--by", "admin.kim"]) == 0
    assert "passed its check" in capsys.readouterr().out
    assert main(["backup", str(copy), "--db", str(dbfile)]) == 2  # never over an existing file
    assert "already exists" in capsys.readouterr().err
    assert main(["check", "--db", str(copy)]) == 0
    assert "The database is sound" in capsys.readouterr().out
    # A change after the backup, then the restore brings the backed-up data back.
    db = store.open_db(dbfile)
    exports_before = store.count_people(db)
    store.delete_person(db, "westmere-000001")
    db.close()
    assert main(["restore", str(copy), "--db", str(dbfile)]) == 2  # needs --yes
    assert main(["restore", str(copy), "--db", str(dbfile), "--yes"]) == 0
    out = capsys.readouterr().out
    assert "passed its check" in out and "before-restore" in out
    db = store.open_db(dbfile)
    assert store.count_people(db) == exports_before
    # The restored log is the backup's (which ends before the backup was audited) plus the restore.
    assert [r["action"] for r in store.list_audit(db, limit=2)][0] == "restore"
    assert not any(r["action"] == "backup" for r in store.list_audit(db, limit=10**6))
    db.close()
    kept = [p for p in tmp_path.iterdir() if ".before-restore-" in p.name]
    assert len(kept) == 1 and main(["check", "--db", str(kept[0])]) == 0


def test_check_finds_a_broken_foreign_key_and_restore_refuses_a_bad_backup(dbfile, tmp_path, capsys):
    broken = tmp_path / "broken.db"
    shutil.copy(dbfile, broken)
    conn = sqlite3.connect(broken)
    conn.execute("PRAGMA foreign_keys = OFF")
    conn.execute("INSERT INTO events (person_id, kind, date, recorded_by, recorded_at) "
                 "VALUES ('nobody', 'note', '2026-01-01', 'x', 'x')")
    conn.commit()
    conn.close()
    assert main(["check", "--db", str(broken)]) == 1
    assert "events row" in capsys.readouterr().err
    before = dbfile.read_bytes()
    assert main(["restore", str(broken), "--db", str(dbfile), "--yes"]) == 2
    err = capsys.readouterr().err
    assert "failed its check" in err and "nothing was restored" in err
    assert dbfile.read_bytes() == before


def test_the_data_pages_people_export_imports_back_unchanged(dbfile):
    import datetime as dt

    from planner.exchange import imports
    from planner.views import data_admin

    db = store.open_db(dbfile)
    download = data_admin.export(db, "people", "westmere", "admin.kim", dt.date(2026, 11, 23))
    counts = imports.import_data(db, "people", download.data, area="westmere", by="admin.kim")
    assert counts == {"inserted": 0, "updated": 0, "unchanged": store.count_people(db, area="westmere")}
    db.close()
