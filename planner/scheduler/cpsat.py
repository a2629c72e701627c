"""One CP-SAT sub-problem: re-time a few hundred steps with every other step fixed.

The model, in the words of ARCHITECTURE.md, for the *free* steps only:
- each free step starts in a week, not before its earliest week nor before its predecessors
  end, and ends before any fixed successor starts;
- each limited team starts at most its capacity left (after the fixed steps) in every week;
- objective, lexicographic through weights: weighted gap weeks of handovers whose last step is
  free >> statutory breaches of free steps >> separate family meetings of the people touched
  >> free steps outside their recommended window.
The current schedule is given as a complete hint, so the solver starts from it and only
returns something at least as good; the caller still checks that with `local_cost`.
"""

from __future__ import annotations

from collections import Counter, defaultdict

from ortools.sat.python import cp_model

from planner.scheduler.greedy import successors
from planner.scheduler.problem import Problem

SLACK_WEEKS = 52  # how much later than now (or than ready) a free step may move


def local_cost(problem: Problem, starts: dict[str, int], free: set[str],
               people: set[str]) -> tuple[int, int, int, int]:
    """The objective restricted to what re-timing `free` can change (same terms as validate)."""
    by_id = problem.step_by_id
    gap = 0
    for h in problem.handovers_of(free):
        last = by_id[h.last_step_id]
        gap += h.weight * h.gap(starts[last.id] + last.duration_weeks)
    breaches = oow = 0
    for sid in free:
        s = by_id[sid]
        end = starts[sid] + s.duration_weeks
        breaches += s.deadline_week is not None and end > s.deadline_week
        oow += not s.in_window(starts[sid])
    meetings = 0
    for p in people:
        slots = set()
        for s in problem.meetings_of(p):
            if s.mergeable and s.in_window(starts[s.id]):
                slots.add((s.meeting_group, starts[s.id]))
            else:
                meetings += 1
        meetings += len(slots)
    return gap, int(breaches), meetings, int(oow)


def solve(problem: Problem, starts: dict[str, int], free: set[str], *, time_limit: float = 2.0,
          workers: int = 1, seed: int = 0, succ: dict[str, list[str]] | None = None,
          fixed_use: dict[str, Counter] | None = None) -> dict[str, int] | None:
    """Best re-timing of the `free` steps found in `time_limit`, or None if none was found.

    `fixed_use[team][week]`: capacity-using starts of *all* steps (the free ones included; they
    are subtracted here). Pass it in to avoid recounting a large area every round.
    """
    by_id = problem.step_by_id
    succ = succ or successors(problem)
    if fixed_use is None:
        fixed_use = defaultdict(Counter)
        for s in problem.steps:
            if s.uses_capacity and s.team in problem.capacity:
                fixed_use[s.team][starts[s.id]] += 1
    model = cp_model.CpModel()
    start = {}
    bounds = {}
    for sid in free:
        s = by_id[sid]
        lo = max([s.earliest_week] + [starts[p] + by_id[p].duration_weeks
                                      for p in s.predecessors if p not in free])
        hi = max(starts[sid], lo) + SLACK_WEEKS
        for n in succ[sid]:
            if n not in free:
                hi = min(hi, starts[n] - s.duration_weeks)
        hi = min(hi, len(problem.capacity.get(s.team, [])) - 1) if s.team in problem.capacity else hi
        lo, hi = min(lo, starts[sid]), max(hi, starts[sid])
        bounds[sid] = (lo, hi)
        start[sid] = model.new_int_var(lo, hi, f"start[{sid}]")
        model.add_hint(start[sid], starts[sid])
    for sid in free:
        for p in by_id[sid].predecessors:
            if p in free:
                model.add(start[sid] >= start[p] + by_id[p].duration_weeks)

    # Capacity: intervals of one week at each start; weeks with less room get blockers.
    by_team: dict[str, list[str]] = defaultdict(list)
    for sid in free:
        s = by_id[sid]
        if s.uses_capacity and s.team in problem.capacity:
            by_team[s.team].append(sid)
    for team, sids in by_team.items():
        weekly = problem.capacity[team]
        use = Counter(fixed_use[team])
        for sid in sids:
            use[starts[sid]] -= 1
        lo = min(bounds[sid][0] for sid in sids)
        hi = max(bounds[sid][1] for sid in sids)
        room = {w: weekly[w] - use[w] for w in range(lo, hi + 1)}
        top = max(max(room.values()), 1)
        intervals = [model.new_fixed_size_interval_var(start[sid], 1, f"slot[{sid}]") for sid in sids]
        demands = [1] * len(sids)
        for w, r in room.items():
            if r < top:
                intervals.append(model.new_fixed_size_interval_var(w, 1, f"full[{team},{w}]"))
                demands.append(top - max(r, 0))
        model.add_cumulative(intervals, demands, top)

    # (1) gaps
    gap_terms = []
    for h in problem.handovers_of(free):
        last = by_id[h.last_step_id]
        if h.last_step_id not in free or not h.ends:
            continue
        g = model.new_int_var(0, 10_000, f"gap[{h.id}]")
        model.add(g >= start[last.id] + last.duration_weeks - h.children_end_week)
        gap_terms.append(h.weight * g)
    # (2) breaches and (4) windows
    breach, outside = [], {}
    for sid in free:
        s = by_id[sid]
        if s.deadline_week is not None:
            b = model.new_bool_var(f"breach[{sid}]")
            model.add(start[sid] + s.duration_weeks <= s.deadline_week).only_enforce_if(~b)
            breach.append(b)
        if s.window_start is not None or s.window_end is not None:
            o = model.new_bool_var(f"outside[{sid}]")
            if s.window_start is not None:
                model.add(start[sid] >= s.window_start).only_enforce_if(~o)
            if s.window_end is not None:
                model.add(start[sid] + s.duration_weeks <= s.window_end).only_enforce_if(~o)
            outside[sid] = o
    # (3) meetings of the people touched: one per used (group, week) slot, plus the rest.
    meeting_terms = []
    people = {by_id[sid].person_id for sid in free}
    for p in people:
        fixed_slots, slot_vars = set(), defaultdict(list)
        for s in problem.meetings_of(p):
            if s.id not in free:
                if s.mergeable and s.in_window(starts[s.id]):
                    fixed_slots.add((s.meeting_group, starts[s.id]))
                else:
                    meeting_terms.append(1)
                continue
            if not s.mergeable or s.id not in outside:
                meeting_terms.append(1)
                continue
            o = outside[s.id]
            lo, hi = bounds[s.id]
            ws = s.window_start if s.window_start is not None else lo
            we = (s.window_end if s.window_end is not None else hi + s.duration_weeks) - s.duration_weeks
            picks = []
            for w in range(max(lo, ws), min(hi, we) + 1):
                x = model.new_bool_var(f"meet[{s.id},{w}]")
                model.add(start[s.id] == w).only_enforce_if(x)
                picks.append(x)
                slot_vars[(s.meeting_group, w)].append(x)
            model.add(sum(picks) + o == 1)
            meeting_terms.append(o)
        meeting_terms.extend([1] * len(fixed_slots))
        for key, xs in slot_vars.items():
            if key in fixed_slots:
                continue
            used = model.new_bool_var(f"slot[{p},{key}]")
            for x in xs:
                model.add_implication(x, used)
            meeting_terms.append(used)

    w_out = 1
    w_meet = w_out * (len(outside) + 1)
    w_breach = w_meet * (len(free) + 1)
    w_gap = w_breach * (len(breach) + 1)
    model.minimize(w_gap * sum(gap_terms) + w_breach * sum(breach)
                   + w_meet * sum(meeting_terms) + w_out * sum(outside.values()))

    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = time_limit
    solver.parameters.num_workers = workers
    solver.parameters.random_seed = seed
    try:
        status = solver.solve(model)
    except IndexError:
        # OR-Tools 9.15 occasionally fails inside presolve ("absl::btree_map::at") on a
        # sub-problem; the round is simply skipped and the current schedule kept.
        return None
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None
    return {sid: int(solver.value(start[sid])) for sid in free}
