"""Sign-in under attack (issue 17, defects 1 and 6): many attempts at once, unknown usernames,
and what the audit log keeps of what was typed."""

from __future__ import annotations

import datetime as dt
import threading

from planner import access, store
from planner.access.records import UNKNOWN_ACCOUNT, sign_in
from planner.access.store_records import open_records
from tests.app.test_store_records import DEMO_PASSWORD

NOW = dt.datetime(2026, 11, 23, 10, 0)


def _attack(path, username: str, tabs: int, each: int, names: access.UnknownNames) -> list[str]:
    """`tabs` threads, each on its own connection (a browser tab is a session with its own), send
    `each` wrong passwords for `username` as fast as they can, all starting together."""
    messages: list[str] = []
    start = threading.Barrier(tabs)
    lock = threading.Lock()

    def tab() -> None:
        records = open_records(store.open_db(path))
        start.wait()
        for i in range(each):
            result = sign_in(records, username, f"guess {i}", NOW, names)
            assert not result.ok
            with lock:
                messages.append(result.message)
        records.db.close()

    threads = [threading.Thread(target=tab) for _ in range(tabs)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return messages


def test_ten_tabs_at_once_get_five_guesses_then_the_account_locks(demo_db):
    """The attack: ten tabs sending wrong passwords at once made 30 guesses and never locked the
    account (the page read the count, checked, then wrote it back)."""
    messages = _attack(demo_db, "young.sam", tabs=10, each=3, names=access.UnknownNames())
    checked = [m for m in messages if m in (access.WRONG_DETAILS, access.LOCKED_NOW)]
    assert len(messages) == 30
    assert len(checked) == access.MAX_FAILED_ATTEMPTS  # passwords actually tried against the hash
    assert messages.count(access.LOCKED_NOW) == 1
    db = store.open_db(demo_db)
    user = store.get_user(db, "young.sam")
    assert user["locked_until"] is not None
    # The right password is refused too while the lock lasts.
    right = sign_in(open_records(db), "young.sam", DEMO_PASSWORD, NOW + dt.timedelta(minutes=1))
    assert not right.ok and "locked" in right.message


def test_an_unknown_username_locks_just_like_a_real_one_under_attack(demo_db):
    names = access.UnknownNames()
    real = _attack(demo_db, "young.alex", tabs=5, each=2, names=names)
    unknown = _attack(demo_db, "young.nobody", tabs=5, each=2, names=names)
    assert sorted(real) == sorted(unknown)


def test_what_was_typed_as_a_username_is_never_written_unless_it_is_an_account(db):
    records = open_records(db)
    typed_password = "my-real-Passw0rd!"
    long_name = "x" * 5000
    for typed in (typed_password, long_name, "=cmd|' /C calc'!A0", "young.sam\n"):
        assert not sign_in(records, typed, "anything", NOW).ok
    rows = store.list_audit(db, limit=10)
    refused = [r for r in rows if r["action"] == "sign in refused"]
    assert [r["username"] for r in refused] == ["young.sam"] + [UNKNOWN_ACCOUNT] * 3  # newest first
    for r in refused:
        assert typed_password not in r["detail"] and "xxxxx" not in r["detail"] and "calc" not in r["detail"]
        assert len(r["detail"]) < 60
    # The same unknown name gets the same tag (so repeated attempts can be seen), another a different one.
    sign_in(records, typed_password, "again", NOW)
    tags = [r["detail"] for r in store.list_audit(db, limit=5) if r["username"] == UNKNOWN_ACCOUNT]
    assert tags[0] == tags[3] and tags[0] != tags[1]
