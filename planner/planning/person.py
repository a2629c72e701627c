"""One person: move a step, see the effect, save.

`person_effect(db, person_id, as_of, moves)` re-plans one person's steps in the capacity
everyone else's planned steps leave (with any steps a worker moved), and says what that does to
their gaps; `save_person(...)` stores it, refusing if someone saved first.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from planner import store, validate
from planner.planning.area import AreaProblem, build, plan_rows, reasons
from planner.planning.weeks import monday_of, start_date, week_from
from planner.scheduler import problem as sp
from planner.views.words import long_date


def starts_from_rows(ap: AreaProblem, rows: Iterable[Mapping]) -> dict[str, int]:
    """Weeks of stored step rows in `ap`'s weeks; steps with no stored date are missing."""
    out = {}
    for r in rows:
        if r["id"] in ap.problem.step_by_id and r.get("start"):
            out[r["id"]] = max(0, (dt.date.fromisoformat(r["start"]) - ap.start).days // 7)
    return out


def others_use(db, area: str, start: dt.date, exclude_person: str) -> dict[str, Counter]:
    """Capacity-using planned steps of everyone but one person, by team and week from `start`."""
    use: dict[str, Counter] = defaultdict(Counter)
    for team, day in store.open_capacity_starts(db, area, start.isoformat(), exclude_person):
        use[team][(dt.date.fromisoformat(day) - start).days // 7] += 1
    return use


@dataclass
class PersonEffect:
    """A one-person re-plan: their steps before and after, and the gap weeks each way."""

    person_id: str
    before: list[dict]  # stored step rows
    after: list[dict]  # the new step rows (store columns)
    handovers_after: list[dict]
    gap_weeks_before: int
    gap_weeks_after: int
    breaches_before: int
    breaches_after: int
    meetings_before: int
    meetings_after: int
    versions: dict[str, int]  # the stored version of each step, for the conflict check
    messages: list[str] = field(default_factory=list)

    @property
    def changed(self) -> list[str]:
        was = {r["id"]: r.get("start") for r in self.before}
        return [r["id"] for r in self.after if was.get(r["id"]) != r["start"]]


def person_effect(db, person_id: str, as_of: dt.date, moves: Mapping[str, dt.date] | None = None,
                  *, time_limit: float = 0.5) -> PersonEffect:
    """Re-plan one person with everyone else fixed; `moves` pins steps (step id -> new start).

    A moved step keeps its new date as its earliest start; when the team has no room that week
    it starts at the first week with room, and a message says so."""
    from planner.scheduler import replan  # OR-Tools only when re-planning

    row = store.get_person(db, person_id)
    if row is None:
        raise store.NotFoundError(f"there is no person {person_id}")
    area = row["area"]
    moves = dict(moves or {})
    ap = build(db, area, as_of, person_ids={person_id})
    start = ap.start
    p = ap.problem
    stored = [r for r in store.steps_for(db, person_id)]
    versions = {r["id"]: r["version"] for r in stored}
    unknown = [sid for sid in moves if sid not in p.step_by_id]
    if unknown:
        raise ValueError(f"step {unknown[0]} is not an open step of this person's plan")
    late = [sid for sid, day in moves.items() if day < as_of]
    if late:
        raise ValueError(f"a step cannot be moved into the past ({long_date(moves[late[0]])})")
    steps = [s.model_copy(update={"earliest_week": max(s.earliest_week, week_from(start, moves[s.id]))})
             if s.id in moves else s for s in p.steps]
    use = others_use(db, area, start, person_id)
    latest = max([0] + [max(c) for c in use.values() if c])
    problem = sp.Problem(teams=p.teams, handovers=p.handovers, steps=steps, min_horizon_weeks=latest + 60)
    before_starts = starts_from_rows(ap, stored)
    for s in problem.steps:  # a step with no stored date yet (new since the plan) starts unplaced
        before_starts.setdefault(s.id, s.earliest_week)
    full_use: dict[str, Counter] = {t: Counter(c) for t, c in use.items()}
    for s in problem.steps:
        if s.uses_capacity and s.team in problem.capacity:
            full_use.setdefault(s.team, Counter())[before_starts[s.id]] += 1
    # Least disturbance first: the stored weeks with moved steps (and what waits for them) pushed
    # later; the full one-person re-plan replaces that only when it is strictly better.
    kept = _pushed(problem, before_starts, use)
    new = replan.replan(problem, before_starts, person_id, time_limit=time_limit, workers=1, use=full_use)
    if kept is not None and validate.metrics(problem, kept).key() <= validate.metrics(problem, new).key():
        new = kept
    ap2 = AreaProblem(area=area, as_of=as_of, start=start, problem=problem, handovers=ap.handovers, steps=ap.steps)
    hrows, srows = plan_rows(ap2, new, reasons(ap2, new))
    messages = []
    for sid, day in moves.items():
        got = start_date(start, new[sid])
        if got > monday_of(day):
            messages.append(f"{ap.steps[sid].title}: the team has no free place in the week of {long_date(day)}, "
                            f"so it starts on {long_date(got)}, the first week with room.")
    m_before = validate.metrics(problem, before_starts)
    m_after = validate.metrics(problem, new)
    return PersonEffect(person_id=person_id, before=stored, after=srows, handovers_after=hrows,
                        gap_weeks_before=m_before.gap_weeks, gap_weeks_after=m_after.gap_weeks,
                        breaches_before=m_before.breaches, breaches_after=m_after.breaches,
                        meetings_before=m_before.meetings, meetings_after=m_after.meetings,
                        versions=versions, messages=messages)


def _pushed(problem: sp.Problem, starts: Mapping[str, int], others: Mapping[str, Counter]) -> dict[str, int] | None:
    """`starts` with every step moved no earlier than its earliest week and its predecessors'
    ends; None when that breaks a team's capacity (given everyone else's `others` use)."""
    by_id = problem.step_by_id
    out: dict[str, int] = {}
    for s in problem.topological():
        out[s.id] = max([starts[s.id], s.earliest_week] + [out[q] + by_id[q].duration_weeks for q in s.predecessors])
    mine: Counter = Counter((s.team, out[s.id]) for s in problem.steps if s.uses_capacity and s.team in problem.capacity)
    for (team, week), n in mine.items():
        weekly = problem.capacity[team]
        if week >= len(weekly) or others.get(team, Counter())[week] + n > weekly[week]:
            return None
    return out


def save_person(db, effect: PersonEffect, by: str, moved: Iterable[str] = ()) -> None:
    """Store a one-person re-plan; if anyone changed one of these steps since it was read,
    `store.ConflictError` says who and when and nothing is saved."""
    store.save_person_plan(db, effect.person_id, effect.handovers_after, effect.after, effect.versions, by,
                           pinned=set(moved))
