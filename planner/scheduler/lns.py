"""Large-neighbourhood search: improve a schedule one small CP-SAT sub-problem at a time.

Used where chains cross several limited teams (elsewhere the per-team flows are exact). Each
round frees a few hundred steps and fixes the rest:
- *gap*: a handover with one of the worst gaps at the team furthest from its share of the
  lower bound (its handovers' weighted gap weeks less the weeks the bound proves that team's
  capacity forces); the steps its limited teams start within half a year of its own steps
  compete with it, so their handovers are freed too;
- *team window*: every handover with a step at that team in a few weeks;
- *people*: all the steps of a few people with several meetings, to line their reviews up.
A round's result is kept only when it is no worse on the lexicographic objective (checked in
Python, not trusted from the solver). Rounds stop at the time limit, when no round has gained
for a while, or as soon as the weighted gap equals its lower bound.

`merge_meetings` lines up each person's mergeable meetings without moving anything else (a
minimum set of weeks that stabs every meeting's feasible interval); `planner.scheduler.meetings`
has the fuller per-person pass the planner uses.
"""

from __future__ import annotations

import random
import time
from collections import Counter, defaultdict
from collections.abc import Callable

from planner.scheduler import cpsat
from planner.scheduler.greedy import successors
from planner.scheduler.problem import Bound, Problem

COMPETE_WEEKS = 26  # how far (either side) a competitor's step may start from the gap's own


class Search:
    """The state of one search: the schedule, capacity use and indexes kept up to date."""

    def __init__(self, problem: Problem, starts: dict[str, int], seed: int = 0, workers: int = 1,
                 focus: set[str] | None = None, bound: Bound | None = None):
        self.problem = problem
        # Steps whose handovers the rounds work on (None: all), and the bound they aim for.
        self.focus = focus
        self.bound = bound
        self.starts = dict(starts)
        self.rng = random.Random(seed)
        self.workers = workers
        self.seed = seed
        self.succ = successors(problem)
        self.use: dict[str, Counter] = defaultdict(Counter)
        self.team_steps: dict[str, list[str]] = defaultdict(list)
        for s in problem.steps:
            if s.uses_capacity and s.team in problem.capacity:
                self.use[s.team][self.starts[s.id]] += 1
                self.team_steps[s.team].append(s.id)
        self.overdue = [s for s in problem.steps if s.overdue]
        self.rounds = 0
        self.improved = 0

    # -- moves -------------------------------------------------------------------------------
    def apply(self, new: dict[str, int]) -> None:
        by_id = self.problem.step_by_id
        for sid, week in new.items():
            s = by_id[sid]
            if s.uses_capacity and s.team in self.problem.capacity:
                self.use[s.team][self.starts[sid]] -= 1
                self.use[s.team][week] += 1
            self.starts[sid] = week

    def try_free(self, free: set[str], time_limit: float) -> bool:
        """Solve one sub-problem; keep its result if no worse. True when strictly better."""
        p = self.problem
        people = {p.step_by_id[sid].person_id for sid in free}
        before = cpsat.local_cost(p, self.starts, free, people)
        new = cpsat.solve(p, self.starts, free, time_limit=time_limit, workers=self.workers,
                          seed=self.seed + self.rounds, succ=self.succ, fixed_use=self.use)
        self.rounds += 1
        if new is None:
            return False
        old = {sid: self.starts[sid] for sid in free}
        self.apply(new)
        after = cpsat.local_cost(p, self.starts, free, people)
        if after > before:
            self.apply(old)
            return False
        if after < before:
            self.improved += 1
            return True
        return False

    # -- neighbourhoods -----------------------------------------------------------------------
    def _add_handovers(self, free: set[str], handover_ids, size: int) -> None:
        for hid in handover_ids:
            steps = self.problem.steps_of(hid)
            if len(free) + len(steps) > size:
                break
            free.update(s.id for s in steps)

    def gaps(self) -> list[tuple[int, str]]:
        by_id = self.problem.step_by_id
        out = []
        for h in self.problem.handovers:
            last = by_id[h.last_step_id]
            g = h.gap(self.starts[last.id] + last.duration_weeks)
            if g > 0 and (self.focus is None or h.last_step_id in self.focus):
                out.append((g * h.weight, h.id))
        out.sort(reverse=True)
        return out

    def weighted_gap(self) -> int:
        by_id = self.problem.step_by_id
        return sum(h.weight * h.gap(self.starts[h.last_step_id] + by_id[h.last_step_id].duration_weeks)
                   for h in self.problem.handovers)

    def overdue_weeks(self) -> int:
        return sum(s.overdue_weeks(self.starts[s.id]) for s in self.overdue)

    def worst_team(self, gaps: list[tuple[int, str]]) -> dict[str, list[tuple[int, str]]]:
        """The gaps charged to each limited team (where the handover waited longest), the team
        furthest from its share of the bound first."""
        p = self.problem
        by_id = p.step_by_id
        charged: dict[str, list[tuple[int, str]]] = defaultdict(list)
        for g, hid in gaps:
            waits = Counter()
            for s in p.steps_of(hid):
                if s.uses_capacity and s.team in p.capacity:
                    ready = max([s.earliest_week] + [self.starts[q] + by_id[q].duration_weeks for q in s.predecessors])
                    waits[s.team] += self.starts[s.id] - ready
            if waits:
                charged[waits.most_common(1)[0][0]].append((g, hid))
        share = self.bound.by_team if self.bound is not None else {}
        distance = {t: sum(g for g, _ in gs) - share.get(t, 0) for t, gs in charged.items()}
        return dict(sorted(charged.items(), key=lambda kv: -distance[kv[0]]))

    def around_gap(self, hid: str, size: int) -> set[str]:
        p = self.problem
        free = {s.id for s in p.steps_of(hid)}
        competitors: list[str] = []
        for s in p.steps_of(hid):
            if not (s.uses_capacity and s.team in p.capacity):
                continue
            lo, hi = self.starts[s.id] - COMPETE_WEEKS, self.starts[s.id] + COMPETE_WEEKS
            competitors.extend(p.step_by_id[o].handover_id for o in self.team_steps[s.team]
                               if lo <= self.starts[o] <= hi)
        self.rng.shuffle(competitors)
        self._add_handovers(free, dict.fromkeys(competitors), size)
        return free

    def team_window(self, size: int) -> set[str]:
        p = self.problem
        mine = {t: [x for x in ids if self.focus is None or x in self.focus] for t, ids in self.team_steps.items()}
        teams = sorted(t for t, ids in mine.items() if ids)
        if not teams:
            return set()
        team = self.rng.choice(teams)
        sid = self.rng.choice(mine[team])
        week = self.starts[sid]
        span = self.rng.randint(2, 12)
        hids = [p.step_by_id[o].handover_id for o in self.team_steps[team]
                if week - span <= self.starts[o] <= week + span]
        self.rng.shuffle(hids)
        free: set[str] = set()
        self._add_handovers(free, dict.fromkeys(hids), size)
        return free

    def people(self, size: int, candidates: list[str]) -> set[str]:
        p = self.problem
        free: set[str] = set()
        for person in self.rng.sample(candidates, min(len(candidates), 60)):
            hids = {s.handover_id for s in p.meetings_of(person)}
            self._add_handovers(free, sorted(hids), size)
        return free

    # -- the loop -----------------------------------------------------------------------------
    def run(self, deadline: float, size: int = 300, round_limit: float = 1.5,
            progress: Callable[[str, dict], None] | None = None, patience: int = 60) -> None:
        p = self.problem
        meeting_people = sorted({s.person_id for s in p.steps if s.meeting and s.mergeable
                                 and (self.focus is None or s.id in self.focus)})
        meeting_people = [q for q in meeting_people if len(p.meetings_of(q)) > 1]
        target = self.bound.weighted_gap_weeks if self.bound is not None else -1
        overdue_target = self.bound.overdue_weeks if self.bound is not None else -1
        since_gain = 0
        while time.monotonic() + 0.2 < deadline and since_gain < patience:
            if self.weighted_gap() <= target and self.overdue_weeks() <= overdue_target:
                break  # the bounds are met: no plan has fewer weighted gap weeks or overdue weeks
            gaps = self.gaps()
            roll = self.rng.random()
            worst = self.worst_team(gaps) if gaps else {}
            if worst and roll < 0.6:
                team_gaps = next(iter(worst.values()))
                top = team_gaps[: max(5, len(team_gaps) // 10)]
                free = self.around_gap(self.rng.choice(top)[1], size)
            elif roll < 0.85 or not meeting_people:
                free = self.team_window(size)
            else:
                free = self.people(size, meeting_people)
            if not free:
                since_gain += 1
                continue
            limit = min(round_limit, max(0.1, deadline - time.monotonic()))
            gained = self.try_free(free, limit)
            since_gain = 0 if gained else since_gain + 1
            if progress:
                progress("improve", {"round": self.rounds, "improved": self.improved})


def merge_meetings(problem: Problem, starts: dict[str, int], use: dict[str, Counter]) -> int:
    """Line up each person's mergeable meetings in common weeks, moving nothing else.

    Each meeting may move within its own window, after its predecessors end, before its
    successors start and, if it met its deadline, still meeting it (an overdue one no later than
    now, or than its soonest end); a limited team's meeting
    needs room in the new week. The weeks are chosen by stabbing the intervals (earliest right
    end first), which uses the fewest weeks. Returns how many meetings moved.
    """
    by_id = problem.step_by_id
    succ = successors(problem)
    moved = 0
    for meetings in problem._person_meetings.values():
        groups = defaultdict(list)
        for s in meetings:
            if s.mergeable:
                groups[s.meeting_group].append(s)
        for steps in groups.values():
            if len(steps) < 2:
                continue
            spans = []
            lows = {s.id: max([s.earliest_week, s.window_start or 0]
                              + [starts[q] + by_id[q].duration_weeks for q in s.predecessors]) for s in steps}
            # An open-ended meeting (no window end, nothing after it) never needs to move later than
            # the latest week another of the family's meetings can start in.
            latest_useful = max(lows.values())
            for s in steps:
                d = s.duration_weeks
                lo = lows[s.id]
                hi = min([starts[n] for n in succ[s.id]] + [max(starts[s.id], latest_useful) + d]) - d
                if s.window_end is not None:
                    hi = min(hi, s.window_end - d)
                if s.deadline_week is not None and starts[s.id] + d <= s.deadline_week:
                    hi = min(hi, s.deadline_week - d)
                if s.due_now_week is not None:  # overdue: never later than now (or its soonest end)
                    hi = min(hi, max(starts[s.id], s.due_now_week - d))
                if s.uses_capacity and s.team in problem.capacity:
                    hi = min(hi, len(problem.capacity[s.team]) - 1)
                if lo <= hi:
                    spans.append((hi, lo, s))
            spans.sort(key=lambda t: (t[0], t[1]))
            before = {s.id: starts[s.id] for s in steps}
            cost = len({starts[s.id] for s in steps if s.in_window(starts[s.id])})
            cost += sum(not s.in_window(starts[s.id]) for s in steps)
            point = None
            changed = []
            for hi, lo, s in spans:
                if point is None or not lo <= point <= hi:
                    point = hi
                if point == starts[s.id]:
                    continue
                if s.uses_capacity and s.team in problem.capacity:
                    if use[s.team][point] >= problem.capacity[s.team][point]:
                        continue
                    use[s.team][starts[s.id]] -= 1
                    use[s.team][point] += 1
                starts[s.id] = point
                changed.append(s)
            after = len({starts[s.id] for s in steps if s.in_window(starts[s.id])})
            after += sum(not s.in_window(starts[s.id]) for s in steps)
            if after > cost:  # capacity stopped the line-up half way: put things back
                for s in changed:
                    if s.uses_capacity and s.team in problem.capacity:
                        use[s.team][starts[s.id]] -= 1
                        use[s.team][before[s.id]] += 1
                    starts[s.id] = before[s.id]
            else:
                moved += len(changed)
    return moved
