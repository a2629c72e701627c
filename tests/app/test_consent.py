"""Consent that decides (planner.access.consent), as tables, then on the Westmere store.

- A worker sees the young person's profile and communication needs only while the young person
  shares that part with a service their team runs, and stops on the next read after withdrawal.
- From the end of compulsory school age (CFA 2014 s.83) the young person decides whether their
  parent sees the record; a parent can never change the young person's own words.
- Every edit is versioned; a stale save is refused with who and when.
"""

from __future__ import annotations

import datetime as dt

import pytest

from planner import store
from planner.access import PersonLinks, Role, User
from planner.access import consent as rules
from planner.access.records import NotAllowed, read_person
from planner.access.store_records import open_records
from planner.own_words import ALL_PARTS, Author, CommunicationNeeds, Part, WordsRecord

TODAY = dt.date(2026, 11, 23)
UNDER_CSA = dt.date(2011, 5, 1)  # 15: compulsory school age ends on 25 June 2027
OVER_CSA = dt.date(2010, 5, 1)  # 16: it ended on 26 June 2026

YOUNG = User(username="yp", role=Role.YOUNG_PERSON, person_id="p1")
PARENT = User(username="mum", role=Role.PARENT_CARER, person_id="p1")
WORKER = User(username="w1", role=Role.WORKER, team_id="send_team")
OTHER_TEAM_WORKER = User(username="w2", role=Role.WORKER, team_id="camhs_team")
MANAGER = User(username="m1", role=Role.TEAM_MANAGER, team_id="send_team")
ADMIN = User(username="admin", role=Role.ADMINISTRATOR)
COMMISSIONER = User(username="c", role=Role.COMMISSIONER)


def links(dob=OVER_CSA, parent_consent=True, shared=None) -> PersonLinks:
    return PersonLinks(person_id="p1", dob=dob, parents=frozenset({"mum"}), parent_consent=parent_consent,
                       workers=frozenset({"w1", "w2"}), teams=frozenset({"send_team", "camhs_team"}),
                       shared_with=shared if shared is not None else {"send_team": frozenset({"about_me", "communication"})})


ABOUT = {"send_team": frozenset({"about_me"})}
NONE: dict = {}

SHOWN = [
    # user, shared_with, parts seen
    (YOUNG, NONE, ALL_PARTS),
    (PARENT, NONE, ALL_PARTS),
    (ADMIN, NONE, ALL_PARTS),
    (COMMISSIONER, None, frozenset()),
    (WORKER, None, ALL_PARTS),
    (WORKER, ABOUT, frozenset({Part.ABOUT_ME})),
    (WORKER, NONE, frozenset()),
    (MANAGER, ABOUT, frozenset({Part.ABOUT_ME})),
    (OTHER_TEAM_WORKER, None, frozenset()),  # shared with the SEND team, not with CAMHS
]


@pytest.mark.parametrize(("user", "shared", "parts"), SHOWN)
def test_what_each_user_sees_of_the_young_persons_words(user, shared, parts):
    assert rules.shown(user, links(shared=shared), TODAY).parts == parts


def test_a_parent_refused_the_record_sees_none_of_it():
    assert rules.shown(PARENT, links(parent_consent=False), TODAY).parts == frozenset()
    assert rules.shown(PARENT, links(dob=UNDER_CSA, parent_consent=False), TODAY).parts == ALL_PARTS


YP_WROTE = {"important_to_me": Author(by="yp", role="young_person")}
PARENT_WROTE = {"important_to_me": Author(by="mum", role="parent_carer")}
WORKER_WROTE = {"important_to_me": Author(by="w1", role="worker")}

WRITE = [
    # user, dob, who wrote the field now, record, allowed
    (YOUNG, OVER_CSA, PARENT_WROTE, WordsRecord.PROFILE, True),
    (YOUNG, UNDER_CSA, WORKER_WROTE, WordsRecord.PROFILE, True),
    (PARENT, UNDER_CSA, YP_WROTE, WordsRecord.PROFILE, False),  # never the young person's words
    (PARENT, OVER_CSA, YP_WROTE, WordsRecord.PROFILE, False),
    (PARENT, UNDER_CSA, {}, WordsRecord.PROFILE, True),  # a child's empty field, on their behalf
    (PARENT, UNDER_CSA, PARENT_WROTE, WordsRecord.WISHES, True),
    (PARENT, OVER_CSA, {}, WordsRecord.PROFILE, False),  # after school age the plan is theirs
    (PARENT, OVER_CSA, PARENT_WROTE, WordsRecord.PROFILE, False),
    (WORKER, OVER_CSA, {}, WordsRecord.COMMUNICATION, True),  # AIS: the service records needs
    (WORKER, OVER_CSA, WORKER_WROTE, WordsRecord.PROFILE, True),
    (WORKER, OVER_CSA, YP_WROTE, WordsRecord.PROFILE, False),
    (OTHER_TEAM_WORKER, OVER_CSA, {}, WordsRecord.COMMUNICATION, False),  # nothing shared with them
    (ADMIN, OVER_CSA, {}, WordsRecord.PROFILE, False),
    (COMMISSIONER, OVER_CSA, {}, WordsRecord.PROFILE, False),
]


@pytest.mark.parametrize(("user", "dob", "who", "record", "allowed"), WRITE)
def test_who_may_change_which_words(user, dob, who, record, allowed):
    assert rules.may_write(user, links(dob=dob), TODAY, record, {"important_to_me"}, who).allowed is allowed


def test_the_young_persons_words_are_safe_even_when_another_field_is_free():
    decision = rules.may_write(PARENT, links(dob=UNDER_CSA), TODAY, WordsRecord.PROFILE,
                               {"important_to_me", "like_about_me"}, YP_WROTE)
    assert not decision and "Only they can change them" in decision.reason


CONSENT = [
    # user, dob, parent choice?, allowed
    (YOUNG, OVER_CSA, False, True),
    (YOUNG, OVER_CSA, True, True),
    (YOUNG, UNDER_CSA, True, True),  # recorded now, it decides from the end of school age
    (PARENT, UNDER_CSA, False, True),  # a parent decides for a child
    (PARENT, OVER_CSA, False, False),
    (PARENT, UNDER_CSA, True, False),  # never whether they themselves see it
    (WORKER, OVER_CSA, False, False),
    (ADMIN, OVER_CSA, False, False),
]


@pytest.mark.parametrize(("user", "dob", "parent_choice", "allowed"), CONSENT)
def test_who_decides_sharing(user, dob, parent_choice, allowed):
    assert rules.may_change_consent(user, links(dob=dob), TODAY, parent_choice=parent_choice).allowed is allowed


def test_team_parts_follow_the_service_each_team_runs():
    teams = {"ehc_plan": "send_team", "fe_college": "college_admissions", "camhs": "camhs_team"}
    parts = {"ehc_plan": {Part.ABOUT_ME}, "fe_college": set(), "camhs": {"communication"}, "unknown": {"about_me"}}
    assert rules.team_parts(parts, teams) == {"send_team": frozenset({"about_me"}),
                                              "camhs_team": frozenset({"communication"})}


# --- on the store --------------------------------------------------------------------------------

@pytest.fixture
def records(db):
    return open_records(db, today=lambda: TODAY)


def user(records, username) -> User:
    return records.account(username).user


def person_of(db, username):
    return store.get_user(db, username)["person_id"]


def test_a_worker_sees_the_profile_only_while_consent_allows(records, db):
    sam, ann = person_of(db, "young.sam"), user(records, "worker.ann")
    record = read_person(records, ann, sam, TODAY, "person plan")
    assert rules.shown(ann, record.links, TODAY).parts == ALL_PARTS
    records.save_sharing(record, {"ehc_plan": frozenset({Part.ABOUT_ME})}, user(records, "young.sam"), TODAY)
    assert rules.shown(ann, records.links(sam), TODAY).parts == {Part.ABOUT_ME}
    records.save_sharing(record, {"ehc_plan": frozenset()}, user(records, "young.sam"), TODAY)
    now = read_person(records, ann, sam, TODAY, "person plan")  # the next page load
    assert rules.shown(ann, now.links, TODAY).parts == frozenset()
    assert [r["action"] for r in store.list_audit(db, person_id=sam)][:2] == ["read", "withdraw consent"]


def test_sam_stops_his_parent_seeing_his_record(records, db):
    sam = person_of(db, "young.sam")
    parent = user(records, "parent.sam")
    record = read_person(records, parent, sam, TODAY, "home page")
    with pytest.raises(NotAllowed, match="Only the young person decides"):
        records.save_sharing(record, {}, parent, TODAY, parent=False)
    records.save_sharing(record, {}, user(records, "young.sam"), TODAY, parent=False)
    with pytest.raises(NotAllowed, match="They have not said yes"):
        read_person(records, parent, sam, TODAY, "home page")
    assert store.words_history(db, sam, "consent")[-1].content["parent"] is False


def test_a_parent_cannot_change_the_young_persons_words(records, db):
    sam = person_of(db, "young.sam")
    parent = user(records, "parent.sam")
    record = read_person(records, parent, sam, TODAY, "my plan")
    before = store.words_versions(db, sam)
    for kind, content in [(WordsRecord.PROFILE, {**record.profile, "important_to_me": "Tidy my room"}),
                          (WordsRecord.WISHES, {**record.aspirations, "employment": "Be a doctor"}),
                          (WordsRecord.COMMUNICATION, {"how_i_communicate": "He talks fine"})]:
        with pytest.raises(NotAllowed):
            records.save_words(record, kind, content, parent, TODAY, record.versions[kind.value])
    with pytest.raises(NotAllowed):  # the old way in refuses too
        records.save_profile(sam, {"important_to_me": "Tidy my room"}, "parent.sam", record.profile_version)
    assert store.words_versions(db, sam) == before
    assert store.get_profile(db, sam)["important_to_me"] == "My dog, my mum, and knowing what is happening next."


def test_a_parent_writes_for_a_child_until_the_child_writes_it_themselves(records, db):
    alex = person_of(db, "young.alex")
    parent, young = user(records, "parent.alex"), user(records, "young.alex")
    record = records.load_person(alex)
    records.save_words(record, WordsRecord.PROFILE, {"like_about_me": "Kind"}, parent, TODAY, 0)
    records.save_words(records.load_person(alex), WordsRecord.PROFILE, {"like_about_me": "Kind",
                       "important_to_me": "Trains"}, young, TODAY, 1)
    now = records.load_person(alex)
    assert now.authors["profile"]["like_about_me"].role == "parent_carer"
    assert now.authors["profile"]["important_to_me"].role == "young_person"
    with pytest.raises(NotAllowed):
        records.save_words(now, WordsRecord.PROFILE, {"like_about_me": "Kind", "important_to_me": "Buses"},
                           parent, TODAY, 2)
    records.save_words(now, WordsRecord.PROFILE, {"like_about_me": "Very kind", "important_to_me": "Trains"},
                       parent, TODAY, 2)
    assert store.get_profile(db, alex)["like_about_me"] == "Very kind"


def test_a_worker_records_communication_needs_and_the_young_persons_change_stays_theirs(records, db):
    alex = person_of(db, "young.alex")
    ann, young = user(records, "worker.ann"), user(records, "young.alex")
    needs = CommunicationNeeds(information_formats=("easy_read",), communication_professionals=("advocate",))
    records.save_words(records.load_person(alex), WordsRecord.COMMUNICATION, needs.as_fields(), ann, TODAY, 0)
    record = records.load_person(alex)
    assert record.communication == needs and record.authors["communication"]["information_formats"].by == "worker.ann"
    mine = needs.model_copy(update={"how_i_communicate": "I point at pictures"})
    records.save_words(record, WordsRecord.COMMUNICATION, mine.as_fields(), young, TODAY, 1)
    with pytest.raises(NotAllowed):
        records.save_words(records.load_person(alex), WordsRecord.COMMUNICATION,
                           needs.model_copy(update={"how_i_communicate": "Speaks"}).as_fields(), ann, TODAY, 2)
    assert ("worker.ann", "update communication needs", alex, "") in [
        (r["username"], r["action"], r["person_id"], r["detail"]) for r in store.list_audit(db, person_id=alex)]


def test_a_stale_sharing_choice_is_refused_with_who_and_when(records, db):
    sam = person_of(db, "young.sam")
    young = user(records, "young.sam")
    record = records.load_person(sam)
    records.save_sharing(record, {"fe_college": frozenset()}, young, TODAY,
                         expected_version=record.versions["consent"])
    with pytest.raises(store.ConflictError, match=r"The choice of who sees the plan was changed by Sam \(young.sam\)"):
        records.save_sharing(record, {"adult_mental_health": ALL_PARTS}, young, TODAY,
                             expected_version=record.versions["consent"])
    assert store.get_consents(db, sam)["adult_mental_health"] is False
