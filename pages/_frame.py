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


def _cookie_token() -> str | None:
    try:
        value = st.context.cookies.get(session.COOKIE)
    except Exception:  # no browser behind this run (a script or a test)
        return None
    return value if isinstance(value, str) else None


def current_user() -> User | None:
    """The signed-in user, or None. With a database, the session lives in the store (its token in
    a cookie): a refresh or a new tab finds it, 30 minutes without activity ends it, and signing
    out anywhere ends it here too. Without one, this browser session alone, idle for 30 minutes."""
    user = st.session_state.get("user")
    db = database()
    token = st.session_state.get("session_token") or (_cookie_token() if db is not None else None)
    t = now()
    if db is not None and token:
        resumed = session.resume(db, records(), token, t)
        if resumed.user is None or (user is not None and resumed.user.username != user.username):
            st.session_state.pop("session_token", None)
            st.session_state["set_cookie"] = None  # remove the dead token from the browser
            if user is not None:
                _forget(user, resumed.message or "You have signed out.")
            elif resumed.message:
                st.session_state["signed_out_message"] = resumed.message
            return None
        if user is None:
            user = resumed.user
            st.session_state["user"] = user
            session.signed_in(records(), user, "session resumed (a refresh or a new tab)")
        st.session_state["session_token"] = token
        st.session_state["last_seen"] = t
        return user
    if user is None:
        return None
    if session.idle_expired(st.session_state.get("last_seen"), t):
        sign_out(message="You were signed out because nothing happened for 30 minutes. Please sign in again.")
        return None
    st.session_state["last_seen"] = t
    return user


def signed_in(user: User) -> None:
    """Keep a user the view has signed in (and audited) in this session, and start a session in
    the store whose token the browser keeps (so a refresh or a new tab stays signed in)."""
    st.session_state["user"] = user
    st.session_state["last_seen"] = now()
    token = session.start_session(database(), records(), user, now())
    if token:
        st.session_state["session_token"] = token
        st.session_state["set_cookie"] = token


def _forget(user: User, message: str) -> None:
    for key in ("user", "last_seen", "easy_read"):
        st.session_state.pop(key, None)
    session.signed_out(records(), user, message)
    if message:
        st.session_state["signed_out_message"] = message


def sign_out(message: str = "") -> None:
    """Sign out here and in every other tab and browser (the store ends every session of the user)."""
    user = st.session_state.get("user")
    if user is not None:
        session.end_everywhere(database(), user, message or "signed out", now())
        _forget(user, message)
    st.session_state.pop("session_token", None)
    st.session_state["set_cookie"] = None


def browser_scripts(page: str | None) -> None:
    """One small element, always in the same place at the top of every run (so the page's own
    elements keep their places between runs): it gives the browser the session token (written on
    every run while signed in, since a run cut short by a quick click would lose it) or takes it
    away after a sign-out, and on a phone closes the menu once a page has been chosen."""
    if "set_cookie" in st.session_state:
        token = st.session_state.pop("set_cookie")
        script = session.cookie_script(token)
    elif st.session_state.get("session_token"):
        script = session.cookie_script(st.session_state["session_token"])
    else:
        script = "<script>/* signed out */</script>"
    if page is not None and page != st.session_state.get("nav_page_closed"):
        st.session_state["nav_page_closed"] = page
        st.session_state["menu_nonce"] = st.session_state.get("menu_nonce", 0) + 1
        script += session.close_menu_script(st.session_state["menu_nonce"])
    st.html(script, unsafe_allow_javascript=True)


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


def easy_read_on() -> bool:
    """Whether this user reads in Easy Read (the switch in the menu; remembered for the account)."""
    return bool(st.session_state.get("easy_read"))


def easy_read_switch(user: User) -> None:
    """The Easy Read switch for a young person or family, in the menu; its setting is kept with the
    account (or, with no database, for this browser session)."""
    if user.role not in session.FAMILY_ROLES:
        return
    if "easy_read" not in st.session_state:
        st.session_state["easy_read"] = bool(session.easy_read(database(), user))

    def remember() -> None:
        session.set_easy_read(database(), user, bool(st.session_state["easy_read"]))

    st.toggle("Easy Read", key="easy_read", on_change=remember,
              help="Short sentences with a picture beside each one.")
