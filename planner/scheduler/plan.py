"""Plan a whole area: construction, exact per-team flows, chains, meetings, bounds, gap reasons.

`plan(problem, time_limit, progress=callback) -> Result`, in phases:

1. **construction**: the greedy schedule twice, earliest due week first and heaviest dependency
   first; the better (by the objective) is the fallback and the "greedy" figures.
2. **chains** (only when a fair share of handovers cross several limited teams):
   `chains.chain_sweep`.
3. **flows**: each limited team's steps of handovers with one limited step, planned exactly on
   weighted gap, fairness, overdue weeks and breaches (then estimates of meetings and windows) by a min-cost
   flow (`planner.scheduler.flow`); the steps of other handovers keep their weeks.
4. **meetings**: each person's reviews merged with everyone else fixed, never adding a gap
   week, an overdue week or a breach (`planner.scheduler.meetings`); then every overdue step
   moved to the first week its team has a place free, if it waits longer (`greedy.pull_overdue`).
5. **bounds**: weighted gap weeks (the larger of two chargings, raised class by class), overdue
   weeks, statutory breaches and separate family meetings (precedence kept), so every run says
   how far it is from each (`Result.distance`).
6. **CP-SAT rounds** (only where chains cross several limited teams, while the weighted gap or
   the overdue weeks are above their bound): neighbourhoods around the teams furthest from
   their share of the bound.

The callback gets a phase name and a small dict (for a progress display); the result always
passes `planner.validate` and is never worse than the construction on the objective.
"""

from __future__ import annotations

import time
from collections import Counter, defaultdict
from collections.abc import Callable

from planner import validate
from planner.scheduler import bound as bound_
from planner.scheduler import chains as chains_
from planner.scheduler import flow, greedy, meetings
from planner.scheduler.lns import Search
from planner.scheduler.problem import Bound, Gap, Problem, Result

Progress = Callable[[str, dict], None]
CHAIN_SHARE = 0.05  # sweep chains when at least this share of limited steps is in them (else rounds)


def explain_gaps(problem: Problem, starts: dict[str, int], head: dict[str, int],
                 bound: Bound | None = None) -> list[Gap]:
    """Each remaining gap with the limited team whose full weeks held its chain back.

    A team is named only when the bound says its capacity forces some gap (`bound.by_team`):
    a full team whose capacity forces none is not why anyone waits, so such a gap is left with
    no binding team (avoidable, given a better plan)."""
    by_id = problem.step_by_id
    use = Counter((s.team, starts[s.id]) for s in problem.steps if s.uses_capacity and s.team in problem.capacity)
    forcing = None if bound is None else {t for t, w in bound.by_team.items() if w > 0}
    out = []
    for h in problem.handovers:
        last = by_id[h.last_step_id]
        weeks = h.gap(starts[last.id] + last.duration_weeks)
        if weeks <= 0:
            continue
        unavoidable = max(0, head[last.id] + last.duration_weeks - h.children_end_week)
        team, binding = None, []
        for s in problem.steps_of(h.id):
            if not (s.uses_capacity and s.team in problem.capacity):
                continue
            if forcing is not None and s.team not in forcing:
                continue
            ready = max([s.earliest_week] + [starts[q] + by_id[q].duration_weeks for q in s.predecessors])
            # A week binds when the team had no room left in it (a week with no capacity at all
            # binds too: a small team may start one assessment a month).
            full = [w for w in range(ready, starts[s.id]) if use[(s.team, w)] >= problem.capacity[s.team][w]]
            if len(full) > len(binding):
                team, binding = s.team, full
        out.append(Gap(handover_id=h.id, person_id=h.person_id, weeks=weeks, weight=h.weight,
                       binding_team=team, binding_weeks=binding, unavoidable_weeks=unavoidable))
    return out


def construction(problem: Problem, deadline: float | None = None) -> tuple[dict[str, int], validate.Report, str, float]:
    """The better of the two greedy orders (heaviest dependency first, earliest due first), and
    the seconds the first took (the yardstick for what else fits). The second only when it fits
    comfortably before `deadline` (time.monotonic()): heaviest first alone already reaches the
    least weighted gap where each handover waits for one limited team."""
    found, first = [], 0.0
    for name, weight_first in (("heaviest first", True), ("earliest due first", False)):
        t0 = time.monotonic()
        if found and deadline is not None and deadline - t0 < 3 * first:
            break
        starts = greedy.schedule(problem, weight_first=weight_first)
        found.append((validate.check(problem, starts), name, starts))
        first = first or time.monotonic() - t0
    report, name, starts = min(found, key=lambda f: (not f[0].valid, f[0].metrics.key()))
    return starts, report, name, first


def bounds(problem: Problem, starts: dict[str, int], head: dict[str, int], time_limit: float = 5.0,
           quick: bool = False) -> Bound:
    """Every lower bound (`planner.scheduler.bound`, `planner.scheduler.meetings`) in one.
    `quick` (when time is short): the gap bound layer by layer and no breach bound (0); the
    overdue bound always (a few steps)."""
    t0 = time.perf_counter()
    gap = bound_.lower_bound(problem, starts, improve=not quick, exact=not quick, time_limit=time_limit)
    return gap.model_copy(update={"overdue_weeks": bound_.overdue_bound(problem, head),
                                  "breaches": 0 if quick else bound_.breach_bound(problem, head),
                                  "meetings": meetings.lower_bound(problem, head),
                                  "seconds": time.perf_counter() - t0})


def capacity_use(problem: Problem, starts: dict[str, int]) -> dict[str, Counter]:
    use: dict[str, Counter] = defaultdict(Counter)
    for s in problem.steps:
        if s.uses_capacity and s.team in problem.capacity:
            use[s.team][starts[s.id]] += 1
    return use


def plan(problem: Problem, time_limit: float = 30.0, progress: Progress | None = None, *,
         workers: int = 2, seed: int = 0, size: int = 300, round_limit: float = 1.5,
         patience: int = 60) -> Result:
    """Schedule every step; see the module docstring."""
    t0 = time.monotonic()
    deadline = t0 + time_limit
    say = progress or (lambda phase, info: None)
    phases: dict[str, float] = {}

    def lap(name: str, since: float) -> float:
        now = time.monotonic()
        phases[name] = round(phases.get(name, 0.0) + now - since, 3)
        return now

    say("greedy", {})
    first, greedy_report, method, unit = construction(problem, deadline)
    greedy_seconds = time.monotonic() - t0
    mark = lap("greedy", t0)
    say("greedy done", {"seconds": greedy_seconds, **greedy_report.metrics.model_dump()})

    best, best_report = first, greedy_report

    def time_for(greedies: float) -> bool:
        """Whether a phase that takes about `greedies` times one greedy construction fits."""
        return deadline - time.monotonic() > greedies * unit

    # Each phase only when it fits in the time left, measured against one greedy construction
    # (on Eastshire, in CPU seconds: the chains and the flow profile together about 0.8 of it,
    # the flows 2.5, the meeting pass 0.7, the full bounds 1.8 and the quick ones 0.7), so the
    # time limit holds even when it is short, at the price of a plan only as good as the phases
    # done (and, with no time at all, no bounds).
    chains = chains_.Chains(problem) if time_for(3.5) else None
    if chains is not None and chains.share() >= CHAIN_SHARE and time_for(12.0):
        say("chains", {})
        swept = chains_.chain_sweep(problem, first, deadline - 0.45 * time_limit, chains)
        report = validate.check(problem, swept)
        if report.valid and report.metrics.key() < best_report.metrics.key():
            best, best_report = swept, report
        mark = lap("chains", mark)

    prof = flow.profile(problem, all_units=chains.units) if chains is not None and time_for(3.0) else None
    starts = best
    if prof is not None and time_for(3.0):
        say("flows", {})
        starts, _ = flow.solve(problem, best, prof)
        mark = lap("flows", mark)
    starts = dict(starts)
    use = capacity_use(problem, starts)
    if time_for(2.0):
        say("meetings", {})
        moved = meetings.merge(problem, starts, use)
        mark = lap("meetings", mark)
        say("meetings done", {"people": moved})
    greedy.pull_overdue(problem, starts, use)  # a few steps: no overdue step waits while a place is free
    if starts != best:
        report = validate.check(problem, starts)
        if report.valid and report.metrics.key() < best_report.metrics.key():
            best, best_report = starts, report

    head, _ = bound_.heads_tails(problem)
    bound = None
    if time_for(1.0):
        say("bound", {})
        bound = bounds(problem, best, head, time_limit=max(0.5, 0.1 * time_limit), quick=not time_for(2.5))
        mark = lap("bounds", mark)
        say("bound done", {"weighted_gap_weeks": bound.weighted_gap_weeks, "overdue_weeks": bound.overdue_weeks,
                           "breaches": bound.breaches, "meetings": bound.meetings})
    rounds = improved = 0
    m = best_report.metrics
    if (prof is not None and prof.multi and bound is not None
            and (m.weighted_gap_weeks > bound.weighted_gap_weeks or m.overdue_weeks > bound.overdue_weeks)):
        search = Search(problem, best, seed=seed, workers=workers, focus=prof.multi, bound=bound)
        # With the weighted gap already at its bound the rounds can only look for overdue weeks,
        # whose bound is far weaker (on Eastshire 60 rounds, 6.6 s, found nothing): a third of
        # the patience there.
        wait = patience if m.weighted_gap_weeks > bound.weighted_gap_weeks else max(1, patience // 3)
        # Leave time for the final check and the gap reasons.
        search.run(deadline - 0.03 * time_limit - 0.3, size=size, round_limit=round_limit,
                   progress=say, patience=wait)
        rounds, improved = search.rounds, search.improved
        found = dict(search.starts)
        if greedy.pull_overdue(problem, found, capacity_use(problem, found)) or found != best:
            report = validate.check(problem, found)
            if report.valid and report.metrics.key() < best_report.metrics.key():
                best, best_report = found, report
        mark = lap("rounds", mark)
    if not best_report.valid or best_report.metrics.key() > greedy_report.metrics.key():
        # Never worse than the construction and never invalid (a safety net: every phase keeps
        # only what validates and is no worse).
        best, best_report = first, greedy_report
    gaps = explain_gaps(problem, best, head, bound)
    lap("gap reasons", mark)
    return Result(starts=best, metrics=best_report.metrics, greedy=greedy_report.metrics, bound=bound, gaps=gaps,
                  valid=best_report.valid, seconds=time.monotonic() - t0, greedy_seconds=greedy_seconds,
                  rounds=rounds, improved_rounds=improved, method=f"greedy ({method})"
                  + "".join(words for phase, words in (("chains", ", chain sweeps"), ("flows", ", min-cost flows"),
                                                       ("meetings", ", meeting pass")) if phase in phases)
                  + (", CP-SAT rounds" if rounds else ""), phases=phases)
