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

import heapq
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
            all_units: list[list[str]] | None = None, topo: list | None = None) -> Profile:
    """Each step's start as `max(a, t + b)` of its unit's job week `t`, and the jobs.

    With `team`, only that team's steps count as limited (one team's part of a chain across
    several limited teams, `chain_sweep`), and `earliest` overrides steps' earliest weeks.
    `all_units` and `topo` (their steps, predecessors first) restrict it to some units."""
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
    topo = topo if topo is not None else problem.topological()
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
    for s in topo:
        job = jobs.get(job_of.get(s.id, ""))
        if job is None or s.deadline_week is None:
            continue
        latest = s.deadline_week - s.duration_weeks  # latest start of this step
        if a[s.id] > latest:
            job.always_late += 1
        elif b[s.id] != NEG:
            job.thresholds.append(latest - b[s.id])
    _windows(problem, a, b, jobs, job_of, all_units, {s.id: i for i, s in enumerate(topo)}, topo)
    for h in problem.handovers if len(topo) == len(problem.steps) else problem.handovers_of(a):
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
             topo: dict[str, int], steps: list) -> None:
    """Fill in what each job's week does to windows and meetings (`Job.lower_levels`)."""
    by_id = problem.step_by_id
    window_end = lambda s: s.window_end - s.duration_weeks if s.window_end is not None else -NEG  # noqa: E731
    meetings_of: dict[tuple[str, str], list] = defaultdict(list)
    for s in steps:
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
    jobs: list[Job] = field(default_factory=list)

    def weighted_gap(self) -> int:
        return sum(int(j.levels(np.asarray([self.weeks[j.step]]))[0][0]) for j in self.jobs)


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


def solve_team(jobs: list[Job], avail: list[int], lower: bool = True, fast: bool = False,
               gap_only: bool = False) -> TeamSolution:
    """The lexicographically best start week of every job of one team, given the places left in
    each week (`avail`): exact on weighted gap, fairness and breaches; then, with `lower`, on
    the estimates of meetings and windows (`Job.lower_levels`) among the plans best on those.
    `fast`: fairness then breaches only (the chain sweeps, where it is a heuristic);
    `gap_only`: weighted gap only (the gap bound's per-team terms)."""
    if not jobs:
        return TeamSolution({}, [], 0)
    last = no_idle_end([j.release for j in jobs], avail)
    open_weeks = np.nonzero(np.asarray(avail[:last + 1]) > 0)[0]
    weeks_of, per_job = [], []
    for j in jobs:
        weeks = open_weeks[np.searchsorted(open_weeks, j.release):]
        if not len(weeks):
            raise RuntimeError(f"step {j.step} has no week with room before week {last}")
        gap, fair, late = j.levels(weeks)
        lv = [gap] if gap_only else [fair, late] if fast else [gap, fair, late]
        if lower and not fast and not gap_only:
            lv.extend(j.lower_levels(weeks))
        lv = [x - x.min() for x in lv]  # every job takes one place: a constant per job changes nothing
        weeks_of.append(weeks)
        per_job.append(lv)
    n_nodes = 2 * len(jobs) + 4 * (last + 1) + 1
    safe = SAFE_COST
    while True:
        stages, mults = _stages(per_job, n_nodes, safe)
        costs = [[sum(lv[k] * m for k, m in zip(stage, mult, strict=True)) for stage, mult in zip(stages, mults, strict=True)]
                 for lv in per_job]
        net = _Network(jobs, avail, last, weeks_of, costs)
        try:
            return TeamSolution(net.decode(net.solve()), stages, len(net.tails), jobs)
        except CostRange:
            if all(len(stage) == 1 for stage in stages):
                raise
            safe //= 16


class _Network:
    """Jobs -> weeks -> sink. Where a job's cost changes by the same amount every week from
    some week on (flat: an annual review past its deadline; linear: weighted gap weeks when only
    the gap is optimised), one arc into a chain of week nodes that only runs forwards, each step
    costing that amount, stands for all of those weeks."""

    def __init__(self, jobs, avail, last, weeks_of, costs):
        self.jobs, self.last, self.n = jobs, last, len(jobs)
        n = self.n
        n_stages = len(costs[0])
        self.sink = n + last + 1
        next_node = [self.sink + 1]
        self.chains: dict[tuple, dict[int, int]] = {}  # slope per stage -> week -> node
        self.entry: dict[int, tuple[tuple, int]] = {}  # job index -> (chain, entry week)
        tails, heads, caps = [], [], []
        stage_costs: list[list[np.ndarray]] = [[] for _ in range(n_stages)]
        for i, (weeks, cs) in enumerate(zip(weeks_of, costs, strict=True)):
            k = self._tail_start(weeks, cs)
            if k is not None:
                slope = tuple(int(c[k + 1] - c[k]) if len(c) > k + 1 else 0 for c in cs)
                self.chains.setdefault(slope, {})
                self.entry[i] = (slope, int(weeks[k]))
                tails.append(i), heads.append(-len(self.entry)), caps.append(1)  # resolved below
                for st, c in enumerate(cs):
                    stage_costs[st].append(c[k:k + 1])
                weeks, cs = weeks[:k], [c[:k] for c in cs]
            tails.extend([i] * len(weeks))
            heads.extend((weeks + n).tolist())
            caps.extend([1] * len(weeks))
            for st, c in enumerate(cs):
                stage_costs[st].append(c)
        extra_costs: list[list[int]] = [[] for _ in range(n_stages)]
        for slope, nodes in self.chains.items():
            first = min(w for ch, w in self.entry.values() if ch == slope)
            for w in range(first, last + 1):
                nodes[w] = next_node[0]
                next_node[0] += 1
            for w in range(first, last + 1):
                if w < last:
                    tails.append(nodes[w]), heads.append(nodes[w + 1]), caps.append(n)
                    for st in range(n_stages):
                        extra_costs[st].append(slope[st])
                if avail[w] > 0:
                    tails.append(nodes[w]), heads.append(n + w), caps.append(n)
                    for st in range(n_stages):
                        extra_costs[st].append(0)
        entries = {-1 - j: self.chains[ch][w] for j, (ch, w) in enumerate(self.entry.values())}
        heads = [entries.get(h, h) for h in heads]
        for w in range(min(j.release for j in jobs), last + 1):
            if avail[w] > 0:
                tails.append(n + w), heads.append(self.sink), caps.append(int(avail[w]))
                for st in range(n_stages):
                    extra_costs[st].append(0)
        self.n_nodes = next_node[0]
        self.tails = np.asarray(tails, dtype=np.int32)
        self.heads = np.asarray(heads, dtype=np.int32)
        self.caps = np.asarray(caps, dtype=np.int64)
        self.stage_costs = [np.concatenate(c + [np.asarray(e, dtype=np.int64)]) for c, e in
                            zip(stage_costs, extra_costs, strict=True)]

    @staticmethod
    def _tail_start(weeks: np.ndarray, cs: list[np.ndarray]) -> int | None:
        """The first index from which every stage's cost changes by the same amount each week and
        the weeks are consecutive (None when that leaves fewer than three weeks)."""
        if len(weeks) < 3:
            return None
        steady = np.diff(weeks) == 1
        diffs = [np.diff(c) for c in cs]
        for d in diffs:
            steady[1:] &= d[1:] == d[:-1]
        if len(cs) > 1:  # several stages: only a flat tail keeps each stage's chain exact
            for d in diffs:
                steady &= d == 0
        bad = np.nonzero(~steady)[0]
        k = int(bad[-1]) + 1 if len(bad) else 0
        return k if len(weeks) - k >= 3 else None

    def solve(self) -> np.ndarray:
        """Solve stage by stage; after each, keep only the arcs some optimal flow can use (zero
        reduced cost against the shortest-path potentials) and fix the arcs every optimal flow
        fills, so the next stage optimises among the plans best on the stages before."""
        n_nodes = self.n_nodes
        active = np.ones(len(self.tails), dtype=bool)
        fixed = np.zeros(len(self.tails), dtype=np.int64)
        supplies = np.zeros(n_nodes, dtype=np.int64)
        supplies[:self.n] = 1
        supplies[self.sink] = -self.n
        flows = np.zeros(len(self.tails), dtype=np.int64)
        for s, cost in enumerate(self.stage_costs):
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
            if s == len(self.stage_costs) - 1:
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
        week_of = {node: w for nodes in self.chains.values() for w, node in nodes.items()}
        chain_of = {node: ch for ch, nodes in self.chains.items() for node in nodes.values()}
        through: dict[tuple, dict[int, int]] = defaultdict(lambda: defaultdict(int))  # chain -> week -> flow
        for i in np.nonzero(flows > 0)[0]:
            t, h = int(self.tails[i]), int(self.heads[i])
            if t < n and n <= h <= n + last:
                out[self.jobs[t].step] = h - n
            elif t in chain_of and n <= h <= n + last:
                through[chain_of[t]][week_of[t]] += int(flows[i])
        # Jobs that entered a chain: any job entered by a week may take a place in it (within
        # one chain every such matching costs the same); first come, first served, so that the
        # longest waits are not made longer.
        for slope, weeks in through.items():
            pending = sorted((w, i) for i, (ch, w) in self.entry.items() if ch == slope and self.jobs[i].step not in out)
            pool: list[tuple[int, int]] = []
            p = 0
            for w in sorted(weeks):
                while p < len(pending) and pending[p][0] <= w:
                    heapq.heappush(pool, pending[p])
                    p += 1
                for _ in range(weeks[w]):
                    out[self.jobs[heapq.heappop(pool)[1]].step] = w
        if len(out) != n:
            raise RuntimeError("a team's min-cost flow left a step without a week")
        return out


def place(problem: Problem, prof: Profile, job_weeks: dict[str, int], starts: dict[str, int]) -> None:
    """Every step of the units with one limited step (given their jobs' weeks) and with none
    (no job), as early as it can start: `max(a, t + b)`."""
    by_id = problem.step_by_id
    for sid in prof.a:
        s = by_id[sid]
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


# --- chains across several limited teams --------------------------------------------------------

class Chains:
    """One team's part of each chain at a time (the `chain_sweep`): the team's steps are the
    jobs; every other limited team's steps keep their weeks as earliest starts (pushed later only
    if what comes before them now ends later), everything else starts as early as it can."""

    def __init__(self, problem: Problem):
        self.problem = problem
        self.units = units(problem)
        by_id = problem.step_by_id
        topo_index = {s.id: i for i, s in enumerate(problem.topological())}
        self.team_units: dict[str, list[list[str]]] = defaultdict(list)
        for unit in self.units:
            for team in {by_id[sid].team for sid in unit if limited(problem, by_id[sid])}:
                self.team_units[team].append(unit)
        self.team_topo = {team: sorted((by_id[sid] for unit in us for sid in unit), key=lambda s: topo_index[s.id])
                          for team, us in self.team_units.items()}
        self.by_team: dict[str, list[str]] = defaultdict(list)
        for s in problem.steps:
            if limited(problem, s):
                self.by_team[s.team].append(s.id)
        # Teams in chain order (upstream first): the order of a topological sort of "a step of
        # team A comes before a step of team B in some handover"; cycles broken by pressure.
        upstream: dict[str, set[str]] = {}
        before: dict[str, set[str]] = defaultdict(set)
        for s in problem.topological():
            mine: set[str] = set()
            for p in s.predecessors:
                mine |= upstream[p]
                if limited(problem, by_id[p]):
                    mine.add(by_id[p].team)
            upstream[s.id] = mine
            if limited(problem, s):
                before[s.team] |= mine - {s.team}
        # Teams with a step in a unit that has steps at several limited teams.
        self.chain_teams = {by_id[sid].team for unit in self.units
                            if len({by_id[x].team for x in unit if limited(problem, by_id[x])}) > 1
                            for sid in unit if limited(problem, by_id[sid])}
        self.order: list[str] = []
        left = set(self.by_team)
        pressure = {t: len(ids) / max(1, sum(problem.capacity[t])) for t, ids in self.by_team.items()}
        while left:
            ready = [t for t in left if not (before[t] & left)]
            pick = min(ready or left, key=lambda t: (-pressure[t], t) if not ready else (0, t))
            self.order.append(pick)
            left.discard(pick)
        self.pressure = pressure

    def share(self) -> float:
        """The share of limited steps that are in chains across several limited teams."""
        by_id = self.problem.step_by_id
        total = sum(len(ids) for ids in self.by_team.values())
        chained = sum(1 for unit in self.units
                      if len({by_id[x].team for x in unit if limited(self.problem, by_id[x])}) > 1
                      for x in unit if limited(self.problem, by_id[x]))
        return chained / total if total else 0.0

    def team_pass(self, starts: dict[str, int], team: str, fixed: set[str]) -> dict[str, int]:
        """Re-plan `team`'s steps (weighted gap, then breaches) with the `fixed` limited steps
        as earliest starts; returns the new schedule (other teams' capacity may be broken)."""
        earliest = {sid: starts[sid] for sid in fixed}
        prof = profile(self.problem, team=team, earliest=earliest, all_units=self.team_units[team],
                       topo=self.team_topo[team])
        avail = {team: list(self.problem.capacity[team])}
        for sid in prof.multi:
            s = self.problem.step_by_id[sid]
            if s.team == team and limited(self.problem, s):
                avail[team][starts[sid]] -= 1
        jobs = sorted(prof.jobs.values(), key=lambda j: j.step)
        sol = solve_team(jobs, avail[team], lower=False, fast=True)
        out = dict(starts)
        place(self.problem, prof, sol.weeks, out)
        return out


def chain_sweep(problem: Problem, starts: dict[str, int], deadline: float, chains: Chains | None = None,
                bottleneck_first: list[str] | None = None) -> dict[str, int]:
    """A schedule for areas whose handovers cross several limited teams, from `starts`:

    1. targets, most constrained team first (`bottleneck_first`; by default the teams by demand
       over capacity, which measured better than by their share of the gap bound): each team's steps planned with the teams already planned fixed and
       the others assumed to have no queue, so an upstream team learns when each step is needed
       downstream and can give its places to the handovers that are urgent *there*; then every
       step, in order of its target week, at the first week it is ready with room (`relist`);
    2. while time is left, in chain order (upstream first), each team re-planned with every
       other team fixed (feasible again: a team's steps start after what comes before them
       ends), repeated while it gains.
    Each team's part is the min-cost flow on fairness (weight x gap squared), then breaches:
    at a team in the middle of chains, spreading the waiting keeps the downstream queues fed.
    The best valid schedule found (by `planner.validate`'s objective) is returned; `starts` if
    none is better."""
    import time

    from planner import validate

    chains = chains or Chains(problem)
    lim = {sid for ids in chains.by_team.values() for sid in ids}
    best, best_key = starts, validate.metrics(problem, starts).key()

    def keep(candidate: dict[str, int]) -> bool:
        nonlocal best, best_key
        report = validate.check(problem, candidate)
        if report.valid and report.metrics.key() < best_key:
            best, best_key = dict(candidate), report.metrics.key()
            return True
        return False

    current = dict(starts)
    done: set[str] = set()
    first = bottleneck_first or sorted(chains.by_team, key=lambda t: -chains.pressure[t])
    for team in [t for t in first if t in chains.chain_teams]:
        if time.monotonic() > deadline:
            return best
        current = chains.team_pass(current, team, done)
        done |= set(chains.by_team[team])
    current = relist(problem, current)
    keep(current)
    for _ in range(4):
        for team in [t for t in chains.order if t in chains.chain_teams]:
            if time.monotonic() > deadline:
                return best
            current = chains.team_pass(current, team, lim - set(chains.by_team[team]))
        if not validate.check(problem, current).valid:
            current = relist(problem, current)
        if not keep(current):
            break
    return best


def relist(problem: Problem, weeks: dict[str, int]) -> dict[str, int]:
    """A valid schedule close to `weeks`: every step, in order of its week, at the first week on
    or after it is ready in which its team has room."""
    from planner.scheduler import greedy

    topo = {s.id: i for i, s in enumerate(problem.topological())}
    out: dict[str, int] = {}
    greedy.place(problem, sorted(problem.steps, key=lambda s: (weeks[s.id], topo[s.id])), out, greedy.Capacity(problem))
    return out
