"""Downloads: a printable plan and a calendar file of the milestones and appointments."""

import streamlit as st

from pages import _frame
from planner.views.pages import downloads as view

req = _frame.request("downloads")
mine = _frame.shown(lambda: view.show(req))

st.title("Downloads")
st.header("My plan to print")
st.markdown("A page with your profile, what you want, your timeline and what happens at 18. "
            "Open it in your browser and print it.")
if st.download_button("Download my plan (web page to print)", mine.plan_html,
                      file_name="my-transition-plan.html", mime="text/html", key="download_plan"):
    view.downloaded(req, mine, "plan")

st.header("My calendar")
st.markdown(f"A calendar file with {mine.dates} dates. Add it to your phone or computer calendar.")
if st.download_button("Download my calendar (.ics file)", mine.calendar, file_name="my-transition-dates.ics",
                      mime="text/calendar", key="download_ics"):
    view.downloaded(req, mine, "calendar")
