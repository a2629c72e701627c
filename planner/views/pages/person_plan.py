"""A person's plan (transition worker, team manager): one young person's handovers with their
dated steps, gaps, merged family meetings and recorded events; moving a step (see the effect,
then save) and recording what happened.

The person is read through planner.views.pages.person_record (access checked, read audited);
each change checks access again and is audited ("re-plan" by the store, "record event" here).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from planner import milestones, outcomes, store
from planner.planning import events, person
from planner.planning.person import PersonEffect
from planner.schoolyear import age_on
from planner.views import about_me, govuk, journey, plan, timeline
from planner.views import outcomes as outcome_words
from planner.views.pages import (
    Refused,
    Request,
    Stale,
    StateCache,
    may_change,
    people_of,
    person_record,
)
from planner.views.plan import HandoverView, Meeting, StepView
from planner.views.words import long_date

EVENTS = {
    "meeting_held": "A meeting was held", "referral_made": "A referral was made",
    "referral_accepted": "A referral was accepted", "referral_refused": "A referral was refused",
    "assessment_done": "An assessment was done", "decision_made": "A decision was made",
    "adult_service_started": "The adult service started", "service_ended": "A service ended",
    "did_not_attend": "They did not attend an appointment", "plan_ceased": "The EHC plan was ceased",
    "note": "A note only",
}
assert set(EVENTS) == set(store.EVENT_KINDS)
STATUS_WORDS = plan.STATUS_WORDS
as_date = plan.as_date
CHART_CONFIG = timeline.CHART_CONFIG
__all__ = ["CHART_CONFIG", "EVENTS", "STATUS_WORDS", "HandoverView", "Meeting", "StepView", "as_date"]


CACHE = StateCache()  # the people a manager may open: thousands, once per store state


def labels(db, user) -> dict[str, str]:
    """Person id -> 'Name (born 1 May 2009)' for everyone the user may open (kept per store state)."""
    return CACHE.get(db, (user.role, user.username, user.team_id), lambda: {
        p["id"]: f"{p['name']} (born {long_date(as_date(p['dob']))})" for p in people_of(db, user)})


@dataclass(frozen=True)
class PersonPlan:
    person_id: str
    name: str
    age: int
    team_names: dict[str, str]
    handovers: list[HandoverView]
    meetings: list[Meeting]
    upcoming: list[journey.JourneyEvent]  # the next dates of their timeline
    recorded: list[dict]  # the last 20 events, newest first, in words
    about: about_me.AboutMe | None = None  # told once: their words, as far as they share them with you
    referrals: list[about_me.Referral] = field(default_factory=list)  # to each adult service planned
    outcomes: outcome_words.Outcomes | None = None  # their outcome records and aims, in words

    def about_html(self) -> str:
        """Their profile and what they want as a GOV.UK summary list, each with who wrote it."""
        assert self.about is not None
        rows = [(s.heading, s.words + (f" ({s.written_by})" if s.written_by else ""))
                for s in (*self.about.wishes, *self.about.profile)]
        return govuk.summary_list(rows, f"About {self.name}")

    def communication_html(self) -> str:
        assert self.about is not None
        rows = [(s.heading, s.words) for s in self.about.communication]
        return govuk.summary_list(rows, f"How {self.name} communicates")

    @property
    def gaps(self) -> int:
        return sum(1 for v in self.handovers if v.gap_weeks)

    @property
    def overdue(self) -> int:
        return sum(s.status == STATUS_WORDS["overdue"] for v in self.handovers for s in v.steps)

    @property
    def movable(self) -> dict[str, StepView]:
        """The steps that can be moved (open ones), by id."""
        return {s.id: s for v in self.handovers for s in v.steps if s.open}

    @property
    def step_titles(self) -> dict[str, str]:
        return {s.id: f"{s.title} ({v.title})" for v in self.handovers for s in v.steps}

    def chart_rows(self) -> list[dict]:
        return [{"handover": v.title, "step": s.title, "start": s.start.isoformat(),
                 "end": (s.end or s.start).isoformat(),
                 "when": f"{long_date(s.start)} to {long_date(s.end or s.start)}", "status": s.status}
                for v in self.handovers for s in v.steps if s.start]

    def chart_ends(self) -> list[dict]:
        return [{"handover": v.title, "due": v.due.isoformat()} for v in self.handovers if v.due]


@dataclass(frozen=True)
class PersonPlanView:
    people: dict[str, str]  # person id -> label, the people the user may open
    chosen: str | None = None
    refusal: str = ""  # why the chosen person cannot be shown
    plan: PersonPlan | None = None


def show(req: Request, *wanted: str | None) -> PersonPlanView:
    """The people the user may open and the plan of the first of `wanted` that is one of them
    (the page passes the person chosen on the caseload page, then its own choice)."""
    user = req.require("person_plan")
    db = req.need_db("there is no plan to show")
    people = labels(db, user)
    # The picker lists names and dates of birth: reading it is audited, as reading a record is.
    req.audit("people list viewed", None, f"person plan picker: {len(people)} people")
    person_id = next((p for p in wanted if p in people), None)
    if person_id is None:
        return PersonPlanView(people=people)
    try:
        record = person_record(req, person_id, "person plan")
    except Refused as refused:
        return PersonPlanView(people=people, chosen=person_id, refusal=str(refused))
    area = store.get_person(db, person_id)["area"]
    teams = {t["id"]: t["name"] for t in store.list_teams(db, area)}
    steps = store.steps_for(db, person_id)
    views = plan.handover_views(store.handovers_for(db, person_id), steps, req.today, teams)
    titles = {s.id: f"{s.title} ({v.title})" for v in views for s in v.steps}
    timeline = journey.events(milestones.for_person(record.person, as_of=req.today), req.today)
    recorded = [{"Date": as_date(e["date"]), "What happened": EVENTS.get(e["kind"], e["kind"]),
                 "Step": titles.get(e["step_id"] or "", ""), "Note": e["note"] or "", "Recorded by": e["recorded_by"]}
                for e in reversed(store.events_for(db, person_id)[-20:])]
    assert req.user is not None
    about = about_me.about_me(record, req.user, req.today)
    adult = sorted({v.to_service for v in views if v.to_service})
    return PersonPlanView(people=people, chosen=person_id, plan=PersonPlan(
        person_id=person_id, name=record.name, age=age_on(record.person.dob, req.today), team_names=teams,
        handovers=views, meetings=plan.merged_meetings(steps, teams),
        upcoming=[e for e in timeline if e.start > req.today][:5], recorded=recorded, about=about,
        outcomes=outcome_words.for_person(db, person_id, record.person.dob, record.aspirations, req.today,
                                          name=record.name.split(" ")[0] or record.name),
        referrals=[about_me.referral(record, sid, req.today) for sid in adult]))


@dataclass(frozen=True)
class Preview:
    """The effect of moving one step, before it is saved."""

    person_id: str
    step_id: str
    moved_to: dt.date
    effect: PersonEffect
    gaps_after: list[HandoverView]  # the handovers after the change
    moves: list[dict] = field(default_factory=list)  # steps that would move: title, from, to


def preview_move(req: Request, shown: PersonPlan, step_id: str, new_day: dt.date) -> Preview:
    """Re-plan the person with the step moved (everyone else fixed); nothing is saved."""
    req.require("person_plan")
    may_change(req, shown.person_id)
    try:
        effect = person.person_effect(req.need_db("there is no plan to change"), shown.person_id, req.today,
                                      {step_id: new_day})
    except ValueError as bad:
        raise Refused(str(bad), serious=True) from None
    after = plan.handover_views(effect.handovers_after, effect.after, req.today, shown.team_names)
    return Preview(person_id=shown.person_id, step_id=step_id, moved_to=new_day, effect=effect, gaps_after=after,
                   moves=plan.moves(effect.before, effect.after))


def save_move(req: Request, preview: Preview) -> None:
    """Save a previewed move (audited as a re-plan); refused when a step changed since it was read."""
    req.require("person_plan")
    may_change(req, preview.person_id)
    try:
        person.save_person(req.need_db("there is no plan to change"), preview.effect, req.username,
                           moved=[preview.step_id])
    except store.ConflictError as stale:
        raise Stale(str(stale)) from None


def record_event(req: Request, person_id: str, kind: str, day: dt.date, step_id: str | None, note: str) -> str:
    """Record what happened (and what it means for the plan); audited. Returns what was done."""
    req.require("person_plan")
    may_change(req, person_id)
    db = req.need_db("there is nothing to record against")
    try:
        with db.atomic():
            done = events.record_event(db, person_id, kind, day, req.username, step_id=step_id, note=note.strip(),
                                       today=req.today)
            req.audit("record event", person_id, kind)
    except ValueError as bad:
        raise Refused(str(bad), serious=True) from None
    return done.message


# What a worker records about a young person's outcomes (planner.views.outcomes: the choices).
OUTCOME_CHOICES = outcome_words


def record_outcome(req: Request, person_id: str, form: dict) -> str:
    """Record an outcome (what the young person is doing, where they live, their health and
    community, or the end of their EHC plan) with its source; audited."""
    req.require("person_plan")
    may_change(req, person_id)
    db = req.need_db("there is nothing to record against")
    try:
        record = outcome_words.worker_record(person_id, form)
        with db.atomic():
            outcomes.record_outcome(db, record, req.username, today=req.today)
            req.audit("record outcome", person_id, record.source)
    except ValueError as bad:
        raise Refused(str(bad), serious=True) from None
    return "Recorded. The commissioner's outcome figures count it from now on."
