"""Re-plan one person's handovers with everyone else fixed (when a worker changes a date).

The person's steps are first re-placed greedily in the capacity the others leave (so a
feasible schedule exists even when the change made the old one invalid), then one small CP-SAT
model improves them on the same lexicographic objective. Well under a second.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict

from planner.scheduler import cpsat
from planner.scheduler.problem import Problem


def _due(problem: Problem, mine: list) -> dict[str, float]:
    """Latest start for no gap and no breach, over the person's own steps only."""
    ids = {s.id for s in mine}
    succ = defaultdict(list)
    for s in mine:
        for p in s.predecessors:
            succ[p].append(s.id)
    last = {h.last_step_id: h.children_end_week for h in problem.handovers_of(ids) if h.ends}
    due: dict[str, float] = {}
    pending = list(mine)
    while pending:  # a few dozen steps: simple repeated passes are fine
        rest = []
        for s in pending:
            if any(n not in due for n in succ[s.id]):
                rest.append(s)
                continue
            end_by = min([last.get(s.id, math.inf), s.deadline_week if s.deadline_week is not None
                          else math.inf] + [due[n] for n in succ[s.id]])
            due[s.id] = end_by - s.duration_weeks
        if len(rest) == len(pending):
            raise ValueError("the person's steps form a cycle")
        pending = rest
    return due


def replan(problem: Problem, starts: dict[str, int], person_id: str, time_limit: float = 0.5,
           workers: int = 1, seed: int = 0, use: dict[str, Counter] | None = None) -> dict[str, int]:
    """A new schedule in which only `person_id`'s steps may have moved.

    `use[team][week]`: capacity-using starts of everyone (pass it to save a count of the area).
    """
    by_id = problem.step_by_id
    mine = [s for s in problem.steps if s.person_id == person_id]
    ids = {s.id for s in mine}
    if not mine:
        return dict(starts)
    if use is None:
        use = defaultdict(Counter)
        for s in problem.steps:
            if s.uses_capacity and s.team in problem.capacity:
                use[s.team][starts[s.id]] += 1
    others = {team: Counter(c) for team, c in use.items()}
    for s in mine:
        if s.uses_capacity and s.team in problem.capacity:
            others[s.team][starts[s.id]] -= 1
    due = _due(problem, mine)
    new = dict(starts)
    taken: Counter = Counter()
    for s in sorted(mine, key=lambda s: (due[s.id], len(s.predecessors))):
        week = max([s.earliest_week] + [new[p] + by_id[p].duration_weeks for p in s.predecessors])
        if s.uses_capacity and s.team in problem.capacity:
            weekly = problem.capacity[s.team]
            while others[s.team][week] + taken[(s.team, week)] >= weekly[week]:
                week += 1
            taken[(s.team, week)] += 1
        new[s.id] = week
    people = {person_id}
    before = cpsat.local_cost(problem, new, ids, people)
    fixed_use = {team: Counter(c) for team, c in others.items()}
    for (team, week), n in taken.items():
        fixed_use.setdefault(team, Counter())[week] += n
    better = cpsat.solve(problem, new, ids, time_limit=time_limit, workers=workers, seed=seed,
                         fixed_use=fixed_use, succ=_successors(mine))
    if better is not None:
        trial = {**new, **better}
        if cpsat.local_cost(problem, trial, ids, people) <= before:
            return trial
    return new


def _successors(mine: list) -> dict[str, list[str]]:
    succ: dict[str, list[str]] = {s.id: [] for s in mine}
    for s in mine:
        for p in s.predecessors:
            succ.setdefault(p, []).append(s.id)
    return succ
