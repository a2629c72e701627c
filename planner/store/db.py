"""Connections, migrations, errors and the small helpers every table module shares.

Transactions wait, never fail at once: `db.atomic()` begins IMMEDIATE (it takes the write lock
first, waiting up to the busy timeout for another writer to finish), so a transaction never
reads and then fails to upgrade to a write. An error SQLite gives about the database itself
(still locked after the timeout, read-only, full, damaged) leaves as a `StoreError` whose
message is for people; the transaction is rolled back, so nothing is half-written.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import sqlite3
import threading
from collections.abc import Generator, Iterable, Mapping
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from planner.store.schema import MIGRATIONS

DEFAULT_DB = Path("data/planner.db")
BUSY_TIMEOUT_MS = 10_000


class StoreError(Exception):
    """A problem with the database itself (not with what was asked); the message is for people.
    Nothing was half-written."""


class BusyError(StoreError):
    """Another change held the database for longer than the busy timeout."""

    def __init__(self, detail: str = ""):
        self.detail = detail
        super().__init__("The planner is busy saving another change. Nothing was saved: try again in a moment.")


class DatabaseUnavailable(StoreError):
    """The database is missing, damaged, read-only or on a full disk."""


_BROKEN = ("The database file is damaged or is not a planner database. Nothing was changed. Ask your "
           "administrator to run `planner check` and, if it finds problems, `planner restore` from the last backup.")
_READ_ONLY = ("The database cannot be changed because its file or folder is read-only. Nothing was saved. "
              "Ask your administrator to check the file's permissions.")
_FULL = "The disk that holds the database is full. Nothing was saved. Ask your administrator to free some space."
_CANNOT_OPEN = ("The database file cannot be opened (it may have been moved, or its folder is not readable). "
                "Ask your administrator to check it.")


def translate(exc: BaseException) -> StoreError | None:
    """The StoreError for an sqlite3 error about the database itself, or None for any other error
    (a constraint, a programming mistake: those stay what they are)."""
    if isinstance(exc, StoreError):
        return exc
    if not isinstance(exc, sqlite3.Error) or isinstance(exc, sqlite3.IntegrityError | sqlite3.ProgrammingError):
        return None
    text = str(exc).lower()
    if "locked" in text or "busy" in text:
        return BusyError(str(exc))
    if "readonly" in text or "read-only" in text:
        return DatabaseUnavailable(_READ_ONLY)
    if "full" in text:
        return DatabaseUnavailable(_FULL)
    if "not a database" in text or "malformed" in text or "disk i/o" in text or "corrupt" in text:
        return DatabaseUnavailable(_BROKEN)
    if "unable to open" in text:
        return DatabaseUnavailable(_CANNOT_OPEN)
    return None


@contextlib.contextmanager
def translated() -> Generator[None, None, None]:
    """Raise the people's StoreError for an sqlite3 error about the database itself."""
    try:
        yield
    except sqlite3.Error as exc:
        mapped = translate(exc)
        if mapped is None:
            raise
        raise mapped from exc


_QUEUES: dict[str, threading.RLock] = {}  # database file -> the queue its writers in this process wait in
_QUEUES_LOCK = threading.Lock()


def _queue_for(path: str) -> threading.RLock:
    with _QUEUES_LOCK:
        return _QUEUES.setdefault(path, threading.RLock())


class Store(Database):
    """sqlite-utils' Database with transactions that take the write lock first and errors in
    words for people. Every store module gets one of these from `open_db`."""

    write_queue: threading.RLock | None = None  # set by open_db for a file: shared by its connections here

    @contextlib.contextmanager
    def atomic(self) -> Generator[Store, None, None]:
        """One transaction (a savepoint when nested). The outermost block begins IMMEDIATE, so it
        waits for the write lock (up to the busy timeout) before reading anything, and a
        concurrent writer can never make it fail half-way; on any error it is rolled back.

        Writers in this process (the app's sessions are threads) first wait their turn in one
        queue per database file, so they take turns instead of racing SQLite's busy handler,
        which polls and can leave one writer waiting while others keep winning. Writers in other
        processes still wait through the busy timeout."""
        if self.conn.in_transaction:
            with super().atomic():
                yield self
            return
        queue = self.write_queue
        if queue is not None and not queue.acquire(timeout=BUSY_TIMEOUT_MS / 1000):
            raise BusyError("waited for this process's other writers")
        try:
            with translated():
                self.conn.execute("BEGIN IMMEDIATE")
            try:
                yield self
            except BaseException as exc:
                self.rollback()
                mapped = translate(exc)
                if mapped is not None and mapped is not exc:
                    raise mapped from exc
                raise
            try:
                with translated():
                    self.conn.execute("COMMIT")
            except BaseException:
                self.rollback()
                raise
        finally:
            if queue is not None:
                queue.release()

    def execute(self, sql: str, parameters: Any = None) -> sqlite3.Cursor:
        with translated():
            return super().execute(sql, parameters)

    def query(self, sql: str, params: Any = None) -> Generator[dict, None, None]:
        with translated():
            rows = super().query(sql, params)
        return _translating(rows)

    def rollback(self) -> None:
        with contextlib.suppress(sqlite3.Error):  # the error may have ended the transaction already
            super().rollback()


def _translating(rows: Iterable[dict]) -> Generator[dict, None, None]:
    with translated():
        yield from rows


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
            check_same_thread: bool = True, create: bool = True) -> Store:
    """A connection with foreign keys on, WAL, a busy timeout, secure delete and the schema up to
    date.

    `":memory:"` gives a fresh in-memory database (tests). One connection per thread, except
    `check_same_thread=False` for a connection that several threads use one at a time (a
    Streamlit session: each rerun may run in a new thread, but never two at once).
    With `create=False` a missing file is refused (DatabaseUnavailable) rather than made: a
    mistyped path must not quietly become a new, empty database. A file that is an SQLite
    database of something else is refused too, never filled with the planner's tables.
    """
    path = default_db_path() if path is None else path
    memory = str(path) == ":memory:"
    if not memory:
        if not Path(path).exists():
            if not create:
                raise DatabaseUnavailable(
                    f"There is no database at {path}. Check the path (--db or PLANNER_DB); "
                    "`planner demo` builds the demo area and `planner import --create` starts a new one.")
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        elif Path(path).is_dir():
            raise DatabaseUnavailable(f"{path} is a folder, not a database file.")
    with translated():
        conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=check_same_thread)
    try:
        db = Store(conn, execute_plugins=False)
        if not memory:
            db.write_queue = _queue_for(str(Path(path).resolve()))
        db.execute("PRAGMA foreign_keys = ON")
        db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        db.execute("PRAGMA secure_delete = ON")  # erased records are overwritten, not left in free pages
        tables = set(db.table_names())
        if tables and "schema_migrations" not in tables:
            raise DatabaseUnavailable(f"{path} is an SQLite database, but not a planner database. Check the path.")
        if not memory and db.journal_mode != "wal":
            db.enable_wal()
        if migrate_schema:
            migrate(db)
    except BaseException:
        conn.close()
        raise
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
            # Another process may have applied it while this one waited for the write lock.
            if db.execute("SELECT 1 FROM schema_migrations WHERE name = ?", [name]).fetchone():
                continue
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


def checkpoint(db: Database, wait: bool = True) -> None:
    """Write the WAL back into the database file (before copying it, or at the end of a build).
    With `wait=False` only what no reader still needs, without waiting (after an erasure, so the
    erased rows' old pages leave the WAL as soon as they can)."""
    db.execute(f"PRAGMA wal_checkpoint({'TRUNCATE' if wait else 'PASSIVE'})")


def unsafe_fast_writes(db: Database) -> None:
    """Stop waiting for the disk on each commit: only for a file a crash may lose (a build into
    a temporary file that is renamed when complete)."""
    db.execute("PRAGMA synchronous = OFF")
