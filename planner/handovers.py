"""Handovers for a person: open episodes + pathway graph + timeline -> dated step windows.

This is the scheduler's input. Each `Handover` moves a person from a children's service to an
adult (or all-age) successor through a chain of `Step`s; every step has the dates a schedule
must respect: not before `earliest_start`, finished by `deadline`, ideally inside the
recommended window (NICE NG43). The scheduler converts these dates to integer weeks from its
own plan start (a Monday).
"""

from __future__ import annotations

import datetime as dt
import re

import networkx as nx
from pydantic import BaseModel, ConfigDict, Field

from planner import milestones
from planner import schoolyear as sy
from planner.milestones import Timeline
from planner.models import DATE_FIELDS, Basis, Episode, Person, StepStatus
from planner.pathways import FACTS, SUCCESSOR_TEAM, HandoverEdge, Service, holds, parse_anchor


class MissingDate(LookupError):
    """A step refers to a date the person's timeline does not have (say which, and why)."""


class Step(BaseModel):
    """One dated step of a person's handover.

    Dates are inclusive days. A valid schedule starts the step on or after `earliest_start`
    and ends it (start + `duration_weeks`) on or before `deadline`; missing `deadline` is a
    breach when `statutory` is true, otherwise a lateness. `window_start`..`window_end` is the
    recommended window (NICE NG43); outside it costs a little. A step with `uses_capacity`
    takes one unit of its team's capacity (see data/teams.yaml: one assessment, one tenancy...).
    """

    model_config = ConfigDict(extra="forbid")

    id: str = Field(description="stable id: '<handover id>/<step key>'")
    key: str = Field(description="the step's id in the pathway file")
    title: str
    kind: str = Field(description="identify, refer, screen, assess, decide, plan, meet, transfer...")
    team: str
    duration_weeks: int
    earliest_start: dt.date = Field(description="not before this day (never before the plan's as-of date)")
    rule_earliest: dt.date = Field(description="the earliest start the rule gives, before clamping to as-of")
    deadline: dt.date
    window_start: dt.date
    window_end: dt.date
    mergeable_meeting: bool = Field(description="a meeting the family attends that can merge with other reviews")
    uses_capacity: bool
    predecessors: list[str] = Field(description="ids of steps that must end before this one starts")
    statutory: bool = Field(description="missing the deadline is a statutory or guidance breach")
    breach_rule: str | None = None
    overdue: bool = Field(description="cannot be finished by the deadline even if started at once")
    status: StepStatus = Field(StepStatus.PLANNED, description="on the as-of date, before anything is recorded: "
                               "planned, overdue (its deadline has passed since the record began) or not recorded "
                               "(its deadline passed before the record began)")
    source: str


class StatutoryDeadline(BaseModel):
    """A deadline whose miss is a breach: the step, its date and the rule that sets it."""

    model_config = ConfigDict(extra="forbid")

    step_id: str
    date: dt.date
    rule_id: str | None
    what: str


class Handover(BaseModel):
    """A person's move from a children's service to its successor, with its steps.

    The gap (cliff edge) is measured from `children_end` to the end of `transfer_step_id`:
    each week the transfer step ends after `children_end` is a gap week, weighted by
    `dependency_weight` (3: continuing care, social care, looked after; 2: mental and physical
    health, education; 1: money, travel, decisions).
    """

    model_config = ConfigDict(extra="forbid")

    id: str = Field(description="stable id: '<person id>/<handover type>'")
    person_id: str
    handover_type: str = Field(description="the handover's id in the pathway files")
    edge: int = Field(description="row of rules.md section 7")
    title: str
    from_service: str
    to_service: str
    alternatives: list[str] = Field(description="other successors the person could move to")
    children_end: dt.date = Field(description="the day the children's service ends")
    transfer_step_id: str
    dependency_weight: int
    statutory_deadlines: list[StatutoryDeadline]
    steps: list[Step]
    source: str

    @property
    def not_recorded(self) -> list[str]:
        """Keys of the steps whose deadline passed before the record began (never planned)."""
        return [s.key for s in self.steps if s.status is StepStatus.NOT_RECORDED]

    @property
    def overdue_steps(self) -> list[str]:
        """Keys of the steps already past their deadline with nothing recorded (planned at once)."""
        return [s.key for s in self.steps if s.status is StepStatus.OVERDUE]


def _add(day: dt.date, days: int = 0, weeks: int = 0, months: int = 0) -> dt.date:
    if months:
        day = sy.add_months(day, months)
    return day + dt.timedelta(days=days, weeks=weeks)


def resolve(text: str, person: Person, timeline: Timeline, children_end: dt.date | None = None) -> dt.date:
    """The date an anchor such as 'birthday_16 + 3 months' or 'children_end - 6 weeks' names."""
    a = parse_anchor(text)
    key = a.key
    day: dt.date | None = None
    if key == "children_end":
        day = children_end
    elif key == "as_of":
        day = timeline.as_of or dt.date.today()
    elif key in timeline.core:
        day = timeline.core[key]
    elif (m := re.fullmatch(r"birthday_(\d+)", key)) is not None:
        day = sy.anniversary(person.dob, int(m[1]))
    elif key in DATE_FIELDS:
        day = getattr(person, key)
    else:
        for ms in timeline.milestones:
            if ms.key == key:
                day = ms.date or (ms.end if a.part == "end" else ms.start)
                if a.part == "end" and ms.end:
                    day = ms.end
                break
    if day is None:
        raise MissingDate(f"the timeline has no date '{key}' for this person")
    return _add(day, a.days, a.weeks, a.months)


def enriched(person: Person, services: list[Service]) -> Person:
    """The person with the circumstance flags their open services imply (open to CAMHS...)."""
    update = {s.flag: True for s in services if s.flag and s.flag in FACTS and not getattr(person, s.flag)}
    if person.care_leaver:
        update.pop("looked_after", None)
    return person.model_copy(update=update) if update else person


def implied_episodes(person: Person, graph: nx.DiGraph, as_of: dt.date) -> list[Episode]:
    """Open episodes that the person's circumstances imply, for when no records are given:
    the service each flag names, school and parental decisions before the end of compulsory
    school age (the class's Year 11), GP care before the first health check, the family home and the GP."""
    services: dict[str, Service] = graph.graph["services"]
    ids = [s.id for s in services.values() if s.flag and s.flag != "ehc_plan" and holds(s.flag, person)]
    age = sy.age_on(person.dob, as_of)
    leaves_school = sy.year11_end(person.dob, person.year_group_offset)
    if person.ehc_plan:
        ids.append("ehc_plan")
        if as_of <= leaves_school:
            ids.append("secondary_school")
        if as_of <= sy.csa_end(person.dob):
            ids.append("parent_decisions")
    if person.ld_register and age < 15:
        ids.append("paediatric_gp_care")
    if age < 18:
        ids.append("parent_benefits")
    if not (person.looked_after or person.care_leaver):
        ids.append("family_home")
    if person.care_leaver and age < 25:
        ids.append("leaving_care")
    ids += ["gp", "careers_guidance"]
    seen: dict[str, None] = dict.fromkeys(i for i in ids if i in services)
    return [Episode(person_id=person.id, service_id=i, start=as_of) for i in seen]


def record_start(person: Person, as_of: dt.date) -> dt.date:
    """The day the planner's record of the person began (the as-of date when not recorded)."""
    return min(person.record_started or as_of, as_of)


def for_person(
    person: Person,
    episodes: list[Episode],
    graph: nx.DiGraph,
    timeline: Timeline,
    horizon_end: dt.date,
) -> list[Handover]:
    """Every handover whose children's service ends between the day the record began (the
    as-of date if not recorded) and `horizon_end`, with each step dated from the person's
    milestones.

    Nothing is assumed done. A step whose deadline passed after the record began is OVERDUE and
    planned from the as-of date; one whose deadline passed before the record began is NOT
    RECORDED (kept in the handover, never planned). What was actually done is in the store."""
    as_of = timeline.as_of or dt.date.today()
    began = record_start(person, as_of)
    services: dict[str, Service] = graph.graph["services"]
    open_eps = [e for e in episodes if e.service_id in services
                and (e.end is None or e.end >= began) and e.start <= horizon_end]
    who = enriched(person, [services[e.service_id] for e in open_eps])
    if who is not person:
        # Open services can imply milestones the record's flags did not (CHC dates for a person
        # open to continuing care): recompute with the implied circumstances.
        timeline = milestones.for_person(who, as_of=timeline.as_of, only=timeline.only)
    out = []
    for h in graph.graph["handovers"].values():
        episode = next((e for e in open_eps if e.service_id in h.from_), None)
        if episode is None or not all(holds(c, who) for c in h.when):
            continue
        try:
            handover = _dated(h, episode, who, timeline, services, as_of, began)
        except MissingDate:
            continue  # the handover needs a date this person does not have (e.g. no move date)
        if handover is not None and began <= handover.children_end <= horizon_end:
            out.append(handover)
    out.sort(key=lambda x: (x.children_end, x.edge))
    return out


def _children_end(h: HandoverEdge, episode: Episode, person: Person, timeline: Timeline,
                  service: Service) -> dt.date:
    if h.children_end:
        return resolve(h.children_end, person, timeline)
    if episode.end is not None:
        return episode.end
    if service.ends_at:
        return resolve(service.ends_at, person, timeline)
    return sy.anniversary(person.dob, service.ages[1])


def _dated(h: HandoverEdge, episode: Episode, person: Person, timeline: Timeline,
           services: dict[str, Service], as_of: dt.date, began: dt.date) -> Handover | None:
    end = _children_end(h, episode, person, timeline, services[episode.service_id])
    age_then = sy.age_on(person.dob, end)
    fits = [t for t in h.to if all(holds(c, person) for c in services[t].eligibility)
            and services[t].ages[1] > age_then]
    if not fits:
        return None
    to = fits[0]
    hid = f"{person.id or 'person'}/{h.id}"
    steps: list[Step] = []
    not_recorded: set[str] = set()
    basis = {m.key: m.basis for m in timeline.milestones}
    for s in h.steps:
        earliest = resolve(s.earliest, person, timeline, end)
        deadline = resolve(s.deadline, person, timeline, end)
        status = StepStatus.PLANNED
        if deadline < as_of:
            status = StepStatus.NOT_RECORDED if deadline < began and s.kind.value != "transfer" else StepStatus.OVERDUE
        if status is StepStatus.NOT_RECORDED:
            not_recorded.add(s.id)
        w0, w1 = ((resolve(s.window[0], person, timeline, end), resolve(s.window[1], person, timeline, end))
                  if s.window else (earliest, deadline))
        start = max(earliest, as_of)
        steps.append(Step(
            id=f"{hid}/{s.id}", key=s.id, title=s.title, kind=s.kind.value,
            team=services[to].team if s.team == SUCCESSOR_TEAM else s.team,
            duration_weeks=s.duration_weeks, earliest_start=start, rule_earliest=earliest,
            deadline=deadline, window_start=w0, window_end=max(w0, w1),
            mergeable_meeting=s.meeting, uses_capacity=s.uses_capacity,
            predecessors=[f"{hid}/{p}" for p in s.after if p not in not_recorded],
            # A breach only where the law sets the date: a step whose deadline is a milestone the
            # rules call recommended (31 March for a school sixth form) is a window, not a breach.
            statutory=s.breach is not None and basis.get(parse_anchor(s.deadline).key) is not Basis.RECOMMENDED,
            breach_rule=s.breach,
            overdue=start + dt.timedelta(weeks=s.duration_weeks) > deadline, status=status, source=s.source,
        ))
    deadlines = [StatutoryDeadline(step_id=st.id, date=st.deadline, what=st.breach_rule or "",
                                   rule_id=(m[0] if (m := re.match(r"[A-Z]{1,3}-\d{1,2}", st.breach_rule or "")) else None))
                 for st in steps if st.statutory]
    return Handover(
        id=hid, person_id=person.id or "person", handover_type=h.id, edge=h.edge, title=h.title,
        from_service=episode.service_id, to_service=to, alternatives=fits[1:], children_end=end,
        transfer_step_id=f"{hid}/{h.transfer_step.id}", dependency_weight=h.dependency,
        statutory_deadlines=deadlines, steps=steps, source=h.source,
    )
