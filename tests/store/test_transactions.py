"""Transactions that wait, never fail at once, and errors in words for people (issue 17, defect 4).

The attack: with transactions begun DEFERRED, a save that reads and then writes fails at once
with "database is locked" when another writer commits in between (SQLite cannot upgrade a stale
read to a write), and the raw error reached the user.
"""

from __future__ import annotations

import sqlite3
import threading
import time

import pytest

from planner import store


@pytest.fixture
def path(tmp_path):
    p = tmp_path / "planner.db"
    db = store.open_db(p)
    db.execute("INSERT INTO people (id, area, local_id, dob) VALUES ('a-1', 'a', '1', '2010-01-01')")
    db.close()
    return p


def _other_writer(path) -> sqlite3.Connection:
    """A plain connection that takes the write lock and holds it."""
    other = sqlite3.connect(str(path), isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    other.execute("UPDATE people SET name = 'held' WHERE id = 'a-1'")
    return other


def test_a_write_transaction_holds_the_lock_from_its_start(path):
    """Begun IMMEDIATE: from its first read nobody else can write, so it cannot be overtaken."""
    db = store.open_db(path)
    other = sqlite3.connect(str(path), isolation_level=None, timeout=0.05)
    with db.atomic():
        store.get_person(db, "a-1")  # a read first, as every read-then-write does
        with pytest.raises(sqlite3.OperationalError, match="locked"):
            other.execute("UPDATE people SET name = 'x' WHERE id = 'a-1'")
        store.update_person(db, "a-1", {"name": "mine"}, expected_version=1, by="me")
    assert store.get_person(db, "a-1")["name"] == "mine"
    other.close()
    db.close()


def test_a_save_waits_for_another_writer_and_then_succeeds(path):
    other = _other_writer(path)
    db = store.open_db(path, check_same_thread=False)
    done: list = []
    saver = threading.Thread(target=lambda: done.append(
        store.update_person(db, "a-1", {"name": "waited"}, expected_version=None, by="me")))
    saver.start()
    time.sleep(0.3)  # the saver is waiting on the lock (no assertion on time: it just must not fail)
    other.execute("COMMIT")
    saver.join()
    assert done == [2]
    assert store.get_person(db, "a-1")["name"] == "waited"
    db.close()
    other.close()


def test_a_lock_held_past_the_timeout_gives_busy_and_writes_nothing(path):
    other = _other_writer(path)
    db = store.open_db(path)
    db.execute("PRAGMA busy_timeout = 50")
    with pytest.raises(store.BusyError) as caught:
        store.save_aspirations(db, "a-1", {"employment": "a job"}, by="me")
    assert str(caught.value) == ("The planner is busy saving another change. Nothing was saved: "
                                 "try again in a moment.")
    assert isinstance(caught.value, store.StoreError)
    other.execute("ROLLBACK")
    other.close()
    assert store.get_aspirations(db, "a-1") == {}
    assert not db.conn.in_transaction
    db.close()


def test_many_writers_at_once_lose_nothing(path):
    """Eight threads, each its own connection, each adding 25 events by read-then-write."""
    errors: list[BaseException] = []

    def writer(k: int) -> None:
        db = store.open_db(path)
        try:
            for i in range(25):
                with db.atomic():
                    store.get_person(db, "a-1")
                    store.record_event(db, "a-1", "note", "2026-01-01", by=f"w{k}", note=f"{k}-{i}")
        except BaseException as exc:  # noqa: BLE001 - collected and asserted on below
            errors.append(exc)
        finally:
            db.close()

    threads = [threading.Thread(target=writer, args=(k,)) for k in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    db = store.open_db(path)
    assert len(store.events_for(db, "a-1")) == 200
    db.close()


@pytest.mark.parametrize("make, words", [
    (lambda p: p.write_bytes(b"this is not a database, it is a text file" * 100), "damaged or is not a planner"),
    (lambda p: p.write_bytes(b"SQLite format 3\x00" + b"\xff" * 4000), "damaged or is not a planner"),
])
def test_a_damaged_file_gives_a_plain_message(tmp_path, make, words):
    p = tmp_path / "broken.db"
    make(p)
    with pytest.raises(store.DatabaseUnavailable, match=words):
        store.open_db(p)


def test_another_programs_database_is_refused_not_filled(tmp_path):
    p = tmp_path / "other.db"
    conn = sqlite3.connect(p)
    conn.execute("CREATE TABLE invoices (id INTEGER)")
    conn.commit()
    conn.close()
    with pytest.raises(store.DatabaseUnavailable, match="not a planner database"):
        store.open_db(p)
    assert [r[0] for r in sqlite3.connect(p).execute("SELECT name FROM sqlite_master")] == ["invoices"]


def test_a_missing_file_is_not_created_unless_asked(tmp_path):
    p = tmp_path / "typo.db"
    with pytest.raises(store.DatabaseUnavailable, match="There is no database at"):
        store.open_db(p, create=False)
    assert not p.exists()
    store.open_db(p).close()  # creating is explicit (the default, for `planner demo` and tests)
    assert p.exists()


def test_a_read_only_database_gives_a_plain_message(path):
    db = store.open_db(path)
    db.close()
    ro = store.Store(sqlite3.connect(f"file:{path}?mode=ro", uri=True), execute_plugins=False)
    with pytest.raises(store.DatabaseUnavailable, match="read-only"):
        store.save_aspirations(ro, "a-1", {"employment": "a job"}, by="me")
    assert store.get_aspirations(ro, "a-1") == {}
    ro.close()


def test_secure_delete_is_on(path):
    db = store.open_db(path)
    assert db.execute("PRAGMA secure_delete").fetchone()[0] == 1
    db.close()
