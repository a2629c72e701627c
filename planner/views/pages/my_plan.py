"""My plan: what the young person wants in their own words, their one-page profile and who they
share their plan with. The record is read through planner.views.pages.my_record (audited); each
save checks permission again and is audited by the records (planner.access.records)."""

from __future__ import annotations

from dataclasses import dataclass

from planner import access, outcomes
from planner.access import PersonLinks
from planner.outcomes.checkin import CHOICES as CHECK_IN_CHOICES
from planner.outcomes.checkin import QUESTIONS as CHECK_IN_QUESTIONS
from planner.store import ConflictError
from planner.views import outcomes as outcome_words
from planner.views.pages import Refused, Request, Stale, my_record
from planner.views.words import OUTCOMES, PROFILE_QUESTIONS, service_name

# outcome id -> the question the young person answers; profile field -> its question.
ASPIRATION_QUESTIONS: dict[str, str] = {k: question for k, (_label, question) in OUTCOMES.items()}
__all__ = ["ASPIRATION_QUESTIONS", "CHECK_IN_CHOICES", "CHECK_IN_QUESTIONS", "PROFILE_QUESTIONS", "MyPlanView",
           "Refused", "check_in", "save_aspirations", "save_profile", "set_consent", "show"]


@dataclass(frozen=True)
class Sharing:
    service_id: str
    name: str
    shared: bool


@dataclass(frozen=True)
class MyPlanView:
    person_id: str
    aspirations: dict[str, str]
    profile: dict[str, str]
    profile_version: int | None
    aspirations_version: int | None
    can_edit: bool
    can_consent: bool
    sharing: list[Sharing]  # every service they use or have a consent for, by name
    outcomes: outcome_words.Outcomes | None = None  # what they wanted against what happened (with a database)
    can_check_in: bool = False  # the young person answers "How is it going?" themselves


def show(req: Request) -> MyPlanView:
    req.require("my_plan")
    record = my_record(req, "my plan")
    pid = record.person.id
    assert pid is not None
    services = sorted(set(record.consents) | set(record.services), key=service_name)
    yours = req.user is not None and req.user.role is access.Role.YOUNG_PERSON and req.user.person_id == pid
    done = None if req.db is None else outcome_words.for_person(
        req.db, pid, record.person.dob, record.aspirations, req.today,
        name=None if yours else (record.name.split(" ")[0] or record.name))
    return MyPlanView(outcomes=done, can_check_in=yours and req.db is not None,
        person_id=pid, aspirations=dict(record.aspirations), profile=dict(record.profile),
        profile_version=record.profile_version, aspirations_version=record.aspirations_version,
        can_edit=access.can_edit_plan(req.user, pid, record.links, req.today),
        can_consent=access.can_change_consent(req.user, pid, record.links, req.today),
        sharing=[Sharing(sid, service_name(sid), record.consents.get(sid, False)) for sid in services])


def _links(req: Request, person_id: str) -> PersonLinks | None:
    return req.records.links(person_id)


def save_aspirations(req: Request, person_id: str, answers: dict[str, str], expected_version: int | None = None) -> str:
    """Save what the young person wants (blank answers left out); refused (nothing written) when
    someone saved it after the version the user was shown. Audited."""
    req.require("my_plan")
    if not access.can_edit_plan(req.user, person_id, _links(req, person_id), req.today):
        raise Refused("Only the young person can change this now.")
    try:
        req.records.save_aspirations(person_id, {k: v.strip() for k, v in answers.items() if v.strip()}, req.username,
                                     expected_version=expected_version)
    except ConflictError as stale:
        raise Stale(str(stale)) from None
    return "Saved what you want for your future."


def save_profile(req: Request, person_id: str, profile: dict[str, str], expected_version: int | None) -> str:
    """Save the one-page profile; refused (nothing written) when someone saved it after the
    version the user was shown. Audited."""
    req.require("my_plan")
    if not access.can_edit_plan(req.user, person_id, _links(req, person_id), req.today):
        raise Refused("Only the young person can change this now.")
    try:
        req.records.save_profile(person_id, {k: v.strip() for k, v in profile.items() if v.strip()}, req.username,
                                 expected_version=expected_version)
    except ConflictError as stale:
        raise Stale(str(stale)) from None
    return "Saved your profile."


def set_consent(req: Request, person_id: str, service_id: str, shared: bool) -> str:
    """Share the plan with a service, or stop sharing it; audited."""
    req.require("my_plan")
    if not access.can_change_consent(req.user, person_id, _links(req, person_id), req.today):
        raise Refused("Only the young person can change this now.")
    req.records.save_consent(person_id, service_id, shared, req.username)
    name = service_name(service_id)
    return f"Your plan is now shared with {name}." if shared else f"You stopped sharing your plan with {name}."


def check_in(req: Request, person_id: str, answers: dict) -> str:
    """The young person's own "How is it going?" (only they answer it); audited."""
    req.require("my_plan")
    user = req.user
    if user is None or user.role is not access.Role.YOUNG_PERSON or user.person_id != person_id:
        raise Refused("Only the young person can answer “How is it going?”.")
    db = req.need_db("your answers cannot be kept")
    try:
        answers_in = outcomes.CheckIn(person_id=person_id, on=req.today, **answers)
        with db.atomic():
            outcomes.check_in(db, answers_in, req.username, today=req.today)
            req.audit("check-in", person_id, "how is it going")
    except ValueError as bad:
        raise Refused(str(bad).splitlines()[0] if "validation error" not in str(bad)
                      else "Some answers could not be read. Please try again.") from None
    return "Thank you. Your answers are saved, and your worker will see them."
