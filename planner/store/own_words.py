"""The young person's own words: aspirations, the one-page profile and consent to share."""

from __future__ import annotations

from collections.abc import Mapping

from sqlite_utils import Database

from planner.store.db import ConflictError, _one, _versioned_update, now_text
from planner.store.schema import OUTCOMES, PROFILE_FIELDS

# --- aspirations, profile, consent -----------------------------------------------------------

def get_aspirations(db: Database, person_id: str) -> dict[str, str]:
    return {r["outcome"]: r["words"] for r in db.query(
        "SELECT outcome, words FROM aspirations WHERE person_id = ? ORDER BY outcome", [person_id])}


def aspirations_version(db: Database, person_id: str) -> int:
    """The version of a person's aspirations (0 before the first save): pass it back to
    `save_aspirations` so that a save made after someone else's is refused."""
    row = _one(db, "SELECT version FROM aspiration_sets WHERE person_id = ?", [person_id])
    return row["version"] if row else 0


def save_aspirations(db: Database, person_id: str, aspirations: Mapping[str, str], by: str,
                     at: str | None = None, expected_version: int | None = None) -> int:
    """Replace the aspirations (outcome -> the young person's words); blank ones are removed.
    With `expected_version` (the version read, 0 for none yet), a save after someone else's
    raises ConflictError (who and when) and nothing is written. Returns the new version.
    Words that changed are also kept, dated, in `aspirations_said`, so what the young person
    wanted at 14, 16 or 18 can be set against what happened (planner.outcomes)."""
    bad = set(aspirations) - set(OUTCOMES)
    if bad:
        raise ValueError(f"unknown outcome {', '.join(sorted(bad))}; use {', '.join(OUTCOMES)}")
    at = at or now_text()
    with db.atomic():
        current = _one(db, "SELECT version, updated_by, updated_at FROM aspiration_sets WHERE person_id = ?", [person_id])
        if current is None:
            if expected_version not in (None, 0):
                raise ConflictError("What this young person wants", "", "")
            db.execute("INSERT INTO aspiration_sets (person_id, version, updated_by, updated_at) VALUES (?, 1, ?, ?)",
                       [person_id, by, at])
            version = 1
        else:
            version = _versioned_update(db, "aspiration_sets", {"person_id": person_id}, {}, expected_version, by,
                                        "What this young person wants", at)
        before = get_aspirations(db, person_id)
        for outcome, words in aspirations.items():
            if words and words.strip() and words.strip() != before.get(outcome):
                db.execute("INSERT INTO aspirations_said (person_id, outcome, words, said_on, recorded_by) "
                           "VALUES (?, ?, ?, ?, ?)", [person_id, outcome, words.strip(), at[:10], by])
        db.execute("DELETE FROM aspirations WHERE person_id = ?", [person_id])
        for outcome, words in aspirations.items():
            if words and words.strip():
                db.execute("INSERT INTO aspirations VALUES (?, ?, ?, ?, ?)", [person_id, outcome, words.strip(), by, at])
    return version


def get_profile(db: Database, person_id: str) -> dict | None:
    return _one(db, "SELECT * FROM profiles WHERE person_id = ?", [person_id])


def save_profile(db: Database, person_id: str, profile: Mapping[str, str], by: str, expected_version: int | None = None) -> int:
    """Save the one-page profile; refuses a stale write when `expected_version` is given."""
    bad = set(profile) - set(PROFILE_FIELDS)
    if bad:
        raise ValueError(f"unknown profile field {', '.join(sorted(bad))}")
    with db.atomic():
        if get_profile(db, person_id) is None:
            db.table("profiles").insert({"person_id": person_id, **profile, "version": 1, "updated_by": by, "updated_at": now_text()})
            return 1
        return _versioned_update(db, "profiles", {"person_id": person_id}, dict(profile), expected_version, by,
                                 "This one-page profile")


def get_consents(db: Database, person_id: str) -> dict[str, bool]:
    return {r["service_id"]: bool(r["shared"]) for r in db.query(
        "SELECT service_id, shared FROM consents WHERE person_id = ? ORDER BY service_id", [person_id])}


def set_consent(db: Database, person_id: str, service_id: str, shared: bool, by: str) -> None:
    """Give (shared=True) or withdraw (False) consent to share with one service."""
    with db.atomic():
        db.execute("INSERT OR REPLACE INTO consents VALUES (?, ?, ?, ?, ?)", [person_id, service_id, int(shared), by, now_text()])
