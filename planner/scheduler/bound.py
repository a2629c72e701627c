"""A lower bound on weighted gap weeks: what no schedule can avoid, given capacity.

Relaxation, one limited team at a time. Drop every precedence but keep, for each step, its
*head* (earliest start allowing for the earliest starts and durations of its predecessors) and
its *tail* (its duration plus the longest chain of successors to the handover's last step). A
step started in week `s` makes its handover's gap at least `s + tail - children_end`. Each
handover is charged to one of its limited teams (the most over-subscribed one); its gap is
then at least the tardiness of one designated step at that team, while all the team's steps
still take capacity. Per team this is unit jobs with release dates, week capacities and
tardiness costs.

Weights are layered: w * T = sum over k = 1..w of T, so the weighted relaxation is at least the
sum over k of the unweighted relaxation of the handovers of weight >= k, and each of those is
solved exactly by earliest-due-date among released steps (an exchange argument: with unit
jobs, max(0, s - d) makes swapping two out-of-order jobs never worse). Handovers with no
limited step are bounded by their heads alone. Every piece is a valid bound, so their sum is.
"""

from __future__ import annotations

import heapq
import math
import time
from collections import defaultdict

from planner.scheduler.greedy import successors
from planner.scheduler.problem import Bound, Problem


def heads_tails(problem: Problem) -> tuple[dict[str, int], dict[str, float]]:
    """Earliest possible start of each step, and its tail to its handover's last step end."""
    topo = problem.topological()
    by_id = problem.step_by_id
    head: dict[str, int] = {}
    for s in topo:
        head[s.id] = max([s.earliest_week] + [head[p] + by_id[p].duration_weeks for p in s.predecessors])
    succ = successors(problem)
    last = {h.last_step_id for h in problem.handovers}
    tail: dict[str, float] = {}
    for s in reversed(topo):
        # -inf: the step is not on a chain to a last step, so it never delays a handover.
        t = s.duration_weeks if s.id in last else -math.inf
        for n in succ[s.id]:
            t = max(t, s.duration_weeks + tail[n])
        tail[s.id] = t
    return head, tail


def edd_tardiness(jobs: list[tuple[int, float]], weekly: list[int]) -> int:
    """Minimum total tardiness of unit jobs (release, due) in weeks of given capacity."""
    if not jobs:
        return 0
    jobs = sorted(jobs)
    total, i, week, ready = 0, 0, jobs[0][0], []
    n = len(jobs)
    while i < n or ready:
        if not ready and i < n and week < jobs[i][0]:
            week = jobs[i][0]
        while i < n and jobs[i][0] <= week:
            heapq.heappush(ready, jobs[i][1])
            i += 1
        room = weekly[week] if week < len(weekly) else max(1, max(weekly))
        for _ in range(min(room, len(ready))):
            due = heapq.heappop(ready)
            if due != math.inf:
                total += max(0, week - due)
        week += 1
    return int(total)


def lower_bound(problem: Problem, starts: dict[str, int] | None = None) -> Bound:
    """A lower bound on (unweighted and weighted) gap weeks; see the module docstring.

    `starts` (any schedule, e.g. greedy) only guides which team each handover is charged to:
    the one where that schedule delayed it most. The bound is valid whatever it is.
    """
    t0 = time.perf_counter()
    head, tail = heads_tails(problem)
    cap = problem.capacity
    by_handover: dict[str, list] = defaultdict(list)
    for s in problem.steps:
        by_handover[s.handover_id].append(s)
    load = defaultdict(int)
    for s in problem.steps:
        if s.uses_capacity and s.team in cap:
            load[s.team] += 1
    pressure = {t: load[t] / max(1, sum(w)) for t, w in cap.items()}

    charged: dict[str, dict[str, tuple[str, float, int]]] = defaultdict(dict)  # team -> step -> due, weight
    static_plain = static_weighted = 0
    for h in problem.handovers:
        if not h.ends:
            continue
        last = problem.step_by_id[h.last_step_id]
        static = max(0, head[last.id] + last.duration_weeks - h.children_end_week)
        limited = [s for s in by_handover[h.id]
                   if s.uses_capacity and s.team in cap and tail[s.id] != -math.inf]
        if not limited:
            static_plain += static
            static_weighted += static * h.weight
            continue
        # Charge the handover to its most over-subscribed team, at its least slack step there.
        if starts is not None:
            delay = defaultdict(int)
            for s in limited:
                delay[s.team] += starts[s.id] - head[s.id]
            team = max(delay, key=lambda t: (delay[t], pressure[t]))
        else:
            team = max({s.team for s in limited}, key=lambda t: pressure[t])
        step = min((s for s in limited if s.team == team),
                   key=lambda s: h.children_end_week - tail[s.id] - head[s.id])
        charged[team][step.id] = (h.children_end_week - tail[step.id], h.weight)

    plain = static_plain
    weighted = static_weighted
    by_team: dict[str, int] = {}
    for team, weekly in cap.items():
        steps = [s for s in problem.steps if s.uses_capacity and s.team == team]
        mine = charged.get(team, {})
        if not mine:
            continue
        max_w = max(w for _, w in mine.values())
        layers = []
        for k in range(1, max_w + 1):
            jobs = [(head[s.id], mine[s.id][0] if s.id in mine and mine[s.id][1] >= k else math.inf)
                    for s in steps]
            layers.append(edd_tardiness(jobs, weekly))
        plain += layers[0]
        by_team[team] = sum(layers)
        weighted += by_team[team]
    return Bound(gap_weeks=plain, weighted_gap_weeks=weighted, by_team=by_team,
                 static_weighted=static_weighted, seconds=time.perf_counter() - t0)


def meeting_bound(problem: Problem) -> int:
    """The fewest separate family meetings any schedule can have (a lower bound).

    Drop capacity and precedence: each mergeable meeting can then be held in any week of its
    own window that is not before its earliest start, and one week holds all of a person's
    meetings (in one group) whose intervals contain it. The fewest weeks that meet every
    interval is found exactly by the classic greedy (sort by interval end, take the end of the
    first interval not yet met). A meeting that cannot fit its window, or cannot merge, counts
    alone. The validator counts merges only within `meeting_tolerance_weeks` of the group's
    first week, which this relaxation widens, so the result stays a lower bound."""
    groups: dict[tuple[str, str], list[tuple[int, int]]] = defaultdict(list)
    alone = 0
    for s in problem.steps:
        if not s.meeting:
            continue
        lo = max(s.earliest_week, s.window_start if s.window_start is not None else 0)
        hi = (s.window_end if s.window_end is not None else math.inf) - s.duration_weeks
        if not s.mergeable or hi < lo:
            alone += 1
        else:
            groups[(s.person_id, s.meeting_group)].append((lo, hi))
    weeks = 0
    for intervals in groups.values():
        intervals.sort(key=lambda iv: iv[1])
        taken = -math.inf
        for lo, hi in intervals:
            if lo > taken + problem.meeting_tolerance_weeks:
                weeks += 1
                taken = hi
    return alone + weeks
