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
from planner.access.records import AccountRecord, PersonRecord


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
        facts = store.person_links(self.db, person_id)
        return PersonLinks(**facts) if facts else None

    def load_person(self, person_id: str) -> PersonRecord | None:
        """The record as the young person's pages show it. Call through records.read_person,
        which checks access and audits the read."""
        row = store.get_person(self.db, person_id)
        links = self.links(person_id)
        if row is None or links is None:
            return None
        profile_row = store.get_profile(self.db, person_id) or {}
        return PersonRecord(
            person=store.person_model(row),
            name=row.get("name") or "",
            links=links,
            services=open_on(store.episodes_for(self.db, person_id), self.today()),
            aspirations=store.get_aspirations(self.db, person_id),
            aspirations_version=store.aspirations_version(self.db, person_id),
            profile={k: profile_row[k] for k in store.PROFILE_FIELDS if profile_row.get(k)},
            profile_version=profile_row.get("version", 0),  # 0: none yet, so a first save by two people clashes
            consents=store.get_consents(self.db, person_id),
            steps=[s for s in store.steps_for(self.db, person_id) if s.get("start") or s.get("deadline")],
            handovers=store.handovers_for(self.db, person_id),
            contact=self._contact(row),
            team_names={t["id"]: t["name"] for t in store.list_teams(self.db, row["area"]) if t.get("name")},
        )

    def _contact(self, row: dict) -> str:
        """The named worker and their team, in words ('Ann Patel (SEND team)'), or ''."""
        worker = store.get_user(self.db, row["worker"]) if row.get("worker") else None
        if worker is None:
            return ""
        team = next((t["name"] for t in store.list_teams(self.db, row["area"]) if t["id"] == worker.get("team_id")), "")
        name = worker.get("display_name") or worker["username"]
        return f"{name} ({team})" if team else name

    def save_aspirations(self, person_id: str, aspirations: dict[str, str], by: str,
                         expected_version: int | None = None) -> None:
        """Replace what the young person wants. When `expected_version` (the version the user was
        shown) is older than the stored one, store.ConflictError says who changed it and when,
        and nothing is written. store.save_aspirations refuses an unknown outcome."""
        with self.db.atomic():
            store.save_aspirations(self.db, person_id, aspirations, by, expected_version=expected_version)
            store.audit(self.db, by, "update aspirations", person_id)

    def save_profile(self, person_id: str, profile: dict[str, str], by: str,
                     expected_version: int | None = None) -> None:
        """Replace the one-page profile (a field left out is cleared). When `expected_version`
        (the version the user was shown) is older than the stored one, store.ConflictError says
        who changed it and when, and nothing is written."""
        fields = {k: profile.get(k, "") for k in store.PROFILE_FIELDS}
        with self.db.atomic():
            store.save_profile(self.db, person_id, fields, by, expected_version=expected_version)
            store.audit(self.db, by, "update profile", person_id)

    def save_consent(self, person_id: str, service_id: str, shared: bool, by: str) -> None:
        with self.db.atomic():
            store.set_consent(self.db, person_id, service_id, shared, by)
            store.audit(self.db, by, "give consent" if shared else "withdraw consent", person_id, service_id)

    def audit(self, username: str, action: str, person_id: str | None, detail: str = "") -> None:
        store.audit(self.db, username, action, person_id, detail)


def open_records(path_or_db: str | Path | Database, today: Callable[[], dt.date] = dt.date.today) -> StoreRecords:
    """StoreRecords over an open connection, or over a new connection to the file at a path."""
    db = path_or_db if isinstance(path_or_db, Database) else store.open_db(path_or_db)
    return StoreRecords(db, today)
