"""My timeline: the years from 14 to 25 for the young person (or their family), from their own
record only (read through planner.views.pages.my_record, so the read is audited)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from planner import milestones
from planner.schoolyear import age_on
from planner.views import journey, words
from planner.views.journey import STATUS_SHAPES, JourneyEvent, Status
from planner.views.pages import Request, my_record, whose
from planner.views.pages.home import family_gaps
from planner.views.words import DOMAIN_LABELS

__all__ = ["STATUS_SHAPES", "Status", "TimelineView", "show"]


@dataclass(frozen=True)
class TimelineView:
    whose: str  # 'your' or "Sam's"
    dob: dt.date
    events: list[JourneyEvent]  # in date order
    services_now: list[str]  # names
    services_next: list[str]
    at_18: list[str]  # sentences, with any gap the plan has
    gaps: list[journey.GapNotice] = ()  # where the plan leaves a gap, in words

    # What each status means, in the legend's order (a symbol and words, never colour alone).
    legend = "; ".join(f"**{journey.STATUS_SYMBOLS[s]} {s.value}**" for s in Status)

    # The chart's rows (areas of life) and its status legend, in order.
    domain_order = [DOMAIN_LABELS[d] for d in journey.CHART_DOMAINS]
    status_order = [s.value for s in Status]

    def shown(self, hide_done: bool) -> list[JourneyEvent]:
        return [e for e in self.events if not (hide_done and e.status is Status.DONE)]

    @staticmethod
    def chart_rows(events: list[JourneyEvent]) -> list[dict]:
        return journey.chart_rows(events)

    def by_age(self, events: list[JourneyEvent]) -> list[tuple[int, list[JourneyEvent]]]:
        """The events grouped by the age the young person is when each starts, youngest first."""
        groups: dict[int, list[JourneyEvent]] = {}
        for e in events:
            groups.setdefault(age_on(self.dob, e.start), []).append(e)
        return sorted(groups.items())


def show(req: Request) -> TimelineView:
    user = req.require("my_timeline")
    record = my_record(req, "my timeline")
    timeline = milestones.for_person(record.person, as_of=req.today)
    now_names, next_names = words.now_and_next(record.services)
    gaps = family_gaps(record, req.today)
    return TimelineView(whose=whose(user, record), dob=record.person.dob,
                        events=journey.events(timeline, req.today, record.steps, gaps),
                        services_now=now_names, services_next=next_names, at_18=journey.at_18(timeline, gaps),
                        gaps=gaps)
