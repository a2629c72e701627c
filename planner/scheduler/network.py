"""One limited team's part of the plan as a min-cost flow: the team's jobs (one step each of
handovers that wait for the team) and the weeks they can start in.

A job's costs are non-decreasing functions of the week `t` it starts (`Job.levels`): weighted
gap weeks `w * max(0, max(A, t + B) - children's end)`, fairness `w * gap^2`, overdue weeks
`max(0, max(A, t + B) - soonest end)` of each overdue step of the unit, and statutory breaches
(the steps whose deadline is missed once `t` passes their threshold); below them,
estimates of separate meetings and steps outside their window (`Job.lower_levels`). One team's
problem is then a transportation problem: unit jobs with release weeks, week capacities and
those costs, solved exactly by OR-Tools' `SimpleMinCostFlow` (job -> week arcs, week -> sink
arcs of the week's capacity). The objective's levels are combined, each multiplied by the range
of those below it, in as few stages as fit OR-Tools' cost range; between stages only the arcs
some optimal flow can use are kept (zero reduced cost against shortest-path potentials) and
those every optimal flow fills are fixed, so the result is lexicographically optimal.

Two facts keep the network small. (1) With non-decreasing costs some optimal plan leaves no
week idle while a released job waits, and every such plan uses the same number of places each
week (the backlog evolves the same way whatever the order), so weeks after the last week a
no-idle plan uses are never needed (`no_idle_end`). (2) Where a job's cost changes by the same
amount every week from some week on (an annual review past its deadline costs one breach
whatever week it is held), one arc into a chain of week nodes that only runs forwards stands
for all of those weeks.
"""

from __future__ import annotations

import heapq
from collections import defaultdict
from dataclasses import dataclass, field

import numpy as np
from ortools.graph.python import min_cost_flow

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
    # Overdue steps of the unit: (finish_a, finish_b, due): the step ends at max(finish_a, t +
    # finish_b) (finish_b NEG: it does not wait for the job) and waits past `due` (its soonest end).
    overdue: list[tuple[int, int, int]] = field(default_factory=list)
    # Steps of the unit pushed out of their window by the job's week: (early, threshold, meeting):
    # a step before the job is outside when t < threshold, a step after it when t > threshold.
    outside: list[tuple[bool, int, bool]] = field(default_factory=list)
    meeting: bool = False  # the job is itself a family meeting
    window: tuple[int, int] = (NEG, -NEG)  # weeks the job is inside its own window
    join: list[tuple[int, int]] = field(default_factory=list)  # weeks another meeting of the person can be in

    def levels(self, weeks: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """(weighted gap, fairness, overdue weeks, breaches) for each start week in `weeks`."""
        gap = np.zeros(len(weeks), dtype=np.int64)
        fair = np.zeros(len(weeks), dtype=np.int64)
        for e in self.endings:
            finish = np.maximum(e.finish_a, weeks + e.finish_b) if e.finish_b != NEG else np.full(len(weeks), e.finish_a)
            g = np.maximum(0, finish - e.end)
            gap += e.weight * g
            fair += e.weight * g * g
        overdue = np.zeros(len(weeks), dtype=np.int64)
        for finish_a, finish_b, due in self.overdue:
            finish = np.maximum(finish_a, weeks + finish_b) if finish_b != NEG else np.full(len(weeks), finish_a)
            overdue += np.maximum(0, finish - due)
        late = np.full(len(weeks), self.always_late, dtype=np.int64)
        for th in self.thresholds:
            late += weeks > th
        return gap, fair, overdue, late

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
    each week (`avail`): exact on weighted gap, fairness, overdue weeks and breaches; then, with
    `lower`, on the estimates of meetings and windows (`Job.lower_levels`) among the plans best
    on those. `fast`: fairness, overdue weeks, then breaches (the chain sweeps, where it is a
    heuristic); `gap_only`: weighted gap only (the gap and overdue bounds' per-team terms)."""
    if not jobs:
        return TeamSolution({}, [], 0)
    last = no_idle_end([j.release for j in jobs], avail)
    open_weeks = np.nonzero(np.asarray(avail[:last + 1]) > 0)[0]
    weeks_of, per_job = [], []
    for j in jobs:
        weeks = open_weeks[np.searchsorted(open_weeks, j.release):]
        if not len(weeks):
            raise RuntimeError(f"step {j.step} has no week with room before week {last}")
        gap, fair, overdue, late = j.levels(weeks)
        lv = [gap] if gap_only else [fair, overdue, late] if fast else [gap, fair, overdue, late]
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
