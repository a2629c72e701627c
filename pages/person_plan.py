"""A person's plan (transition worker, team manager): one young person's handovers with their
dated steps, the gap of each handover in words, the family meetings the plan merges and who to
invite; move a step and see the effect before saving; record what happened.

The person comes from session state (set by the caseload page) or the select box of the people
the user may see, never from the URL; `read_person` checks access again and audits the read.
"""


import altair as alt
import streamlit as st

from pages import _frame
from planner.views.pages import person_plan as view
from planner.views.words import long_date, md, pluralise

EVENTS = view.EVENTS
CHOICE = "person_plan_choice"
DATE = st.column_config.DateColumn(format="D MMM YYYY")


def remember_choice() -> None:
    st.session_state["plan_person_id"] = st.session_state[CHOICE]
    st.session_state.pop("person_plan_effect", None)


req = _frame.request("person_plan")
_frame.roomy_date_fields()
st.title("A person's plan")
today = req.today
# The choice is in session state before its select box is drawn (set by the caseload page or by
# the box itself), so one call reads the list of people and the chosen person's plan.
shown = _frame.shown(lambda: view.show(req, st.session_state.get("plan_person_id"), st.session_state.get(CHOICE)))
if flash := st.session_state.pop("person_plan_flash", None):
    st.success(flash)

if not shown.people:
    st.info("There is no one you can open yet: your caseload is empty.")
    st.stop()
labels = shown.people
if shown.chosen is not None:
    st.session_state[CHOICE] = shown.chosen
pid = st.selectbox("Young person", options=list(labels), format_func=labels.get, index=None,
                   placeholder="Choose a young person", key=CHOICE, on_change=remember_choice)
if pid is None or pid != shown.chosen:
    st.info("Choose a young person to see their plan.")
    st.stop()
if shown.refusal:
    st.warning(shown.refusal)
    st.stop()
mine = shown.plan
views, meetings = mine.handovers, mine.meetings

st.header(f"{md(mine.name)}, {mine.age}")
st.markdown(
    f"On {long_date(today)}: {pluralise(len(views), 'handover')} planned, "
    f"{pluralise(mine.gaps, 'with a gap', 'with a gap')}, {pluralise(mine.overdue, 'step')} overdue, "
    f"{pluralise(len(meetings), 'merged family meeting')}."
)
# --- told once: their words, as far as they share them with this worker's team --------------------
about = mine.about
if about.flag:
    st.warning(md(about.flag), icon=":material/record_voice_over:")  # the Accessible Information Standard's flag
if about.parts:
    st.markdown(f"*{md(about.reason)}*")
else:
    st.info(md(about.reason))
if about.communication:
    st.subheader(f"How {md(mine.name)} communicates")
    st.html(mine.communication_html())
    if about.review:
        st.markdown(f"*{md(about.review)}*")
if about.wishes or about.profile:
    st.subheader(f"About {md(mine.name)}, in their words")
    st.html(mine.about_html())
if about.still_to_ask:
    st.markdown("**Not told yet** (ask only these): " + "; ".join(md(x) for x in about.still_to_ask) + ".")
if about.worker:
    contact = ", ".join(x for x in (about.worker.phone, about.worker.email) if x)
    st.markdown(f"**Named worker:** {md(about.worker.name)}" + (f", {md(about.worker.team)}" if about.worker.team else "")
                + (f" ({md(contact)})" if contact else "") + ".")
with st.expander("Who they share their words with"):
    st.markdown("\n".join(f"- {md(line)}" for line in about.sharing) or "No one yet.")
for referral in mine.referrals:
    with st.expander(f"Referral to {md(referral.service)}: what goes with it"):
        st.text(referral.as_text())
        st.download_button(f"Download the referral text for {md(referral.service)}", referral.as_text(),
                           file_name=f"referral-{referral.service.lower().replace(' ', '-')}.txt",
                           mime="text/plain", key=f"referral_{referral.service}")

if not views:
    st.info("The scheduler has not planned any handovers for this young person yet. A worker can run it on "
            "the Scheduling page.")

st.markdown("What each step's status means: " + "; ".join(f"**{w}**" for w in view.STATUS_WORDS.values()) + ".")

# --- the timeline -----------------------------------------------------------------------------
st.header("Timeline")
rows = mine.chart_rows()
ends = mine.chart_ends()
if rows:
    base = alt.Chart(alt.Data(values=rows)).encode(
        y=alt.Y("handover:N", title=None, sort=[v.title for v in views]),
        tooltip=[alt.Tooltip("step:N", title="Step"), alt.Tooltip("when:N", title="When"),
                 alt.Tooltip("status:N", title="Status")])
    bars = base.mark_bar(height=8, opacity=0.45).encode(x=alt.X("start:T", title="Date"), x2="end:T")
    shapes = list(view.STATUS_WORDS.values())
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
                    "same in words.").configure(**view.CHART_CONFIG), width="stretch", theme=None)
    st.markdown("Each bar is a step, its shape says its status, and the upright tick on a row is the day the "
                "children's service ends. The tables below say the same in words.")
upcoming = mine.upcoming
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
movable = mine.movable
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
                preview = view.preview_move(req, mine, step_id, new_day)
        except view.Refused as bad:
            st.error(str(bad))
        else:
            st.session_state["person_plan_effect"] = preview
    held = st.session_state.get("person_plan_effect")
    if held and held.person_id == pid:
        moved, moved_to, effect = held.step_id, held.moved_to, held.effect
        st.subheader("The effect of this change")
        st.markdown(f"Moving “{movable[moved].title if moved in movable else moved}” to start on or after "
                    f"{long_date(moved_to)}, with the rest of {md(mine.name)}'s steps re-planned around it:")
        st.markdown("\n".join([
            f"- Gap weeks: {effect.gap_weeks_before} → {effect.gap_weeks_after}",
            f"- Statutory deadlines missed: {effect.breaches_before} → {effect.breaches_after}",
            f"- Separate family meetings: {effect.meetings_before} → {effect.meetings_after}",
        ]))
        for message in effect.messages:
            st.warning(message)
        st.markdown("Gaps after the change:\n" + "\n".join(
            f"- {v.title}: {v.gap_sentence}" for v in held.gaps_after if v.due))
        shifted = held.moves
        if shifted:
            st.markdown("Steps that would move:")
            st.dataframe([{"Step": m["title"], "From": m["from"], "To": m["to"]} for m in shifted],
                         hide_index=True, width="stretch", column_config={"From": DATE, "To": DATE})
        else:
            st.markdown("No step would move.")
        save, discard = st.columns(2)
        if save.button("Save", key="save_effect", type="primary"):
            try:
                view.save_move(req, held)
            except view.Refused as stale:
                st.session_state.pop("person_plan_effect", None)
                st.error(str(stale))
            else:
                st.session_state.pop("person_plan_effect", None)
                st.session_state["person_plan_flash"] = (
                    f"Saved. Gap weeks are now {effect.gap_weeks_after} for {md(mine.name)}.")
                st.rerun()
        if discard.button("Discard this change", key="discard_effect"):
            st.session_state.pop("person_plan_effect", None)
            st.rerun()

# --- record what happened ---------------------------------------------------------------------
st.header("Record what happened")
step_titles = mine.step_titles
with st.form("record_event", clear_on_submit=True):
    kind = st.selectbox("What happened", options=list(EVENTS), format_func=EVENTS.get, key="event_kind")
    day = st.date_input("Date", value=today, max_value=today, format="DD/MM/YYYY", key="event_date")
    which = st.selectbox("Which step", options=[None, *step_titles], key="event_step",
                         format_func=lambda sid: "No particular step" if sid is None else step_titles[sid])
    note = st.text_area("Note", key="event_note", max_chars=2000)
    if st.form_submit_button("Record"):
        try:
            done = view.record_event(req, pid, kind, day, which, note)
        except view.Refused as bad:
            st.error(str(bad))
        else:
            st.session_state["person_plan_flash"] = done
            st.rerun()

if mine.recorded:
    st.subheader("Recorded so far")
    st.dataframe(mine.recorded, hide_index=True, width="stretch", column_config={"Date": DATE})

# --- outcomes ------------------------------------------------------------------------------------
st.header("Outcomes")
done_so_far = mine.outcomes
choices = view.OUTCOME_CHOICES
st.subheader("What they wanted and what happened")
if done_so_far.aims:
    st.markdown("\n".join(f"- {md(line)}" for line in done_so_far.aims))
else:
    st.markdown(f"{md(mine.name)} has not said what they want yet (the young person writes it in “My plan”).")
with st.expander("When the points that matter fall"):
    st.markdown("A record counts for a point when its date falls in the point's window:\n"
                + "\n".join(f"- {p}" for p in done_so_far.points))
with st.form("record_outcome", clear_on_submit=True):
    st.markdown("**Record an outcome.** Leave anything you do not know as “Not known”.")
    col1, col2 = st.columns(2)
    observed = col1.date_input("Date it was true", value=today, max_value=today, format="DD/MM/YYYY",
                               key="outcome_date")
    source = col2.selectbox("Where it comes from", options=choices.SOURCES, key="outcome_source")
    col1, col2, col3 = st.columns(3)
    activity = col1.selectbox("Education, work or training", options=list(choices.ACTIVITY_CHOICES),
                              format_func=choices.ACTIVITY_CHOICES.get, key="outcome_activity")
    where = col2.text_input("Where (college, employer, place)", key="outcome_where", max_chars=200)
    since = col3.date_input("Since", value=None, max_value=today, format="DD/MM/YYYY", key="outcome_since")
    col1, col2 = st.columns(2)
    hours = col1.number_input("Paid hours a week", min_value=0.0, max_value=100.0, value=None, step=1.0,
                              key="outcome_hours")
    living = col2.selectbox("Where and how they live", options=list(choices.LIVING_CHOICES),
                            format_func=choices.LIVING_CHOICES.get, key="outcome_living")
    facts, cols = {}, st.columns(3) + st.columns(3)
    for col, (name, label) in zip(cols, choices.YES_NO_WORDS.items(), strict=True):
        facts[name] = col.selectbox(label, options=list(choices.YES_NO_CHOICES),
                                    format_func=choices.YES_NO_CHOICES.get, key=f"outcome_{name}")
    cease = st.selectbox("Did the EHC plan end on this date? (SEN2 reason)", options=list(choices.CEASE_CHOICES),
                         format_func=choices.CEASE_CHOICES.get, key="outcome_cease")
    note = st.text_area("Comments", key="outcome_note", max_chars=2000)
    if st.form_submit_button("Save this outcome"):
        form = {"observed_on": observed, "source": source, "activity": activity, "activity_where": where.strip(),
                "activity_since": since, "paid_hours": hours, "living": living, "cease_reason": cease,
                "note": note.strip(), **facts}
        try:
            done = view.record_outcome(req, pid, form)
        except view.Refused as bad:
            st.error(str(bad))
        else:
            st.session_state["person_plan_flash"] = done
            st.rerun()
if done_so_far.rows:
    st.subheader("Outcome records")
    st.dataframe(done_so_far.rows, hide_index=True, width="stretch", column_config={"Date": DATE})
else:
    st.markdown("No outcome has been recorded yet.")
