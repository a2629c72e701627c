"""Keeping the database safe: a backup while the app runs (SQLite's online backup), a restore
that checks the copy first, and a check of the file's integrity and its foreign keys."""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
from pathlib import Path

from sqlite_utils import Database

from planner.store.db import DatabaseUnavailable, Store, open_db, schema_version, translated
from planner.store.schema import MIGRATIONS

PAGES_PER_STEP = 1024  # copy 4 MB at a time, letting the app write in between


def check(db: Database) -> list[str]:
    """Problems with the database, in words (empty when it is sound): SQLite's integrity check,
    rows whose foreign key points nowhere, and a schema newer than this planner."""
    with translated():
        problems = [row[0] for row in db.execute("PRAGMA integrity_check").fetchall() if row[0] != "ok"]
        for table, rowid, parent, _ in db.execute("PRAGMA foreign_key_check").fetchall():
            problems.append(f"{table} row {rowid} points to a {parent} row that does not exist")
    applied = schema_version(db)
    if applied > len(MIGRATIONS):
        problems.append(f"the database has {applied} schema migrations but this planner knows {len(MIGRATIONS)}: "
                        "use a newer planner")
    return problems


def open_read_only(path: str | Path) -> Store:
    """A connection that cannot change the file (for checking a database or a backup)."""
    path = Path(path)
    if not path.is_file():
        raise DatabaseUnavailable(f"There is no database at {path}. Check the path (--db or PLANNER_DB).")
    with translated():
        conn = sqlite3.connect(f"file:{path.resolve()}?mode=ro", uri=True)
    db = Store(conn, execute_plugins=False)
    if "schema_migrations" not in db.table_names():
        db.close()
        raise DatabaseUnavailable(f"{path} is not a planner database. Check the path.")
    return db


def _remove(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def _copy(source: Database, target_path: Path) -> None:
    """The whole database into a new file beside `target_path`, checked, then renamed into place,
    so a crash or a full disk never leaves half a copy under the target's name. The copy is one
    self-contained file (no write-ahead log beside it), ready to be moved or archived."""
    partial = Path(f"{target_path}.partial")
    _remove(partial)
    target = sqlite3.connect(str(partial))
    try:
        with translated():
            source.conn.backup(target, pages=PAGES_PER_STEP)
            target.execute("PRAGMA journal_mode = DELETE")
        target.close()
        copy = open_read_only(partial)
        try:
            problems = check(copy)
        finally:
            copy.close()
        if problems:
            raise DatabaseUnavailable(f"the copy failed its check ({problems[0]}); nothing was replaced")
        os.replace(partial, target_path)
    except BaseException:
        target.close()
        raise
    finally:
        _remove(partial)


def backup(db: Database, target: str | Path) -> dict:
    """Copy the open database to `target` (a new file) with SQLite's online backup, which is safe
    while the app is in use; the copy is checked before it gets its name. Returns its size."""
    target = Path(target)
    if target.exists():
        raise DatabaseUnavailable(f"{target} already exists; choose a new file name for the backup")
    if not target.parent.is_dir():
        raise DatabaseUnavailable(f"there is no folder {target.parent} to put the backup in")
    _copy(db, target)
    return {"file": str(target), "bytes": target.stat().st_size}


def restore(source: str | Path, target: str | Path) -> dict:
    """Replace the database at `target` with the backup at `source`, after checking the backup
    (integrity, foreign keys, a planner database). The database being replaced is kept first as
    `<target>.before-restore-<time>`. The restore runs through SQLite's backup API into the live
    file, so the app's connections see the restored data, never a half-copied file. Returns the
    name of the copy kept and the schema version after migrating the restored data."""
    source, target = Path(source), Path(target)
    if not source.is_file():
        raise DatabaseUnavailable(f"there is no backup file {source}")
    backup_db = open_read_only(source)
    try:
        problems = check(backup_db)
        if problems:
            raise DatabaseUnavailable(f"the backup {source} failed its check ({problems[0]}); nothing was restored")
        kept = None
        if target.exists():
            live = open_db(target, migrate_schema=False, create=False)
            try:
                kept = Path(f"{target}.before-restore-{dt.datetime.now():%Y%m%d-%H%M%S}")
                _copy(live, kept)
                with translated():
                    backup_db.conn.backup(live.conn, pages=PAGES_PER_STEP)
            finally:
                live.close()
        else:
            _copy(backup_db, target)
    finally:
        backup_db.close()
    restored = open_db(target, create=False)  # migrates an older backup to this planner's schema
    try:
        problems = check(restored)
        version = schema_version(restored)
    finally:
        restored.close()
    if problems:
        raise DatabaseUnavailable(f"the restored database failed its check ({problems[0]})")
    return {"kept": str(kept) if kept else None, "schema_version": version}
