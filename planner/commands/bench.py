"""`planner bench`: build a synthetic area in memory, plan it and print the figures as JSON.

By default the area is the store's demo generator (`planner demo`): its people and episodes go
through the pathway graph and `planner.handovers` into the scheduler, exactly as
`planner schedule` does for a real database, with the EHC plans' annual reviews. The clock
runs from an empty database to the stored plan: generating, reading, planning, saving.
`--source generator` plans the scheduler's own synthetic instance instead (no pathways).
"""

from __future__ import annotations

import datetime as dt
import json
import platform
import resource
import sys
import time

from planner import demo, store, validate
from planner.planning import area, capacity, person, runs
from planner.scheduler import instances, replan
from planner.scheduler.plan import plan

# The generator's people per area: Westmere ~150 with EHC plans; Eastshire sized to ~50,000 steps.
SIZES = {"westmere": 150, "eastshire": 5900}
BENCH_AS_OF = dt.date(2026, 11, 23)  # fixed, so that runs on different days compare


def add_parser(sub) -> None:
    p = sub.add_parser("bench", help="plan a synthetic area in memory and print the figures",
                       description=__doc__.splitlines()[0])
    p.add_argument("--area", choices=sorted(SIZES), required=True)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--source", choices=("demo", "generator"), default="demo",
                   help="demo: the store's synthetic area through the pathways (default); "
                        "generator: the scheduler's own instance generator")
    p.add_argument("--as-of", type=dt.date.fromisoformat, default=BENCH_AS_OF, metavar="DATE",
                   help=f"plan from this date (default {BENCH_AS_OF})")
    p.add_argument("--time-limit", type=float, default=None,
                   help="seconds for the whole run, from an empty database to the stored plan "
                        "(default: 45 for eastshire, 10 for westmere)")
    p.add_argument("--json", action="store_true", help="print one JSON object (the only format)")
    p.set_defaults(func=run)


def _say(t0: float):
    last = {"t": 0.0}

    def progress(phase: str, info: dict) -> None:
        now = time.monotonic()
        if phase != "improve" or now - last["t"] > 2:
            last["t"] = now
            extra = f" round {info['round']}, {info['improved']} kept" if phase == "improve" else ""
            print(f"[{now - t0:5.1f}s] {phase}{extra}", file=sys.stderr, flush=True)

    return progress


def _metrics(m: dict, seconds: float, **extra) -> dict:
    """A plan's figures: totals and the gap distribution (handovers with a gap, median, 90th
    percentile and longest gap in weeks; fairness = weight x gap squared summed); overdue steps
    (statutory deadline passed, nothing recorded), the weeks they end past their soonest end in
    all and at most."""
    keys = ("gap_weeks", "weighted_gap_weeks", "handovers_with_gap", "gap_median", "gap_p90", "gap_longest",
            "fairness", "overdue_steps", "overdue_weeks", "overdue_longest", "breaches", "meetings", "out_of_window")
    return {**{k: m[k] for k in keys}, "seconds": round(seconds, 2), **extra}


def _bounds(bound: dict, distance: dict) -> dict:
    """The lower bounds as the JSON reports them, and the plan's distance from each."""
    if not bound:  # no time was left for the bounds
        return {"lower_bound": None, "breach_lower_bound": None, "meetings_lower_bound": None,
                "distance_from_bounds": distance}
    return {"lower_bound": {k: bound[k] for k in ("gap_weeks", "weighted_gap_weeks", "by_team", "charging")},
            "overdue_lower_bound": bound["overdue_weeks"], "breach_lower_bound": bound["breaches"],
            "meetings_lower_bound": bound["meetings"],
            "distance_from_bounds": distance}


def run(args) -> int:
    t0 = time.monotonic()
    limit = args.time_limit if args.time_limit is not None else (45.0 if args.area == "eastshire" else 10.0)
    out = _from_demo(args, limit, t0) if args.source == "demo" else _from_generator(args, limit, t0)
    out["machine"] = f"{platform.machine()}, {len(__import__('os').sched_getaffinity(0))} cores, Python {platform.python_version()}"
    out["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    print(json.dumps(out, indent=2))
    return 0


def _from_demo(args, limit: float, t0: float) -> dict:
    say = _say(t0)
    db = store.open_db(":memory:")
    say("generating the area", {})
    demo.build(db, args.area, seed=args.seed)
    generated = time.monotonic() - t0
    summary = runs.plan_area(db, args.area, args.as_of, time_limit=max(1.0, limit - generated), by="bench",
                                 progress=say, workers=2, seed=args.seed, accept_now=True)
    total = time.monotonic() - t0
    # The same problem again (cheap next to planning) for the figures the run does not store.
    ap = area.build(db, args.area, args.as_of)
    stored = store.planned_step_starts(db)
    starts = person.starts_from_rows(ap, stored)
    report = validate.check(ap.problem, starts)
    # One person's re-plan as the app does it: a worker moves their earliest open step 4 weeks on.
    busiest = store.person_with_most_handovers(db)
    first = min((s for s in store.steps_for(db, busiest) if s["status"] == "planned"), key=lambda s: s["start"])
    t1 = time.monotonic()
    effect = person.person_effect(db, busiest, args.as_of,
                                    {first["id"]: dt.date.fromisoformat(first["start"]) + dt.timedelta(weeks=4)})
    replan_seconds = time.monotonic() - t1
    what_if = _what_if(db, args.area, args.as_of, (summary.lower_bound or {}).get("by_team") or {})
    handovers = sum(1 for h in ap.problem.handovers if h.ends)
    detail = runs.run_detail(db, summary.run_id)["detail"]
    return {
        "area": args.area,
        "source": "planner demo through planner.handovers (as planner schedule)",
        "as_of": args.as_of.isoformat(),
        "people": summary.people,
        "handovers": handovers,
        "review_cycles": len(ap.problem.handovers) - handovers,
        "steps": summary.steps,
        "generate_seconds": round(generated, 2),
        "read_seconds": summary.build_seconds,
        "greedy": _metrics(summary.greedy, summary.greedy_seconds),
        "final": _metrics(summary.final, total, valid=report.valid and summary.valid),
        **_bounds(summary.lower_bound, summary.distance),
        "meetings_unmerged": summary.final["meetings_unmerged"],
        "method": detail["method"],
        "plan_phases_seconds": detail["phases"],
        "replan_one_seconds": round(replan_seconds, 3),
        "replan_one_person": {"steps": len(effect.after), "gap_weeks_before": effect.gap_weeks_before,
                              "gap_weeks_after": effect.gap_weeks_after},
        "what_if": what_if,
    }


def _what_if(db, area_id: str, as_of: dt.date, by_team: dict[str, int]) -> dict:
    """A manager's capacity what-if as the Team capacity page asks it: one more start a week at
    the team whose capacity the bound says holds back the most weighted gap weeks, from the
    as-of week; the first answer (it builds the area) and the next (the built area is kept), in
    seconds."""
    team = max(by_team, key=lambda t: by_team[t], default=None) if by_team else None
    if team is None:
        return {}
    monday = as_of - dt.timedelta(days=as_of.weekday())
    capacity.forget_built_areas()  # measure the first what-if as a manager meets it
    times, got = [], None
    for extra in (1.0, 2.0):
        t0 = time.monotonic()
        got = capacity.capacity_what_if(db, area_id, team, monday, _weekly(db, area_id, team, monday) + extra, as_of)
        times.append(time.monotonic() - t0)
    return {"team": team, "first_seconds": round(times[0], 2), "cached_seconds": round(times[1], 2),
            "weighted_gap_now": got.weighted_gap_now, "weighted_gap_then": got.weighted_gap_then}


def _weekly(db, area_id: str, team: str, monday: dt.date) -> float:
    rows = [r["per_week"] for r in store.capacity_for(db, area_id, team) if r["from_date"] <= monday.isoformat()]
    return rows[-1] if rows else 0.0


def _from_generator(args, limit: float, t0: float) -> dict:
    problem = instances.generate(SIZES[args.area], seed=args.seed)
    result = plan(problem, time_limit=limit, progress=_say(t0), workers=2, seed=args.seed)
    final_seconds = time.monotonic() - t0
    person = sorted({s.person_id for s in problem.steps})[len(problem.steps) % 7]
    t1 = time.monotonic()
    replanned = replan.replan(problem, result.starts, person)
    replan_seconds = time.monotonic() - t1
    assert validate.check(problem, replanned).valid
    g, f = result.greedy, result.metrics
    return {
        "area": args.area,
        "source": "planner.scheduler.instances (generator sized like the area)",
        "people": len({s.person_id for s in problem.steps}),
        "handovers": len(problem.handovers),
        "steps": len(problem.steps),
        "greedy": _metrics(g.model_dump(), result.greedy_seconds),
        "final": _metrics(f.model_dump(), final_seconds, valid=result.valid, rounds=result.rounds,
                          improved_rounds=result.improved_rounds),
        **_bounds(result.bound.model_dump() if result.bound else {}, result.distance()),
        "meetings_unmerged": f.meetings_unmerged,
        "method": result.method,
        "plan_phases_seconds": result.phases,
        "replan_one_seconds": round(replan_seconds, 3),
    }
