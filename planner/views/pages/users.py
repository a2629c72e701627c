"""Users (administrator): every account (never a password hash); create an account, set a new
password, unlock an account. Each change is audited in the same transaction as the change
(planner.access.admin), and so is each reading of the list."""

from __future__ import annotations

from dataclasses import dataclass, field

from planner.access import ROLE_LABELS, Role, admin
from planner.access.admin import NewAccount
from planner.views.pages import Refused, Request

__all__ = ["ROLE_LABELS", "NewAccount", "Refused", "Role", "UsersView", "create_account", "reset_password", "show", "unlock"]


@dataclass(frozen=True)
class UsersView:
    built: bool  # False before a database exists: the built-in sample's accounts cannot be changed
    rows: list[dict[str, str]] = field(default_factory=list)  # the accounts shown
    usernames: list[str] = field(default_factory=list)  # every account
    locked: list[str] = field(default_factory=list)  # accounts locked right now
    teams: list[str] = field(default_factory=list)  # team ids, for a worker or manager account


def show(req: Request, role: Role | None = None) -> UsersView:
    """The accounts (of `role`, if given) and what the forms offer."""
    req.require("users")
    if req.db is None:
        return UsersView(built=False)
    shown = UsersView(built=True, rows=admin.user_rows(req.db, req.now, role), usernames=admin.usernames(req.db),
                      locked=admin.locked_usernames(req.db, req.now), teams=admin.team_choices(req.db))
    # The accounts list names people and links them to young people's records: its reading is audited.
    req.audit("view accounts", None, f"{len(shown.rows)} accounts ({role.value if role else 'every role'})")
    return shown


def _admin(req: Request):
    req.require("users")
    return req.need_db("accounts cannot be changed")


def create_account(req: Request, new: NewAccount) -> str:
    db = _admin(req)
    try:
        return admin.create_account(db, new, req.username)
    except admin.AdminError as problem:
        raise Refused(str(problem), serious=True) from None


def reset_password(req: Request, username: str, password: str, again: str) -> str:
    db = _admin(req)
    try:
        return admin.reset_password(db, username, password, again, req.username)
    except admin.AdminError as problem:
        raise Refused(str(problem), serious=True) from None


def unlock(req: Request, username: str) -> str:
    db = _admin(req)
    try:
        return admin.unlock(db, username, req.username)
    except admin.AdminError as problem:
        raise Refused(str(problem), serious=True) from None
