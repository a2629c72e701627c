"""What the app reads and writes about users and people, behind one small interface.

The pages talk to a `Records` object, never to SQLite: `StoreRecords` (in planner.access.store_records)
wraps planner.store; `MemoryRecords` here holds the same data in dicts for tests. Every read of
a person's record goes through `read_person`, which checks planner.access and writes the audit
entry, so no page can forget either.
"""

from __future__ import annotations

import datetime as dt
import functools
import threading
from typing import Protocol

from pydantic import BaseModel, ConfigDict, Field

from planner import access, pathways
from planner.access import LoginState, PersonLinks, Role, User
from planner.access import consent as consent_rules
from planner.models import Person
from planner.own_words import (
    ALL_PARTS,
    PROFILE_FIELDS,
    Author,
    CommunicationNeeds,
    Part,
    WordsRecord,
    changed_fields,
)
from planner.store import ConflictError


class AccountRecord(BaseModel):
    """A user row: the public `User` plus what only sign-in needs."""

    model_config = ConfigDict(extra="forbid")

    user: User
    password_hash: str | None = None
    login: LoginState = Field(default_factory=LoginState)


class Contact(BaseModel):
    """The named worker (NICE NG43) and how to reach them."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    username: str
    name: str
    team: str = ""  # the team's plain name, never its id
    email: str | None = None
    phone: str | None = None

    @property
    def words(self) -> str:
        """'Ann Patel, SEND team; 01632 960 123, ann@example.org': who to ask, and how (a team's
        name may hold brackets of its own, so the team follows a comma)."""
        reach = ", ".join(x for x in (self.phone, self.email) if x)
        return f"{self.name}{f', {self.team}' if self.team else ''}{f'; {reach}' if reach else ''}"


class PersonRecord(BaseModel):
    """What the pages show about one person, read once per page load."""

    model_config = ConfigDict(extra="forbid")

    person: Person
    name: str
    links: PersonLinks
    services: list[str] = Field(default_factory=list)  # service ids open now
    aspirations: dict[str, str] = Field(default_factory=dict)  # outcome id -> own words
    profile: dict[str, str] = Field(default_factory=dict)
    profile_version: int | None = None  # as read, so a save can refuse a stale write
    consents: dict[str, bool] = Field(default_factory=dict)  # service id -> shares anything?
    consent_parts: dict[str, frozenset[Part]] = Field(default_factory=dict)  # service id -> what it sees
    communication: CommunicationNeeds = Field(default_factory=CommunicationNeeds)
    # WordsRecord value -> version as read (0: never saved); a save names it to refuse a stale write
    versions: dict[str, int] = Field(default_factory=dict)
    # WordsRecord value -> field -> who wrote the words now there
    authors: dict[str, dict[str, Author]] = Field(default_factory=dict)
    worker: Contact | None = None
    steps: list[dict] = Field(default_factory=list)  # scheduled handover steps, if any
    handovers: list[dict] = Field(default_factory=list)  # the stored plan's handovers (gaps, in weeks)
    contact: str = ""  # who to ask about the plan: the named worker and their team
    team_names: dict[str, str] = Field(default_factory=dict)  # team id -> name, for the plan's words

    def words(self, record: WordsRecord) -> dict:
        """The current content of one record, as its fields."""
        match record:
            case WordsRecord.PROFILE:
                return dict(self.profile)
            case WordsRecord.WISHES:
                return dict(self.aspirations)
            case WordsRecord.COMMUNICATION:
                return {k: v for k, v in self.communication.as_fields().items() if v}
        raise ValueError(f"{record} is not a record of words")


class NotAllowed(Exception):
    """Raised when a user asks for a record they may not see; the message is for people."""


class Records(Protocol):
    def account(self, username: str) -> AccountRecord | None: ...
    def account_by_email(self, email: str) -> AccountRecord | None: ...
    def count_failure(self, username: str, now: dt.datetime) -> tuple[LoginState, LoginState] | None: ...
    def clear_failures(self, username: str) -> None: ...
    def links(self, person_id: str) -> PersonLinks | None: ...
    def load_person(self, person_id: str) -> PersonRecord | None: ...
    def save_aspirations(self, person_id: str, aspirations: dict[str, str], by: str,
                         expected_version: int | None = None) -> None: ...
    def save_profile(self, person_id: str, profile: dict[str, str], by: str,
                     expected_version: int | None = None) -> None: ...
    def save_consent(self, person_id: str, service_id: str, shared: bool, by: str) -> None: ...
    def save_words(self, record: PersonRecord, kind: WordsRecord, content: dict, user: User,
                   today: dt.date, expected_version: int | None = None) -> int: ...
    def save_sharing(self, record: PersonRecord, services: dict[str, frozenset[Part]], user: User,
                     today: dt.date, *, parent: bool | None = None, expected_version: int | None = None) -> int: ...
    def audit(self, username: str, action: str, person_id: str | None, detail: str = "") -> None: ...


def read_person(records: Records, user: User | None, person_id: str, today: dt.date, purpose: str) -> PersonRecord:
    """The record of `person_id` for `user`, audited; raises NotAllowed (also audited) if not."""
    links = records.links(person_id)
    decision = access.read_decision(user, person_id, links, today)
    who = user.username if user else "(not signed in)"
    if not decision.allowed:
        records.audit(who, "read refused", person_id, f"{purpose}: {decision.reason}")
        raise NotAllowed(decision.reason)
    record = records.load_person(person_id)
    if record is None:
        raise NotAllowed("There is no record you can see here.")
    records.audit(who, "read", person_id, purpose)
    return record


@functools.cache
def service_teams() -> dict[str, str]:
    """Service id -> the team that runs it, from the pathway files (who a consent reaches)."""
    return {sid: service.team for sid, service in pathways.load().services.items()}


def check_words(record: PersonRecord, kind: WordsRecord, content: dict, user: User, today: dt.date) -> set[str]:
    """The fields `user` would change; raises NotAllowed when they may not (planner.access.consent)."""
    changed = changed_fields(record.words(kind), content)
    decision = consent_rules.may_write(user, record.links, today, kind, changed,
                                       record.authors.get(kind.value, {}))
    if not decision:
        raise NotAllowed(decision.reason)
    return changed


def check_sharing(record: PersonRecord, services: dict, user: User, today: dt.date, parent: bool | None) -> None:
    """Raises NotAllowed unless `user` may make these sharing choices."""
    if services:
        decision = consent_rules.may_change_consent(user, record.links, today)
        if not decision:
            raise NotAllowed(decision.reason)
    if parent is not None and parent != record.links.parent_consent:
        decision = consent_rules.may_change_consent(user, record.links, today, parent_choice=True)
        if not decision:
            raise NotAllowed(decision.reason)


SAVED_ACTIONS = {WordsRecord.PROFILE: "update profile", WordsRecord.WISHES: "update aspirations",
                 WordsRecord.COMMUNICATION: "update communication needs"}


def sharing_audit(before: PersonRecord, services: dict[str, frozenset[Part]], parent: bool | None) -> list[tuple[str, str]]:
    """(action, detail) audit entries for a sharing change: what changed, never the words."""
    out = []
    for sid, parts in sorted(services.items()):
        was = before.consent_parts.get(sid, frozenset())
        if parts != was:
            action = "withdraw consent" if not parts else "give consent" if not was else "change consent"
            out.append((action, f"{sid}: {','.join(sorted(p.value for p in parts))}" if parts else sid))
    if parent is not None and parent != before.links.parent_consent:
        out.append(("give consent" if parent else "withdraw consent", "parent or carer sees the record"))
    return out


def sign_in(records: Records, username: str, password: str, now: dt.datetime,
            unknown: access.UnknownNames = access.UNKNOWN_NAMES) -> access.SignInResult:
    """Decide a password sign-in and audit it.

    The attempt is counted as a wrong password before the password is checked, in one atomic
    step that also refuses a locked account (store.record_login_failure), and cleared when the
    password is right: so however many attempts arrive at once, no more than
    access.MAX_FAILED_ATTEMPTS passwords are checked before the account locks. A username that
    is not an account is counted and locked the same way (in memory, access.UnknownNames) and
    gets the same messages, so the page never tells which usernames exist; the audit log then
    says "unknown account" and a keyed hash, never what was typed.
    """
    name = username.strip()
    account = records.account(name) if 0 < len(name) <= access.MAX_USERNAME else None
    counted = records.count_failure(name, now) if account is not None else None
    if account is None or counted is None:
        account = None
        before, after = unknown.count(name, now)
        who, detail = UNKNOWN_ACCOUNT, f"name {unknown.tag(name)}" if name else "blank name"
    else:
        before, after = counted
        who, detail = name, ""
    if access.is_locked(before, now):
        access.verify_password(None, password)  # the same work as any other attempt
        records.audit(who, "sign in refused", None, " ".join(filter(None, ["locked", detail])))
        return access.SignInResult(ok=False, message=access.refusal_message(before, after, now))
    if account is not None and account.password_hash is not None and access.verify_password(account.password_hash, password):
        records.clear_failures(name)
        records.audit(name, "sign in", None, "password")
        return access.SignInResult(ok=True, message="Signed in.", user=account.user)
    if account is None or account.password_hash is None:
        access.verify_password(None, password)
    reason = "wrong password, now locked" if access.is_locked(after, now) else "wrong password"
    records.audit(who, "sign in refused", None, " ".join(filter(None, [reason, detail])))
    return access.SignInResult(ok=False, message=access.refusal_message(before, after, now))


UNKNOWN_ACCOUNT = "(unknown account)"


class MemoryRecords:
    """Records held in dicts (tests, and a preview before a database exists)."""

    def __init__(self, accounts: list[AccountRecord], people: list[PersonRecord]):
        self.accounts = {a.user.username: a for a in accounts}
        self.people = {p.person.id: p for p in people if p.person.id}
        self.audit_log: list[tuple[str, str, str | None, str]] = []
        self._lock = threading.Lock()

    def account(self, username: str) -> AccountRecord | None:
        return self.accounts.get(username)

    def account_by_email(self, email: str) -> AccountRecord | None:
        return next((a for a in self.accounts.values() if (a.user.email or "").lower() == email.lower()), None)

    def count_failure(self, username: str, now: dt.datetime) -> tuple[LoginState, LoginState] | None:
        with self._lock:
            account = self.accounts.get(username)
            if account is None:
                return None
            before = account.login
            after = before if access.is_locked(before, now) else access.after_failure(before, now)
            self.accounts[username] = account.model_copy(update={"login": after})
            return before, after

    def clear_failures(self, username: str) -> None:
        with self._lock:
            self.accounts[username] = self.accounts[username].model_copy(update={"login": LoginState()})

    def links(self, person_id: str) -> PersonLinks | None:
        p = self.people.get(person_id)
        if p is None:
            return None
        shared = consent_rules.team_parts(p.consent_parts, service_teams())
        return p.links.model_copy(update={"shared_with": shared})

    def load_person(self, person_id: str) -> PersonRecord | None:
        p = self.people.get(person_id)
        if p is None:
            return None
        copy = p.model_copy(deep=True)
        copy.links = self.links(person_id) or copy.links
        return copy

    def _user(self, by: str) -> User:
        account = self.accounts.get(by)
        if account is None:
            raise NotAllowed("There is no account for this change.")
        return account.user

    def save_aspirations(self, person_id: str, aspirations: dict[str, str], by: str,
                         expected_version: int | None = None) -> None:
        record = self.load_person(person_id)
        assert record is not None
        self.save_words(record, WordsRecord.WISHES, aspirations, self._user(by), dt.date.today(), expected_version)

    def save_profile(self, person_id: str, profile: dict[str, str], by: str,
                     expected_version: int | None = None) -> None:
        record = self.load_person(person_id)
        assert record is not None
        self.save_words(record, WordsRecord.PROFILE, profile, self._user(by), dt.date.today(), expected_version)

    def save_consent(self, person_id: str, service_id: str, shared: bool, by: str) -> None:
        record = self.load_person(person_id)
        assert record is not None
        self.save_sharing(record, {service_id: ALL_PARTS if shared else frozenset()}, self._user(by), dt.date.today())

    def save_words(self, record: PersonRecord, kind: WordsRecord, content: dict, user: User,
                   today: dt.date, expected_version: int | None = None) -> int:
        person = self.people[record.person.id or ""]
        current = person.versions.get(kind.value, 0)
        if expected_version is not None and expected_version != current:
            raise ConflictError(f"This {kind.value}", "someone", "")
        changed = check_words(person, kind, content, user, today)
        authors = person.authors.setdefault(kind.value, {})
        for field in changed:
            if content.get(field):
                authors[field] = Author(by=user.username, role=user.role.value)
            else:
                authors.pop(field, None)
        if kind is WordsRecord.PROFILE:
            person.profile = {k: v for k, v in content.items() if v and k in PROFILE_FIELDS}
            person.profile_version = current + 1
        elif kind is WordsRecord.WISHES:
            person.aspirations = {k: v for k, v in content.items() if v}
        else:
            person.communication = CommunicationNeeds.from_fields(content)
        person.versions[kind.value] = current + 1
        self.audit(user.username, SAVED_ACTIONS[kind], person.person.id)
        return current + 1

    def save_sharing(self, record: PersonRecord, services: dict[str, frozenset[Part]], user: User,
                     today: dt.date, *, parent: bool | None = None, expected_version: int | None = None) -> int:
        person = self.people[record.person.id or ""]
        current = person.versions.get(WordsRecord.CONSENT.value, 0)
        if expected_version is not None and expected_version != current:
            raise ConflictError("These sharing choices", "someone", "")
        check_sharing(self.load_person(record.person.id or "") or record, services, user, today, parent)
        entries = sharing_audit(person, services, parent)
        for sid, parts in services.items():
            person.consent_parts[sid] = frozenset(parts)
            person.consents[sid] = bool(parts)
        if parent is not None:
            person.links = person.links.model_copy(update={"parent_consent": parent})
        person.versions[WordsRecord.CONSENT.value] = current + 1
        for action, detail in entries:
            self.audit(user.username, action, person.person.id, detail)
        return current + 1

    def audit(self, username: str, action: str, person_id: str | None, detail: str = "") -> None:
        self.audit_log.append((username, action, person_id, detail))


ANN = Contact(username="worker.ann", name="Ann Patel", team="SEND team (EHC plan caseworkers)",
              email="ann.patel@eastshire.example", phone="01632 960 123")  # synthetic; 01632 960xxx: Ofcom's drama range
SAMPLE_PASSWORD = "transition-demo"  # synthetic accounts only; documented in the README


def sample_records(today: dt.date | None = None) -> MemoryRecords:
    """Two synthetic young people and one account per role, for tests and a preview of the
    app when no database has been built yet (the store's demo generator is the real source)."""
    pw = access.hash_password(SAMPLE_PASSWORD)

    def account(username: str, role: Role, name: str, **kw) -> AccountRecord:
        return AccountRecord(user=User(username=username, role=role, display_name=name, **kw), password_hash=pw)

    sam = Person(id="demo-sam", dob=dt.date(2010, 8, 31), ehc_plan=True, last_review=dt.date(2026, 3, 1),
                 camhs=True, childrens_social_care=True, continuing_care=True, dla=True, ld_register=True,
                 record_started=dt.date(2025, 9, 1))
    # A stored plan for Sam in which the adult mental health team is full: the adult service
    # starts 7 weeks after CAMHS ends (the family's pages must say so, issue 11).
    camhs = "demo-sam/camhs_to_adult_mental_health"
    sam_handovers = [{"id": camhs, "person_id": "demo-sam", "from_service": "camhs", "to_service": "adult_mental_health",
                      "due": "2028-08-31", "title": "CAMHS to adult mental health", "gap_weeks": 7, "weight": 2}]
    sam_steps = [
        {"id": f"{camhs}/referral", "handover_id": camhs, "person_id": "demo-sam", "kind": "refer",
         "title": "CAMHS refers you to the adult service", "team_id": "camhs_team", "start": "2027-12-06",
         "end": "2027-12-12", "deadline": "2028-03-31", "status": "planned", "reason": "can start now"},
        {"id": f"{camhs}/adult_assessment", "handover_id": camhs, "person_id": "demo-sam", "kind": "assess",
         "title": "The adult service assesses and accepts the referral", "team_id": "adult_mental_health",
         "start": "2028-08-21", "end": "2028-09-17", "deadline": "2028-06-30", "status": "planned",
         "reason": "the team had no free place from 3 January 2028 to 20 August 2028"},
        {"id": f"{camhs}/transfer", "handover_id": camhs, "person_id": "demo-sam", "kind": "transfer",
         "title": "Your care moves to the adult service", "team_id": "adult_mental_health", "start": "2028-10-13",
         "end": "2028-10-19", "deadline": "2028-08-31", "status": "planned",
         "reason": "starts as soon as the step before is finished"},
    ]
    alex = Person(id="demo-alex", dob=dt.date(2012, 2, 14), ehc_plan=True, ld_register=True)
    people = [
        PersonRecord(
            person=sam, name="Sam Taylor",
            links=PersonLinks(person_id="demo-sam", dob=sam.dob, parents=frozenset({"parent.sam"}), parent_consent=True,
                              workers=frozenset({"worker.ann"}), teams=frozenset({"send_team"})),
            services=["special_school_post16", "camhs", "short_breaks", "childrens_continuing_care"],
            aspirations={"employment": "I want to work with animals."},
            authors={"wishes": {"employment": Author(by="young.sam", role="young_person")}},
            consents={"ehc_plan": True, "fe_college": True, "adult_social_care": True, "adult_mental_health": False},
            consent_parts={"ehc_plan": ALL_PARTS, "fe_college": ALL_PARTS, "adult_social_care": ALL_PARTS,
                           "adult_mental_health": frozenset()},
            communication=CommunicationNeeds(how_i_communicate="I like short sentences and time to think.",
                                             information_formats=("easy_read",),
                                             communication_support=("extra_time",)),
            steps=sam_steps, handovers=sam_handovers, contact=ANN.words,
            team_names={"adult_mental_health": "Adult mental health team", "camhs_team": "CAMHS team"},
            worker=ANN,
        ),
        PersonRecord(
            person=alex, name="Alex Morgan",
            links=PersonLinks(person_id="demo-alex", dob=alex.dob, parents=frozenset({"parent.alex"}),
                              workers=frozenset({"worker.ann"}), teams=frozenset({"send_team"})),
            services=["special_school"],
            worker=ANN,
        ),
    ]
    accounts = [
        account("young.sam", Role.YOUNG_PERSON, "Sam", person_id="demo-sam", email="sam@example.org"),
        account("young.alex", Role.YOUNG_PERSON, "Alex", person_id="demo-alex"),
        account("parent.sam", Role.PARENT_CARER, "Jo Taylor", person_id="demo-sam"),
        account("parent.alex", Role.PARENT_CARER, "Chris Morgan", person_id="demo-alex"),
        account("worker.ann", Role.WORKER, "Ann Patel", team_id="send_team", email="ann@example.org"),
        account("manager.raj", Role.TEAM_MANAGER, "Raj Singh", team_id="send_team"),
        account("commissioner.lee", Role.COMMISSIONER, "Lee Evans"),
        account("admin.kim", Role.ADMINISTRATOR, "Kim Shaw"),
    ]
    return MemoryRecords(accounts, people)
