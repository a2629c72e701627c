"""Real dates, not windows: what comes up next, for Home, the calendar file and the printed plan.

A timeline event is a single day ("You turn 18 on 1 March 2028") or a window ("From 1 March 2026
to 28 February 2035 you can do a supported internship"). A window of several years is not an
event anyone can put in a diary, so here every window becomes two dated points: the day it opens
and the day it closes. Home shows the next three points; the calendar has one all-day entry per
point.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from enum import StrEnum

from pydantic import BaseModel, ConfigDict

from planner.views.journey import JourneyEvent
from planner.views.reader import Reader
from planner.views.words import long_date


class Edge(StrEnum):
    ON = "on"  # a single day
    OPENS = "opens"  # the first day of a window
    CLOSES = "closes"  # the last day of a window (a deadline, for a step)


class Point(BaseModel):
    """One dated thing to put in a diary."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    day: dt.date
    edge: Edge
    event: JourneyEvent

    @property
    def key(self) -> str:
        return self.event.key if self.edge is Edge.ON else f"{self.event.key}-{self.edge.value}"

    @property
    def deadline(self) -> bool:
        """A day something must be done by: a window's close, or a single-day deadline."""
        return self.edge is Edge.CLOSES or (self.edge is Edge.ON and self.event.kind == "step")

    @property
    def reminder(self) -> bool:
        """Remind a week before: a statutory deadline (an Act or regulation sets it)."""
        return self.event.statutory and self.edge is not Edge.OPENS

    def summary(self, reader: Reader | None = None) -> str:
        """A short title for a calendar entry or a list."""
        title = plain_title(self.event.title)
        title = reader.say(title) if reader else title
        return {Edge.ON: title, Edge.OPENS: f"Starts: {title}", Edge.CLOSES: f"Last day: {title}"}[self.edge]

    def what(self, reader: Reader | None = None) -> str:
        """What happens, for a list whose headings are the dates: the rule's own short sentence for
        a single day, else the title ("Starts: ...", "Last day: ...")."""
        if self.edge is Edge.ON and self.event.kind == "milestone":
            first = first_sentence(reader.say(self.event.sentence) if reader else self.event.sentence)
            if word_count(first) <= 15:
                return first
        return self.summary(reader).rstrip(".") + "."

    def sentence(self, reader: Reader | None = None) -> str:
        """One short sentence with the date in words ("By 1 September 2027: CAMHS plan agreed.")."""
        say = reader.say if reader else (lambda t: t)
        if self.edge is Edge.ON and self.event.kind == "milestone":
            first = first_sentence(say(self.event.sentence))
            if long_date(self.day) in first and word_count(first) <= 15:
                return first
        title = say(plain_title(self.event.title))
        lead = {Edge.ON: "On", Edge.OPENS: "From", Edge.CLOSES: "By"}[self.edge]
        if self.event.kind == "step" and self.edge is Edge.ON:
            lead = "By"
        return f"{lead} {long_date(self.day)}: {title}."


def plain_title(title: str) -> str:
    """A title without its bracketed asides ("CAMHS usually ends (18th birthday)" -> "CAMHS usually ends")."""
    return re.sub(r"\s*\([^)]*\)", "", title).strip().rstrip(".")


def first_sentence(text: str) -> str:
    return re.split(r"(?<=[.!?])\s+", text.strip(), maxsplit=1)[0]


def word_count(sentence: str) -> int:
    return len(re.findall(r"[\w'£%-]+", sentence))


def points(events: Iterable[JourneyEvent]) -> list[Point]:
    """Every event as dated points (a window as its first and last day), in date order."""
    found: list[Point] = []
    for e in events:
        if e.end is None or e.end == e.start:
            found.append(Point(day=e.start, edge=Edge.ON, event=e))
        else:
            found.append(Point(day=e.start, edge=Edge.OPENS, event=e))
            found.append(Point(day=e.end, edge=Edge.CLOSES, event=e))
    found.sort(key=lambda p: (p.day, p.event.kind != "step", p.key))
    return found


def upcoming(items: Iterable[Point], today: dt.date, limit: int | None = 3) -> list[Point]:
    """The next points from today on (none in the past), soonest first."""
    ahead = [p for p in items if p.day >= today]
    return ahead if limit is None else ahead[:limit]
