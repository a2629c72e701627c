"""What every page shares: the records, the signed-in user, the role check at the top of each
page, and the young person's own record (from the account, never from the URL).

Not a page itself (the leading underscore keeps it out of the menu).
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import streamlit as st

from planner import access, store
from planner.access import User
from planner.access.records import NotAllowed, PersonRecord, Records, read_person, sample_records
from planner.access.store_records import open_records

DEFAULT_DB = "data/planner.db"


def db_path() -> Path:
    return Path(os.environ.get("PLANNER_DB", DEFAULT_DB))


@st.cache_resource(show_spinner=False)
def _sample() -> Records:
    return sample_records()


def records() -> Records:
    """This session's records: the store over this session's connection (`database()`), or the
    synthetic sample when no database has been built. Tests put their own in session state."""
    if "records" not in st.session_state:
        db = database()
        if db is not None:
            st.session_state["records"] = open_records(db, today=today)
        else:
            st.session_state["records"] = _sample()
    return st.session_state["records"]


def database():
    """This session's store connection (sqlite-utils Database), or None when no database has been
    built yet. One connection per session, opened for use from any thread: Streamlit runs each
    rerun of a session in whichever script thread is free (never two reruns of one session at
    once), and sqlite3 would otherwise refuse a connection made in another thread."""
    if "database" not in st.session_state:
        path = db_path()
        if not path.exists():
            return None
        st.session_state["database"] = store.open_db(path, check_same_thread=False)
    return st.session_state["database"]


def database_or_stop(so: str):
    """This session's store connection; without a database, say what cannot be shown and stop.
    `so` finishes the sentence "There is no database yet, so ..."."""
    db = database()
    if db is None:
        st.warning(f"There is no database yet, so {so}. Ask your administrator to load the area's records "
                   "(or build the demo area with `planner demo`).")
        st.stop()
    return db


def roomy_date_fields() -> None:
    """Streamlit's date fields draw day, month and year as segments under 24 px wide; WCAG 2.2
    (2.5.8, target size) asks for 24 px, so each segment gets that much room."""
    st.html("<style>[data-testid='stDateInputField'] [role='spinbutton'] {min-width: 24px; min-height: 24px; "
            "display: inline-flex; align-items: center; justify-content: center;}</style>")


def today() -> dt.date:
    # Tests pin the date through session state so statuses do not drift with the calendar.
    return st.session_state.get("today") or dt.date.today()


def now() -> dt.datetime:
    return st.session_state.get("now") or dt.datetime.now()


def current_user() -> User | None:
    """The signed-in user, or None; signs out a session idle for more than 30 minutes."""
    user = st.session_state.get("user")
    if user is None:
        return None
    t = now()
    if access.idle_expired(st.session_state.get("last_seen"), t):
        sign_out(message="You were signed out because nothing happened for 30 minutes. Please sign in again.")
        return None
    st.session_state["last_seen"] = t
    return user


def sign_in(user: User, how: str) -> None:
    st.session_state["user"] = user
    st.session_state["last_seen"] = now()
    records().audit(user.username, "sign in", None, how)


def sign_out(message: str = "") -> None:
    user = st.session_state.pop("user", None)
    st.session_state.pop("last_seen", None)
    if user is not None:
        records().audit(user.username, "sign out", None, message)
    if message:
        st.session_state["signed_out_message"] = message


def guard(page: str) -> User:
    """The check at the top of every page: stop unless the signed-in role may see `page`."""
    user = current_user()
    if not access.may_see_page(user, page):
        st.error("You cannot see this page. Use the menu to choose a page you can open.")
        st.stop()
    assert user is not None
    return user


def my_record(user: User, purpose: str) -> PersonRecord:
    """The record of the young person this account belongs to (or is linked to), audited.

    The person id comes from the account only, so no URL or query parameter can change it.
    """
    if user.person_id is None:
        st.error("Your account is not linked to a young person's record yet. Ask your worker to link it.")
        st.stop()
    try:
        return read_person(records(), user, user.person_id, today(), purpose)
    except NotAllowed as refused:
        st.warning(str(refused))
        st.stop()
        raise  # pragma: no cover - st.stop() does not return


def whose(user: User, record: PersonRecord) -> str:
    """'your' for the young person, 'Sam's' for a parent, so every sentence reads right."""
    if user.person_id == record.person.id and user.role is access.Role.YOUNG_PERSON:
        return "your"
    return f"{record.name}'s"
