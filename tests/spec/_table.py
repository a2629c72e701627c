"""Spec-test helpers: a readable table of people in, the expected dates out."""

from __future__ import annotations

import datetime as dt

from planner import milestones
from planner import schoolyear as sy
from planner.models import Person


def d(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def timeline(dob: str, conventions: sy.DateConventions = sy.DEFAULT_CONVENTIONS, **circumstances):
    values = {k: d(v) if isinstance(v, str) else v for k, v in circumstances.items()}
    return milestones.for_person(Person(dob=d(dob), **values), conventions)


def when(tl, key: str) -> str:
    m = tl.by_key(key)
    if m.date is not None:
        return m.date.isoformat()
    return f"{m.start.isoformat()}..{m.end.isoformat()}"
