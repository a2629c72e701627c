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
    assert home.show(req(records, "parent.sam")).whose == "Sam's"  # a parent reads "Sam's plan"
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


def test_the_family_hears_the_gap_on_every_page_that_shows_the_plan():
    """Issue 11 item 9: Sam's stored plan has the adult mental health team starting 7 weeks after
    CAMHS ends. The home page, the timeline (with what happens at 18), the printable plan and the
    calendar all say which service, how many weeks, why, what is being done and who to ask."""
    records = sample_records()
    headline = ("Adult mental health team is planned to start by 19 October 2028. That is 7 weeks after CAMHS "
                "(children's mental health) ends on 31 August 2028.")
    for username in ("young.sam", "parent.sam"):
        (gap,) = home.show(req(records, username)).gaps
        assert gap.sentences == [
            headline,
            "Why: there is no free place with the adult mental health team until 20 August 2028.",
            "No law makes the NHS keep CAMHS (children's mental health) going after 31 August 2028: ask them to keep "
            "seeing you until the adult service starts.",
            "What is being done: the next step, “CAMHS refers you to the adult service”, is planned for the week of "
            "6 December 2027.",
            "Who to ask: Ann Patel, SEND team (EHC plan caseworkers); 01632 960 123, ann.patel@eastshire.example.",
        ]
    mine = my_timeline.show(req(records, "young.sam"))
    assert mine.gaps and any(headline in line for line in mine.at_18)
    camhs_ends = next(e for e in mine.events if e.key == "camhs_ends")
    assert headline in camhs_ends.sentence and "should be ready" not in camhs_ends.sentence
    files = downloads.show(req(records, "young.sam"))
    assert "Where the plan leaves a gap" in files.plan_html and "7 weeks after CAMHS" in files.plan_html
    calendar = files.calendar.replace("\r\n ", "")  # a gap is its first and last day (issue 14)
    assert "SUMMARY:Starts: Gap: 7 weeks after CAMHS ends" in calendar
    assert "SUMMARY:Last day: Gap: 7 weeks after CAMHS ends" in calendar
    assert home.show(req(records, "young.alex")).gaps == []  # no plan, no gap
