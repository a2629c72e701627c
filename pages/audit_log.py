"""Audit log: who did what and when, newest first, filtered by username or person id, a page at
a time, with a CSV download that is safe to open in a spreadsheet (planner.access.admin)."""

import streamlit as st

from pages import _frame
from planner.views.pages import audit_log as view

req = _frame.request("audit_log")
st.title("Audit log")
log = _frame.shown(lambda: view.show(req, st.session_state.get("audit_username", ""),
                                     st.session_state.get("audit_person_id", ""),
                                     int(st.session_state.get("audit_page", 1))))
if not log.built:
    st.info("There is no database yet, so the app is showing its built-in sample and keeps no audit log "
            "to show here. Build the database (`make run` does it, or `planner demo`) to keep one.")
    st.stop()

st.markdown("Every sign-in, every read of a person's record and every change, newest first. "
            "It says that a record was read or changed, never what the record says.")
col1, col2, col3 = st.columns(3)
username = col1.text_input("Username (exact)", key="audit_username")
person_id = col2.text_input("Person id (exact)", key="audit_person_id")
col3.number_input("Page", min_value=1, step=1, key="audit_page")
page = log.page

if page.total == 0:
    st.markdown("No entries match.")
else:
    matches = "1 entry matches" if page.total == 1 else f"{page.total} entries match"
    st.markdown(f"Page {page.page} of {page.pages}: {matches}.")
    st.dataframe(page.rows, hide_index=True, width="stretch")  # plain text: st.table would read Markdown
    label = "the matching entry" if page.total == 1 else f"all {page.total} matching entries"
    if st.download_button(f"Download {label} (CSV, safe to open in a spreadsheet)", log.csv,
                          file_name="audit-log.csv", mime="text/csv", key="download_audit"):
        view.downloaded(req, username, person_id)
