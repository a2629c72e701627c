"""Chains across several limited teams: one team's part of each chain at a time.

Where a handover waits for several limited teams in turn (a tenancy after a Care Act
assessment, a supported internship after an EHC plan review), the per-team flows are no longer
exact, and the teams must be coordinated: an upstream team should give its places to the
handovers that are urgent *downstream*, not to those that will queue there anyway.
`chain_sweep` plans team by team with the per-team flow (`planner.scheduler.network`) on
fairness then breaches, first for targets (most constrained team first), then repairing in
chain order; `relist` turns any weeks into a valid schedule.
"""

from __future__ import annotations

import time
from collections import defaultdict

from planner import validate
from planner.scheduler import greedy
from planner.scheduler.flow import limited, place, profile, units
from planner.scheduler.network import solve_team
from planner.scheduler.problem import Problem


class Chains:
    """One team's part of each chain at a time (the `chain_sweep`): the team's steps are the
    jobs; every other limited team's steps keep their weeks as earliest starts (pushed later only
    if what comes before them now ends later), everything else starts as early as it can."""

    def __init__(self, problem: Problem):
        self.problem = problem
        self.units = units(problem)
        by_id = problem.step_by_id
        topo_index = {s.id: i for i, s in enumerate(problem.topological())}
        self.team_units: dict[str, list[list[str]]] = defaultdict(list)
        for unit in self.units:
            for team in {by_id[sid].team for sid in unit if limited(problem, by_id[sid])}:
                self.team_units[team].append(unit)
        self.team_topo = {team: sorted((by_id[sid] for unit in us for sid in unit), key=lambda s: topo_index[s.id])
                          for team, us in self.team_units.items()}
        self.by_team: dict[str, list[str]] = defaultdict(list)
        for s in problem.steps:
            if limited(problem, s):
                self.by_team[s.team].append(s.id)
        # Teams in chain order (upstream first): the order of a topological sort of "a step of
        # team A comes before a step of team B in some handover"; cycles broken by pressure.
        upstream: dict[str, set[str]] = {}
        before: dict[str, set[str]] = defaultdict(set)
        for s in problem.topological():
            mine: set[str] = set()
            for p in s.predecessors:
                mine |= upstream[p]
                if limited(problem, by_id[p]):
                    mine.add(by_id[p].team)
            upstream[s.id] = mine
            if limited(problem, s):
                before[s.team] |= mine - {s.team}
        # Teams with a step in a unit that has steps at several limited teams.
        self.chain_teams = {by_id[sid].team for unit in self.units
                            if len({by_id[x].team for x in unit if limited(problem, by_id[x])}) > 1
                            for sid in unit if limited(problem, by_id[sid])}
        self.order: list[str] = []
        left = set(self.by_team)
        pressure = {t: len(ids) / max(1, sum(problem.capacity[t])) for t, ids in self.by_team.items()}
        while left:
            ready = [t for t in left if not (before[t] & left)]
            pick = min(ready or left, key=lambda t: (-pressure[t], t) if not ready else (0, t))
            self.order.append(pick)
            left.discard(pick)
        self.pressure = pressure

    def share(self) -> float:
        """The share of limited steps that are in chains across several limited teams."""
        by_id = self.problem.step_by_id
        total = sum(len(ids) for ids in self.by_team.values())
        chained = sum(1 for unit in self.units
                      if len({by_id[x].team for x in unit if limited(self.problem, by_id[x])}) > 1
                      for x in unit if limited(self.problem, by_id[x]))
        return chained / total if total else 0.0

    def team_pass(self, starts: dict[str, int], team: str, fixed: set[str]) -> dict[str, int]:
        """Re-plan `team`'s steps (fairness, overdue weeks, breaches) with the `fixed` limited steps
        as earliest starts; returns the new schedule (other teams' capacity may be broken)."""
        earliest = {sid: starts[sid] for sid in fixed}
        prof = profile(self.problem, team=team, earliest=earliest, all_units=self.team_units[team],
                       topo=self.team_topo[team])
        avail = {team: list(self.problem.capacity[team])}
        for sid in prof.multi:
            s = self.problem.step_by_id[sid]
            if s.team == team and limited(self.problem, s):
                avail[team][starts[sid]] -= 1
        jobs = sorted(prof.jobs.values(), key=lambda j: j.step)
        sol = solve_team(jobs, avail[team], lower=False, fast=True)
        out = dict(starts)
        place(self.problem, prof, sol.weeks, out)
        return out


def chain_sweep(problem: Problem, starts: dict[str, int], deadline: float, chains: Chains | None = None,
                bottleneck_first: list[str] | None = None) -> dict[str, int]:
    """A schedule for areas whose handovers cross several limited teams, from `starts`:

    1. targets, most constrained team first (`bottleneck_first`; by default the teams by demand
       over capacity, which measured better than by their share of the gap bound): each team's steps planned with the teams already planned fixed and
       the others assumed to have no queue, so an upstream team learns when each step is needed
       downstream and can give its places to the handovers that are urgent *there*; then every
       step, in order of its target week, at the first week it is ready with room (`relist`);
    2. while time is left, in chain order (upstream first), each team re-planned with every
       other team fixed (feasible again: a team's steps start after what comes before them
       ends), repeated while it gains.
    Each team's part is the min-cost flow on fairness (weight x gap squared), then overdue
    weeks, then breaches:
    at a team in the middle of chains, spreading the waiting keeps the downstream queues fed.
    The best valid schedule found (by `planner.validate`'s objective) is returned; `starts` if
    none is better."""
    chains = chains or Chains(problem)
    lim = {sid for ids in chains.by_team.values() for sid in ids}
    best, best_key = starts, validate.metrics(problem, starts).key()

    def keep(candidate: dict[str, int]) -> bool:
        nonlocal best, best_key
        report = validate.check(problem, candidate)
        if report.valid and report.metrics.key() < best_key:
            best, best_key = dict(candidate), report.metrics.key()
            return True
        return False

    current = dict(starts)
    done: set[str] = set()
    first = bottleneck_first or sorted(chains.by_team, key=lambda t: -chains.pressure[t])
    # Out of time part way, what is planned so far still counts: the teams not reached keep
    # their weeks and `relist` makes the whole valid again.
    for team in [t for t in first if t in chains.chain_teams]:
        if time.monotonic() > deadline:
            break
        current = chains.team_pass(current, team, done)
        done |= set(chains.by_team[team])
    if done:
        current = relist(problem, current)
        keep(current)
    for _ in range(4):
        if time.monotonic() > deadline:
            break
        for team in [t for t in chains.order if t in chains.chain_teams]:
            if time.monotonic() > deadline:
                break
            current = chains.team_pass(current, team, lim - set(chains.by_team[team]))
        if not validate.check(problem, current).valid:
            current = relist(problem, current)
        if not keep(current):
            break
    return best


def relist(problem: Problem, weeks: dict[str, int]) -> dict[str, int]:
    """A valid schedule close to `weeks`: every step, in order of its week, at the first week on
    or after it is ready in which its team has room."""
    topo = {s.id: i for i, s in enumerate(problem.topological())}
    out: dict[str, int] = {}
    greedy.place(problem, sorted(problem.steps, key=lambda s: (weeks[s.id], topo[s.id])), out, greedy.Capacity(problem))
    return out
