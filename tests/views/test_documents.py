"""The calendar file (RFC 5545) and the printable plan, and the journey view they share."""

import datetime as dt
from html.parser import HTMLParser

from hypothesis import given
from hypothesis import strategies as st

from planner import milestones
from planner.access.records import Contact
from planner.models import Domain, Person
from planner.views import coming_up, documents, journey

TODAY = dt.date(2026, 11, 23)
PERSON = Person(id="p-1", dob=dt.date(2010, 8, 31), ehc_plan=True, camhs=True, continuing_care=True,
                childrens_social_care=True, dla=True, last_review=dt.date(2026, 3, 1))
TIMELINE = milestones.for_person(PERSON, as_of=TODAY)
EVENTS = journey.events(TIMELINE, TODAY, steps=[
    {"id": 7, "title": "Meet your adult mental health worker", "team": "adult_mental_health",
     "domain": "health", "start": "2028-03-06", "end": "2028-03-10"},
])
STAMP = dt.datetime(2026, 11, 23, 9, 30, tzinfo=dt.UTC)


def test_events_are_in_date_order_with_a_word_status():
    assert [e.start for e in EVENTS] == sorted(e.start for e in EVENTS)
    assert not any(e.key.startswith("school_year_") for e in EVENTS)
    for e in EVENTS:
        assert e.status_text.split(" ", 1)[1] == e.status.value  # a word, not just a colour
    by_key = {e.key: e for e in EVENTS}
    # A duty past its date is never "done" because the date passed: with no record of when the
    # planner's record began (so: today), the 31 March 2026 amendment is "not recorded".
    assert by_key["phase_transfer_deadline"].status is journey.Status.NOT_RECORDED
    assert by_key["birthday_14"].status is journey.Status.PAST  # a fact, not a duty
    assert by_key["camhs_ends"].status is journey.Status.LATER
    assert by_key["annual_review_due"].status is journey.Status.SOON
    step = by_key["step_7"]
    # the team by its plain name from data/teams.yaml, never its id
    assert step.kind == "step" and "Adult mental health, young-adult pathway (18-25) will do this by 10 March 2028" in step.sentence
    assert step.who == "Adult mental health, young-adult pathway (18-25)"


def test_status_boundaries():
    d = dt.date(2027, 1, 10)
    assert journey.status_of(d, None, d) is journey.Status.NOW
    assert journey.status_of(d, None, d + dt.timedelta(days=1)) is journey.Status.PAST
    assert journey.status_of(d, d + dt.timedelta(days=5), d + dt.timedelta(days=5)) is journey.Status.NOW
    assert journey.status_of(d + journey.SOON, None, d) is journey.Status.SOON
    assert journey.status_of(d + journey.SOON + dt.timedelta(days=1), None, d) is journey.Status.LATER


def test_at_18_summary_names_the_birthday_and_the_handovers():
    lines = journey.at_18(TIMELINE)
    assert lines[0].startswith("You turn 18 on 31 August 2028.")
    text = " ".join(lines)
    assert "CAMHS" in text and "adult social care assessment" in text


def test_chart_rows_carry_shape_and_words():
    rows = journey.chart_rows(EVENTS)
    assert {r["shape"] for r in rows} <= set(journey.STATUS_SHAPES.values())
    assert all(r["status"] and r["title"] and r["domain"] for r in rows)


def test_calendar_is_rfc5545():
    text = documents.calendar("p-1", EVENTS, STAMP, name="Sam, the tester; age 16")
    assert text.startswith("BEGIN:VCALENDAR\r\n") and text.endswith("END:VCALENDAR\r\n")
    assert "\n" not in text.replace("\r\n", "")  # CRLF only
    for raw in text.split("\r\n")[:-1]:
        assert len(raw.encode("utf-8")) <= 75
    lines = documents.unfold(text)
    assert "VERSION:2.0" in lines and any(line.startswith("PRODID:") for line in lines)
    assert "X-WR-CALNAME:Transition plan: Sam\\, the tester\\; age 16" in lines
    ahead = coming_up.upcoming(coming_up.points(EVENTS), TODAY, limit=None)
    assert lines.count("BEGIN:VEVENT") == len(ahead) == lines.count("END:VEVENT")
    uids = [line for line in lines if line.startswith("UID:")]
    assert len(set(uids)) == len(ahead)
    assert "DTSTAMP:20261123T093000Z" in lines
    # Every entry is one day: DTEND is the next day (exclusive).
    starts = [line for line in lines if line.startswith("DTSTART")]
    ends = [line for line in lines if line.startswith("DTEND")]
    for a, b in zip(starts, ends, strict=True):
        day = dt.date.fromisoformat(_ics_day(a))
        assert _ics_day(b) == (day + dt.timedelta(days=1)).isoformat()
    # The scheduled step (6 to 10 March 2028) is its first and last day, not a banner.
    i = lines.index("UID:p-1-step_7-opens@transition-planner.invalid")
    assert lines[i + 2 : i + 4] == ["DTSTART;VALUE=DATE:20280306", "DTEND;VALUE=DATE:20280307"]
    j = lines.index("UID:p-1-step_7-closes@transition-planner.invalid")
    assert lines[j + 2 : j + 4] == ["DTSTART;VALUE=DATE:20280310", "DTEND;VALUE=DATE:20280311"]


def _ics_day(line: str) -> str:
    v = line.rsplit(":", 1)[1]
    return f"{v[:4]}-{v[4:6]}-{v[6:8]}"


def test_calendar_has_no_past_dates_and_no_multi_year_banners():
    lines = documents.unfold(documents.calendar("p-1", EVENTS, STAMP))
    days = [dt.date.fromisoformat(_ics_day(x)) for x in lines if x.startswith("DTSTART")]
    assert days and min(days) >= TODAY
    assert "UID:p-1-phase_transfer_deadline@transition-planner.invalid" not in lines  # 31 March 2026: past
    # the supported-internship window (16 to 24) is two days, its start and its end
    internship = [x for x in lines if x.startswith("UID:p-1-supported_internship_window")]
    assert internship == ["UID:p-1-supported_internship_window-closes@transition-planner.invalid"]
    everything = documents.unfold(documents.calendar("p-1", EVENTS, STAMP, include_past=True))
    assert "UID:p-1-phase_transfer_deadline@transition-planner.invalid" in everything
    assert "UID:p-1-supported_internship_window-opens@transition-planner.invalid" in everything


def test_a_reminder_a_week_before_each_statutory_deadline():
    events = journey.events(TIMELINE, TODAY, steps=[
        {"id": 8, "title": "Amend the EHC plan", "team_id": "send_team", "domain": "education",
         "start": "2027-02-01", "end": "2027-03-01", "statutory": 1},
        {"id": 9, "title": "A visit", "team_id": "college_admissions", "domain": "education",
         "start": "2027-04-01", "end": "2027-04-02", "statutory": 0},
    ])
    lines = documents.unfold(documents.calendar("p-1", events, STAMP))
    closes = lines.index("UID:p-1-step_8-closes@transition-planner.invalid")
    block = lines[closes:lines.index("END:VEVENT", closes)]
    assert ["BEGIN:VALARM", "ACTION:DISPLAY"] == block[-5:-3] and "TRIGGER:-P7D" in block
    opens = lines.index("UID:p-1-step_8-opens@transition-planner.invalid")
    assert "BEGIN:VALARM" not in lines[opens:lines.index("END:VEVENT", opens)]
    visit = lines.index("UID:p-1-step_9-closes@transition-planner.invalid")
    assert "BEGIN:VALARM" not in lines[visit:lines.index("END:VEVENT", visit)]
    ahead = coming_up.upcoming(coming_up.points(events), TODAY, limit=None)
    assert lines.count("BEGIN:VALARM") == sum(p.reminder for p in ahead) >= 2
    # a statutory duty of the law's own (an annual review, CFA 2014 s.44) is reminded too
    review = next(p for p in ahead if p.event.key.startswith("annual_review_due"))
    assert review.reminder and review.event.statutory
    birthday = next(p for p in ahead if p.event.key == "birthday_18")
    assert not birthday.reminder  # a birthday is not a deadline


def test_the_same_events_give_the_same_uids_next_time():
    later = documents.calendar("p-1", EVENTS, STAMP + dt.timedelta(days=3))
    uids = lambda t: [x for x in documents.unfold(t) if x.startswith("UID:")]  # noqa: E731
    assert uids(later) == uids(documents.calendar("p-1", EVENTS, STAMP))


def test_escaping():
    assert documents.ics_escape("a,b;c\\d\ne") == "a\\,b\\;c\\\\d\\ne"
    assert documents.ics_escape("x\r\ny") == "x\\ny"


@given(st.text(min_size=0, max_size=400))
def test_folding_round_trips_and_keeps_lines_short(text):
    line = "SUMMARY:" + documents.ics_escape(text)
    folded = documents.fold(line)
    for part in folded.split("\r\n"):
        assert len(part.encode("utf-8")) <= 75
    assert folded.replace("\r\n ", "") == line


class _Collect(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)

    def handle_data(self, data):
        self.text.append(data)


def test_printable_plan_is_escaped_and_prints_cleanly():
    doc = documents.plan_document(
        "Sam <script>alert(1)</script>", PERSON.dob, TODAY, EVENTS, journey.at_18(TIMELINE),
        aspirations={"employment": "I want to work with animals.\nMaybe at a farm."},
        profile={"like_about_me": "I am funny & kind"},
        consents=[("College", True), ("Adult social care", False)],
        worker=Contact(username="w", name="Ann Patel", team="SEND team", phone="01632 960 123"),
        gaps=[journey.GapNotice(handover_id="h1", children_service="camhs", adult_service="adult_mental_health",
                                children_end=dt.date(2028, 8, 31), adult_by=dt.date(2029, 3, 29), weeks=30,
                                why="Why: the adult team is full.", doing="", law="", contact="Who to ask: Ann.")],
        communication=[("Information I can read", "Easy Read.")],
    )
    page = documents.printable_plan(doc)
    assert "<script>" not in page and "&lt;script&gt;" in page
    assert '<html lang="en-GB">' in page and "@media print" in page and "@page" in page
    assert "<p>I want to work with animals.</p><p>Maybe at a farm.</p>" in page
    assert "I am funny &amp; kind" in page and "Not written yet." in page
    assert "<dt>Named worker</dt><dd>Ann Patel</dd>" in page and "01632 960 123" in page
    assert "That is 30 weeks after CAMHS (children&#x27;s mental health) ends on 31 August 2028." in page
    assert "Easy Read." in page
    assert "By 30 March 2026 your plan must be reviewed and changed" not in page  # past: not a next step
    assert "College: yes" in page and "Adult social care: no" in page
    # the next dated steps only: nothing past, never the whole timeline
    assert "31 March 2026" not in page and "<table" not in page
    assert len(doc.next_steps) == documents.NEXT_STEPS
    parser = _Collect()
    parser.feed(page)
    assert parser.tags.count("h1") == 1


def test_a_parents_copy_says_sams_plan_and_when_sam_turns_18():
    doc = documents.plan_document("Sam Taylor", PERSON.dob, TODAY, EVENTS, journey.at_18(TIMELINE), own=False)
    page = documents.printable_plan(doc)
    assert "<h1>Sam&#x27;s plan for preparing for adulthood</h1>" in page
    assert "When Sam turns 18" in page and "Sam turns 18 on 31 August 2028." in page
    assert "My plan" not in page and "You turn 18" not in page


def test_domains_all_have_labels():
    assert set(journey.CHART_DOMAINS) == set(Domain)
