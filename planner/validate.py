"""The oracle: check a schedule and compute what it costs, without any solver.

A schedule is the start week of every step of a `planner.scheduler.problem.Problem`. It is
valid when every step has a start, no step starts before its earliest week or before its
predecessors end, and no limited team starts more capacity-using steps in a week than its
capacity for that week. Missing a deadline or a window is allowed but costs: breaches,
out-of-window steps, gap weeks and the weeks overdue steps wait past their soonest possible end
are computed here from the schedule alone, and so are the family meetings (a person's mergeable meetings in the same week, each inside its own window,
are one meeting).
"""

from __future__ import annotations

from collections import Counter, defaultdict

from pydantic import BaseModel, ConfigDict

from planner.scheduler.problem import Metrics, Problem, merged_meetings, nearest_rank


class Report(BaseModel):
    """The validator's verdict: `valid`, the first problems found in plain words, the metrics."""

    model_config = ConfigDict(extra="forbid")

    valid: bool
    problems: list[str]
    metrics: Metrics


def meetings(problem: Problem, starts: dict[str, int]) -> tuple[int, int]:
    """(meetings after merging, meetings if every one were held separately).

    Mergeable meetings of one person in one group, each inside its own window, count once
    when they fall within `meeting_tolerance_weeks` of the first of them (weeks are grouped
    from the earliest).
    """
    tol = problem.meeting_tolerance_weeks
    unmerged = 0
    separate = 0
    slots: dict[tuple[str, str], list[int]] = defaultdict(list)
    for step in problem.steps:
        if not step.meeting:
            continue
        unmerged += 1
        start = starts[step.id]
        if step.mergeable and step.in_window(start):
            slots[(step.person_id, step.meeting_group)].append(start)
        else:
            separate += 1
    return separate + merged_meetings(slots.values(), tol), unmerged


def metrics(problem: Problem, starts: dict[str, int]) -> Metrics:
    """Gaps (totals, fairness and distribution), overdue weeks, breaches, meetings and
    out-of-window steps of a complete schedule."""
    steps = problem.step_by_id
    gap = weighted = fairness = 0
    gaps: list[int] = []
    for h in problem.handovers:
        last = steps[h.last_step_id]
        weeks = h.gap(starts[last.id] + last.duration_weeks)
        gap += weeks
        weighted += weeks * h.weight
        fairness += weeks * weeks * h.weight
        if weeks > 0:
            gaps.append(weeks)
    gaps.sort()
    overdue = [s.overdue_weeks(starts[s.id]) for s in problem.steps if s.overdue]
    breaches = sum(1 for s in problem.steps
                   if s.deadline_week is not None and starts[s.id] + s.duration_weeks > s.deadline_week)
    out_of_window = sum(1 for s in problem.steps if not s.in_window(starts[s.id]))
    merged, unmerged = meetings(problem, starts)
    return Metrics(gap_weeks=gap, weighted_gap_weeks=weighted, handovers_with_gap=len(gaps), fairness=fairness,
                   gap_median=nearest_rank(gaps, 0.5), gap_p90=nearest_rank(gaps, 0.9),
                   gap_longest=gaps[-1] if gaps else 0, overdue_steps=len(overdue), overdue_weeks=sum(overdue),
                   overdue_longest=max(overdue, default=0), breaches=breaches, meetings=merged,
                   meetings_unmerged=unmerged, out_of_window=out_of_window)


def violations(problem: Problem, starts: dict[str, int], limit: int = 20) -> list[str]:
    """Hard-constraint problems in plain words (at most `limit`); empty when valid."""
    found: list[str] = []
    steps = problem.step_by_id
    for s in problem.steps:
        if s.id not in starts:
            found.append(f"step {s.id} has no start week")
    if found:
        return found[:limit]
    extra = sorted(set(starts) - set(steps))
    found.extend(f"start given for unknown step {sid}" for sid in extra[:limit])
    for s in problem.steps:
        start = starts[s.id]
        if start < s.earliest_week:
            found.append(f"step {s.id} starts in week {start}, before its earliest week {s.earliest_week}")
        for p in s.predecessors:
            end = starts[p] + steps[p].duration_weeks
            if start < end:
                found.append(f"step {s.id} starts in week {start} before {p} ends (week {end})")
    used: Counter[tuple[str, int]] = Counter(
        (s.team, starts[s.id]) for s in problem.steps if s.uses_capacity and s.team in problem.capacity)
    for (team, week), n in sorted(used.items()):
        weekly = problem.capacity[team]
        cap = weekly[week] if 0 <= week < len(weekly) else 0
        if n > cap:
            found.append(f"team {team} starts {n} steps in week {week}, capacity {cap}")
    return found[:limit]


def check(problem: Problem, starts: dict[str, int]) -> Report:
    """Validate a schedule and compute its metrics."""
    problems = violations(problem, starts)
    if any("has no start week" in p for p in problems):
        zero = Metrics(gap_weeks=0, weighted_gap_weeks=0, handovers_with_gap=0, breaches=0,
                       meetings=0, meetings_unmerged=0, out_of_window=0)
        return Report(valid=False, problems=problems, metrics=zero)
    return Report(valid=not problems, problems=problems, metrics=metrics(problem, starts))
