"""The young person's view of their years 14 to 25: events in date order, each with a status
that is a word and a shape (never a colour alone), the sentence in plain words, and what
happens at 18.

Inputs are a `Timeline` (planner.milestones) and, when the scheduler has run, handover steps
as plain dicts from the store. Output is plain data that the pages, the printable plan and the
calendar file all share, so the chart and its text equivalent can never disagree.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from enum import StrEnum

from pydantic import BaseModel, ConfigDict

from planner.milestones import Timeline
from planner.models import Domain
from planner.views.reader import team_name
from planner.views.words import DOMAIN_LABELS, long_date


class Status(StrEnum):
    DONE = "done"
    NOW = "happening now"
    SOON = "coming soon"
    LATER = "later"


# Shapes for the chart and symbols for text, so status never depends on colour.
STATUS_SHAPES: dict[Status, str] = {
    Status.DONE: "square",
    Status.NOW: "diamond",
    Status.SOON: "triangle-up",
    Status.LATER: "circle",
}
STATUS_SYMBOLS: dict[Status, str] = {Status.DONE: "■", Status.NOW: "◆", Status.SOON: "▲", Status.LATER: "●"}
SOON = dt.timedelta(days=183)

# Chart rows: the five preparing-for-adulthood domains, then money and rights.
CHART_DOMAINS = [Domain.EDUCATION, Domain.EMPLOYMENT, Domain.HOUSING, Domain.HEALTH, Domain.SOCIAL_CARE, Domain.MONEY, Domain.LEGAL]

# School years are background on the chart and would drown the list in repeats.
_QUIET_PREFIXES = ("school_year_",)
# The birthday milestones that the "at 18" summary already says in other words.
_AT_18_KEYS = (
    "care_act_assessment_target",
    "camhs_transition_plan",
    "chc_decision_in_principle",
    "chc_package_by_18",
    "camhs_ends",
    "care_act_continuity_18",
    "universal_credit_from",
    "adulthood_18",
)


class JourneyEvent(BaseModel):
    """One thing on the timeline: a statutory milestone or a scheduled handover step."""

    model_config = ConfigDict(extra="forbid")

    key: str
    kind: str  # "milestone" or "step"
    title: str
    sentence: str
    domain: Domain
    start: dt.date
    end: dt.date | None = None  # the last day of a window; None for a single date
    status: Status
    source: str = ""
    who: str = ""  # the plain name of the team doing a step (never its id)
    statutory: bool = False  # its deadline is set by an Act or regulation (steps: the pathway file says)

    @property
    def when(self) -> str:
        if self.end is None or self.end == self.start:
            return long_date(self.start)
        return f"{long_date(self.start)} to {long_date(self.end)}"

    @property
    def status_text(self) -> str:
        return f"{STATUS_SYMBOLS[self.status]} {self.status.value}"


def status_of(start: dt.date, end: dt.date | None, today: dt.date) -> Status:
    last = end or start
    if last < today:
        return Status.DONE
    if start <= today <= last:
        return Status.NOW
    if start - today <= SOON:
        return Status.SOON
    return Status.LATER


def events(timeline: Timeline, today: dt.date, steps: Iterable[Mapping] = ()) -> list[JourneyEvent]:
    """Every milestone (school years left out) and scheduled step, in date order."""
    found: list[JourneyEvent] = []
    for m in timeline.milestones:
        if m.key.startswith(_QUIET_PREFIXES):
            continue
        start = m.date or m.start
        end = None if m.date else m.end
        assert start is not None  # a milestone has a date or a window (models.Milestone)
        found.append(
            JourneyEvent(
                key=m.key, kind="milestone", title=m.title, sentence=m.easy_read, domain=m.domain,
                start=start, end=end, status=status_of(start, end, today), source=f"{m.rule_id}: {m.source}",
            )
        )
    for step in steps:
        found.append(step_event(step, today))
    found.sort(key=lambda e: (e.start, e.kind, e.key))
    return found


def step_event(step: Mapping, today: dt.date) -> JourneyEvent:
    """A scheduled handover step from the store (keys: id, title or step, team, domain, start,
    end) as a timeline event with a sentence that says who does what by when."""
    start = _as_date(step["start"])
    end = _as_date(step["end"]) if step.get("end") else None
    title = str(step.get("title") or step.get("step") or "A step in your move to adult services")
    who = team_name(step.get("team_id") or step.get("team"))
    by = long_date(end or start)
    sentence = f"{title}: {who + ' will do this' if who else 'this happens'} by {by}."
    domain = Domain(step["domain"]) if step.get("domain") in {d.value for d in Domain} else Domain.SOCIAL_CARE
    return JourneyEvent(
        key=f"step_{step.get('id', title)}", kind="step", title=title, sentence=sentence, domain=domain,
        start=start, end=end, status=status_of(start, end, today), who=who,
        statutory=bool(step.get("statutory")),
    )


def _as_date(value) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


def at_18(timeline: Timeline) -> list[str]:
    """What changes around the 18th birthday, as short plain sentences in date order."""
    b18 = timeline.core["birthday_18"]
    picked = [m for m in timeline.milestones if m.key in _AT_18_KEYS]
    picked.sort(key=lambda m: (m.sort_date, _AT_18_KEYS.index(m.key)))
    lines = [f"You turn 18 on {long_date(b18)}. Children's services stop around then and adult services take over."]
    lines += [m.easy_read for m in picked if m.key != "adulthood_18"]
    return lines


def chart_rows(items: Iterable[JourneyEvent]) -> list[dict]:
    """Rows for the chart: one per event, with text fields for tooltips and the legend."""
    rows = []
    for e in items:
        rows.append(
            {
                "domain": DOMAIN_LABELS[e.domain],
                "start": e.start.isoformat(),
                "end": (e.end or e.start).isoformat(),
                "is_window": e.end is not None and e.end != e.start,
                "title": e.title,
                "when": e.when,
                "status": e.status.value,
                "shape": STATUS_SHAPES[e.status],
            }
        )
    return rows


def next_up(items: list[JourneyEvent], limit: int = 3) -> list[JourneyEvent]:
    """The next few things that are not done yet."""
    return [e for e in items if e.status is not Status.DONE][:limit]
