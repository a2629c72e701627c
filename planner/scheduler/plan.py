"""Plan a whole area: greedy, line up meetings, CP-SAT rounds, lower bound, gap reasons.

`plan(problem, time_limit, progress=callback) -> Result`. The callback gets a phase name and a
small dict (for a progress display); the result always passes `planner.validate` (the greedy
schedule is the fallback, and every kept change was checked).
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable

from planner import validate
from planner.scheduler import bound as bound_
from planner.scheduler import greedy
from planner.scheduler.lns import Search, merge_meetings
from planner.scheduler.problem import Gap, Problem, Result

Progress = Callable[[str, dict], None]


def explain_gaps(problem: Problem, starts: dict[str, int], head: dict[str, int]) -> list[Gap]:
    """Each remaining gap with the limited team whose full weeks held its chain back."""
    by_id = problem.step_by_id
    use = Counter((s.team, starts[s.id]) for s in problem.steps if s.uses_capacity and s.team in problem.capacity)
    out = []
    for h in problem.handovers:
        last = by_id[h.last_step_id]
        weeks = h.gap(starts[last.id] + last.duration_weeks)
        if weeks <= 0:
            continue
        unavoidable = max(0, head[last.id] + last.duration_weeks - h.children_end_week)
        team, binding = None, []
        for s in problem.steps_of(h.id):
            if not (s.uses_capacity and s.team in problem.capacity):
                continue
            ready = max([s.earliest_week] + [starts[q] + by_id[q].duration_weeks for q in s.predecessors])
            # A week binds when the team had no room left in it (a week with no capacity at all
            # binds too: a small team may start one assessment a month).
            full = [w for w in range(ready, starts[s.id]) if use[(s.team, w)] >= problem.capacity[s.team][w]]
            if len(full) > len(binding):
                team, binding = s.team, full
        out.append(Gap(handover_id=h.id, person_id=h.person_id, weeks=weeks, weight=h.weight,
                       binding_team=team, binding_weeks=binding, unavoidable_weeks=unavoidable))
    return out


def plan(problem: Problem, time_limit: float = 30.0, progress: Progress | None = None, *,
         workers: int = 2, seed: int = 0, size: int = 300, round_limit: float = 1.5,
         patience: int = 60) -> Result:
    """Schedule every step; see the module docstring."""
    t0 = time.monotonic()
    deadline = t0 + time_limit
    say = progress or (lambda phase, info: None)
    say("greedy", {})
    starts = greedy.schedule(problem)
    greedy_seconds = time.monotonic() - t0
    greedy_report = validate.check(problem, starts)
    say("greedy done", {"seconds": greedy_seconds, **greedy_report.metrics.model_dump()})
    say("bound", {})
    bound = bound_.lower_bound(problem, starts)
    slack = {t for t in problem.capacity if not bound.by_team.get(t)}
    search = Search(problem, starts, seed=seed, workers=workers, slack_teams=slack)
    say("meetings", {"moved": merge_meetings(problem, search.starts, search.use)})
    # Leave time for the final check and the gap reasons.
    search.run(deadline - 0.02 * time_limit - 0.5, size=size, round_limit=round_limit,
               progress=say, patience=patience)
    report = validate.check(problem, search.starts)
    final = search.starts
    if not report.valid or report.metrics.key() > greedy_report.metrics.key():
        # Never worse than greedy and never invalid: fall back (and say so in the result).
        final, report = starts, greedy_report
    head, _ = bound_.heads_tails(problem)
    return Result(starts=final, metrics=report.metrics, greedy=greedy_report.metrics,
                  bound=bound, gaps=explain_gaps(problem, final, head), valid=report.valid,
                  seconds=time.monotonic() - t0, greedy_seconds=greedy_seconds,
                  rounds=search.rounds, improved_rounds=search.improved)
