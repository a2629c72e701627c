"""Pages a young person can use, as library functions: wording by reader, the next real dates,
Easy Read items, the timeline from 14, and the top of "A person's plan" (tell it once)."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from planner import milestones
from planner.access.records import sample_records
from planner.models import Person
from planner.own_words import Part
from planner.schoolyear import age_on
from planner.views import about_me, coming_up, easy_read, journey, timeline
from planner.views.reader import Reader, reader_for, team_name, third_person

TODAY = dt.date(2026, 11, 23)
SAM = Reader(own=False, name="Sam")
ME = Reader(own=True, name="Sam")

PEOPLE = [  # a spread of circumstances, so every rule's words are tried
    Person(id="a", dob=dt.date(2010, 8, 31), ehc_plan=True, camhs=True, continuing_care=True,
           childrens_social_care=True, dla=True, last_review=dt.date(2026, 3, 1), ld_register=True),
    Person(id="b", dob=dt.date(2012, 2, 29), ehc_plan=True, looked_after=True, looked_after_since=dt.date(2020, 1, 1),
           paediatrics=True),
    Person(id="c", dob=dt.date(2005, 11, 22), care_leaver=True, looked_after_since=dt.date(2020, 5, 1), dla=True),
    Person(id="d", dob=dt.date(2013, 9, 1), young_carer=True, uc_exception=True),
]


def events_of(person: Person, steps=()) -> list[journey.JourneyEvent]:
    return journey.events(milestones.for_person(person, as_of=TODAY), TODAY, steps)


# --- wording by reader ------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "expected"), [
    ("You turn 18 on 1 March 2028.", "Sam turns 18 on 1 March 2028."),
    ("Your EHC plan must be reviewed by 1 March 2027.", "Sam's EHC plan must be reviewed by 1 March 2027."),
    ("You are likely to start at college.", "Sam is likely to start at college."),
    ("You can leave school after 26 June 2026. You must still learn until you are 18.",
     "Sam can leave school after 26 June 2026. Sam must still learn until they are 18."),
    ("From 1 March 2024 you can have your yearly health check with your GP.",
     "From 1 March 2024 Sam can have their yearly health check with their GP."),
    ("The council must assess you when it helps you most.", "The council must assess Sam when it helps them most."),
    ("You may be able to claim Universal Credit yourself.", "Sam may be able to claim Universal Credit themselves."),
])
def test_third_person(text, expected):
    assert third_person(text, "Sam") == expected


def test_readers_words():
    assert (ME.plan, ME.turns(18), ME.say("You turn 18.")) == ("My plan", "when you turn 18", "You turn 18.")
    assert (SAM.plan, SAM.turns(18), SAM.say("You turn 18.")) == ("Sam's plan", "when Sam turns 18", "Sam turns 18.")
    assert reader_for("young_person", "p1", "p1", "Sam Taylor") == ME
    assert reader_for("parent_carer", "p1", "p1", "Sam Taylor") == SAM
    assert reader_for("worker", None, "p1", "Sam Taylor") == SAM


def test_no_rule_reads_wrong_to_a_parent():
    """Every rule sentence for these people, turned round for a parent: no 'you' left and no
    verb that disagrees with the name."""
    for person in PEOPLE:
        for e in events_of(person):
            said = SAM.say(e.sentence)
            assert " you " not in f" {said.lower()} " and "your" not in said.lower(), said
            for bad in ("Sam are", "Sam have ", "Sam turn ", "them may", "them must", "them will", "them can"):
                assert bad not in said, said


def test_teams_by_their_plain_names():
    assert team_name("camhs_team") == "CAMHS care coordinators"
    assert team_name("send_team") == "SEND team (EHC plan caseworkers)"
    assert team_name("Already a name") == "Already a name"
    step = journey.step_event({"id": 1, "title": "Plan agreed", "team_id": "camhs_team", "start": "2027-01-04"}, TODAY)
    assert step.who == "CAMHS care coordinators" and "camhs_team" not in step.sentence


# --- the next real dates ----------------------------------------------------------------------

def test_windows_become_their_first_and_last_day():
    evs = events_of(PEOPLE[0])
    pts = coming_up.points(evs)
    assert len(pts) == sum(1 if e.end in (None, e.start) else 2 for e in evs)
    assert [p.day for p in pts] == sorted(p.day for p in pts)


def test_home_shows_the_next_three_dates_never_a_window_or_the_past():
    evs = events_of(PEOPLE[0], steps=[{"id": 5, "title": "Meet the adult team", "team_id": "adult_mental_health",
                                       "start": "2026-12-07", "end": "2026-12-11"}])
    nxt = coming_up.upcoming(coming_up.points(evs), TODAY)
    assert len(nxt) == 3 and all(p.day >= TODAY for p in nxt)
    assert nxt[0].key == "step_5-opens" and nxt[0].day == dt.date(2026, 12, 7)
    for p in nxt:
        assert " to " not in p.sentence(ME)  # a date, not "from ... to ..."


@settings(max_examples=60, deadline=None)
@given(st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2016, 12, 31)), st.booleans(), st.booleans(),
       st.dates(min_value=dt.date(2020, 1, 1), max_value=dt.date(2040, 12, 31)))
def test_upcoming_is_the_soonest_future_points(dob, ehc, camhs, today):
    person = Person(id="x", dob=dob, ehc_plan=ehc, camhs=camhs)
    pts = coming_up.points(journey.events(milestones.for_person(person, as_of=today), today))
    nxt = coming_up.upcoming(pts, today)
    later = [p for p in pts if p.day >= today]
    assert nxt == later[:3]
    assert all(p.day >= today for p in nxt)


# --- Easy Read ----------------------------------------------------------------------------------

@pytest.mark.parametrize("person", PEOPLE, ids=[p.id for p in PEOPLE])
@pytest.mark.parametrize("reader", [ME, SAM], ids=["young person", "parent"])
def test_every_date_as_easy_read_has_short_sentences_and_a_picture(person, reader):
    items = [easy_read.point_item(p, reader) for p in coming_up.points(events_of(person))]
    assert easy_read.problems(items) == []
    assert all(i.alt_text for i in items)


def test_home_in_easy_read_names_the_worker_and_how_to_reach_them():
    records = sample_records()
    sam = records.load_person("demo-sam")
    nxt = coming_up.upcoming(coming_up.points(events_of(sam.person, sam.steps)), TODAY)
    gap = journey.GapNotice(handover_id="h1", children_service="camhs", adult_service="adult_mental_health",
                            children_end=dt.date(2028, 8, 31), adult_by=dt.date(2029, 3, 29), weeks=30, why="",
                            doing="", law="", contact="")
    items = easy_read.home_items(nxt, sam.worker, SAM, gaps=[gap])
    assert easy_read.problems(items) == []
    texts = [i.text for i in items]
    assert texts[0] == "This is Sam's plan for ages 14 to 25."
    assert "Sam's named worker is Ann Patel. Ann Patel works in the SEND team." in texts
    assert "Phone Ann Patel: 01632 960 123." in texts
    warning = next(i for i in items if i.picture == "warning")
    assert warning.text == ("There is a gap in Sam's support. Adult mental health team starts 30 weeks after "
                            "CAMHS ends. CAMHS ends on 31 August 2028.")
    html = easy_read.to_html(items, "Sam's plan in Easy Read")
    assert html.count("<img ") == len(items) == html.count('alt="')
    assert "data:image/svg+xml;base64," in html


def test_problems_are_found():
    long = " ".join(["word"] * 16) + "."
    assert easy_read.problems([easy_read.EasyReadItem(text=long, picture="star")]) == [f"16 words: {long}"]
    assert easy_read.problems([easy_read.EasyReadItem(text="Hi.", picture="nope")])


# --- the timeline from 14 -----------------------------------------------------------------------

def test_timeline_starts_at_14_with_earlier_things_folded():
    person = Person(id="e", dob=dt.date(2010, 8, 31), ehc_plan=True, assessment_request=dt.date(2015, 1, 10),
                    plan_issued=dt.date(2015, 6, 1), last_review=dt.date(2026, 3, 1))  # assessed at 4
    secs = timeline.sections(events_of(person), person.dob)
    assert secs[0].folded and secs[0].age is None and secs[0].title.startswith("Before 14")
    assert [s.age for s in secs[1:]] == sorted(s.age for s in secs[1:]) and secs[1].age == 14
    assert all(not s.folded for s in secs[1:])
    assert sum(len(s.events) for s in secs) == len(events_of(person))
    assert {"assessment_decision_due", "final_plan_due"} <= {e.key for e in secs[0].events}
    assert all(age_on(person.dob, e.end or e.start) < 14 for e in secs[0].events)
    assert "year9" in {e.key for e in secs[1].events}  # Year 9 starts at 13 and runs into 14


def test_chart_text_meets_4_5_to_1():
    config = timeline.CHART_CONFIG
    for colour in (config["axis"]["labelColor"], config["axis"]["titleColor"], config["legend"]["labelColor"]):
        assert timeline.contrast(colour, config["background"]) >= 4.5
    assert timeline.contrast("#808495", "#ffffff") < 4.5  # Streamlit's own axis text


# --- tell it once: the top of a person's plan, and referrals --------------------------------

def test_a_worker_sees_the_communication_flag_first_and_the_young_persons_words():
    records = sample_records()
    sam = records.load_person("demo-sam")
    top = about_me.about_me(sam, records.account("worker.ann").user, TODAY)
    assert top.parts == {Part.ABOUT_ME, Part.COMMUNICATION}
    assert top.flag == "Communication needs. Information: Easy Read. Support: give me extra time to answer."
    assert [w.heading for w in top.wishes] == ["Work"] and top.wishes[0].written_by == "In Sam's own words"
    assert "What they want: Where I live" in top.still_to_ask
    assert top.worker.name == "Ann Patel"


def test_without_consent_the_worker_is_told_why_and_sees_none_of_it():
    records = sample_records()
    records.people["demo-sam"].consent_parts["ehc_plan"] = frozenset()
    sam = records.load_person("demo-sam")
    top = about_me.about_me(sam, records.account("worker.ann").user, TODAY)
    assert top.parts == frozenset() and top.flag is None and not top.wishes and not top.communication
    assert "has not agreed to share" in top.reason


def test_a_referral_carries_only_what_the_service_may_see():
    records = sample_records()
    sam = records.load_person("demo-sam")
    college = about_me.referral(sam, "fe_college", TODAY).as_text()
    assert "I want to work with animals." in college and "Easy Read." in college and "Ann Patel" in college
    mental_health = about_me.referral(sam, "adult_mental_health", TODAY).as_text()
    assert "I want to work with animals." not in mental_health and "Easy Read." not in mental_health
    assert "Sam has not agreed to share" in mental_health
