"""Streamlit entrypoint: sign-in, then a menu of only the pages the signed-in role may see.

Run with `make run`. The database is PLANNER_DB (default data/planner.db). Single sign-on
through Streamlit's OIDC login is optional: see "Single sign-on" in the README.
"""

from pathlib import Path

import streamlit as st

from pages import _frame
from planner import access

HERE = Path(__file__).parent

st.set_page_config(page_title="Transition planner", page_icon=":material/route:", layout="wide")


def _oidc_mapping() -> access.OidcMapping | None:
    """The `[planner_oidc]` section of secrets.toml, or None when single sign-on is off."""
    try:
        section = st.secrets.get("planner_oidc")
    except FileNotFoundError:
        return None
    return access.OidcMapping(**dict(section)) if section else None


def _try_single_sign_on() -> None:
    """Sign in a user who came back from the identity provider (st.login)."""
    mapping = _oidc_mapping()
    if mapping is None or not st.user.get("is_logged_in"):
        return
    outcome = access.map_oidc_claims(st.user.to_dict(), mapping)
    if outcome.email is None:
        st.session_state["signed_out_message"] = outcome.message
        return
    account = _frame.records().account_by_email(outcome.email)
    if account is not None:
        _frame.sign_in(account.user, "single sign-on (local account)")
    elif outcome.role is not None:
        name = str(st.user.get("name") or outcome.email)
        _frame.sign_in(access.User(username=outcome.email, role=outcome.role, display_name=name, email=outcome.email),
                       "single sign-on (group)")
    else:
        st.session_state["signed_out_message"] = (
            "Your organisation account is not set up in the planner yet. Ask your administrator."
        )


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
        st.Page(HERE / "pages" / f"{page}.py", title=access.PAGE_TITLES[page], url_path=page, default=(page == "home"))
        for page in access.pages_for(user.role, available)
    ]
    st.session_state["nav_pages"] = [p.url_path for p in pages]
    nav = st.navigation(pages)
    with st.sidebar:
        st.markdown(f"Signed in as **{user.name}** ({access.ROLE_LABELS[user.role]})")
        if st.button("Sign out", key="sign_out"):
            _frame.sign_out("You have signed out.")
            if st.user.get("is_logged_in"):
                st.logout()
            st.rerun()

nav.run()
