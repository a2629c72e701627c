"""Downloads: a printable plan and a calendar file of the dates to come."""

import streamlit as st

from pages import _frame
from planner.views.pages import downloads as view
from planner.views.words import md

req = _frame.request("downloads")
mine = _frame.shown(lambda: view.show(req, include_past=bool(st.session_state.get("include_past"))))

st.title("Downloads")
st.header("The plan to print")
st.markdown("Who to contact, what happens next, any gap in support, what "
            f"{'you want' if mine.reader.own else md(mine.reader.name) + ' wants'}, and about "
            f"{'you' if mine.reader.own else 'them'}: 2 or 3 pages. Open it in your browser and print it.")
if st.download_button(mine.plan_label, mine.plan_html, file_name="transition-plan.html", mime="text/html",
                      key="download_plan"):
    view.downloaded(req, mine, "plan")

st.header("The calendar")
st.markdown(f"A calendar file with {mine.dates} dates, each on its own day, with a reminder a week before "
            "each legal deadline. Add it to your phone or computer calendar.")
st.toggle("Include dates that have passed", key="include_past")
if st.download_button(mine.calendar_label, mine.calendar, file_name="transition-dates.ics", mime="text/calendar",
                      key="download_ics"):
    view.downloaded(req, mine, "calendar")
