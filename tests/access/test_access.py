"""Roles, pages and permissions (planner.access): who may see which page and whose record."""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from planner import access
from planner.access import LoginState, OidcMapping, PersonLinks, Role, User
from planner.access.records import SAMPLE_PASSWORD, sample_records, sign_in

TODAY = dt.date(2026, 11, 23)
# Born 2012-05-01: 14 today, under compulsory school age. Born 2009-05-01: 17, over it.
YOUNG = PersonLinks(
    person_id="p1", dob=dt.date(2012, 5, 1), parents=frozenset({"mum"}), workers=frozenset({"w1"}),
    teams=frozenset({"send_team"}),
)
OLDER = YOUNG.model_copy(update={"dob": dt.date(2009, 5, 1)})
OLDER_CONSENTS = OLDER.model_copy(update={"parent_consent": True})

yp = User(username="yp", role=Role.YOUNG_PERSON, person_id="p1")
other_yp = User(username="yp2", role=Role.YOUNG_PERSON, person_id="p2")
mum = User(username="mum", role=Role.PARENT_CARER, person_id="p1")
stranger_parent = User(username="dad2", role=Role.PARENT_CARER, person_id="p2")
w1 = User(username="w1", role=Role.WORKER, team_id="send_team")
w2 = User(username="w2", role=Role.WORKER, team_id="send_team")
manager = User(username="m", role=Role.TEAM_MANAGER, team_id="send_team")
other_manager = User(username="m2", role=Role.TEAM_MANAGER, team_id="camhs_team")
commissioner = User(username="c", role=Role.COMMISSIONER)
admin = User(username="a", role=Role.ADMINISTRATOR)


@pytest.mark.parametrize(
    "user, links, allowed",
    [
        (yp, YOUNG, True),
        (other_yp, YOUNG, False),
        (mum, YOUNG, True),  # under school age: the parent is linked, no consent needed
        (mum, OLDER, False),  # over school age: the young person has not said yes
        (mum, OLDER_CONSENTS, True),
        (stranger_parent, YOUNG, False),
        (w1, YOUNG, True),  # on the caseload
        (w2, YOUNG, False),  # same team, not on the caseload
        (manager, YOUNG, True),
        (other_manager, YOUNG, False),
        (commissioner, YOUNG, False),
        (admin, YOUNG, True),
        (None, YOUNG, False),
    ],
)
def test_who_may_read_a_record(user, links, allowed):
    assert access.can_read_person(user, "p1", links, TODAY) is allowed
    assert access.read_decision(user, "p1", links, TODAY).reason


def test_links_for_another_person_never_grant_access():
    # A caller that passes the wrong person's facts must not open a record by mistake.
    assert not access.can_read_person(yp, "p2", YOUNG, TODAY)
    assert not access.can_read_person(admin, "p1", None, TODAY)


def test_parent_access_changes_the_day_after_compulsory_school_age_ends():
    from planner.schoolyear import csa_end

    end = csa_end(OLDER.dob)
    assert access.can_read_person(mum, "p1", OLDER, end)
    assert not access.can_read_person(mum, "p1", OLDER, end + dt.timedelta(days=1))


def test_consent_is_the_young_persons_after_school_age():
    assert access.can_change_consent(yp, "p1", OLDER, TODAY)
    assert access.can_change_consent(mum, "p1", YOUNG, TODAY)
    assert not access.can_change_consent(mum, "p1", OLDER_CONSENTS, TODAY)
    assert not access.can_change_consent(w1, "p1", YOUNG, TODAY)
    assert not access.can_change_consent(other_yp, "p1", YOUNG, TODAY)


def test_commissioner_and_admin_never_write_a_persons_words():
    assert access.can_edit_plan(yp, "p1", YOUNG, TODAY)
    assert not access.can_edit_plan(admin, "p1", YOUNG, TODAY)
    assert not access.can_edit_plan(commissioner, "p1", YOUNG, TODAY)


def test_pages_per_role():
    family = ("home", "my_timeline", "explore_options", "my_plan", "downloads", "account")
    assert access.pages_for(Role.YOUNG_PERSON) == family
    assert access.pages_for("parent_carer") == family
    for role in Role:
        assert access.pages_for(role)[0] == "home" and access.pages_for(role)[-1] == "account"
        assert set(access.pages_for(role)) <= set(access.PAGE_TITLES)
    assert not access.PERSON_PAGES & set(access.pages_for(Role.COMMISSIONER))
    assert access.pages_for(Role.WORKER, available={"home", "account", "my_plan"}) == ("home", "account")
    assert access.may_see_page(yp, "my_plan") and not access.may_see_page(yp, "caseload")
    assert not access.may_see_page(None, "home")


def test_password_hash_round_trip():
    h = access.hash_password("correct horse")
    assert h.startswith("$argon2id$") and "correct horse" not in h
    assert access.verify_password(h, "correct horse")
    assert not access.verify_password(h, "wrong horse")
    assert not access.verify_password(None, "not a real password")
    assert not access.verify_password("garbage", "x")
    assert not access.needs_rehash(h)
    with pytest.raises(ValueError):
        access.hash_password("short")


def test_five_wrong_passwords_lock_the_account_for_15_minutes():
    records = sample_records()
    now = dt.datetime(2026, 11, 23, 10, 0)
    for attempt in range(1, 6):
        result = sign_in(records, "young.sam", "wrong", now)
        assert not result.ok and result.user is None
        assert access.is_locked(records.account("young.sam").login, now) is (attempt == 5)
    assert "locked" in result.message
    # The right password does not help while locked...
    locked = sign_in(records, "young.sam", SAMPLE_PASSWORD, now + dt.timedelta(minutes=14))
    assert not locked.ok and "locked" in locked.message
    # ...and works once the 15 minutes have passed.
    later = sign_in(records, "young.sam", SAMPLE_PASSWORD, now + dt.timedelta(minutes=15))
    assert later.ok and later.user.username == "young.sam"
    assert records.account("young.sam").login == LoginState()


def test_unknown_user_gets_the_same_messages_as_a_real_one():
    """Defect 6: the lock-out message appeared only for real accounts, so usernames could be found."""
    records, names = sample_records(), access.UnknownNames()
    now = dt.datetime(2026, 1, 1, 9, 0)
    for _ in range(6):
        real = sign_in(records, "young.sam", "whatever", now, names)
        unknown = sign_in(records, "no.such.person", "whatever", now, names)
        assert unknown.message == real.message and not unknown.ok
    assert "locked" in unknown.message and "09:15" in unknown.message


@given(st.lists(st.integers(min_value=0, max_value=40), max_size=20))
def test_lock_out_never_lasts_longer_than_15_minutes(gaps):
    now = dt.datetime(2026, 1, 1)
    state = LoginState()
    for gap in gaps:
        now += dt.timedelta(minutes=gap)
        state = access.after_failure(state, now)
        assert state.failed_attempts < access.MAX_FAILED_ATTEMPTS
        if state.locked_until:
            assert state.locked_until - now <= access.LOCK_OUT


def test_idle_timeout_is_30_minutes():
    t = dt.datetime(2026, 1, 1, 9, 0)
    assert not access.idle_expired(None, t)
    assert not access.idle_expired(t, t + dt.timedelta(minutes=30))
    assert access.idle_expired(t, t + dt.timedelta(minutes=30, seconds=1))


MAPPING = OidcMapping(groups={"planner-admins": Role.ADMINISTRATOR, "transition-workers": Role.WORKER,
                              "commissioning": Role.COMMISSIONER})


@pytest.mark.parametrize(
    "claims, email, role",
    [
        ({"is_logged_in": True, "email": "Ann@Example.org", "groups": ["transition-workers"]}, "ann@example.org", Role.WORKER),
        ({"is_logged_in": True, "email": "b@x.org", "groups": ["transition-workers", "planner-admins"]}, "b@x.org", Role.ADMINISTRATOR),
        ({"is_logged_in": True, "email": "c@x.org", "groups": "commissioning"}, "c@x.org", Role.COMMISSIONER),
        ({"is_logged_in": True, "email": "d@x.org"}, "d@x.org", None),
        ({"is_logged_in": True, "email": "e@x.org", "groups": ["unknown"]}, "e@x.org", None),
    ],
)
def test_oidc_claims_map_to_staff_roles(claims, email, role):
    out = access.map_oidc_claims(claims, MAPPING)
    assert (out.email, out.role) == (email, role)


@pytest.mark.parametrize(
    "claims",
    [
        {"is_logged_in": False},
        {"is_logged_in": True},
        {"is_logged_in": True, "email": "not-an-email"},
        {"is_logged_in": True, "email": "f@x.org", "email_verified": False, "groups": ["planner-admins"]},
    ],
)
def test_oidc_refuses_without_a_verified_email(claims):
    out = access.map_oidc_claims(claims, MAPPING)
    assert out.email is None or out.role is None
    assert out.message


def test_oidc_mapping_cannot_make_young_people_from_groups():
    with pytest.raises(ValueError, match="link those accounts"):
        OidcMapping(groups={"students": Role.YOUNG_PERSON})
