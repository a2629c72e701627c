"""Plan a whole area and keep the proposal beside the current plan.

`plan_area(db, area, as_of, ...)` plans it (`planner.scheduler.plan`: exact per-team flows,
chains, meetings, lower bounds), checks the result with `planner.validate`, compares it with the
plan now in force *on the same problem* (the stored weeks; steps new since placed at the first
week with room), and stores the run as a *proposal* (`run_handovers`, `run_steps`) beside the
current plan, labelled with the first three objectives it is worse on, if any.
`accept(db, run_id, by)` makes it the plan (the `handovers` and `steps` tables every page
reads), keeping steps already done: only a team manager or an administrator may, and a proposal
worse than the current plan only with a stated reason (both in the audit log).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from planner import store, validate
from planner.planning.area import DEFAULT_HORIZON_WEEKS, AreaProblem, build, plan_rows, reasons
from planner.planning.person import starts_from_rows
from planner.scheduler import greedy
from planner.scheduler import problem as sp

Progress = Callable[[str, dict], None]


@dataclass
class RunSummary:
    """What one run of the scheduler found (also stored with the run)."""

    run_id: int
    area: str
    as_of: dt.date
    people: int
    handovers: int  # children's-to-adult handovers
    steps: int
    greedy: dict
    final: dict
    lower_bound: dict
    gaps: list[dict]
    valid: bool
    seconds: float
    build_seconds: float
    greedy_seconds: float = 0.0
    review_cycles: int = 0  # people whose EHC plan annual reviews are in the plan
    current: dict | None = None  # the plan in force, measured on the same problem (None: no plan yet)
    worse_than_current: list[str] = field(default_factory=list)
    accepted: bool = False
    distance: dict = field(default_factory=dict)  # from each lower bound


def _gap_rows(ap: AreaProblem, gaps: list[sp.Gap]) -> list[dict]:
    """Remaining gaps for the commissioner's figures: team, weeks and service, never a person."""
    out = []
    for g in gaps:
        h = ap.handovers[g.handover_id]
        out.append({"team_id": g.binding_team, "service_id": h.to_service, "gap_weeks": g.weeks,
                    "binding_weeks": [ap.date_of(w).isoformat() for w in g.binding_weeks],
                    "unavoidable_weeks": g.unavoidable_weeks,
                    "avoidable": g.binding_team is None and g.unavoidable_weeks == 0})
    return out


def _metrics_dict(m: sp.Metrics) -> dict:
    return m.model_dump()


PHASES = {
    "reading the area": "Reading the area's young people and their handovers",
    "read": "Read {handovers} handovers with {steps} steps to plan",
    "greedy": "Making a first plan",
    "greedy done": "First plan made: {weighted_gap_weeks} weighted gap weeks",
    "chains": "Planning the handovers that wait for several teams",
    "flows": "Planning each team's queue",
    "meetings": "Lining up family meetings",
    "meetings done": "Family meetings lined up for {people} people",
    "bound": "Working out the least gap any plan could have with this capacity",
    "bound done": "No plan can have fewer than {weighted_gap_weeks} weighted gap weeks",
    "improve": "Improving the plan: round {round}, {improved} better so far",
    "comparing": "Comparing with the plan in force",
    "saving": "Saving the proposal",
    "done": "Done",
}

SAVE_SHARE_OF_READ = 0.4  # the time to compare and save a plan, as a share of the time to read its area
ACCEPTERS = ("team_manager", "administrator")  # who may make a proposal the area's plan


class NotAllowed(ValueError):
    """Accepting this proposal is not allowed (who asks, or no reason for a worse plan)."""


def current_plan(db, ap: AreaProblem) -> dict[str, int] | None:
    """The plan in force as weeks of this problem: the stored weeks; a step it has no week for
    (new since) at the first week it is ready with room, as a re-plan would put it. None when
    nothing of this problem has been planned."""
    stored = starts_from_rows(ap, store.planned_step_starts(db))
    if not stored:
        return None
    p = ap.problem
    cap = greedy.Capacity(p)
    for s in p.steps:
        week = stored.get(s.id)
        if week is not None and cap.limited(s) and 0 <= week < len(cap.left[s.team]) and cap.left[s.team][week] > 0:
            cap.take(s.team, week)
    starts = dict(stored)
    greedy.place(p, [s for s in p.topological() if s.id not in stored], starts, cap)
    return starts


def worse_words(worse: list[str]) -> str:
    """'worse than the plan in force on weighted gap weeks and statutory breaches'."""
    if not worse:
        return ""
    listed = worse[0] if len(worse) == 1 else ", ".join(worse[:-1]) + " and " + worse[-1]
    return f"worse than the plan in force on {listed}"


def progress_words(phase: str, info: Mapping) -> str:
    """A `plan_area` progress report as a sentence for the page."""
    text = PHASES.get(phase, phase.capitalize())
    try:
        return text.format(**info)
    except (KeyError, IndexError, ValueError):
        return text.split(":")[0]


def plan_area(db, area: str, as_of: dt.date, *, time_limit: float = 50.0, by: str = "scheduler",
              progress: Progress | None = None, workers: int = 2, seed: int = 0,
              horizon_weeks: int = DEFAULT_HORIZON_WEEKS, accept_now: bool = False,
              reason: str | None = None) -> RunSummary:
    """Plan every handover of `area` and store the run as a proposal (or the plan, with
    `accept_now`: the command line and the benchmark, run by whoever runs the server; a
    proposal worse than the plan in force stays a proposal unless `reason` says why). The
    schedule always passes `planner.validate`."""
    from planner.scheduler.plan import plan  # OR-Tools is imported only when planning

    say = progress or (lambda phase, info: None)
    started = store.now_text()
    say("reading the area", {})
    ap = build(db, area, as_of, horizon_weeks=horizon_weeks)
    say("read", {"handovers": len(ap.problem.handovers), "steps": len(ap.problem.steps), "seconds": ap.seconds})
    if not ap.problem.steps:
        raise ValueError(f"there is nothing to plan in {area!r}: no handovers in the next {horizon_weeks} weeks")
    # Comparing with the plan in force and saving take about a third of the time the area took
    # to read (both grow with its steps; measured on Eastshire): kept aside so the run ends
    # within `time_limit` when the planning phases can give way.
    after = SAVE_SHARE_OF_READ * ap.seconds
    result = plan(ap.problem, time_limit=max(1.0, time_limit - ap.seconds - after), progress=say, workers=workers,
                  seed=seed)
    report = validate.check(ap.problem, result.starts)
    if not report.valid:  # plan() never returns an invalid schedule; refuse to store one if it did
        raise RuntimeError("the schedule failed validation: " + "; ".join(report.problems[:3]))
    say("comparing", {})
    now = current_plan(db, ap)
    current = validate.metrics(ap.problem, now) if now is not None else None
    worse = result.metrics.worse_than(current) if current is not None else []
    say("saving", {})
    hrows, srows = plan_rows(ap, result.starts, reasons(ap, result.starts))
    gaps = _gap_rows(ap, result.gaps)
    bound = result.bound
    detail = {"as_of": as_of.isoformat(), "week0": ap.start.isoformat(), "horizon_weeks": horizon_weeks,
              "people": len({h.person_id for h in ap.problem.handovers}), "handovers": sum(1 for h in ap.problem.handovers if h.ends),
              "review_cycles": sum(1 for h in ap.problem.handovers if not h.ends), "steps": len(srows),
              "overdue_steps": ap.overdue, "not_recorded_steps": len(ap.not_recorded),
              "greedy": _metrics_dict(result.greedy), "final": _metrics_dict(result.metrics),
              "lower_bound": bound.model_dump(exclude={"seconds"}) if bound else None,
              "distance": result.distance(), "current": _metrics_dict(current) if current else None,
              "worse_than_current": worse, "method": result.method, "phases": result.phases,
              "greedy_seconds": round(result.greedy_seconds, 3), "seconds": round(result.seconds + ap.seconds, 2),
              "build_seconds": round(ap.seconds, 2),
              "rounds": result.rounds, "improved_rounds": result.improved_rounds, "gaps": gaps}
    accepted = accept_now and (not worse or bool(reason and reason.strip()))
    with db.atomic():
        run_id = store.save_schedule_run(db, {
            "area": area, "started_at": started, "finished_at": store.now_text(), "run_by": by,
            "method": result.method, "status": "proposed", "gap_weeks": result.metrics.gap_weeks,
            "breaches": result.metrics.breaches, "detail": json.dumps(detail)})
        store.save_run_plan(db, run_id, hrows, srows)
        if accepted:
            store.accept_run(db, run_id, by, reason=reason if worse else None)
    say("done", {"run_id": run_id})
    return RunSummary(run_id=run_id, area=area, as_of=as_of, people=detail["people"], handovers=detail["handovers"],
                      review_cycles=detail["review_cycles"],
                      steps=len(srows), greedy=detail["greedy"], final=detail["final"],
                      lower_bound=detail["lower_bound"] or {}, gaps=gaps, valid=report.valid,
                      seconds=detail["seconds"], build_seconds=round(ap.seconds, 2),
                      greedy_seconds=detail["greedy_seconds"], current=detail["current"], worse_than_current=worse,
                      accepted=accepted, distance=detail["distance"])


def accept(db, run_id: int, by: str, *, reason: str | None = None) -> dict[str, int]:
    """Make a proposed run the area's plan; steps already done are kept as they are.

    Only a team manager or an administrator (`by`, a user of the store) may; a proposal worse
    than the plan in force on weighted gap weeks, fairness or statutory breaches only with a
    `reason`, kept in the audit log."""
    user = store.get_user(db, by)
    role = user["role"] if user else None
    if role not in ACCEPTERS:
        raise NotAllowed("Only a team manager or an administrator can accept an area's plan"
                         + (f" ({by} is not one)" if user else f" (there is no user {by})") + ".")
    row = store.get_schedule_run(db, run_id)
    if row is None:
        raise store.NotFoundError(f"there is no scheduler run {run_id}")
    worse = json.loads(row["detail"] or "{}").get("worse_than_current") or []
    if worse and not (reason and reason.strip()):
        raise NotAllowed(f"This proposal is {worse_words(worse)}: say why it should be accepted anyway.")
    return store.accept_run(db, run_id, by, reason=reason.strip() if worse and reason else None)


def run_detail(db, run_id: int) -> dict:
    row = store.get_schedule_run(db, run_id)
    if row is None:
        raise store.NotFoundError(f"there is no scheduler run {run_id}")
    return {**row, "detail": json.loads(row["detail"] or "{}")}
