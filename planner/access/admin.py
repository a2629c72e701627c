"""The administrator's work: accounts (list, create, set a new password, unlock) and the audit
log (filter, page, download), over planner.store.

Every change is written to the audit log in the same transaction as the change itself, so
there is never a change without its entry. A password hash never leaves this module: account
rows for the page are built from named columns, and the hash is not one of them.

Errors are `AdminError`, whose message is written for the administrator: what is wrong and
what to do.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Mapping
from typing import Any

from pydantic import BaseModel, ConfigDict
from sqlite_utils import Database

from planner import access, store
from planner.access import Role
from planner.exchange import exports

NEEDS_PERSON = frozenset({Role.YOUNG_PERSON, Role.PARENT_CARER})
NEEDS_TEAM = frozenset({Role.WORKER, Role.TEAM_MANAGER})
USERNAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._@-]{1,99}")
PER_PAGE = 50

# The account columns an administrator sees, with their headings. Never password_hash.
USER_COLUMNS: dict[str, str] = {
    "username": "Username", "role": "Role", "display_name": "Name", "email": "Email",
    "person_id": "Linked young person", "team_id": "Team", "status": "Status",
    "failed_attempts": "Wrong passwords in a row", "created_at": "Created",
}
AUDIT_COLUMNS: dict[str, str] = {
    "at": "When", "username": "Who", "action": "What", "person_id": "Person id", "detail": "Detail",
}


class AdminError(ValueError):
    """A request the administrator has to correct; the message says what and how."""


class NewAccount(BaseModel):
    """What the administrator typed to create an account (checked by `create_account`)."""

    model_config = ConfigDict(extra="forbid")

    username: str
    role: Role
    password: str
    display_name: str = ""
    email: str = ""
    person_id: str = ""
    team_id: str = ""

    def __repr__(self) -> str:  # never print the password in a log or a traceback
        return f"NewAccount(username={self.username!r}, role={self.role.value!r})"


def _status(row: Mapping[str, Any], now: dt.datetime) -> str:
    locked = row.get("locked_until")
    if locked and access.is_locked(access.LoginState(locked_until=dt.datetime.fromisoformat(locked)), now):
        return f"locked until {dt.datetime.fromisoformat(locked):%H:%M}"
    if not row.get("password_hash"):
        return "no password (single sign-on only)"
    return "active"


def user_rows(db: Database, now: dt.datetime, role: Role | None = None) -> list[dict[str, str]]:
    """Every account (of `role`, if given) as rows with the headings of USER_COLUMNS."""
    out = []
    for row in store.list_users(db, role.value if role else None):
        shown = {k: row.get(k) for k in USER_COLUMNS if k != "status"}
        shown["role"] = access.ROLE_LABELS[Role(row["role"])]
        shown["status"] = _status(row, now)
        out.append({label: "" if shown[k] is None else str(shown[k]) for k, label in USER_COLUMNS.items()})
    return out


def locked_usernames(db: Database, now: dt.datetime) -> list[str]:
    """Accounts locked after too many wrong passwords, right now."""
    return [r["username"] for r in store.list_users(db) if _status(r, now).startswith("locked")]


def usernames(db: Database) -> list[str]:
    return [r["username"] for r in store.list_users(db)]


def team_choices(db: Database) -> list[str]:
    return store.team_ids(db)


def _hash(password: str) -> str:
    try:
        return access.hash_password(password)
    except ValueError as short:
        raise AdminError(f"{short} Choose a longer one.") from None


def create_account(db: Database, new: NewAccount, by: str) -> str:
    """Create the account (audited); returns a sentence saying what was done."""
    username = new.username.strip()
    if not USERNAME.fullmatch(username):
        raise AdminError("A username needs 2 to 100 letters, numbers, dots, dashes, underscores or @, "
                         "and starts with a letter or number (for example jo.taylor).")
    if store.get_user(db, username) is not None:
        raise AdminError(f"There is already an account called {username}. Choose another username.")
    email = new.email.strip().lower() or None
    if email is not None:
        if "@" not in email:
            raise AdminError("That email address has no @. Check it, or leave it empty.")
        if store.get_user_by_email(db, email) is not None:
            raise AdminError("Another account already has that email address. Each account needs its own.")
    person_id = new.person_id.strip() or None
    if new.role in NEEDS_PERSON:
        if person_id is None:
            raise AdminError(f"A {access.ROLE_LABELS[new.role]} account must be linked to a young person. "
                             "Type the young person's id.")
        if store.get_person(db, person_id) is None:
            raise AdminError(f"There is no young person with the id {person_id}. Check the id and try again.")
    else:
        person_id = None
    team_id = new.team_id.strip() or None
    if new.role in NEEDS_TEAM:
        if team_id is None:
            raise AdminError(f"A {access.ROLE_LABELS[new.role]} account needs a team. Choose one.")
    else:
        team_id = None
    password_hash = _hash(new.password)
    with db.atomic():
        store.create_user(db, username, new.role.value, password_hash, display_name=new.display_name.strip(),
                          person_id=person_id, team_id=team_id, email=email)
        store.audit(db, by, "create account", person_id,
                    f"{username} as {access.ROLE_LABELS[new.role]}" + (f", team {team_id}" if team_id else ""))
    return f"Created the account {username} ({access.ROLE_LABELS[new.role]})."


def _existing(db: Database, username: str) -> dict:
    row = store.get_user(db, username)
    if row is None:
        raise AdminError(f"There is no account called {username}.")
    return row


def reset_password(db: Database, username: str, password: str, again: str, by: str) -> str:
    """Set a new password (audited) and clear any lock, so the person can sign in straight away."""
    _existing(db, username)
    if password != again:
        raise AdminError("The two passwords are not the same. Type the new password twice.")
    password_hash = _hash(password)
    with db.atomic():
        store.set_password(db, username, password_hash)
        store.reset_failures(db, username)
        store.audit(db, by, "reset password", None, username)
    return f"Set a new password for {username}. Give it to them in a safe way; they can sign in with it now."


def unlock(db: Database, username: str, by: str) -> str:
    """Clear the wrong-password count and any lock (audited)."""
    _existing(db, username)
    with db.atomic():
        store.reset_failures(db, username)
        store.audit(db, by, "unlock account", None, username)
    return f"Unlocked {username}. They can sign in again now."


class AuditPage(BaseModel):
    """One page of the audit log, newest first."""

    model_config = ConfigDict(extra="forbid")

    rows: list[dict[str, str]]
    page: int
    pages: int
    total: int


def _filters(username: str | None, person_id: str | None) -> dict[str, str | None]:
    return {"username": (username or "").strip() or None, "person_id": (person_id or "").strip() or None}


def audit_page(db: Database, *, username: str | None = None, person_id: str | None = None, page: int = 1,
               per_page: int = PER_PAGE) -> AuditPage:
    """Entries matching the filters (exact username, exact person id; blank means any), the
    `page`-th `per_page` of them, newest first; a page past the end gives the last page."""
    filters = _filters(username, person_id)
    total = store.count_audit(db, **filters)
    pages = max(1, math.ceil(total / per_page))
    page = min(max(1, page), pages)
    rows = store.list_audit(db, **filters, limit=per_page, offset=(page - 1) * per_page)
    shown = [{label: "" if r.get(k) is None else str(r[k]) for k, label in AUDIT_COLUMNS.items()} for r in rows]
    return AuditPage(rows=shown, page=page, pages=pages, total=total)


def audit_csv(db: Database, *, username: str | None = None, person_id: str | None = None) -> str:
    """Every entry matching the filters, newest first, as CSV that is safe to open in a
    spreadsheet (a cell that would run as a formula starts with an apostrophe)."""
    filters = _filters(username, person_id)
    total = store.count_audit(db, **filters)
    rows = store.list_audit(db, **filters, limit=max(total, 1))
    return exports.to_csv(rows, list(AUDIT_COLUMNS))
