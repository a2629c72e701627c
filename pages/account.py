"""My account: who is signed in, with which role, and signing out."""

import streamlit as st

from pages import _frame
from planner.views.pages import account as view
from planner.views.words import md

me = _frame.shown(lambda: view.show(_frame.request("account")))
st.title("My account")
st.markdown(f"- Name: **{md(me.name)}**\n- Username: **{md(me.username)}**\n- Role: **{me.role}**")
st.markdown(
    "For your safety you are signed out after 30 minutes without activity, "
    "and an account is locked for 15 minutes after 5 wrong passwords."
)
if st.button("Sign out of the planner", key="account_sign_out"):
    _frame.sign_out("You have signed out.")
    st.rerun()
