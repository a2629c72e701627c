"""Scheduler jobs: a run of the scheduler while it is queued or running, and how it ended.

A row per run (`scheduler_jobs`): queued -> running -> done (with the stored run's id) or
failed (with the reason). At most one queued or running per area, whichever process started it
(a unique index). A run whose process stopped (a server restart) keeps its row; it is marked
failed when its heartbeat is older than `stale_after` seconds, or at once when its owner (host
and process id) is a process on this host that no longer exists.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import socket
import sqlite3
from collections.abc import Mapping
from typing import Any

from sqlite_utils import Database

from planner.store.db import _one, now_text

ACTIVE = ("queued", "running")


class JobTaken(Exception):
    """A run of the scheduler is already queued or running for this area."""

    def __init__(self, row: dict):
        self.row = row
        super().__init__(f"a scheduler run for {row['area']} is already {row['state']} (started by "
                         f"{row['started_by']} at {row['started_at'][11:16]})")


def owner_here() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def _gone(owner: str) -> bool:
    """True when `owner` is a process on this host that no longer runs."""
    host, _, pid = owner.rpartition(":")
    if host != socket.gethostname() or not pid.isdigit():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False


def reap_stale_jobs(db: Database, stale_after: float, area: str | None = None) -> int:
    """Mark failed the queued or running jobs whose process has gone; returns how many."""
    cutoff = (dt.datetime.now() - dt.timedelta(seconds=stale_after)).isoformat(timespec="seconds")
    rows = db.execute("SELECT id, owner, heartbeat_at FROM scheduler_jobs WHERE state IN ('queued', 'running')"
                      + (" AND area = ?" if area else ""), [area] if area else []).fetchall()
    gone = [jid for jid, owner, beat in rows if beat < cutoff or _gone(owner)]
    with db.atomic():
        for jid in gone:
            db.execute("UPDATE scheduler_jobs SET state = 'failed', phase = 'failed', finished_at = ?, error = ? "
                       "WHERE id = ?", [now_text(), "the run stopped without finishing (the app server was "
                                        "restarted or the run was cut short); start it again", jid])
    return len(gone)


def claim_job(db: Database, area: str, by: str, as_of: dt.date, time_limit: float, *, stale_after: float,
              owner: str | None = None) -> int:
    """Queue a scheduler run for `area`; raises JobTaken when one is queued or running."""
    reap_stale_jobs(db, stale_after, area)
    at = now_text()
    try:
        with db.atomic():
            return db.table("scheduler_jobs").insert({
                "area": area, "state": "queued", "started_by": by, "started_at": at, "heartbeat_at": at,
                "as_of": as_of.isoformat(), "time_limit": time_limit, "owner": owner or owner_here(),
                "phase": "queued", "info": "{}"}).last_pk
    except sqlite3.IntegrityError:
        row = active_job(db, area)
        if row is None:  # it finished in between: try once more
            return claim_job(db, area, by, as_of, time_limit, stale_after=stale_after, owner=owner)
        raise JobTaken(row) from None


def job_progress(db: Database, job_id: int, phase: str, info: Mapping[str, Any], *, state: str = "running") -> None:
    """Record a running job's phase (and that it is alive)."""
    with db.atomic():
        db.execute("UPDATE scheduler_jobs SET state = ?, phase = ?, info = ?, heartbeat_at = ? "
                   "WHERE id = ? AND state IN ('queued', 'running')",
                   [state, phase, json.dumps(dict(info), default=str), now_text(), job_id])


def finish_job(db: Database, job_id: int, run_id: int | None, error: str | None = None) -> None:
    """Done (with the stored run) or failed (with the reason)."""
    with db.atomic():
        db.execute("UPDATE scheduler_jobs SET state = ?, phase = ?, finished_at = ?, heartbeat_at = ?, run_id = ?, "
                   "error = ? WHERE id = ?", ["failed" if error else "done", "failed" if error else "done",
                                              now_text(), now_text(), run_id, error, job_id])


def get_job(db: Database, job_id: int) -> dict | None:
    return _decoded(_one(db, "SELECT * FROM scheduler_jobs WHERE id = ?", [job_id]))


def active_job(db: Database, area: str) -> dict | None:
    """The queued or running job for `area`, if any."""
    return _decoded(_one(db, "SELECT * FROM scheduler_jobs WHERE area = ? AND state IN ('queued', 'running')", [area]))


def latest_job(db: Database, area: str) -> dict | None:
    """The area's most recent job, whatever its state."""
    return _decoded(_one(db, "SELECT * FROM scheduler_jobs WHERE area = ? ORDER BY id DESC LIMIT 1", [area]))


def _decoded(row: dict | None) -> dict | None:
    if row is not None:
        row = {**row, "info": json.loads(row["info"] or "{}")}
    return row
