"""What every page shares: the signed-in user, the role check at the top of each page, the
request each page passes to its view (planner.views.pages), and showing a refusal.

Not a page itself (the leading underscore keeps it out of the menu).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import streamlit as st

from planner.views.pages import Refused, Request, session
from planner.views.pages.session import User

T = TypeVar("T")


def db_path() -> Path:
    return session.db_path()


@st.cache_resource(show_spinner=False)
def _sample():
    return session.records_over(None, dt.date.today)


def records():
    """This session's records: the store over this session's connection (`database()`). With no
    database the app fails closed (no accounts: every sign-in refused) unless the operator asked
    for the synthetic sample (PLANNER_SAMPLE=1). Tests put their own in session state."""
    if "records" not in st.session_state:
        db = database()
        if db is not None or not session.sample_asked_for():
            st.session_state["records"] = session.records_over(db, today)
        else:
            st.session_state["records"] = _sample()
    return st.session_state["records"]


def database():
    """This session's store connection, or None when no database has been built yet. One
    connection per session, opened for use from any thread (session.open_store)."""
    if "database" not in st.session_state:
        db = session.open_store(db_path())
        if db is None:
            return None
        st.session_state["database"] = db
    return st.session_state["database"]


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
    if session.idle_expired(st.session_state.get("last_seen"), t):
        sign_out(message="You were signed out because nothing happened for 30 minutes. Please sign in again.")
        return None
    st.session_state["last_seen"] = t
    return user


def signed_in(user: User) -> None:
    """Keep a user the view has signed in (and audited) in this session."""
    st.session_state["user"] = user
    st.session_state["last_seen"] = now()


def sign_out(message: str = "") -> None:
    user = st.session_state.pop("user", None)
    st.session_state.pop("last_seen", None)
    if user is not None:
        session.signed_out(records(), user, message)
    if message:
        st.session_state["signed_out_message"] = message


def request(page: str, no_db: str | None = None) -> Request:
    """The check at the top of every page: stop unless the signed-in role may see `page`; then
    the request the page passes to its view. With `no_db` (finishing "There is no database yet,
    so ..."), stop with that message when no database has been built."""
    user = current_user()
    if not session.may_see_page(user, page):
        st.error("You cannot see this page. Use the menu to choose a page you can open.")
        st.stop()
    req = Request(user=user, records=records(), db=database(), today=today(), now=now(), db_path=db_path())
    if no_db is not None:
        shown(lambda: req.need_db(no_db))
    return req


def shown(call: Callable[..., T], *args, **kwargs) -> T:
    """What `call(*args, **kwargs)` returns; when the view refuses, say why (an error or a
    warning) and stop."""
    try:
        return call(*args, **kwargs)
    except Refused as refused:
        (st.error if refused.serious else st.warning)(str(refused))
        st.stop()
        raise  # pragma: no cover - st.stop() does not return
