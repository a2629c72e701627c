"""Explore options: what you could do next in each area of life, filtered by what you want."""

import streamlit as st

from pages import _frame
from planner.views.pages import explore_options as view

req = _frame.request("explore_options")
# The choice below is in session state before it is drawn, so one read of the record serves both.
found = _frame.shown(lambda: view.show(req, set(st.session_state.get("wants") or ())))

st.title("Explore options")
st.markdown("What could you do next? Choose what matters to you, then open an option to read more.")
st.multiselect(
    "What do you want to think about?",
    options=list(view.WANTS),
    format_func=view.WANTS.get,
    key="wants",
    placeholder="Everything",
)
st.markdown(f"**{len(found.found)} options** match.")
for area, in_area in found.by_area():
    st.header(area)
    for o in in_area:
        with st.expander(o.name):
            st.markdown(f"**Who it suits:** {o.suits}")
            st.markdown(f"**What has to happen first:** {o.first}")
            if o.by_when:
                st.markdown(f"**By when:** {o.by_when}")
            st.markdown(f"**Who can help locally:** {o.local}")
            if o.from_local_offer:
                st.markdown("From your council's local offer" + (f": [the service's website]({o.url})" if o.url else "."))
            st.markdown(f"**Helps with:** {found.helps_with(o)}")
