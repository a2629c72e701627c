"""Working days in England and Wales, for the SEND Tribunal's time limits (HESC Rules 2008 r.12).

A working day is any day except a Saturday, a Sunday, Christmas Day, Good Friday or a bank
holiday under the Banking and Financial Dealings Act 1971 s.1 (HESC r.1). The bank holidays
follow the usual pattern (New Year's Day, Good Friday, Easter Monday, the first and last
Mondays of May, the last Monday of August, Christmas Day and Boxing Day, each moved to the next
weekday when it falls at a weekend), with the one-off changes made by proclamation listed in
`_MOVED` and `_EXTRA`.
"""

from __future__ import annotations

import calendar
import datetime as dt
from functools import cache

from planner import schoolyear as sy

ONE_DAY = dt.timedelta(days=1)

# Proclamations that moved a regular holiday (regular date -> the day it was held instead).
_MOVED = {
    dt.date(2012, 5, 28): dt.date(2012, 6, 4),  # spring holiday moved for the Diamond Jubilee
    dt.date(2020, 5, 4): dt.date(2020, 5, 8),  # early May moved to VE Day
    dt.date(2022, 5, 30): dt.date(2022, 6, 2),  # spring holiday moved for the Platinum Jubilee
}
# Extra one-off bank holidays.
_EXTRA = frozenset({
    dt.date(2011, 4, 29),  # royal wedding
    dt.date(2012, 6, 5),  # Diamond Jubilee
    dt.date(2022, 6, 3),  # Platinum Jubilee
    dt.date(2022, 9, 19),  # the State Funeral of Queen Elizabeth II
    dt.date(2023, 5, 8),  # the Coronation
})


def easter_sunday(year: int) -> dt.date:
    """Easter Day in the Gregorian calendar (the anonymous Gregorian algorithm)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    ell = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * ell) // 451
    month, day = divmod(h + ell - 7 * m + 114, 31)
    return dt.date(year, month, day + 1)


def _first_monday(year: int, month: int) -> dt.date:
    first = dt.date(year, month, 1)
    return first + dt.timedelta(days=(calendar.MONDAY - first.weekday()) % 7)


@cache
def bank_holidays(year: int) -> frozenset[dt.date]:
    """The bank holidays of England and Wales in `year` (with Christmas Day and Good Friday)."""
    easter = easter_sunday(year)
    days = {easter - 2 * ONE_DAY, easter + ONE_DAY, _first_monday(year, 5),
            sy.last_weekday_of_month(year, 5, calendar.MONDAY), sy.last_weekday_of_month(year, 8, calendar.MONDAY)}
    new_year = dt.date(year, 1, 1)
    days.add(new_year + dt.timedelta(days={5: 2, 6: 1}.get(new_year.weekday(), 0)))
    christmas, boxing = dt.date(year, 12, 25), dt.date(year, 12, 26)
    days.add(christmas)  # Christmas Day is never a working day, whatever day it falls on
    if christmas.weekday() == 5:  # Saturday: substitute days on Monday 27 and Tuesday 28
        days |= {dt.date(year, 12, 27), dt.date(year, 12, 28)}
    elif christmas.weekday() == 6:  # Sunday: Boxing Day Monday, substitute Tuesday 27
        days |= {boxing, dt.date(year, 12, 27)}
    elif christmas.weekday() == 4:  # Friday: Boxing Day on Saturday, substitute Monday 28
        days.add(dt.date(year, 12, 28))
    else:
        days.add(boxing)
    days = {_MOVED.get(d, d) for d in days}
    days |= {d for d in _EXTRA if d.year == year}
    return frozenset(days)


def is_working_day(day: dt.date) -> bool:
    return day.weekday() < 5 and day not in bank_holidays(day.year)


def next_working_day(day: dt.date) -> dt.date:
    """`day` if it is a working day, else the first working day after it."""
    while not is_working_day(day):
        day += ONE_DAY
    return day


def tribunal_deadline(end: dt.date) -> dt.date:
    """The last day for an act a SEND Tribunal time limit ends on `end` (HESC r.12(2),(3)).

    In a special educational needs case a limit that ends from 25 December to 1 January moves to
    the first working day after 1 January, and one that ends in August to the first working day
    after 31 August; otherwise a limit that ends on a day that is not a working day moves to the
    next working day."""
    if (end.month == 12 and end.day >= 25) or (end.month == 1 and end.day == 1):
        year = end.year + 1 if end.month == 12 else end.year
        return next_working_day(dt.date(year, 1, 2))
    if end.month == 8:
        return next_working_day(dt.date(end.year, 9, 1))
    return next_working_day(end)
