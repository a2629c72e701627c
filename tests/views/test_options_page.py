"""The app's "Explore options" answers from the pathway graph: for the same person it gives the
same options, open and closed, as `planner options`."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from planner import access
from planner.access import PersonLinks, Role, User
from planner.access.records import AccountRecord, MemoryRecords, PersonRecord
from planner.cli import main
from planner.models import Person
from planner.views.pages import Request, explore_options

TODAY = dt.date(2026, 11, 23)
# (person facts, CLI options, services on the record)
PEOPLE = {
    "17, adult mental health declined": (
        dict(dob=dt.date(2009, 6, 2), camhs=True, ehc_plan=True, secondary_mh_need=False),
        ["--camhs", "--ehc-plan", "--secondary-mh-need", "no"], ["camhs", "fe_college"]),
    "17, adult mental health not decided": (
        dict(dob=dt.date(2009, 6, 2), camhs=True), ["--camhs"], ["camhs"]),
    "15, in care, at special school": (
        dict(dob=dt.date(2011, 3, 14), looked_after=True, ehc_plan=True, childrens_social_care=True),
        ["--looked-after", "--ehc-plan", "--childrens-social-care"], ["special_school"]),
    "19, care leaver at college": (
        dict(dob=dt.date(2007, 10, 1), care_leaver=True, ehc_plan=True),
        ["--care-leaver", "--ehc-plan"], ["fe_college"]),
}


def page_view(facts: dict, services: list[str]) -> explore_options.OptionsView:
    person = Person(id="p1", **facts)
    links = PersonLinks(person_id="p1", dob=person.dob)
    user = User(username="young.p1", role=Role.YOUNG_PERSON, person_id="p1")
    records = MemoryRecords([AccountRecord(user=user)],
                            [PersonRecord(person=person, name="P", links=links, services=services)])
    return explore_options.show(Request(user=user, records=records, today=TODAY, now=dt.datetime(2026, 11, 23)),
                                set())


def command(options: list[str], services: list[str], dob: dt.date, capsys) -> dict:
    argv = ["options", "--dob", dob.isoformat(), "--as-of", TODAY.isoformat(), *options, "--json"]
    argv += [a for s in services for a in ("--service", s)]
    assert main(argv) == 0
    return json.loads(capsys.readouterr().out)


@pytest.mark.parametrize("who", list(PEOPLE))
def test_the_page_and_the_command_give_the_same_options(who, capsys):
    facts, options, services = PEOPLE[who]
    shown = page_view(facts, services)
    told = command(options, services, facts["dob"], capsys)
    assert shown.current == told["current_services"]
    page = {(o.service_id, o.open, o.closed_because) for o in shown.options}
    cli = {(o["service_id"], o["open"], o["closed_because"]) for o in told["options"]}
    assert page == cli
    # and every option the page lists is drawn: open ones by area of life, closed ones below
    drawn = {i.service_id for _, items in shown.by_area() for i in items} | {i.service_id for i in shown.not_open()}
    assert drawn == {o.service_id for o in shown.options}


def test_a_declined_adult_mental_health_referral_closes_the_option_in_both(capsys):
    facts, options, services = PEOPLE["17, adult mental health declined"]
    amh = next(o for o in page_view(facts, services).options if o.service_id == "adult_mental_health")
    assert not amh.open and "did not happen" in amh.closed_because
    told = command(options, services, facts["dob"], capsys)
    assert next(o for o in told["options"] if o["service_id"] == "adult_mental_health")["open"] is False
    # not yet decided: the route stays open, with the assessment as what has to happen first
    facts, options, services = PEOPLE["17, adult mental health not decided"]
    amh = next(o for o in page_view(facts, services).options if o.service_id == "adult_mental_health")
    assert amh.open and any("accept" in f for f in amh.first)


def test_choosing_what_matters_filters_by_outcome():
    facts, _, services = PEOPLE["15, in care, at special school"]
    every = page_view(facts, services)
    user = User(username="young.p1", role=Role.YOUNG_PERSON, person_id="p1")
    assert access.may_see_page(user, "explore_options")
    person = Person(id="p1", **facts)
    records = MemoryRecords([AccountRecord(user=user)], [PersonRecord(
        person=person, name="P", links=PersonLinks(person_id="p1", dob=person.dob), services=services)])
    health = explore_options.show(Request(user=user, records=records, today=TODAY), {"good_health"})
    assert health.options and len(health.options) < len(every.options)
    assert all("good_health" in o.outcomes for o in health.options)
