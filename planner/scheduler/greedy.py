"""The greedy schedule: earliest deadline first, capacity-aware, always feasible.

Every step gets a due week: the latest start that still lets its handover's last step end by
the children's service end (the gap deadline), or that meets its own and its successors'
statutory deadlines, whichever is earlier. Steps are taken in due order (which puts every
predecessor first) and each is started in the first week, on or after it is ready, in which
its team has capacity left. A step that cannot fit before its deadline simply goes to the
first week with capacity after it, so the greedy schedule always exists. Milliseconds.
"""

from __future__ import annotations

import math

from planner.scheduler.problem import Problem, Step


class Capacity:
    """Capacity left per team-week, with a fast 'first week with room on or after w'."""

    def __init__(self, problem: Problem):
        self.left = {team: list(weeks) for team, weeks in problem.capacity.items()}
        # Union-find "next week with room": parent[w] == w while week w has room.
        self._next = {team: list(range(len(weeks) + 1)) for team, weeks in self.left.items()}
        for team, weeks in self.left.items():
            for w, n in enumerate(weeks):
                if n <= 0:
                    self._next[team][w] = w + 1

    def limited(self, step: Step) -> bool:
        return step.uses_capacity and step.team in self.left

    def first_free(self, team: str, week: int) -> int:
        nxt = self._next[team]
        if week >= len(nxt) - 1:
            raise RuntimeError(f"team {team} has no capacity left after week {week}")
        root = week
        while nxt[root] != root:
            root = nxt[root]
        while nxt[week] != root:  # path compression
            nxt[week], week = root, nxt[week]
        if root >= len(nxt) - 1:
            raise RuntimeError(f"team {team} has no capacity left after week {week}")
        return root

    def take(self, team: str, week: int) -> None:
        self.left[team][week] -= 1
        if self.left[team][week] <= 0:
            self._next[team][week] = week + 1

    def give_back(self, team: str, week: int) -> None:
        self.left[team][week] += 1
        if self.left[team][week] == 1:
            self._next[team][week] = week
            # Weeks before it may skip over it; let them find it again (only used in re-plans).
            for w in range(week - 1, -1, -1):
                if self.left[team][w] > 0:
                    break
                self._next[team][w] = w + 1


def successors(problem: Problem) -> dict[str, list[str]]:
    succ: dict[str, list[str]] = {s.id: [] for s in problem.steps}
    for s in problem.steps:
        for p in s.predecessors:
            succ[p].append(s.id)
    return succ


def due_weeks(problem: Problem) -> dict[str, float]:
    """Latest start of each step for no gap and no breach (inf when nothing binds it)."""
    succ = successors(problem)
    last_of = {h.last_step_id: h for h in problem.handovers if h.ends}
    due: dict[str, float] = {}
    for step in reversed(problem.topological()):
        end_by = math.inf
        if step.id in last_of:
            end_by = min(end_by, last_of[step.id].children_end_week)
        if step.deadline_week is not None:
            end_by = min(end_by, step.deadline_week)
        for n in succ[step.id]:
            end_by = min(end_by, due[n])
        due[step.id] = end_by - step.duration_weeks
    return due


def order(problem: Problem) -> list[Step]:
    """Earliest due first; predecessors always come before their successors."""
    due = due_weeks(problem)
    weight = {h.id: h.weight for h in problem.handovers}
    topo = {s.id: i for i, s in enumerate(problem.topological())}
    return sorted(problem.steps, key=lambda s: (due[s.id], -weight[s.handover_id], topo[s.id]))


def place(problem: Problem, steps: list[Step], starts: dict[str, int], cap: Capacity,
          due: dict[str, float] | None = None) -> None:
    """Start each step (in the given order) at the first week it is ready and has room.

    With `due`, a step of an unlimited team waits for the start of its recommended window when
    that costs nothing (the window opens before the step's due week).
    """
    by_id = problem.step_by_id
    for step in steps:
        ready = step.earliest_week
        for p in step.predecessors:
            ready = max(ready, starts[p] + by_id[p].duration_weeks)
        # Only unlimited steps wait: a limited team's early capacity, left unused, is lost.
        if (due is not None and not cap.limited(step) and step.window_start is not None
                and step.window_start <= due[step.id]):
            ready = max(ready, step.window_start)
        if cap.limited(step):
            week = cap.first_free(step.team, ready)
            cap.take(step.team, week)
        else:
            week = ready
        starts[step.id] = week


def schedule(problem: Problem) -> dict[str, int]:
    """The greedy schedule: start week of every step."""
    starts: dict[str, int] = {}
    place(problem, order(problem), starts, Capacity(problem), due_weeks(problem))
    return starts
