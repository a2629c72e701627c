"""Weeks and dates: the scheduler counts integer weeks from the Monday of the as-of week.

A step starting in week `s` starts on the Monday `start + 7s` days; lasting `d` weeks it ends on
the Sunday before `start + 7(s + d)`. A date "by" which something must happen (a deadline, the
last day of a children's service) is the week boundary `b` with `start + 7b - 1 <= date`.
"""

from __future__ import annotations

import datetime as dt
import math


def monday_of(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def week_from(start: dt.date, day: dt.date) -> int:
    """The first week starting on or after `day` (never before week 0)."""
    return max(0, math.ceil((day - start).days / 7))


def boundary_by(start: dt.date, day: dt.date) -> int:
    """The last week boundary whose previous day is on or before `day` (a deadline)."""
    return math.floor(((day - start).days + 1) / 7)


def start_date(start: dt.date, week: int) -> dt.date:
    return start + dt.timedelta(weeks=week)


def end_date(start: dt.date, week: int, duration: int) -> dt.date:
    """The last day (a Sunday) of a step that starts in `week` and lasts `duration` weeks."""
    return start + dt.timedelta(weeks=week + duration, days=-1)
