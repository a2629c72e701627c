"""Lower bounds: the weighted gap weeks, statutory breaches and family meetings no schedule can
avoid, given capacity.

Gap weeks. Relaxation, one limited team at a time. Drop every precedence but keep, for each
step, its *head* (earliest start allowing for the earliest starts and durations of its
predecessors) and its *tail* (its duration plus the longest chain of successors to the
handover's last step). A step started in week `s` makes its handover's gap at least
`s + tail - children_end`. Each unit of a handover's weight (a *layer*: w * T = sum over
k = 1..w of T) is *charged* to one of its limited teams; its gap is then at least the
tardiness of one designated step at that team, while all the team's steps still take
capacity. Per team and layer this is unit jobs with release dates, week capacities and
tardiness, solved exactly by earliest-due-date among released steps (an exchange argument:
with unit jobs, max(0, s - d) makes swapping two out-of-order jobs never worse). Handovers with
no limited step are bounded by their heads alone. Every charging gives a valid bound; two are
tried (by team pressure, and where a given schedule delayed each handover most), the larger
kept, and it is raised by charging whole classes of handovers (same limited teams and weight)
layer by layer elsewhere. Where each handover has one limited step the charging is forced and
the bound is what the per-team flows reach.

Breaches (`breach_bound`): each statutory step charged to one limited step before it, per team
a min-cost flow on late steps. Overdue weeks (`overdue_bound`): each overdue step charged the
same way, per team a min-cost flow on the weeks past its soonest end. Meetings (`meeting_bound`): per person, precedence kept
(`planner.scheduler.meeting_bound`).
"""

from __future__ import annotations

import heapq
import itertools
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


def _limited_on_chain(problem: Problem, tail: dict[str, float]) -> dict[str, list]:
    """The capacity-using steps at limited teams on each ending handover's chain to its last step."""
    cap = problem.capacity
    out: dict[str, list] = {}
    for h in problem.handovers:
        if h.ends:
            out[h.id] = [s for s in problem.steps_of(h.id)
                         if s.uses_capacity and s.team in cap and tail[s.id] != -math.inf]
    return out


class _Charging:
    """Per-team layered bounds for a charging: each weight unit (layer) of each handover is
    charged to one of its limited teams, at the step there with the least slack."""

    def __init__(self, problem: Problem, head, tail):
        self.problem, self.head, self.tail = problem, head, tail
        self.cap = problem.capacity
        self.limited = _limited_on_chain(problem, tail)
        self.team_steps: dict[str, list] = defaultdict(list)
        for s in problem.steps:
            if s.uses_capacity and s.team in self.cap:
                self.team_steps[s.team].append(s)
        self.static_plain = self.static_weighted = self.static_count = 0
        for h in problem.handovers:
            if h.ends and not self.limited[h.id]:
                last = problem.step_by_id[h.last_step_id]
                static = max(0, head[last.id] + last.duration_weeks - h.children_end_week)
                self.static_plain += static
                self.static_weighted += static * h.weight
                self.static_count += static > 0
        self._cache: dict[tuple[str, frozenset], tuple[int, int]] = {}

    def due(self, hid: str, team: str) -> tuple[str, float]:
        h = self.problem.handover_by_id[hid]
        step = min((s for s in self.limited[hid] if s.team == team),
                   key=lambda s: h.children_end_week - self.tail[s.id] - self.head[s.id])
        return step.id, h.children_end_week - self.tail[step.id]

    def team_value(self, team: str, layers: dict[int, dict[str, float]],
                   weekly: list[int] | None = None) -> tuple[int, int]:
        """(unweighted, weighted) bound of one team: the sum over layers of the least total
        tardiness of the steps charged in that layer (earliest due date, exact for unit jobs).
        `weekly`: the team's places each week, if not as in the problem (a what-if)."""
        plain = weighted = 0
        for k in sorted(layers):
            due = layers[k]
            key = (team, frozenset(due.items()))
            if weekly is not None:
                jobs = [(self.head[s.id], due.get(s.id, math.inf)) for s in self.team_steps[team]]
                value = edd_tardiness(jobs, weekly)
            else:
                if key not in self._cache:
                    jobs = [(self.head[s.id], due.get(s.id, math.inf)) for s in self.team_steps[team]]
                    self._cache[key] = edd_tardiness(jobs, self.cap[team])
                value = self._cache[key]
            weighted += value
            if k == 1:
                plain = value
        return plain, weighted

    def team_exact(self, team: str, layers: dict[int, dict[str, float]], weekly: list[int] | None = None) -> int:
        """The team's weighted bound solved exactly: each charged step weighs as many layers as
        are charged to it, and the least total weighted tardiness of unit jobs with release
        weeks and week capacities is a min-cost flow (at least the layered value, which splits
        each weight into independent layers)."""
        from planner.scheduler import network  # OR-Tools

        jobs, weekly = self._team_jobs(team, layers, weekly)
        return network.solve_team(jobs, weekly, lower=False, gap_only=True).weighted_gap()

    def team_waiting(self, team: str, layers: dict[int, dict[str, float]], weekly: list[int] | None = None) -> int:
        """How many of the steps charged to the team start too late for their handover in the
        team's best plan on weighted gap and then fairness (the waiting spread as the scheduler
        spreads it): the handovers whose gap this team's capacity forces."""
        import numpy as np

        from planner.scheduler import network  # OR-Tools

        jobs, weekly = self._team_jobs(team, layers, weekly)
        solved = network.solve_team(jobs, weekly, lower=False)
        return sum(1 for j in jobs if j.endings and j.levels(np.asarray([solved.weeks[j.step]]))[0][0] > 0)

    def _team_jobs(self, team: str, layers: dict[int, dict[str, float]], weekly: list[int] | None):
        """The team's steps as unit jobs, each charged step weighing as many layers as are
        charged to it, and the team's places each week (never running out of weeks)."""
        from planner.scheduler import network  # OR-Tools

        weight: dict[str, int] = defaultdict(int)
        due: dict[str, float] = {}
        for k_due in layers.values():
            for sid, d in k_due.items():
                weight[sid] += 1
                due[sid] = d
        jobs = []
        for s in self.team_steps[team]:
            job = network.Job(step=s.id, team=team, release=self.head[s.id])
            if s.id in weight:
                job.endings.append(network.Ending(weight=weight[s.id], end=int(due[s.id]), finish_a=network.NEG, finish_b=0))
            jobs.append(job)
        weekly = weekly if weekly is not None else self.cap[team]
        if len(weekly) <= max(j.release for j in jobs) + len(jobs):
            weekly = list(weekly) + [max(1, max(weekly))] * (len(jobs) + 1)  # never run out of weeks
        return jobs, weekly

    def layers(self, charge: dict[str, tuple[str, ...]]) -> dict[str, dict[int, dict[str, float]]]:
        out: dict[str, dict[int, dict[str, float]]] = defaultdict(lambda: defaultdict(dict))
        for hid, teams in charge.items():
            count: dict[str, int] = defaultdict(int)
            for team in teams:
                count[team] += 1
                sid, due = self.due(hid, team)
                out[team][count[team]][sid] = due
        return out

    def value(self, charge: dict[str, tuple[str, ...]]) -> tuple[int, int, dict[str, int]]:
        plain, weighted, by_team = self.static_plain, self.static_weighted, {}
        for team, layers in self.layers(charge).items():
            p, w = self.team_value(team, layers)
            plain += p
            weighted += w
            by_team[team] = w
        return plain, weighted, by_team


def lower_bound(problem: Problem, starts: dict[str, int] | None = None, *, improve: bool = True,
                exact: bool = True, time_limit: float = 5.0) -> Bound:
    """A lower bound on (unweighted and weighted) gap weeks; see `charging`."""
    return charging(problem, starts, improve=improve, exact=exact, time_limit=time_limit)[0]


def charging(problem: Problem, starts: dict[str, int] | None = None, *, improve: bool = True,
             exact: bool = True, time_limit: float = 5.0) -> tuple[Bound, _Charging, dict[str, tuple[str, ...]]]:
    """The gap bound, the charging object and the charging (each handover: a team per layer).

    Two chargings of each handover to one of its limited teams: by team pressure (demand over
    capacity) and, given `starts` (any schedule), where that schedule delayed it most. The
    larger is kept; with `improve`, it is then raised by charging whole classes of handovers
    (those with the same limited teams and weight) layer by layer to other teams while that
    raises the total (every charging gives a valid bound, so the best found is one). With
    `exact`, each team's term is then solved exactly for that charging (`team_exact`)."""
    t0 = time.perf_counter()
    head, tail = heads_tails(problem)
    ch = _Charging(problem, head, tail)
    cap = problem.capacity
    load = defaultdict(int)
    for s in problem.steps:
        if s.uses_capacity and s.team in cap:
            load[s.team] += 1
    pressure = {t: load[t] / max(1, sum(w)) for t, w in cap.items()}
    chargings: dict[str, dict[str, tuple[str, ...]]] = {"pressure": {}, "schedule": {}}
    for hid, limited in ch.limited.items():
        if not limited:
            continue
        w = problem.handover_by_id[hid].weight
        chargings["pressure"][hid] = (max({s.team for s in limited}, key=lambda t: pressure[t]),) * w
        if starts is not None:
            delay = defaultdict(int)
            for s in limited:
                delay[s.team] += starts[s.id] - head[s.id]
            chargings["schedule"][hid] = (max(delay, key=lambda t: (delay[t], pressure[t])),) * w
    if starts is None:
        del chargings["schedule"]
    values = {name: ch.value(c) for name, c in chargings.items()}
    name = max(values, key=lambda n: values[n][1])
    charge, best = chargings[name], values[name]
    if improve:
        charge, best, better = _improve(ch, charge, best, t0 + time_limit)
        if better:
            name = f"{name}, improved by class"
    plain, weighted, by_team = best
    if exact:
        # Each team's term solved exactly (a min-cost flow) rather than layer by layer.
        for team, layers in ch.layers(charge).items():
            value = ch.team_exact(team, layers)
            if value > by_team.get(team, 0):
                weighted += value - by_team.get(team, 0)
                by_team[team] = value
    return Bound(gap_weeks=plain, weighted_gap_weeks=weighted, by_team=by_team,
                 static_weighted=ch.static_weighted, charging=name, seconds=time.perf_counter() - t0), ch, charge


def _improve(ch: _Charging, charge, best, deadline: float):
    """Coordinate ascent over classes of handovers (same limited teams, same weight): try every
    way of charging a class's layers to its teams; keep what raises the weighted bound."""
    classes: dict[tuple, list[str]] = defaultdict(list)
    for hid, limited in ch.limited.items():
        teams = tuple(sorted({s.team for s in limited}))
        if len(teams) > 1:
            classes[(teams, ch.problem.handover_by_id[hid].weight)].append(hid)
    better = False
    for _ in range(3):
        gained = False
        for (teams, weight), hids in sorted(classes.items()):
            for combo in itertools.combinations_with_replacement(teams, weight):
                if time.perf_counter() > deadline:
                    return charge, best, better
                if all(charge[h] == combo for h in hids):
                    continue
                trial = {**charge, **dict.fromkeys(hids, combo)}
                value = ch.value(trial)
                if value[1] > best[1]:
                    charge, best, gained, better = trial, value, True, True
        if not gained:
            break
    return charge, best, better


def _reach(problem: Problem) -> tuple[dict[str, dict[str, int]], dict[str, float]]:
    """For each step, the limited steps before it (or itself) with the longest path in weeks
    from each one's start to its start; and each limited team's pressure (demand over capacity)."""
    by_id = problem.step_by_id
    cap = problem.capacity
    load = defaultdict(int)
    for s in problem.steps:
        if s.uses_capacity and s.team in cap:
            load[s.team] += 1
    pressure = {t: load[t] / max(1, sum(w)) for t, w in cap.items()}
    reach: dict[str, dict[str, int]] = {}
    for s in problem.topological():
        mine: dict[str, int] = {}
        for p in s.predecessors:
            d = by_id[p].duration_weeks
            for q, dist in reach[p].items():
                mine[q] = max(mine.get(q, -1), dist + d)
        if s.uses_capacity and s.team in cap:
            mine[s.id] = 0
        reach[s.id] = mine
    return reach, pressure


def breach_bound(problem: Problem, head: dict[str, int] | None = None) -> int:
    """The fewest statutory breaches any schedule can have (a lower bound).

    A statutory step with no limited step before it (or itself) is late when its earliest end
    is. Every other one is charged to one limited step before it (or itself; the most
    over-subscribed team's): it is late once that step starts after its deadline less the
    durations between them. Per team that is unit jobs with release weeks, week capacities and
    step costs, solved exactly by the min-cost flow (`planner.scheduler.network.solve_team`); the
    teams' minima and the forced ones add up to a bound."""
    from planner.scheduler import network  # OR-Tools

    head = head if head is not None else heads_tails(problem)[0]
    by_id = problem.step_by_id
    cap = problem.capacity
    reach, pressure = _reach(problem)
    jobs = {s.id: network.Job(step=s.id, team=s.team, release=head[s.id])
            for s in problem.steps if s.uses_capacity and s.team in cap}
    forced = 0
    for s in problem.steps:
        if s.deadline_week is None:
            continue
        latest = s.deadline_week - s.duration_weeks
        if head[s.id] > latest:
            forced += 1
            continue
        if not reach[s.id]:
            continue
        q = max(reach[s.id], key=lambda q: (pressure[by_id[q].team], q))
        jobs[q].thresholds.append(latest - reach[s.id][q])
    total = forced
    by_team: dict[str, list] = defaultdict(list)
    for job in jobs.values():
        by_team[job.team].append(job)
    for team, mine in sorted(by_team.items()):
        if not any(j.thresholds for j in mine):
            continue
        mine.sort(key=lambda j: j.step)
        sol = network.solve_team(mine, cap[team], lower=False)
        total += sum(sum(1 for th in j.thresholds if sol.weeks[j.step] > th) for j in mine)
    return total


def overdue_bound(problem: Problem, head: dict[str, int] | None = None) -> int:
    """The fewest overdue weeks (weeks overdue steps end past their soonest end) any schedule
    can have (a lower bound).

    An overdue step with no limited step before it (or itself) ends at its earliest end at the
    soonest. Every other one is charged to one limited step before it (or itself; the most
    over-subscribed team's): it ends no sooner than that step's start plus the durations
    between them and its own. Per team, the charged steps alone (the team's other steps
    relaxed away) are unit jobs with release weeks, week capacities and those costs, solved
    exactly by the min-cost flow; the teams' minima and the rest add up to a bound. Only a few
    steps are overdue, so it costs little."""
    from planner.scheduler import network  # OR-Tools

    overdue = [s for s in problem.steps if s.overdue]
    if not overdue:
        return 0
    head = head if head is not None else heads_tails(problem)[0]
    by_id = problem.step_by_id
    reach, pressure = _reach(problem)
    jobs: dict[str, network.Job] = {}
    total = 0
    for s in overdue:
        d = s.duration_weeks
        if not reach[s.id]:
            total += max(0, head[s.id] + d - s.due_now_week)
            continue
        q = max(reach[s.id], key=lambda q: (pressure[by_id[q].team], q))
        job = jobs.setdefault(q, network.Job(step=q, team=by_id[q].team, release=head[q]))
        job.endings.append(network.Ending(weight=1, end=s.due_now_week, finish_a=head[s.id] + d,
                                          finish_b=reach[s.id][q] + d))
    by_team: dict[str, list] = defaultdict(list)
    for job in jobs.values():
        by_team[job.team].append(job)
    for team, mine in sorted(by_team.items()):
        mine.sort(key=lambda j: j.step)
        weekly = problem.capacity[team]
        if len(weekly) <= max(j.release for j in mine) + len(mine):
            weekly = list(weekly) + [max(1, max(weekly))] * (len(mine) + 1)  # never run out of weeks
        total += network.solve_team(mine, weekly, lower=False, gap_only=True).weighted_gap()
    return total


def meeting_bound(problem: Problem, head: dict[str, int] | None = None) -> int:
    """The fewest separate family meetings any schedule can have, keeping precedence (two
    meetings chained in one handover never merge): `planner.scheduler.meeting_bound`."""
    from planner.scheduler import meeting_bound

    return meeting_bound.lower_bound(problem, head if head is not None else heads_tails(problem)[0])
