"""Connections, migrations, errors and the small helpers every table module shares."""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from planner.store.schema import MIGRATIONS

DEFAULT_DB = Path("data/planner.db")
BUSY_TIMEOUT_MS = 10_000

class ConflictError(Exception):
    """Someone else saved this record after you read it; nothing was written."""

    def __init__(self, what: str, who: str, when: str):
        self.who, self.when = who, when
        super().__init__(
            f"{what} was changed by {who or 'someone'} {_when_words(when)} after you opened it. "
            "Nothing was saved: reload to see their change, then make yours again."
        )


def _when_words(when: str) -> str:
    try:
        t = dt.datetime.fromisoformat(when)
    except (TypeError, ValueError):
        return f"at {when}" if when else "at an unknown time"
    return f"at {t:%H:%M} on {t.day} {t:%B %Y}"


class NotFoundError(KeyError):
    """The record asked for does not exist."""


def now_text() -> str:
    return dt.datetime.now().isoformat(timespec="seconds")


def default_db_path() -> Path:
    """PLANNER_DB if set, else data/planner.db."""
    return Path(os.environ.get("PLANNER_DB") or DEFAULT_DB)


def open_db(path: str | Path | None = None, *, migrate_schema: bool = True,
            check_same_thread: bool = True) -> Database:
    """A connection with foreign keys on, WAL, a busy timeout and the schema up to date.

    `":memory:"` gives a fresh in-memory database (tests). One connection per thread, except
    `check_same_thread=False` for a connection that several threads use one at a time (a
    Streamlit session: each rerun may run in a new thread, but never two at once).
    """
    path = default_db_path() if path is None else path
    memory = str(path) == ":memory:"
    if not memory:
        Path(path).parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=check_same_thread)
    db = Database(conn, execute_plugins=False)
    db.execute("PRAGMA foreign_keys = ON")
    db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    if not memory and db.journal_mode != "wal":
        db.enable_wal()
    if migrate_schema:
        migrate(db)
    return db


def database_key(db: Database) -> str:
    """Which database this connection is to: its file, or this connection for one in memory
    (for caches of what was built from it)."""
    path = next((r[2] for r in db.execute("PRAGMA database_list").fetchall() if r[1] == "main"), "")
    return path or f"memory:{id(db.conn)}"


def schema_version(db: Database) -> int:
    if "schema_migrations" not in db.table_names():
        return 0
    return db.execute("SELECT coalesce(max(id), 0) FROM schema_migrations").fetchone()[0]


def _statements(sql: str) -> list[str]:
    """Split a migration into statements (a trigger's body holds semicolons of its own)."""
    out, buf = [], ""
    for part in sql.split(";"):
        buf += part + ";"
        if sqlite3.complete_statement(buf):
            if buf.strip(" \n;"):
                out.append(buf.strip())
            buf = ""
    return out


def migrate(db: Database) -> int:
    """Apply the migrations not yet applied, in order, each in its own transaction; returns the
    version. A migration is known by its name (unique), so one written on a branch applies
    whether or not another landed first; its number is its place in MIGRATIONS."""
    db.execute(
        "CREATE TABLE IF NOT EXISTS schema_migrations (id INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)"
    )
    done = {name for (name,) in db.execute("SELECT name FROM schema_migrations").fetchall()}
    for number, (name, sql) in enumerate(MIGRATIONS, start=1):
        if name in done:
            continue
        with db.atomic():
            for statement in _statements(sql):
                db.execute(statement)
            taken = db.execute("SELECT 1 FROM schema_migrations WHERE id = ?", [number]).fetchone()
            db.execute("INSERT INTO schema_migrations VALUES (?, ?, ?)",
                       [None if taken else number, name, now_text()])
    return len(MIGRATIONS)


# --- helpers ---------------------------------------------------------------------------------

def _text(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return value.isoformat(timespec="seconds")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bool):
        return int(value)
    if hasattr(value, "value"):  # an enum
        return value.value
    return value


def _row(values: Mapping[str, Any]) -> dict[str, Any]:
    return {k: _text(v) for k, v in values.items()}


def _one(db: Database, sql: str, params: Iterable[Any] = ()) -> dict | None:
    return next(iter(db.query(sql, list(params))), None)


def _versioned_update(
    db: Database, table: str, where: Mapping[str, Any], changes: Mapping[str, Any],
    expected_version: int | None, by: str, what: str, at: str | None = None,
) -> int:
    """UPDATE one versioned row if its version is still `expected_version`; the new version."""
    at = at or now_text()
    cond = " AND ".join(f'"{k}" = ?' for k in where)
    params = list(_row(where).values())
    sets = ", ".join(f'"{k}" = ?' for k in changes)
    with db.atomic():
        current = _one(db, f"SELECT version, updated_by, updated_at FROM {table} WHERE {cond}", params)
        if current is None:
            raise NotFoundError(f"{what} does not exist")
        if expected_version is not None and current["version"] != expected_version:
            raise ConflictError(what, current["updated_by"], current["updated_at"])
        sql = f"UPDATE {table} SET {sets + ', ' if sets else ''}version = version + 1, updated_by = ?, updated_at = ? WHERE {cond} AND version = ?"
        cur = db.execute(sql, [*_row(changes).values(), by, at, *params, current["version"]])
        if cur.rowcount != 1:  # another connection won the race between our read and write
            latest = _one(db, f"SELECT updated_by, updated_at FROM {table} WHERE {cond}", params) or {}
            raise ConflictError(what, latest.get("updated_by", ""), latest.get("updated_at", ""))
        return current["version"] + 1


def table_counts(db: Database) -> dict[str, int]:
    """Rows in every table."""
    return {t: db.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in db.table_names()}


def checkpoint(db: Database) -> None:
    """Write the WAL back into the database file (before copying it, or at the end of a build)."""
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def unsafe_fast_writes(db: Database) -> None:
    """Stop waiting for the disk on each commit: only for a file a crash may lose (a build into
    a temporary file that is renamed when complete)."""
    db.execute("PRAGMA synchronous = OFF")
