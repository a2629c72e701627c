"""People and their episodes: the record of each young person, and erasure and subject access."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from sqlite_utils import Database

from planner.models import (
    ASSESSED_FIELDS,
    DATE_FIELDS,
    FLAG_FIELDS,
    NUMBER_FIELDS,
    Person,
    PersonRecord,
)
from planner.store.db import (
    _one,
    _row,
    _text,
    _versioned_update,
    now_text,
)
from planner.store.schema import _TABLES, SEN2_TABLES

# --- people ----------------------------------------------------------------------------------

PERSON_COLUMNS = tuple(PersonRecord.model_fields)  # the people table's columns, besides the version


def person_id_for(area: str, local_id: str) -> str:
    """The planner's id for a person: their area and the area's own id."""
    return f"{area}-{local_id}"


def person_row(person: Person, **extra: Any) -> dict[str, Any]:
    """A people row from a Person and the store-only facts (area, local_id, name, ...)."""
    row = _row(person.model_dump())
    row.update(_row(extra))
    if not row.get("id"):
        row["id"] = person_id_for(row["area"], row["local_id"])
    return row


def person_model(row: Mapping[str, Any]) -> Person:
    """The planner.models.Person of a people row."""
    fields = {k: row.get(k) for k in ("id", "dob", "primary_need", *DATE_FIELDS)}
    fields.update({k: bool(row.get(k)) for k in FLAG_FIELDS})
    fields.update({k: None if row.get(k) is None else bool(row[k]) for k in ASSESSED_FIELDS})
    fields.update({k: int(row.get(k) or 0) for k in NUMBER_FIELDS})
    return Person.model_validate(fields)


def get_person(db: Database, person_id: str) -> dict | None:
    return _one(db, "SELECT * FROM people WHERE id = ?", [person_id])


_FILTERS = {
    "area": "area = ?", "worker": "worker = ?", "primary_need": "primary_need = ?",
    "setting": "setting = ?", "ehc_plan": "ehc_plan = ?", "looked_after": "looked_after = ?",
    "care_leaver": "care_leaver = ?", "born_after": "dob > ?", "born_on_or_before": "dob <= ?",
    "name_like": "name LIKE '%' || ? || '%'",
}


def _where(filters: Mapping[str, Any]) -> tuple[str, list[Any]]:
    parts, params = [], []
    for key, value in filters.items():
        if value is None:
            continue
        if key not in _FILTERS:
            raise ValueError(f"unknown filter {key!r}; use one of {', '.join(_FILTERS)}")
        parts.append(_FILTERS[key])
        params.append(_text(value))
    return (" WHERE " + " AND ".join(parts)) if parts else "", params


def list_people(db: Database, *, limit: int | None = None, offset: int = 0, **filters: Any) -> list[dict]:
    """People rows matching the filters (area, worker, primary_need, setting, ehc_plan,
    looked_after, care_leaver, born_after, born_on_or_before, name_like), by id."""
    where, params = _where(filters)
    sql = f"SELECT * FROM people{where} ORDER BY id"
    if limit is not None:
        sql += " LIMIT ? OFFSET ?"
        params += [limit, offset]
    return list(db.query(sql, params))


def count_people(db: Database, **filters: Any) -> int:
    where, params = _where(filters)
    return db.execute(f"SELECT count(*) FROM people{where}", params).fetchone()[0]


def upsert_people(db: Database, rows: Iterable[Mapping[str, Any]], by: str, at: str | None = None) -> dict[str, int]:
    """Insert or update people by (area, local_id). A row equal to the stored one is left alone,
    so importing the same file twice changes nothing. Returns counts."""
    at = at or now_text()
    counts = {"inserted": 0, "updated": 0, "unchanged": 0}
    with db.atomic():
        for raw in rows:
            row = _row(raw)
            row.setdefault("id", person_id_for(row["area"], row["local_id"]))
            if row.get("record_started") is None:
                row.pop("record_started", None)  # not given: never erases the day the record began
            current = _one(db, "SELECT * FROM people WHERE area = ? AND local_id = ?", [row["area"], row["local_id"]])
            if current is None:
                # The record of a new person begins today unless the file says when it began.
                row["record_started"] = row.get("record_started") or at[:10]
                db.table("people").insert({**row, "version": 1, "updated_by": by, "updated_at": at})
                counts["inserted"] += 1
                continue
            changes = {k: v for k, v in row.items() if k != "id" and current.get(k) != v}
            if not changes:
                counts["unchanged"] += 1
                continue
            _versioned_update(db, "people", {"id": current["id"]}, changes, None, by, "This person's record", at)
            counts["updated"] += 1
    return counts


def bulk_insert(db: Database, table: str, rows: list[Mapping[str, Any]]) -> int:
    """Fast insert of many new rows with the same keys (the demo generator): one prepared
    statement, values already plain (str, int, float, None), no per-row checks beyond the
    schema's. Call inside `db.atomic()`."""
    if not rows:
        return 0
    if table not in _TABLES:
        raise ValueError(f"unknown table {table!r}")
    cols = list(rows[0])
    sql = f'INSERT INTO {table} ({", ".join(chr(34) + c + chr(34) for c in cols)}) VALUES ({", ".join("?" * len(cols))})'
    db.conn.executemany(sql, [tuple(r[c] for c in cols) for r in rows])
    return len(rows)


def update_person(db: Database, person_id: str, changes: Mapping[str, Any], *, expected_version: int | None, by: str,
                  at: str | None = None) -> int:
    """Change a person's record if nobody changed it since `expected_version`; the new version."""
    bad = set(changes) - set(PERSON_COLUMNS) | ({"id", "area", "local_id"} & set(changes))
    if bad:
        raise ValueError(f"cannot change {', '.join(sorted(bad))} this way")
    return _versioned_update(db, "people", {"id": person_id}, changes, expected_version, by, "This person's record", at)


def set_generated_fields(db: Database, person_id: str, changes: Mapping[str, Any]) -> None:
    """Change fields of a person a generator has just written (the demo), keeping version 1 and
    its stamp: only for building a fresh database, never for a record someone may have read."""
    bad = set(changes) - set(PERSON_COLUMNS) | ({"id", "area", "local_id"} & set(changes))
    if bad:
        raise ValueError(f"cannot change {', '.join(sorted(bad))} this way")
    sets = ", ".join(f'"{k}" = ?' for k in changes)
    with db.atomic():
        db.execute(f"UPDATE people SET {sets} WHERE id = ?", [*_row(changes).values(), person_id])


def areas(db: Database) -> list[str]:
    """Every area with people in it, in order."""
    return [r[0] for r in db.execute("SELECT DISTINCT area FROM people ORDER BY area").fetchall() if r[0]]


def area_people(db: Database, area: str, person_ids: Iterable[str] | None = None) -> list[dict]:
    """People rows of an area (or of those of `person_ids` in it), by id."""
    ids = sorted(person_ids or ())
    where = "area = ?" + (f" AND id IN ({', '.join('?' * len(ids))})" if ids else "")
    return list(db.query(f"SELECT * FROM people WHERE {where} ORDER BY id", [area, *ids]))


def area_episodes(db: Database, area: str) -> list[tuple]:
    """(person_id, service_id, start, end) of every episode of the area's people."""
    return db.execute('SELECT e.person_id, e.service_id, e.start, e."end" FROM episodes e '
                      "JOIN people p ON p.id = e.person_id WHERE p.area = ?", [area]).fetchall()


def local_ids(db: Database, area: str) -> dict[str, str]:
    """The area's own id of each of its people -> the planner's id."""
    return {r["local_id"]: r["id"] for r in db.query("SELECT id, local_id FROM people WHERE area = ?", [area])}


def person_links(db: Database, person_id: str) -> dict | None:
    """Who is linked to a person: the facts planner.access.PersonLinks needs."""
    person = _one(db, "SELECT id, dob, parent_consent FROM people WHERE id = ?", [person_id])
    if person is None:
        return None
    parents = [r["username"] for r in db.query(
        "SELECT username FROM users WHERE role = 'parent_carer' AND person_id = ?", [person_id])]
    workers = list(db.query(
        "SELECT u.username, u.team_id FROM caseload c JOIN users u ON u.username = c.worker WHERE c.person_id = ?",
        [person_id]))
    return {
        "person_id": person_id, "dob": person["dob"], "parent_consent": bool(person["parent_consent"]),
        "parents": parents, "workers": [w["username"] for w in workers],
        "teams": sorted({w["team_id"] for w in workers if w["team_id"]}),
    }


PERSON_TABLES = ("episodes", "aspirations", "consents", "profiles", "communication_needs", "own_words_versions",
                 "handovers", "steps", "events", "caseload", "run_handovers", "run_steps", *SEN2_TABLES,
                 "outcome_records", "aspirations_said")
ERASED_ACCOUNT = "(erased account)"


def delete_person(db: Database, person_id: str) -> dict[str, int]:
    """Remove a person and everything about them; counts of rows removed by table.

    Everything derived goes too: the rows of every table about them (cascades, proposals
    included), and the accounts of the young person and of parents linked only to them, which
    could otherwise still sign in. In the audit log those accounts' names become "(erased
    account)", so no entry names them; entries keep the planner's id of the person.
    """
    with db.atomic():
        counts = {t: db.execute(f"SELECT count(*) FROM {t} WHERE person_id = ?", [person_id]).fetchone()[0]
                  for t in PERSON_TABLES}
        accounts = [r[0] for r in db.execute("SELECT username FROM users WHERE person_id = ?", [person_id]).fetchall()]
        for username in accounts:
            db.execute("UPDATE audit_log SET username = ? WHERE username = ?", [ERASED_ACCOUNT, username])
            # Entries about an account ("create account", "reset password", "unlock account") start with its name.
            db.execute("UPDATE audit_log SET detail = ? || substr(detail, ?) WHERE detail = ? OR substr(detail, 1, ?) = ?",
                       [ERASED_ACCOUNT, len(username) + 1, username, len(username) + 1, username + " "])
        counts["accounts"] = db.execute("DELETE FROM users WHERE person_id = ?", [person_id]).rowcount
        counts["people"] = db.execute("DELETE FROM people WHERE id = ?", [person_id]).rowcount
    return counts


def person_record(db: Database, person_id: str) -> dict | None:
    """Everything stored about one person, by table (a subject access request): their record,
    every table about them (proposed plans included), their accounts (never a password hash) and
    the audit log's entries about them or made by their accounts."""
    person = get_person(db, person_id)
    if person is None:
        return None
    out: dict[str, Any] = {"person": person}
    for table in PERSON_TABLES:
        out[table] = list(db.query(f"SELECT * FROM {table} WHERE person_id = ? ORDER BY rowid", [person_id]))
    accounts = list(db.query("SELECT * FROM users WHERE person_id = ? ORDER BY username", [person_id]))
    out["accounts"] = [{k: v for k, v in u.items() if k != "password_hash"} for u in accounts]
    names = [u["username"] for u in accounts]
    out["audit_log"] = list(db.query(
        f"SELECT * FROM audit_log WHERE person_id = ? OR username IN ({', '.join('?' * len(names))}) ORDER BY id",
        [person_id, *names]))
    return out


# --- episodes --------------------------------------------------------------------------------

def episodes_for(db: Database, person_id: str) -> list[dict]:
    return list(db.query('SELECT * FROM episodes WHERE person_id = ? ORDER BY start, service_id', [person_id]))


def upsert_episodes(db: Database, rows: Iterable[Mapping[str, Any]]) -> dict[str, int]:
    """Insert or update episodes by (person_id, service_id, start); unchanged rows are left alone."""
    counts = {"inserted": 0, "updated": 0, "unchanged": 0}
    with db.atomic():
        for raw in rows:
            row = _row(raw)
            current = _one(db, "SELECT * FROM episodes WHERE person_id = ? AND service_id = ? AND start = ?",
                           [row["person_id"], row["service_id"], row["start"]])
            if current is None:
                db.table("episodes").insert(row)
                counts["inserted"] += 1
            elif any(current.get(k) != v for k, v in row.items()):
                db.table("episodes").update(current["id"], row)
                counts["updated"] += 1
            else:
                counts["unchanged"] += 1
    return counts
