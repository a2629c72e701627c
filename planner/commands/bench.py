"""`planner bench`: plan a whole synthetic area in memory and print the figures as JSON.

The area is the scheduler's own seeded instance generator (`planner.scheduler.instances`),
sized like the named area: the B3 teams and demand/capacity ratios, people with 3-7 step
handovers. (Planning the store's demo people through `planner.handovers` is `planner schedule`.)
"""

from __future__ import annotations

import json
import resource
import sys
import time

from planner import validate
from planner.scheduler import instances, replan
from planner.scheduler.plan import plan

# People per area: Westmere ~150 with EHC plans; Eastshire sized to ~50,000 steps.
SIZES = {"westmere": 150, "eastshire": 5900}


def add_parser(sub) -> None:
    p = sub.add_parser("bench", help="plan a synthetic area in memory and print the figures",
                       description=__doc__.splitlines()[0])
    p.add_argument("--area", choices=sorted(SIZES), required=True)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--time-limit", type=float, default=None,
                   help="seconds for planning (default: 50 for eastshire, 10 for westmere)")
    p.add_argument("--json", action="store_true", help="print one JSON object (the only format)")
    p.set_defaults(func=run)


def run(args) -> int:
    t0 = time.monotonic()
    limit = args.time_limit if args.time_limit is not None else (50.0 if args.area == "eastshire" else 10.0)
    problem = instances.generate(SIZES[args.area], seed=args.seed)
    last = {"t": 0.0}

    def progress(phase: str, info: dict) -> None:
        now = time.monotonic()
        if phase != "improve" or now - last["t"] > 2:
            last["t"] = now
            extra = f" round {info['round']}, {info['improved']} kept" if phase == "improve" else ""
            print(f"[{now - t0:5.1f}s] {phase}{extra}", file=sys.stderr, flush=True)

    result = plan(problem, time_limit=limit, progress=progress, workers=2, seed=args.seed)
    final_seconds = time.monotonic() - t0
    person = sorted({s.person_id for s in problem.steps})[len(problem.steps) % 7]
    t1 = time.monotonic()
    replanned = replan.replan(problem, result.starts, person)
    replan_seconds = time.monotonic() - t1
    assert validate.check(problem, replanned).valid
    g, f = result.greedy, result.metrics
    out = {
        "area": args.area,
        "source": "planner.scheduler.instances (generator sized like the area)",
        "people": len({s.person_id for s in problem.steps}),
        "handovers": len(problem.handovers),
        "steps": len(problem.steps),
        "greedy": {"gap_weeks": g.gap_weeks, "weighted_gap_weeks": g.weighted_gap_weeks,
                   "breaches": g.breaches, "meetings": g.meetings,
                   "seconds": round(result.greedy_seconds, 3)},
        "final": {"gap_weeks": f.gap_weeks, "weighted_gap_weeks": f.weighted_gap_weeks,
                  "breaches": f.breaches, "meetings": f.meetings,
                  "out_of_window": f.out_of_window, "seconds": round(final_seconds, 2),
                  "valid": result.valid, "rounds": result.rounds,
                  "improved_rounds": result.improved_rounds},
        "lower_bound": {"gap_weeks": result.bound.gap_weeks,
                        "weighted_gap_weeks": result.bound.weighted_gap_weeks,
                        "by_team": result.bound.by_team},
        "meetings_unmerged": f.meetings_unmerged,
        "replan_one_seconds": round(replan_seconds, 3),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }
    print(json.dumps(out, indent=2))
    return 0
