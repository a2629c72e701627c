"""A person's plan (transition worker, team manager): one young person's handovers with their
dated steps, the gap of each handover in words, the family meetings the plan merges and who to
invite; move a step and see the effect before saving; record what happened.

The person comes from session state (set by the caseload page) or the select box of the people
the user may see, never from the URL; `read_person` checks access again and audits the read.
"""


import altair as alt
import streamlit as st

from pages import _frame
from planner import milestones, store
from planner.access.records import NotAllowed, read_person
from planner.planning import events, person
from planner.schoolyear import age_on
from planner.views import journey, plan
from planner.views.words import long_date, pluralise

EVENTS = {
    "meeting_held": "A meeting was held", "referral_made": "A referral was made",
    "referral_accepted": "A referral was accepted", "referral_refused": "A referral was refused",
    "assessment_done": "An assessment was done", "decision_made": "A decision was made",
    "adult_service_started": "The adult service started", "service_ended": "A service ended",
    "did_not_attend": "They did not attend an appointment", "plan_ceased": "The EHC plan was ceased",
    "note": "A note only",
}
assert set(EVENTS) == set(store.EVENT_KINDS)
CHOICE = "person_plan_choice"
DATE = st.column_config.DateColumn(format="D MMM YYYY")


def remember_choice() -> None:
    st.session_state["plan_person_id"] = st.session_state[CHOICE]
    st.session_state.pop("person_plan_effect", None)


user = _frame.guard("person_plan")
_frame.roomy_date_fields()
st.title("A person's plan")
db = _frame.database_or_stop("there is no plan to show")
today = _frame.today()
if flash := st.session_state.pop("person_plan_flash", None):
    st.success(flash)

people = plan.people_for(db, user)
if not people:
    st.info("There is no one you can open yet: your caseload is empty.")
    st.stop()
labels = {p["id"]: f"{p['name']} (born {long_date(plan.as_date(p['dob']))})" for p in people}
if st.session_state.get("plan_person_id") in labels:
    st.session_state[CHOICE] = st.session_state["plan_person_id"]
pid = st.selectbox("Young person", options=list(labels), format_func=labels.get, index=None,
                   placeholder="Choose a young person", key=CHOICE, on_change=remember_choice)
if pid is None:
    st.info("Choose a young person to see their plan.")
    st.stop()
try:
    record = read_person(_frame.records(), user, pid, today, "person plan")
except NotAllowed as refused:
    st.warning(str(refused))
    st.stop()

area = store.get_person(db, pid)["area"]
teams = {t["id"]: t["name"] for t in store.list_teams(db, area)}
handovers = store.handovers_for(db, pid)
steps = store.steps_for(db, pid)
views = plan.handover_views(handovers, steps, today, teams)
meetings = plan.merged_meetings(steps, teams)
gaps = [v for v in views if v.gap_weeks]
overdue = sum(s.status == plan.STATUS_WORDS["overdue"] for v in views for s in v.steps)

st.header(f"{record.name}, {age_on(record.person.dob, today)}")
st.markdown(
    f"On {long_date(today)}: {pluralise(len(views), 'handover')} planned, "
    f"{pluralise(len(gaps), 'with a gap', 'with a gap')}, {pluralise(overdue, 'step')} overdue, "
    f"{pluralise(len(meetings), 'merged family meeting')}."
)
if not views:
    st.info("The scheduler has not planned any handovers for this young person yet. A worker can run it on "
            "the Scheduling page.")

st.markdown("What each step's status means: " + "; ".join(f"**{w}**" for w in plan.STATUS_WORDS.values()) + ".")

# --- the timeline -----------------------------------------------------------------------------
st.header("Timeline")
rows = [{"handover": v.title, "step": s.title, "start": s.start.isoformat(), "end": (s.end or s.start).isoformat(),
         "when": f"{long_date(s.start)} to {long_date(s.end or s.start)}", "status": s.status}
        for v in views for s in v.steps if s.start]
ends = [{"handover": v.title, "due": v.due.isoformat()} for v in views if v.due]
if rows:
    base = alt.Chart(alt.Data(values=rows)).encode(
        y=alt.Y("handover:N", title=None, sort=[v.title for v in views]),
        tooltip=[alt.Tooltip("step:N", title="Step"), alt.Tooltip("when:N", title="When"),
                 alt.Tooltip("status:N", title="Status")])
    bars = base.mark_bar(height=8, opacity=0.45).encode(x=alt.X("start:T", title="Date"), x2="end:T")
    shapes = list(plan.STATUS_WORDS.values())
    points = base.mark_point(size=90, filled=True, color="#1d1d1d").encode(
        x="start:T", shape=alt.Shape("status:N", title="Status", scale=alt.Scale(
            domain=shapes, range=["square", "diamond", "triangle-right", "triangle-up", "circle", "cross", "cross"])))
    layers = bars + points
    if ends:
        layers += alt.Chart(alt.Data(values=ends)).mark_tick(thickness=3, size=22, color="#8a4b00").encode(
            x="due:T", y=alt.Y("handover:N", sort=[v.title for v in views]))
    st.altair_chart(layers.properties(
        height=60 + 40 * len(views),
        description=f"Chart of {len(rows)} steps in {len(views)} handovers over time. The tables below say the "
                    "same in words."), width="stretch")
    st.markdown("Each bar is a step, its shape says its status, and the upright tick on a row is the day the "
                "children's service ends. The tables below say the same in words.")
timeline_events = journey.events(milestones.for_person(record.person, as_of=today), today)
upcoming = [e for e in timeline_events if e.start > today][:5]
if upcoming:
    st.markdown("**The next dates in their timeline** (the young person sees these on their own pages):\n"
                + "\n".join(f"- **{e.when}**: {e.title}" for e in upcoming))

# --- handovers and steps ----------------------------------------------------------------------
st.header("Handovers and their steps")
for v in views:
    st.subheader(v.title)
    ends_on = f"The children's service ends on {long_date(v.due)}. " if v.due else ""
    st.markdown(f"{ends_on}**{v.gap_sentence}**")
    st.dataframe(
        [{"Starts": s.start, "Ends": s.end, "Step": s.title, "Team": s.team, "Deadline": s.deadline,
          "Statutory deadline": "Yes" if s.statutory else "No", "Status": s.status, "Meeting": s.meeting,
          "Why this week": s.reason} for s in v.steps],
        hide_index=True, width="stretch",
        column_config={"Starts": DATE, "Ends": DATE, "Deadline": DATE})

# --- merged meetings --------------------------------------------------------------------------
st.header("Family meetings held together")
if meetings:
    st.markdown("\n".join(
        f"- In {m.when}: {' and '.join(m.titles)}. Invite: {m.invite}." for m in meetings))
else:
    st.markdown("No reviews are held together in the current plan.")

# --- move a step ------------------------------------------------------------------------------
st.header("Change a step's date")
movable = {s.id: s for v in views for s in v.steps if s.open}
if not movable:
    st.markdown("There is no open step to move.")
else:
    col1, col2 = st.columns(2)
    step_id = col1.selectbox(
        "Step to move", options=list(movable), key="move_step",
        format_func=lambda sid: f"{movable[sid].title}, starts {long_date(movable[sid].start)}"
        if movable[sid].start else movable[sid].title)
    new_day = col2.date_input("New start date", value=max(today, movable[step_id].start or today), min_value=today,
                              format="DD/MM/YYYY", key="move_date")
    if st.button("Show the effect", key="show_effect"):
        try:
            with st.spinner("Re-planning this young person's steps…"):
                effect = person.person_effect(db, pid, today, {step_id: new_day})
        except ValueError as bad:
            st.error(str(bad))
        else:
            st.session_state["person_plan_effect"] = (pid, step_id, new_day, effect)
    held = st.session_state.get("person_plan_effect")
    if held and held[0] == pid:
        _, moved, moved_to, effect = held
        st.subheader("The effect of this change")
        st.markdown(f"Moving “{movable[moved].title if moved in movable else moved}” to start on or after "
                    f"{long_date(moved_to)}, with the rest of {record.name}'s steps re-planned around it:")
        st.markdown("\n".join([
            f"- Gap weeks: {effect.gap_weeks_before} → {effect.gap_weeks_after}",
            f"- Statutory deadlines missed: {effect.breaches_before} → {effect.breaches_after}",
            f"- Separate family meetings: {effect.meetings_before} → {effect.meetings_after}",
        ]))
        for message in effect.messages:
            st.warning(message)
        after = plan.handover_views(effect.handovers_after, effect.after, today, teams)
        st.markdown("Gaps after the change:\n" + "\n".join(f"- {v.title}: {v.gap_sentence}" for v in after if v.due))
        shifted = plan.moves(effect.before, effect.after)
        if shifted:
            st.markdown("Steps that would move:")
            st.dataframe([{"Step": m["title"], "From": m["from"], "To": m["to"]} for m in shifted],
                         hide_index=True, width="stretch", column_config={"From": DATE, "To": DATE})
        else:
            st.markdown("No step would move.")
        save, discard = st.columns(2)
        if save.button("Save", key="save_effect", type="primary"):
            try:
                person.save_person(db, effect, user.username, moved=[moved])
            except store.ConflictError as stale:
                st.session_state.pop("person_plan_effect", None)
                st.error(str(stale))
            else:
                st.session_state.pop("person_plan_effect", None)
                st.session_state["person_plan_flash"] = (
                    f"Saved. Gap weeks are now {effect.gap_weeks_after} for {record.name}.")
                st.rerun()
        if discard.button("Discard this change", key="discard_effect"):
            st.session_state.pop("person_plan_effect", None)
            st.rerun()

# --- record what happened ---------------------------------------------------------------------
st.header("Record what happened")
step_titles = {s.id: f"{s.title} ({v.title})" for v in views for s in v.steps}
with st.form("record_event", clear_on_submit=True):
    kind = st.selectbox("What happened", options=list(EVENTS), format_func=EVENTS.get, key="event_kind")
    day = st.date_input("Date", value=today, max_value=today, format="DD/MM/YYYY", key="event_date")
    which = st.selectbox("Which step", options=[None, *step_titles], key="event_step",
                         format_func=lambda sid: "No particular step" if sid is None else step_titles[sid])
    note = st.text_area("Note", key="event_note", max_chars=2000)
    if st.form_submit_button("Record"):
        try:
            done = events.record_event(db, pid, kind, day, user.username, step_id=which, note=note.strip(),
                                         today=today)
        except ValueError as bad:
            st.error(str(bad))
        else:
            st.session_state["person_plan_flash"] = done.message
            st.rerun()

recorded = store.events_for(db, pid)
if recorded:
    st.subheader("Recorded so far")
    st.dataframe(
        [{"Date": plan.as_date(e["date"]), "What happened": EVENTS.get(e["kind"], e["kind"]),
          "Step": step_titles.get(e["step_id"] or "", ""), "Note": e["note"] or "", "Recorded by": e["recorded_by"]}
         for e in reversed(recorded[-20:])],
        hide_index=True, width="stretch", column_config={"Date": DATE})
