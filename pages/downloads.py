"""Downloads: a printable plan and a calendar file of the milestones and appointments."""

import datetime as dt

import streamlit as st

from pages import _frame
from planner import milestones
from planner.views import documents, journey
from planner.views.words import service_name

user = _frame.guard("downloads")
record = _frame.my_record(user, "downloads")
today = _frame.today()
timeline = milestones.for_person(record.person, as_of=today)
events = journey.events(timeline, today, record.steps)
pid = record.person.id or "person"

st.title("Downloads")
st.header("My plan to print")
st.markdown("A page with your profile, what you want, your timeline and what happens at 18. "
            "Open it in your browser and print it.")
doc = documents.plan_document(
    record.name, record.person.dob, today, events, journey.at_18(timeline),
    aspirations=record.aspirations, profile=record.profile,
    consents=[(service_name(s), ok) for s, ok in sorted(record.consents.items())],
    services_now=[service_name(s) for s in record.services],
)
if st.download_button("Download my plan (web page to print)", documents.printable_plan(doc),
                      file_name="my-transition-plan.html", mime="text/html", key="download_plan"):
    _frame.records().audit(user.username, "download plan", pid)

st.header("My calendar")
st.markdown(f"A calendar file with {len(events)} dates. Add it to your phone or computer calendar.")
ics = documents.calendar(pid, events, dt.datetime.now(dt.UTC), name=record.name)
if st.download_button("Download my calendar (.ics file)", ics, file_name="my-transition-dates.ics",
                      mime="text/calendar", key="download_ics"):
    _frame.records().audit(user.username, "download calendar", pid)
