"""The greedy schedule: overdue first, then earliest deadline first, capacity-aware, always
feasible.

Every step gets a due week: the latest start that still lets its handover's last step end by
the children's service end (the gap deadline), or that meets its own and its successors'
statutory deadlines (an overdue step's: its soonest possible end), whichever is earlier. Steps
are taken in due order (which puts every predecessor first), overdue steps and the steps before
them first among those due in the same week (after those due then to keep a young person from a
gap): an overdue step is due at its soonest start, so it comes before every step due later (the objective ranks the weeks an overdue step waits above
new breaches, `planner.scheduler.problem.Metrics`) and only a step due even sooner (to keep a
young person from a gap, or a deadline that can still be met) goes first. Each is started in the first week, on or after it is ready, in which
its team has capacity left. A step that cannot fit before its deadline simply goes to the
first week with capacity after it, so the greedy schedule always exists; a step that is late
whatever happens and that no adult service waits for (an annual review not yet overdue) gives way
for half a year to the steps that can still be on time, so that an over-stretched team misses fewer deadlines
(after Moore-Hodgson's rule for the number of late jobs) without any review waiting for ever.
Milliseconds.
"""

from __future__ import annotations

import heapq
import itertools
import math
from collections import Counter, defaultdict

from planner.scheduler.problem import Problem, Step

DEMOTE_WEEKS = 26  # how long a review that is late anyway gives way to those still on time (half a year)


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


def due_weeks(problem: Problem, gap_only: bool = False) -> dict[str, float]:
    """Latest start of each step for no gap and no breach (inf when nothing binds it); with
    `gap_only`, for no gap alone."""
    succ = successors(problem)
    last_of = {h.last_step_id: h for h in problem.handovers if h.ends}
    due: dict[str, float] = {}
    for step in reversed(problem.topological()):
        end_by = math.inf
        if step.id in last_of:
            end_by = min(end_by, last_of[step.id].children_end_week)
        if step.deadline_week is not None and not gap_only:
            end_by = min(end_by, step.deadline_week)
        if step.due_now_week is not None and not gap_only:
            end_by = min(end_by, step.due_now_week)
        for n in succ[step.id]:
            end_by = min(end_by, due[n])
        due[step.id] = end_by - step.duration_weeks
    return due


def urgent(problem: Problem) -> set[str]:
    """Overdue steps and every step before one (what an overdue step waits for)."""
    by_id = problem.step_by_id
    out: set[str] = set()
    stack = [s.id for s in problem.steps if s.overdue]
    while stack:
        sid = stack.pop()
        if sid not in out:
            out.add(sid)
            stack.extend(by_id[sid].predecessors)
    return out


def order(problem: Problem, weight_first: bool = False) -> list[Step]:
    """Earliest due first; on a tie, a step due so that a young person has no gap, then overdue
    steps (and those before them), as the objective ranks them (with `weight_first`: heaviest
    dependency first, then the same); predecessors always come before their successors (a
    predecessor is due strictly sooner)."""
    due = due_weeks(problem)
    gap_due = due_weeks(problem, gap_only=True)
    weight = {h.id: h.weight for h in problem.handovers}
    topo = {s.id: i for i, s in enumerate(problem.topological())}
    late = urgent(problem)

    def tie(s: Step) -> tuple[bool, bool]:
        return gap_due[s.id] > due[s.id], s.id not in late

    if weight_first:
        return sorted(problem.steps, key=lambda s: (-weight[s.handover_id], due[s.id], *tie(s), topo[s.id]))
    return sorted(problem.steps, key=lambda s: (due[s.id], *tie(s), -weight[s.handover_id], topo[s.id]))


def deferrable(problem: Problem) -> set[str]:
    """Steps with a statutory deadline whose lateness can never delay an adult service: in a
    handover that ends nothing (a cycle of annual reviews) and with no step waiting for them.
    Never an overdue step: that one is a breach already happening, and waits for no one."""
    succ = successors(problem)
    ending = {h.id for h in problem.handovers if h.ends}
    return {s.id for s in problem.steps
            if s.deadline_week is not None and not s.overdue and s.handover_id not in ending and not succ[s.id]}


def place(problem: Problem, steps: list[Step], starts: dict[str, int], cap: Capacity,
          due: dict[str, float] | None = None, defer: set[str] = frozenset(),
          demote_weeks: int = DEMOTE_WEEKS) -> None:
    """Start each step (in the given order) at the first week it is ready and has room.

    With `due`, a step of an unlimited team waits for the start of its recommended window when
    that costs nothing (the window opens before the step's due week), and a step in `defer` that
    would miss its deadline anyway is taken again later in the order, as if due `demote_weeks`
    later, so that the steps behind it can still keep theirs.
    """
    by_id = problem.step_by_id
    held: dict[tuple[str, str], list[int]] = defaultdict(list)  # weeks of a family's meetings so far
    pending: dict[tuple[str, str], list[Step]] = defaultdict(list)  # a family's mergeable meetings
    for s in steps:
        if s.meeting and s.mergeable:
            pending[(s.person_id, s.meeting_group)].append(s)
    demoted: list[tuple[float, int, Step]] = []
    count = itertools.count()

    def queue():
        for step in steps:
            while demoted and due is not None and demoted[0][0] <= due[step.id]:
                yield heapq.heappop(demoted)[2], False
            yield step, True
        while demoted:
            yield heapq.heappop(demoted)[2], False

    for step, may_defer in queue():
        ready = step.earliest_week
        for p in step.predecessors:
            ready = max(ready, starts[p] + by_id[p].duration_weeks)
        # Only unlimited steps wait: a limited team's early capacity, left unused, is lost.
        if (due is not None and not cap.limited(step) and step.window_start is not None
                and step.window_start <= due[step.id]):
            ready = max(ready, step.window_start)
        family = (step.person_id, step.meeting_group)
        if step.meeting and step.mergeable and due is not None:
            joined = _join(step, ready, due[step.id], held[family], cap)
            if joined is None:
                # No family meeting to join yet: wait (never past the due week) for the window
                # of one still to come, so that it can join this one.
                mine = _feasible(step, ready)[0]
                later = [_feasible(o, o.earliest_week) for o in pending[family] if o.id not in starts and o.id != step.id]
                joined = _join(step, ready, due[step.id], [max(lo, mine) for lo, hi in later if max(lo, mine) <= hi], cap)
            if joined is not None:
                if cap.limited(step):
                    cap.take(step.team, joined)
                starts[step.id] = joined
                if step.in_window(joined):
                    held[family].append(joined)
                continue
        if cap.limited(step):
            week = cap.first_free(step.team, ready)
            if may_defer and due is not None and step.id in defer and week + step.duration_weeks > step.deadline_week:
                # Late whatever happens now: let the next half-year's steps keep their deadlines
                # first (fewer late reviews, as Moore-Hodgson's rule), but only for half a year, so
                # no review waits for ever behind the ones that can still be on time.
                heapq.heappush(demoted, (due[step.id] + demote_weeks, next(count), step))
                continue
            cap.take(step.team, week)
        else:
            week = ready
        starts[step.id] = week
        if step.meeting and step.mergeable and step.in_window(week):
            held[family].append(week)


def _feasible(step: Step, ready: int) -> tuple[float, float]:
    """The first and last week the meeting can start inside its own window."""
    lo = max(ready, step.window_start if step.window_start is not None else 0)
    hi = (step.window_end if step.window_end is not None else math.inf) - step.duration_weeks
    return lo, hi


def _join(step: Step, ready: int, due: float, weeks: list[int], cap: Capacity) -> int | None:
    """A week among `weeks` (the family's meetings) that this meeting can be held in: inside its
    own window, not before it is ready, not after its due week (so no gap or breach is added) and
    with room in its team's week; None when there is none."""
    lo, hi = _feasible(step, ready)
    hi = min(hi, due)
    for week in sorted(w for w in weeks if lo <= w <= hi):
        if not cap.limited(step) or (week < len(cap.left[step.team]) and cap.left[step.team][week] > 0):
            return week
    return None


def schedule(problem: Problem, weight_first: bool = False) -> dict[str, int]:
    """The greedy schedule: start week of every step. `weight_first`: the heaviest dependency
    is served first (where a team is over-subscribed, who waits is then decided by weight, as
    the objective's first term does; on Eastshire that alone reaches the gap bound)."""
    starts: dict[str, int] = {}
    place(problem, order(problem, weight_first), starts, Capacity(problem), due_weeks(problem), deferrable(problem))
    return starts


def pull_overdue(problem: Problem, starts: dict[str, int], use: dict[str, Counter]) -> int:
    """Move every overdue step to the first week it is ready in (a limited team's: with a free
    place), repeated while one moves; returns how many moves. `starts` and `use` (capacity-using
    starts per team and week) are updated in place.

    Always a gain on the objective: the step's overdue weeks fall, and that is ranked above
    breaches, meetings and windows (`planner.scheduler.problem.Metrics`), while nothing can end
    later (its handover's last step, its successors and its own deadline only gain from an
    earlier end). After it, no overdue step waits while its team has a place free."""
    by_id = problem.step_by_id
    overdue = [s for s in problem.topological() if s.overdue]
    moves = 0
    changed = True
    while changed:
        changed = False
        for s in overdue:
            ready = max([s.earliest_week] + [starts[p] + by_id[p].duration_weeks for p in s.predecessors])
            week = starts[s.id]
            if ready >= week:
                continue
            if s.uses_capacity and s.team in problem.capacity:
                weekly = problem.capacity[s.team]
                free = next((w for w in range(ready, week) if use[s.team][w] < weekly[w]), None)
                if free is None:
                    continue
                use[s.team][week] -= 1
                use[s.team][free] += 1
                week = free
            else:
                week = ready
            starts[s.id] = week
            moves += 1
            changed = True
    return moves
