"""Staying signed in (planner.access.sessions): a signed token, checked against the store on
every new page load; idle for more than 30 minutes or signed out anywhere ends it."""

from __future__ import annotations

import datetime as dt

import pytest

from planner import store
from planner.access import sessions

T0 = dt.datetime(2026, 11, 23, 10, 0, 0)


@pytest.fixture
def book(fresh_db):
    store.create_user(fresh_db, "young.p", "young_person", None)
    store.create_user(fresh_db, "worker.w", "worker", None)
    return sessions.SessionBook(fresh_db, secret="test-secret")


@pytest.fixture
def fresh_db():
    db = store.open_db(":memory:")
    yield db
    db.close()


def test_a_token_resumes_its_session_in_a_new_tab(book):
    token = book.start("young.p", T0)
    assert book.resume(token, T0 + dt.timedelta(minutes=5)).username == "young.p"
    assert book.resume(token, T0 + dt.timedelta(minutes=34)).username == "young.p"  # touched at 5 minutes


def test_idle_for_more_than_30_minutes_ends_the_session(book):
    token = book.start("young.p", T0)
    check = book.resume(token, T0 + dt.timedelta(minutes=31))
    assert check.username is None and check.reason == "idle"
    assert book.resume(token, T0 + dt.timedelta(minutes=32)).reason.startswith("ended: idle")


def test_signing_out_ends_every_session_of_that_user_only(book):
    laptop, phone = book.start("young.p", T0), book.start("young.p", T0)
    other = book.start("worker.w", T0)
    assert book.end_all("young.p", "signed out", T0 + dt.timedelta(minutes=1)) == 2
    later = T0 + dt.timedelta(minutes=2)
    assert book.resume(laptop, later).username is None and book.resume(phone, later).username is None
    assert book.resume(other, later).username == "worker.w"


@pytest.mark.parametrize("mangle", [
    lambda t: t[:-2] + ("AA" if not t.endswith("AA") else "BB"),  # a changed signature
    lambda t: "x" + t,  # a changed id
    lambda t: t.split(".")[0],  # no signature
    lambda t: "",
    lambda t: None,
])
def test_a_forged_or_broken_token_is_refused(book, mangle):
    token = book.start("young.p", T0)
    assert book.resume(mangle(token), T0).username is None


def test_a_token_signed_with_another_secret_is_refused(book, fresh_db):
    token = book.start("young.p", T0)
    other = sessions.SessionBook(fresh_db, secret="another-secret")
    assert other.resume(token, T0).username is None


def test_the_store_keeps_only_a_hash_of_the_session_id(book, fresh_db):
    token = book.start("young.p", T0)
    session_id = token.split(".")[0]
    rows = list(fresh_db.query("SELECT id_hash FROM sessions"))
    assert rows == [{"id_hash": sessions.id_hash(session_id)}] and session_id not in rows[0]["id_hash"]


def test_without_a_configured_secret_the_store_makes_one(fresh_db, monkeypatch):
    monkeypatch.delenv(sessions.SECRET_ENV, raising=False)
    store.create_user(fresh_db, "young.p", "young_person", None)
    a, b = sessions.SessionBook(fresh_db), sessions.SessionBook(fresh_db)
    assert a.secret == b.secret == store.app_secret(fresh_db, "session")
    assert b.resume(a.start("young.p", T0), T0).username == "young.p"
