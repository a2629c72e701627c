"""My plan: what I want in my own words, my one-page profile, and who I share it with."""

import streamlit as st

from pages import _frame
from planner.views.pages import my_plan as view
from planner.views.words import long_date

req = _frame.request("my_plan")
plan = _frame.shown(lambda: view.show(req))
pid = plan.person_id
can_edit = plan.can_edit
can_consent = plan.can_consent
saved = st.session_state.pop("plan_saved", None)

st.title("My plan")
if saved:
    st.success(saved)

st.header("What I want for my future")
st.markdown("Say it in your own words. Every service you share your plan with will see it.")
# As for the profile below: the version on screen when the form was drawn, so that a save made
# after someone else's is refused (with who and when) instead of overwriting it.
wants_key = f"aspirations_version_shown_{pid}"
wants_version = st.session_state.get(wants_key, plan.aspirations_version)
with st.form("aspirations_form"):
    answers = {
        key: st.text_area(question, value=plan.aspirations.get(key, ""), key=f"asp_{key}", disabled=not can_edit)
        for key, question in view.ASPIRATION_QUESTIONS.items()
    }
    if st.form_submit_button("Save what I want", disabled=not can_edit):
        try:
            done = view.save_aspirations(req, pid, answers, expected_version=wants_version)
        except view.Refused as stale:
            st.error(str(stale))
        else:
            st.session_state.pop(wants_key, None)
            st.session_state["plan_saved"] = done
            st.rerun()
st.session_state[wants_key] = plan.aspirations_version

st.header("About me: my one-page profile")
st.markdown("So you only tell your story once.")
# The version on screen when the form was last drawn: a save after someone else's is refused.
shown_key = f"profile_version_shown_{pid}"
shown_version = st.session_state.get(shown_key, plan.profile_version)
with st.form("profile_form"):
    profile = {
        key: st.text_area(question, value=plan.profile.get(key, ""), key=f"prof_{key}", disabled=not can_edit)
        for key, question in view.PROFILE_QUESTIONS.items()
    }
    if st.form_submit_button("Save my profile", disabled=not can_edit):
        try:
            done = view.save_profile(req, pid, profile, expected_version=shown_version)
        except view.Refused as stale:
            st.error(str(stale))
        else:
            st.session_state.pop(shown_key, None)
            st.session_state["plan_saved"] = done
            st.rerun()
st.session_state[shown_key] = plan.profile_version

st.header("Who can see my plan")
if can_consent:
    st.markdown("Switch on each service you want to share your plan with. You can switch it off at any time.")
else:
    st.markdown("Only the young person can change this now.")
for s in plan.sharing:
    new = st.toggle(f"Share with {s.name}", value=s.shared, key=f"consent_{s.service_id}", disabled=not can_consent)
    st.markdown(f"{s.name}: {'shared' if new else 'not shared'}")
    if new != s.shared and can_consent:
        st.session_state["plan_saved"] = _frame.shown(view.set_consent, req, pid, s.service_id, new)
        st.rerun()

done_so_far = plan.outcomes
if done_so_far is not None:
    st.header("What I wanted and what happened" if plan.can_check_in else "What they wanted and what happened")
    if done_so_far.aims:
        st.markdown("\n".join(f"- {line}" for line in done_so_far.aims))
    else:
        st.markdown("Nothing yet. Write what you want above, and it will show here with what happens.")

if plan.can_check_in:
    st.header("How is it going?")
    last = done_so_far.last_check_in if done_so_far else None
    st.markdown("A few short questions. Answer the ones you want to. "
                + (f"You last answered on {long_date(last)}." if last else ""))
    questions, choices = view.CHECK_IN_QUESTIONS, view.CHECK_IN_CHOICES

    def choice(field: str, options: dict, widget=st.radio):
        kw = {"horizontal": True} if widget is st.radio else {"placeholder": "Choose one"}
        return widget(questions[field], options=list(options), format_func=options.get, index=None,
                      key=f"check_in_{field}", **kw)

    with st.form("check_in_form", clear_on_submit=True):
        answers = {"going": choice("going", choices["going"]),
                   "doing": choice("doing", choices["doing"], st.selectbox),
                   "paid_hours": st.number_input(questions["paid_hours"], min_value=0.0, max_value=100.0, value=None,
                                                 step=1.0, key="check_in_paid_hours"),
                   "doing_where": st.text_input(questions["doing_where"], key="check_in_doing_where", max_chars=200),
                   "living": choice("living", choices["living"], st.selectbox)}
        for field in ("friends", "activities", "travels", "adult_gp", "health_check"):
            answers[field] = choice(field, choices["yes_no"])
        for field in ("aim_employment", "aim_independent_living", "aim_community_inclusion", "aim_good_health"):
            answers[field] = choice(field, choices["aim"])
        answers["words"] = st.text_area(questions["words"], key="check_in_words", max_chars=2000)
        if st.form_submit_button("Send my answers"):
            given = {k: v for k, v in answers.items() if v not in (None, "")}
            try:
                st.session_state["plan_saved"] = view.check_in(req, pid, given)
            except view.Refused as bad:
                st.warning(str(bad))
            else:
                st.rerun()
