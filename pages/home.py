"""Home: a short welcome, and for a young person or family the next few things that happen."""

import streamlit as st

from pages import _frame
from planner.views.pages import home as view
from planner.views.words import md

req = _frame.request("home")
st.title(f"Hello, {md(req.user.name)}")
home = _frame.shown(lambda: view.show(req))

if home.family:
    st.markdown(f"This is {md(home.whose)} plan for the years from 14 to 25.")
    if home.gaps:
        st.header("Where the plan leaves a gap")
        for gap in home.gaps:
            st.markdown("\n".join(f"- {'▲ ' if i == 0 else ''}{line}" for i, line in enumerate(gap.sentences)))
    st.header("Coming up next")
    for e in home.next_up:
        st.markdown(f"- **{e.when}** ({e.status_text}): {e.sentence}")
    st.markdown(
        "Use the menu to see the whole timeline, explore what you could do next, "
        "say what you want in **My plan**, or download your plan and calendar."
    )
else:
    st.markdown(f"You are signed in as {home.role}. Use the menu to choose a page.")
    if len(st.session_state.get("nav_pages", [])) <= 2:
        st.info("The pages for your role are not ready yet in this version.")
