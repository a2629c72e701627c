"""StoreRecords: the app's records in the store (Westmere demo database), and the app run on it.

Round-trips of the young person's own words, a stale profile write refused, every read of a
person in the audit_log table, and a young person's AppTest session that shows their own
timeline and no one else's.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from planner import access, store
from planner.access.records import NotAllowed, read_person
from planner.access.store_records import open_on, open_records
from planner.demo import DEMO_PASSWORD
from planner.own_words import PROFILE_FIELDS
from planner.schoolyear import anniversary
from planner.views.words import long_date

APP = str(Path(__file__).resolve().parents[2] / "app.py")
TODAY = dt.date(2026, 11, 23)  # as tests/app/conftest.py


@pytest.fixture
def records(db):
    return open_records(db, today=lambda: TODAY)


def person_of(db, username: str) -> str:
    return store.get_user(db, username)["person_id"]


def audit_rows(db, **filters) -> list[tuple]:
    return [(r["username"], r["action"], r["person_id"], r["detail"]) for r in store.list_audit(db, **filters)]


# --- accounts and links ----------------------------------------------------------------------

def test_account_from_the_users_table(records, db):
    account = records.account("young.sam")
    assert account.user.role is access.Role.YOUNG_PERSON
    assert account.user.person_id == person_of(db, "young.sam")
    assert access.verify_password(account.password_hash, DEMO_PASSWORD)
    assert account.login == access.LoginState()
    assert records.account("nobody") is None
    assert records.account_by_email("nobody@example.org") is None
    assert records.account("worker.ann").user.team_id == "send_team"


def test_account_by_email_ignores_case(records, db):
    store.create_user(db, "kim.two", "administrator", None, email="kim@example.org")
    assert records.account_by_email("KIM@example.org").user.username == "kim.two"


def test_login_state_counts_and_locks_in_the_store(records):
    now = dt.datetime(2026, 11, 23, 10, 0, 0)
    for n in range(1, 5):
        before, after = records.count_failure("young.sam", now)
        assert after == access.LoginState(failed_attempts=n) and not access.is_locked(before, now)
    before, after = records.count_failure("young.sam", now)
    assert after == access.LoginState(locked_until=now + access.LOCK_OUT)
    assert records.account("young.sam").login == after
    assert records.count_failure("young.sam", now) == (after, after)  # locked: nothing counted
    records.clear_failures("young.sam")
    assert records.account("young.sam").login == access.LoginState()
    assert records.count_failure("nobody", now) is None


def test_links_of_a_person(records, db):
    sam = person_of(db, "young.sam")
    links = records.links(sam)
    assert links.person_id == sam and links.parent_consent
    assert links.parents == {"parent.sam"} and "worker.ann" in links.workers and links.teams == {"send_team"}
    assert records.links("westmere-nobody") is None


# --- the person's record -----------------------------------------------------------------------

def test_load_person(records, db):
    sam = person_of(db, "young.sam")
    record = records.load_person(sam)
    row = store.get_person(db, sam)
    assert record.name == "Sam Taylor" and record.person == store.person_model(row)
    assert record.aspirations["employment"] == "I want to work with animals."
    assert set(record.profile) == set(PROFILE_FIELDS) and record.profile_version == 1
    assert record.consents == {"ehc_plan": True, "fe_college": True, "adult_social_care": True,
                               "adult_mental_health": False}
    assert record.communication.flagged and record.versions["communication"] == 1
    assert record.worker is not None and record.worker.name == "Ann Patel" and record.worker.phone
    assert record.services == open_on(store.episodes_for(db, sam), TODAY)
    assert "camhs" in record.services  # Sam is 17 in November 2026; CAMHS runs to the 18th birthday
    assert records.load_person("westmere-nobody") is None


def test_services_are_the_episodes_open_that_day():
    episodes = [
        {"service_id": "special_school", "start": "2020-09-01", "end": "2026-07-31"},
        {"service_id": "camhs", "start": "2024-01-01", "end": "2026-11-23"},
        {"service_id": "fe_college", "start": "2026-09-01", "end": None},
        {"service_id": "pip", "start": "2026-11-24", "end": None},
    ]
    assert open_on(episodes, dt.date(2026, 11, 23)) == ["camhs", "fe_college"]


def test_scheduled_steps_are_in_the_record(records, db):
    sam = person_of(db, "young.sam")
    store.save_handovers(
        db, [{"id": "h1", "person_id": sam, "from_service": "camhs", "to_service": "adult_mental_health"}],
        [{"id": "s1", "handover_id": "h1", "person_id": sam, "kind": "plan", "title": "Transition plan agreed",
          "team_id": "camhs_team", "start": "2027-01-04", "end": "2027-01-18"},
         {"id": "s2", "handover_id": "h1", "person_id": sam, "kind": "review", "title": "Not dated yet"}])
    steps = records.load_person(sam).steps
    assert [s["id"] for s in steps] == ["s1"]  # a step with no date yet is not on the timeline


def test_aspirations_round_trip_with_outcome_names_mapped(records, db):
    sam = person_of(db, "young.sam")
    words = {"employment": "Work with animals", "community_inclusion": "Drama club", "good_health": "Sleep better"}
    records.save_aspirations(sam, words, "young.sam")
    assert records.load_person(sam).aspirations == words
    assert store.get_aspirations(db, sam) == {"employment": "Work with animals", "community_inclusion": "Drama club",
                                              "good_health": "Sleep better"}
    assert ("young.sam", "update aspirations", sam, "") in audit_rows(db)
    with pytest.raises(ValueError, match="unknown outcome"):
        records.save_aspirations(sam, {"hobbies": "x"}, "young.sam")


def test_profile_round_trip_and_a_field_can_be_cleared(records, db):
    sam = person_of(db, "young.sam")
    version = records.load_person(sam).profile_version
    records.save_profile(sam, {"like_about_me": "I make people laugh"}, "young.sam", expected_version=version)
    record = records.load_person(sam)
    assert record.profile == {"like_about_me": "I make people laugh"}
    assert record.profile_version == version + 1
    assert ("young.sam", "update profile", sam, "") in audit_rows(db)


def test_stale_profile_write_is_refused(demo_db):
    """Two sessions (two connections: Sam on his phone and on a laptop) open Sam's plan; the second
    save is refused with who and when, and the first one's words stay."""
    one, two = store.open_db(demo_db), store.open_db(demo_db)
    laptop, phone = open_records(one), open_records(two)
    sam = person_of(one, "young.sam")
    seen_on_laptop, seen_on_phone = laptop.load_person(sam), phone.load_person(sam)
    phone.save_profile(sam, {"important_to_me": "My dog"}, "young.sam",
                       expected_version=seen_on_phone.profile_version)
    with pytest.raises(store.ConflictError, match=r"changed by Sam \(young.sam\)") as stale:
        laptop.save_profile(sam, {"important_to_me": "My music"}, "young.sam",
                            expected_version=seen_on_laptop.profile_version)
    assert "Nothing was saved" in str(stale.value)
    assert laptop.load_person(sam).profile == {"important_to_me": "My dog"}
    assert [a for a in audit_rows(one) if a[1] == "update profile"] == [("young.sam", "update profile", sam, "")]
    one.conn.close()
    two.conn.close()


def test_first_profile_by_two_people_also_clashes(records, db):
    alex = person_of(db, "young.alex")
    seen = records.load_person(alex)
    assert seen.profile == {} and seen.profile_version == 0
    records.save_profile(alex, {"like_about_me": "Lego"}, "parent.alex", expected_version=0)
    with pytest.raises(store.ConflictError):
        records.save_profile(alex, {"like_about_me": "Trains"}, "young.alex", expected_version=0)


def test_consent_round_trip(records, db):
    sam = person_of(db, "young.sam")
    records.save_consent(sam, "adult_mental_health", True, "young.sam")
    records.save_consent(sam, "fe_college", False, "young.sam")
    consents = records.load_person(sam).consents
    assert consents["adult_mental_health"] is True and consents["fe_college"] is False
    assert ("young.sam", "give consent", sam, "adult_mental_health: about_me,communication") in audit_rows(db)
    assert ("young.sam", "withdraw consent", sam, "fe_college") in audit_rows(db)


def test_every_read_is_in_the_audit_log_table(records, db):
    sam, alex = person_of(db, "young.sam"), person_of(db, "young.alex")
    young_sam = records.account("young.sam").user
    worker = records.account("worker.ann").user
    read_person(records, young_sam, sam, TODAY, "my timeline")
    read_person(records, worker, alex, TODAY, "person plan")
    with pytest.raises(NotAllowed, match="only see your own record"):
        read_person(records, young_sam, alex, TODAY, "my timeline")
    assert audit_rows(db) == [
        ("young.sam", "read refused", alex, "my timeline: You can only see your own record."),
        ("worker.ann", "read", alex, "person plan"),
        ("young.sam", "read", sam, "my timeline"),
    ]


# --- the app on the store ----------------------------------------------------------------------

@pytest.fixture
def store_app(demo_db, monkeypatch):
    """The app with PLANNER_DB pointing at a private Westmere database, not signed in."""
    monkeypatch.setenv("PLANNER_DB", str(demo_db))
    at = AppTest.from_file(APP, default_timeout=30)
    at.session_state["today"] = TODAY
    return at


def sign_in_with_password(at: AppTest, username: str, password: str = DEMO_PASSWORD) -> AppTest:
    at.run()
    at.text_input(key="username").input(username)
    at.text_input(key="password").input(password)
    at.button(key="FormSubmitter:sign_in_form-Sign in").click().run()
    return at.run()


def test_young_person_signs_in_and_sees_their_own_timeline(store_app, db):
    sam = store.get_person(db, person_of(db, "young.sam"))
    sign_in_with_password(store_app, "young.sam")
    assert not store_app.exception
    assert store_app.session_state["user"].person_id == sam["id"]
    store_app.switch_page("pages/my_timeline.py").run()
    assert not store_app.exception and not store_app.error
    text = " ".join(m.value for m in store_app.markdown)
    eighteen = anniversary(dt.date.fromisoformat(sam["dob"]), 18)
    assert f"You turn 18 on {long_date(eighteen)}." in text
    assert "CAMHS (children's mental health)" in text  # a service open today, from the episodes table
    assert ("young.sam", "sign in", None, "password") in audit_rows(db)
    assert ("young.sam", "read", sam["id"], "my timeline") in audit_rows(db)


def test_young_person_cannot_read_another_person(store_app, db):
    sam, alex = person_of(db, "young.sam"), person_of(db, "young.alex")
    store_app.query_params["person_id"] = alex
    store_app.query_params["person"] = alex
    sign_in_with_password(store_app, "young.sam")
    for page in ("my_timeline", "my_plan", "downloads", "home"):
        store_app.switch_page(f"pages/{page}.py").run()
        assert not store_app.exception
        assert "Alex" not in " ".join(m.value for m in store_app.markdown)
    assert {r[2] for r in audit_rows(db) if r[2]} == {sam}
    # Asked directly, the records refuse, and the refusal is audited too.
    with pytest.raises(NotAllowed):
        read_person(open_records(db), store_app.session_state["user"], alex, TODAY, "test")
    assert audit_rows(db, person_id=alex) == [("young.sam", "read refused", alex, "test: You can only see your own record.")]


def test_wrong_password_on_the_store_counts_and_is_audited(store_app, db):
    sign_in_with_password(store_app, "young.sam", "not the password")
    assert "user" not in store_app.session_state
    assert store.get_user(db, "young.sam")["failed_attempts"] == 1
    assert ("young.sam", "sign in refused", None, "wrong password") in audit_rows(db)


def test_my_plan_on_the_store_saves_and_refuses_a_stale_profile(store_app, db):
    sam = person_of(db, "young.sam")
    sign_in_with_password(store_app, "young.sam")
    store_app.switch_page("pages/my_plan.py").run()
    store_app.text_area(key="asp_community_inclusion").input("Drama club on Fridays")
    store_app.button(key="FormSubmitter:aspirations_form-Save what I want").click().run()
    assert store.get_aspirations(db, sam)["community_inclusion"] == "Drama club on Fridays"
    # Sam saves the profile on his phone while typing here: this save is refused with a message.
    store_app.text_area(key="prof_important_to_me").input("My music")
    store.save_profile(db, sam, {"important_to_me": "My dog"}, "young.sam", expected_version=1)
    store_app.button(key="FormSubmitter:profile_form-Save my profile").click().run()
    assert not store_app.exception
    assert "was changed by Sam (young.sam)" in store_app.error[0].value
    assert store.get_profile(db, sam)["important_to_me"] == "My dog"
    # Having seen the message, Sam saves again on purpose.
    store_app.button(key="FormSubmitter:profile_form-Save my profile").click().run()
    assert not store_app.error
    assert store.get_profile(db, sam)["important_to_me"] == "My music"
    store_app.toggle(key="consent_adult_mental_health_about_me").set_value(True).run()
    assert store.get_consents(db, sam)["adult_mental_health"] is True
