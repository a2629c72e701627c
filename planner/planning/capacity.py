"""What if a team had more (or less) capacity, and changing it.

`capacity_what_if(db, area, team, from_date, per_week, as_of)` compares the gaps of the area
planned with the team's capacity as it is and as it would be; `change_capacity` saves a change,
audited.
"""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass

from planner import limits, store, validate
from planner.planning.area import build, team_models
from planner.scheduler import problem as sp
from planner.views.words import long_date


@dataclass
class WhatIf:
    team_id: str
    from_date: dt.date
    per_week: float
    gap_weeks_now: int
    gap_weeks_then: int
    bound_now: int
    bound_then: int
    handovers_with_gap_now: int
    handovers_with_gap_then: int
    seconds: float


def capacity_what_if(db, area: str, team_id: str, from_date: dt.date, per_week: float, as_of: dt.date,
                     *, graph=None) -> WhatIf:
    """Gap weeks of the area's greedy plan and the lower bound, now and with the team's capacity
    changed from `from_date`. Greedy (seconds, not minutes) so the answer comes while the manager
    waits; the full plan after saving will do at least as well."""
    from planner.scheduler import bound as bound_
    from planner.scheduler import greedy

    bad = limits.capacity_problem(per_week)
    if bad:
        raise ValueError(f"The capacity {bad}.")
    t0 = time.monotonic()
    now = build(db, area, as_of, graph=graph)
    then_teams = team_models(db, area, now.start, {s.team for s in now.problem.steps}, (team_id, from_date, per_week))
    then = sp.Problem(teams=then_teams, handovers=now.problem.handovers, steps=now.problem.steps)
    out = []
    for problem in (now.problem, then):
        starts = greedy.schedule(problem)
        m = validate.metrics(problem, starts)
        out.append((m, bound_.lower_bound(problem, starts)))
    (m0, b0), (m1, b1) = out
    return WhatIf(team_id=team_id, from_date=from_date, per_week=per_week, gap_weeks_now=m0.gap_weeks,
                  gap_weeks_then=m1.gap_weeks, bound_now=b0.gap_weeks, bound_then=b1.gap_weeks,
                  handovers_with_gap_now=m0.handovers_with_gap, handovers_with_gap_then=m1.handovers_with_gap,
                  seconds=time.monotonic() - t0)


def change_capacity(db, area: str, team_id: str, from_date: dt.date, per_week: float, by: str,
                    expected_version: int | None = None) -> int:
    """Set a team's capacity per week from a date, audited in the same transaction. When
    `expected_version` (the version the user saw; 0 when they saw no row for that date) is stale,
    `store.ConflictError` says who changed it and when, and nothing is written."""
    bad = limits.capacity_problem(per_week)
    if bad:
        raise ValueError(f"The capacity {bad}.")
    if team_id not in {t["id"] for t in store.list_teams(db, area)}:
        raise ValueError(f"{team_id} is not one of the teams of {area}")
    with db.atomic():
        exists = any(r["from_date"] == from_date.isoformat() for r in store.capacity_for(db, area, team_id))
        if expected_version == 0 and exists:
            row = next(r for r in store.capacity_for(db, area, team_id) if r["from_date"] == from_date.isoformat())
            raise store.ConflictError(f"The capacity of {team_id} from {long_date(from_date)}",
                                      row["updated_by"], row["updated_at"])
        version = store.set_capacity(db, area, team_id, from_date, per_week, by,
                                     expected_version=expected_version or None)
        store.audit(db, by, "set capacity", None, f"{area} {team_id} from {from_date.isoformat()}: {per_week:g} a week")
    return version
