"""`planner capacity`: what capacity to buy, in which team, from when, to close the gaps.

For each team whose capacity forces a gap: the weighted gap weeks one more start a week for a
quarter saves, quarter by quarter; the cheapest allocation of such units that cuts the
weighted gap by a share (default half), and the one that removes all that capacity can; the
steady increase per team that would; and when each team's queue clears. In staff where
`data/teams.yaml` says how many staff deliver a team's capacity. Predictions are the lower
bound with the capacity changed: where each handover waits for one limited team, that is what
a re-plan reaches.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
from pathlib import Path

from planner import store
from planner.commands import UserError
from planner.commands.schedule import choose_area
from planner.planning import capacity
from planner.views.words import long_date


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("capacity", help="what capacity to buy, in which team and when, to close the gaps",
                       description=__doc__.splitlines()[0])
    p.add_argument("--db", type=Path, default=None, help="database file (default $PLANNER_DB or data/planner.db)")
    p.add_argument("--area", default=None, help="the area (default: the only area in the database)")
    p.add_argument("--as-of", type=dt.date.fromisoformat, default=None, metavar="DATE",
                   help="plan from this date (YYYY-MM-DD, default today)")
    p.add_argument("--share", type=float, default=0.5,
                   help="the share of the weighted gap capacity can remove to cut (default 0.5; 1: all of it)")
    p.add_argument("--json", action="store_true", help="print the advice as one JSON object")
    p.add_argument("--csv", type=Path, default=None, metavar="FILE",
                   help="write the saving of each team and quarter as CSV")
    p.set_defaults(func=run)


def rows(advice: capacity.Advice) -> list[dict]:
    """One row per team and quarter (the CSV and the table)."""
    return [{"team": s.team, "quarter": s.quarter + 1, "from": advice.quarter_start(s.quarter).isoformat(),
             "weeks": s.weeks, "extra_starts": s.weeks, "weighted_gap_weeks_saved": s.saved,
             "saved_per_extra_start": round(s.saved / s.weeks, 1), "staff_fte": s.fte}
            for s in advice.savings]


def _units(allocation, advice: capacity.Advice) -> list[str]:
    return [f"+{u.extra_per_week} a week at {u.team} from {long_date(advice.quarter_start(u.quarter))} "
            f"for {u.weeks} weeks" + (f" ({u.fte:g} staff)" if u.fte is not None else "") for u in allocation.units]


def as_text(advice: capacity.Advice) -> str:
    out = [f"What capacity to buy in {advice.area}, from {long_date(advice.as_of)}: the best plan now has "
           f"{advice.weighted_gap:,} weighted gap weeks."]
    by_team: dict[str, list] = {}
    for s in advice.savings:
        by_team.setdefault(s.team, []).append(s)
    for team, saves in by_team.items():
        first, last = saves[0], saves[-1]
        out.append(f"- {team}: one more start a week for a quarter saves {first.saved:,} weighted gap weeks if bought "
                   f"now, {last.saved:,} in quarter {last.quarter + 1} ({long_date(advice.quarter_start(last.quarter))})"
                   + (f"; that is {first.fte:g} staff for the quarter" if first.fte is not None else "") + ".")
    for name, alloc in ((f"To cut it by {advice.share:.0%}", advice.cut), ("To remove all that capacity can", advice.close)):
        bought = ", ".join(f"{n:,} more starts at {t}" for t, n in alloc.extra_starts.items()) or "nothing"
        staff = "".join(f"; {t}: {v:g} staff-quarters" for t, v in alloc.fte_quarters.items())
        out.append(f"{name} ({alloc.base:,} to {alloc.target:,} weighted gap weeks; reaches {alloc.reached:,}): "
                   f"{bought}{staff}, earliest first:")
        out.extend(f"    {line}" for line in _units(alloc, advice)[:12])
        if len(alloc.units) > 12:
            out.append(f"    ... and {len(alloc.units) - 12} more")
    if advice.close.floor:
        out.append(f"{advice.close.floor:,} weighted gap weeks remain whatever is bought: those handovers are "
                   "identified too late for any capacity to help.")
    for f in advice.flat:
        if f.extra_per_week is not None:
            out.append(f"- Steady: {f.team} needs +{f.extra_per_week:g} a week from now (it has {f.base_per_week:.2g})"
                       + (f", {f.fte:g} more staff" if f.fte is not None else "") + " for no gap its capacity causes.")
    for c in advice.clearing:
        now, then = advice.week_date(c.week_now), advice.week_date(c.week_with)
        out.append(f"- {c.team}'s queue clears by {long_date(now) if now else 'never, within the plan'}"
                   + (f"; with the cut bought, by {long_date(then)}" if then else "") + ".")
    return "\n".join(out)


def run(args: argparse.Namespace) -> int:
    if not 0 < args.share <= 1:
        raise UserError("--share must be more than 0 and at most 1")
    path = args.db or store.default_db_path()
    if not Path(path).exists():
        raise UserError(f"{path} does not exist: build it with `planner demo --db {path}`")
    db = store.open_db(path)
    area = choose_area(db, args.area)
    advice = capacity.capacity_advice(db, area, args.as_of or dt.date.today(), share=args.share)
    if args.csv:
        table = rows(advice)
        with args.csv.open("w", newline="", encoding="utf-8") as fh:
            writer = csv.DictWriter(fh, fieldnames=list(table[0]) if table else ["team"])
            writer.writeheader()
            writer.writerows(table)
    if args.json:
        print(json.dumps({
            "area": area, "as_of": advice.as_of.isoformat(), "weighted_gap_weeks": advice.weighted_gap,
            "savings": rows(advice), "cut": advice.cut.model_dump(), "close": advice.close.model_dump(),
            "steady": [f.model_dump() for f in advice.flat],
            "clearing": [{"team": c.team, "clears_now": _iso(advice.week_date(c.week_now)),
                          "clears_with_cut": _iso(advice.week_date(c.week_with))} for c in advice.clearing],
            "seconds": round(advice.seconds, 2)}, indent=2))
    else:
        print(as_text(advice))
    return 0


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None
