"""Streamlit entrypoint: sign-in, then a menu of only the pages the signed-in role may see.

Run with `make run`. The database is PLANNER_DB (default data/planner.db). Single sign-on
through Streamlit's OIDC login is optional: see "Single sign-on" in the README.
"""

from pathlib import Path

import streamlit as st

from pages import _frame
from planner.views.pages import session

HERE = Path(__file__).parent

st.set_page_config(page_title="Transition planner", page_icon=":material/route:", layout="wide")


def _try_single_sign_on() -> None:
    """Sign in a user who came back from the identity provider (st.login)."""
    try:
        mapping = session.oidc_mapping(st.secrets.get("planner_oidc"))
    except FileNotFoundError:
        mapping = None
    if mapping is None or not st.user.get("is_logged_in"):
        return
    outcome = session.single_sign_on(_frame.records(), st.user.to_dict(), mapping)
    if outcome.user is not None:
        _frame.signed_in(outcome.user)
    else:
        st.session_state["signed_out_message"] = outcome.message


def _run() -> None:
    user = _frame.current_user()
    if user is None:
        _try_single_sign_on()
        user = _frame.current_user()

    if user is None:
        nav = st.navigation([st.Page(HERE / "pages" / "sign_in.py", title="Sign in", url_path="sign_in", default=True)],
                            position="hidden")
    else:
        available = {p.stem for p in (HERE / "pages").glob("*.py") if not p.stem.startswith("_")}
        pages = [
            st.Page(HERE / "pages" / f"{page}.py", title=title, url_path=page, default=(page == "home"))
            for page, title in session.menu(user, available)
        ]
        st.session_state["nav_pages"] = [p.url_path for p in pages]
        nav = st.navigation(pages)
        with st.sidebar:
            st.markdown(f"Signed in as **{session.md(user.name)}** ({session.ROLE_LABELS[user.role]})")
            _frame.easy_read_switch(user)
            if st.button("Sign out", key="sign_out"):
                _frame.sign_out("You have signed out.")
                if st.user.get("is_logged_in"):
                    st.logout()
                st.rerun()
    _frame.browser_scripts(nav.url_path if user is not None else None)
    nav.run()


# No page ever shows a traceback: a database problem is said in plain words, anything else as an
# error id whose details go to the server's log (session.error_shown). Streamlit's own stop and
# rerun are not Exceptions, so they pass through.
try:
    _run()
except Exception as failure:  # noqa: BLE001 - every error ends here, shown to people, logged for the administrator
    st.error(session.error_shown(failure))
