"""What capacity to buy: where one more place saves most, the cheapest allocation that cuts the
gap by a chosen share (or closes it), and when each team's backlog clears.

Pure functions over a `Problem` (no store). The predictor is the per-team gap bound
(`planner.scheduler.bound`) with its charging fixed, re-evaluated with the team's places each
week changed. Any charging gives a valid bound, so a prediction is a lower bound on the best
plan's weighted gap weeks after the change; where each handover has one limited step the
charging is forced and the bound is what the per-team flows reach, so the prediction is the
re-planned gap (on Eastshire 10 of 10 checks; `tests/scheduler/test_capacity.py` re-plans).

A *unit* is one more start a week for one quarter (13 weeks) at one team: 13 more
assessments (or intakes, tenancies...). Quarters count from the plan's start (week 0). Where a
team's staffing is known (`Team.fte_per_weekly_start`), units are also given in staff.
"""

from __future__ import annotations

import heapq
import math

from pydantic import BaseModel, ConfigDict, Field

from planner.scheduler import bound as bound_
from planner.scheduler.problem import Problem

QUARTER = 13  # weeks


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Saving(_Model):
    """Weighted gap weeks saved by one more start a week at `team` in quarter `quarter`."""

    team: str
    quarter: int = Field(description="0: the plan's first 13 weeks")
    from_week: int
    weeks: int
    saved: int
    fte: float | None = Field(None, description="staff for the quarter, where the team's staffing is known")


class Unit(_Model):
    team: str
    quarter: int
    from_week: int
    weeks: int
    extra_per_week: int
    fte: float | None = None


class Allocation(_Model):
    """Units bought, best first, until the weighted gap reaches `target` (or nothing helps)."""

    share: float = Field(description="the share of the weighted gap capacity can remove to cut (1: all of it)")
    base: int = Field(description="weighted gap weeks now (the bound: the best plan's)")
    floor: int = Field(description="weighted gap weeks no capacity removes (identified too late)")
    target: int
    reached: int
    units: list[Unit]
    extra_starts: dict[str, int] = Field(description="extra starts bought at each team")
    fte_quarters: dict[str, float] = Field(default_factory=dict, description="staff-quarters, where known")

    @property
    def met(self) -> bool:
        return self.reached <= self.target


class Flat(_Model):
    """The steady increase (starts a week, from week 0) that brings one team's share of the gap
    down to `target`."""

    team: str
    base_per_week: float
    extra_per_week: float | None = Field(description="None: not reached within the search")
    fte: float | None = None


class Clearing(_Model):
    """When a team's queue first empties for good (every step starting in the week it is
    ready), as things are and with an allocation."""

    team: str
    week_now: int | None = Field(description="None: not within the planned weeks")
    week_with: int | None = None


class Predictor:
    """The per-team gap bound with its charging fixed, for capacity what-ifs."""

    def __init__(self, problem: Problem, starts: dict[str, int] | None = None, *, time_limit: float = 5.0,
                 exact: bool = True):
        self.problem = problem
        self.bound, self.charging, charge = bound_.charging(problem, starts, time_limit=time_limit, exact=exact)
        self.layers = self.charging.layers(charge)
        self.base = {team: self.bound.by_team.get(team, 0) for team in problem.capacity}
        self.teams = sorted(t for t, v in self.base.items() if v > 0)
        # Each team's term layer by layer (milliseconds) where that is as tight as the exact
        # min-cost flow as things are (on Eastshire, every team); else the flow (tenths of a
        # second per what-if). Either is a lower bound on the best plan's weighted gap.
        self.exact_teams = {t for t in self.teams
                            if exact and self.charging.team_value(t, self.layers[t])[1] < self.base[t]}
        # What no capacity can remove: steps identified too late (their earliest start alone
        # is past the children's end) keep their gap whatever is bought.
        self.floor = {t: self.team_gap(t, weekly=[10**6] * len(problem.capacity[t])) for t in self.teams}
        self._waiting: dict[str, int] = {}

    def team_gap(self, team: str, extra: dict[int, int] | None = None, weekly: list[int] | None = None) -> int:
        """The team's share of the weighted gap bound with `extra` starts in some weeks (or with
        `weekly` places each week)."""
        if team not in self.layers:
            return 0
        if weekly is None:
            weekly = list(self.problem.capacity[team])
            for week, n in (extra or {}).items():
                if 0 <= week < len(weekly):
                    weekly[week] += n
        if team in self.exact_teams:
            return self.charging.team_exact(team, self.layers[team], weekly)
        return self.charging.team_value(team, self.layers[team], weekly)[1]

    def waiting(self, team: str) -> int:
        """How many handovers this team's capacity makes wait in the best plan (weighted gap,
        then fairness, as the scheduler spreads the waiting); 0 for a team with no queue."""
        if team not in self._waiting:
            self._waiting[team] = (self.charging.team_waiting(team, self.layers[team])
                                   if self.base.get(team, 0) > 0 and team in self.layers else 0)
        return self._waiting[team]

    def too_late(self, team: str) -> int:
        """How many handovers charged to this team wait whatever it has: their step there cannot
        start early enough even with a place free every week (identified too late)."""
        head = self.charging.head
        return sum(1 for sid, due in self.layers.get(team, {}).get(1, {}).items() if head[sid] > due)

    def total(self, team_gaps: dict[str, int] | None = None) -> int:
        """The weighted gap bound with some teams' shares replaced."""
        gaps = {**self.base, **(team_gaps or {})}
        return self.bound.weighted_gap_weeks - sum(self.base.values()) + sum(gaps.values())

    def quarters(self, team: str) -> int:
        """Quarters in which more places can still help: until the queue clears as it is."""
        week = clear_week(self.problem, team, head=self.charging.head)
        last = week if week is not None else len(self.problem.capacity[team])
        return max(1, math.ceil(last / QUARTER))


def _fte(problem: Problem, team: str, starts_a_week: float, weeks: int) -> float | None:
    per = problem.team_by_id[team].fte_per_weekly_start
    return None if per is None else round(per * starts_a_week * weeks / QUARTER, 2)


def _unit(team: str, quarter: int, n: int = 1) -> dict[int, int]:
    return {w: n for w in range(quarter * QUARTER, (quarter + 1) * QUARTER)}


def savings(problem: Problem, predictor: Predictor | None = None, quarters: int | None = None) -> list[Saving]:
    """For each team whose capacity forces a gap and each quarter, the weighted gap weeks one
    more start a week for that quarter saves."""
    pr = predictor or Predictor(problem)
    out = []
    for team in pr.teams:
        for q in range(quarters if quarters is not None else pr.quarters(team)):
            saved = pr.base[team] - pr.team_gap(team, _unit(team, q))
            out.append(Saving(team=team, quarter=q, from_week=q * QUARTER, weeks=QUARTER, saved=saved,
                              fte=_fte(problem, team, 1, QUARTER)))
    return out


def allocate(problem: Problem, share: float, predictor: Predictor | None = None, *, max_units: int = 2000) -> Allocation:
    """The units to buy, greedily by weighted gap weeks saved per extra start (re-checked when
    taken, as each unit bought makes the next one at that team save less), earlier quarters
    first on a tie, until the weighted gap bound is cut by `share` of what capacity can remove
    (1: all of it; what earliest starts alone force remains)."""
    if not 0 < share <= 1:
        raise ValueError("the share of the gap to cut must be more than 0 and at most 1")
    pr = predictor or Predictor(problem)
    base = pr.bound.weighted_gap_weeks
    floor = pr.total(pr.floor)  # every team with all the capacity it could use
    target = math.ceil(base - share * (base - floor))
    current = dict(pr.base)
    extra: dict[str, dict[int, int]] = {t: {} for t in pr.teams}
    heap: list[tuple[float, int, str, int]] = []
    for team in pr.teams:
        for q in range(pr.quarters(team)):
            saved = current[team] - pr.team_gap(team, _unit(team, q))
            if saved > 0:
                heapq.heappush(heap, (-saved, q, team, 0))
    units: list[Unit] = []
    bought: dict[tuple[str, int], int] = {}
    while heap and pr.total(current) > target and len(units) < max_units:
        stale, q, team, version = heapq.heappop(heap)
        if version != bought.get((team, q), 0):
            continue
        trial = dict(extra[team])
        for w, n in _unit(team, q).items():
            trial[w] = trial.get(w, 0) + n
        gap = pr.team_gap(team, trial)
        saved = current[team] - gap
        if saved <= 0:
            continue
        if heap and saved < -heap[0][0]:
            heapq.heappush(heap, (-saved, q, team, version))  # no longer the best: look again later
            continue
        extra[team], current[team] = trial, gap
        bought[(team, q)] = version + 1
        units.append(Unit(team=team, quarter=q, from_week=q * QUARTER, weeks=QUARTER, extra_per_week=1,
                          fte=_fte(problem, team, 1, QUARTER)))
        heapq.heappush(heap, (-saved, q, team, version + 1))
    starts = {t: sum(e.values()) for t, e in extra.items() if e}
    fte = {t: round(sum(u.fte for u in units if u.team == t), 2) for t in starts
           if problem.team_by_id[t].fte_per_weekly_start is not None}
    return Allocation(share=share, base=base, floor=floor, target=target, reached=pr.total(current),
                      units=_merge(units), extra_starts=starts, fte_quarters=fte)


def _merge(units: list[Unit]) -> list[Unit]:
    """Units at the same team and quarter as one (`extra_per_week` more), earliest first."""
    merged: dict[tuple[str, int], Unit] = {}
    for u in units:
        key = (u.team, u.quarter)
        if key in merged:
            m = merged[key]
            merged[key] = m.model_copy(update={"extra_per_week": m.extra_per_week + 1,
                                               "fte": None if m.fte is None else round(m.fte + (u.fte or 0), 2)})
        else:
            merged[key] = u
    return sorted(merged.values(), key=lambda u: (u.quarter, u.team))


def flat(problem: Problem, team: str, share: float = 1.0, predictor: Predictor | None = None,
         step: float = 0.1, most: float = 50.0) -> Flat:
    """The least steady increase (to `step` starts a week) from week 0 that cuts the team's share
    of the weighted gap bound by `share` of what capacity can remove."""
    from planner.scheduler.problem import CapacityChange

    pr = predictor or Predictor(problem)
    t = problem.team_by_id[team]
    base_rate = t.rate(0)
    floor = pr.floor.get(team, 0)
    goal = math.ceil(pr.base[team] - share * (pr.base[team] - floor))

    def gap_with(x: float) -> int:
        changed = t.model_copy(update={"capacity": [CapacityChange(from_week=c.from_week, per_week=c.per_week + x)
                                                    for c in t.capacity]})
        return pr.team_gap(team, weekly=changed.weekly(len(problem.capacity[team])))

    if pr.base[team] <= goal:
        return Flat(team=team, base_per_week=base_rate, extra_per_week=0.0, fte=_fte(problem, team, 0, QUARTER))
    lo, hi = 0, math.ceil(most / step)
    if gap_with(hi * step) > goal:
        return Flat(team=team, base_per_week=base_rate, extra_per_week=None)
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if gap_with(mid * step) <= goal:
            hi = mid
        else:
            lo = mid
    x = round(hi * step, 6)
    return Flat(team=team, base_per_week=base_rate, extra_per_week=x, fte=_fte(problem, team, x, QUARTER))


def clear_week(problem: Problem, team: str, extra: dict[int, int] | None = None,
               head: dict[str, int] | None = None) -> int | None:
    """The first week from which the team's queue stays empty: every step at the team can then
    start the week it is first ready (its earliest start, with everything before it as early as
    it can be). None when it does not clear within the planned weeks. `head`: each step's
    earliest start (`bound.heads_tails`), when already worked out."""
    if head is None:
        head, _ = bound_.heads_tails(problem)
    releases = sorted(head[s.id] for s in problem.steps if s.uses_capacity and s.team == team)
    weekly = list(problem.capacity.get(team, []))
    for week, n in (extra or {}).items():
        if 0 <= week < len(weekly):
            weekly[week] += n
    if not releases:
        return 0
    queue, i, last_waiting = 0, 0, -1
    for week in range(len(weekly)):
        while i < len(releases) and releases[i] <= week:
            queue += 1
            i += 1
        queue -= min(queue, weekly[week])
        if queue:
            last_waiting = week
        if i == len(releases) and not queue:
            return last_waiting + 1
    return None


def clearing(problem: Problem, allocation: Allocation | None = None,
             head: dict[str, int] | None = None) -> list[Clearing]:
    """When each limited team's queue clears, now and with `allocation` bought."""
    out = []
    if head is None:
        head, _ = bound_.heads_tails(problem)
    for team in sorted(problem.capacity):
        extra: dict[int, int] = {}
        for u in (allocation.units if allocation else []):
            if u.team == team:
                for w in range(u.from_week, u.from_week + u.weeks):
                    extra[w] = extra.get(w, 0) + u.extra_per_week
        out.append(Clearing(team=team, week_now=clear_week(problem, team, head=head),
                            week_with=clear_week(problem, team, extra, head) if allocation else None))
    return out
