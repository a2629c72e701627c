"""Scheduling (transition worker, team manager): run the scheduler for the area without blocking
the page, see its proposal beside the current plan and accept it; and the family meetings the
plan holds together for the people the user may see.

The run happens in a background thread with its own store connection (planner.planning.jobs); this page
only starts it and polls its progress with a fragment that reruns every second.
"""

import datetime as dt
import json

import streamlit as st

from pages import _frame
from planner import access, store
from planner.planning import jobs, runs
from planner.views import plan
from planner.views.words import long_date, pluralise

DATE = st.column_config.DateColumn(format="D MMM YYYY")


def when(text: str | None) -> str:
    """'14:02 on 23 November 2026' from a stored ISO time."""
    if not text:
        return "an unknown time"
    t = dt.datetime.fromisoformat(text)
    return f"{t:%H:%M} on {long_date(t.date())}"


def finished(job: jobs.Job) -> None:
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
    job = jobs.REGISTRY.get(job_id)
    if job is None:
        return
    if job.done:
        st.rerun(scope="app")  # the whole page shows the result and the new proposal
    st.progress(job.fraction, text=f"{runs.progress_words(job.phase, job.info)}. "
                f"{job.seconds:.0f} of about {job.expected_seconds:.0f} seconds.")


user = _frame.guard("scheduling")
st.title("Scheduling")
db = _frame.database_or_stop("there is nothing to schedule")
today = _frame.today()
if flash := st.session_state.pop("schedule_flash", None):
    st.success(flash)
areas = plan.areas_for(db, user)
if not areas:
    st.info("There are no young people in the database yet, so there is nothing to schedule.")
    st.stop()
area = areas[0] if len(areas) == 1 else st.selectbox("Area", options=areas, key="schedule_area")
area_name = area[:1].upper() + area[1:]
teams = {t["id"]: t["name"] for t in store.list_teams(db, area)}

# --- run -----------------------------------------------------------------------------------------
st.header("Run the scheduler")
st.markdown(
    f"The scheduler plans every handover step in {area_name} for the next three years against each team's "
    "capacity: first the fewest weeks with no service between children's and adult services, then the "
    "fewest statutory deadlines missed, then the fewest separate family meetings. It runs in the background, "
    "so you can keep using the planner. Its result is a proposal: nothing changes until someone accepts it.")
limit = st.number_input("Time limit (seconds)", min_value=5, max_value=600, value=50, step=5, key="schedule_limit",
                        help="A longer run can find a better plan. The plan is always valid, however short the run.")
running = jobs.REGISTRY.running(jobs.PLAN_AREA, area)
if st.button("Run the scheduler", key="run_scheduler", disabled=running is not None):
    try:
        running = jobs.start_plan_area(_frame.db_path(), area, today, time_limit=float(limit), by=user.username)
    except jobs.JobRunning as busy:
        running = busy.job
    st.session_state["schedule_job"] = running.id
job_id = st.session_state.get("schedule_job") or (running.id if running else None)
job = jobs.REGISTRY.get(job_id) if job_id else None
if job is not None and job.done:
    finished(job)
elif job is not None:
    if job.started_by != user.username:
        st.info(f"{job.started_by} started a run for {area_name} at {job.started_at:%H:%M}. Its progress is below.")
    progress(job.id)

# --- the proposal beside the current plan --------------------------------------------------------
st.header("The proposal beside the current plan")
area_runs = store.list_schedule_runs(db, area)
current = next((r for r in area_runs if r["status"] == "accepted"), None)
proposal = next((r for r in area_runs if r["status"] == "proposed"), None)
if proposal is not None and current is not None and proposal["id"] < current["id"]:
    proposal = None  # made before the plan now in force: accepting it would undo a newer plan
if proposal is None:
    st.markdown("There is no proposal waiting. Run the scheduler to make one."
                + (f" The current plan is run {current['id']}, made at {when(current['finished_at'])}." if current
                   else " There is no accepted plan yet."))
else:
    new = json.loads(proposal["detail"] or "{}")
    now = json.loads(current["detail"] or "{}") if current else None
    st.markdown(
        f"**Proposal:** run {proposal['id']}, made by {proposal['run_by']} at {when(proposal['finished_at'])} "
        f"from {long_date(plan.as_date(new['as_of']))}: {pluralise(new.get('people', 0), 'young person', 'young people')}, "
        f"{pluralise(new.get('handovers', 0), 'handover')}, {pluralise(new.get('steps', 0), 'step')}. "
        + (f"**Current plan:** run {current['id']}, made at {when(current['finished_at'])}." if current
           else "There is no current plan yet."))
    st.markdown(plan.compare_words(now["final"] if now else None, new["final"]))
    st.dataframe(plan.compare(now["final"] if now else None, new["final"]), hide_index=True, width="stretch")
    st.markdown("Lower is better on every line. **Distance from the lower bound:** "
                + plan.bound_words(new["final"], new.get("lower_bound"), teams))
    changed = plan.replans_since(db, area, proposal["finished_at"])
    if changed:
        st.warning(f"{pluralise(changed, 'young person', 'young people')}'s plans were changed by hand after this "
                   "proposal was made. Accepting it puts their steps where the proposal has them (steps already "
                   "done are kept). Run the scheduler again to keep those changes.")
    if st.button("Accept this plan", key="accept_plan", type="primary"):
        try:
            counts = runs.accept(db, proposal["id"], user.username)
        except (ValueError, store.NotFoundError) as refused:
            st.error(str(refused))
        else:
            st.session_state["schedule_flash"] = (
                f"Accepted: run {proposal['id']} is now the plan for {area_name} "
                f"({pluralise(counts['handovers'], 'handover')}, {pluralise(counts['steps'], 'step')}). "
                "Steps already done were kept.")
            st.rerun()
if area_runs:
    with st.expander("Earlier runs"):
        st.dataframe(
            [{"Run": r["id"], "Status": r["status"], "Made by": r["run_by"], "Finished": when(r["finished_at"]),
              "Gap weeks": r["gap_weeks"], "Statutory deadlines missed": r["breaches"]} for r in area_runs[:10]],
            hide_index=True, width="stretch")

# --- merged meetings -----------------------------------------------------------------------------
st.header("Family meetings held together")
people = [p for p in plan.people_for(db, user) if p["area"] == area]
meetings = plan.meetings_for_people(db, people, teams)
store.audit(db, user.username, "meetings viewed", None, f"{len(people)} people, {len(meetings)} meetings")
whose = "your team's young people" if user.role is access.Role.TEAM_MANAGER else "your caseload"
st.markdown(
    f"In the current plan, {pluralise(len(meetings), 'family meeting')} for {whose} "
    f"({pluralise(len(people), 'young person', 'young people')}) each hold two or more reviews, "
    "so the family goes to one meeting instead of several. Invite every team listed.")
if meetings:
    st.dataframe(
        [{"Week of": m.week_of, "Young person": m.name, "Reviews held together": "; ".join(m.titles),
          "Who to invite": m.invite} for m in meetings],
        hide_index=True, width="stretch", column_config={"Week of": DATE})
