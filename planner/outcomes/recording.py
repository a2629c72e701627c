"""Recording outcomes: a worker's record (with its source) or the young person's check-in, and
reading a person's outcome history back."""

from __future__ import annotations

import datetime as dt

from planner import store
from planner.outcomes.checkin import CheckIn, to_record
from planner.outcomes.record import OutcomeRecord


def record_outcome(db, record: OutcomeRecord, by: str, today: dt.date | None = None) -> int:
    """Store a worker's outcome record; its id. Refused (ValueError, in words for the page) when
    the person does not exist, or the date is in the future or before they were born."""
    today = today or dt.date.today()
    person = store.get_person(db, record.person_id)
    if person is None:
        raise ValueError("There is no such young person on the record.")
    if record.observed_on > today:
        raise ValueError("An outcome is what has happened: its date cannot be in the future.")
    if record.observed_on < dt.date.fromisoformat(person["dob"]):
        raise ValueError("The date is before the young person was born.")
    row = record.model_dump(exclude={"id"})
    row["recorded_by"] = by
    row["recorded_at"] = store.now_text()
    return store.save_outcome_record(db, row)


def check_in(db, answers: CheckIn, by: str, today: dt.date | None = None) -> int:
    """Store the young person's check-in as an outcome record; its id."""
    return record_outcome(db, to_record(answers, by), by, today)


def history(db, person_id: str) -> list[OutcomeRecord]:
    """A person's outcome records, oldest first."""
    return [OutcomeRecord.model_validate(r) for r in store.outcome_records_for(db, person_id)]
