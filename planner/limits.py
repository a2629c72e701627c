"""What a sensible value is, for everything that enters the record from outside (an imported
file, a form, the command line): dates a young person aged 0 to 26 can have, team capacities,
text. Each check returns a sentence saying what is wrong and what to do, or None.

These sit beside the record's own rules (planner.models.PersonRecord: which facts fit
together, lengths); a value that passes both can be planned with. Without them a date of birth
of 9999-12-31 or a capacity of `inf` was accepted and then broke the scheduler for the whole
area (issue 17).
"""

from __future__ import annotations

import datetime as dt
import math
import unicodedata
from typing import Any

from planner.models import DATE_FIELDS, HAPPENED_FIELDS, Person, happened_problems
from planner.schoolyear import anniversary

MAX_AGE = 26  # the planner follows young people to their 26th birthday (EHC plans end at 25)
SERVICE_AGE = 30  # no service date after a person's 30th birthday is planned with
MAX_PER_WEEK = 10_000.0  # far above any team's real capacity (actions a week)
EARLIEST_CAPACITY = dt.date(2000, 1, 1)
CAPACITY_YEARS_AHEAD = 10
MAX_CELL = 1_000  # characters in any imported text cell
# Invisible characters that reorder text (Trojan Source, CVE-2021-42574): refused like control characters.
BIDI = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f")


def _long(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


def dob_problem(dob: dt.date, today: dt.date) -> str | None:
    """A date of birth of someone aged 0 to 26 today."""
    if dob > today:
        return f"{dob.isoformat()} is in the future; a date of birth must be on or before today ({today.isoformat()})"
    if anniversary(dob, MAX_AGE + 1) <= today:
        return (f"{dob.isoformat()} makes the person {MAX_AGE + 1} or older; the planner is for young people "
                f"aged up to {MAX_AGE} (check the date, or leave the person out)")
    return None


def person_date_problems(person: Person, today: dt.date) -> dict[str, str]:
    """Field -> problem for a person's own dates: what has happened cannot be after today
    (planner.models.happened_problems), and a planned date (a post-16 move, a school transfer)
    must fall before the 26th birthday. (That none is before the date of birth is the record's
    own rule.)"""
    out = dict(happened_problems(person, today))
    last = anniversary(person.dob, MAX_AGE)
    for name in DATE_FIELDS:
        day = getattr(person, name)
        if name not in HAPPENED_FIELDS and day is not None and day > last:
            out[name] = f"{day.isoformat()} is after the person's {MAX_AGE}th birthday ({last.isoformat()})"
    return out


def service_date_problem(day: dt.date, dob: dt.date) -> str | None:
    """A date in a service: between the person's birth and their 30th birthday."""
    if day < dob:
        return f"{day.isoformat()} is before the person's date of birth ({dob.isoformat()})"
    last = anniversary(dob, SERVICE_AGE)
    if day > last:
        return f"{day.isoformat()} is after the person's {SERVICE_AGE}th birthday ({last.isoformat()}); check the year"
    return None


def capacity_date_problem(day: dt.date, today: dt.date) -> str | None:
    last = anniversary(today, CAPACITY_YEARS_AHEAD)
    if not EARLIEST_CAPACITY <= day <= last:
        return (f"{day.isoformat()} is not between {_long(EARLIEST_CAPACITY)} and {_long(last)} "
                f"({CAPACITY_YEARS_AHEAD} years from today); check the year")
    return None


def number(text: str) -> float | None:
    """A finite number from text, or None (`inf`, `nan`, `1e400` and words are not numbers here)."""
    try:
        value = float(text)
    except (TypeError, ValueError, OverflowError):
        return None
    return value if math.isfinite(value) else None


def capacity_problem(per_week: Any) -> str | None:
    """A capacity a week: a finite number from 0 to MAX_PER_WEEK."""
    if isinstance(per_week, bool) or not isinstance(per_week, int | float) or not math.isfinite(per_week):
        return f"{per_week!r} is not a number; give a whole or decimal number such as 4 or 2.5"
    if per_week < 0:
        return f"{per_week:g} is less than 0; a capacity is 0 (the team is closed) or more"
    if per_week > MAX_PER_WEEK:
        return f"{per_week:g} a week is more than {MAX_PER_WEEK:,.0f}; check the number and its unit (week, month, year)"
    return None


def text_problem(text: str, max_length: int = MAX_CELL) -> str | None:
    """No control or text-reordering characters, and no longer than `max_length`."""
    for i, ch in enumerate(text):
        if ch in BIDI or unicodedata.category(ch) == "Cc":
            return (f"has an invisible control character (U+{ord(ch):04X}) at character {i + 1}; "
                    "delete it (retype the text) and save the file again")
    if len(text) > max_length:
        return f"is {len(text):,} characters long; the most is {max_length:,}"
    return None
