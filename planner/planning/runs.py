"""Plan a whole area and keep the proposal beside the current plan.

`plan_area(db, area, as_of, ...)` plans it (greedy, CP-SAT rounds, lower bound), checks the
result with `planner.validate`, and stores the run as a *proposal* (`run_handovers`,
`run_steps`) beside the current plan. `accept(db, run_id, by)` makes it the plan (the
`handovers` and `steps` tables every page reads), keeping steps already done.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from planner import store, validate
from planner.planning.area import DEFAULT_HORIZON_WEEKS, AreaProblem, build, plan_rows, reasons
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
    "greedy done": "First plan made: {gap_weeks} gap weeks",
    "bound": "Working out the least gap any plan could have with this capacity",
    "meetings": "Lining up family meetings",
    "improve": "Improving the plan: round {round}, {improved} better so far",
    "saving": "Saving the proposal",
    "done": "Done",
}


def progress_words(phase: str, info: Mapping) -> str:
    """A `plan_area` progress report as a sentence for the page."""
    text = PHASES.get(phase, phase.capitalize())
    try:
        return text.format(**info)
    except (KeyError, IndexError, ValueError):
        return text.split(":")[0]


def plan_area(db, area: str, as_of: dt.date, *, time_limit: float = 50.0, by: str = "scheduler",
              progress: Progress | None = None, workers: int = 2, seed: int = 0,
              horizon_weeks: int = DEFAULT_HORIZON_WEEKS, accept_now: bool = False) -> RunSummary:
    """Plan every handover of `area` and store the run as a proposal (or the plan, with
    `accept_now`). The schedule always passes `planner.validate`."""
    from planner.scheduler.plan import plan  # OR-Tools is imported only when planning

    say = progress or (lambda phase, info: None)
    started = store.now_text()
    say("reading the area", {})
    ap = build(db, area, as_of, horizon_weeks=horizon_weeks)
    say("read", {"handovers": len(ap.problem.handovers), "steps": len(ap.problem.steps), "seconds": ap.seconds})
    if not ap.problem.steps:
        raise ValueError(f"there is nothing to plan in {area!r}: no handovers in the next {horizon_weeks} weeks")
    result = plan(ap.problem, time_limit=max(1.0, time_limit - ap.seconds), progress=say, workers=workers, seed=seed)
    report = validate.check(ap.problem, result.starts)
    if not report.valid:  # plan() never returns an invalid schedule; refuse to store one if it did
        raise RuntimeError("the schedule failed validation: " + "; ".join(report.problems[:3]))
    say("saving", {})
    hrows, srows = plan_rows(ap, result.starts, reasons(ap, result.starts))
    gaps = _gap_rows(ap, result.gaps)
    bound = result.bound
    detail = {"as_of": as_of.isoformat(), "week0": ap.start.isoformat(), "horizon_weeks": horizon_weeks,
              "people": len({h.person_id for h in ap.problem.handovers}), "handovers": sum(1 for h in ap.problem.handovers if h.ends),
              "review_cycles": sum(1 for h in ap.problem.handovers if not h.ends), "steps": len(srows),
              "overdue_steps": ap.overdue, "not_recorded_steps": len(ap.not_recorded),
              "greedy": _metrics_dict(result.greedy), "final": _metrics_dict(result.metrics),
              "lower_bound": {"gap_weeks": bound.gap_weeks, "weighted_gap_weeks": bound.weighted_gap_weeks,
                              "by_team": bound.by_team} if bound else None,
              "greedy_seconds": round(result.greedy_seconds, 3), "seconds": round(result.seconds + ap.seconds, 2),
              "rounds": result.rounds, "improved_rounds": result.improved_rounds, "gaps": gaps}
    with db.atomic():
        run_id = store.save_schedule_run(db, {
            "area": area, "started_at": started, "finished_at": store.now_text(), "run_by": by,
            "method": "greedy + CP-SAT rounds", "status": "proposed", "gap_weeks": result.metrics.gap_weeks,
            "breaches": result.metrics.breaches, "detail": json.dumps(detail)})
        store.save_run_plan(db, run_id, hrows, srows)
        if accept_now:
            accept(db, run_id, by)
    say("done", {"run_id": run_id})
    return RunSummary(run_id=run_id, area=area, as_of=as_of, people=detail["people"], handovers=detail["handovers"],
                      review_cycles=detail["review_cycles"],
                      steps=len(srows), greedy=detail["greedy"], final=detail["final"],
                      lower_bound=detail["lower_bound"] or {}, gaps=gaps, valid=report.valid,
                      seconds=detail["seconds"], build_seconds=round(ap.seconds, 2),
                      greedy_seconds=detail["greedy_seconds"])


def accept(db, run_id: int, by: str) -> dict[str, int]:
    """Make a proposed run the area's plan; steps already done are kept as they are."""
    return store.accept_run(db, run_id, by)


def run_detail(db, run_id: int) -> dict:
    row = store.get_schedule_run(db, run_id)
    if row is None:
        raise store.NotFoundError(f"there is no scheduler run {run_id}")
    return {**row, "detail": json.loads(row["detail"] or "{}")}
