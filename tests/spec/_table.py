"""Spec-test helpers: a readable table of people in, the expected dates out."""

from __future__ import annotations

import datetime as dt

from planner import milestones
from planner import schoolyear as sy
from planner.models import DATE_FIELDS, Person


def d(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def timeline(dob: str, conventions: sy.DateConventions = sy.DEFAULT_CONVENTIONS, as_of: dt.date | None = None,
             **circumstances):
    values = {k: d(v) if k in DATE_FIELDS and isinstance(v, str) else v for k, v in circumstances.items()}
    return milestones.for_person(Person(dob=d(dob), **values), conventions, as_of=as_of)


def when(tl, key: str) -> str:
    m = tl.by_key(key)
    if m.date is not None:
        return m.date.isoformat()
    return f"{m.start.isoformat()}..{m.end.isoformat()}"


def rows_of(table: str) -> list[tuple[str, ...]]:
    """The rows of a table written as lines of cells split by '|'."""
    return [tuple(c.strip() for c in line.split("|")) for line in table.strip().splitlines()]
