"""Exact per-team planning where each handover has one limited step: one min-cost flow per team.

The problem in the words of ARCHITECTURE.md: when every step of a handover but one is done by
teams with no stated limit, only that one step (the *job*) waits for capacity. Every other step
can start as soon as its predecessors end, so given the week `t` the job starts, each step of
its handover starts in week `max(a, t + b)` (`b` is minus infinity for the steps that do not
wait for the job), and the handover's costs are non-decreasing functions of `t`. So the area
splits into one transportation problem per limited team (`planner.scheduler.network`), solved
exactly and lexicographically on weighted gap, fairness, overdue weeks and breaches.

Steps of handovers with several limited steps (chains across several limited teams) keep
their weeks here and take their places first; `planner.scheduler.chains` and
`planner.scheduler.lns` plan those.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from planner.scheduler.network import NEG, Ending, Job, TeamSolution, solve_team
from planner.scheduler.problem import Problem

__all__ = ["NEG", "Ending", "Job", "Profile", "TeamSolution", "available", "limited", "place", "profile",
           "solve", "solve_team", "units"]


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
        if job is None:
            continue
        if s.due_now_week is not None:  # overdue: every week it ends past its soonest end counts
            d = s.duration_weeks
            job.overdue.append((a[s.id] + d if a[s.id] != NEG else NEG, b[s.id] + d if b[s.id] != NEG else NEG,
                                s.due_now_week))
        if s.deadline_week is None:
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
    """A schedule that is lexicographically best on (weighted gap, fairness, overdue weeks,
    breaches) for the units with one limited step, everything else as in `starts` (a complete schedule).

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
