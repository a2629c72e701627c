"""My plan (or "Sam's plan"): what the young person wants, their one-page profile, how they
communicate, and who sees what. Told once: each answer stays here and every service the young
person shares with reads the same words."""

import streamlit as st

from pages import _frame
from planner.views.pages import my_plan as view
from planner.views.words import long_date, md

req = _frame.request("my_plan")
plan = _frame.shown(lambda: view.show(req))
pid = plan.person_id
W = view.WordsRecord
saved = st.session_state.pop("plan_saved", None)

st.title(md(plan.title))
if saved:
    st.success(saved)
st.markdown(md(plan.intro))
st.html(plan.tasks_html())


def shown_version(record) -> int:
    """The version on screen when this form was last drawn: a save after someone else's is refused."""
    return st.session_state.get(f"shown_{record.value}_{pid}", plan.versions.get(record.value, 0))


def remember_versions() -> None:
    for record in (W.WISHES, W.PROFILE, W.COMMUNICATION, W.CONSENT):
        st.session_state[f"shown_{record.value}_{pid}"] = plan.versions.get(record.value, 0)


def save(call, *args) -> None:
    """Run a save; on success forget the versions shown and say so; on refusal say why."""
    try:
        done = call(req, pid, *args)
    except view.Refused as refused:
        (st.error if refused.serious else st.warning)(str(refused))
    else:
        for record in (W.WISHES, W.PROFILE, W.COMMUNICATION, W.CONSENT):
            st.session_state.pop(f"shown_{record.value}_{pid}", None)
        st.session_state["plan_saved"] = done
        st.rerun()


def field(record, key: str, question: str, value: str, widget_key: str) -> str:
    locked = plan.is_locked(record, key)
    text = st.text_area(question, value=value, key=widget_key, disabled=locked)
    if locked and value:
        st.markdown(f"*{plan.why_locked(record, key)}*")
    return value if locked else text


st.header(md(plan.heading(W.WISHES)))
st.markdown("Say it in your own words." if plan.reader.own else f"In {md(plan.reader.your)} own words.")
with st.form("aspirations_form"):
    answers = {key: field(W.WISHES, key, question, plan.aspirations.get(key, ""), f"asp_{key}")
               for key, question in view.ASPIRATION_QUESTIONS.items()}
    if st.form_submit_button("Save what I want" if plan.reader.own else "Save these answers",
                             disabled=not plan.can_edit):
        save(view.save_aspirations, answers, shown_version(W.WISHES))

st.header(md(plan.heading(W.PROFILE)))
with st.form("profile_form"):
    profile = {key: field(W.PROFILE, key, question, plan.profile.get(key, ""), f"prof_{key}")
               for key, question in view.PROFILE_QUESTIONS.items()}
    if st.form_submit_button("Save my profile" if plan.reader.own else "Save the profile", disabled=not plan.can_edit):
        save(view.save_profile, profile, shown_version(W.PROFILE))

st.header(md(plan.heading(W.COMMUNICATION)))
st.markdown("Health and care services must ask how you need information and help to communicate, record it, "
            "and share it with your consent (the NHS Accessible Information Standard)." if plan.reader.own else
            f"Health and care services must ask how {md(plan.reader.name)} needs information and help to communicate, "
            "record it, and share it with consent (the NHS Accessible Information Standard).")
needs = plan.communication
with st.form("communication_form"):
    chosen = {"how_i_communicate": field(W.COMMUNICATION, "how_i_communicate", view.COMMUNICATION_QUESTIONS[
        "how_i_communicate"], needs.how_i_communicate, "comm_how_i_communicate")}
    for group, (question, options) in view.NEED_GROUPS.items():
        locked = plan.is_locked(W.COMMUNICATION, group)
        picked = st.multiselect(question, options=list(options), default=list(getattr(needs, group)),
                                format_func=options.get, key=f"comm_{group}", disabled=locked)
        chosen[group] = list(getattr(needs, group)) if locked else picked
    chosen["other_needs"] = field(W.COMMUNICATION, "other_needs", view.COMMUNICATION_QUESTIONS["other_needs"],
                                  needs.other_needs, "comm_other_needs")
    if st.form_submit_button("Save how I communicate" if plan.reader.own else "Save communication needs",
                             disabled=not plan.can_edit):
        save(view.save_communication, chosen, shown_version(W.COMMUNICATION))

st.header(md(plan.heading(W.CONSENT)))
st.markdown(md(plan.decides))
if plan.can_choose_parent:
    parent = st.toggle("My parent or carer can see my plan", value=plan.parent_sees, key="consent_parent")
    if parent != plan.parent_sees:
        save(view.set_parent_sharing, parent, shown_version(W.CONSENT))
if plan.can_consent:
    st.markdown("Choose what each service sees. You can change this at any time.")
else:
    st.markdown(f"Only {'you' if plan.reader.own else md(plan.reader.name)} can change this now.")
for s in plan.sharing:
    st.subheader(s.name)
    parts = set(s.parts)
    for part in view.Part:
        on = st.toggle(s.label(part), value=part in s.parts, key=f"consent_{s.service_id}_{part.value}",
                       disabled=not plan.can_consent)
        (parts.add if on else parts.discard)(part)
    if plan.can_consent and frozenset(parts) != s.parts:
        save(view.set_sharing, s.service_id, frozenset(parts), shown_version(W.CONSENT))
st.markdown("Every change here is kept, with who made it and when.")
remember_versions()

done_so_far = plan.outcomes
if done_so_far is not None:
    st.header("What I wanted and what happened" if plan.can_check_in else "What they wanted and what happened")
    if done_so_far.aims:
        st.markdown("\n".join(f"- {md(line)}" for line in done_so_far.aims))
    else:
        st.markdown("Nothing yet. Write what you want above, and it will show here with what happens.")

if plan.can_check_in:
    st.header("How is it going?")
    last = done_so_far.last_check_in if done_so_far else None
    st.markdown("A few short questions. Answer the ones you want to. "
                + (f"You last answered on {long_date(last)}." if last else ""))
    questions, choices = view.CHECK_IN_QUESTIONS, view.CHECK_IN_CHOICES

    def choice(name: str, options: dict, widget=st.radio):
        kw = {"horizontal": True} if widget is st.radio else {"placeholder": "Choose one"}
        return widget(questions[name], options=list(options), format_func=options.get, index=None,
                      key=f"check_in_{name}", **kw)

    with st.form("check_in_form", clear_on_submit=True):
        answers = {"going": choice("going", choices["going"]),
                   "doing": choice("doing", choices["doing"], st.selectbox),
                   "paid_hours": st.number_input(questions["paid_hours"], min_value=0.0, max_value=100.0, value=None,
                                                 step=1.0, key="check_in_paid_hours"),
                   "doing_where": st.text_input(questions["doing_where"], key="check_in_doing_where", max_chars=200),
                   "living": choice("living", choices["living"], st.selectbox)}
        for name in ("friends", "activities", "travels", "adult_gp", "health_check"):
            answers[name] = choice(name, choices["yes_no"])
        for name in ("aim_employment", "aim_independent_living", "aim_community_inclusion", "aim_good_health"):
            answers[name] = choice(name, choices["aim"])
        answers["words"] = st.text_area(questions["words"], key="check_in_words", max_chars=2000)
        if st.form_submit_button("Send my answers"):
            given = {k: v for k, v in answers.items() if v not in (None, "")}
            try:
                st.session_state["plan_saved"] = view.check_in(req, pid, given)
            except view.Refused as bad:
                st.warning(str(bad))
            else:
                st.rerun()
