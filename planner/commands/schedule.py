"""`planner schedule`: plan every handover of an area in the database and store the run.

The scheduler (`planner.scheduler.plan`): a greedy construction, each limited team's queue
planned exactly by a min-cost flow, chains across several limited teams, family meetings lined
up, lower bounds that prove how far the plan is from the best possible. The run is stored and,
unless `--propose-only`, accepted as the area's plan (the steps every page shows); a plan worse
than the one in force (on weighted gap weeks, fairness or statutory breaches) is only accepted
with `--reason`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import time
from pathlib import Path

from planner import store
from planner.commands import UserError
from planner.commands._common import acting_as, finite_float, open_existing
from planner.planning import area, runs
from planner.views.words import pluralise


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("schedule", help="plan every handover of an area and store the run",
                       description=__doc__.splitlines()[0])
    p.add_argument("--db", type=Path, default=None, help="database file (default $PLANNER_DB or data/planner.db)")
    p.add_argument("--area", default=None, help="the area to plan (default: the only area in the database)")
    p.add_argument("--as-of", type=dt.date.fromisoformat, default=None, metavar="DATE",
                   help="plan from this date (YYYY-MM-DD, default today)")
    p.add_argument("--time-limit", type=finite_float, default=50.0, metavar="S",
                   help="seconds for the whole run, reading included (default 50)")
    p.add_argument("--horizon-weeks", type=int, default=area.DEFAULT_HORIZON_WEEKS,
                   help="plan handovers whose children's service ends within this many weeks (default 156)")
    p.add_argument("--propose-only", action="store_true",
                   help="store the run as a proposal for a worker to accept in the app")
    p.add_argument("--by", default=None, help="your planner username, for the audit log (default: the "
                   "operating-system user)")
    p.add_argument("--reason", default=None,
                   help="why to accept the new plan even if it is worse than the plan in force (audited)")
    p.add_argument("--json", action="store_true", help="print the run's figures as one JSON object")
    p.set_defaults(func=run)


def progress_printer(stream=sys.stderr):
    """Phase lines on stderr; CP-SAT rounds at most every 2 seconds."""
    t0 = time.monotonic()
    last = [0.0]

    def show(phase: str, info: dict) -> None:
        now = time.monotonic()
        if phase == "improve":
            if now - last[0] < 2:
                return
            text = f"improving: round {info.get('round')}, {info.get('improved')} kept"
        else:
            text = phase + (f" ({', '.join(f'{k} {v}' for k, v in info.items() if isinstance(v, int | str))})"
                            if info else "")
        last[0] = now
        stream.write(f"[{now - t0:5.1f}s] {text}\n")
        stream.flush()

    return show


def choose_area(db, area: str | None) -> str:
    areas = store.areas(db)
    if area is None:
        if len(areas) != 1:
            raise UserError(f"the database holds {len(areas)} areas; choose one with --area ({', '.join(areas[:5])}...)"
                            if areas else "the database has no people: build one with `planner demo` or import people")
        return areas[0]
    if area not in areas:
        raise UserError(f"there is no area {area!r} in the database ({', '.join(areas[:5]) or 'none'})")
    return area


def run(args: argparse.Namespace) -> int:
    if args.time_limit <= 0:
        raise UserError("--time-limit must be more than 0 seconds")
    if args.horizon_weeks < 1 or args.horizon_weeks > 52 * 12:
        raise UserError("--horizon-weeks must be from 1 to 624 (12 years)")
    db = open_existing(args.db)
    area = choose_area(db, args.area)
    by = acting_as(db, args.by)
    try:
        summary = runs.plan_area(db, area, args.as_of or dt.date.today(), time_limit=args.time_limit,
                                     by=by, progress=progress_printer(), horizon_weeks=args.horizon_weeks,
                                     accept_now=not args.propose_only, reason=args.reason)
    except ValueError as exc:
        raise UserError(str(exc)) from exc
    f, lb = summary.final, summary.lower_bound
    if args.json:
        out = {k: v for k, v in summary.__dict__.items() if k != "gaps"}
        out["as_of"] = summary.as_of.isoformat()
        out["gaps_remaining"] = len(summary.gaps)
        print(json.dumps(out, indent=2))
    else:
        if summary.accepted:
            state = "accepted as the plan"
        elif args.propose_only:
            state = "proposed (a team manager accepts it in the app's Scheduling page)"
        else:
            state = (f"left as a proposal: it is {runs.worse_words(summary.worse_than_current)} "
                     "(give --reason to accept it anyway)")
        print(f"Run {summary.run_id} for {area}: {summary.people:,} people, {summary.handovers:,} handovers, "
              f"{summary.review_cycles:,} people's annual reviews, "
              f"{summary.steps:,} steps, {summary.seconds:.1f} s; {state}.")
        print(f"  weighted gap weeks {f['weighted_gap_weeks']:,} (greedy {summary.greedy['weighted_gap_weeks']:,}; "
              f"no plan can have fewer than {lb.get('weighted_gap_weeks', 0):,} with this capacity)")
        print(f"  {pluralise(f['handovers_with_gap'], 'handover')} with a gap: median {f['gap_median']} weeks, 90th percentile "
              f"{f['gap_p90']}, longest {f['gap_longest']}")
        print(f"  statutory breaches {f['breaches']:,} (at least {lb.get('breaches', 0):,}); family meetings "
              f"{f['meetings']:,} (at least {lb.get('meetings', 0):,}; held separately: {f['meetings_unmerged']:,}); "
              f"steps outside their window {f['out_of_window']:,}")
    return 0
