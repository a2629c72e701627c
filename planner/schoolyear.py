"""English school-year and age arithmetic.

Every date a family or worker acts on is built from these few functions, so each one follows a
rule of `rules.md` section 0 (CAL-1 to CAL-6) and is checked by spec and property tests.

Conventions (all configurable through `DateConventions`):

- a school year runs 1 September to 31 August (CAL-1);
- a person attains an age at the start of the birthday; a 29 February birthday falls on
  1 March in a common year (CAL-3, default) or on 28 February;
- compulsory school age ends on the last Friday of June of the school year of the 16th
  birthday (CAL-4, the model rule); the statute differs for 16th birthdays between 1 September
  and the start of the autumn term, which is flagged, not silently chosen;
- the reg 46 academic year for an EHC plan at 25 runs 1 August to 31 July (CAL-5).
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

Date = dt.date
ONE_DAY = dt.timedelta(days=1)


class LeapDayRule(StrEnum):
    """Which day a 29 February birthday falls on in a common year (CAL-3)."""

    MARCH_1 = "1-march"
    FEBRUARY_28 = "28-february"


class July31Rule(StrEnum):
    """How to read "the 31 July after you turn 25" for a 25th birthday on 31 July (CAL-5)."""

    SAME_DAY = "same-day"  # the first 31 July on or after the 25th birthday: the birthday itself
    NEXT_YEAR = "next-year"  # the 31 July of the following year


class CsaRule(StrEnum):
    """Which reading of the end of compulsory school age to use (CAL-4)."""

    MODEL = "model"  # last Friday of June of the school year (1 Sep - 31 Aug) of the 16th birthday
    STATUTE = "statute"  # Education Act 1996 s.8(3), with the school year starting at the autumn term


@dataclass(frozen=True)
class DateConventions:
    """The choices where the law is unclear or practice differs, with safe defaults."""

    leap_day: LeapDayRule = LeapDayRule.MARCH_1
    july31: July31Rule = July31Rule.SAME_DAY
    csa_rule: CsaRule = CsaRule.MODEL
    # The day of September on which the school's autumn term starts. Statute (s.8(3)(a)) and the
    # model disagree for 16th birthdays from 1 September up to the day before this.
    autumn_term_starts_day: int = 8

    def __post_init__(self) -> None:
        if not 1 <= self.autumn_term_starts_day <= 30:
            raise ValueError("the autumn term must start between 1 and 30 September")


DEFAULT_CONVENTIONS = DateConventions()


@dataclass(frozen=True)
class Window:
    """A closed range of days, first to last inclusive."""

    start: Date
    end: Date

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError(f"window ends ({self.end}) before it starts ({self.start})")

    def __contains__(self, day: object) -> bool:
        return isinstance(day, dt.date) and self.start <= day <= self.end


def school_year_start_year(day: Date) -> int:
    """The calendar year in which the school year containing `day` began (CAL-1)."""
    return day.year if day.month >= 9 else day.year - 1


def school_year(day: Date) -> Window:
    """The school year (1 September to 31 August) that contains `day` (CAL-1)."""
    y = school_year_start_year(day)
    return Window(dt.date(y, 9, 1), dt.date(y + 1, 8, 31))


def anniversary(dob: Date, years: int, leap_day: LeapDayRule = LeapDayRule.MARCH_1) -> Date:
    """The day on which a person born on `dob` attains the age `years` (CAL-3)."""
    year = dob.year + years
    if dob.month == 2 and dob.day == 29 and not calendar.isleap(year):
        if leap_day is LeapDayRule.MARCH_1:
            return dt.date(year, 3, 1)
        return dt.date(year, 2, 28)
    return dob.replace(year=year)


def age_on(dob: Date, day: Date, leap_day: LeapDayRule = LeapDayRule.MARCH_1) -> int:
    """Age in whole years on `day`: a birthday counts from its first moment (CAL-3)."""
    if day < dob:
        raise ValueError(f"{day} is before the date of birth {dob}")
    years = day.year - dob.year
    if anniversary(dob, years, leap_day) > day:
        years -= 1
    return years


def year_group(dob: Date, day: Date) -> int:
    """The national curriculum year group on `day`: Year N is the school year of turning N+5.

    Returns values below 1 for Reception and earlier, and above 13 past school age, so the
    caller decides what those mean.
    """
    return school_year_start_year(day) - school_year_start_year_of_birthday(dob, 5)


def school_year_start_year_of_birthday(dob: Date, years: int) -> int:
    """The start year of the school year in which the person turns `years`.

    The leap-day convention never matters here: 28 February and 1 March share a school year.
    """
    return school_year_start_year(anniversary(dob, years))


def school_year_of_birthday(dob: Date, years: int) -> Window:
    """The school year (1 Sep to 31 Aug) in which the person turns `years`."""
    return school_year(anniversary(dob, years))


def last_weekday_of_month(year: int, month: int, weekday: int) -> Date:
    """The last given weekday (Monday is 0) of a month."""
    last = dt.date(year, month, calendar.monthrange(year, month)[1])
    return last - dt.timedelta(days=(last.weekday() - weekday) % 7)


def last_friday_of_june(year: int) -> Date:
    """The school leaving date of a calendar year: the last Friday in June (CAL-4)."""
    return last_weekday_of_month(year, 6, calendar.FRIDAY)


def class_year(dob: Date, year: int, offset: int = 0) -> Window:
    """The school year in which the person's class is in Year `year` (CAL-1, E-19).

    By age, Year N is the school year of turning N+5. A child taught out of their year group
    (`offset` -1: one year below) is in Year N a year later. Reg 2(1) defines "year 9" by the
    class ("the year ... in which the majority of pupils in the class attain the age of 14"),
    so Year 9, Year 11 and the move after school follow the class; compulsory school age (by
    age, Education Act 1996 s.8) does not."""
    start = school_year_start_year_of_birthday(dob, year + 5) - offset
    return Window(dt.date(start, 9, 1), dt.date(start + 1, 8, 31))


def year9(dob: Date, offset: int = 0) -> Window:
    """Year 9: the school year in which the child turns 14, or their class's Year 9 (CAL-2, E-19)."""
    return class_year(dob, 9, offset)


def year11_end(dob: Date, offset: int = 0) -> Date:
    """The school leaving date at the end of the class's Year 11: the last Friday of June."""
    return last_friday_of_june(class_year(dob, 11, offset).end.year)


def csa_end_model(dob: Date) -> Date:
    """End of compulsory school age by the model rule (CAL-4).

    The last Friday of June of the school year (1 September to 31 August) in which the child
    turns 16.
    """
    return last_friday_of_june(school_year_of_birthday(dob, 16).end.year)


def csa_end_statute(dob: Date, conventions: DateConventions = DEFAULT_CONVENTIONS) -> Date:
    """End of compulsory school age by Education Act 1996 s.8(3) (CAL-4).

    The child ceases to be of compulsory school age at the end of a school leaving date (last
    Friday of June) when: (a) they turn 16 after it but before the next school year begins (the
    autumn term, here `autumn_term_starts_day` September), (b) they turn 16 on it, or (c) it is
    the next leaving date after they turn 16.
    """
    b16 = anniversary(dob, 16, conventions.leap_day)
    same_year_leaving = last_friday_of_june(b16.year)
    term_starts = dt.date(b16.year, 9, conventions.autumn_term_starts_day)
    if same_year_leaving <= b16 < term_starts:
        return same_year_leaving  # (a) or (b)
    if b16 < same_year_leaving:
        return same_year_leaving  # (c): the next leaving date after the birthday
    return last_friday_of_june(b16.year + 1)  # (c), birthday from the autumn term onwards


def csa_statutory_edge(dob: Date, conventions: DateConventions = DEFAULT_CONVENTIONS) -> bool:
    """True when the model rule and the statute may give different ends of CSA (CAL-4).

    That is a 16th birthday from 1 September up to the day before the autumn term starts.
    """
    return csa_end_model(dob) != csa_end_statute(dob, conventions)


def csa_end(dob: Date, conventions: DateConventions = DEFAULT_CONVENTIONS) -> Date:
    """The last day of compulsory school age under the chosen reading (CAL-4)."""
    if conventions.csa_rule is CsaRule.STATUTE:
        return csa_end_statute(dob, conventions)
    return csa_end_model(dob)


def post16_transfer(dob: Date, conventions: DateConventions = DEFAULT_CONVENTIONS, offset: int = 0) -> Date:
    """Assumed move to post-16 education: 1 September after the class's Year 11 (E-5, E-19).

    Not the September after compulsory school age ends: under s.8(3)(a) a 1-7 September
    birthday can end CSA at the end of Year 10, while the child is still in school."""
    del conventions  # the move follows the class, whatever the reading of CSA
    return dt.date(class_year(dob, 11, offset).end.year, 9, 1)


def phase_transfer_deadline(dob: Date, conventions: DateConventions = DEFAULT_CONVENTIONS, offset: int = 0) -> Date:
    """31 March of the calendar year of the post-16 transfer (reg 18(1)(a), E-5): "before"
    31 March, so the last compliant day on the strict reading is 30 March."""
    return dt.date(post16_transfer(dob, conventions, offset).year, 3, 31)


def fe_academic_year_end_at_25(
    dob: Date, conventions: DateConventions = DEFAULT_CONVENTIONS
) -> Date:
    """End of the reg 46 academic year (1 August to 31 July) in which the person turns 25.

    CAL-5: `31 Jul (b25.year if b25.month <= 7 else b25.year + 1)`, with a 31 July birthday read
    as the same day or the next year by `conventions.july31`. Never the September school year:
    that would end before a 1 August birthday.
    """
    b25 = anniversary(dob, 25, conventions.leap_day)
    end = dt.date(b25.year if b25.month <= 7 else b25.year + 1, 7, 31)
    if end == b25 and conventions.july31 is July31Rule.NEXT_YEAR:
        end = dt.date(b25.year + 1, 7, 31)
    # Never beyond the outer cap (E-9): a plan cannot run past the day before the 26th birthday.
    return min(end, day_before_birthday(dob, 26, conventions))


def day_before_birthday(dob: Date, years: int, conventions: DateConventions = DEFAULT_CONVENTIONS) -> Date:
    """The last day before the person turns `years` (the outer cap at 26, E-9)."""
    return anniversary(dob, years, conventions.leap_day) - ONE_DAY


def add_months(day: Date, months: int) -> Date:
    """The same day of the month `months` later (or earlier), clamped to the month's last day.

    31 August + 6 months is 28 (or 29) February: a deadline never skips past a short month.
    """
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    month += 1
    last = calendar.monthrange(year, month)[1]
    return dt.date(year, month, min(day.day, last))


def period_end(start: Date, months: int = 12) -> Date:
    """The last day of "the period of N months starting with" `start` (C2; CFA 2014 s.44(1)).

    The period includes `start` and ends the day before its corresponding date N months on. A
    month without that day (29 February, 31st) has no corresponding date, so the period runs to
    the end of that month: a period starting 29 February 2024 ends on 28 February 2025, one
    starting 1 March 2023 on 29 February 2024. (The strict reading, flagged by the rules, clamps
    the corresponding date to the month's last day and so ends a day earlier.)"""
    index = start.year * 12 + (start.month - 1) + months
    year, month = divmod(index, 12)
    month += 1
    last = calendar.monthrange(year, month)[1]
    if start.day > last:  # no corresponding day: the period covers the whole of that month
        return dt.date(year, month, last)
    return dt.date(year, month, start.day) - ONE_DAY


def period_end_strict(start: Date, months: int = 12) -> Date:
    """The stricter reading of `period_end`: the corresponding date clamped to the month's last
    day, then the day before (29 February 2024 -> 27 February 2025)."""
    return add_months(start, months) - ONE_DAY


def ordinal(n: int) -> str:
    """1st, 2nd, 3rd, 4th, 11th, 12th, 13th, 21st, 22nd, 23rd, 25th."""
    suffix = "th" if 11 <= n % 100 <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def monday_on_or_before(day: Date) -> Date:
    """The Monday of the week containing `day` (weeks of the scheduler start on Mondays)."""
    return day - dt.timedelta(days=day.weekday())
