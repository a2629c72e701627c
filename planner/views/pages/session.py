"""What app.py and every page share: opening the records, who is signed in, signing in and out
(audited here), single sign-on, and the menu of pages a role may see."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from planner import access, store
from planner.access import OidcMapping, User, sessions
from planner.access.records import Records, sample_records
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
    titles = {**access.PAGE_TITLES, **(PARENT_TITLES if user.role is access.Role.PARENT_CARER else {})}
    return [(page, titles[page]) for page in access.pages_for(user.role, available)]


# A parent or carer reads about the young person, not about themselves ("My plan" is the young
# person's words): their menu says whose.
PARENT_TITLES = {"my_timeline": "Their timeline", "my_plan": "Their plan"}


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
    """Check a username and password, store the account's sign-in state (lock-out) and audit
    the attempt either way."""
    name = username.strip()
    account = records.account(name) if name else None
    result = access.check_sign_in(
        account.password_hash if account else None, account.login if account else None, password, now)
    if account is not None and result.state is not None:
        records.save_login(name, result.state)
    if result.ok and account is not None:
        records.audit(name, "sign in", None, "password")
        return SignIn(account.user, result.message)
    records.audit(name or "(blank)", "sign in refused", None, "")
    return SignIn(None, result.message)


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


# --- staying signed in across a refresh or a new tab (planner.access.sessions) ------------------

COOKIE = sessions.COOKIE
COOKIE_MAX_AGE = 12 * 60 * 60  # the browser may keep it 12 hours; the store decides if it is live


@dataclass(frozen=True)
class Resumed:
    user: User | None  # the signed-in user, or None when the session is not live
    message: str = ""  # why the user was signed out, for the sign-in page


def start_session(db: Any | None, records: Records, user: User, now: dt.datetime) -> str | None:
    """A new session for `user` in the store: the signed token for the browser's cookie (None
    without a database, or for a single sign-on user with no local account)."""
    if db is None or records.account(user.username) is None:
        return None
    return sessions.SessionBook(db).start(user.username, now)


def resume(db: Any | None, records: Records, token: str | None, now: dt.datetime) -> Resumed:
    """Who the browser's token belongs to, if their session is live (checked on every page load,
    so signing out in one tab signs out every tab)."""
    if db is None or not token:
        return Resumed(None)
    check = sessions.SessionBook(db).resume(token, now)
    if check.username is None:
        if check.reason == "idle" or "idle" in check.reason:
            return Resumed(None, "You were signed out because nothing happened for 30 minutes. Please sign in again.")
        if check.reason.startswith("ended"):
            return Resumed(None, "You have signed out.")
        return Resumed(None)
    account = records.account(check.username)
    if account is None:
        return Resumed(None)
    return Resumed(account.user)


def end_everywhere(db: Any | None, user: User, why: str, now: dt.datetime) -> None:
    """Sign `user` out in every tab and browser."""
    if db is not None:
        sessions.SessionBook(db).end_all(user.username, why, now)


def cookie_script(token: str | None) -> str:
    """JavaScript that stores (or, with None, removes) the session token in a cookie for this
    site only (SameSite=Strict; Secure over https). A script cannot make it HttpOnly."""
    if token:
        value, age = token, COOKIE_MAX_AGE
    else:
        value, age = "", 0
    if not all(c.isalnum() or c in "-_." for c in value):
        raise ValueError("a session token holds only letters, digits, '-', '_' and '.'")
    return ("<script>(function(){var secure = location.protocol === 'https:' ? '; Secure' : '';"
            f"document.cookie = '{COOKIE}={value}; Path=/; Max-Age={age}; SameSite=Strict' + secure;}})();</script>")


# --- Easy Read, switched on or off and remembered for the account ---------------------------------

FAMILY_ROLES = (access.Role.YOUNG_PERSON, access.Role.PARENT_CARER)


def easy_read(db: Any | None, user: User) -> bool | None:
    """Whether this account reads in Easy Read (None when there is no store to remember it in)."""
    if db is None:
        return None
    row = store.get_user(db, user.username)
    return bool(row and row.get("easy_read"))


def set_easy_read(db: Any | None, user: User, on: bool) -> None:
    if db is not None and store.get_user(db, user.username) is not None:
        store.set_easy_read(db, user.username, on)


# On a phone the menu opens over the page and Streamlit leaves it open after a page is chosen;
# this closes it once the new page is drawn (wider screens keep their menu beside the page).
PHONE_WIDTH = 767  # px: at most this wide, the menu covers the page


def close_menu_script(nonce: int) -> str:
    """JavaScript that closes the menu on a narrow screen; `nonce` makes each run's copy new, so
    the browser runs it after every page change."""
    return (f"<script>/* {int(nonce)} */(function(){{if(!window.matchMedia('(max-width: {PHONE_WIDTH}px)').matches)"
            "return;setTimeout(function(){var bar=document.querySelector('[data-testid=\"stSidebar\"]');"
            "var close=document.querySelector('[data-testid=\"stSidebarCollapseButton\"] button');"
            "if(bar&&close&&bar.getAttribute('aria-expanded')!=='false'&&bar.offsetWidth>0)close.click();},50);})();"
            "</script>")
