"""planner.views.pages: each page's one way in checks the role, audits what it reads and
checks permission again before a change, so a page cannot forget either."""

from __future__ import annotations

import datetime as dt

import pytest

from planner.access.records import sample_records
from planner.views.pages import (
    Refused,
    Request,
    caseload,
    downloads,
    home,
    my_plan,
    my_timeline,
    session,
    users,
)

TODAY = dt.date(2026, 11, 23)
NOW = dt.datetime(2026, 11, 23, 10, 0)


def req(records, username: str | None) -> Request:
    user = records.account(username).user if username else None
    return Request(user=user, records=records, today=TODAY, now=NOW)


def test_a_page_view_refuses_a_role_that_may_not_see_it():
    records = sample_records()
    for view, username in ((caseload.show, "young.sam"), (my_timeline.show, "worker.ann"),
                           (users.show, "manager.raj"), (home.show, None)):
        with pytest.raises(Refused, match="You cannot see this page"):
            view(req(records, username))


def test_reading_your_own_record_is_audited_once_per_view():
    records = sample_records()
    mine = my_timeline.show(req(records, "young.sam"))
    assert mine.whose == "your" and mine.events
    assert records.audit_log == [("young.sam", "read", "demo-sam", "my timeline")]
    assert home.show(req(records, "parent.sam")).whose == "Sam Taylor's"
    assert records.audit_log[-1] == ("parent.sam", "read", "demo-sam", "home page")


def test_downloads_are_audited_by_the_view():
    records = sample_records()
    r = req(records, "young.sam")
    mine = downloads.show(r)
    assert mine.dates > 0 and "BEGIN:VCALENDAR" in mine.calendar and "<html" in mine.plan_html.lower()
    downloads.downloaded(r, mine, "calendar")
    assert records.audit_log[-1] == ("young.sam", "download calendar", "demo-sam", "")


def test_a_change_is_checked_again_and_audited():
    records = sample_records()
    sam = req(records, "young.sam")
    assert my_plan.save_aspirations(sam, "demo-sam", {"employment": " Work with horses "}) == (
        "Saved what you want for your future.")
    assert records.people["demo-sam"].aspirations == {"employment": "Work with horses"}
    assert records.audit_log[-1][:3] == ("young.sam", "update aspirations", "demo-sam")
    # Alex's parent may not change Sam's plan, whatever a page shows.
    with pytest.raises(Refused):
        my_plan.save_aspirations(req(records, "parent.alex"), "demo-sam", {"employment": "x"})
    assert records.people["demo-sam"].aspirations == {"employment": "Work with horses"}


def test_a_stale_profile_save_is_refused_as_stale():
    records = sample_records()
    sam = req(records, "young.sam")
    my_plan.save_profile(sam, "demo-sam", {"like_about_me": "Nice"}, expected_version=None)
    shown = my_plan.show(sam)
    my_plan.save_profile(sam, "demo-sam", {"like_about_me": "Kind"}, expected_version=shown.profile_version)
    with pytest.raises(my_plan.Stale):  # saved from the same (now old) view
        my_plan.save_profile(sam, "demo-sam", {"like_about_me": "Funny"}, expected_version=shown.profile_version)
    assert records.people["demo-sam"].profile == {"like_about_me": "Kind"}


def test_sign_in_is_audited_whether_it_works_or_not():
    records = sample_records()
    assert session.sign_in(records, "young.sam", "wrong password", NOW).user is None
    assert session.sign_in(records, " young.sam ", "transition-demo", NOW).user.username == "young.sam"
    assert [e[:2] for e in records.audit_log] == [("young.sam", "sign in refused"), ("young.sam", "sign in")]


def test_store_views_say_there_is_no_database():
    records = sample_records()
    with pytest.raises(Refused, match="There is no database yet, so there is no caseload to show"):
        caseload.show(req(records, "worker.ann"))
    assert users.show(req(records, "admin.kim")).built is False
