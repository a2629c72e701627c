"""Which leaving-care status the law gives a person, and from when (Children Act 1989 Sch 2 para
19B, s.23A, s.23C, s.24; CPPCR 2010 regs 40 and 48; law-issue11.md section 4).

- *Eligible child*: 16 or 17, looked after now, looked after for 13 weeks in all in periods
  that began after the 14th birthday and ended after the 16th, and not looked after only
  through a series of short breaks (reg 40(2), reg 48).
- *Relevant child*: 16 or 17, no longer looked after, an eligible child before leaving.
- *Former relevant child*: 18 or over, and either a relevant child before, or looked after on
  the 18th birthday and an eligible child immediately before.
- *Qualifying care leaver*: under 21, looked after at some time after 16 while a child, but
  none of the above (care that began too late, or ended too soon, to be eligible).

The record holds one period of care: `looked_after_since` to `left_care` (the last day looked
after), or still looked after. Earlier periods are not recorded, so a child with earlier care
after 14 may be eligible sooner than this works out; the milestones say so.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from planner.models import Person

THIRTEEN_WEEKS = dt.timedelta(days=91)


class CareStatus(StrEnum):
    NOT_YET_ELIGIBLE = "looked after, not yet an eligible child"
    ELIGIBLE = "eligible child"
    RELEVANT = "relevant child"
    FORMER_RELEVANT = "former relevant child"
    QUALIFYING = "qualifying care leaver"
    NONE = "no leaving-care status"


@dataclass(frozen=True)
class CareHistory:
    """What the record says about a person's care, worked out once."""

    since: dt.date | None  # first day of the recorded period of care
    last_day: dt.date | None  # last day looked after (None: still looked after, or not known)
    eligible_from: dt.date | None  # first day as an eligible child (None: never)
    looked_after_at_18: bool
    estimated: bool  # the record lacks the dates: the usual case is assumed

    def status_on(self, day: dt.date, b16: dt.date, b18: dt.date, b21: dt.date) -> CareStatus:
        looked_after = self.since is not None and self.since <= day and (self.last_day is None or day <= self.last_day)
        if day < b18:
            if looked_after:
                return CareStatus.ELIGIBLE if self.eligible_from and day >= self.eligible_from else CareStatus.NOT_YET_ELIGIBLE
            if self.eligible_from and self.last_day and self.eligible_from <= self.last_day < day:
                return CareStatus.RELEVANT
        elif self.eligible_from and (self.looked_after_at_18 or (self.last_day and self.eligible_from <= self.last_day)):
            return CareStatus.FORMER_RELEVANT
        if day < b21 and self.since is not None and (self.last_day is None or self.last_day >= b16) and day >= b16:
            if not looked_after or day >= b18:
                return CareStatus.QUALIFYING
        return CareStatus.NONE


def care_history(person: Person, b14: dt.date, b16: dt.date, b18: dt.date) -> CareHistory | None:
    """The person's care history from the record, or None when they were never in care."""
    if not (person.looked_after or person.care_leaver or person.left_care):
        return None
    since, estimated = person.looked_after_since, False
    last_day = None if person.looked_after else person.left_care
    if since is None:
        # No dates: the usual case, a child in care well before 16 (or a care leaver who left at 18).
        since, estimated = b14, True
        if not person.looked_after and last_day is None:
            last_day = b18 - dt.timedelta(days=1)
    if person.looked_after:
        last_day_in_care = b18 - dt.timedelta(days=1)  # care as a child ends at 18 at the latest
    else:
        last_day_in_care = last_day or b18 - dt.timedelta(days=1)
        if person.left_care is None and not estimated:
            estimated = True  # a care leaver with no end date: assume care lasted to 18
            last_day = last_day_in_care
    counted_from = max(since, b14)
    thirteen = counted_from + THIRTEEN_WEEKS  # the day after the 91st day in care since 14
    eligible_from = max(b16, thirteen)
    if person.short_breaks_only or eligible_from > last_day_in_care:
        eligible_from = None
    at_18 = person.looked_after or (last_day is not None and last_day >= b18 - dt.timedelta(days=1))
    return CareHistory(since=since, last_day=last_day, eligible_from=eligible_from, looked_after_at_18=at_18,
                       estimated=estimated)
