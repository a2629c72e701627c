"""Schedule: plan a whole area's handovers from the store, and keep the accepted plan there.

The scheduler (`planner.scheduler`) knows only integer weeks and never imports the store; this
module is the bridge, in four parts:

1. `build(db, area, as_of)` reads the area's people, episodes and team capacities, dates every
   handover with `planner.handovers.for_person` (the pathway graph and the person's statutory
   milestones), and turns the dates into weeks from the Monday of the as-of week (week 0):
   an `AreaProblem`. Steps already recorded as done are left out; a step a worker moved keeps
   the worker's date as its earliest start.
2. `plan_area(db, area, as_of, ...)` plans it (greedy, CP-SAT rounds, lower bound), checks the
   result with `planner.validate`, and stores the run as a *proposal* (`run_handovers`,
   `run_steps`) beside the current plan. `accept(db, run_id, by)` makes it the plan (the
   `handovers` and `steps` tables every page reads), keeping steps already done.
3. One person: `person_effect(db, person_id, as_of, moves)` re-plans one person's steps in the
   capacity everyone else's planned steps leave (with any steps a worker moved), and says what
   that does to their gaps; `save_person(...)` stores it, refusing if someone saved first.
4. `capacity_what_if(db, area, team, from_date, per_week, as_of)` compares the gaps of the
   area planned with the team's capacity as it is and as it would be.

Week arithmetic: a step starting in week `s` starts on the Monday `start + 7s` days; lasting
`d` weeks it ends on the Sunday before `start + 7(s + d)`. A date "by" which something must
happen (a deadline, the last day of a children's service) is the week boundary `b` with
`start + 7b - 1 <= date`.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

from planner import handovers as handovers_
from planner import milestones, store, validate
from planner import pathways as pw
from planner import schoolyear as sy
from planner.models import Episode
from planner.scheduler import problem as sp
from planner.views.words import long_date

DONE = frozenset({"done", "completed", "cancelled"})
REVIEW_CYCLE = "{person_id}/annual_review"  # the handover id that holds a person's annual reviews
DEFAULT_HORIZON_WEEKS = 156  # handovers whose children's service ends in the next three years
Progress = Callable[[str, dict], None]


# --- weeks and dates -------------------------------------------------------------------------

def monday_of(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def week_from(start: dt.date, day: dt.date) -> int:
    """The first week starting on or after `day` (never before week 0)."""
    return max(0, math.ceil((day - start).days / 7))


def boundary_by(start: dt.date, day: dt.date) -> int:
    """The last week boundary whose previous day is on or before `day` (a deadline)."""
    return math.floor(((day - start).days + 1) / 7)


def start_date(start: dt.date, week: int) -> dt.date:
    return start + dt.timedelta(weeks=week)


def end_date(start: dt.date, week: int, duration: int) -> dt.date:
    """The last day (a Sunday) of a step that starts in `week` and lasts `duration` weeks."""
    return start + dt.timedelta(weeks=week + duration, days=-1)


# --- building the problem --------------------------------------------------------------------

@dataclass
class AreaProblem:
    """An area's handovers, dated and in weeks: the scheduler's `Problem` and how to map back."""

    area: str
    as_of: dt.date
    start: dt.date  # the Monday of week 0
    problem: sp.Problem
    handovers: dict[str, handovers_.Handover]
    steps: dict[str, handovers_.Step]
    done: set[str] = field(default_factory=set)  # step ids already done (left out)
    seconds: float = 0.0

    def date_of(self, week: int) -> dt.date:
        return start_date(self.start, week)


def team_models(db, area: str, start: dt.date, team_ids: Iterable[str],
                override: tuple[str, dt.date, float] | None = None) -> list[sp.Team]:
    """Scheduler teams from the store's capacity rows (teams with no rows have no stated limit).

    `override` = (team, from date, per week) replaces or adds one capacity row (a what-if)."""
    rows: dict[str, dict[dt.date, float]] = defaultdict(dict)
    for r in store.capacity_for(db, area):
        rows[r["team_id"]][dt.date.fromisoformat(r["from_date"])] = float(r["per_week"])
    if override is not None:
        rows[override[0]][override[1]] = float(override[2])
    names = {t["id"]: t["name"] for t in store.list_teams(db, area)}
    out = []
    for tid in sorted(set(team_ids) | set(rows)):
        changes: dict[int, float] = {}
        for day, rate in sorted(rows.get(tid, {}).items()):
            changes[week_from(start, day)] = rate  # later rows in the same week win
        out.append(sp.Team(id=tid, name=names.get(tid, ""),
                           capacity=[sp.CapacityChange(from_week=w, per_week=r) for w, r in sorted(changes.items())]))
    return out


def _episodes(db, area: str, person_ids: set[str] | None = None) -> dict[str, list[Episode]]:
    out: dict[str, list[Episode]] = defaultdict(list)
    sql = ('SELECT e.person_id, e.service_id, e.start, e."end" FROM episodes e JOIN people p ON p.id = e.person_id '
           "WHERE p.area = ?")
    for pid, service, start, end in db.execute(sql, [area]).fetchall():
        if person_ids is None or pid in person_ids:
            out[pid].append(Episode(person_id=pid, service_id=service, start=start, end=end))
    return out


def _stored_steps(db, area: str, person_ids: set[str] | None = None) -> dict[str, dict]:
    sql = ("SELECT s.id, s.status, s.start, s.pinned, s.version FROM steps s JOIN people p ON p.id = s.person_id "
           "WHERE p.area = ?")
    return {r[0]: {"status": r[1], "start": r[2], "pinned": r[3], "version": r[4]}
            for r in db.execute(sql, [area]).fetchall() if person_ids is None or r[0].split("/", 1)[0] in person_ids}


REVIEW_TEAM = "send_team"  # B3: "annual reviews, 14-25 (SEND team)", 400 a month
REVIEW_WINDOW = dt.timedelta(weeks=12)  # a review may be held in the 12 weeks before it is due


def annual_reviews(person_id: str, timeline, as_of: dt.date, horizon_end: dt.date,
                   skip_near: list[dt.date]) -> list[handovers_.Step]:
    """The EHC plan's next annual review meeting, if it is due between `as_of` and
    `horizon_end` (rules.md E-3: within 12 months of the last), as a step the scheduler can line
    up with the handover meetings.

    Only the next one: each review is due within 12 months of the one before *as it was held*,
    so later dates are projections (the timeline shows them) that the next run re-plans once
    this one has happened. A review due within 6 months of the Year 11 review is that review,
    so is left out."""
    dues = sorted(ms.date for ms in timeline.milestones
                  if ms.key.startswith("annual_review_due_") and ms.date is not None and ms.date >= as_of)
    if not dues or dues[0] > horizon_end or any(abs((dues[0] - d).days) < 183 for d in skip_near):
        return []
    due = dues[0]
    earliest = due - REVIEW_WINDOW
    return [handovers_.Step(
        id=f"{person_id}/annual_review/{due.isoformat()}", key="annual_review", title="Annual review of your EHC plan",
        kind="review", team=REVIEW_TEAM, duration_weeks=1, earliest_start=max(earliest, as_of),
        rule_earliest=earliest, deadline=due, window_start=earliest, window_end=due, mergeable_meeting=True,
        uses_capacity=True, predecessors=[], statutory=True, breach_rule="E-3: annual review within 12 months",
        overdue=max(earliest, as_of) + dt.timedelta(weeks=1) > due + dt.timedelta(days=1),
        source="E-3 (CFA 2014 s.44; SEND Code 9.166)")]


def dated_handovers(db, area: str, as_of: dt.date, horizon_end: dt.date, person_ids: set[str] | None = None,
                    graph=None) -> tuple[list[handovers_.Handover], dict[str, list[handovers_.Step]]]:
    """Every handover of the area's people (or of `person_ids`) whose children's service ends
    between `as_of` and `horizon_end`, with dated steps; and each EHC plan's annual reviews in
    that time, by person."""
    graph = graph or pw.default_graph()
    episodes = _episodes(db, area, person_ids)
    out, reviews = [], {}
    where = "area = ?" + (f" AND id IN ({', '.join('?' * len(person_ids))})" if person_ids else "")
    params = [area, *sorted(person_ids or ())]
    for row in db.query(f"SELECT * FROM people WHERE {where} ORDER BY id", params):
        person = store.person_model(row)
        if as_of >= sy.anniversary(person.dob, 26):
            continue  # past every handover this planner knows
        timeline = milestones.for_person(person, as_of=as_of)
        found = handovers_.for_person(person, episodes.get(person.id, []), graph, timeline, horizon_end)
        out.extend(found)
        if person.ehc_plan:
            year11 = [s.deadline for h in found for s in h.steps if s.key == "year11_review"]
            if mine := annual_reviews(person.id, timeline, as_of, horizon_end, year11):
                reviews[person.id] = mine
    return out, reviews


def build(db, area: str, as_of: dt.date, *, horizon_weeks: int = DEFAULT_HORIZON_WEEKS,
          person_ids: set[str] | None = None, graph=None,
          capacity_override: tuple[str, dt.date, float] | None = None) -> AreaProblem:
    """The area's scheduling problem as of `as_of` (see the module docstring)."""
    t0 = time.monotonic()
    start = monday_of(as_of)
    horizon_end = as_of + dt.timedelta(weeks=horizon_weeks)
    found, reviews = dated_handovers(db, area, as_of, horizon_end, person_ids, graph)
    stored = _stored_steps(db, area, person_ids)
    done = {sid for sid, r in stored.items() if r["status"] in DONE}
    steps: list[sp.Step] = []
    models: list[sp.Handover] = []
    by_step: dict[str, handovers_.Step] = {}
    kept: dict[str, handovers_.Handover] = {}
    for pid, mine in reviews.items():
        mine = [s for s in mine if s.id not in done]
        if not mine:
            continue
        cycle = REVIEW_CYCLE.format(person_id=pid)
        kept[cycle] = handovers_.Handover(
            id=cycle, person_id=pid, handover_type="annual_review", edge=0, title="Annual reviews of your EHC plan",
            from_service="ehc_plan", to_service="ehc_plan", alternatives=[], children_end=mine[-1].deadline,
            transfer_step_id=mine[-1].id, dependency_weight=1, statutory_deadlines=[], steps=mine,
            assumed_done=[], source="E-3")
        models.append(sp.Handover(id=cycle, person_id=pid, children_end_week=None, last_step_id=mine[-1].id))
    for h in [*kept.values(), *found]:
        if h.transfer_step_id in done:
            continue  # the adult service has started: nothing left to plan
        kept[h.id] = h
        for s in h.steps:
            if s.id in done:
                continue
            by_step[s.id] = s
            earliest = week_from(start, s.earliest_start)
            pinned = stored.get(s.id)
            if pinned and pinned["pinned"] and pinned["start"]:
                earliest = max(earliest, week_from(start, dt.date.fromisoformat(pinned["start"])))
            steps.append(sp.Step(
                id=s.id, handover_id=h.id, person_id=h.person_id, team=s.team,
                duration_weeks=s.duration_weeks, earliest_week=earliest,
                deadline_week=boundary_by(start, s.deadline) if s.statutory else None,
                window_start=week_from(start, s.window_start), window_end=boundary_by(start, s.window_end),
                meeting=s.mergeable_meeting, mergeable=s.mergeable_meeting,
                uses_capacity=s.uses_capacity, predecessors=[p for p in s.predecessors if p not in done],
            ))
        if h.handover_type == "annual_review":
            continue
        models.append(sp.Handover(id=h.id, person_id=h.person_id, children_end_week=boundary_by(start, h.children_end),
                                  last_step_id=h.transfer_step_id, weight=h.dependency_weight))
    teams = team_models(db, area, start, {s.team for s in steps}, capacity_override)
    problem = sp.Problem(teams=teams, handovers=models, steps=steps)
    return AreaProblem(area=area, as_of=as_of, start=start, problem=problem, handovers=kept, steps=by_step,
                       done=done, seconds=time.monotonic() - t0)


# --- why each step sits where it does ----------------------------------------------------------

def reasons(ap: AreaProblem, starts: Mapping[str, int]) -> dict[str, str]:
    """A plain-English reason for the week of every step: what held it there."""
    p = ap.problem
    by_id = p.step_by_id
    use: Counter = Counter((s.team, starts[s.id]) for s in p.steps if s.uses_capacity and s.team in p.capacity)
    meeting_weeks: Counter = Counter((s.person_id, starts[s.id]) for s in p.steps if s.meeting)
    out = {}
    for s in p.steps:
        week = starts[s.id]
        ready_pred = max([0] + [starts[q] + by_id[q].duration_weeks for q in s.predecessors])
        ready = max(s.earliest_week, ready_pred)
        if s.meeting and meeting_weeks[(s.person_id, week)] > 1:
            why = "held together with your other reviews, so the family goes to one meeting"
        elif week > ready and s.uses_capacity and s.team in p.capacity:
            full = [w for w in range(ready, week) if use[(s.team, w)] >= p.capacity[s.team][w]]
            if full:
                why = (f"the team had no free place from {long_date(ap.date_of(full[0]))} "
                       f"to {long_date(ap.date_of(full[-1]) + dt.timedelta(days=6))}")
            else:
                why = "placed later to keep it inside its recommended window"
        elif week == ready and s.predecessors and ready_pred >= s.earliest_week and ready_pred > 0:
            names = ", ".join(ap.steps[q].title.lower() for q in s.predecessors if q in ap.steps)
            why = f"starts as soon as the step before is finished ({names})"
        elif week == s.earliest_week and week > 0:
            step = ap.steps.get(s.id)
            why = (f"cannot start before {long_date(step.earliest_start)} (the rule's earliest date)"
                   if step else "cannot start earlier")
        elif week == 0:
            why = "can start now"
        elif s.window_start is not None and week == s.window_start:
            why = "at the start of its recommended window"
        else:
            why = "placed to meet its deadline"
        out[s.id] = why
    return out


# --- planning a whole area and keeping the proposal -------------------------------------------

@dataclass
class RunSummary:
    """What one run of the scheduler found (also stored with the run)."""

    run_id: int
    area: str
    as_of: dt.date
    people: int
    handovers: int  # children's-to-adult handovers
    steps: int
    greedy: dict
    final: dict
    lower_bound: dict
    gaps: list[dict]
    valid: bool
    seconds: float
    build_seconds: float
    greedy_seconds: float = 0.0
    review_cycles: int = 0  # people whose EHC plan annual reviews are in the plan


def _rows(ap: AreaProblem, starts: Mapping[str, int], why: Mapping[str, str]) -> tuple[list[dict], list[dict]]:
    """Handover and step rows (store columns) of a schedule."""
    p = ap.problem
    by_id = p.step_by_id
    hrows, srows = [], []
    for hm in p.handovers:
        h = ap.handovers[hm.id]
        last = by_id[hm.last_step_id]
        gap = hm.gap(starts[last.id] + last.duration_weeks)
        hrows.append({"id": h.id, "person_id": h.person_id, "from_service": h.from_service,
                      "to_service": h.to_service, "due": h.children_end.isoformat() if hm.ends else None,
                      "title": h.title,
                      "gap_weeks": gap, "weight": hm.weight})
    for s in p.steps:
        d = ap.steps[s.id]
        w = starts[s.id]
        srows.append({
            "id": s.id, "handover_id": s.handover_id, "person_id": s.person_id, "kind": d.kind, "title": d.title,
            "team_id": s.team, "duration_weeks": s.duration_weeks, "earliest": d.earliest_start.isoformat(),
            "deadline": d.deadline.isoformat(), "start": ap.date_of(w).isoformat(),
            "end": end_date(ap.start, w, s.duration_weeks).isoformat(),
            "window_start": d.window_start.isoformat(), "window_end": d.window_end.isoformat(),
            "meeting": int(s.meeting), "uses_capacity": int(s.uses_capacity), "statutory": int(d.statutory),
            "after": ",".join(s.predecessors), "reason": why.get(s.id, ""),
        })
    return hrows, srows


def _gap_rows(ap: AreaProblem, gaps: list[sp.Gap]) -> list[dict]:
    """Remaining gaps for the commissioner's figures: team, weeks and service, never a person."""
    out = []
    for g in gaps:
        h = ap.handovers[g.handover_id]
        out.append({"team_id": g.binding_team, "service_id": h.to_service, "gap_weeks": g.weeks,
                    "binding_weeks": [ap.date_of(w).isoformat() for w in g.binding_weeks],
                    "unavoidable_weeks": g.unavoidable_weeks,
                    "avoidable": g.binding_team is None and g.unavoidable_weeks == 0})
    return out


def _metrics_dict(m: sp.Metrics) -> dict:
    return m.model_dump()


PHASES = {
    "reading the area": "Reading the area's young people and their handovers",
    "read": "Read {handovers} handovers with {steps} steps to plan",
    "greedy": "Making a first plan",
    "greedy done": "First plan made: {gap_weeks} gap weeks",
    "bound": "Working out the least gap any plan could have with this capacity",
    "meetings": "Lining up family meetings",
    "improve": "Improving the plan: round {round}, {improved} better so far",
    "saving": "Saving the proposal",
    "done": "Done",
}


def progress_words(phase: str, info: Mapping) -> str:
    """A `plan_area` progress report as a sentence for the page."""
    text = PHASES.get(phase, phase.capitalize())
    try:
        return text.format(**info)
    except (KeyError, IndexError, ValueError):
        return text.split(":")[0]


def plan_area(db, area: str, as_of: dt.date, *, time_limit: float = 50.0, by: str = "scheduler",
              progress: Progress | None = None, workers: int = 2, seed: int = 0,
              horizon_weeks: int = DEFAULT_HORIZON_WEEKS, accept_now: bool = False) -> RunSummary:
    """Plan every handover of `area` and store the run as a proposal (or the plan, with
    `accept_now`). The schedule always passes `planner.validate`."""
    from planner.scheduler.plan import plan  # OR-Tools is imported only when planning

    say = progress or (lambda phase, info: None)
    started = store.now_text()
    say("reading the area", {})
    ap = build(db, area, as_of, horizon_weeks=horizon_weeks)
    say("read", {"handovers": len(ap.problem.handovers), "steps": len(ap.problem.steps), "seconds": ap.seconds})
    if not ap.problem.steps:
        raise ValueError(f"there is nothing to plan in {area!r}: no handovers in the next {horizon_weeks} weeks")
    result = plan(ap.problem, time_limit=max(1.0, time_limit - ap.seconds), progress=say, workers=workers, seed=seed)
    report = validate.check(ap.problem, result.starts)
    if not report.valid:  # plan() never returns an invalid schedule; refuse to store one if it did
        raise RuntimeError("the schedule failed validation: " + "; ".join(report.problems[:3]))
    say("saving", {})
    hrows, srows = _rows(ap, result.starts, reasons(ap, result.starts))
    gaps = _gap_rows(ap, result.gaps)
    bound = result.bound
    detail = {"as_of": as_of.isoformat(), "week0": ap.start.isoformat(), "horizon_weeks": horizon_weeks,
              "people": len({h.person_id for h in ap.problem.handovers}), "handovers": sum(1 for h in ap.problem.handovers if h.ends),
              "review_cycles": sum(1 for h in ap.problem.handovers if not h.ends), "steps": len(srows),
              "greedy": _metrics_dict(result.greedy), "final": _metrics_dict(result.metrics),
              "lower_bound": {"gap_weeks": bound.gap_weeks, "weighted_gap_weeks": bound.weighted_gap_weeks,
                              "by_team": bound.by_team} if bound else None,
              "greedy_seconds": round(result.greedy_seconds, 3), "seconds": round(result.seconds + ap.seconds, 2),
              "rounds": result.rounds, "improved_rounds": result.improved_rounds, "gaps": gaps}
    with db.atomic():
        run_id = store.save_schedule_run(db, {
            "area": area, "started_at": started, "finished_at": store.now_text(), "run_by": by,
            "method": "greedy + CP-SAT rounds", "status": "proposed", "gap_weeks": result.metrics.gap_weeks,
            "breaches": result.metrics.breaches, "detail": json.dumps(detail)})
        store.save_run_plan(db, run_id, hrows, srows)
        if accept_now:
            accept(db, run_id, by)
    say("done", {"run_id": run_id})
    return RunSummary(run_id=run_id, area=area, as_of=as_of, people=detail["people"], handovers=detail["handovers"],
                      review_cycles=detail["review_cycles"],
                      steps=len(srows), greedy=detail["greedy"], final=detail["final"],
                      lower_bound=detail["lower_bound"] or {}, gaps=gaps, valid=report.valid,
                      seconds=detail["seconds"], build_seconds=round(ap.seconds, 2),
                      greedy_seconds=detail["greedy_seconds"])


def accept(db, run_id: int, by: str) -> dict[str, int]:
    """Make a proposed run the area's plan; steps already done are kept as they are."""
    return store.accept_run(db, run_id, by)


def run_detail(db, run_id: int) -> dict:
    row = store.get_schedule_run(db, run_id)
    if row is None:
        raise store.NotFoundError(f"there is no scheduler run {run_id}")
    return {**row, "detail": json.loads(row["detail"] or "{}")}


# --- the current plan --------------------------------------------------------------------------

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
    sql = ("SELECT s.team_id, s.start FROM steps s JOIN people p ON p.id = s.person_id WHERE p.area = ? "
           "AND s.person_id != ? AND s.uses_capacity = 1 AND s.status NOT IN ('done', 'completed', 'cancelled') "
           "AND s.start >= ?")
    for team, day in db.execute(sql, [area, exclude_person, start.isoformat()]).fetchall():
        use[team][(dt.date.fromisoformat(day) - start).days // 7] += 1
    return use


# --- one person: move a step, see the effect, save -------------------------------------------

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
    hrows, srows = _rows(ap2, new, reasons(ap2, new))
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


# --- what if a team had more (or less) capacity -------------------------------------------------

@dataclass
class WhatIf:
    team_id: str
    from_date: dt.date
    per_week: float
    gap_weeks_now: int
    gap_weeks_then: int
    bound_now: int
    bound_then: int
    handovers_with_gap_now: int
    handovers_with_gap_then: int
    seconds: float


def capacity_what_if(db, area: str, team_id: str, from_date: dt.date, per_week: float, as_of: dt.date,
                     *, graph=None) -> WhatIf:
    """Gap weeks of the area's greedy plan and the lower bound, now and with the team's capacity
    changed from `from_date`. Greedy (seconds, not minutes) so the answer comes while the manager
    waits; the full plan after saving will do at least as well."""
    from planner.scheduler import bound as bound_
    from planner.scheduler import greedy

    if per_week < 0:
        raise ValueError("capacity cannot be negative")
    t0 = time.monotonic()
    now = build(db, area, as_of, graph=graph)
    then_teams = team_models(db, area, now.start, {s.team for s in now.problem.steps}, (team_id, from_date, per_week))
    then = sp.Problem(teams=then_teams, handovers=now.problem.handovers, steps=now.problem.steps)
    out = []
    for problem in (now.problem, then):
        starts = greedy.schedule(problem)
        m = validate.metrics(problem, starts)
        out.append((m, bound_.lower_bound(problem, starts)))
    (m0, b0), (m1, b1) = out
    return WhatIf(team_id=team_id, from_date=from_date, per_week=per_week, gap_weeks_now=m0.gap_weeks,
                  gap_weeks_then=m1.gap_weeks, bound_now=b0.gap_weeks, bound_then=b1.gap_weeks,
                  handovers_with_gap_now=m0.handovers_with_gap, handovers_with_gap_then=m1.handovers_with_gap,
                  seconds=time.monotonic() - t0)


def change_capacity(db, area: str, team_id: str, from_date: dt.date, per_week: float, by: str,
                    expected_version: int | None = None) -> int:
    """Set a team's capacity per week from a date, audited in the same transaction. When
    `expected_version` (the version the user saw; 0 when they saw no row for that date) is stale,
    `store.ConflictError` says who changed it and when, and nothing is written."""
    if per_week < 0:
        raise ValueError("capacity cannot be negative")
    if team_id not in {t["id"] for t in store.list_teams(db, area)}:
        raise ValueError(f"{team_id} is not one of the teams of {area}")
    with db.atomic():
        exists = any(r["from_date"] == from_date.isoformat() for r in store.capacity_for(db, area, team_id))
        if expected_version == 0 and exists:
            row = next(r for r in store.capacity_for(db, area, team_id) if r["from_date"] == from_date.isoformat())
            raise store.ConflictError(f"The capacity of {team_id} from {long_date(from_date)}",
                                      row["updated_by"], row["updated_at"])
        version = store.set_capacity(db, area, team_id, from_date, per_week, by,
                                     expected_version=expected_version or None)
        store.audit(db, by, "set capacity", None, f"{area} {team_id} from {from_date.isoformat()}: {per_week:g} a week")
    return version


# --- what happened -------------------------------------------------------------------------------

STEP_DONE_BY = frozenset({"meeting_held", "referral_made", "referral_accepted", "assessment_done",
                          "decision_made", "adult_service_started"})
FOLLOW_UP_WITHIN = dt.timedelta(weeks=2)


@dataclass
class Recorded:
    event_id: int
    step_done: str | None = None
    follow_up_step: str | None = None
    message: str = ""


def record_event(db, person_id: str, kind: str, day: dt.date, by: str, *, step_id: str | None = None,
                 service_id: str | None = None, note: str = "", today: dt.date | None = None) -> Recorded:
    """Record what happened and what it means for the plan, in one transaction.

    A meeting held, a referral made or accepted, an assessment or decision done, or the adult
    service started marks its step done. A referral refused marks it refused (the handover is at
    risk until a new referral). A "did not attend" after the adult service has started creates a
    follow-up step for the adult team within two weeks (NICE QS140 statement 6: young people who
    do not attend their first appointments after transfer are followed up). `today` (default the
    real date) is the app's date, for the check that an event is not in the future."""
    if day > (today or dt.date.today()) + dt.timedelta(days=1):
        raise ValueError("an event is something that happened: its date cannot be in the future")
    with db.atomic():
        step = None
        if step_id is not None:
            step = next((s for s in store.steps_for(db, person_id) if s["id"] == step_id), None)
            if step is None:
                raise ValueError(f"step {step_id} is not one of this person's steps")
        event_id = store.record_event(db, person_id, kind, day, by, service_id=service_id, step_id=step_id, note=note)
        out = Recorded(event_id=event_id, message="Recorded.")
        if step is not None and kind in STEP_DONE_BY:
            store.update_step(db, step_id, {"status": "done"}, expected_version=None, by=by)
            out.step_done, out.message = step_id, f"Recorded, and “{step['title']}” is marked done."
        elif step is not None and kind == "referral_refused":
            store.update_step(db, step_id, {"status": "refused"}, expected_version=None, by=by)
            out.message = "Recorded. The referral was refused: make a new referral or choose another service."
        if kind == "did_not_attend":
            out.follow_up_step = _follow_up_after_dna(db, person_id, day, by, step)
            out.message = ("Recorded. The adult service has started, so a follow-up is planned within two weeks "
                           "(NICE QS140 statement 6)." if out.follow_up_step else
                           "Recorded. Book the appointment again; the step stays in the plan.")
    return out


def _follow_up_after_dna(db, person_id: str, day: dt.date, by: str, step: Mapping | None) -> str | None:
    """A follow-up step after a missed appointment, if the person's adult service has started."""
    started = [s for s in store.steps_for(db, person_id) if s["kind"] == "transfer" and s["status"] in DONE
               and (step is None or s["handover_id"] == step["handover_id"])]
    if not started:
        return None
    transfer = started[-1]
    sid = f"{transfer['handover_id']}/dna_follow_up/{day.isoformat()}"
    if any(s["id"] == sid for s in store.steps_for(db, person_id)):
        return sid
    start = day + dt.timedelta(days=-day.weekday() % 7)  # the next Monday (the day itself if a Monday)
    db.table("steps").insert({
        "id": sid, "handover_id": transfer["handover_id"], "person_id": person_id, "kind": "follow_up",
        "title": "Follow up the missed appointment", "team_id": transfer["team_id"], "duration_weeks": 1,
        "earliest": day.isoformat(), "deadline": (day + FOLLOW_UP_WITHIN).isoformat(),
        "start": start.isoformat(), "end": (start + dt.timedelta(days=6)).isoformat(), "status": "planned",
        "version": 1, "updated_by": by, "updated_at": store.now_text(), "window_start": day.isoformat(),
        "window_end": (day + FOLLOW_UP_WITHIN).isoformat(), "meeting": 0, "uses_capacity": 0, "statutory": 0,
        "after": "", "pinned": 1, "reason": "NICE QS140 statement 6: follow up a missed first appointment after transfer"})
    return sid
