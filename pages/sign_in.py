"""Sign in with a username and password (or with your organisation, when single sign-on is on)."""

import streamlit as st

from pages import _frame
from planner.views.pages import sign_in as view

st.title("Transition planner")
st.markdown(
    "Plan your move to adult life, from 14 to 25: learning, work, where you live, health and support."
)
message = st.session_state.pop("signed_out_message", None)
if message:
    st.info(message)

notice = view.setup_notice(_frame.database())
if notice:
    st.warning(notice)
st.header("Sign in")
with st.form("sign_in_form"):
    username = st.text_input("Username", key="username", autocomplete="username")
    password = st.text_input("Password", type="password", key="password", autocomplete="current-password")
    submitted = st.form_submit_button("Sign in", type="primary")

if submitted:
    outcome = view.sign_in(_frame.records(), username, password, _frame.now())
    if outcome.user is not None:
        _frame.signed_in(outcome.user)
        st.rerun()
    else:
        st.error(outcome.message)

try:
    sso = bool(st.secrets.get("planner_oidc"))
except FileNotFoundError:
    sso = False
if sso:
    st.divider()
    if st.button("Sign in with your organisation account", key="sso"):
        st.login()

st.markdown("Forgotten your password? Ask your worker or your school to reset it.")
