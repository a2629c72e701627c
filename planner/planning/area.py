"""An area's scheduling problem, built from the store.

`build(db, area, as_of)` reads the area's people, episodes and team capacities, dates every
handover with `planner.handovers.for_person` (the pathway graph and the person's statutory
milestones), and turns the dates into weeks from the Monday of the as-of week (week 0): an
`AreaProblem`. Steps already recorded as done are left out; a step a worker moved keeps the
worker's date as its earliest start. `reasons` says in plain words why each step sits where it
does, and `plan_rows` turns a schedule into store rows.
"""

from __future__ import annotations

import datetime as dt
import re
import time
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from planner import handovers as handovers_
from planner import milestones, store
from planner import pathways as pw
from planner import schoolyear as sy
from planner.models import Episode
from planner.planning.weeks import boundary_by, end_date, monday_of, start_date, week_from
from planner.scheduler import problem as sp
from planner.views.words import long_date

DONE = frozenset({"done", "completed", "cancelled"})


REVIEW_CYCLE = "{person_id}/annual_review"  # the handover id that holds a person's annual reviews


DEFAULT_HORIZON_WEEKS = 156  # handovers whose children's service ends in the next three years


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
    for pid, service, start, end in store.area_episodes(db, area):
        if person_ids is None or pid in person_ids:
            out[pid].append(Episode(person_id=pid, service_id=service, start=start, end=end))
    return out


def _stored_steps(db, area: str, person_ids: set[str] | None = None) -> dict[str, dict]:
    return {sid: state for sid, state in store.step_states(db, area).items()
            if person_ids is None or sid.split("/", 1)[0] in person_ids}


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


REVIEW_KEYS = ("annual_review_due*",)  # the milestones `annual_reviews` reads


def needed_keys(graph) -> frozenset[str]:
    """The milestone keys an area's handovers and reviews can ask for: every date the pathway
    files name (a step's earliest start, deadline and window, a service's end) and the annual
    review's. Only the rules that can give them run (`milestones.for_person(only=...)`): about
    a third of a person's milestones, so the area is read in a third of the time."""
    texts = [t for h in graph.graph["handovers"].values()
             for t in (h.children_end, *(x for s in h.steps for x in (s.earliest, s.deadline, *(s.window or ()))))]
    texts += [s.ends_at for s in graph.graph["services"].values()]
    # A birthday is worked out from the date of birth (`handovers.resolve`), never read from the
    # calendar rules' birthday milestones (a third of everyone's milestones).
    return frozenset({key for t in texts if t and not _BIRTHDAY.fullmatch(key := pw.parse_anchor(t).key)}
                     | set(REVIEW_KEYS))


_BIRTHDAY = re.compile(r"birthday_\d+")


def dated_handovers(db, area: str, as_of: dt.date, horizon_end: dt.date, person_ids: set[str] | None = None,
                    graph=None) -> tuple[list[handovers_.Handover], dict[str, list[handovers_.Step]]]:
    """Every handover of the area's people (or of `person_ids`) whose children's service ends
    between `as_of` and `horizon_end`, with dated steps; and each EHC plan's annual reviews in
    that time, by person."""
    graph = graph or pw.default_graph()
    episodes = _episodes(db, area, person_ids)
    out, reviews = [], {}
    needed = needed_keys(graph)
    for row in store.area_people(db, area, person_ids):
        person = store.person_model(row)
        if as_of >= sy.anniversary(person.dob, 26):
            continue  # past every handover this planner knows
        timeline = milestones.for_person(person, as_of=as_of, only=needed)
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


def plan_rows(ap: AreaProblem, starts: Mapping[str, int], why: Mapping[str, str]) -> tuple[list[dict], list[dict]]:
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
