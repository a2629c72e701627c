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

from planner.models import Domain
from planner.views.journey import GapNotice, JourneyEvent, Status
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


def calendar(person_id: str, items: Iterable[JourneyEvent], stamp: dt.datetime, name: str = "",
             gaps: Iterable[GapNotice] = ()) -> str:
    """An iCalendar file with one all-day VEVENT per event, and one over each gap in the plan
    (what it is, why, what is being done and who to ask). UIDs are stable per person and event,
    so importing a newer file updates the entries instead of duplicating them."""
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
    for e in items:
        last = e.end or e.start
        description = e.sentence + (f"\nWho: {e.who}" if e.who else "") + (f"\nSource: {e.source}" if e.source else "")
        lines += [
            "BEGIN:VEVENT",
            f"UID:{_uid_part(person_id)}-{_uid_part(e.key)}@{UID_DOMAIN}",
            f"DTSTAMP:{dtstamp}",
            f"DTSTART;VALUE=DATE:{e.start:%Y%m%d}",
            # DTEND of an all-day event is exclusive: the day after the last day.
            f"DTEND;VALUE=DATE:{last + dt.timedelta(days=1):%Y%m%d}",
            f"SUMMARY:{ics_escape(e.title)}",
            f"DESCRIPTION:{ics_escape(description)}",
            f"CATEGORIES:{ics_escape(DOMAIN_LABELS[e.domain])}",
            "TRANSP:TRANSPARENT",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)


def unfold(text: str) -> list[str]:
    """Content lines of an .ics text with folding undone (for tests and checks)."""
    return text.replace("\r\n ", "").replace("\r\n\t", "").split("\r\n")[:-1]


# --- printable plan ------------------------------------------------------------------------


class PlanDocument(BaseModel):
    """Everything the printable plan shows."""

    model_config = ConfigDict(extra="forbid")

    name: str
    dob: dt.date
    made_on: dt.date
    aspirations: dict[str, str] = Field(default_factory=dict)  # outcome id -> own words
    profile: dict[str, str] = Field(default_factory=dict)  # PROFILE_QUESTIONS id -> own words
    consents: list[tuple[str, bool]] = Field(default_factory=list)  # (service name, shared?)
    at_18: list[str] = Field(default_factory=list)
    gaps: list[GapNotice] = Field(default_factory=list)  # where the plan leaves a gap, in plain words
    events: list[JourneyEvent] = Field(default_factory=list)
    services_now: list[str] = Field(default_factory=list)


_CSS = """
body { font-family: Arial, Helvetica, sans-serif; font-size: 14pt; line-height: 1.5;
       color: #000; background: #fff; max-width: 50em; margin: 1em auto; padding: 0 1em; }
h1 { font-size: 1.6em; } h2 { font-size: 1.3em; margin-top: 1.4em; border-bottom: 2px solid #000; }
table { border-collapse: collapse; width: 100%; }
th, td { border: 1px solid #000; padding: 0.3em 0.5em; text-align: left; vertical-align: top; }
.status { white-space: nowrap; }
@media print {
  @page { size: A4; margin: 15mm; }
  body { font-size: 12pt; max-width: none; margin: 0; padding: 0; }
  .no-print { display: none; }
  h2 { break-after: avoid; page-break-after: avoid; }
  tr, li, section.profile { break-inside: avoid; page-break-inside: avoid; }
  thead { display: table-header-group; }
  a { color: #000; text-decoration: none; }
}
"""


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def _paragraphs(text: str) -> str:
    parts = [p.strip() for p in text.splitlines() if p.strip()]
    return "".join(f"<p>{_e(p)}</p>" for p in parts) or "<p>Not written yet.</p>"


def printable_plan(doc: PlanDocument) -> str:
    """A self-contained HTML page that reads well on screen and prints cleanly on A4."""
    out = [
        "<!DOCTYPE html>",
        '<html lang="en-GB"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_e(doc.name)}: my transition plan</title>",
        f"<style>{_CSS}</style></head><body><main>",
        f"<h1>{_e(doc.name)}: my transition plan</h1>",
        f"<p>Date of birth: {_e(long_date(doc.dob))}. This plan was made on {_e(long_date(doc.made_on))}.</p>",
        '<p class="no-print">To print, use your browser\'s Print command (Ctrl+P).</p>',
    ]
    if doc.gaps:
        out.append('<section class="gaps"><h2>Where the plan leaves a gap</h2>')
        for g in doc.gaps:
            out.append("<ul>" + "".join(f"<li>{_e(line)}</li>" for line in g.sentences) + "</ul>")
        out.append("</section>")
    out.append('<section class="profile"><h2>About me (one-page profile)</h2>')
    for key, question in PROFILE_QUESTIONS.items():
        out.append(f"<h3>{_e(question)}</h3>{_paragraphs(doc.profile.get(key, ''))}")
    out.append("</section><section><h2>What I want for my future</h2>")
    for key, (label, _question) in OUTCOMES.items():
        out.append(f"<h3>{_e(label)}</h3>{_paragraphs(doc.aspirations.get(key, ''))}")
    out.append("</section>")
    if doc.services_now:
        out.append("<section><h2>Services I use now</h2><ul>")
        out += [f"<li>{_e(s)}</li>" for s in doc.services_now]
        out.append("</ul></section>")
    out.append("<section><h2>What happens at 18</h2><ul>")
    out += [f"<li>{_e(line)}</li>" for line in doc.at_18]
    out.append("</ul></section>")
    out.append(
        "<section><h2>My timeline</h2><table><caption>Everything on my timeline, in date order</caption>"
        '<thead><tr><th scope="col">When</th><th scope="col">What happens</th>'
        '<th scope="col">Area of life</th><th scope="col">Status</th></tr></thead><tbody>'
    )
    for e in doc.events:
        out.append(
            f"<tr><td>{_e(e.when)}</td><td><strong>{_e(e.title)}</strong><br>{_e(e.sentence)}</td>"
            f'<td>{_e(DOMAIN_LABELS[e.domain])}</td><td class="status">{_e(e.status_text)}</td></tr>'
        )
    out.append("</tbody></table></section>")
    if doc.consents:
        out.append("<section><h2>Who I share my plan with</h2><ul>")
        out += [f"<li>{_e(svc)}: {'yes' if ok else 'no'}</li>" for svc, ok in doc.consents]
        out.append("</ul></section>")
    out.append("</main></body></html>")
    return "\n".join(out)


def plan_document(
    name: str, dob: dt.date, made_on: dt.date, items: list[JourneyEvent], at_18: list[str],
    aspirations: Mapping[str, str] | None = None, profile: Mapping[str, str] | None = None,
    consents: Iterable[tuple[str, bool]] = (), services_now: Iterable[str] = (),
    gaps: Iterable[GapNotice] = (),
) -> PlanDocument:
    """Convenience constructor used by the downloads page."""
    return PlanDocument(
        name=name, dob=dob, made_on=made_on, events=items, at_18=at_18, gaps=list(gaps),
        aspirations=dict(aspirations or {}), profile=dict(profile or {}),
        consents=list(consents), services_now=list(services_now),
    )
