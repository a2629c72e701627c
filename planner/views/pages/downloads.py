"""Downloads: the printable plan and the calendar file, from the young person's own record
(read through planner.views.pages.my_record, audited); each download is audited too."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from planner import milestones
from planner.views import documents, journey
from planner.views.pages import Request, my_record
from planner.views.pages.home import family_gaps
from planner.views.words import service_name

KINDS = {"plan": "download plan", "calendar": "download calendar"}


@dataclass(frozen=True)
class DownloadsView:
    person_id: str
    plan_html: str  # a web page to print
    calendar: str  # an .ics file
    dates: int  # how many dates the calendar holds


def show(req: Request) -> DownloadsView:
    req.require("downloads")
    record = my_record(req, "downloads")
    timeline = milestones.for_person(record.person, as_of=req.today)
    gaps = family_gaps(record, req.today)
    events = journey.events(timeline, req.today, record.steps, gaps)
    pid = record.person.id or "person"
    doc = documents.plan_document(
        record.name, record.person.dob, req.today, events, journey.at_18(timeline, gaps), gaps=gaps,
        aspirations=record.aspirations, profile=record.profile,
        consents=[(service_name(s), ok) for s, ok in sorted(record.consents.items())],
        services_now=[service_name(s) for s in record.services],
    )
    return DownloadsView(person_id=pid, plan_html=documents.printable_plan(doc),
                         calendar=documents.calendar(pid, events, dt.datetime.now(dt.UTC), name=record.name,
                                                     gaps=gaps),
                         dates=len(events))


def downloaded(req: Request, view: DownloadsView, kind: str) -> None:
    """Audit a download of the plan ("plan") or the calendar ("calendar")."""
    req.require("downloads")
    req.audit(KINDS[kind], view.person_id)
