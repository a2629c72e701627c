"""Home: a short welcome; for a young person or family the next three dates, any gap in support
and who to contact, in plain words or Easy Read."""

import streamlit as st

from pages import _frame
from planner.views.pages import home as view
from planner.views.words import md

req = _frame.request("home")
home = _frame.shown(lambda: view.show(req))

st.title(f"Hello, {md(req.user.name)}")
if home.family:
    if _frame.easy_read_on():
        st.html(home.easy_read_html())
    else:
        st.markdown(md(home.intro))
        st.header("Coming up next")
        if home.next_up:
            st.html(home.next_html())
        else:
            st.markdown("Nothing new is planned yet.")
        if home.overdue:
            st.header("Late: nothing recorded yet")
            st.markdown("\n".join(f"- {line}" for line in home.overdue_lines()))
        if home.gaps:
            st.header("Where the plan leaves a gap")
            for lines in home.gap_lines():
                st.warning("\n".join(f"- {line}" for line in lines))
        st.header("Who to contact")
        st.html(home.contact_html())
        st.markdown("Use the menu to see the whole timeline, explore what you could do next, "
                    f"say what {'you want' if home.reader.own else md(home.reader.name) + ' wants'} in "
                    f"**{'My plan' if home.reader.own else 'Their plan'}**, or download the plan and calendar.")
else:
    st.markdown(f"You are signed in as {home.role}. Use the menu to choose a page.")
    if len(st.session_state.get("nav_pages", [])) <= 2:
        st.info("The pages for your role are not ready yet in this version.")
