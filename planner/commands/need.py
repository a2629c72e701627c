"""`planner need`: the commissioner's unmet-need figures, with disclosure control applied.

`--bench` instead times the busiest worker's caseload and the commissioner dashboard (first
build and cached) on the database, and an England-sized aggregate, and prints JSON.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import random
import time
from pathlib import Path

from planner import store
from planner.commands import UserError
from planner.commands._common import finite_float, open_existing
from planner.need import dashboard, disclosure, forecast, report
from planner.views import caseload


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "need",
        help="unmet need for commissioners (small numbers hidden, others rounded to 5)",
        description="Print demand for adult services and teams against capacity for the next five "
                    "years by quarter, the gaps capacity cannot close, what young people want, and "
                    "the NICE QS140 indicators. Counts of 1 to 7 are hidden and others rounded to 5.",
    )
    p.add_argument("--db", type=Path, default=None, help="database file (default data/planner.db or $PLANNER_DB)")
    p.add_argument("--area", default=None, help="one area (default: every area in the database)")
    p.add_argument("--as-of", type=dt.date.fromisoformat, default=None, help="forecast from this date (YYYY-MM-DD)")
    p.add_argument("--growth", type=finite_float, default=forecast.DEFAULT_GROWTH, help="demand growth a year (default 0.10)")
    p.add_argument("--capacity-growth", type=finite_float, default=forecast.DEFAULT_CAPACITY_GROWTH,
                   help="capacity growth a year (default 0)")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.add_argument("--csv", type=Path, default=None, metavar="FILE", help="also write the released tables as CSV")
    p.add_argument("--bench", action="store_true", help="time the caseload and dashboard views and print JSON")
    p.add_argument("--bench-people", type=int, default=257_093, help="England-sized cohort for --bench")
    p.set_defaults(func=run)


def _open(path: Path | None):
    return open_existing(path, migrate_schema=False)


def dashboard_json(d: report.Dashboard) -> dict:
    return {
        "area": d.area, "as_of": d.as_of.isoformat(), "growth": d.growth, "capacity_growth": d.capacity_growth,
        "views": [{"key": v.key, "title": v.table.title, "summary": v.summary, "rows": v.table.rows(),
                   "extra": v.extra, "note": v.table.note} for v in d.views],
    }


def _print_text(d: report.Dashboard) -> None:
    print(f"Unmet need for {d.area} from {d.as_of} (demand +{d.growth:.0%} a year)")
    for v in d.views:
        print(f"\n{v.table.title}\n{v.summary}")
        for row in v.table.rows():
            print("  " + " | ".join(str(c) for c in row))
        for label, values in v.extra.items():
            print(f"  {label}: {values}")
    print(f"\n{d.views[0].table.note}")


def run(args: argparse.Namespace) -> int:
    if args.growth < -0.5 or args.growth > 1 or args.capacity_growth < -0.5 or args.capacity_growth > 1:
        raise UserError("growth must be a yearly fraction between -0.5 and 1, for example 0.10 for +10%")
    as_of = args.as_of or dt.date.today()
    if args.bench:
        print(json.dumps(bench(args, as_of), indent=2))
        return 0
    db = _open(args.db)
    d = dashboard.dashboard(db, as_of, args.area, args.growth, args.capacity_growth)
    if args.csv:
        disclosure.write_csv(args.csv, d.tables())
    if args.json:
        print(json.dumps(dashboard_json(d), indent=2, default=str))
    else:
        _print_text(d)
    return 0


def _timed(fn, *a, **k):
    t = time.perf_counter()
    result = fn(*a, **k)
    return result, round(time.perf_counter() - t, 3)


def synthetic_members(n: int, as_of: dt.date, seed: int = 1, areas: int = 153) -> list[forecast.Member]:
    """A quick England-sized cohort with B2's shares (only for timing when no England database
    is given): ages 14-25 by the national single-year shares, CAMHS 18%, social care 12%,
    continuing care 0.8%."""
    rng = random.Random(seed)
    shares = [18.3, 17.5, 16.3, 14.2, 11.1, 8.1, 5.6, 3.8, 2.4, 1.6, 0.9, 0.1]
    ages = rng.choices(range(14, 26), weights=shares, k=n)
    needs = ["ASD", "SEMH", "MLD", "SLCN", "SLD", "PD", "SPLD", "OTH"]
    out = []
    for i, age in enumerate(ages):
        dob = as_of - dt.timedelta(days=365 * age + rng.randrange(365))
        services = []
        if age < 18:
            if rng.random() < 0.18:
                services.append(("camhs", None))
            if rng.random() < 0.12:
                services.append(("childrens_social_care", None))
            if rng.random() < 0.008:
                services.append(("childrens_continuing_care", None))
        out.append(forecast.Member(f"p{i}", dob, f"area {i % areas}", rng.choice(needs), True, rng.randint(1, 12),
                               tuple(services)))
    return out


def bench(args: argparse.Namespace, as_of: dt.date) -> dict:
    out: dict = {"machine": f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}",
                 "as_of": as_of.isoformat()}
    path = args.db or Path(os.environ.get("PLANNER_DB") or "data/planner.db")
    if Path(path).exists():
        db = _open(path)
        out["db"] = str(path)
        out["people"] = store.count_people(db)
        worker = caseload.busiest_worker(db)
        if worker:
            (rows, work), seconds = _timed(caseload.for_worker, db, worker, as_of)
            out["caseload"] = {"worker": worker, "people": len(rows), "this_week": len(work["this_week"]),
                               "next_month": len(work["next_month"]), "seconds": seconds}
        _, first = _timed(dashboard.dashboard, db, as_of, args.area, args.growth, args.capacity_growth)
        _, cached = _timed(dashboard.dashboard, db, as_of, args.area, args.growth, args.capacity_growth)
        out["dashboard"] = {"area": args.area or "all areas", "first_seconds": first, "cached_seconds": cached}
    else:
        out["db"] = f"{path} (missing: database timings skipped)"
    members, gen = _timed(synthetic_members, args.bench_people, as_of)
    _, seconds = _timed(report.build_dashboard, members, (), as_of, growth=args.growth)
    out["england_aggregates"] = {"people": len(members), "source": "synthetic in memory (B1/B2 shares)",
                                 "seconds": seconds, "generate_seconds": gen}
    return out
