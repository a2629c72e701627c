"""Home: a short welcome, and for a young person or family the next few things that happen."""

import streamlit as st

from pages import _frame
from planner import access, milestones
from planner.views import journey

user = _frame.guard("home")
st.title(f"Hello, {user.name}")

if user.role in (access.Role.YOUNG_PERSON, access.Role.PARENT_CARER) and user.person_id:
    record = _frame.my_record(user, "home page")
    today = _frame.today()
    events = journey.events(milestones.for_person(record.person, as_of=today), today, record.steps)
    st.markdown(f"This is {_frame.whose(user, record)} plan for the years from 14 to 25.")
    st.header("Coming up next")
    for e in journey.next_up(events):
        st.markdown(f"- **{e.when}** ({e.status_text}): {e.sentence}")
    st.markdown(
        "Use the menu to see the whole timeline, explore what you could do next, "
        "say what you want in **My plan**, or download your plan and calendar."
    )
else:
    label = access.ROLE_LABELS[user.role]
    article = "an" if label[0] in "aeiou" else "a"
    st.markdown(f"You are signed in as {article} {label}. Use the menu to choose a page.")
    if len(st.session_state.get("nav_pages", [])) <= 2:
        st.info("The pages for your role are not ready yet in this version.")
