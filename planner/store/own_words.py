"""The young person's own words and choices: what they want (aspirations), the one-page profile,
their communication needs and their consent to share, each kept with every saved version.

Each of the four records (planner.own_words.WordsRecord) has a version: the newest row of
`own_words_versions` for that person and record (0 when nothing has been saved). A save names
the version its writer was shown (`expected_version`); if someone saved in between, ConflictError
says who and when and nothing is written. Every version keeps its content, who saved it, in what
role and when, so the history of a young person's words can always be shown, and who wrote the
words now in each field can be worked out (planner.own_words.authors).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Mapping

from sqlite_utils import Database

from planner.own_words import (
    COMMUNICATION_FIELDS,
    WORDS_LABELS,
    Author,
    Part,
    Version,
    WordsRecord,
    parts_text,
)
from planner.store.db import ConflictError, _one, now_text
from planner.store.schema import OUTCOMES, PROFILE_FIELDS

# --- versions ---------------------------------------------------------------------------------


def words_history(db: Database, person_id: str, record: WordsRecord | str) -> list[Version]:
    """Every saved version of one record, oldest first."""
    rows = db.query("SELECT * FROM own_words_versions WHERE person_id = ? AND record = ? ORDER BY version",
                    [person_id, WordsRecord(record).value])
    return [Version(version=r["version"], by=r["changed_by"], role=r["changed_role"], at=r["changed_at"],
                    content=json.loads(r["content"])) for r in rows]


def words_versions(db: Database, person_id: str) -> dict[str, int]:
    """The current version of each of the four records (0: never saved)."""
    found = {r["record"]: r["v"] for r in db.query(
        "SELECT record, max(version) AS v FROM own_words_versions WHERE person_id = ? GROUP BY record", [person_id])}
    return {r.value: found.get(r.value, 0) for r in WordsRecord}


def _who(db: Database, username: str) -> str:
    """'Jo Taylor (parent.sam)' for a ConflictError, so the message names a person."""
    row = _one(db, "SELECT display_name FROM users WHERE username = ?", [username])
    return f"{row['display_name']} ({username})" if row and row["display_name"] else username


def _new_version(db: Database, person_id: str, record: WordsRecord, content: Mapping, by: str, role: str,
                 expected_version: int | None, at: str) -> int:
    """Append the next version, refusing a stale write; call inside a transaction."""
    current = _one(db, "SELECT version, changed_by, changed_at FROM own_words_versions WHERE person_id = ? "
                       "AND record = ? ORDER BY version DESC LIMIT 1", [person_id, record.value])
    head = current["version"] if current else 0
    if expected_version is not None and expected_version != head:
        raise ConflictError(WORDS_LABELS[record], _who(db, current["changed_by"]) if current else "", current["changed_at"] if current else "")
    try:
        db.execute("INSERT INTO own_words_versions VALUES (?, ?, ?, ?, ?, ?, ?)",
                   [person_id, record.value, head + 1, json.dumps(dict(content), sort_keys=True), by, role, at])
    except sqlite3.IntegrityError:  # another connection saved the same version first
        latest = _one(db, "SELECT changed_by, changed_at FROM own_words_versions WHERE person_id = ? AND record = ? "
                          "ORDER BY version DESC LIMIT 1", [person_id, record.value]) or {}
        raise ConflictError(WORDS_LABELS[record], _who(db, latest.get("changed_by", "")), latest.get("changed_at", "")) from None
    return head + 1


def _row_author(db: Database, by: str, at: str) -> Author:
    row = _one(db, "SELECT role FROM users WHERE username = ?", [by])
    return Author(by=by, role=row["role"] if row else "", at=at)


def row_authors(db: Database, person_id: str, record: WordsRecord | str) -> dict[str, Author]:
    """Who wrote each field according to the current rows (for words stored before versions were
    kept, or loaded in bulk): aspirations keep it per outcome, the others per record."""
    record = WordsRecord(record)
    if record is WordsRecord.WISHES:
        return {r["outcome"]: _row_author(db, r["updated_by"], r["updated_at"]) for r in db.query(
            "SELECT outcome, updated_by, updated_at FROM aspirations WHERE person_id = ?", [person_id])}
    table, fields = {WordsRecord.PROFILE: ("profiles", PROFILE_FIELDS),
                     WordsRecord.COMMUNICATION: ("communication_needs", COMMUNICATION_FIELDS)}.get(record, (None, ()))
    if table is None:
        return {}
    row = _one(db, f"SELECT * FROM {table} WHERE person_id = ?", [person_id])
    if row is None:
        return {}
    author = _row_author(db, row["updated_by"], row["updated_at"])
    return {f: author for f in fields if row.get(f)}


# --- aspirations (what I want) ----------------------------------------------------------------


def get_aspirations(db: Database, person_id: str) -> dict[str, str]:
    return {r["outcome"]: r["words"] for r in db.query(
        "SELECT outcome, words FROM aspirations WHERE person_id = ? ORDER BY outcome", [person_id])}


def aspirations_version(db: Database, person_id: str) -> int:
    """The version of a person's aspirations (0 before the first save), from their saved
    versions: pass it back to `save_aspirations` so that a save made after someone else's is
    refused."""
    return words_versions(db, person_id)[WordsRecord.WISHES.value]


def save_aspirations(db: Database, person_id: str, aspirations: Mapping[str, str], by: str,
                     at: str | None = None, *, role: str = "", expected_version: int | None = None) -> int:
    """Replace the aspirations (outcome -> the young person's words; blank ones are removed).
    Outcomes whose words did not change keep their author. Returns the new version. Words that
    changed are also kept, dated, in `aspirations_said`, so what the young person wanted at 14,
    16 or 18 can be set against what happened (planner.outcomes)."""
    bad = set(aspirations) - set(OUTCOMES)
    if bad:
        raise ValueError(f"unknown outcome {', '.join(sorted(bad))}; use {', '.join(OUTCOMES)}")
    at = at or now_text()
    wanted = {o: w.strip() for o, w in aspirations.items() if w and w.strip()}
    with db.atomic():
        version = _new_version(db, person_id, WordsRecord.WISHES, wanted, by, role, expected_version, at)
        current = get_aspirations(db, person_id)
        for outcome in set(current) - set(wanted):
            db.execute("DELETE FROM aspirations WHERE person_id = ? AND outcome = ?", [person_id, outcome])
        for outcome, words in wanted.items():
            if current.get(outcome) != words:
                db.execute("INSERT OR REPLACE INTO aspirations VALUES (?, ?, ?, ?, ?)", [person_id, outcome, words, by, at])
                db.execute("INSERT INTO aspirations_said (person_id, outcome, words, said_on, recorded_by) "
                           "VALUES (?, ?, ?, ?, ?)", [person_id, outcome, words, at[:10], by])
    return version


# --- the one-page profile ---------------------------------------------------------------------


def get_profile(db: Database, person_id: str) -> dict | None:
    return _one(db, "SELECT * FROM profiles WHERE person_id = ?", [person_id])


def save_profile(db: Database, person_id: str, profile: Mapping[str, str], by: str, expected_version: int | None = None,
                 *, role: str = "", at: str | None = None) -> int:
    """Save the one-page profile (fields left out keep their words); refuses a stale write when
    `expected_version` is given. Returns the new version."""
    bad = set(profile) - set(PROFILE_FIELDS)
    if bad:
        raise ValueError(f"unknown profile field {', '.join(sorted(bad))}")
    at = at or now_text()
    with db.atomic():
        current = get_profile(db, person_id) or {}
        fields = {f: (profile[f] if f in profile else current.get(f, "")) or "" for f in PROFILE_FIELDS}
        version = _new_version(db, person_id, WordsRecord.PROFILE, fields, by, role, expected_version, at)
        db.execute("INSERT OR REPLACE INTO profiles VALUES (?, ?, ?, ?, ?, ?, ?)",
                   [person_id, *fields.values(), version, by, at])
    return version


# --- communication needs ----------------------------------------------------------------------


def get_communication(db: Database, person_id: str) -> dict | None:
    return _one(db, "SELECT * FROM communication_needs WHERE person_id = ?", [person_id])


def save_communication(db: Database, person_id: str, fields: Mapping[str, str], by: str, *, role: str = "",
                       expected_version: int | None = None, at: str | None = None) -> int:
    """Save how the young person communicates and their needs (planner.own_words.CommunicationNeeds
    .as_fields()); refuses a stale write. Returns the new version."""
    bad = set(fields) - set(COMMUNICATION_FIELDS)
    if bad:
        raise ValueError(f"unknown communication field {', '.join(sorted(bad))}")
    at = at or now_text()
    values = {f: fields.get(f, "") or "" for f in COMMUNICATION_FIELDS}
    with db.atomic():
        version = _new_version(db, person_id, WordsRecord.COMMUNICATION, values, by, role, expected_version, at)
        db.execute(f"INSERT OR REPLACE INTO communication_needs ({', '.join(['person_id', *COMMUNICATION_FIELDS])}, "
                   f"version, updated_by, updated_at) VALUES ({', '.join('?' * (len(COMMUNICATION_FIELDS) + 4))})",
                   [person_id, *values.values(), version, by, at])
    return version


# --- consent ----------------------------------------------------------------------------------


def get_consents(db: Database, person_id: str) -> dict[str, bool]:
    """Service id -> shares anything with it."""
    return {r["service_id"]: bool(r["shared"]) for r in db.query(
        "SELECT service_id, shared FROM consents WHERE person_id = ? ORDER BY service_id", [person_id])}


def get_consent_parts(db: Database, person_id: str) -> dict[str, str]:
    """Service id -> the parts it may see ('about_me,communication'; '' for none)."""
    return {r["service_id"]: r["parts"] for r in db.query(
        "SELECT service_id, parts FROM consents WHERE person_id = ? ORDER BY service_id", [person_id])}


def save_consent(db: Database, person_id: str, services: Mapping[str, frozenset[Part] | set[Part]], by: str, *,
                 parent: bool | None = None, role: str = "", expected_version: int | None = None,
                 at: str | None = None) -> int:
    """Set what each named service may see (an empty set withdraws consent; services not named
    are left as they are) and, when `parent` is given, whether the parent or carer may see the
    record. Versioned like the words: a stale save is refused. Returns the new version."""
    at = at or now_text()
    with db.atomic():
        person = _one(db, "SELECT parent_consent FROM people WHERE id = ?", [person_id])
        if person is None:
            raise ValueError(f"there is no person {person_id}")
        now = {sid: p for sid, p in get_consent_parts(db, person_id).items()}
        now.update({sid: parts_text(parts) for sid, parts in services.items()})
        parent_now = bool(person["parent_consent"]) if parent is None else parent
        content = {"services": {s: p.split(",") for s, p in sorted(now.items()) if p}, "parent": parent_now}
        version = _new_version(db, person_id, WordsRecord.CONSENT, content, by, role, expected_version, at)
        for sid, parts in services.items():
            text = parts_text(parts)
            db.execute("INSERT OR REPLACE INTO consents (person_id, service_id, shared, changed_by, changed_at, parts) "
                       "VALUES (?, ?, ?, ?, ?, ?)", [person_id, sid, int(bool(text)), by, at, text])
        if parent is not None and parent != bool(person["parent_consent"]):
            db.execute("UPDATE people SET parent_consent = ? WHERE id = ?", [int(parent), person_id])
    return version


def set_consent(db: Database, person_id: str, service_id: str, shared: bool, by: str) -> None:
    """Give (shared=True: everything) or withdraw (False) consent to share with one service."""
    save_consent(db, person_id, {service_id: frozenset(Part) if shared else frozenset()}, by)
