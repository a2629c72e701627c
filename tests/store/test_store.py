"""Store behaviour: round-trips, versioned edits, users, audit, caseloads, erasure."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from planner import store
from planner.models import Need, Person
from planner.own_words import PROFILE_FIELDS

SETTINGS = settings(suppress_health_check=[HealthCheck.function_scoped_fixture])

dates = st.dates(min_value=dt.date(1995, 1, 1), max_value=dt.date(2035, 12, 31))
texts = st.text(st.characters(exclude_categories=("Cs",), exclude_characters="\x00"), max_size=40)


@st.composite
def people(draw):
    dob = draw(st.dates(min_value=dt.date(1995, 1, 1), max_value=dt.date(2015, 12, 31)))
    ehc = draw(st.booleans())
    later = st.one_of(st.none(), st.dates(min_value=dob, max_value=dt.date(2035, 12, 31)))
    issued = draw(later) if ehc else None
    review = draw(st.one_of(st.none(), st.dates(min_value=issued, max_value=dt.date(2040, 1, 1)))) if issued else None
    looked_after = draw(st.booleans())
    person = Person(
        dob=dob, ehc_plan=ehc, plan_issued=issued, last_review=review,
        primary_need=draw(st.one_of(st.none(), st.sampled_from(list(Need)))),
        looked_after=looked_after, care_leaver=not looked_after and draw(st.booleans()),
        camhs=draw(st.booleans()), dla=draw(st.booleans()), assessment_request=draw(later),
        entered_services=draw(later),
    )
    extra = {"area": "westmere", "local_id": draw(st.from_regex(r"[A-Z0-9]{1,10}", fullmatch=True)),
             "name": draw(texts), "sex": draw(st.sampled_from(["M", "F", None])), "setting": draw(texts)}
    return person, extra


@SETTINGS
@given(case=people())
def test_person_round_trip(fresh_db, case):
    person, extra = case
    row = store.person_row(person, **extra)
    fresh_db.execute("DELETE FROM people")
    store.upsert_people(fresh_db, [row], by="test")
    stored = store.get_person(fresh_db, row["id"])
    # A record with no start date begins on the day it is first written (issue 11).
    began = person.record_started or dt.date.fromisoformat(stored["updated_at"][:10])
    assert store.person_model(stored) == person.model_copy(update={"id": row["id"], "record_started": began})
    assert {k: stored[k] for k in extra} == extra
    assert store.upsert_people(fresh_db, [row], by="test") == {"inserted": 0, "updated": 0, "unchanged": 1}


@SETTINGS
@given(words=st.dictionaries(st.sampled_from(store.OUTCOMES), texts.filter(str.strip)),
       consent=st.dictionaries(st.sampled_from(["fe_college", "adult_social_care", "gp"]), st.booleans()),
       profile=st.fixed_dictionaries({f: texts for f in PROFILE_FIELDS}))
def test_words_round_trip(fresh_db, words, consent, profile):
    pid = _person(fresh_db)
    store.save_aspirations(fresh_db, pid, words, by="sam")
    for service, shared in consent.items():
        store.set_consent(fresh_db, pid, service, shared, by="sam")
    store.save_profile(fresh_db, pid, profile, by="sam")
    assert store.get_aspirations(fresh_db, pid) == {k: v.strip() for k, v in words.items()}
    assert store.get_consents(fresh_db, pid) == consent
    assert {k: store.get_profile(fresh_db, pid)[k] for k in PROFILE_FIELDS} == profile
    fresh_db.execute("DELETE FROM people")


@SETTINGS
@given(spans=st.lists(st.tuples(st.sampled_from(["camhs", "fe_college", "gp"]), dates, st.one_of(st.none(), st.integers(0, 3000))), max_size=6))
def test_episodes_round_trip(fresh_db, spans):
    pid = _person(fresh_db)
    rows = {}
    for service, start, days in spans:
        end = None if days is None else (start + dt.timedelta(days=days)).isoformat()
        rows[(service, start.isoformat())] = {"person_id": pid, "service_id": service, "start": start.isoformat(), "end": end, "end_actual": 0}
    store.upsert_episodes(fresh_db, rows.values())
    got = {(e["service_id"], e["start"]): {k: e[k] for k in ("person_id", "service_id", "start", "end", "end_actual")} for e in store.episodes_for(fresh_db, pid)}
    assert got == rows
    assert store.upsert_episodes(fresh_db, rows.values())["unchanged"] == len(rows)
    fresh_db.execute("DELETE FROM people")


def _person(db, local_id="P1") -> str:
    row = store.person_row(Person(dob=dt.date(2010, 8, 31), ehc_plan=True), area="westmere", local_id=local_id, name="Test")
    store.upsert_people(db, [row], by="test")
    return row["id"]


def test_second_connection_gets_the_conflict_message(file_db):
    path, first = file_db
    pid = _person(first)
    second = store.open_db(path)
    version = store.get_person(first, pid)["version"]
    assert store.get_person(second, pid)["version"] == version  # both opened the same version
    store.update_person(first, pid, {"setting": "FE college"}, expected_version=version, by="worker.ann")
    with pytest.raises(store.ConflictError) as err:
        store.update_person(second, pid, {"setting": "Sixth form"}, expected_version=version, by="worker.bob")
    message = str(err.value)
    assert "changed by worker.ann at " in message and "Nothing was saved" in message
    assert store.get_person(second, pid)["setting"] == "FE college"
    second.close()


@pytest.mark.parametrize("kind", ["profile", "step", "capacity"])
def test_other_versioned_records_refuse_stale_writes(fresh_db, kind):
    pid = _person(fresh_db)
    if kind == "profile":
        v = store.save_profile(fresh_db, pid, {"like_about_me": "funny"}, by="a")
        store.save_profile(fresh_db, pid, {"like_about_me": "kind"}, by="a", expected_version=v)
        stale = lambda: store.save_profile(fresh_db, pid, {"like_about_me": "x"}, by="b", expected_version=v)  # noqa: E731
    elif kind == "step":
        store.save_handovers(fresh_db, [{"id": "h1", "person_id": pid, "from_service": "camhs", "to_service": "adult_mental_health"}],
                             [{"id": "s1", "handover_id": "h1", "person_id": pid, "kind": "refer", "team_id": "camhs_team"}])
        store.update_step(fresh_db, "s1", {"start": "2027-01-04"}, expected_version=1, by="a")
        stale = lambda: store.update_step(fresh_db, "s1", {"start": "2027-02-01"}, expected_version=1, by="b")  # noqa: E731
    else:
        store.upsert_teams(fresh_db, "westmere", [{"id": "send_team", "per_week": 5}])
        store.set_capacity(fresh_db, "westmere", "send_team", "2000-01-01", 6, by="a", expected_version=1)
        stale = lambda: store.set_capacity(fresh_db, "westmere", "send_team", "2000-01-01", 7, by="b", expected_version=1)  # noqa: E731
    with pytest.raises(store.ConflictError, match="changed by a at"):
        stale()


def test_users_login_state_caseload_and_links(fresh_db):
    pid = _person(fresh_db)
    store.create_user(fresh_db, "young.sam", "young_person", "hash", person_id=pid, email="Sam@example.org")
    store.create_user(fresh_db, "parent.sam", "parent_carer", "hash", person_id=pid)
    store.create_user(fresh_db, "worker.ann", "worker", "hash", team_id="send_team")
    store.assign_caseload(fresh_db, "worker.ann", [pid])
    assert store.get_user_by_email(fresh_db, "sam@EXAMPLE.org")["username"] == "young.sam"
    assert [p["id"] for p in store.caseload(fresh_db, "worker.ann")] == [pid]
    assert store.person_links(fresh_db, pid) == {
        "person_id": pid, "dob": "2010-08-31", "parent_consent": False, "parents": ["parent.sam"],
        "workers": ["worker.ann"], "teams": ["send_team"]}
    now = dt.datetime(2026, 1, 5, 9, 0)
    for expected in (1, 2, 3, 4):
        assert store.record_login_failure(fresh_db, "young.sam", now) == (expected, None, False)
    assert store.record_login_failure(fresh_db, "young.sam", now) == (0, "2026-01-05T09:15:00", False)
    # While locked nothing more is counted; after the lock a new count starts.
    assert store.record_login_failure(fresh_db, "young.sam", now) == (0, "2026-01-05T09:15:00", True)
    later = now + dt.timedelta(minutes=15)
    assert store.record_login_failure(fresh_db, "young.sam", later) == (1, None, False)
    assert store.record_login_failure(fresh_db, "nobody", now) is None
    store.reset_failures(fresh_db, "young.sam")
    assert store.get_user(fresh_db, "young.sam")["locked_until"] is None
    with pytest.raises(ValueError, match="unknown role"):
        store.create_user(fresh_db, "x", "superuser", None)


def test_audit_and_erasure(fresh_db):
    pid = _person(fresh_db)
    store.record_event(fresh_db, pid, "meeting_held", dt.date(2026, 1, 5), by="worker.ann")
    store.save_aspirations(fresh_db, pid, {"employment": "work with animals"}, by="sam")
    store.audit(fresh_db, "worker.ann", "read", pid, "caseload")
    counts = store.delete_person(fresh_db, pid)
    assert counts["people"] == 1 and counts["events"] == 1 and counts["aspirations"] == 1
    assert store.get_person(fresh_db, pid) is None
    assert fresh_db.execute("SELECT count(*) FROM events").fetchone()[0] == 0
    assert [a["action"] for a in store.list_audit(fresh_db, person_id=pid)] == ["read"]
    with pytest.raises(ValueError):
        store.record_event(fresh_db, pid, "party", "2026-01-01", by="x")
