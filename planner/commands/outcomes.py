"""`planner outcomes`: the commissioner's outcomes after 18, disclosure-controlled (the figures
of the Outcomes page, planner.need.outcomes)."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import time
from pathlib import Path

from planner import store
from planner.commands import UserError
from planner.need import disclosure
from planner.need import outcomes as oc


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "outcomes",
        help="outcomes after 18 for commissioners (small numbers hidden, others rounded to 5)",
        description="Print what the area's young people achieve after 18: in education, employment or "
                    "training at 19 and 21, in paid work at 21 and 25, where they live, annual health "
                    "checks, and their own view, by the year they turned 18, need, area, EHC plan or SEN "
                    "support and group, against national figures. Counts of 1 to 7 are hidden and others "
                    "rounded to 5.",
    )
    p.add_argument("--db", type=Path, default=None, help="database file (default data/planner.db or $PLANNER_DB)")
    p.add_argument("--area", default=None, help="one area (default: every area in the database)")
    p.add_argument("--as-of", type=dt.date.fromisoformat, default=None, help="count up to this date (YYYY-MM-DD)")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.add_argument("--csv", type=Path, default=None, metavar="FILE", help="also write every released table as CSV")
    p.add_argument("--time", action="store_true",
                   help="print how long the figures take to work out, the first time and cached, as JSON")
    p.set_defaults(func=run)


def report_json(r: oc.OutcomesReport) -> dict:
    return {"area": r.area, "as_of": r.as_of.isoformat(),
            "views": [{"key": v.key, "title": v.table.title, "summary": v.summary, "rows": v.table.rows(),
                       "extra": v.extra, "note": v.table.note} for v in r.views]}


def run(args: argparse.Namespace) -> int:
    path = args.db or store.default_db_path()
    if not Path(path).exists():
        raise UserError(f"there is no database at {path}; build one with `planner demo --area eastshire --db {path}`")
    db = store.open_db(path)
    as_of = args.as_of or dt.date.today()
    try:
        if args.time:
            timings = {}
            for label in ("first_seconds", "cached_seconds"):
                started = time.perf_counter()
                oc.outcomes_report(db, as_of, args.area)
                timings[label] = round(time.perf_counter() - started, 4)
            print(json.dumps({"db": str(path), "area": args.area or "all areas", "as_of": as_of.isoformat(),
                              "people": store.count_people(db, area=args.area), **timings}, indent=2))
            return 0
        r = oc.outcomes_report(db, as_of, args.area)
    finally:
        db.close()
    if args.csv:
        disclosure.write_csv(args.csv, r.tables())
    if args.json:
        print(json.dumps(report_json(r), indent=2, default=str))
        return 0
    print(f"Outcomes after 18 for {r.area}, counted on {r.as_of}")
    for v in r.views:
        print(f"\n{v.table.title}\n{v.summary}")
        for row in v.table.rows():
            print("  " + " | ".join(str(c) for c in row))
    print(f"\n{r.views[0].table.note}")
    return 0
