"""Exact per-team planning where each handover has one limited step: one min-cost flow per team.

The problem in the words of ARCHITECTURE.md: when every step of a handover but one is done by
teams with no stated limit, only that one step (the *job*) waits for capacity. Every other step
can start as soon as its predecessors end, so given the week `t` the job starts, each step of
its handover starts in week `max(a, t + b)` (`b` is minus infinity for the steps that do not
wait for the job), and the handover's costs are non-decreasing functions of `t`:

- weighted gap weeks `w * max(0, max(A, t + B) - children's end)`,
- fairness `w * gap^2`,
- statutory breaches: the steps whose deadline is missed once `t` passes their threshold.

So the area splits into one transportation problem per limited team: unit jobs with release
weeks (the job's earliest start, from its predecessors), week capacities and those cost
functions, solved exactly as a min-cost flow (`SimpleMinCostFlow`): job -> week arcs, week ->
sink arcs of the week's capacity. The three objectives are one integer cost, each level
multiplied by the range of the levels below it, so the flow is lexicographically optimal.

Two facts keep the network small. (1) With non-decreasing costs some optimal plan leaves no
week idle while a released job waits, and every such plan uses the same number of places each
week (the backlog evolves the same way whatever the order), so weeks after the last week a
no-idle plan uses are never needed. (2) Where a job's cost stops changing (an annual review
past its deadline costs one breach whatever week it is held), one arc into a chain of week
nodes that only runs forwards stands for all of those weeks.

Steps of handovers with several limited steps (chains across several limited teams) keep
their weeks here and take their places first; `planner.scheduler.lns` improves those.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

import numpy as np
from ortools.graph.python import min_cost_flow

from planner.scheduler.problem import Problem

NEG = -(10**9)  # minus infinity, in integer weeks
SAFE_COST = 2**60  # OR-Tools scales costs by the number of nodes; keep well inside int64


@dataclass
class Ending:
    """A handover of a job's unit that ends a children's service."""

    weight: int
    end: int
    finish_a: int  # its last step ends at week boundary max(finish_a, t + finish_b)
    finish_b: int  # NEG: the last step does not wait for the job


@dataclass
class Job:
    """The one limited step of a unit of handovers, and what its start week costs."""

    step: str
    team: str
    release: int
    endings: list[Ending] = field(default_factory=list)
    thresholds: list[int] = field(default_factory=list)  # a deadline is missed once t > threshold
    always_late: int = 0  # statutory steps late whatever week the job starts
    # Steps of the unit pushed out of their window by the job's week: (early, threshold, meeting):
    # a step before the job is outside when t < threshold, a step after it when t > threshold.
    outside: list[tuple[bool, int, bool]] = field(default_factory=list)
    meeting: bool = False  # the job is itself a family meeting
    window: tuple[int, int] = (NEG, -NEG)  # weeks the job is inside its own window
    join: list[tuple[int, int]] = field(default_factory=list)  # weeks another meeting of the person can be in

    def levels(self, weeks: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(weighted gap, fairness, breaches) for each start week in `weeks`."""
        gap = np.zeros(len(weeks), dtype=np.int64)
        fair = np.zeros(len(weeks), dtype=np.int64)
        for e in self.endings:
            finish = np.maximum(e.finish_a, weeks + e.finish_b) if e.finish_b != NEG else np.full(len(weeks), e.finish_a)
            g = np.maximum(0, finish - e.end)
            gap += e.weight * g
            fair += e.weight * g * g
        late = np.full(len(weeks), self.always_late, dtype=np.int64)
        for th in self.thresholds:
            late += weeks > th
        return gap, fair, late

    def lower_levels(self, weeks: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Estimates of (separate meetings, steps outside their window) for each start week:
        the unit's meetings and steps the job's week pushes out of their windows, and the job
        itself when it is a meeting that no other meeting of the person can be held with."""
        meet = np.zeros(len(weeks), dtype=np.int64)
        out = np.zeros(len(weeks), dtype=np.int64)
        for early, th, is_meeting in self.outside:
            pushed = weeks < th if early else weeks > th
            out += pushed
            if is_meeting:
                meet += pushed
        inside = (weeks >= self.window[0]) & (weeks <= self.window[1])
        out += ~inside
        if self.meeting:
            joined = np.zeros(len(weeks), dtype=bool)
            for lo, hi in self.join:
                joined |= (weeks >= lo) & (weeks <= hi)
            meet += ~(inside & joined)
        return meet, out


@dataclass
class Profile:
    """The area split into units (handovers linked by precedence) by how many limited steps
    each has: one (a job, planned exactly by the flows), none (every step as early as it can),
    or several (left to the large-neighbourhood search)."""

    a: dict[str, int]
    b: dict[str, int]
    jobs: dict[str, Job]
    job_of: dict[str, str]  # step id -> the job of its unit (units with one limited step)
    multi: set[str]  # step ids of units with several limited steps
    units: list[list[str]]  # step ids of each unit


def limited(problem: Problem, step) -> bool:
    return step.uses_capacity and step.team in problem.capacity


def units(problem: Problem) -> list[list[str]]:
    """Step ids of each set of handovers joined by a predecessor across handovers (usually one
    handover each)."""
    parent = {h.id: h.id for h in problem.handovers}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    by_id = problem.step_by_id
    for s in problem.steps:
        for p in s.predecessors:
            a, b = find(s.handover_id), find(by_id[p].handover_id)
            if a != b:
                parent[a] = b
    out: dict[str, list[str]] = defaultdict(list)
    for s in problem.steps:
        out[find(s.handover_id)].append(s.id)
    return list(out.values())


def profile(problem: Problem, team: str | None = None, earliest: dict[str, int] | None = None,
            all_units: list[list[str]] | None = None) -> Profile:
    """Each step's start as `max(a, t + b)` of its unit's job week `t`, and the jobs.

    With `team`, only that team's steps count as limited (one team's part of a chain across
    several limited teams, `chain_sweep`), and `earliest` overrides steps' earliest weeks."""
    by_id = problem.step_by_id
    all_units = all_units or units(problem)
    earliest = earliest or {}
    job_of: dict[str, str] = {}
    multi: set[str] = set()
    for unit in all_units:
        lim = [sid for sid in unit if limited(problem, by_id[sid]) and (team is None or by_id[sid].team == team)]
        if len(lim) == 1:
            job_of.update(dict.fromkeys(unit, lim[0]))
        elif len(lim) > 1:
            multi.update(unit)
    a: dict[str, int] = {}
    b: dict[str, int] = {}
    topo = problem.topological()
    for s in topo:
        if job_of.get(s.id) == s.id:
            a[s.id], b[s.id] = NEG, 0
            continue
        a[s.id] = max([earliest.get(s.id, s.earliest_week)] + [a[p] + by_id[p].duration_weeks for p in s.predecessors])
        b[s.id] = max([NEG] + [b[p] + by_id[p].duration_weeks for p in s.predecessors if b[p] != NEG])
    jobs: dict[str, Job] = {}
    for sid in set(job_of.values()):
        s = by_id[sid]
        jobs[sid] = Job(step=sid, team=s.team, release=max([earliest.get(sid, s.earliest_week)] + [
            a[p] + by_id[p].duration_weeks for p in s.predecessors]))
    for s in problem.steps:
        job = jobs.get(job_of.get(s.id, ""))
        if job is None or s.deadline_week is None:
            continue
        latest = s.deadline_week - s.duration_weeks  # latest start of this step
        if a[s.id] > latest:
            job.always_late += 1
        elif b[s.id] != NEG:
            job.thresholds.append(latest - b[s.id])
    _windows(problem, a, b, jobs, job_of, all_units, {s.id: i for i, s in enumerate(topo)})
    for h in problem.handovers:
        job = jobs.get(job_of.get(h.last_step_id, ""))
        if job is None or not h.ends:
            continue
        last = by_id[h.last_step_id]
        fb = b[last.id] + last.duration_weeks if b[last.id] != NEG else NEG
        job.endings.append(Ending(weight=h.weight, end=h.children_end_week,
                                  finish_a=a[last.id] + last.duration_weeks if a[last.id] != NEG else NEG,
                                  finish_b=fb))
    return Profile(a=a, b=b, jobs=jobs, job_of=job_of, multi=multi, units=all_units)


def _windows(problem: Problem, a, b, jobs: dict[str, Job], job_of: dict[str, str], all_units,
             topo: dict[str, int]) -> None:
    """Fill in what each job's week does to windows and meetings (`Job.lower_levels`)."""
    by_id = problem.step_by_id
    window_end = lambda s: s.window_end - s.duration_weeks if s.window_end is not None else -NEG  # noqa: E731
    meetings_of: dict[tuple[str, str], list] = defaultdict(list)
    for s in problem.steps:
        if s.meeting and s.mergeable:
            meetings_of[(s.person_id, s.meeting_group)].append(s)
    for unit in all_units:
        job = jobs.get(job_of.get(unit[0], ""))
        if job is None:
            continue
        s = by_id[job.step]
        job.meeting = s.meeting and s.mergeable
        job.window = (s.window_start if s.window_start is not None else NEG, window_end(s))
        # Longest path (in weeks) from each step before the job to the job's start.
        mine = set(unit)
        dist: dict[str, int] = {job.step: 0}
        for n in sorted(unit, key=topo.__getitem__, reverse=True):
            for p in by_id[n].predecessors:
                if n in dist and p in mine:
                    dist[p] = max(dist.get(p, NEG), dist[n] + by_id[p].duration_weeks)
        chained = set(dist)
        for sid in unit:
            n = by_id[sid]
            if sid == job.step:
                continue
            if b[sid] != NEG:
                chained.add(sid)
                job.outside.append((False, window_end(n) - b[sid], n.meeting))
            elif sid in dist and n.window_start is not None and n.window_start > a[sid]:
                job.outside.append((True, n.window_start + dist[sid], n.meeting))
        if job.meeting:
            for m in meetings_of[(s.person_id, s.meeting_group)]:
                if m.id in chained:
                    continue
                earliest = jobs[m.id].release if m.id in jobs else a[m.id]
                lo = max(earliest, m.window_start if m.window_start is not None else NEG)
                if lo <= window_end(m):
                    job.join.append((lo, window_end(m)))


def no_idle_end(releases: list[int], avail: list[int]) -> int:
    """The last week a plan that never leaves a place idle while a job waits uses (every such
    plan uses the same places); -1 when there are no jobs."""
    if not releases:
        return -1
    count = defaultdict(int)
    for r in releases:
        count[r] += 1
    backlog, last, week, left = 0, -1, min(releases), len(releases)
    while left:
        backlog += count.get(week, 0)
        room = avail[week] if week < len(avail) else None
        if room is None:
            raise RuntimeError("a limited team runs out of planned weeks; the horizon is too short")
        done = min(room, backlog)
        if done:
            backlog -= done
            left -= done
            last = week
        week += 1
    return last


@dataclass
class TeamSolution:
    weeks: dict[str, int]
    stages: list[list[int]]  # the objective's levels (0-based) solved together, stage by stage
    arcs: int


class CostRange(RuntimeError):
    """OR-Tools found the combined costs too large (then the levels are split further)."""


def _stages(per_job: list[list[np.ndarray]], n_nodes: int, safe: int = SAFE_COST
            ) -> tuple[list[list[int]], list[list[int]]]:
    """Group the levels into as few stages as fit in OR-Tools' cost range, top level first, and
    the multiplier of each level within its stage."""
    n_levels = len(per_job[0])
    spans = [[int(lv[k].max() - lv[k].min()) if len(lv[k]) else 0 for k in range(n_levels)] for lv in per_job]
    ranges = [1 + sum(sp[k] for sp in spans) for k in range(n_levels)]
    stages: list[list[int]] = []
    mults: list[list[int]] = []
    k = 0
    while k < n_levels:
        stage = [k]
        while k + len(stage) < n_levels:
            trial = stage + [k + len(stage)]
            mult = _multipliers(trial, ranges)
            top = max(sum(sp[lv] * m for lv, m in zip(trial, mult, strict=True)) for sp in spans)
            if top * (n_nodes + 1) >= safe:
                break
            stage = trial
        stages.append(stage)
        mults.append(_multipliers(stage, ranges))
        k += len(stage)
    return stages, mults


def _multipliers(stage: list[int], ranges: list[int]) -> list[int]:
    mult = [1] * len(stage)
    for i in range(len(stage) - 2, -1, -1):
        mult[i] = mult[i + 1] * ranges[stage[i + 1]]
    return mult


def solve_team(jobs: list[Job], avail: list[int], lower: bool = True) -> TeamSolution:
    """The lexicographically best start week of every job of one team, given the places left in
    each week (`avail`): exact on weighted gap, fairness and breaches; then, with `lower`, on
    the estimates of meetings and windows (`Job.lower_levels`) among the plans best on those."""
    if not jobs:
        return TeamSolution({}, [], 0)
    last = no_idle_end([j.release for j in jobs], avail)
    weeks_of, per_job = [], []
    for j in jobs:
        weeks = np.arange(j.release, last + 1, dtype=np.int64)
        weeks = weeks[np.asarray(avail[j.release:last + 1]) > 0]
        if not len(weeks):
            raise RuntimeError(f"step {j.step} has no week with room before week {last}")
        lv = list(j.levels(weeks))
        if lower:
            lv.extend(j.lower_levels(weeks))
        lv = [x - x.min() for x in lv]  # every job takes one place: a constant per job changes nothing
        weeks_of.append(weeks)
        per_job.append(lv)
    n_nodes = 2 * len(jobs) + 2 * (last + 1) + 1
    net = _Network(jobs, avail, last, weeks_of, per_job)
    safe = SAFE_COST
    while True:
        stages, mults = _stages(per_job, n_nodes, safe)
        try:
            flows = net.solve([sum(net.level_costs[k] * m for k, m in zip(stage, mult, strict=True))
                               for stage, mult in zip(stages, mults, strict=True)])
            return TeamSolution(net.decode(flows), stages, len(net.tails))
        except CostRange:
            if all(len(stage) == 1 for stage in stages):
                raise
            safe //= 16


class _Network:
    """Jobs -> weeks (or -> a forward chain of weeks, for a flat tail) -> sink."""

    def __init__(self, jobs, avail, last, weeks_of, per_job):
        self.jobs, self.last, self.n = jobs, last, len(jobs)
        n = self.n
        self.sink = n + 2 * (last + 1)
        tails, heads, caps = [], [], []
        level_costs: list[list[np.ndarray]] = [[] for _ in per_job[0]]
        self.entry: dict[int, int] = {}  # job index -> chain entry week
        zero = np.zeros(1, dtype=np.int64)
        for i, (weeks, lv) in enumerate(zip(weeks_of, per_job, strict=True)):
            # The flat tail: from the first week after which no level changes any more.
            moving = np.zeros(max(0, len(weeks) - 1), dtype=bool)
            for x in lv:
                moving |= np.diff(x) != 0
            changes = np.nonzero(moving)[0]
            flat_from = int(changes[-1]) + 1 if len(changes) else 0
            if len(weeks) - flat_from >= 3:
                self.entry[i] = int(weeks[flat_from])
                tails.append(i), heads.append(self.chain_node(int(weeks[flat_from]))), caps.append(1)
                for k, x in enumerate(lv):
                    level_costs[k].append(x[flat_from:flat_from + 1])
                weeks = weeks[:flat_from]
                lv = [x[:flat_from] for x in lv]
            tails.extend([i] * len(weeks))
            heads.extend((weeks + n).tolist())
            caps.extend([1] * len(weeks))
            for k, x in enumerate(lv):
                level_costs[k].append(x)
        extra = 0
        if self.entry:
            for w in range(min(self.entry.values()), last + 1):
                if w < last:
                    tails.append(self.chain_node(w)), heads.append(self.chain_node(w + 1)), caps.append(n)
                    extra += 1
                if avail[w] > 0:
                    tails.append(self.chain_node(w)), heads.append(n + w), caps.append(n)
                    extra += 1
        for w in range(min(j.release for j in jobs), last + 1):
            if avail[w] > 0:
                tails.append(n + w), heads.append(self.sink), caps.append(int(avail[w]))
                extra += 1
        self.tails = np.asarray(tails, dtype=np.int32)
        self.heads = np.asarray(heads, dtype=np.int32)
        self.caps = np.asarray(caps, dtype=np.int64)
        self.level_costs = [np.concatenate(c + [zero[:0]] + [np.zeros(extra, dtype=np.int64)]) for c in level_costs]

    def chain_node(self, week: int) -> int:
        return self.n + (self.last + 1) + week

    def solve(self, stage_costs: list[np.ndarray]) -> np.ndarray:
        """Solve stage by stage; after each, keep only the arcs some optimal flow can use (zero
        reduced cost against the shortest-path potentials) and fix the arcs every optimal flow
        fills, so the next stage optimises among the plans best on the stages before."""
        n_nodes = self.sink + 1
        active = np.ones(len(self.tails), dtype=bool)
        fixed = np.zeros(len(self.tails), dtype=np.int64)
        supplies = np.zeros(n_nodes, dtype=np.int64)
        supplies[:self.n] = 1
        supplies[self.sink] = -self.n
        flows = np.zeros(len(self.tails), dtype=np.int64)
        for s, cost in enumerate(stage_costs):
            idx = np.nonzero(active)[0]
            flow = min_cost_flow.SimpleMinCostFlow()
            flow.add_arcs_with_capacity_and_unit_cost(self.tails[idx], self.heads[idx], self.caps[idx], cost[idx])
            flow.set_nodes_supplies(np.arange(n_nodes, dtype=np.int32), supplies)
            status = flow.solve()
            if status == flow.BAD_COST_RANGE:
                raise CostRange("the combined costs are too large for OR-Tools")
            if status != flow.OPTIMAL:
                raise RuntimeError(f"a team's min-cost flow failed ({status})")
            flows[:] = 0
            flows[idx] = flow.flows(np.arange(len(idx), dtype=np.int32))
            if s == len(stage_costs) - 1:
                break
            rc = self._reduced_costs(idx, cost[idx], flows[idx], n_nodes)
            forced = idx[rc < 0]
            fixed[forced] = self.caps[forced]
            np.subtract.at(supplies, self.tails[forced], self.caps[forced])
            np.add.at(supplies, self.heads[forced], self.caps[forced])
            active[idx[rc != 0]] = False
        return flows + fixed

    def _reduced_costs(self, idx, cost, flow, n_nodes) -> np.ndarray:
        """Reduced costs of the arcs `idx` against shortest-path potentials of the residual
        graph of an optimal flow (Bellman-Ford from every node at once)."""
        fwd = flow < self.caps[idx]
        back = flow > 0
        t = np.concatenate([self.tails[idx][fwd], self.heads[idx][back]])
        h = np.concatenate([self.heads[idx][fwd], self.tails[idx][back]])
        c = np.concatenate([cost[fwd], -cost[back]])
        order = np.argsort(h, kind="stable")
        t, h, c = t[order], h[order], c[order]
        heads_with, first = np.unique(h, return_index=True)
        d = np.zeros(n_nodes, dtype=np.int64)
        for _ in range(n_nodes + 1):
            best = np.minimum.reduceat(d[t] + c, first)
            better = best < d[heads_with]
            if not better.any():
                break
            d[heads_with[better]] = best[better]
        else:
            raise RuntimeError("a team's min-cost flow was not optimal (negative cycle)")
        return cost + d[self.tails[idx]] - d[self.heads[idx]]

    def decode(self, flows: np.ndarray) -> dict[str, int]:
        n, last = self.n, self.last
        out: dict[str, int] = {}
        through: dict[int, int] = defaultdict(int)  # chain -> week flow
        for i in np.nonzero(flows > 0)[0]:
            t, h = int(self.tails[i]), int(self.heads[i])
            if t < n and h < n + last + 1:
                out[self.jobs[t].step] = h - n
            elif self.chain_node(0) <= t < self.sink and h < self.chain_node(0):
                through[h - n] += int(flows[i])
        # Jobs that entered the forward chain: any job entered by a week may take a place in it.
        pending = sorted((w, i) for i, w in self.entry.items() if self.jobs[i].step not in out)
        pool: list[int] = []
        p = 0
        for w in sorted(through):
            while p < len(pending) and pending[p][0] <= w:
                pool.append(pending[p][1])
                p += 1
            for _ in range(through[w]):
                out[self.jobs[pool.pop()].step] = w
        if len(out) != n:
            raise RuntimeError("a team's min-cost flow left a step without a week")
        return out


def place(problem: Problem, prof: Profile, job_weeks: dict[str, int], starts: dict[str, int]) -> None:
    """Every step of the units with one limited step (given their jobs' weeks) and with none
    (no job), as early as it can start: `max(a, t + b)`."""
    for s in problem.steps:
        if s.id in prof.multi:
            continue
        job = prof.job_of.get(s.id)
        if job is None:
            starts[s.id] = prof.a[s.id]
        elif job == s.id:
            starts[s.id] = job_weeks[s.id]
        else:
            t = job_weeks[job]
            starts[s.id] = prof.a[s.id] if prof.b[s.id] == NEG else max(prof.a[s.id], t + prof.b[s.id])


def available(problem: Problem, prof: Profile, starts: dict[str, int]) -> dict[str, list[int]]:
    """Places left in each week of each limited team once the steps the flows do not plan
    (units with several limited steps) have taken theirs."""
    avail = {team: list(weeks) for team, weeks in problem.capacity.items()}
    for sid in prof.multi:
        s = problem.step_by_id[sid]
        if limited(problem, s):
            avail[s.team][starts[sid]] -= 1
    return avail


def solve(problem: Problem, starts: dict[str, int], prof: Profile | None = None,
          lower: bool = True, join: dict[str, list[tuple[int, int]]] | None = None
          ) -> tuple[dict[str, int], dict[str, TeamSolution]]:
    """A schedule that is lexicographically best on (weighted gap, fairness, breaches) for the
    units with one limited step, everything else as in `starts` (a complete schedule).

    `join[step]` replaces the weeks in which a job that is a meeting could be held with another
    meeting of the person (from a plan already made: `planner.scheduler.meetings.join_weeks`)."""
    prof = prof or profile(problem)
    for sid, weeks in (join or {}).items():
        if sid in prof.jobs:
            prof.jobs[sid].join = weeks
    avail = available(problem, prof, starts)
    by_team: dict[str, list[Job]] = defaultdict(list)
    for job in prof.jobs.values():
        by_team[job.team].append(job)
    weeks: dict[str, int] = {}
    solutions = {}
    for team, jobs in sorted(by_team.items()):
        jobs.sort(key=lambda j: j.step)
        solutions[team] = solve_team(jobs, avail[team], lower)
        weeks.update(solutions[team].weeks)
    out = dict(starts)
    place(problem, prof, weeks, out)
    return out, solutions
