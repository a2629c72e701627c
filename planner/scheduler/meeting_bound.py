"""The fewest separate family meetings any plan can have, keeping precedence.

A person's mergeable meetings in one group held in the same week, each inside its own
recommended window, are one meeting (`planner.validate.meetings`). Two meetings chained in one
handover (one waits, through any steps, for the other to end) can never be in the same week.

Per person, drop capacity and everyone else: a meeting can be held in any week from its
earliest possible start (its *head*: earliest starts and durations of what comes before it)
and its window's start, to its window's end. The fewest separate meetings is then the fewest
*groups* such that every group has a week inside all its members' intervals and no two members
are chained. Sorted by the interval's end, some best grouping holds each group in the week its
first member's interval ends (move any group's week to the smallest end among its members:
still inside every member's interval), so a search that lets each meeting in turn join an open
group whose week it can reach, or open a new one, is exact. A meeting that cannot be inside its
window, or cannot merge, counts alone. When the search for one person grows past a node limit
the interval-stabbing count without precedence (still a lower bound) is used for that person
instead. Summed over people it is a lower bound.
"""

from __future__ import annotations

import math
from collections import defaultdict

from planner.scheduler.problem import Problem, Step

NODE_LIMIT = 400  # search nodes per person before settling for the weaker bound


def _chained(problem: Problem, steps: list[Step]) -> dict[str, dict[str, int]]:
    """For each meeting, the least weeks from its start to the start of each step that waits
    for it (the longest path of durations): `dist[i][j]`."""
    by_id = problem.step_by_id
    ids = {s.id for s in steps}
    succ: dict[str, list[str]] = defaultdict(list)
    for s in steps:
        for p in s.predecessors:
            if p in ids:
                succ[p].append(s.id)
    out: dict[str, dict[str, int]] = {}
    for m in steps:
        if not m.meeting:
            continue
        dist = {m.id: 0}
        order = [m.id]
        i = 0
        while i < len(order):  # longest path in a DAG: relax in breadth order, re-visit on gain
            sid = order[i]
            i += 1
            for n in succ[sid]:
                d = dist[sid] + by_id[sid].duration_weeks
                if d > dist.get(n, -1):
                    dist[n] = d
                    order.append(n)
        out[m.id] = {k: v for k, v in dist.items() if k != m.id and by_id[k].meeting}
    return out


def _groups_needed(intervals: list[tuple[int, int, str]], conflict: dict[str, set[str]], tol: int,
                   limit: int = NODE_LIMIT) -> int | None:
    """The fewest groups (exact), or None past the node limit; see the module docstring."""
    items = sorted(intervals, key=lambda t: (t[1], t[0]))
    n = len(items)
    best = [n]
    nodes = [0]
    points: list[int] = []
    members: list[set[str]] = []

    def go(k: int) -> bool:
        nodes[0] += 1
        if nodes[0] > limit:
            return False
        if len(points) >= best[0]:
            return True
        if k == n:
            best[0] = len(points)
            return True
        lo, hi, sid = items[k]
        bad = conflict.get(sid, set())
        for g in range(len(points)):
            if points[g] >= lo - tol and not (members[g] & bad):
                members[g].add(sid)
                ok = go(k + 1)
                members[g].discard(sid)
                if not ok:
                    return False
        points.append(hi)
        members.append({sid})
        ok = go(k + 1)
        points.pop()
        members.pop()
        return ok

    return best[0] if go(0) else None


def _stabbing(intervals: list[tuple[int, int, str]], tol: int) -> int:
    """The fewest weeks meeting every interval, precedence ignored (earliest end first)."""
    weeks, taken = 0, -math.inf
    for lo, hi, _ in sorted(intervals, key=lambda t: t[1]):
        if lo > taken + tol:
            weeks += 1
            taken = hi
    return weeks


def person_bounds(problem: Problem, head: dict[str, int]) -> dict[str, int]:
    """A lower bound on each person's separate meetings (see the module docstring)."""
    tol = problem.meeting_tolerance_weeks
    by_person: dict[str, list[Step]] = defaultdict(list)
    for s in problem.steps:
        by_person[s.person_id].append(s)
    out = {}
    for person, steps in by_person.items():
        meetings = [s for s in steps if s.meeting]
        if not meetings:
            continue
        alone = 0
        groups: dict[str, list[tuple[int, int, str]]] = defaultdict(list)
        for s in meetings:
            lo = max(head[s.id], s.window_start if s.window_start is not None else 0)
            hi = (s.window_end if s.window_end is not None else 10**9) - s.duration_weeks
            if not s.mergeable or hi < lo:
                alone += 1
            else:
                groups[s.meeting_group].append((lo, hi, s.id))
        total = alone
        dist = None
        for intervals in groups.values():
            if len(intervals) == 1:
                total += 1
                continue
            if dist is None:
                dist = _chained(problem, steps)
            conflict: dict[str, set[str]] = defaultdict(set)
            for i, far in dist.items():
                for j, d in far.items():
                    if d > tol:
                        conflict[i].add(j)
                        conflict[j].add(i)
            exact = _groups_needed(intervals, conflict, tol)
            total += exact if exact is not None else _stabbing(intervals, tol)
        out[person] = total
    return out


def lower_bound(problem: Problem, head: dict[str, int]) -> int:
    """The fewest separate family meetings any schedule can have, precedence kept."""
    return sum(person_bounds(problem, head).values())
