"""My timeline: the years from 14 to 25 for the young person (or their family), from their own
record only (read through planner.views.pages.my_record, so the read is audited): a list by age
from 14 (what happened earlier folded away), then a chart whose text is readable, and the same
as Easy Read items."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from planner import milestones
from planner.views import coming_up, easy_read, journey, timeline, words
from planner.views.journey import STATUS_SHAPES, JourneyEvent, Status
from planner.views.pages import Request, my_record
from planner.views.pages.home import family_gaps
from planner.views.reader import Reader, cap, reader_for
from planner.views.words import DOMAIN_LABELS

__all__ = ["CHART_CONFIG", "STATUS_SHAPES", "Status", "TimelineView", "show"]
CHART_CONFIG = timeline.CHART_CONFIG


@dataclass(frozen=True)
class TimelineView:
    reader: Reader
    dob: dt.date
    today: dt.date
    events: list[JourneyEvent]  # in date order
    services_now: list[str]  # names
    services_next: list[str]
    at_18: list[str]  # sentences in the reader's words, with any gap the plan has
    gaps: list[journey.GapNotice] = ()  # where the plan leaves a gap, in words

    # What each status means, in the legend's order (a symbol and words, never colour alone).
    legend = "; ".join(f"**{journey.STATUS_SYMBOLS[s]} {s.value}**" for s in Status)

    # The chart's rows (areas of life) and its status legend, in order.
    domain_order = [DOMAIN_LABELS[d] for d in journey.CHART_DOMAINS]
    status_order = [s.value for s in Status]

    @property
    def whose(self) -> str:
        return self.reader.your

    @property
    def title(self) -> str:
        return self.reader.timeline

    @property
    def at_18_heading(self) -> str:
        return cap(self.reader.turns(18))

    def shown(self, hide_done: bool) -> list[JourneyEvent]:
        return [e for e in self.events if not (hide_done and e.status is Status.DONE)]

    @staticmethod
    def chart_rows(events: list[JourneyEvent]) -> list[dict]:
        return journey.chart_rows(events)

    def sections(self, events: list[JourneyEvent]) -> list[timeline.AgeSection]:
        """The events by age from 14; earlier ones in one folded section first."""
        return timeline.sections(events, self.dob)

    def line(self, e: JourneyEvent) -> str:
        return f"**{e.when}** ({e.status_text}, {DOMAIN_LABELS[e.domain]}): {self.reader.say(e.sentence)}"

    def easy_read_html(self) -> str:
        """Every date from today on, as Easy Read items (a window as its first and last day)."""
        items = [easy_read.point_item(p, self.reader)
                 for p in coming_up.upcoming(coming_up.points(self.events), self.today, limit=None)]
        return easy_read.to_html(items, f"{self.reader.timeline} in Easy Read")


def show(req: Request) -> TimelineView:
    user = req.require("my_timeline")
    record = my_record(req, "my timeline")
    reader = reader_for(user.role.value, user.person_id, record.person.id, record.name)
    tl = milestones.for_person(record.person, as_of=req.today)
    now_names, next_names = words.now_and_next(record.services)
    gaps = family_gaps(record, req.today)
    return TimelineView(reader=reader, dob=record.person.dob, today=req.today,
                        events=journey.events(tl, req.today, record.steps, gaps),
                        services_now=now_names, services_next=next_names,
                        at_18=[reader.say(line) for line in journey.at_18(tl, gaps)], gaps=gaps)
