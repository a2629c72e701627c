"""Explore options: what you could do next in each area of life, filtered by what you want."""

import streamlit as st

from pages import _frame
from planner import milestones
from planner.views import options
from planner.views.words import DOMAIN_LABELS, OUTCOMES

user = _frame.guard("explore_options")
record = _frame.my_record(user, "explore options")
today = _frame.today()
timeline = milestones.for_person(record.person, as_of=today)

st.title("Explore options")
st.markdown("What could you do next? Choose what matters to you, then open an option to read more.")
wants = st.multiselect(
    "What do you want to think about?",
    options=list(OUTCOMES),
    format_func=lambda k: OUTCOMES[k][0],
    key="wants",
    placeholder="Everything",
)
found = options.options_for(record.person, timeline, today, set(wants))
st.markdown(f"**{len(found)} options** match.")
for domain in DOMAIN_LABELS:
    in_domain = [o for o in found if o.domain is domain]
    if not in_domain:
        continue
    st.header(DOMAIN_LABELS[domain])
    for o in in_domain:
        with st.expander(o.name):
            st.markdown(f"**Who it suits:** {o.suits}")
            st.markdown(f"**What has to happen first:** {o.first}")
            if o.by_when:
                st.markdown(f"**By when:** {o.by_when}")
            st.markdown(f"**Who can help locally:** {o.local}")
            st.markdown(f"**Helps with:** {options.outcome_labels(o.outcomes)}")
