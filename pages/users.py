"""Users: every account (never a password hash); create an account, set a new password, unlock
an account. Each change is written to the audit log (planner.access.admin)."""

import streamlit as st

from pages import _frame
from planner.views.pages import users as view
from planner.views.pages.users import ROLE_LABELS, Role

NONE = "(none)"

req = _frame.request("users")
st.title("Users")
# The role shown is in session state before its select box is drawn, so one call serves both.
accounts = _frame.shown(lambda: view.show(req, st.session_state.get("users_role")))
if not accounts.built:
    st.info("There is no database yet, so the app is showing its built-in sample, whose accounts "
            "cannot be changed. Build the database (`make run` does it, or `planner demo`) to manage accounts.")
    st.stop()

done = st.session_state.pop("users_done", None)
if done:
    st.success(done)  # names in it are usernames: letters, digits and . _ @ - only

st.header("Accounts")
shown_role = st.selectbox("Show", [None, *Role], key="users_role",
                          format_func=lambda r: "Everyone" if r is None else f"{ROLE_LABELS[r]} accounts")
rows = accounts.rows
st.markdown(f"{len(rows)} accounts. Passwords are never shown: set a new one below if someone forgets theirs.")
st.dataframe(rows, hide_index=True, width="stretch")  # plain text: st.table would read Markdown

st.header("Create an account")
st.markdown("A young person or parent or carer account is linked to the young person's record by its id. "
            "A transition worker or team manager account needs a team.")
with st.form("create_user_form"):
    new_username = st.text_input("Username", key="new_username", help="For example jo.taylor")
    new_role = st.selectbox("Role", list(Role), format_func=lambda r: ROLE_LABELS[r], key="new_role")
    new_name = st.text_input("Name shown in the app", key="new_display_name")
    new_email = st.text_input("Email address (optional; used for single sign-on)", key="new_email")
    new_person = st.text_input("Young person's id (young person or parent or carer accounts)", key="new_person_id")
    new_team = st.selectbox("Team (transition worker or team manager accounts)", [NONE, *accounts.teams],
                            key="new_team_id")
    new_password = st.text_input("Password (at least 8 characters)", type="password", key="new_password",
                                 autocomplete="new-password")
    if st.form_submit_button("Create account", type="primary"):
        request = view.NewAccount(username=new_username, role=new_role, password=new_password,
                                   display_name=new_name, email=new_email, person_id=new_person,
                                   team_id="" if new_team == NONE else new_team)
        try:
            st.session_state["users_done"] = view.create_account(req, request)
        except view.Refused as problem:
            st.error(str(problem))
        else:
            st.rerun()

st.header("Set a new password")
with st.form("reset_password_form"):
    who = st.selectbox("Account", accounts.usernames, key="reset_username")
    password = st.text_input("New password (at least 8 characters)", type="password", key="reset_password",
                             autocomplete="new-password")
    again = st.text_input("Type the new password again", type="password", key="reset_again",
                          autocomplete="new-password")
    if st.form_submit_button("Set new password"):
        try:
            st.session_state["users_done"] = view.reset_password(req, who, password, again)
        except view.Refused as problem:
            st.error(str(problem))
        else:
            st.rerun()

st.header("Unlock an account")
locked = accounts.locked
if not locked:
    st.markdown("No account is locked. An account locks for 15 minutes after 5 wrong passwords in a row.")
else:
    with st.form("unlock_form"):
        who = st.selectbox("Locked account", locked, key="unlock_username")
        if st.form_submit_button("Unlock"):
            st.session_state["users_done"] = _frame.shown(lambda: view.unlock(req, who))
            st.rerun()
