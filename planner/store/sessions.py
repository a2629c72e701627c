"""Sign-in sessions that survive a page refresh or a new tab, and the app's own secrets.

A session is known by the SHA-256 hash of its random id (the browser holds the id in a signed
token; planner.access.sessions makes and checks it), so a copy of the database does not hold a
usable token. Signing out ends every session of that user.
"""

from __future__ import annotations

import secrets

from sqlite_utils import Database

from planner.store.db import _one, now_text


def app_secret(db: Database, name: str, nbytes: int = 32) -> str:
    """The app's secret called `name`, made (random, hex) the first time it is asked for."""
    with db.atomic():
        row = _one(db, "SELECT value FROM app_secrets WHERE name = ?", [name])
        if row:
            return row["value"]
        value = secrets.token_hex(nbytes)
        db.execute("INSERT INTO app_secrets VALUES (?, ?)", [name, value])
        return value


def create_session(db: Database, id_hash: str, username: str, at: str | None = None) -> None:
    at = at or now_text()
    with db.atomic():
        db.execute("INSERT INTO sessions (id_hash, username, created_at, last_seen) VALUES (?, ?, ?, ?)",
                   [id_hash, username, at, at])


def get_session(db: Database, id_hash: str) -> dict | None:
    return _one(db, "SELECT * FROM sessions WHERE id_hash = ?", [id_hash])


def touch_session(db: Database, id_hash: str, at: str | None = None) -> None:
    """Record activity on a live session (its idle clock starts again)."""
    with db.atomic():
        db.execute("UPDATE sessions SET last_seen = ? WHERE id_hash = ? AND ended_at IS NULL", [at or now_text(), id_hash])


def end_session(db: Database, id_hash: str, why: str, at: str | None = None) -> None:
    with db.atomic():
        db.execute("UPDATE sessions SET ended_at = ?, ended_why = ? WHERE id_hash = ? AND ended_at IS NULL",
                   [at or now_text(), why, id_hash])


def end_sessions_for(db: Database, username: str, why: str, at: str | None = None) -> int:
    """End every live session of a user (signing out ends it everywhere); how many were live."""
    with db.atomic():
        return db.execute("UPDATE sessions SET ended_at = ?, ended_why = ? WHERE username = ? AND ended_at IS NULL",
                          [at or now_text(), why, username]).rowcount
