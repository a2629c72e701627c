"""The young person's view of their years 14 to 25: events in date order, each with a status
that is a word and a shape (never a colour alone), the sentence in plain words, what happens at
18, and the truth about any gap the plan has between a children's and an adult service.

Inputs are a `Timeline` (planner.milestones) and, when the scheduler has run, the stored plan's
handovers and steps as plain dicts. Output is plain data that the pages, the printable plan and
the calendar file all share, so the chart and its text equivalent can never disagree.

A status comes from what was recorded, never from "the date has passed": a duty (a review, an
assessment) is done only when the record says so (the rule's `done_on`, or its step recorded
done); past its date with nothing recorded it is overdue, or "not recorded" when it was due
before the planner's record began. Dates that are only facts (a birthday) are "in the past".
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from enum import StrEnum

from pydantic import BaseModel, ConfigDict

from planner.milestones import Timeline
from planner.models import Basis, Domain, Milestone, StepStatus, step_status
from planner.views.reader import team_name
from planner.views.words import DOMAIN_LABELS, long_date, pluralise, service_name


class Status(StrEnum):
    """What the family sees about one thing on the timeline."""

    DONE = "done"  # recorded as done
    OVERDUE = "overdue: nothing recorded yet"  # a statutory date passed
    MISSED = "recommended date passed: nothing recorded yet"  # guidance, so a window missed, not a breach
    NOT_RECORDED = "not recorded"  # due before this record began
    REFUSED = "refused"
    NOW = "happening now"
    SOON = "coming soon"
    LATER = "later"
    PAST = "in the past"  # a date that has passed, not something anyone had to do


# Shapes for the chart and symbols for text, so status never depends on colour.
STATUS_SHAPES: dict[Status, str] = {
    Status.DONE: "square",
    Status.OVERDUE: "diamond",
    Status.MISSED: "triangle-left",
    Status.NOT_RECORDED: "cross",
    Status.REFUSED: "triangle-down",
    Status.NOW: "triangle-right",
    Status.SOON: "triangle-up",
    Status.LATER: "circle",
    Status.PAST: "stroke",
}
STATUS_SYMBOLS: dict[Status, str] = {
    Status.DONE: "■", Status.OVERDUE: "◆", Status.MISSED: "◇", Status.NOT_RECORDED: "?", Status.REFUSED: "✖", Status.NOW: "▶",
    Status.SOON: "▲", Status.LATER: "●", Status.PAST: "□",
}
SOON = dt.timedelta(days=183)

# Chart rows: the five preparing-for-adulthood domains, then money and rights.
CHART_DOMAINS = [Domain.EDUCATION, Domain.EMPLOYMENT, Domain.HOUSING, Domain.HEALTH, Domain.SOCIAL_CARE, Domain.MONEY, Domain.LEGAL]

# School years are background on the chart and would drown the list in repeats.
_QUIET_PREFIXES = ("school_year_",)
# The birthday milestones that the "at 18" summary already says in other words.
_AT_18_KEYS = (
    "care_act_assessment_target",
    "camhs_transition_plan",
    "chc_decision_in_principle",
    "chc_package_by_18",
    "camhs_ends",
    "care_act_continuity_18",
    "universal_credit_from",
    "adulthood_18",
)
# The milestone that says a children's service usually ends (and the adult one should be ready),
# by children's service: when the plan has a gap there, the gap's words replace it.
_ENDS_KEYS = {"camhs": "camhs_ends", "childrens_continuing_care": "chc_package_by_18"}


class JourneyEvent(BaseModel):
    """One thing on the timeline: a statutory milestone or a scheduled handover step."""

    model_config = ConfigDict(extra="forbid")

    key: str
    kind: str  # "milestone" or "step"
    title: str
    sentence: str
    domain: Domain
    start: dt.date
    end: dt.date | None = None  # the last day of a window; None for a single date
    status: Status
    source: str = ""
    who: str = ""  # the plain name of the team doing a step (never its id)
    # a deadline an Act or regulation sets (a duty with a statutory basis; for a step, its file says)
    statutory: bool = False

    @property
    def when(self) -> str:
        if self.end is None or self.end == self.start:
            return long_date(self.start)
        return f"{long_date(self.start)} to {long_date(self.end)}"

    @property
    def status_text(self) -> str:
        return f"{STATUS_SYMBOLS[self.status]} {self.status.value}"


def status_of(start: dt.date, end: dt.date | None, today: dt.date) -> Status:
    """The status of a date or window that is only a fact: past, now, soon or later."""
    last = end or start
    if last < today:
        return Status.PAST
    if start <= today <= last:
        return Status.NOW
    if start - today <= SOON:
        return Status.SOON
    return Status.LATER


_FROM_STEP = {StepStatus.DONE: Status.DONE, StepStatus.REFUSED: Status.REFUSED,
              StepStatus.NOT_RECORDED: Status.NOT_RECORDED, StepStatus.OVERDUE: Status.OVERDUE,
              StepStatus.DUE: Status.NOW, StepStatus.CANCELLED: Status.PAST}


def step_status_of(step: Mapping, today: dt.date) -> Status:
    """A stored step's status for the family (planner.models.step_status)."""
    start = _as_date(step["start"]) if step.get("start") else None
    end = _as_date(step["end"]) if step.get("end") else None
    deadline = _as_date(step["deadline"]) if step.get("deadline") else None
    recorded = step_status(step.get("status"), today, start=start, end=end, deadline=deadline)
    if recorded is StepStatus.OVERDUE and not step.get("statutory", 1):
        return Status.MISSED  # only a recommended date passed: a window missed, not a breach
    if recorded in _FROM_STEP:
        return _FROM_STEP[recorded]
    first = start or deadline or today
    return Status.SOON if first - today <= SOON else Status.LATER


# The duty milestones whose work a handover step carries ('handover/step' of pathways/*.yaml):
# when the step is recorded done, the duty is done. The annual review is matched by its date.
DUTY_STEPS: dict[str, tuple[str, ...]] = {
    "chc_notify_icb": ("continuing_care_to_nhs_chc/notify_icb",),
    "chc_screening": ("continuing_care_to_nhs_chc/screening",),
    "chc_decision_in_principle": ("continuing_care_to_nhs_chc/decision_in_principle",),
    "chc_package_by_18": ("continuing_care_to_nhs_chc/package_starts",),
    "camhs_transition_plan": ("camhs_to_adult_mental_health/transition_plan",),
    "care_act_assessment_target": ("social_care_to_adult_social_care/assess",),
    "health_transition_planning_start": ("paediatrics_to_adult_health/start_planning",),
    "pip_claim_deadline": ("dla_to_pip/claim_pip",),
    "phase_transfer_deadline": ("school_to_post16/plan_amended",),
    "post16_move_deadline": ("post16_move/plan_amended",),
    "pathway_needs_assessment_due": ("looked_after_to_leaving_care/needs_assessment",),
}


def _linked_steps(m: Milestone, steps: Iterable[Mapping]) -> list[Mapping]:
    """The stored steps that carry a duty milestone (DUTY_STEPS), and for the annual review the
    review step (or the Year 11 review standing in for it) due on its date."""
    names = DUTY_STEPS.get(m.key, ())
    out = []
    for s in steps:
        hid, sid = str(s.get("handover_id") or ""), str(s.get("id") or "")
        handover_type = hid.split("/", 1)[-1]
        step_key = sid[len(hid) + 1:] if hid and sid.startswith(hid + "/") else sid
        if f"{handover_type}/{step_key}" in names:
            out.append(s)
        elif (m.key == "annual_review_due" and s.get("kind") == "review" and s.get("deadline")
              and _as_date(s["deadline"]) == m.date):
            out.append(s)
    return out


def duty_status(m: Milestone, today: dt.date, record_start: dt.date, steps: Iterable[Mapping] = ()) -> Status:
    """The status of a duty: done only when recorded; past its date with nothing recorded it is
    overdue, or not recorded when it was due before the record began."""
    if m.done_on is not None:
        return Status.DONE
    linked = [step_status_of(s, today) for s in _linked_steps(m, steps)]
    for status in (Status.DONE, Status.REFUSED, Status.OVERDUE, Status.MISSED, Status.NOW):
        if status in linked:
            return Status.MISSED if status is Status.OVERDUE and m.basis is not Basis.STATUTORY else status
    start = m.date or m.start
    last = m.date or m.end
    assert start is not None and last is not None
    if last < today:
        if last < record_start:
            return Status.NOT_RECORDED
        return Status.OVERDUE if m.basis is Basis.STATUTORY else Status.MISSED
    return status_of(start, m.end if m.date is None else None, today)


def events(timeline: Timeline, today: dt.date, steps: Iterable[Mapping] = (),
           gaps: Iterable[GapNotice] = ()) -> list[JourneyEvent]:
    """Every milestone (school years left out) and scheduled step, in date order. Where the plan
    has a gap (`gaps`), the milestone that says the adult service "should be ready" says the gap."""
    steps = list(steps)
    said = {_ENDS_KEYS[g.children_service]: g for g in gaps if g.children_service in _ENDS_KEYS}
    record_start = timeline.person.record_started or today
    found: list[JourneyEvent] = []
    for m in timeline.milestones:
        if m.key.startswith(_QUIET_PREFIXES):
            continue
        start = m.date or m.start
        end = None if m.date else m.end
        assert start is not None  # a milestone has a date or a window (models.Milestone)
        status = duty_status(m, today, record_start, steps) if m.duty else status_of(start, end, today)
        sentence = m.easy_read if m.key not in said else f"{m.title}. {said[m.key].headline}"
        found.append(
            JourneyEvent(
                key=m.key, kind="milestone", title=m.title, sentence=sentence, domain=m.domain,
                start=start, end=end, status=status, source=f"{m.rule_id}: {m.source}",
                statutory=m.duty and m.basis is Basis.STATUTORY,
            )
        )
    for step in steps:
        found.append(step_event(step, today))
    found.sort(key=lambda e: (e.start, e.kind, e.key))
    return found


def step_event(step: Mapping, today: dt.date) -> JourneyEvent:
    """A scheduled handover step from the store (keys: id, title or step, team, domain, start,
    end) as a timeline event with a sentence that says who does what by when."""
    start = _as_date(step["start"]) if step.get("start") else _as_date(step["deadline"])
    end = _as_date(step["end"]) if step.get("end") else None
    title = str(step.get("title") or step.get("step") or "A step in your move to adult services")
    who = team_name(step.get("team_id") or step.get("team"))
    status = step_status_of(step, today)
    if status is Status.NOT_RECORDED:
        sentence = f"{title}: this was due by {long_date(start)}, before your record here began, so it is not recorded."
    elif status is Status.DONE:
        sentence = f"{title}: done."
    else:
        by = long_date(end or start)
        sentence = f"{title}: {who + ' will do this' if who else 'this happens'} by {by}."
        if status in (Status.OVERDUE, Status.MISSED) and step.get("deadline"):
            sentence += (f" It was due by {long_date(_as_date(step['deadline']))}: it is overdue." if status is Status.OVERDUE
                         else f" It should have happened by {long_date(_as_date(step['deadline']))}.")
    domain = Domain(step["domain"]) if step.get("domain") in {d.value for d in Domain} else Domain.SOCIAL_CARE
    return JourneyEvent(
        key=f"step_{step.get('id', title)}", kind="step", title=title, sentence=sentence, domain=domain,
        start=start, end=end, status=status, who=who, statutory=bool(step.get("statutory")),
    )


def _as_date(value) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


def at_18(timeline: Timeline, gaps: Iterable[GapNotice] = ()) -> list[str]:
    """What changes around the 18th birthday, as short plain sentences in date order, with the
    truth about any gap the plan has (which replaces "adult support should be ready")."""
    gaps = list(gaps)
    b18 = timeline.core["birthday_18"]
    contradicted = {_ENDS_KEYS[g.children_service] for g in gaps if g.children_service in _ENDS_KEYS}
    picked = [m for m in timeline.milestones if m.key in _AT_18_KEYS and m.key not in contradicted]
    picked.sort(key=lambda m: (m.sort_date, _AT_18_KEYS.index(m.key)))
    lines = [f"You turn 18 on {long_date(b18)}. Children's services stop around then and adult services take over."]
    lines += [m.easy_read for m in picked if m.key != "adulthood_18"]
    lines += [g.text for g in gaps]
    return lines


# --- the gap, said to the family ------------------------------------------------------------

# Children's services whose end the law does not let the council leave a gap after: Care Act
# s.66 (CSDPA 1970 s.2A, Children Act 1989 s.17ZH) keeps them going until the adult decision.
_CONTINUES_BY_LAW = frozenset({"childrens_social_care", "short_breaks"})
# NHS children's services: no law found that keeps them going past their end (law-issue11.md s.9).
_NHS = frozenset({"camhs", "childrens_continuing_care", "paediatrics"})


class GapNotice(BaseModel):
    """One handover in the stored plan whose adult service starts after the children's one
    ends, in plain words: which service, how many weeks, why, what is being done, who to ask."""

    model_config = ConfigDict(extra="forbid")

    handover_id: str
    children_service: str
    adult_service: str
    children_end: dt.date
    adult_by: dt.date | None
    weeks: int
    why: str
    doing: str
    law: str
    contact: str

    @property
    def headline(self) -> str:
        adult, children = service_name(self.adult_service), service_name(self.children_service)
        when = f" by {long_date(self.adult_by)}" if self.adult_by else ""
        return (f"{adult} is planned to start{when}. That is {pluralise(self.weeks, 'week')} after "
                f"{children} ends on {long_date(self.children_end)}.")

    @property
    def sentences(self) -> list[str]:
        return [s for s in (self.headline, self.why, self.law, self.doing, self.contact) if s]

    @property
    def text(self) -> str:
        return " ".join(self.sentences)


def _team_words(team_id: str, team_names: Mapping[str, str]) -> str:
    """A team's name to use inside a sentence: 'adult mental health team', 'SEND team'."""
    name = team_names.get(team_id) or team_name(team_id)  # the area's name, else data/teams.yaml's
    return name[0].lower() + name[1:] if len(name) > 1 and name[1].islower() else name


def gaps(handovers: Iterable[Mapping], steps: Iterable[Mapping], today: dt.date, *, contact: str = "",
         team_names: Mapping[str, str] | None = None) -> list[GapNotice]:
    """The gaps in the stored plan (handover rows and step rows of `planner.store`), each said
    in plain words for the young person and their family, in date order.

    `contact` is who to ask (the named worker, with their team); `team_names` turns team ids into
    names. A handover has a gap when its stored `gap_weeks` (the scheduler's) is above 0, or,
    stored without one, when its transfer step ends after the day the children's service ends."""
    team_names = team_names or {}
    by_handover: dict[str, list[Mapping]] = {}
    for st in steps:
        by_handover.setdefault(str(st.get("handover_id")), []).append(st)
    out = []
    for h in handovers:
        due = _as_date(h["due"]) if h.get("due") else None
        if due is None or h.get("from_service") == h.get("to_service"):
            continue
        mine = by_handover.get(str(h["id"]), [])
        transfer = [st for st in mine if st.get("kind") == "transfer"]
        ends = [_as_date(st["end"]) for st in transfer if st.get("end")]
        weeks = int(h["gap_weeks"]) if h.get("gap_weeks") is not None else (
            -(-(max(ends) - due).days // 7) if ends and max(ends) > due else 0)
        if weeks <= 0:
            continue
        children, adult = str(h["from_service"]), str(h["to_service"])
        out.append(GapNotice(
            handover_id=str(h["id"]), children_service=children, adult_service=adult, children_end=due,
            adult_by=max(ends) if ends else None, weeks=weeks, why=_why(mine, today, team_names),
            doing=_doing(mine, today), law=_law(children, adult, due),
            contact=f"Who to ask: {contact}." if contact else "Who to ask: your transition worker."))
    out.sort(key=lambda g: (g.children_end, g.handover_id))
    return out


def _why(steps: list[Mapping], today: dt.date, team_names: Mapping[str, str]) -> str:
    for st in steps:
        reason = str(st.get("reason") or "")
        if "no free place from" in reason:
            until = reason.split("no free place from", 1)[1].split(" to ", 1)[-1].split(")")[0].strip()
            # "there is no free place with": right whether the team's name is singular ("the SEND
            # team") or plural ("the CAMHS care coordinators").
            return f"Why: there is no free place with the {_team_words(str(st.get('team_id') or ''), team_names)} until {until}."
    late = [str(st.get("title") or "") for st in steps if step_status_of(st, today) in (Status.OVERDUE, Status.MISSED)]
    if late:
        return f"Why: steps that should have happened already are not recorded as done ({'; '.join(late[:2]).lower()})."
    return "Why: the steps before it cannot all be done in time."


def _doing(steps: list[Mapping], today: dt.date) -> str:
    coming = sorted((_as_date(st["start"]), str(st.get("title") or "")) for st in steps
                    if st.get("start") and step_status_of(st, today) not in (Status.DONE, Status.NOT_RECORDED, Status.PAST))
    if not coming:
        return ""
    day, title = coming[0]
    when = "now" if day <= today else f"for the week of {long_date(day)}"
    return f"What is being done: the next step, “{title}”, is planned {when}."


def _law(children: str, adult: str, due: dt.date) -> str:
    if children in _CONTINUES_BY_LAW:
        return (f"By law your {service_name(children).lower()} must carry on after {long_date(due)} until "
                f"{service_name(adult).lower()} has decided (Care Act 2014 s.66), so it should not stop.")
    if children in _NHS:
        return (f"No law makes the NHS keep {service_name(children)} going after {long_date(due)}: ask them to keep "
                "seeing you until the adult service starts.")
    return ""


def chart_rows(items: Iterable[JourneyEvent]) -> list[dict]:
    """Rows for the chart: one per event, with text fields for tooltips and the legend."""
    rows = []
    for e in items:
        rows.append(
            {
                "domain": DOMAIN_LABELS[e.domain],
                "start": e.start.isoformat(),
                "end": (e.end or e.start).isoformat(),
                "is_window": e.end is not None and e.end != e.start,
                "title": e.title,
                "when": e.when,
                "status": e.status.value,
                "shape": STATUS_SHAPES[e.status],
            }
        )
    return rows


def next_up(items: list[JourneyEvent], limit: int = 3) -> list[JourneyEvent]:
    """The next few things to happen: anything overdue first, then what is coming, in date order
    (never things done, in the past or not recorded)."""
    open_ = [e for e in items if e.status in (Status.OVERDUE, Status.MISSED, Status.NOW, Status.SOON, Status.LATER)]
    return sorted(open_, key=lambda e: (e.status not in (Status.OVERDUE, Status.MISSED), e.start))[:limit]
