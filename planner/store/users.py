"""Accounts, sign-in state and caseloads."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any, NamedTuple

from sqlite_utils import Database

from planner.store.db import _one, _text, now_text
from planner.store.schema import ROLES

# --- users and caseloads ---------------------------------------------------------------------

def create_user(db: Database, username: str, role: str, password_hash: str | None, *, display_name: str = "",
                person_id: str | None = None, team_id: str | None = None, email: str | None = None,
                phone: str | None = None, at: str | None = None) -> None:
    if role not in ROLES:
        raise ValueError(f"unknown role {role!r}; use one of {', '.join(ROLES)}")
    with db.atomic():
        db.table("users").insert({
            "username": username, "role": role, "display_name": display_name, "email": email,
            "password_hash": password_hash, "person_id": person_id, "team_id": team_id,
            "failed_attempts": 0, "locked_until": None, "created_at": at or now_text(), "phone": phone})


def get_user(db: Database, username: str) -> dict | None:
    return _one(db, "SELECT * FROM users WHERE username = ?", [username])


def get_user_by_email(db: Database, email: str) -> dict | None:
    return _one(db, "SELECT * FROM users WHERE lower(email) = lower(?)", [email])


def list_users(db: Database, role: str | None = None) -> list[dict]:
    if role is None:
        return list(db.query("SELECT * FROM users ORDER BY username"))
    return list(db.query("SELECT * FROM users WHERE role = ? ORDER BY username", [role]))


def set_password(db: Database, username: str, password_hash: str) -> None:
    with db.atomic():
        db.execute("UPDATE users SET password_hash = ? WHERE username = ?", [password_hash, username])


def save_login_state(db: Database, username: str, failed_attempts: int, locked_until: Any) -> None:
    """Store the lock-out state planner.access computed (access.after_failure/after_success)."""
    with db.atomic():
        db.execute("UPDATE users SET failed_attempts = ?, locked_until = ? WHERE username = ?",
                   [failed_attempts, _text(locked_until), username])


class LoginCount(NamedTuple):
    """An account's sign-in state after `record_login_failure`."""

    failed: int  # wrong passwords in a row since the last lock or success
    locked_until: str | None  # ISO time, or None
    was_locked: bool  # the account was already locked, so nothing was counted


def record_login_failure(db: Database, username: str, now: dt.datetime, *, max_attempts: int = 5,
                         lock_for: dt.timedelta = dt.timedelta(minutes=15)) -> LoginCount | None:
    """Count one attempt as a wrong password, atomically (the read and the write hold the write
    lock together, so ten attempts at once count ten); lock after `max_attempts`. An account
    already locked at `now` is left alone (`was_locked`). None for an unknown username.

    The sign-in code calls this BEFORE checking the password and `reset_failures` when it was
    right, so that no more than `max_attempts` passwords are ever checked before the lock, however
    many attempts arrive at once."""
    with db.atomic():
        user = get_user(db, username)
        if user is None:
            return None
        locked = user["locked_until"]
        if locked and now < dt.datetime.fromisoformat(locked):
            return LoginCount(user["failed_attempts"], locked, True)
        failed, locked = user["failed_attempts"] + 1, None
        if failed >= max_attempts:
            failed, locked = 0, (now + lock_for).isoformat(timespec="seconds")
        save_login_state(db, username, failed, locked)
        return LoginCount(failed, locked, False)


def reset_failures(db: Database, username: str) -> None:
    save_login_state(db, username, 0, None)


def assign_caseload(db: Database, worker: str, person_ids: Iterable[str], since: Any = "") -> None:
    with db.atomic():
        for pid in person_ids:
            db.execute("INSERT OR IGNORE INTO caseload VALUES (?, ?, ?)", [worker, pid, _text(since)])


def caseload(db: Database, worker: str) -> list[dict]:
    """People rows on a worker's caseload."""
    return list(db.query(
        "SELECT p.* FROM caseload c JOIN people p ON p.id = c.person_id WHERE c.worker = ? ORDER BY p.dob, p.id", [worker]))


def move_to_caseload(db: Database, worker: str, person_ids: Iterable[str], since: Any = "") -> None:
    """Put these people on one worker's caseload only (off any other's)."""
    ids = list(person_ids)
    with db.atomic():
        for pid in ids:
            db.execute("DELETE FROM caseload WHERE person_id = ?", [pid])
        assign_caseload(db, worker, ids, since)


def set_contact(db: Database, username: str, *, email: str | None = None, phone: str | None = None) -> None:
    """How a worker is reached (shown to the families on their caseload)."""
    with db.atomic():
        db.execute("UPDATE users SET email = coalesce(?, email), phone = coalesce(?, phone) WHERE username = ?",
                   [email, phone, username])


def named_worker(db: Database, person_id: str) -> dict | None:
    """The worker who holds a person on their caseload (the most recent, if several) with how to
    reach them: username, display_name, email, phone, team_id, team_name, since."""
    return _one(db, """
        SELECT u.username, u.display_name, u.email, u.phone, u.team_id, t.name AS team_name, c.since
        FROM caseload c JOIN users u ON u.username = c.worker
        JOIN people p ON p.id = c.person_id
        LEFT JOIN teams t ON t.area = p.area AND t.id = u.team_id
        WHERE c.person_id = ? ORDER BY c.since DESC, u.username LIMIT 1""", [person_id])


def set_easy_read(db: Database, username: str, on: bool) -> None:
    """Remember whether this account reads its pages in Easy Read."""
    with db.atomic():
        db.execute("UPDATE users SET easy_read = ? WHERE username = ?", [int(on), username])
