"""What app.py and every page share: opening the records, who is signed in, signing in and out
(audited here), single sign-on, and the menu of pages a role may see."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from planner import access, store
from planner.access import OidcMapping, User
from planner.access.records import Records, sample_records
from planner.access.records import sign_in as records_sign_in
from planner.access.store_records import open_records

ROLE_LABELS = access.ROLE_LABELS


def open_store(path: Path) -> Any | None:
    """A store connection usable from any thread (Streamlit runs each rerun of a session in
    whichever script thread is free), or None when no database has been built at `path`."""
    if not path.exists():
        return None
    return store.open_db(path, check_same_thread=False)


def records_over(db: Any | None, today: Callable[[], dt.date]) -> Records:
    """The records over a store connection, or the built-in synthetic sample without one."""
    return open_records(db, today=today) if db is not None else sample_records()


def idle_expired(last_seen: dt.datetime | None, now: dt.datetime) -> bool:
    return access.idle_expired(last_seen, now)


def may_see_page(user: User | None, page: str) -> bool:
    return access.may_see_page(user, page)


def menu(user: User, available: Iterable[str]) -> list[tuple[str, str]]:
    """(page, title) of every page the user's role may see, in menu order."""
    return [(page, access.PAGE_TITLES[page]) for page in access.pages_for(user.role, available)]


def signed_in(records: Records, user: User, how: str) -> None:
    """Audit a sign-in made some other way than the password form (single sign-on)."""
    records.audit(user.username, "sign in", None, how)


def signed_out(records: Records, user: User, message: str) -> None:
    records.audit(user.username, "sign out", None, message)


@dataclass(frozen=True)
class SignIn:
    user: User | None  # the signed-in user, or None when refused
    message: str


def sign_in(records: Records, username: str, password: str, now: dt.datetime) -> SignIn:
    """Check a username and password (planner.access.records.sign_in: each attempt counted
    atomically before the password is checked, unknown usernames locked the same way and never
    written to the audit log) and audit the attempt either way."""
    result = records_sign_in(records, username, password, now)
    return SignIn(result.user if result.ok else None, result.message)


def oidc_mapping(section: Mapping | None) -> OidcMapping | None:
    """The `[planner_oidc]` section of secrets.toml as a mapping, or None when single sign-on is off."""
    return OidcMapping(**dict(section)) if section else None


def single_sign_on(records: Records, claims: Mapping[str, object], mapping: OidcMapping) -> SignIn:
    """Sign in a user who came back from the identity provider: the local account with their
    email (its role and links win), else a staff account from the groups claim; audited."""
    outcome = access.map_oidc_claims(claims, mapping)
    if outcome.email is None:
        return SignIn(None, outcome.message)
    account = records.account_by_email(outcome.email)
    if account is not None:
        signed_in(records, account.user, "single sign-on (local account)")
        return SignIn(account.user, "")
    if outcome.role is not None:
        name = str(claims.get("name") or outcome.email)
        user = User(username=outcome.email, role=outcome.role, display_name=name, email=outcome.email)
        signed_in(records, user, "single sign-on (group)")
        return SignIn(user, "")
    return SignIn(None, "Your organisation account is not set up in the planner yet. Ask your administrator.")
