"""My plan: what I want in my own words, my one-page profile, and who I share it with."""

import streamlit as st

from pages import _frame
from planner import access
from planner.store import ConflictError
from planner.views.words import OUTCOMES, PROFILE_QUESTIONS, service_name

user = _frame.guard("my_plan")
record = _frame.my_record(user, "my plan")
today = _frame.today()
records = _frame.records()
pid = record.person.id
assert pid is not None
can_edit = access.can_edit_plan(user, pid, record.links, today)
can_consent = access.can_change_consent(user, pid, record.links, today)
saved = st.session_state.pop("plan_saved", None)

st.title("My plan")
if saved:
    st.success(saved)

st.header("What I want for my future")
st.markdown("Say it in your own words. Every service you share your plan with will see it.")
with st.form("aspirations_form"):
    answers = {
        key: st.text_area(question, value=record.aspirations.get(key, ""), key=f"asp_{key}", disabled=not can_edit)
        for key, (_label, question) in OUTCOMES.items()
    }
    if st.form_submit_button("Save what I want", disabled=not can_edit):
        records.save_aspirations(pid, {k: v.strip() for k, v in answers.items() if v.strip()}, user.username)
        st.session_state["plan_saved"] = "Saved what you want for your future."
        st.rerun()

st.header("About me: my one-page profile")
st.markdown("So you only tell your story once.")
# The version on screen when the form was last drawn: a save after someone else's is refused.
shown_key = f"profile_version_shown_{pid}"
shown_version = st.session_state.get(shown_key, record.profile_version)
with st.form("profile_form"):
    profile = {
        key: st.text_area(question, value=record.profile.get(key, ""), key=f"prof_{key}", disabled=not can_edit)
        for key, question in PROFILE_QUESTIONS.items()
    }
    if st.form_submit_button("Save my profile", disabled=not can_edit):
        try:
            records.save_profile(pid, {k: v.strip() for k, v in profile.items() if v.strip()}, user.username,
                                 expected_version=shown_version)
        except ConflictError as stale:
            st.error(str(stale))
        else:
            st.session_state.pop(shown_key, None)
            st.session_state["plan_saved"] = "Saved your profile."
            st.rerun()
st.session_state[shown_key] = record.profile_version

st.header("Who can see my plan")
if can_consent:
    st.markdown("Switch on each service you want to share your plan with. You can switch it off at any time.")
else:
    st.markdown("Only the young person can change this now.")
services = sorted(set(record.consents) | set(record.services), key=service_name)
for sid in services:
    current = record.consents.get(sid, False)
    new = st.toggle(f"Share with {service_name(sid)}", value=current, key=f"consent_{sid}", disabled=not can_consent)
    st.markdown(f"{service_name(sid)}: {'shared' if new else 'not shared'}")
    if new != current and can_consent:
        records.save_consent(pid, sid, new, user.username)
        st.session_state["plan_saved"] = (
            f"Your plan is now shared with {service_name(sid)}." if new
            else f"You stopped sharing your plan with {service_name(sid)}."
        )
        st.rerun()
