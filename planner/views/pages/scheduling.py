"""Scheduling (transition worker, team manager): the area's scheduler runs, the proposal beside
the current plan, the run going on in the background (in this app server or another: runs are
rows in the store), and the family meetings the plan holds together for the people the user may
see (audited: "meetings viewed"). Starting a run and accepting a proposal are the changes;
only a team manager or an administrator accepts, a proposal worse than the plan in force only
with a reason (both audited by the store)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from planner import access, store
from planner.planning import jobs, runs
from planner.planning.jobs import Job
from planner.views import plan
from planner.views.pages import Refused, Request, StateCache, areas_of, people_of
from planner.views.plan import Meeting
from planner.views.words import pluralise

as_date = plan.as_date
__all__ = ["Job", "Meeting", "SchedulingView", "as_date", "accept", "job", "progress_words", "show", "start_run"]


CACHE = StateCache()  # a manager's people in an area and their merged meetings: once per store state


@dataclass(frozen=True)
class SchedulingView:
    areas: list[str]  # the areas of the people the user may see
    area: str = ""
    job: Job | None = None  # the run this page follows (its own, or one running for the area)
    running: Job | None = None  # a run going on for the area (only one at a time)
    current: dict | None = None  # the accepted run (store row)
    proposal: dict | None = None  # the proposed run newer than the current plan, if any
    earlier: list[dict] = field(default_factory=list)  # the latest runs, newest first
    replans: int = 0  # one-person re-plans saved since the proposal was made
    team_names: dict[str, str] = field(default_factory=dict)
    people: int = 0  # the people whose merged meetings are listed
    meetings: list[Meeting] = field(default_factory=list)
    manager: bool = False
    may_accept: bool = False  # a team manager or an administrator

    @property
    def worse(self) -> list[str]:
        """The first three objectives the proposal is worse on than the plan in force."""
        return list(self.proposal_detail.get("worse_than_current") or [])

    def worse_words(self) -> str:
        """'This proposal is worse than the plan in force on ...: ...' (empty when it is not)."""
        if not self.worse:
            return ""
        return (f"This proposal is {runs.worse_words(self.worse)} (measured on the same young people and "
                "capacity). It can only be accepted with a reason, which the audit log keeps.")

    @property
    def area_name(self) -> str:
        return self.area[:1].upper() + self.area[1:]

    @property
    def proposal_detail(self) -> dict:
        return json.loads(self.proposal["detail"] or "{}") if self.proposal else {}

    @property
    def current_detail(self) -> dict | None:
        return json.loads(self.current["detail"] or "{}") if self.current else None

    def compare(self) -> tuple[list[dict], str, str]:
        """The proposal beside the current plan: table rows, the same in a sentence, and its
        distance from the lower bound in words."""
        new, now = self.proposal_detail, self.current_detail
        final = now["final"] if now else None
        return (plan.compare(final, new["final"]), plan.compare_words(final, new["final"]),
                plan.bound_words(new["final"], new.get("lower_bound"), self.team_names))


def show(req: Request, area: str | None = None, job_id: str | None = None) -> SchedulingView:
    """The page for `area` (default the first of the user's areas), following job `job_id`."""
    user = req.require("scheduling")
    db = req.need_db("there is nothing to schedule")
    areas = areas_of(db, user)
    if not areas:
        return SchedulingView(areas=[])
    area = area if area in areas else areas[0]
    running = jobs.REGISTRY.running(jobs.PLAN_AREA, area)
    if running is None:  # a run another app server started (or one whose server stopped: failed)
        stored = jobs.status(db, area)
        running = stored if stored is not None and not stored.done else None
    job_id = job_id or (running.id if running else None)
    # Before the runs: a finished job's run is stored.
    followed = (jobs.REGISTRY.get(job_id) or jobs.stored_job(db, job_id)) if job_id else None
    area_runs = store.list_schedule_runs(db, area)
    current = next((r for r in area_runs if r["status"] == "accepted"), None)
    proposal = next((r for r in area_runs if r["status"] == "proposed"), None)
    if proposal is not None and current is not None and proposal["id"] < current["id"]:
        proposal = None  # made before the plan now in force: accepting it would undo a newer plan
    teams = {t["id"]: t["name"] for t in store.list_teams(db, area)}
    who = (user.role, user.username, user.team_id, area)
    people = CACHE.get(db, ("people", who), lambda: [p for p in people_of(db, user) if p["area"] == area])
    meetings = CACHE.get(db, ("meetings", who), lambda: plan.meetings_for_people(db, people, teams))
    req.audit("meetings viewed", None, f"{len(people)} people, {len(meetings)} meetings")
    return SchedulingView(
        areas=areas, area=area, job=followed, running=running, current=current, proposal=proposal,
        earlier=area_runs[:10], replans=plan.replans_since(db, area, proposal["finished_at"]) if proposal else 0,
        team_names=teams, people=len(people), meetings=meetings, manager=user.role is access.Role.TEAM_MANAGER,
        may_accept=str(user.role) in runs.ACCEPTERS)


def job(job_id: str, req: Request | None = None) -> Job | None:
    """A copy of a background run as it is now (for the progress bar): from this server, or
    from the store for a run another server started."""
    found = jobs.REGISTRY.get(job_id)
    if found is None and req is not None and req.db is not None:
        found = jobs.stored_job(req.db, job_id)
    return found


def progress_words(job: Job) -> str:
    return (f"{runs.progress_words(job.phase, job.info)}. "
            f"{job.seconds:.0f} of about {job.expected_seconds:.0f} seconds.")


def start_run(req: Request, area: str, time_limit: float) -> Job:
    """Start the scheduler for `area` in the background (or join the run already going on)."""
    req.require("scheduling")
    if req.db_path is None:
        raise Refused("There is no database yet, so there is nothing to schedule.")
    try:
        return jobs.start_plan_area(req.db_path, area, req.today, time_limit=float(time_limit), by=req.username)
    except jobs.JobRunning as busy:
        return busy.job


def accept(req: Request, view: SchedulingView, reason: str | None = None) -> str:
    """Make the proposal shown the area's plan (audited by the store, with `reason` when the
    proposal is worse than the plan in force); what was done, in words."""
    req.require("scheduling")
    if view.proposal is None:
        raise Refused("There is no proposal waiting.", serious=True)
    run_id = view.proposal["id"]
    try:
        counts = runs.accept(req.need_db("there is nothing to accept"), run_id, req.username, reason=reason)
    except (ValueError, store.NotFoundError) as refused:
        raise Refused(str(refused), serious=True) from None
    return (f"Accepted: run {run_id} is now the plan for {view.area_name} "
            f"({pluralise(counts['handovers'], 'handover')}, {pluralise(counts['steps'], 'step')}). "
            "Steps already done were kept.")


def warm(db, user: access.User) -> None:
    """Work out (and keep) the merged meetings of the user's people in each of their areas."""
    teams_by_area = {}
    for area in areas_of(db, user):
        teams = teams_by_area.setdefault(area, {t["id"]: t["name"] for t in store.list_teams(db, area)})
        who = (user.role, user.username, user.team_id, area)
        people = CACHE.get(db, ("people", who), lambda a=area: [p for p in people_of(db, user) if p["area"] == a])
        CACHE.get(db, ("meetings", who), lambda ps=people, ts=teams: plan.meetings_for_people(db, ps, ts))
