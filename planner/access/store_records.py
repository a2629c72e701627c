"""The app's records (planner.access.records.Records) kept in the store: accounts, the links that decide
who may read a person, the young person's record and their own words, and the audit log.

One `StoreRecords` per Streamlit session, over that session's connection (`open_records(db)`),
or over a path for a script (`open_records("data/planner.db")`). Pages never call this directly
for a person's record: `planner.access.records.read_person` checks access and audits every read.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from planner import access, store
from planner.access import LoginState, PersonLinks, Role, User
from planner.access import consent as consent_rules
from planner.access.records import (
    SAVED_ACTIONS,
    AccountRecord,
    Contact,
    NotAllowed,
    PersonRecord,
    check_sharing,
    check_words,
    service_teams,
    sharing_audit,
)
from planner.own_words import (
    ALL_PARTS,
    PROFILE_FIELDS,
    Author,
    CommunicationNeeds,
    Part,
    WordsRecord,
    authors,
    parse_parts,
)


def account_record(row: Mapping[str, Any]) -> AccountRecord:
    """A users row as the app's AccountRecord (the hash stays out of `User`)."""
    locked = row.get("locked_until")
    return AccountRecord(
        user=User(username=row["username"], role=Role(row["role"]), display_name=row.get("display_name") or "",
                  person_id=row.get("person_id"), team_id=row.get("team_id"), email=row.get("email")),
        password_hash=row.get("password_hash"),
        login=LoginState(failed_attempts=row.get("failed_attempts") or 0,
                         locked_until=dt.datetime.fromisoformat(locked) if locked else None),
    )


def open_on(episodes: list[dict], day: dt.date) -> list[str]:
    """Service ids of the episodes running on `day` (an episode's end date is its last day)."""
    on = day.isoformat()
    found: list[str] = []
    for e in episodes:
        if e["start"] <= on and (e["end"] is None or e["end"] >= on) and e["service_id"] not in found:
            found.append(e["service_id"])
    return found


class StoreRecords:
    """planner.access.records.Records over a store connection."""

    def __init__(self, db: Database, today: Callable[[], dt.date] = dt.date.today):
        self.db = db
        self.today = today  # the app pins the date in tests; services "open now" follow it

    # --- accounts -------------------------------------------------------------------------

    def account(self, username: str) -> AccountRecord | None:
        row = store.get_user(self.db, username)
        return account_record(row) if row else None

    def account_by_email(self, email: str) -> AccountRecord | None:
        row = store.get_user_by_email(self.db, email)
        return account_record(row) if row else None

    def count_failure(self, username: str, now: dt.datetime) -> tuple[LoginState, LoginState] | None:
        """Count one wrong password atomically (see records.sign_in); (before, after)."""
        counted = store.record_login_failure(self.db, username, now, max_attempts=access.MAX_FAILED_ATTEMPTS,
                                             lock_for=access.LOCK_OUT)
        if counted is None:
            return None
        after = LoginState(failed_attempts=counted.failed,
                           locked_until=dt.datetime.fromisoformat(counted.locked_until) if counted.locked_until else None)
        if counted.was_locked:
            return after, after
        # Not locked before this attempt: one fewer wrong password (or, if this one locked it, four).
        before = LoginState(failed_attempts=max(0, (counted.failed or access.MAX_FAILED_ATTEMPTS) - 1))
        return before, after

    def clear_failures(self, username: str) -> None:
        store.reset_failures(self.db, username)

    # --- a person -------------------------------------------------------------------------

    def links(self, person_id: str) -> PersonLinks | None:
        """Who may read the record, and what the young person shares with which team (read
        fresh on every call, so a consent withdrawn stops the next page load)."""
        facts = store.person_links(self.db, person_id)
        if not facts:
            return None
        parts = {sid: parse_parts(text) for sid, text in store.get_consent_parts(self.db, person_id).items()}
        return PersonLinks(**facts, shared_with=consent_rules.team_parts(parts, service_teams()))

    def _authors(self, person_id: str, record: WordsRecord) -> dict[str, Author]:
        """Who wrote each field now: from the saved versions, else from the rows themselves
        (words loaded before versions were kept)."""
        found = store.row_authors(self.db, person_id, record)
        found.update(authors(store.words_history(self.db, person_id, record)))
        return found

    def _worker(self, person_id: str) -> Contact | None:
        row = store.named_worker(self.db, person_id)
        if row is None:
            return None
        return Contact(username=row["username"], name=row["display_name"] or row["username"],
                       team=row["team_name"] or "", email=row["email"], phone=row["phone"])

    def load_person(self, person_id: str) -> PersonRecord | None:
        """The record as the young person's pages show it. Call through records.read_person,
        which checks access and audits the read."""
        row = store.get_person(self.db, person_id)
        links = self.links(person_id)
        if row is None or links is None:
            return None
        profile_row = store.get_profile(self.db, person_id) or {}
        parts = {sid: parse_parts(text) for sid, text in store.get_consent_parts(self.db, person_id).items()}
        versions = store.words_versions(self.db, person_id)
        worker = self._worker(person_id)
        return PersonRecord(
            person=store.person_model(row),
            name=row.get("name") or "",
            links=links,
            services=open_on(store.episodes_for(self.db, person_id), self.today()),
            aspirations=store.get_aspirations(self.db, person_id),
            profile={k: profile_row[k] for k in PROFILE_FIELDS if profile_row.get(k)},
            profile_version=versions[WordsRecord.PROFILE.value],  # 0: none yet, so a first save by two people clashes
            consents={sid: bool(p) for sid, p in parts.items()},
            consent_parts=parts,
            communication=CommunicationNeeds.from_fields(store.get_communication(self.db, person_id) or {}),
            versions=versions,
            authors={r.value: self._authors(person_id, r)
                     for r in (WordsRecord.PROFILE, WordsRecord.WISHES, WordsRecord.COMMUNICATION)},
            worker=worker,
            steps=[s for s in store.steps_for(self.db, person_id) if s.get("start") or s.get("deadline")],
            handovers=store.handovers_for(self.db, person_id),
            contact=worker.words if worker else "",
            team_names={t["id"]: t["name"] for t in store.list_teams(self.db, row["area"]) if t.get("name")},
        )

    def _user(self, by: str) -> User:
        account = self.account(by)
        if account is None:
            raise NotAllowed("There is no account for this change.")
        return account.user

    def _fresh(self, person_id: str) -> PersonRecord:
        record = self.load_person(person_id)
        if record is None:
            raise NotAllowed("There is no record you can see here.")
        return record

    def save_aspirations(self, person_id: str, aspirations: dict[str, str], by: str,
                         expected_version: int | None = None) -> None:
        """Replace what the young person wants (outcome -> words), as `by` (a username)."""
        self.save_words(self._fresh(person_id), WordsRecord.WISHES, aspirations, self._user(by), self.today(),
                        expected_version)

    def save_profile(self, person_id: str, profile: dict[str, str], by: str,
                     expected_version: int | None = None) -> None:
        """Replace the one-page profile (a field left out is cleared). When `expected_version`
        (the version the user was shown) is older than the stored one, store.ConflictError says
        who changed it and when, and nothing is written."""
        self.save_words(self._fresh(person_id), WordsRecord.PROFILE, profile, self._user(by), self.today(),
                        expected_version)

    def save_consent(self, person_id: str, service_id: str, shared: bool, by: str) -> None:
        self.save_sharing(self._fresh(person_id), {service_id: ALL_PARTS if shared else frozenset()},
                          self._user(by), self.today())

    def save_words(self, record: PersonRecord, kind: WordsRecord, content: dict, user: User,
                   today: dt.date, expected_version: int | None = None) -> int:
        """Save one record of the young person's words as `user`: refused (NotAllowed) when they may
        not change those words (planner.access.consent.may_write), refused (ConflictError, with who
        and when) when someone saved since `expected_version`; audited, never with the words."""
        pid = record.person.id or ""
        latest = self._fresh(pid)  # who wrote what now, not when the page was drawn
        check_words(latest, kind, content, user, today)
        role = user.role.value
        with self.db.atomic():
            if kind is WordsRecord.PROFILE:
                fields = {k: (content.get(k) or "").strip() for k in PROFILE_FIELDS}
                version = store.save_profile(self.db, pid, fields, user.username, expected_version, role=role)
            elif kind is WordsRecord.WISHES:
                version = store.save_aspirations(self.db, pid, content, user.username, role=role,
                                                 expected_version=expected_version)
            else:
                needs = CommunicationNeeds.from_fields(content)
                version = store.save_communication(self.db, pid, needs.as_fields(), user.username, role=role,
                                                   expected_version=expected_version)
            store.audit(self.db, user.username, SAVED_ACTIONS[kind], pid)
        return version

    def save_sharing(self, record: PersonRecord, services: dict[str, frozenset[Part]], user: User,
                     today: dt.date, *, parent: bool | None = None, expected_version: int | None = None) -> int:
        """Save sharing choices as `user` (what each named service sees; whether the parent sees
        the record): refused when they may not decide, or when someone changed them since
        `expected_version`; each change audited."""
        pid = record.person.id or ""
        latest = self._fresh(pid)
        check_sharing(latest, services, user, today, parent)
        with self.db.atomic():
            version = store.save_consent(self.db, pid, services, user.username, parent=parent, role=user.role.value,
                                         expected_version=expected_version)
            for action, detail in sharing_audit(latest, services, parent):
                store.audit(self.db, user.username, action, pid, detail)
        return version

    def audit(self, username: str, action: str, person_id: str | None, detail: str = "") -> None:
        store.audit(self.db, username, action, person_id, detail)


def open_records(path_or_db: str | Path | Database, today: Callable[[], dt.date] = dt.date.today) -> StoreRecords:
    """StoreRecords over an open connection, or over a new connection to the file at a path."""
    db = path_or_db if isinstance(path_or_db, Database) else store.open_db(path_or_db)
    return StoreRecords(db, today)
