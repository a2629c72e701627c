"""What if a team had more (or less) capacity, what capacity to buy, and changing it.

`capacity_what_if(db, area, team, from_date, per_week, as_of)` compares the area planned with
the team's capacity as it is and as it would be; `capacity_advice(db, area, as_of)` says where
more capacity saves most (`planner.scheduler.capacity`); `change_capacity` saves a change,
audited. The built area (its dated handovers, first plan and lower bound) is kept between
what-ifs until anything it was built from changes (`store.figures.data_stamp`), so a second
what-if takes about a second on Eastshire instead of reading the area again.
"""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass, field

from planner import limits, store, validate
from planner.planning.area import AreaProblem, build, team_models
from planner.scheduler import problem as sp
from planner.views.words import long_date

_KEEP = 4  # built areas kept (one per area and date a manager is looking at)


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
    weighted_gap_now: int = 0
    weighted_gap_then: int = 0
    weighted_bound_now: int = 0
    weighted_bound_then: int = 0
    cached: bool = False  # the area was already built


@dataclass
class _Built:
    ap: AreaProblem
    now: sp.Metrics  # the first plan (greedy, heaviest dependency first)
    predictor: object  # planner.scheduler.capacity.Predictor


_BUILT: dict[tuple, _Built] = {}


def built_area(db, area: str, as_of: dt.date, *, graph=None) -> tuple[_Built, bool]:
    """The area built (problem, first plan, bound predictor), from the cache when nothing it
    was read from has changed; (built, whether it came from the cache)."""
    from planner.scheduler import capacity as advice
    from planner.scheduler import greedy

    key = (store.database_key(db), area, as_of, id(graph) if graph is not None else None)
    stamp = store.figures.data_stamp(db)
    hit = _BUILT.get(key)
    if hit is not None and hit[0] == stamp:
        return hit[1], True
    ap = build(db, area, as_of, graph=graph)
    now = validate.metrics(ap.problem, greedy.schedule(ap.problem, weight_first=True))
    made = _Built(ap=ap, now=now, predictor=advice.Predictor(ap.problem))
    _BUILT[key] = (stamp, made)
    while len(_BUILT) > _KEEP:
        _BUILT.pop(next(iter(_BUILT)))
    return made, False


def forget_built_areas() -> None:
    """Drop every kept build (`built_area`), so the next what-if reads its area afresh."""
    _BUILT.clear()


def capacity_what_if(db, area: str, team_id: str, from_date: dt.date, per_week: float, as_of: dt.date,
                     *, graph=None) -> WhatIf:
    """Gap weeks of the area's first plan (greedy, heaviest dependency first) and the lower
    bound (what the best plan reaches where each handover has one limited step), now and with
    the team's capacity changed from `from_date`. Seconds, so the answer comes while the
    manager waits; the full plan after saving does at least as well as the first plan."""
    from planner.scheduler import greedy

    bad = limits.capacity_problem(per_week)
    if bad:
        raise ValueError(f"The capacity {bad}.")
    t0 = time.monotonic()
    made, cached = built_area(db, area, as_of, graph=graph)
    p, pr = made.ap.problem, made.predictor
    then_teams = team_models(db, area, made.ap.start, {s.team for s in p.steps}, (team_id, from_date, per_week))
    # The same steps and handovers (checked when built): only one team's capacity differs.
    then = sp.Problem.model_construct(teams=then_teams, handovers=p.handovers, steps=p.steps,
                                      meeting_tolerance_weeks=p.meeting_tolerance_weeks,
                                      min_horizon_weeks=p.min_horizon_weeks)
    m1 = validate.metrics(then, greedy.schedule(then, weight_first=True))
    m0, b0 = made.now, pr.bound
    weekly = then.capacity.get(team_id)
    if weekly is not None and team_id in pr.layers:
        plain_now = pr.charging.team_value(team_id, pr.layers[team_id])[0]
        plain_then = pr.charging.team_value(team_id, pr.layers[team_id], weekly)[0]
        bound_then = b0.gap_weeks - plain_now + plain_then
        weighted_then = pr.total({team_id: pr.team_gap(team_id, weekly=weekly)})
    else:  # a team with no queue now: its share of the bound stays what it is (0)
        bound_then, weighted_then = b0.gap_weeks, b0.weighted_gap_weeks
    return WhatIf(team_id=team_id, from_date=from_date, per_week=per_week, gap_weeks_now=m0.gap_weeks,
                  gap_weeks_then=m1.gap_weeks, bound_now=b0.gap_weeks, bound_then=bound_then,
                  handovers_with_gap_now=m0.handovers_with_gap, handovers_with_gap_then=m1.handovers_with_gap,
                  seconds=time.monotonic() - t0, weighted_gap_now=m0.weighted_gap_weeks,
                  weighted_gap_then=m1.weighted_gap_weeks, weighted_bound_now=b0.weighted_gap_weeks,
                  weighted_bound_then=weighted_then, cached=cached)


@dataclass(frozen=True)
class TeamFacts:
    """One team whose capacity forces a gap: what it is and how its queue stands now."""

    id: str
    name: str
    does: str  # what one start is ("Care Act transition assessments"), from data/teams.yaml
    per_week: float  # starts a week now
    weighted_gap: int  # its share of the best plan's weighted gap weeks
    floor: int  # of which no capacity removes (identified too late)
    waiting: int  # handovers its capacity makes wait in the best plan
    too_late: int  # of which no capacity helps (identified too late)
    unit: str = "week"  # the period the team's capacity is stated in (data/teams.yaml): week, month, year...


@dataclass
class Advice:
    """What capacity to buy in an area (`planner.scheduler.capacity`), with dates."""

    area: str
    as_of: dt.date
    start: dt.date  # the Monday of week 0; quarter q starts 13q weeks later
    weighted_gap: int  # the best plan's weighted gap weeks now (the bound)
    savings: list  # planner.scheduler.capacity.Saving
    cut: object  # Allocation for `share`
    close: object  # Allocation for all that capacity can remove
    flat: list  # Flat per team
    clearing: list  # Clearing per team (with `cut` bought)
    share: float
    seconds: float
    teams: dict = field(default_factory=dict)  # team id -> TeamFacts, for every team whose capacity forces a gap
    other_waiting: int = 0  # handovers with a gap no team's capacity causes (earliest starts alone)
    team_names: dict = field(default_factory=dict)  # every team of the area: id -> name

    def quarter_start(self, quarter: int) -> dt.date:
        from planner.scheduler.capacity import QUARTER

        return self.start + dt.timedelta(weeks=QUARTER * quarter)

    def week_date(self, week: int | None) -> dt.date | None:
        return None if week is None else self.start + dt.timedelta(weeks=week)


def with_staffing(problem: sp.Problem, graph=None) -> sp.Problem:
    """The problem's teams with the staff it takes to start one more step a week, where
    `data/teams.yaml` says how many staff deliver a team's capacity."""
    from planner import pathways as pw

    known = {tid: t.fte_per_weekly_start for tid, t in (graph or pw.default_graph()).graph["teams"].items()
             if t.fte_per_weekly_start is not None}
    teams = [t.model_copy(update={"fte_per_weekly_start": known[t.id]}) if t.id in known else t for t in problem.teams]
    return sp.Problem.model_construct(teams=teams, handovers=problem.handovers, steps=problem.steps,
                                      meeting_tolerance_weeks=problem.meeting_tolerance_weeks,
                                      min_horizon_weeks=problem.min_horizon_weeks)


def capacity_advice(db, area: str, as_of: dt.date, *, share: float = 0.5, graph=None) -> Advice:
    """For each team and quarter the weighted gap weeks one more start a week saves; the
    cheapest allocation that cuts the gap by `share`, and the one that removes all capacity can;
    the steady increase per team; when each queue clears (now, and with the cut bought)."""
    from planner.scheduler import capacity as advice

    t0 = time.monotonic()
    made, _ = built_area(db, area, as_of, graph=graph)
    p = with_staffing(made.ap.problem, graph)
    pr = made.predictor
    cut, clears = _cut(p, pr, share)
    does, units = _team_units(graph)
    teams = {t: TeamFacts(id=t, name=p.team_by_id[t].name or t, does=does.get(t, ""), unit=units.get(t, "week"),
                          per_week=p.team_by_id[t].rate(0), weighted_gap=pr.base[t], floor=pr.floor.get(t, 0),
                          waiting=pr.waiting(t), too_late=pr.too_late(t)) for t in pr.teams}
    return Advice(area=area, as_of=as_of, start=made.ap.start, weighted_gap=pr.bound.weighted_gap_weeks,
                  savings=advice.savings(p, pr), cut=cut, close=advice.allocate(p, 1.0, pr),
                  flat=[advice.flat(p, team, 1.0, pr) for team in pr.teams],
                  clearing=clears, share=share,
                  seconds=time.monotonic() - t0, teams=teams, other_waiting=pr.charging.static_count,
                  team_names={t.id: t.name or t.id for t in p.teams})


def cut_by(db, area: str, as_of: dt.date, share: float, *, graph=None) -> tuple[object, list]:
    """The cheapest allocation that cuts the weighted gap by `share` of what capacity can
    remove, and when each queue clears with it bought (the area as `capacity_advice` built it)."""
    made, _ = built_area(db, area, as_of, graph=graph)
    return _cut(with_staffing(made.ap.problem, graph), made.predictor, share)


def _cut(p: sp.Problem, pr, share: float) -> tuple[object, list]:
    from planner.scheduler import capacity as advice

    cut = advice.allocate(p, share, pr)
    return cut, [c for c in advice.clearing(p, cut, pr.charging.head) if c.week_now]


def _team_units(graph=None) -> tuple[dict[str, str], dict[str, str]]:
    """What one start is at each team ("Care Act transition assessments") and the period its
    capacity is stated in ("month"), from data/teams.yaml."""
    from planner import pathways as pw

    teams = (graph or pw.default_graph()).graph["teams"]
    return ({tid: t.does for tid, t in teams.items()},
            {tid: str(t.capacity.per) for tid, t in teams.items() if t.capacity is not None})


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
