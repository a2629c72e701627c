"""One CP-SAT sub-problem: re-time a few hundred steps with every other step fixed.

The model, in the words of ARCHITECTURE.md, for the *free* steps only:
- each free step starts in a week, not before its earliest week nor before its predecessors
  end, and ends before any fixed successor starts;
- each limited team starts at most its capacity left (after the fixed steps) in every week;
- objective, lexicographic: weighted gap weeks of handovers whose last step is free, then
  fairness (weight x gap squared), weeks free overdue steps end past their soonest end,
  statutory breaches of free steps, separate family meetings of the people touched, free steps
  outside their recommended window. Levels are combined with
  multipliers while the combined objective stays exact; otherwise they are solved in stages,
  each among the best of the stage before (the stage's value becomes a constraint).
The current schedule is given as a complete hint, so the solver starts from it and only
returns something at least as good; the caller still checks that with `local_cost`.
"""

from __future__ import annotations

import time
from collections import Counter, defaultdict

from ortools.sat.python import cp_model

from planner.scheduler.greedy import successors
from planner.scheduler.problem import Problem

SLACK_WEEKS = 52  # how much later than now (or than ready) a free step may move


def local_cost(problem: Problem, starts: dict[str, int], free: set[str],
               people: set[str]) -> tuple[int, int, int, int, int, int]:
    """The objective restricted to what re-timing `free` can change (same terms as validate):
    (weighted gap, fairness, overdue weeks, breaches, meetings, steps outside their window)."""
    by_id = problem.step_by_id
    gap = fair = 0
    for h in problem.handovers_of(free):
        last = by_id[h.last_step_id]
        g = h.gap(starts[last.id] + last.duration_weeks)
        gap += h.weight * g
        fair += h.weight * g * g
    overdue = breaches = oow = 0
    for sid in free:
        s = by_id[sid]
        end = starts[sid] + s.duration_weeks
        overdue += s.overdue_weeks(starts[sid])
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
    return gap, fair, overdue, int(breaches), meetings, int(oow)


def solve(problem: Problem, starts: dict[str, int], free: set[str], *, time_limit: float = 2.0,
          workers: int = 1, seed: int = 0, succ: dict[str, list[str]] | None = None,
          fixed_use: dict[str, Counter] | None = None, proven: bool = False):
    """Best re-timing of the `free` steps found in `time_limit`, or None if none was found
    (with `proven`: (re-timing, proven optimal) or None).

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

    # (1) gaps and (2) fairness
    gap_terms, fair_terms = [], []
    gap_top = fair_top = 0
    for h in problem.handovers_of(free):
        last = by_id[h.last_step_id]
        if h.last_step_id not in free or not h.ends:
            continue
        most = max(0, bounds[last.id][1] + last.duration_weeks - h.children_end_week)
        g = model.new_int_var(0, most, f"gap[{h.id}]")
        model.add(g >= start[last.id] + last.duration_weeks - h.children_end_week)
        sq = model.new_int_var(0, most * most, f"gap_squared[{h.id}]")
        model.add_multiplication_equality(sq, [g, g])
        gap_terms.append(h.weight * g)
        fair_terms.append(h.weight * sq)
        gap_top += h.weight * most
        fair_top += h.weight * most * most
    # (3) overdue weeks, (4) breaches and (6) windows
    breach, outside = [], {}
    overdue_terms, overdue_top = [], 0
    for sid in free:
        s = by_id[sid]
        if s.due_now_week is not None:
            most = max(0, bounds[sid][1] + s.duration_weeks - s.due_now_week)
            o = model.new_int_var(0, most, f"overdue[{sid}]")
            model.add(o >= start[sid] + s.duration_weeks - s.due_now_week)
            overdue_terms.append(o)
            overdue_top += most
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
    # (5) meetings of the people touched: one per used (group, week) slot, plus the rest.
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

    levels = [(sum(gap_terms), gap_top), (sum(fair_terms), fair_top), (sum(overdue_terms), overdue_top),
              (sum(breach), len(breach)),
              (sum(meeting_terms), len(meeting_terms)), (sum(outside.values()), len(outside))]
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = workers
    solver.parameters.random_seed = seed
    found = _lexicographic(model, solver, levels, time_limit)
    if found is None:
        return None
    values, optimal = found
    out = {sid: int(values[start[sid]]) for sid in free}
    return (out, optimal) if proven else out


OBJECTIVE_LIMIT = 2**50  # keep each combined objective well inside CP-SAT's exact integer range


def _stages(tops: list[int]) -> list[list[tuple[int, int]]]:
    """Group the objective's levels, top first, into as few stages as keep the combined objective
    below `OBJECTIVE_LIMIT`: each stage is [(level, multiplier)]."""
    out: list[list[int]] = []
    for k in range(len(tops)):
        if out:
            trial = out[-1] + [k]
            mult = _mults(trial, tops)
            if sum(tops[i] * m for i, m in zip(trial, mult, strict=True)) < OBJECTIVE_LIMIT:
                out[-1] = trial
                continue
        out.append([k])
    return [list(zip(stage, _mults(stage, tops), strict=True)) for stage in out]


def _mults(stage: list[int], tops: list[int]) -> list[int]:
    mult = [1] * len(stage)
    for i in range(len(stage) - 2, -1, -1):
        mult[i] = mult[i + 1] * (tops[stage[i + 1]] + 1)
    return mult


def _lexicographic(model: cp_model.CpModel, solver: cp_model.CpSolver, levels, time_limit: float):
    """Minimise the levels in order (each stage among the best of the stages before it).
    Returns (values, proven optimal) or None when no solution was found."""
    deadline = time.monotonic() + time_limit
    stages = _stages([top for _, top in levels])
    proven = True
    values = None
    for i, stage in enumerate(stages):
        expr = sum(levels[k][0] * m for k, m in stage)
        model.minimize(expr)
        left = deadline - time.monotonic()
        if left <= 0.01 and values is not None:
            break
        solver.parameters.max_time_in_seconds = max(0.01, left / (len(stages) - i))
        try:
            status = solver.solve(model)
        except IndexError:
            # OR-Tools 9.15 occasionally fails inside presolve ("absl::btree_map::at") on a
            # sub-problem; the round is simply skipped and the current schedule kept.
            return None if values is None else (values, False)
        if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return None if values is None else (values, False)
        proven = proven and status == cp_model.OPTIMAL
        best = int(solver.objective_value)
        values = _Values(solver)
        model.clear_hints()
        for var in values.variables(model):
            model.add_hint(var, values[var])
        model.add(expr <= best)
    return values, proven


class _Values:
    """The solver's values of every variable, kept after the solver moves on."""

    def __init__(self, solver: cp_model.CpSolver):
        self._solution = list(solver.response_proto.solution)

    def __getitem__(self, var) -> int:
        return self._solution[var.index]

    def variables(self, model: cp_model.CpModel):
        return [model.get_int_var_from_proto_index(i) for i in range(len(self._solution))]


def solve_all(problem: Problem, starts: dict[str, int], time_limit: float = 10.0, seed: int = 0
              ) -> tuple[dict[str, int], bool] | None:
    """One CP-SAT model of a whole (small) problem, lexicographic over the whole objective:
    (schedule, proven optimal), or None. For tests and small areas only."""
    return solve(problem, starts, set(starts), time_limit=time_limit, workers=1, seed=seed, proven=True)

