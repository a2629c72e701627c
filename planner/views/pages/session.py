"""What app.py and every page share: opening the records, who is signed in, signing in and out
(audited here), single sign-on, and the menu of pages a role may see."""

from __future__ import annotations

import datetime as dt
import logging
import os
import secrets
import threading
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from planner import access, store
from planner.access import OidcMapping, User, sessions
from planner.access.records import MemoryRecords, Records, sample_records
from planner.access.records import sign_in as records_sign_in
from planner.access.store_records import account_record, open_records
from planner.pathways import default_graph
from planner.views.pages import capacity_to_buy, caseload, person_plan, scheduling, unmet_need
from planner.views.words import md  # noqa: F401  (app.py escapes the signed-in name with it)

ROLE_LABELS = access.ROLE_LABELS
db_path = store.default_db_path  # PLANNER_DB, else data/planner.db


SAMPLE_SETTING = "PLANNER_SAMPLE"  # =1: without a database, serve the built-in synthetic sample
log = logging.getLogger("planner.app")


def open_store(path: Path) -> Any | None:
    """A store connection usable from any thread (Streamlit runs each rerun of a session in
    whichever script thread is free), or None when no database has been built at `path`. A
    damaged or foreign file raises store.StoreError, whose message the page shows."""
    if not path.exists():
        return None
    return store.open_db(path, check_same_thread=False, create=False)


def sample_asked_for() -> bool:
    """The operator started the app with PLANNER_SAMPLE=1 (to try it without a database)."""
    return os.environ.get(SAMPLE_SETTING, "").strip() == "1"


def records_over(db: Any | None, today: Callable[[], dt.date]) -> Records:
    """The records over a store connection. Without one the app fails closed: records with no
    accounts, so every sign-in is refused, unless the operator asked for the built-in synthetic
    sample (PLANNER_SAMPLE=1), whose accounts share a published demo password."""
    if db is not None:
        return open_records(db, today=today)
    return sample_records() if sample_asked_for() else MemoryRecords([], [])


def setup_notice(db: Any | None) -> str:
    """What the sign-in page says when there is no database: nobody can sign in until one is
    built or loaded (or the sample was asked for, which it says too)."""
    if db is not None:
        return ""
    if sample_asked_for():
        return ("This is the built-in sample (PLANNER_SAMPLE=1): made-up people only, and every account's "
                "password is the published demo password. Do not enter real information.")
    return ("There is no database yet, so nobody can sign in. Staff: ask your administrator to load the area's "
            "records, or build the demo area with `planner demo`. To try the app on its small built-in sample "
            f"instead, start it with {SAMPLE_SETTING}=1.")


def error_shown(exc: BaseException) -> str:
    """What a page says when something fails: a database problem in its own plain words; anything
    else as a short error id, under which the whole error is written to the server's log (never
    shown in the browser: no traceback, no file paths)."""
    if isinstance(exc, store.StoreError):
        return str(exc)
    error_id = secrets.token_hex(4)
    log.error("error %s on a page", error_id, exc_info=exc)
    return (f"Something went wrong and this page stopped (error {error_id}). Nothing was half-saved. Try again; "
            f"if it happens again, tell your administrator the error id {error_id}.")


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


def keep_warm(path: Path, stop: threading.Event, every: float = 5.0) -> None:
    """For the app server, in a thread of its own: load what the first page runs need (the
    pathway graph, the chart and table libraries), then every `every` seconds work out the
    commissioner's opening figures again if the store has changed since (so a commissioner never
    waits for them), and each team manager's caseload, people and merged meetings (thousands of
    rows). Returns when `stop` is set. Without a database it only loads."""
    import altair  # noqa: F401  (imported here so that the first chart does not wait for it)
    import pandas  # noqa: F401

    default_graph()
    db = None
    while not stop.is_set():
        if db is None and path.exists():
            db = store.open_db(path)
        if db is not None:
            warm(db, dt.date.today())
        stop.wait(every)
    if db is not None:
        db.close()


def warm(db, today: dt.date) -> None:
    """Work out what the slowest first page runs need, unless it is kept for the store's state."""
    unmet_need.warm(db, today)
    capacity_to_buy.warm(db, today)
    for row in store.list_users(db, access.Role.TEAM_MANAGER.value):
        manager = account_record(row).user
        if manager.team_id:
            caseload.warm(db, manager, today)
            person_plan.labels(db, manager)
            scheduling.warm(db, manager)
