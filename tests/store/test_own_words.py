"""The young person's own words in the store: every record versioned, a stale save refused with
who and when, the history kept, consent per service and part, the parent's view decided by the
young person, communication needs, sessions, and a database made before these tables."""

from __future__ import annotations

import sqlite3

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from planner import store
from planner.own_words import ALL_PARTS, CommunicationNeeds, Part, WordsRecord, authors
from planner.store.db import _statements


@pytest.fixture
def db(fresh_db):
    fresh_db.table("people").insert({"id": "p1", "area": "a", "local_id": "1", "dob": "2010-01-01"})
    store.create_user(fresh_db, "young.p", "young_person", None, person_id="p1", display_name="Pat")
    store.create_user(fresh_db, "mum.p", "parent_carer", None, person_id="p1", display_name="Jo Smith")
    return fresh_db


def test_every_record_starts_at_version_0_and_counts_each_save(db):
    assert store.words_versions(db, "p1") == {r.value: 0 for r in WordsRecord}
    assert store.save_profile(db, "p1", {"like_about_me": "Funny"}, "young.p", expected_version=0) == 1
    assert store.save_aspirations(db, "p1", {"employment": "Vet"}, "young.p", expected_version=0) == 1
    assert store.save_aspirations(db, "p1", {"employment": "Vet nurse"}, "young.p", expected_version=1) == 2
    needs = CommunicationNeeds(information_formats=("easy_read",)).as_fields()
    assert store.save_communication(db, "p1", needs, "young.p", expected_version=0) == 1
    assert store.save_consent(db, "p1", {"ehc_plan": ALL_PARTS}, "young.p", expected_version=0) == 1
    assert store.words_versions(db, "p1") == {"profile": 1, "wishes": 2, "communication": 1, "consent": 1}
    assert store.get_profile(db, "p1")["version"] == 1


@pytest.mark.parametrize("record", list(WordsRecord))
def test_a_stale_save_is_refused_with_who_and_when_and_nothing_written(db, record):
    save = {
        WordsRecord.PROFILE: lambda words, by, v: store.save_profile(db, "p1", {"important_to_me": words}, by, v),
        WordsRecord.WISHES: lambda words, by, v: store.save_aspirations(db, "p1", {"employment": words}, by,
                                                                        expected_version=v),
        WordsRecord.COMMUNICATION: lambda words, by, v: store.save_communication(
            db, "p1", {"how_i_communicate": words}, by, expected_version=v),
        WordsRecord.CONSENT: lambda words, by, v: store.save_consent(
            db, "p1", {words: ALL_PARTS}, by, expected_version=v),
    }[record]
    save("first", "mum.p", 0)
    before = store.words_history(db, "p1", record)
    with pytest.raises(store.ConflictError, match=r"changed by Jo Smith \(mum.p\) at \d\d:\d\d on") as stale:
        save("second", "young.p", 0)
    assert "Nothing was saved" in str(stale.value)
    assert store.words_history(db, "p1", record) == before


def test_history_keeps_each_version_with_who_in_what_role_and_when(db):
    store.save_aspirations(db, "p1", {"employment": "Vet", "good_health": "Swim"}, "mum.p", role="parent_carer")
    store.save_aspirations(db, "p1", {"employment": "Vet nurse", "good_health": "Swim"}, "young.p",
                           role="young_person", expected_version=1)
    history = store.words_history(db, "p1", "wishes")
    assert [(v.version, v.by, v.role) for v in history] == [(1, "mum.p", "parent_carer"), (2, "young.p", "young_person")]
    assert history[0].content == {"employment": "Vet", "good_health": "Swim"}
    who = authors(history)
    assert who["employment"].by == "young.p" and who["good_health"].by == "mum.p"
    # the rows keep the author of words that did not change
    rows = store.row_authors(db, "p1", "wishes")
    assert rows["good_health"].by == "mum.p" and rows["good_health"].role == "parent_carer"


def test_consent_per_service_and_part_and_the_parent_choice(db):
    store.save_consent(db, "p1", {"ehc_plan": ALL_PARTS, "fe_college": frozenset({Part.ABOUT_ME})}, "young.p",
                       parent=True)
    assert store.get_consent_parts(db, "p1") == {"ehc_plan": "about_me,communication", "fe_college": "about_me"}
    assert store.get_consents(db, "p1") == {"ehc_plan": True, "fe_college": True}
    assert store.person_links(db, "p1")["parent_consent"] is True
    store.save_consent(db, "p1", {"ehc_plan": frozenset()}, "young.p", parent=False, expected_version=1)
    assert store.get_consents(db, "p1") == {"ehc_plan": False, "fe_college": True}
    assert store.person_links(db, "p1")["parent_consent"] is False
    last = store.words_history(db, "p1", "consent")[-1]
    assert last.content == {"services": {"fe_college": ["about_me"]}, "parent": False}


def test_communication_needs_round_trip(db):
    needs = CommunicationNeeds(how_i_communicate="I use Makaton", contact_methods=("text_message", "email"),
                               communication_professionals=("advocate",))
    store.save_communication(db, "p1", needs.as_fields(), "young.p")
    assert CommunicationNeeds.from_fields(store.get_communication(db, "p1")) == needs
    with pytest.raises(ValueError, match="unknown communication field"):
        store.save_communication(db, "p1", {"shoe_size": "5"}, "young.p")


def test_erasure_and_subject_access_include_the_new_records(db):
    store.save_communication(db, "p1", {"how_i_communicate": "Slowly"}, "young.p")
    assert [r["how_i_communicate"] for r in store.person_record(db, "p1")["communication_needs"]] == ["Slowly"]
    assert len(store.person_record(db, "p1")["own_words_versions"]) == 1
    counts = store.delete_person(db, "p1")
    assert counts["own_words_versions"] == 1 and counts["communication_needs"] == 1


def test_sessions_end_for_a_user_everywhere(db):
    store.create_session(db, "h1", "young.p", "2026-11-23T10:00:00")
    store.create_session(db, "h2", "young.p", "2026-11-23T10:05:00")
    store.touch_session(db, "h1", "2026-11-23T10:20:00")
    assert store.get_session(db, "h1")["last_seen"] == "2026-11-23T10:20:00"
    assert store.end_sessions_for(db, "young.p", "signed out") == 2
    assert store.get_session(db, "h2")["ended_why"] == "signed out"
    assert store.end_sessions_for(db, "young.p", "again") == 0


def test_app_secret_is_made_once(db):
    first = store.app_secret(db, "session")
    assert len(first) == 64 and store.app_secret(db, "session") == first


def test_named_worker_and_how_to_reach_them(db):
    db.table("teams").insert({"area": "a", "id": "send_team", "name": "SEND team"})
    store.create_user(db, "worker.w", "worker", None, display_name="Wyn Jones", team_id="send_team",
                      email="wyn@example.org", phone="01632 960 001")
    assert store.named_worker(db, "p1") is None
    store.assign_caseload(db, "worker.w", ["p1"], since="2025-09-01")
    worker = store.named_worker(db, "p1")
    assert (worker["display_name"], worker["team_name"], worker["email"], worker["phone"]) == (
        "Wyn Jones", "SEND team", "wyn@example.org", "01632 960 001")


def test_a_database_made_before_keeps_its_profiles_and_consents(tmp_path):
    """Profiles get a first version (so a stale save is still refused), and a consent given before
    shares every part."""
    path = tmp_path / "old.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE schema_migrations (id INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)")
    upto = next(i for i, (name, _) in enumerate(store.MIGRATIONS) if name.startswith("tell it once"))
    for number, (name, sql) in enumerate(store.MIGRATIONS[:upto], start=1):
        for statement in _statements(sql):
            conn.execute(statement)
        conn.execute("INSERT INTO schema_migrations VALUES (?, ?, 'then')", [number, name])
    conn.execute("INSERT INTO people (id, area, local_id, dob) VALUES ('a-1', 'a', '1', '2010-01-01')")
    conn.execute("INSERT INTO users (username, role) VALUES ('young.a', 'young_person')")
    conn.execute("INSERT INTO profiles VALUES ('a-1', 'Kind', '', '', 3, 'young.a', '2026-01-01T10:00:00')")
    conn.execute("INSERT INTO consents VALUES ('a-1', 'fe_college', 1, 'young.a', '2026-01-01T10:00:00')")
    conn.commit()
    conn.close()
    db = store.open_db(path)
    assert store.words_versions(db, "a-1")["profile"] == 3
    assert authors(store.words_history(db, "a-1", "profile"))["like_about_me"].role == "young_person"
    assert store.get_consent_parts(db, "a-1") == {"fe_college": "about_me,communication"}
    with pytest.raises(store.ConflictError):
        store.save_profile(db, "a-1", {"like_about_me": "Kinder"}, "someone", expected_version=2)
    db.close()


@settings(max_examples=40, deadline=None)
@given(st.lists(st.dictionaries(st.sampled_from(["employment", "independent_living", "good_health"]),
                                st.sampled_from(["", "a", "b"]), max_size=3), min_size=1, max_size=6))
def test_the_last_saved_words_are_the_words_and_each_save_is_one_version(saves):
    db = store.open_db(":memory:")
    db.table("people").insert({"id": "p1", "area": "a", "local_id": "1", "dob": "2010-01-01"})
    for n, words in enumerate(saves):
        assert store.save_aspirations(db, "p1", words, f"u{n}", expected_version=n) == n + 1
    assert store.get_aspirations(db, "p1") == {k: v for k, v in saves[-1].items() if v}
    who = authors(store.words_history(db, "p1", "wishes"))
    assert set(who) == {k for k, v in saves[-1].items() if v}
    db.close()
