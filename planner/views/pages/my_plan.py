"""My plan (or "Sam's plan" for a parent): what the young person wants in their own words, their
one-page profile, how they communicate (Accessible Information Standard), and who sees what.

Told once: each answer is asked for until it is given, then shown and changed, never asked again.
The record is read through planner.views.pages.my_record (audited). Each save goes through the
records (planner.access.records.save_words / save_sharing), which check planner.access.consent
again (a parent never changes the young person's own words; after the end of compulsory school
age the young person decides who sees what), refuse a stale save with who and when, and audit.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from planner import access, outcomes, schoolyear
from planner.access import consent as consent_rules
from planner.access.records import NotAllowed, PersonRecord, service_teams
from planner.outcomes.checkin import CHOICES as CHECK_IN_CHOICES
from planner.outcomes.checkin import QUESTIONS as CHECK_IN_QUESTIONS
from planner.own_words import (
    COMMUNICATION_TEXT_FIELDS,
    NEED_GROUPS,
    PART_LABELS,
    Author,
    CommunicationNeeds,
    Part,
    WordsRecord,
)
from planner.store import ConflictError
from planner.views import govuk
from planner.views import outcomes as outcome_words
from planner.views.pages import Refused, Request, Stale, my_record
from planner.views.reader import Reader, reader_for, team_name
from planner.views.words import OUTCOMES, PROFILE_QUESTIONS, long_date, service_name

# outcome id -> the question the young person answers; profile field -> its question.
ASPIRATION_QUESTIONS: dict[str, str] = {k: question for k, (_label, question) in OUTCOMES.items()}
COMMUNICATION_QUESTIONS = {"how_i_communicate": "How I like to communicate", "other_needs": "Anything else"}
__all__ = ["ASPIRATION_QUESTIONS", "CHECK_IN_CHOICES", "CHECK_IN_QUESTIONS", "COMMUNICATION_QUESTIONS", "NEED_GROUPS",
           "PART_LABELS", "PROFILE_QUESTIONS", "MyPlanView", "Part", "Refused", "Stale", "check_in", "save_aspirations",
           "save_communication", "save_profile", "set_consent", "set_parent_sharing", "set_sharing", "show"]


@dataclass(frozen=True)
class Sharing:
    service_id: str
    name: str  # the service and the team that runs it, by name
    parts: frozenset[Part]
    service: str = ""  # the service's name alone

    def label(self, part: Part) -> str:
        """The switch's words, unique on the page: 'Share how I communicate with College'."""
        return f"Share {PART_LABELS[part][0].lower()}{PART_LABELS[part][1:]} with {self.service or self.name}"

    @property
    def shared(self) -> bool:
        return bool(self.parts)


@dataclass(frozen=True)
class MyPlanView:
    person_id: str
    reader: Reader
    aspirations: dict[str, str]
    profile: dict[str, str]
    communication: CommunicationNeeds
    versions: dict[str, int]  # WordsRecord value -> version shown (a save after another's is refused)
    locked: dict[str, dict[str, str]]  # WordsRecord value -> field this user may not change -> why
    today: dt.date
    can_edit: bool
    can_consent: bool
    can_choose_parent: bool
    parent_sees: bool
    decides_from: dt.date  # the day after compulsory school age ends: the young person decides
    sharing: list[Sharing]  # every service they use, follow on to or have a choice for
    outcomes: outcome_words.Outcomes | None = None  # what they wanted against what happened (with a database)
    can_check_in: bool = False  # the young person answers "How is it going?" themselves

    @property
    def profile_version(self) -> int:
        return self.versions.get(WordsRecord.PROFILE.value, 0)

    @property
    def title(self) -> str:
        return self.reader.plan

    def heading(self, record: WordsRecord) -> str:
        own = self.reader.own
        return {
            WordsRecord.WISHES: "What I want for my future" if own else f"What {self.reader.name} wants for the future",
            WordsRecord.PROFILE: "About me: my one-page profile" if own else f"About {self.reader.name}: one-page profile",
            WordsRecord.COMMUNICATION: "How I communicate" if own else f"How {self.reader.name} communicates",
            WordsRecord.CONSENT: "Who can see my plan" if own else f"Who can see {self.reader.your} plan",
        }[record]

    def is_locked(self, record: WordsRecord, field: str) -> bool:
        return field in self.locked.get(record.value, {})

    def why_locked(self, record: WordsRecord, field: str) -> str:
        return self.locked.get(record.value, {}).get(field, "")

    @property
    def decides(self) -> str:
        """Who decides who sees the plan, in the reader's words."""
        when = long_date(self.decides_from)
        if self.today >= self.decides_from:
            return "You decide who sees your plan." if self.reader.own else \
                f"{self.reader.name} decides who sees their plan."
        if self.reader.own:
            return f"From {when} you decide who sees your plan. Until then your parent or carer decides with you."
        return f"From {when} {self.reader.name} decides who sees their plan."

    @property
    def intro(self) -> str:
        if self.reader.own:
            return "Tell it once: every service you share your plan with sees the same words."
        return f"These are {self.reader.your} words. Every service {self.reader.name} shares the plan with sees them."

    def tasks_html(self) -> str:
        """What is told and what is still to tell, as a GOV.UK task list."""
        def status(done: int, of: int) -> str:
            return "Completed" if done == of else "In progress" if done else "Not yet started"
        wishes = sum(1 for k in OUTCOMES if self.aspirations.get(k))
        profile = sum(1 for k in PROFILE_QUESTIONS if self.profile.get(k))
        tasks = [
            govuk.Task(name=self.heading(WordsRecord.WISHES), status=status(wishes, len(OUTCOMES)),
                       hint=f"{wishes} of {len(OUTCOMES)} answered"),
            govuk.Task(name=self.heading(WordsRecord.PROFILE), status=status(profile, len(PROFILE_QUESTIONS)),
                       hint=f"{profile} of {len(PROFILE_QUESTIONS)} answered"),
            govuk.Task(name=self.heading(WordsRecord.COMMUNICATION),
                       status="Not yet started" if self.communication.empty else "Completed"),
            govuk.Task(name=self.heading(WordsRecord.CONSENT),
                       status="Completed" if any(s.shared for s in self.sharing) else "Not yet started",
                       hint=f"Shared with {sum(1 for s in self.sharing if s.shared)} of {len(self.sharing)} services"),
        ]
        return govuk.task_list(tasks, f"{self.title}: what is done")


FIELDS: dict[WordsRecord, tuple[str, ...]] = {
    WordsRecord.WISHES: tuple(OUTCOMES), WordsRecord.PROFILE: tuple(PROFILE_QUESTIONS),
    WordsRecord.COMMUNICATION: (*COMMUNICATION_TEXT_FIELDS, *NEED_GROUPS),
}


def _locked(record: PersonRecord, req: Request, kind: WordsRecord) -> dict[str, str]:
    """Fields `req.user` may not change, each with the reason (each checked as the only change)."""
    authors: dict[str, Author] = record.authors.get(kind.value, {})
    out = {}
    for f in FIELDS[kind]:
        decision = consent_rules.may_write(req.user, record.links, req.today, kind, {f}, authors)
        if not decision:
            out[f] = decision.reason
    return out


def show(req: Request) -> MyPlanView:
    user = req.require("my_plan")
    record = my_record(req, "my plan")
    pid = record.person.id
    assert pid is not None
    reader = reader_for(user.role.value, user.person_id, pid, record.name)
    services = set(record.consent_parts) | set(record.services)
    locked = {k.value: _locked(record, req, k) for k in FIELDS}
    teams = service_teams()
    done = None if req.db is None else outcome_words.for_person(
        req.db, pid, record.person.dob, record.aspirations, req.today,
        name=None if reader.own else (record.name.split(" ")[0] or record.name))
    return MyPlanView(
        outcomes=done, can_check_in=reader.own and req.db is not None,
        person_id=pid, reader=reader, aspirations=dict(record.aspirations), profile=dict(record.profile),
        communication=record.communication, versions=dict(record.versions), locked=locked, today=req.today,
        can_edit=any(len(locked[k.value]) < len(fields) for k, fields in FIELDS.items()),
        can_consent=bool(consent_rules.may_change_consent(req.user, record.links, req.today)),
        can_choose_parent=bool(consent_rules.may_change_consent(req.user, record.links, req.today, parent_choice=True)),
        parent_sees=record.links.parent_consent,
        decides_from=schoolyear.csa_end(record.person.dob) + dt.timedelta(days=1),
        sharing=[Sharing(sid, _service_label(sid, teams), record.consent_parts.get(sid, frozenset()), service_name(sid))
                 for sid in sorted(services, key=service_name)])


def _service_label(sid: str, teams: dict[str, str]) -> str:
    team = teams.get(sid)
    return f"{service_name(sid)} ({team_name(team)})" if team else service_name(sid)


def _save(req: Request, person_id: str, kind: WordsRecord, content: dict, expected_version: int | None) -> None:
    req.require("my_plan")
    record = my_record(req, f"save {kind.value}")
    if record.person.id != person_id:
        raise Refused("You can only change your own plan.", serious=True)
    try:
        req.records.save_words(record, kind, content, req.user, req.today, expected_version)
    except NotAllowed as refused:
        raise Refused(str(refused)) from None
    except ConflictError as stale:
        raise Stale(str(stale)) from None


def save_aspirations(req: Request, person_id: str, answers: dict[str, str], expected_version: int | None = None) -> str:
    """Save what the young person wants (blank answers left out); refused when this user may not
    change those words, or someone saved since `expected_version`. Audited."""
    _save(req, person_id, WordsRecord.WISHES, {k: v.strip() for k, v in answers.items() if v.strip()},
          expected_version)
    return "Saved what you want for your future." if _own(req, person_id) else "Saved what they want for the future."


def save_profile(req: Request, person_id: str, profile: dict[str, str], expected_version: int | None) -> str:
    """Save the one-page profile; refused (nothing written) when someone saved it after the
    version the user was shown, or the user may not change those words. Audited."""
    _save(req, person_id, WordsRecord.PROFILE, {k: v.strip() for k, v in profile.items() if v.strip()},
          expected_version)
    return "Saved your profile." if _own(req, person_id) else "Saved the profile."


def save_communication(req: Request, person_id: str, needs: dict, expected_version: int | None) -> str:
    """Save how the young person communicates and their needs (the standard's four groups)."""
    try:
        fields = CommunicationNeeds(**{k: (tuple(v) if k in NEED_GROUPS else str(v).strip())
                                       for k, v in needs.items()}).as_fields()
    except ValueError as bad:
        raise Refused(str(bad)) from None
    _save(req, person_id, WordsRecord.COMMUNICATION, fields, expected_version)
    return "Saved how you communicate." if _own(req, person_id) else "Saved how they communicate."


def _own(req: Request, person_id: str) -> bool:
    return req.user is not None and req.user.person_id == person_id and req.user.role.value == "young_person"


def set_sharing(req: Request, person_id: str, service_id: str, parts: frozenset[Part],
                expected_version: int | None = None) -> str:
    """What one service sees (an empty set: nothing); refused unless this user decides; audited."""
    _share(req, person_id, {service_id: frozenset(parts)}, None, expected_version)
    name = service_name(service_id)
    if not parts:
        return f"{name} no longer sees any of the plan."
    return f"{name} now sees: " + "; ".join(PART_LABELS[p] for p in sorted(parts)) + "."


def set_consent(req: Request, person_id: str, service_id: str, shared: bool) -> str:
    """Share everything with a service, or nothing (the simple switch)."""
    set_sharing(req, person_id, service_id, frozenset(Part) if shared else frozenset())
    name = service_name(service_id)
    return f"Your plan is now shared with {name}." if shared else f"You stopped sharing your plan with {name}."


def set_parent_sharing(req: Request, person_id: str, on: bool, expected_version: int | None = None) -> str:
    """The young person's choice: does their parent or carer see their plan?"""
    _share(req, person_id, {}, on, expected_version)
    return ("Your parent or carer can see your plan." if on
            else "Your parent or carer can no longer see your plan.")


def _share(req: Request, person_id: str, services: dict, parent: bool | None, expected_version: int | None) -> None:
    req.require("my_plan")
    record = my_record(req, "save sharing")
    if record.person.id != person_id:
        raise Refused("You can only change your own plan.", serious=True)
    try:
        req.records.save_sharing(record, services, req.user, req.today, parent=parent,
                                 expected_version=expected_version)
    except NotAllowed as refused:
        raise Refused(str(refused)) from None
    except ConflictError as stale:
        raise Stale(str(stale)) from None


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
