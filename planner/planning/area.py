"""An area's scheduling problem, built from the store.

`build(db, area, as_of)` reads the area's people, episodes and team capacities, dates every
handover with `planner.handovers.for_person` (the pathway graph and the person's statutory
milestones), and turns the dates into weeks from the Monday of the as-of week (week 0): an
`AreaProblem`. Steps already recorded as done are left out; a step a worker moved keeps the
worker's date as its earliest start. Nothing is assumed done: a step past its deadline with
nothing recorded is *overdue* and planned as soon as the team has room (its soonest possible end
is given to the scheduler as its deadline and as the end past which every week counts as an
overdue week, or as its window when the date is only recommended);
one due before the record began is *not recorded*, stored as such and never planned. `reasons` says in plain words why each step sits where it
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
from planner.models import Episode, StepStatus
from planner.planning.weeks import boundary_by, end_date, monday_of, start_date, week_from
from planner.scheduler import problem as sp
from planner.views.words import long_date

# Steps the store says need no more planning: done, or cancelled. (Refused steps are planned
# again: a new referral is needed.) `not_recorded` is worked out afresh from the record's start.
DONE = frozenset({StepStatus.DONE.value, StepStatus.CANCELLED.value})


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
    # (handover id, step) of steps due before the record began: stored as 'not recorded', not planned
    not_recorded: list[tuple[str, handovers_.Step]] = field(default_factory=list)
    seconds: float = 0.0

    def date_of(self, week: int) -> dt.date:
        return start_date(self.start, week)

    @property
    def overdue(self) -> int:
        """Steps already past their deadline with nothing recorded (planned as soon as possible;
        the scheduler's 'breaches' count only those it plans later than that)."""
        return sum(1 for s in self.steps.values() if s.deadline < self.as_of)


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


REVIEW_WINDOW = dt.timedelta(weeks=12)  # a review may be held in the 12 weeks before it is due
NOTICE = dt.timedelta(days=14)  # SEN&D Regs 2014 reg 20(3): at least two weeks' notice of the meeting


def annual_reviews(person_id: str, timeline, as_of: dt.date, horizon_end: dt.date,
                   year11: handovers_.Step | None = None, team: str | None = None) -> list[handovers_.Step]:
    """The EHC plan's annual review meeting of the current s.44(1) period (rules.md E-3), as a
    step the scheduler can line up with the handover meetings, or [] when the Year 11 review
    (`year11`) is that review.

    Only the current period: the next counts from the day this review is held. A review whose
    period has ended is *overdue* and stays so (it is never replaced by next year's): it is
    planned at the first meeting two weeks' notice allows. A future one is planned in the 12
    weeks before the period ends, ideally by the latest meeting that leaves 4 weeks for the
    decision inside the period (SEND Code 9.169). The Year 11 review stands in for it only when
    it can be held inside the period (the caller then gives it the period's deadline). `team`
    holds the reviews (default: the one marked `annual_reviews: true` in data/teams.yaml); with
    none, no review is planned."""
    team = team or pw.default_graph().graph["pathways"].annual_review_team
    if team is None:
        return []
    try:
        due = timeline.by_key("annual_review_due")
    except KeyError:
        return []  # no plan date, or the period ends after the plan can last (E-16)
    end = due.date
    if end > horizon_end or (year11 is not None and folds_into_year11(end, as_of, year11)):
        return []
    overdue = end < as_of
    if overdue:
        earliest = as_of + NOTICE
        window = (earliest, earliest + dt.timedelta(weeks=1))
    else:
        earliest = max(end - REVIEW_WINDOW, as_of)
        window = (end - REVIEW_WINDOW, max(end - REVIEW_WINDOW, end - dt.timedelta(days=28)))
    return [handovers_.Step(
        id=f"{person_id}/annual_review/{end.isoformat()}", key="annual_review", title="Annual review of your EHC plan",
        kind="review", team=team, duration_weeks=1, earliest_start=earliest,
        rule_earliest=end - REVIEW_WINDOW, deadline=end, window_start=window[0], window_end=window[1],
        mergeable_meeting=True, uses_capacity=True, predecessors=[], statutory=True,
        breach_rule="E-3: annual review within the 12 months (CFA 2014 s.44(1))",
        overdue=earliest + dt.timedelta(weeks=1) > end + dt.timedelta(days=1),
        status=StepStatus.OVERDUE if overdue else StepStatus.PLANNED,
        source="E-3 (CFA 2014 s.44(1); SEND Code 9.166-9.169)")]


def folds_into_year11(end: dt.date, as_of: dt.date, year11: handovers_.Step) -> bool:
    """The Year 11 review can be this period's annual review: it can be held by the period's
    last day (or, for an overdue review, at the first meeting notice allows)."""
    latest = max(end, as_of + NOTICE) if end < as_of else end
    return year11.status is not StepStatus.NOT_RECORDED and year11.earliest_start <= latest


def _year11_as_review(step: handovers_.Step, end: dt.date, as_of: dt.date) -> handovers_.Step:
    """The Year 11 review carrying the annual review's statutory deadline."""
    deadline = min(step.deadline, end)
    return step.model_copy(update={
        "deadline": deadline, "statutory": True, "breach_rule": "E-3: annual review within the 12 months "
        "(CFA 2014 s.44(1)), held as the Year 11 review",
        "status": StepStatus.OVERDUE if deadline < as_of else step.status,
        "window_end": max(step.window_start, min(step.window_end, deadline))})


def record_began(person, as_of: dt.date, stored: Mapping[str, Mapping]) -> dt.date:
    """The day the planner's record of a person began: the record's own date (`record_started`),
    else the as-of date; and never after the first week the planner planned a step for them that
    is still open (a step the planner held is part of the record: past its deadline with nothing
    recorded it is overdue, not 'not recorded')."""
    began = person.record_started or as_of
    planned = [r["start"] for sid, r in stored.items() if sid.split("/", 1)[0] == person.id and r.get("start")
               and r["status"] not in (StepStatus.NOT_RECORDED, *DONE)]
    if planned:
        began = min(began, dt.date.fromisoformat(min(planned)[:10]))
    return min(began, as_of)


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
                    graph=None, stored: Mapping[str, Mapping] | None = None,
                    ) -> tuple[list[handovers_.Handover], dict[str, list[handovers_.Step]]]:
    """Every handover of the area's people (or of `person_ids`) whose children's service ends
    between `as_of` and `horizon_end`, with dated steps; and each EHC plan's annual reviews in
    that time, by person."""
    graph = graph or pw.default_graph()
    episodes = _episodes(db, area, person_ids)
    stored = stored if stored is not None else _stored_steps(db, area, person_ids)
    by_person: dict[str, dict] = defaultdict(dict)
    for sid, r in stored.items():
        by_person[sid.split("/", 1)[0]][sid] = r
    out, reviews = [], {}
    needed = needed_keys(graph)
    for row in store.area_people(db, area, person_ids):
        person = store.person_model(row)
        if as_of >= sy.anniversary(person.dob, 26):
            continue  # past every handover this planner knows
        began = record_began(person, as_of, by_person.get(person.id, {}))
        if began != person.record_started:
            person = person.model_copy(update={"record_started": began})
        timeline = milestones.for_person(person, as_of=as_of, only=needed)
        found = handovers_.for_person(person, episodes.get(person.id, []), graph, timeline, horizon_end)
        if person.ehc_plan:
            year11 = next(((h, s) for h in found for s in h.steps if s.key == "year11_review"), None)
            mine = annual_reviews(person.id, timeline, as_of, horizon_end, year11[1] if year11 else None,
                                  graph.graph["pathways"].annual_review_team)
            if mine:
                reviews[person.id] = mine
            elif year11 is not None and "annual_review_due" in timeline.keys():
                end = timeline.by_key("annual_review_due").date
                if end <= horizon_end:
                    h, step = year11
                    found[found.index(h)] = h.model_copy(update={"steps": [
                        _year11_as_review(s, end, as_of) if s is step else s for s in h.steps]})
        out.extend(found)
    return out, reviews


def build(db, area: str, as_of: dt.date, *, horizon_weeks: int = DEFAULT_HORIZON_WEEKS,
          person_ids: set[str] | None = None, graph=None,
          capacity_override: tuple[str, dt.date, float] | None = None) -> AreaProblem:
    """The area's scheduling problem as of `as_of` (see the module docstring)."""
    t0 = time.monotonic()
    start = monday_of(as_of)
    horizon_end = as_of + dt.timedelta(weeks=horizon_weeks)
    stored = _stored_steps(db, area, person_ids)
    found, reviews = dated_handovers(db, area, as_of, horizon_end, person_ids, graph, stored)
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
            transfer_step_id=mine[-1].id, dependency_weight=1, statutory_deadlines=[], steps=mine, source="E-3")
        models.append(sp.Handover(id=cycle, person_id=pid, children_end_week=None, last_step_id=mine[-1].id))
    not_recorded: list[tuple[str, handovers_.Step]] = []
    for h in [*kept.values(), *found]:
        if h.transfer_step_id in done:
            continue  # the adult service has started: nothing left to plan
        kept[h.id] = h
        earliest_of: dict[str, int] = {}
        for s in h.steps:
            if s.id in done:
                continue
            if s.status is StepStatus.NOT_RECORDED:
                not_recorded.append((h.id, s))
                continue
            by_step[s.id] = s
            earliest = week_from(start, s.earliest_start)
            pinned = stored.get(s.id)
            if pinned and pinned["pinned"] and pinned["start"]:
                earliest = max(earliest, week_from(start, dt.date.fromisoformat(pinned["start"])))
            earliest_of[s.id] = earliest
        asap = _soonest_ends(h, earliest_of, {s.id: s for s in h.steps})
        for s in h.steps:
            if s.id not in earliest_of:
                continue
            deadline_week = boundary_by(start, s.deadline) if s.statutory else None
            window = (week_from(start, s.window_start), boundary_by(start, s.window_end))
            due_now = None
            if s.status is StepStatus.OVERDUE or s.deadline < as_of:
                # Overdue: as soon as the team has room. Its soonest end is the deadline to meet
                # (statutory) or the window to keep to (recommended); a statutory one also counts
                # every week it ends later (the scheduler's overdue weeks, ranked above new
                # breaches: planner.scheduler.problem.Metrics), so it is never put to the back.
                window = (asap[s.id] - s.duration_weeks, asap[s.id])
                deadline_week = asap[s.id] if s.statutory else None
                due_now = asap[s.id] if s.statutory else None
            steps.append(sp.Step(
                id=s.id, handover_id=h.id, person_id=h.person_id, team=s.team,
                duration_weeks=s.duration_weeks, earliest_week=earliest_of[s.id], deadline_week=deadline_week,
                due_now_week=due_now,
                window_start=window[0], window_end=window[1],
                meeting=s.mergeable_meeting, mergeable=s.mergeable_meeting,
                uses_capacity=s.uses_capacity,
                predecessors=[p for p in s.predecessors if p not in done and p in earliest_of],
            ))
        if h.handover_type == "annual_review":
            continue
        models.append(sp.Handover(id=h.id, person_id=h.person_id, children_end_week=boundary_by(start, h.children_end),
                                  last_step_id=h.transfer_step_id, weight=h.dependency_weight))
    teams = team_models(db, area, start, {s.team for s in steps}, capacity_override)
    problem = sp.Problem(teams=teams, handovers=models, steps=steps)
    return AreaProblem(area=area, as_of=as_of, start=start, problem=problem, handovers=kept, steps=by_step,
                       done=done, not_recorded=not_recorded, seconds=time.monotonic() - t0)


def _soonest_ends(h: handovers_.Handover, earliest: Mapping[str, int], steps: Mapping[str, handovers_.Step]) -> dict[str, int]:
    """The week boundary each open step of `h` could end at if everything went at once."""
    out: dict[str, int] = {}

    def end(sid: str) -> int:
        if sid not in out:
            s = steps[sid]
            ready = max([earliest[sid]] + [end(p) for p in s.predecessors if p in earliest])
            out[sid] = ready + s.duration_weeks
        return out[sid]

    for sid in earliest:
        end(sid)
    return out


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
        step = ap.steps.get(s.id)
        if step is not None and step.deadline < ap.as_of:
            why = (f"overdue: it was due by {long_date(step.deadline)} and nothing is recorded, so it is planned "
                   f"as soon as possible; {why}")
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
            "after": ",".join(s.predecessors), "reason": why.get(s.id, ""), "status": StepStatus.PLANNED.value,
        })
    planned = {h["id"] for h in hrows}
    for hid, d in ap.not_recorded:
        if hid not in planned:
            continue
        srows.append({
            "id": d.id, "handover_id": hid, "person_id": ap.handovers[hid].person_id, "kind": d.kind, "title": d.title,
            "team_id": d.team, "duration_weeks": d.duration_weeks, "earliest": d.rule_earliest.isoformat(),
            "deadline": d.deadline.isoformat(), "start": None, "end": None,
            "window_start": d.window_start.isoformat(), "window_end": d.window_end.isoformat(),
            "meeting": int(d.mergeable_meeting), "uses_capacity": int(d.uses_capacity), "statutory": int(d.statutory),
            "after": "", "status": StepStatus.NOT_RECORDED.value,
            "reason": f"due by {long_date(d.deadline)}, before this record began: whether it happened is not recorded",
        })
    return hrows, srows
