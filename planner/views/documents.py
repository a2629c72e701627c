"""Documents a family takes away: a printable plan (HTML with a print stylesheet) and a calendar
file (.ics, RFC 5545) of their milestones and appointments.

Both read the same `JourneyEvent`s as the timeline page, so what is printed, what is in the
calendar and what is on screen agree.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Iterable, Mapping

from pydantic import BaseModel, ConfigDict, Field

from planner.access.records import Contact
from planner.models import Domain
from planner.views import coming_up
from planner.views.journey import GapNotice, JourneyEvent, Status
from planner.views.reader import Reader, cap, first_name
from planner.views.words import DOMAIN_LABELS, OUTCOMES, PROFILE_QUESTIONS, long_date, service_name

PRODID = "-//Transition planner//Preparing for adulthood//EN"
UID_DOMAIN = "transition-planner.invalid"


# --- calendar (.ics) ----------------------------------------------------------------------


def ics_escape(text: str) -> str:
    """TEXT value escaping (RFC 5545 3.3.11): backslash, semicolon, comma and newlines."""
    text = text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return re.sub(r"\r\n|\r|\n", "\\\\n", text)


def fold(line: str) -> str:
    """Fold a content line at 75 octets (RFC 5545 3.1), never inside a UTF-8 character."""
    out: list[str] = []
    current = b""
    limit = 75
    for ch in line:
        b = ch.encode("utf-8")
        if len(current) + len(b) > limit:
            out.append(current.decode("utf-8"))
            current = b""
            limit = 74  # continuation lines start with one space
        current += b
    out.append(current.decode("utf-8"))
    return "\r\n ".join(out)


def _uid_part(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]", "-", text)


def gap_events(gaps: Iterable[GapNotice]) -> list[JourneyEvent]:
    """Each gap in the plan as a calendar entry over the weeks with no service, in plain words."""
    out = []
    for g in gaps:
        last = g.adult_by or g.children_end + dt.timedelta(weeks=g.weeks)
        domain = Domain.HEALTH if g.children_service in ("camhs", "childrens_continuing_care", "paediatrics") else Domain.SOCIAL_CARE
        out.append(JourneyEvent(key=f"gap_{g.handover_id}", kind="gap",
                                title=f"Gap: {g.weeks} weeks after {service_name(g.children_service)} ends",
                                sentence=g.text, domain=domain, start=g.children_end, end=last, status=Status.SOON))
    return out


def calendar(person_id: str, items: Iterable[JourneyEvent], stamp: dt.datetime, name: str = "", *,
             today: dt.date | None = None, include_past: bool = False, reader: Reader | None = None,
             gaps: Iterable[GapNotice] = ()) -> str:
    """An iCalendar file of dated entries only: one all-day VEVENT per day (a window becomes its
    first day and its last day, never a banner across years; a gap in the plan its first and last
    day, with what it is, why, what is being done and who to ask), nothing before `today`
    (default: the stamp's date) unless `include_past`, and a reminder (VALARM) a week before each
    statutory deadline. UIDs are stable per person and entry, so importing a newer file updates
    entries instead of duplicating them."""
    items = [*items, *gap_events(gaps)]
    stamp_utc = stamp.astimezone(dt.UTC) if stamp.tzinfo else stamp
    dtstamp = stamp_utc.strftime("%Y%m%dT%H%M%SZ")
    cal_name = f"Transition plan: {name}" if name else "Transition plan"
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{ics_escape(cal_name)}",
    ]
    found = coming_up.points(items)
    if not include_past:
        found = coming_up.upcoming(found, today or stamp.date(), limit=None)
    for p in found:
        e = p.event
        description = (p.sentence(reader) + (f"\nWho: {e.who}" if e.who else "")
                       + (f"\nSource: {e.source}" if e.source else ""))
        lines += [
            "BEGIN:VEVENT",
            f"UID:{_uid_part(person_id)}-{_uid_part(p.key)}@{UID_DOMAIN}",
            f"DTSTAMP:{dtstamp}",
            f"DTSTART;VALUE=DATE:{p.day:%Y%m%d}",
            # DTEND of an all-day event is exclusive: the day after.
            f"DTEND;VALUE=DATE:{p.day + dt.timedelta(days=1):%Y%m%d}",
            f"SUMMARY:{ics_escape(p.summary(reader))}",
            f"DESCRIPTION:{ics_escape(description)}",
            f"CATEGORIES:{ics_escape(DOMAIN_LABELS[e.domain])}",
            "TRANSP:TRANSPARENT",
        ]
        if p.reminder:
            lines += ["BEGIN:VALARM", "ACTION:DISPLAY", f"DESCRIPTION:{ics_escape('In a week: ' + p.summary(reader))}",
                      "TRIGGER:-P7D", "END:VALARM"]
        lines.append("END:VEVENT")
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)


def unfold(text: str) -> list[str]:
    """Content lines of an .ics text with folding undone (for tests and checks)."""
    return text.replace("\r\n ", "").replace("\r\n\t", "").split("\r\n")[:-1]


# --- printable plan ------------------------------------------------------------------------


class PlanDocument(BaseModel):
    """Everything the printable plan shows: 2 to 3 A4 pages (contact, next steps, gaps, what the
    young person wants, about them, how they communicate), never the whole timeline."""

    model_config = ConfigDict(extra="forbid")

    name: str
    dob: dt.date
    made_on: dt.date
    own: bool = True  # the young person's own copy ("My plan"), else "Sam's plan"
    aspirations: dict[str, str] = Field(default_factory=dict)  # outcome id -> own words
    profile: dict[str, str] = Field(default_factory=dict)  # PROFILE_QUESTIONS id -> own words
    communication: list[tuple[str, str]] = Field(default_factory=list)  # (heading, words)
    consents: list[tuple[str, bool]] = Field(default_factory=list)  # (service name, shared?)
    at_18: list[str] = Field(default_factory=list)
    next_steps: list[tuple[str, str]] = Field(default_factory=list)  # (when, sentence), soonest first
    gaps: list[GapNotice] = Field(default_factory=list)  # where the plan leaves a gap, in plain words
    worker: Contact | None = None
    services_now: list[str] = Field(default_factory=list)

    @property
    def reader(self) -> Reader:
        return Reader(own=self.own, name=first_name(self.name))


NEXT_STEPS = 8  # dated entries on the printed plan; the calendar file has them all

_CSS = """
body { font-family: Arial, Helvetica, sans-serif; font-size: 14pt; line-height: 1.45;
       color: #000; background: #fff; max-width: 50em; margin: 1em auto; padding: 0 1em; }
h1 { font-size: 1.5em; margin: 0 0 0.3em; }
h2 { font-size: 1.2em; margin: 1em 0 0.3em; border-bottom: 2px solid #000; }
h3 { font-size: 1em; margin: 0.6em 0 0.1em; }
p, ul, dl { margin: 0.2em 0 0.4em; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: 0.1em 1em; }
dt { font-weight: bold; } dd { margin: 0; }
.when { white-space: nowrap; font-weight: bold; }
.gap { border-left: 6px solid #000; padding-left: 0.6em; }
@media print {
  @page { size: A4; margin: 15mm; }
  body { font-size: 11pt; max-width: none; margin: 0; padding: 0; }
  .no-print { display: none; }
  h2, h3 { break-after: avoid; page-break-after: avoid; }
  li, dl, section.keep { break-inside: avoid; page-break-inside: avoid; }
  a { color: #000; text-decoration: none; }
}
"""


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def _paragraphs(text: str, empty: str = "Not written yet.") -> str:
    parts = [p.strip() for p in text.splitlines() if p.strip()]
    return "".join(f"<p>{_e(p)}</p>" for p in parts) or f"<p>{_e(empty)}</p>"


def _contact(worker: Contact | None, reader: Reader) -> list[str]:
    if worker is None:
        return [f"<p>{_e(cap(reader.your))} named worker is not set yet. Ask the school, college or council.</p>"]
    rows = [("Named worker", worker.name)]
    if worker.team:
        rows.append(("Team", worker.team))
    if worker.phone:
        rows.append(("Phone", worker.phone))
    if worker.email:
        rows.append(("Email", worker.email))
    return ["<dl>" + "".join(f"<dt>{_e(k)}</dt><dd>{_e(v)}</dd>" for k, v in rows) + "</dl>"]


def printable_plan(doc: PlanDocument) -> str:
    """A self-contained HTML page that reads well on screen and prints on 2 to 3 A4 pages."""
    reader = doc.reader
    title = f"{reader.plan}: {doc.name}" if doc.own else f"{reader.plan} for preparing for adulthood"
    out = [
        "<!DOCTYPE html>",
        '<html lang="en-GB"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_e(title)}</title>",
        f"<style>{_CSS}</style></head><body><main>",
        f"<h1>{_e(title)}</h1>",
        f"<p>{_e(doc.name)}, born {_e(long_date(doc.dob))}. Made on {_e(long_date(doc.made_on))}.</p>",
        '<p class="no-print">To print, use your browser\'s Print command (Ctrl+P).</p>',
        '<section class="keep"><h2>Who to contact</h2>', *_contact(doc.worker, reader), "</section>",
        "<section><h2>What happens next</h2>",
    ]
    if doc.next_steps:
        out.append("<ul>" + "".join(f'<li><span class="when">{_e(w)}</span>: {_e(t)}</li>' for w, t in doc.next_steps)
                   + "</ul><p>The calendar file has every date.</p>")
    else:
        out.append("<p>Nothing new is planned yet.</p>")
    out.append("</section>")
    if doc.gaps:
        out.append('<section class="gaps"><h2>Where the plan leaves a gap</h2>')
        for g in doc.gaps:
            out.append('<ul class="gap">' + "".join(f"<li>{_e(reader.say(line))}</li>" for line in g.sentences) + "</ul>")
        out.append("</section>")
    out.append(f"<section><h2>What {_e(reader.you)} {'want' if doc.own else 'wants'} for the future</h2>")
    for key, (label, _question) in OUTCOMES.items():
        out.append(f"<h3>{_e(label)}</h3>{_paragraphs(doc.aspirations.get(key, ''))}")
    out.append('</section><section class="keep"><h2>About me</h2>')
    for key, question in PROFILE_QUESTIONS.items():
        out.append(f"<h3>{_e(question)}</h3>{_paragraphs(doc.profile.get(key, ''))}")
    out.append('</section><section class="keep"><h2>How I communicate</h2>')
    if doc.communication:
        out.append("<dl>" + "".join(f"<dt>{_e(k)}</dt><dd>{_e(v)}</dd>" for k, v in doc.communication) + "</dl>")
    else:
        out.append("<p>Not written yet.</p>")
    out.append("</section>")
    if doc.at_18:
        out.append(f'<section class="keep"><h2>{_e(cap(reader.turns(18)))}</h2><ul>')
        out += [f"<li>{_e(line)}</li>" for line in doc.at_18]
        out.append("</ul></section>")
    if doc.services_now:
        out.append('<section class="keep"><h2>Services now</h2><p>' + _e("; ".join(doc.services_now)) + ".</p></section>")
    if doc.consents:
        out.append('<section class="keep"><h2>Who the plan is shared with</h2><ul>')
        out += [f"<li>{_e(svc)}: {'yes' if ok else 'no'}</li>" for svc, ok in doc.consents]
        out.append("</ul></section>")
    out.append("</main></body></html>")
    return "\n".join(out)


def plan_document(
    name: str, dob: dt.date, made_on: dt.date, items: list[JourneyEvent], at_18: list[str],
    aspirations: Mapping[str, str] | None = None, profile: Mapping[str, str] | None = None,
    consents: Iterable[tuple[str, bool]] = (), services_now: Iterable[str] = (),
    gaps: Iterable[GapNotice] = (), *,
    own: bool = True, worker: Contact | None = None, communication: Iterable[tuple[str, str]] = (),
) -> PlanDocument:
    """The printable plan from the timeline events: the next dated steps (from `made_on`), in the
    reader's words."""
    reader = Reader(own=own, name=first_name(name))
    ahead = coming_up.upcoming(coming_up.points(items), made_on, limit=NEXT_STEPS)
    return PlanDocument(
        name=name, dob=dob, made_on=made_on, own=own, at_18=[reader.say(line) for line in at_18],
        aspirations=dict(aspirations or {}), profile=dict(profile or {}),
        consents=list(consents), services_now=list(services_now), worker=worker, gaps=list(gaps),
        communication=list(communication),
        next_steps=[(long_date(p.day), p.sentence(reader)) for p in ahead],
    )
