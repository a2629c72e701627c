"""Downloads: the printable plan (2 to 3 A4 pages: contact, next steps, gaps, what the young person
wants) and the calendar file (dated entries only, nothing past unless asked, a reminder a week
before statutory deadlines), from the young person's own record (read through
planner.views.pages.my_record, audited); each download is audited too."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from planner import milestones
from planner.views import coming_up, documents, journey
from planner.views.pages import Request, my_record
from planner.views.pages.home import family_gaps
from planner.views.reader import Reader, reader_for
from planner.views.words import service_name

KINDS = {"plan": "download plan", "calendar": "download calendar"}


@dataclass(frozen=True)
class DownloadsView:
    person_id: str
    reader: Reader
    plan_html: str  # a web page to print
    calendar: str  # an .ics file
    dates: int  # how many dates the calendar holds
    include_past: bool = False

    @property
    def plan_label(self) -> str:
        return "Download my plan (web page to print)" if self.reader.own else \
            f"Download {self.reader.your} plan (web page to print)"

    @property
    def calendar_label(self) -> str:
        return "Download my calendar (.ics file)" if self.reader.own else \
            f"Download {self.reader.your} calendar (.ics file)"


def show(req: Request, include_past: bool = False) -> DownloadsView:
    user = req.require("downloads")
    record = my_record(req, "downloads")
    reader = reader_for(user.role.value, user.person_id, record.person.id, record.name)
    timeline = milestones.for_person(record.person, as_of=req.today)
    gaps = family_gaps(record, req.today)
    events = journey.events(timeline, req.today, record.steps, gaps)
    pid = record.person.id or "person"
    doc = documents.plan_document(
        record.name, record.person.dob, req.today, events, journey.at_18(timeline, gaps), gaps=gaps,
        aspirations=record.aspirations, profile=record.profile,
        consents=[(service_name(s), ok) for s, ok in sorted(record.consents.items())],
        services_now=[service_name(s) for s in record.services],
        own=reader.own, worker=record.worker, communication=record.communication.lines(),
    )
    points = coming_up.points([*events, *documents.gap_events(gaps)])
    dates = len(points) if include_past else len(coming_up.upcoming(points, req.today, limit=None))
    return DownloadsView(person_id=pid, reader=reader, plan_html=documents.printable_plan(doc),
                         calendar=documents.calendar(pid, events, dt.datetime.now(dt.UTC), name=record.name,
                                                     today=req.today, include_past=include_past, reader=reader,
                                                     gaps=gaps),
                         dates=dates, include_past=include_past)


def downloaded(req: Request, view: DownloadsView, kind: str) -> None:
    """Audit a download of the plan ("plan") or the calendar ("calendar")."""
    req.require("downloads")
    req.audit(KINDS[kind], view.person_id)
