"""Outcome records and what young people said they wanted, over time (planner.outcomes), and
the read model the commissioner's outcome figures are counted from (planner.need.outcomes)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlite_utils import Database

from planner.store.db import _row, now_text
from planner.store.schema import OUTCOMES

OUTCOME_RECORD_COLUMNS = (
    "person_id", "observed_on", "source", "by_young_person", "activity", "paid_hours", "activity_where",
    "activity_since", "living", "adult_gp", "health_check", "adult_services", "friends", "activities",
    "travels_independently", "going", "aim_employment", "aim_independent_living", "aim_community_inclusion",
    "aim_good_health", "cease_reason", "note", "recorded_by", "recorded_at",
)
# The people columns the outcome figures break down by.
OUTCOME_PEOPLE_COLUMNS = ("id", "dob", "area", "primary_need", "ehc_plan", "sen_support", "part_time_timetable",
                          "out_of_area_placement", "independent_placement", "youth_justice", "ld_register")


def save_outcome_record(db: Database, record: Mapping[str, Any]) -> int:
    """Add one outcome record (a dict of OUTCOME_RECORD_COLUMNS; blank facts may be left out);
    its id. Records are never changed: a correction is a later record."""
    row = _row(record)
    bad = set(row) - set(OUTCOME_RECORD_COLUMNS)
    if bad:
        raise ValueError(f"unknown outcome record column {', '.join(sorted(bad))}")
    row.setdefault("recorded_at", now_text())
    row.setdefault("note", "")
    row.setdefault("activity_where", "")
    cols = list(row)
    with db.atomic():
        cur = db.execute(f"INSERT INTO outcome_records ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})",
                         [row[c] for c in cols])
    return int(cur.lastrowid)


def add_outcome_records(db: Database, records: Sequence[Mapping[str, Any]]) -> dict[str, int]:
    """Add records (an import), leaving out any that repeats a stored record fact for fact, so
    importing the same file again changes nothing. One transaction; counts."""
    counts = {"inserted": 0, "unchanged": 0}
    facts = [c for c in OUTCOME_RECORD_COLUMNS if c not in ("recorded_by", "recorded_at")]
    with db.atomic():
        for record in records:
            row = {c: _row(record).get(c) for c in facts}
            row["note"] = row["note"] or ""
            row["activity_where"] = row["activity_where"] or ""
            row["by_young_person"] = row["by_young_person"] or 0
            same = " AND ".join(f"{c} IS ?" for c in facts)
            if db.execute(f"SELECT 1 FROM outcome_records WHERE {same}", [row[c] for c in facts]).fetchone():
                counts["unchanged"] += 1
                continue
            save_outcome_record(db, {**row, "recorded_by": record.get("recorded_by") or "import",
                                     **({"recorded_at": record["recorded_at"]} if record.get("recorded_at") else {})})
            counts["inserted"] += 1
    return counts


def outcome_records_for(db: Database, person_id: str) -> list[dict]:
    """A person's outcome records, oldest first."""
    return list(db.query("SELECT * FROM outcome_records WHERE person_id = ? ORDER BY observed_on, id", [person_id]))


def save_said(db: Database, person_id: str, outcome: str, words: str, said_on: str, by: str) -> None:
    """Keep what the young person said they want for one outcome, on a day."""
    if outcome not in OUTCOMES:
        raise ValueError(f"unknown outcome {outcome}; use {', '.join(OUTCOMES)}")
    with db.atomic():
        db.execute("INSERT INTO aspirations_said (person_id, outcome, words, said_on, recorded_by) VALUES (?, ?, ?, ?, ?)",
                   [person_id, outcome, words, said_on, by])


def said_for(db: Database, person_id: str) -> list[dict]:
    """Everything the young person said they wanted, oldest first."""
    return list(db.query("SELECT outcome, words, said_on, recorded_by FROM aspirations_said WHERE person_id = ? "
                         "ORDER BY said_on, id", [person_id]))


def forget_generated_history(db: Database, person_id: str) -> None:
    """Remove the outcome records and sayings a generator has just written for a person (the
    demo gives its named accounts a history of their own): never for a record someone has used."""
    with db.atomic():
        db.execute("DELETE FROM outcome_records WHERE person_id = ?", [person_id])
        db.execute("DELETE FROM aspirations_said WHERE person_id = ?", [person_id])


# --- read model for the commissioner's outcome figures -----------------------------------------

def _area(area: str | None) -> tuple[str, list]:
    return (" WHERE p.area = ?", [area]) if area else ("", [])


def outcome_people(db: Database, area: str | None) -> list[tuple]:
    """OUTCOME_PEOPLE_COLUMNS of every person (of one area)."""
    where, params = _area(area)
    return db.execute(f"SELECT {', '.join('p.' + c for c in OUTCOME_PEOPLE_COLUMNS)} FROM people p{where}",
                      params).fetchall()


def outcome_rows(db: Database, area: str | None, columns: Sequence[str]) -> list[tuple]:
    """(person_id, observed_on, id, *columns) of every outcome record (of one area's people),
    by person, date and id."""
    bad = set(columns) - set(OUTCOME_RECORD_COLUMNS)
    if bad:
        raise ValueError(f"unknown outcome record column {', '.join(sorted(bad))}")
    where, params = _area(area)
    join = " JOIN people p ON p.id = r.person_id" + where if area else ""
    cols = ", ".join(f"r.{c}" for c in columns)
    return db.execute(f"SELECT r.person_id, r.observed_on, r.id, {cols} FROM outcome_records r{join} "
                      "ORDER BY r.person_id, r.observed_on, r.id", params).fetchall()


def people_with_aspirations(db: Database, area: str | None) -> list[tuple]:
    """(person_id, outcome) for every aspiration recorded now."""
    where, params = _area(area)
    return db.execute(f"SELECT a.person_id, a.outcome FROM aspirations a JOIN people p ON p.id = a.person_id{where}",
                      params).fetchall()


def ended_plans(db: Database, area: str | None) -> list[tuple]:
    """(person_id, cease_date, cease_reason) of every EHC plan that ended, as an SEN2 return
    records it (module 4a, named plans)."""
    where, params = _area(area)
    return db.execute("SELECT n.person_id, n.cease_date, n.cease_reason FROM sen2_named_plans n JOIN people p "
                      f"ON p.id = n.person_id{where}{' AND' if where else ' WHERE'} n.cease_date IS NOT NULL",
                      params).fetchall()
