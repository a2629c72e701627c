"""What happened: events recorded against a person."""

from __future__ import annotations

from typing import Any

from sqlite_utils import Database

from planner.store.db import _text, now_text
from planner.store.schema import EVENT_KINDS

# --- events ----------------------------------------------------------------------------------

def record_event(db: Database, person_id: str, kind: str, date: Any, by: str, *, service_id: str | None = None,
                 step_id: str | None = None, note: str = "", at: str | None = None) -> int:
    """Record what happened (kind is one of EVENT_KINDS); returns the event id."""
    if kind not in EVENT_KINDS:
        raise ValueError(f"unknown event {kind!r}; use one of {', '.join(EVENT_KINDS)}")
    with db.atomic():
        return db.table("events").insert({
            "person_id": person_id, "kind": kind, "date": _text(date), "service_id": service_id,
            "step_id": step_id, "note": note, "recorded_by": by, "recorded_at": at or now_text()}).last_pk


def events_for(db: Database, person_id: str) -> list[dict]:
    return list(db.query("SELECT * FROM events WHERE person_id = ? ORDER BY date, id", [person_id]))
