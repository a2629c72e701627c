"""Scheduling (transition worker, team manager): run the scheduler for the area without blocking
the page, see its proposal beside the current plan and accept it; and the family meetings the
plan holds together for the people the user may see.

The run happens in a background thread with its own store connection (planner.planning.jobs); this page
only starts it and polls its progress with a fragment that reruns every second.
"""

import datetime as dt

import streamlit as st

from pages import _frame
from planner.views.pages import scheduling as view
from planner.views.words import long_date, md, pluralise

DATE = st.column_config.DateColumn(format="D MMM YYYY")


def when(text: str | None) -> str:
    """'14:02 on 23 November 2026' from a stored ISO time."""
    if not text:
        return "an unknown time"
    t = dt.datetime.fromisoformat(text)
    return f"{t:%H:%M} on {long_date(t.date())}"


def finished(job: view.Job) -> None:
    """Say how a run ended, once, in the page run that first sees it end."""
    st.session_state.pop("schedule_job", None)
    if job.error:
        st.error(f"The scheduler stopped without a proposal: {job.error}")
    else:
        run = job.result
        st.success(f"The scheduler finished in {job.seconds:.0f} seconds: proposal {run.run_id} plans "
                   f"{pluralise(run.steps, 'step')} for {pluralise(run.people, 'young person', 'young people')}. "
                   "It is shown below; nothing changes until it is accepted.")


@st.fragment(run_every=1.0)
def progress(job_id: str) -> None:
    job = view.job(job_id, req)
    if job is None:
        return
    if job.done:
        st.rerun(scope="app")  # the whole page shows the result and the new proposal
    st.progress(job.fraction, text=view.progress_words(job))


req = _frame.request("scheduling")
st.title("Scheduling")
# The area's choice is in session state before its select box is drawn, so one call serves both.
page = _frame.shown(lambda: view.show(req, st.session_state.get("schedule_area"),
                                      st.session_state.get("schedule_job")))
if flash := st.session_state.pop("schedule_flash", None):
    st.success(flash)
areas = page.areas
if not areas:
    st.info("There are no young people in the database yet, so there is nothing to schedule.")
    st.stop()
area = areas[0] if len(areas) == 1 else st.selectbox("Area", options=areas, key="schedule_area")
area_name = page.area_name

# --- run -----------------------------------------------------------------------------------------
st.header("Run the scheduler")
st.markdown(
    f"The scheduler plans every handover step in {area_name} for the next three years against each team's "
    "capacity: first the fewest weeks with no service between children's and adult services, then the "
    "fewest statutory deadlines missed, then the fewest separate family meetings. It runs in the background, "
    "so you can keep using the planner. Its result is a proposal: nothing changes until someone accepts it.")
limit = st.number_input("Time limit (seconds)", min_value=5, max_value=600, value=50, step=5, key="schedule_limit",
                        help="A longer run can find a better plan. The plan is always valid, however short the run.")
if st.button("Run the scheduler", key="run_scheduler", disabled=page.running is not None):
    st.session_state["schedule_job"] = _frame.shown(lambda: view.start_run(req, area, limit)).id
    st.rerun()  # the page follows the run from the next page run
job = page.job
if job is not None and job.done:
    finished(job)
elif job is not None:
    if job.started_by != req.username:
        st.info(f"{job.started_by} started a run for {md(area_name)} at {job.started_at:%H:%M}. Its progress is below.")
    progress(job.id)

# --- the proposal beside the current plan --------------------------------------------------------
st.header("The proposal beside the current plan")
current, proposal = page.current, page.proposal
if proposal is None:
    st.markdown("There is no proposal waiting. Run the scheduler to make one."
                + (f" The current plan is run {current['id']}, made at {when(current['finished_at'])}." if current
                   else " There is no accepted plan yet."))
else:
    new = page.proposal_detail
    st.markdown(
        f"**Proposal:** run {proposal['id']}, made by {proposal['run_by']} at {when(proposal['finished_at'])} "
        f"from {long_date(view.as_date(new['as_of']))}: {pluralise(new.get('people', 0), 'young person', 'young people')}, "
        f"{pluralise(new.get('handovers', 0), 'handover')}, {pluralise(new.get('steps', 0), 'step')}. "
        + (f"**Current plan:** run {current['id']}, made at {when(current['finished_at'])}." if current
           else "There is no current plan yet."))
    table, sentence, bound = page.compare()
    st.markdown(sentence)
    st.dataframe(table, hide_index=True, width="stretch")
    st.markdown("Lower is better on every line. **Distance from the lower bound:** " + bound)
    changed = page.replans
    if changed:
        st.warning(f"{pluralise(changed, 'young person', 'young people')}'s plans were changed by hand after this "
                   "proposal was made. Accepting it puts their steps where the proposal has them (steps already "
                   "done are kept). Run the scheduler again to keep those changes.")
    reason = None
    if page.worse:
        st.warning(page.worse_words())
        reason = st.text_area("Why accept it anyway?", key="accept_reason", disabled=not page.may_accept)
    if not page.may_accept:
        st.caption("Only a team manager or an administrator can accept an area's plan.")
    if st.button("Accept this plan", key="accept_plan", type="primary", disabled=not page.may_accept):
        try:
            st.session_state["schedule_flash"] = view.accept(req, page, reason)
        except view.Refused as refused:
            st.error(str(refused))
        else:
            st.rerun()
if page.earlier:
    with st.expander("Earlier runs"):
        st.dataframe(
            [{"Run": r["id"], "Status": r["status"], "Made by": r["run_by"], "Finished": when(r["finished_at"]),
              "Gap weeks": r["gap_weeks"], "Statutory deadlines missed": r["breaches"]} for r in page.earlier],
            hide_index=True, width="stretch")

# --- merged meetings -----------------------------------------------------------------------------
st.header("Family meetings held together")
meetings = page.meetings
whose = "your team's young people" if page.manager else "your caseload"
st.markdown(
    f"In the current plan, {pluralise(len(meetings), 'family meeting')} for {whose} "
    f"({pluralise(page.people, 'young person', 'young people')}) each hold two or more reviews, "
    "so the family goes to one meeting instead of several. Invite every team listed.")
if meetings:
    st.dataframe(
        [{"Week of": m.week_of, "Young person": m.name, "Reviews held together": "; ".join(m.titles),
          "Who to invite": m.invite} for m in meetings],
        hide_index=True, width="stretch", column_config={"Week of": DATE})
