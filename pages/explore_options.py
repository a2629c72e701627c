"""Explore options: what you could do next in each area of life, filtered by what you want."""

import streamlit as st

from pages import _frame
from planner.views.pages import explore_options as view

req = _frame.request("explore_options")
# The choice below is in session state before it is drawn, so one read of the record serves both.
found = _frame.shown(view.show, req, set(st.session_state.get("wants") or ()))

st.title("Explore options")
st.markdown("What could you do next? Choose what matters to you, then open an option to read more.")
st.multiselect(
    "What do you want to think about?",
    options=list(view.WANTS),
    format_func=view.WANTS.get,
    key="wants",
    placeholder="Everything",
)
st.markdown(f"**{found.count} options** match.")
for area, in_area in found.by_area():
    st.header(area)
    for o in in_area:
        with st.expander(o.name):
            st.markdown(f"**What it is:** {o.what}")
            if o.why:
                st.markdown(f"**Why it is an option:** {o.why}")
            st.markdown(f"**What has to happen first:** {o.first}")
            if o.from_date:
                st.markdown(f"**From:** {o.from_date}")
            st.markdown(f"**Who can help locally:** {o.who}")
            if o.from_local_offer:
                st.markdown("From your council's local offer" + (f": [the service's website]({o.url})" if o.url else "."))
            st.markdown(f"**Helps with:** {o.helps_with}")
closed = found.not_open()
if closed:
    st.header("Not open to you now")
    st.markdown("\n".join(f"- **{o.name}**: {o.closed_because}." for o in closed))
