"""Scheduling (transition worker, team manager): the area's scheduler runs, the proposal beside
the current plan, the run going on in the background, and the family meetings the plan holds
together for the people the user may see (audited: "meetings viewed"). Starting a run and
accepting a proposal are the changes (accepting is audited by the store)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from planner import access, store
from planner.planning import jobs, runs
from planner.planning.jobs import Job
from planner.views import plan
from planner.views.pages import Refused, Request
from planner.views.plan import Meeting
from planner.views.words import pluralise

as_date = plan.as_date
__all__ = ["Job", "Meeting", "SchedulingView", "as_date", "accept", "job", "progress_words", "show", "start_run"]


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
    areas = plan.areas_for(db, user)
    if not areas:
        return SchedulingView(areas=[])
    area = area if area in areas else areas[0]
    running = jobs.REGISTRY.running(jobs.PLAN_AREA, area)
    job_id = job_id or (running.id if running else None)
    followed = jobs.REGISTRY.get(job_id) if job_id else None  # before the runs: a finished job's run is stored
    area_runs = store.list_schedule_runs(db, area)
    current = next((r for r in area_runs if r["status"] == "accepted"), None)
    proposal = next((r for r in area_runs if r["status"] == "proposed"), None)
    if proposal is not None and current is not None and proposal["id"] < current["id"]:
        proposal = None  # made before the plan now in force: accepting it would undo a newer plan
    teams = {t["id"]: t["name"] for t in store.list_teams(db, area)}
    people = [p for p in plan.people_for(db, user) if p["area"] == area]
    meetings = plan.meetings_for_people(db, people, teams)
    req.audit("meetings viewed", None, f"{len(people)} people, {len(meetings)} meetings")
    return SchedulingView(
        areas=areas, area=area, job=followed, running=running, current=current, proposal=proposal,
        earlier=area_runs[:10], replans=plan.replans_since(db, area, proposal["finished_at"]) if proposal else 0,
        team_names=teams, people=len(people), meetings=meetings, manager=user.role is access.Role.TEAM_MANAGER)


def job(job_id: str) -> Job | None:
    """A copy of a background run as it is now (for the progress bar)."""
    return jobs.REGISTRY.get(job_id)


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


def accept(req: Request, view: SchedulingView) -> str:
    """Make the proposal shown the area's plan (audited by the store); what was done, in words."""
    req.require("scheduling")
    if view.proposal is None:
        raise Refused("There is no proposal waiting.", serious=True)
    run_id = view.proposal["id"]
    try:
        counts = runs.accept(req.need_db("there is nothing to accept"), run_id, req.username)
    except (ValueError, store.NotFoundError) as refused:
        raise Refused(str(refused), serious=True) from None
    return (f"Accepted: run {run_id} is now the plan for {view.area_name} "
            f"({pluralise(counts['handovers'], 'handover')}, {pluralise(counts['steps'], 'step')}). "
            "Steps already done were kept.")
