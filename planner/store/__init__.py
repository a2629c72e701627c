"""The store: the only code that touches SQLite (through sqlite-utils).

Open a database with `open_db(path)`: foreign keys on, WAL, a busy timeout, and the numbered
migrations in `MIGRATIONS` applied (recorded in `schema_migrations`). Every write below runs
in one transaction (`db.atomic()`); pass `db` into several calls inside your own
`with db.atomic():` to make them one unit (nested blocks become savepoints).

Dates are ISO text (YYYY-MM-DD), times ISO text to the second, booleans 0/1.

Records two workers can edit (people, profiles, steps, team_capacity) carry `version`,
`updated_by` and `updated_at`. Pass the version you read as `expected_version`; if someone
saved in between, `ConflictError` says who and when, and nothing is written.

Functions other modules call:
- connection: `open_db(path)`, `default_db_path()`, `migrate(db)`, `schema_version(db)`
- bulk: `bulk_insert(db, table, rows)` inside `db.atomic()` (the demo generator)
- people: `get_person`, `person_model`, `list_people(db, **filters)`, `count_people`,
  `upsert_people(db, rows, by)` (by `area` + `local_id`), `update_person(db, id, changes,
  expected_version=, by=)`, `person_links` (facts for planner.access), `delete_person`
  (erasure; use planner.exports.erase_person, which also audits)
- episodes: `episodes_for`, `upsert_episodes`
- the young person's words: `get_aspirations`/`save_aspirations`, `get_profile`/`save_profile`,
  `get_consents`/`set_consent`
- teams: `upsert_teams`, `list_teams`, `team_ids`, `capacity_for`, `set_capacity`
- schedules: `save_schedule_run`, `list_schedule_runs`, `save_handovers(db, handovers,
  steps)`, `handovers_for`, `steps_for`, `update_step`
- events: `record_event`, `events_for`
- users: `create_user`, `get_user`, `get_user_by_email`, `list_users`, `set_password`,
  `save_login_state`, `record_login_failure`, `reset_failures`, `assign_caseload`, `caseload`
- audit: `audit(db, user, action, person_id, detail)`, `list_audit`, `count_audit`
- a person's whole record: `person_record` (for a subject access request)
"""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from planner.models import Person

DEFAULT_DB = Path("data/planner.db")
BUSY_TIMEOUT_MS = 10_000

PERSON_FLAGS = (
    "ehc_plan", "looked_after", "care_leaver", "childrens_social_care", "continuing_care",
    "camhs", "paediatrics", "ld_register", "dla", "uc_exception",
)
PERSON_DATES = (
    "plan_issued", "last_review", "assessment_request", "post16_move", "looked_after_since",
    "entered_services",
)
# Assessment outcomes: 1 yes, 0 no, NULL not known yet.
PERSON_ASSESSED = ("secondary_mh_need",)
# Facts about a person that the store keeps beside planner.models.Person.
PERSON_EXTRA = (
    "area", "local_id", "name", "sex", "ethnicity", "secondary_need", "setting", "worker",
    "known_to_pfa", "young_carer", "parent_consent",
)
OUTCOMES = ("employment", "independent_living", "community", "health")
PROFILE_FIELDS = ("like_about_me", "important_to_me", "how_to_support_me")
EVENT_KINDS = (
    "meeting_held", "referral_made", "referral_accepted", "referral_refused",
    "assessment_done", "decision_made", "adult_service_started", "service_ended",
    "did_not_attend", "plan_ceased", "note",
)
ROLES = ("young_person", "parent_carer", "worker", "team_manager", "commissioner", "administrator")

_VERSIONED = "version INTEGER NOT NULL DEFAULT 1, updated_by TEXT NOT NULL DEFAULT '', updated_at TEXT NOT NULL DEFAULT ''"

# Numbered migrations, applied in order once each. Never edit one that has shipped: add a new one.
MIGRATIONS: tuple[tuple[str, str], ...] = (
    ("create tables", f"""
CREATE TABLE people (
    id TEXT NOT NULL PRIMARY KEY, area TEXT NOT NULL, local_id TEXT NOT NULL, name TEXT NOT NULL DEFAULT '',
    dob TEXT NOT NULL, sex TEXT, ethnicity TEXT, primary_need TEXT, secondary_need TEXT,
    setting TEXT, worker TEXT,
    ehc_plan INTEGER NOT NULL DEFAULT 0, plan_issued TEXT, last_review TEXT,
    assessment_request TEXT, post16_move TEXT,
    looked_after INTEGER NOT NULL DEFAULT 0, looked_after_since TEXT,
    care_leaver INTEGER NOT NULL DEFAULT 0, childrens_social_care INTEGER NOT NULL DEFAULT 0,
    continuing_care INTEGER NOT NULL DEFAULT 0, camhs INTEGER NOT NULL DEFAULT 0,
    paediatrics INTEGER NOT NULL DEFAULT 0, ld_register INTEGER NOT NULL DEFAULT 0,
    dla INTEGER NOT NULL DEFAULT 0, uc_exception INTEGER NOT NULL DEFAULT 0,
    entered_services TEXT, known_to_pfa INTEGER NOT NULL DEFAULT 0,
    young_carer INTEGER NOT NULL DEFAULT 0, parent_consent INTEGER NOT NULL DEFAULT 0,
    {_VERSIONED},
    UNIQUE (area, local_id)
);
CREATE INDEX people_area ON people (area);
CREATE INDEX people_worker ON people (worker);
CREATE TABLE episodes (
    id INTEGER PRIMARY KEY,
    person_id TEXT NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    service_id TEXT NOT NULL, start TEXT NOT NULL, "end" TEXT,
    end_actual INTEGER NOT NULL DEFAULT 0,
    UNIQUE (person_id, service_id, start)
);
CREATE INDEX episodes_service ON episodes (service_id);
CREATE TABLE aspirations (
    person_id TEXT NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    outcome TEXT NOT NULL CHECK (outcome IN ('employment', 'independent_living', 'community', 'health')),
    words TEXT NOT NULL, updated_by TEXT NOT NULL, updated_at TEXT NOT NULL,
    PRIMARY KEY (person_id, outcome)
);
CREATE TABLE consents (
    person_id TEXT NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    service_id TEXT NOT NULL, shared INTEGER NOT NULL, changed_by TEXT NOT NULL,
    changed_at TEXT NOT NULL,
    PRIMARY KEY (person_id, service_id)
);
CREATE TABLE profiles (
    person_id TEXT NOT NULL PRIMARY KEY REFERENCES people (id) ON DELETE CASCADE,
    like_about_me TEXT NOT NULL DEFAULT '', important_to_me TEXT NOT NULL DEFAULT '',
    how_to_support_me TEXT NOT NULL DEFAULT '',
    {_VERSIONED}
);
CREATE TABLE teams (
    area TEXT NOT NULL, id TEXT NOT NULL, name TEXT NOT NULL DEFAULT '', unit TEXT NOT NULL DEFAULT 'week',
    note TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (area, id)
);
CREATE TABLE team_capacity (
    area TEXT NOT NULL, team_id TEXT NOT NULL, from_date TEXT NOT NULL, per_week REAL NOT NULL,
    {_VERSIONED},
    PRIMARY KEY (area, team_id, from_date),
    FOREIGN KEY (area, team_id) REFERENCES teams (area, id) ON DELETE CASCADE
);
CREATE TABLE schedule_runs (
    id INTEGER PRIMARY KEY, area TEXT NOT NULL, started_at TEXT NOT NULL, finished_at TEXT,
    run_by TEXT NOT NULL DEFAULT '', method TEXT NOT NULL DEFAULT '', status TEXT NOT NULL DEFAULT 'done',
    gap_weeks REAL, breaches INTEGER, detail TEXT NOT NULL DEFAULT '{{}}'
);
CREATE TABLE handovers (
    id TEXT NOT NULL PRIMARY KEY,
    person_id TEXT NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    from_service TEXT NOT NULL, to_service TEXT NOT NULL, due TEXT,
    status TEXT NOT NULL DEFAULT 'planned',
    run_id INTEGER REFERENCES schedule_runs (id) ON DELETE SET NULL
);
CREATE INDEX handovers_person ON handovers (person_id);
CREATE TABLE steps (
    id TEXT NOT NULL PRIMARY KEY,
    handover_id TEXT NOT NULL REFERENCES handovers (id) ON DELETE CASCADE,
    person_id TEXT NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    kind TEXT NOT NULL, title TEXT NOT NULL DEFAULT '', team_id TEXT, duration_weeks INTEGER,
    earliest TEXT, deadline TEXT, start TEXT, "end" TEXT,
    status TEXT NOT NULL DEFAULT 'planned',
    {_VERSIONED}
);
CREATE INDEX steps_person ON steps (person_id);
CREATE INDEX steps_handover ON steps (handover_id);
CREATE TABLE events (
    id INTEGER PRIMARY KEY,
    person_id TEXT NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    kind TEXT NOT NULL, date TEXT NOT NULL, service_id TEXT,
    step_id TEXT REFERENCES steps (id) ON DELETE SET NULL,
    note TEXT NOT NULL DEFAULT '', recorded_by TEXT NOT NULL, recorded_at TEXT NOT NULL
);
CREATE INDEX events_person ON events (person_id);
CREATE TABLE users (
    username TEXT NOT NULL PRIMARY KEY,
    role TEXT NOT NULL CHECK (role IN ('young_person', 'parent_carer', 'worker', 'team_manager', 'commissioner', 'administrator')),
    display_name TEXT NOT NULL DEFAULT '', email TEXT, password_hash TEXT,
    person_id TEXT REFERENCES people (id) ON DELETE SET NULL, team_id TEXT,
    failed_attempts INTEGER NOT NULL DEFAULT 0, locked_until TEXT,
    created_at TEXT NOT NULL DEFAULT ''
);
CREATE TABLE caseload (
    worker TEXT NOT NULL REFERENCES users (username) ON DELETE CASCADE,
    person_id TEXT NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    since TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (worker, person_id)
);
CREATE INDEX caseload_person ON caseload (person_id);
CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY, at TEXT NOT NULL, username TEXT NOT NULL, action TEXT NOT NULL,
    person_id TEXT, detail TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_person ON audit_log (person_id);
"""),
    ("plans: step details, proposed runs", """
ALTER TABLE handovers ADD COLUMN title TEXT NOT NULL DEFAULT '';
ALTER TABLE handovers ADD COLUMN gap_weeks INTEGER NOT NULL DEFAULT 0;
ALTER TABLE handovers ADD COLUMN weight INTEGER NOT NULL DEFAULT 1;
ALTER TABLE steps ADD COLUMN window_start TEXT;
ALTER TABLE steps ADD COLUMN window_end TEXT;
ALTER TABLE steps ADD COLUMN meeting INTEGER NOT NULL DEFAULT 0;
ALTER TABLE steps ADD COLUMN uses_capacity INTEGER NOT NULL DEFAULT 1;
ALTER TABLE steps ADD COLUMN statutory INTEGER NOT NULL DEFAULT 0;
ALTER TABLE steps ADD COLUMN after TEXT NOT NULL DEFAULT '';
ALTER TABLE steps ADD COLUMN pinned INTEGER NOT NULL DEFAULT 0;
ALTER TABLE steps ADD COLUMN reason TEXT NOT NULL DEFAULT '';
CREATE INDEX steps_team_start ON steps (team_id, start);
CREATE TABLE run_handovers (
    run_id INTEGER NOT NULL REFERENCES schedule_runs (id) ON DELETE CASCADE,
    id TEXT NOT NULL, person_id TEXT NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    from_service TEXT NOT NULL, to_service TEXT NOT NULL, due TEXT, title TEXT NOT NULL DEFAULT '',
    gap_weeks INTEGER NOT NULL DEFAULT 0, weight INTEGER NOT NULL DEFAULT 1,
    PRIMARY KEY (run_id, id)
);
CREATE TABLE run_steps (
    run_id INTEGER NOT NULL REFERENCES schedule_runs (id) ON DELETE CASCADE,
    id TEXT NOT NULL, handover_id TEXT NOT NULL,
    person_id TEXT NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    kind TEXT NOT NULL, title TEXT NOT NULL DEFAULT '', team_id TEXT, duration_weeks INTEGER,
    earliest TEXT, deadline TEXT, start TEXT, "end" TEXT, window_start TEXT, window_end TEXT,
    meeting INTEGER NOT NULL DEFAULT 0, uses_capacity INTEGER NOT NULL DEFAULT 1,
    statutory INTEGER NOT NULL DEFAULT 0, after TEXT NOT NULL DEFAULT '', reason TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (run_id, id)
);
CREATE INDEX run_steps_person ON run_steps (person_id);
CREATE INDEX run_handovers_person ON run_handovers (person_id);
"""),
    ("assessed outcomes on the person", """
ALTER TABLE people ADD COLUMN secondary_mh_need INTEGER;
"""),
    # A counter of changes to the rows the commissioner's figures read (planner.need_store
    # caches on it), kept by triggers so that no writer can forget it.
    ("change counter for cached figures", """
CREATE TABLE data_changes (id INTEGER PRIMARY KEY CHECK (id = 1), n INTEGER NOT NULL);
INSERT INTO data_changes VALUES (1, 0);
CREATE TRIGGER data_changes_people_insert AFTER INSERT ON people BEGIN UPDATE data_changes SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER data_changes_people_update AFTER UPDATE ON people BEGIN UPDATE data_changes SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER data_changes_people_delete AFTER DELETE ON people BEGIN UPDATE data_changes SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER data_changes_episodes_insert AFTER INSERT ON episodes BEGIN UPDATE data_changes SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER data_changes_episodes_update AFTER UPDATE ON episodes BEGIN UPDATE data_changes SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER data_changes_episodes_delete AFTER DELETE ON episodes BEGIN UPDATE data_changes SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER data_changes_aspirations_insert AFTER INSERT ON aspirations BEGIN UPDATE data_changes SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER data_changes_aspirations_update AFTER UPDATE ON aspirations BEGIN UPDATE data_changes SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER data_changes_aspirations_delete AFTER DELETE ON aspirations BEGIN UPDATE data_changes SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER data_changes_caseload_insert AFTER INSERT ON caseload BEGIN UPDATE data_changes SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER data_changes_caseload_update AFTER UPDATE ON caseload BEGIN UPDATE data_changes SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER data_changes_caseload_delete AFTER DELETE ON caseload BEGIN UPDATE data_changes SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER data_changes_events_insert AFTER INSERT ON events BEGIN UPDATE data_changes SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER data_changes_events_update AFTER UPDATE ON events BEGIN UPDATE data_changes SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER data_changes_events_delete AFTER DELETE ON events BEGIN UPDATE data_changes SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER data_changes_handovers_insert AFTER INSERT ON handovers BEGIN UPDATE data_changes SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER data_changes_handovers_update AFTER UPDATE ON handovers BEGIN UPDATE data_changes SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER data_changes_handovers_delete AFTER DELETE ON handovers BEGIN UPDATE data_changes SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER data_changes_schedule_runs_insert AFTER INSERT ON schedule_runs BEGIN UPDATE data_changes SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER data_changes_schedule_runs_update AFTER UPDATE ON schedule_runs BEGIN UPDATE data_changes SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER data_changes_schedule_runs_delete AFTER DELETE ON schedule_runs BEGIN UPDATE data_changes SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER data_changes_team_capacity_insert AFTER INSERT ON team_capacity BEGIN UPDATE data_changes SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER data_changes_team_capacity_update AFTER UPDATE ON team_capacity BEGIN UPDATE data_changes SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER data_changes_team_capacity_delete AFTER DELETE ON team_capacity BEGIN UPDATE data_changes SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER data_changes_teams_insert AFTER INSERT ON teams BEGIN UPDATE data_changes SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER data_changes_teams_update AFTER UPDATE ON teams BEGIN UPDATE data_changes SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER data_changes_teams_delete AFTER DELETE ON teams BEGIN UPDATE data_changes SET n = n + 1 WHERE id = 1; END;
"""),
)


_TABLES = ("people", "episodes", "aspirations", "consents", "profiles", "teams", "team_capacity",
           "schedule_runs", "handovers", "steps", "events", "users", "caseload", "audit_log",
           "run_handovers", "run_steps")


class ConflictError(Exception):
    """Someone else saved this record after you read it; nothing was written."""

    def __init__(self, what: str, who: str, when: str):
        self.who, self.when = who, when
        super().__init__(
            f"{what} was changed by {who or 'someone'} {_when_words(when)} after you opened it. "
            "Nothing was saved: reload to see their change, then make yours again."
        )


def _when_words(when: str) -> str:
    try:
        t = dt.datetime.fromisoformat(when)
    except (TypeError, ValueError):
        return f"at {when}" if when else "at an unknown time"
    return f"at {t:%H:%M} on {t.day} {t:%B %Y}"


class NotFoundError(KeyError):
    """The record asked for does not exist."""


def now_text() -> str:
    return dt.datetime.now().isoformat(timespec="seconds")


def default_db_path() -> Path:
    """PLANNER_DB if set, else data/planner.db."""
    return Path(os.environ.get("PLANNER_DB") or DEFAULT_DB)


def open_db(path: str | Path | None = None, *, migrate_schema: bool = True,
            check_same_thread: bool = True) -> Database:
    """A connection with foreign keys on, WAL, a busy timeout and the schema up to date.

    `":memory:"` gives a fresh in-memory database (tests). One connection per thread, except
    `check_same_thread=False` for a connection that several threads use one at a time (a
    Streamlit session: each rerun may run in a new thread, but never two at once).
    """
    path = default_db_path() if path is None else path
    memory = str(path) == ":memory:"
    if not memory:
        Path(path).parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=check_same_thread)
    db = Database(conn, execute_plugins=False)
    db.execute("PRAGMA foreign_keys = ON")
    db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    if not memory and db.journal_mode != "wal":
        db.enable_wal()
    if migrate_schema:
        migrate(db)
    return db


def schema_version(db: Database) -> int:
    if "schema_migrations" not in db.table_names():
        return 0
    return db.execute("SELECT coalesce(max(id), 0) FROM schema_migrations").fetchone()[0]


def _statements(sql: str) -> list[str]:
    """Split a migration into statements (a trigger's body holds semicolons of its own)."""
    out, buf = [], ""
    for part in sql.split(";"):
        buf += part + ";"
        if sqlite3.complete_statement(buf):
            if buf.strip(" \n;"):
                out.append(buf.strip())
            buf = ""
    return out


def migrate(db: Database) -> int:
    """Apply the migrations not yet applied, each in its own transaction; returns the version."""
    db.execute(
        "CREATE TABLE IF NOT EXISTS schema_migrations (id INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)"
    )
    done = schema_version(db)
    for number, (name, sql) in enumerate(MIGRATIONS, start=1):
        if number <= done:
            continue
        with db.atomic():
            for statement in _statements(sql):
                db.execute(statement)
            db.execute("INSERT INTO schema_migrations VALUES (?, ?, ?)", [number, name, now_text()])
    return len(MIGRATIONS)


# --- helpers ---------------------------------------------------------------------------------

def _text(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return value.isoformat(timespec="seconds")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bool):
        return int(value)
    if hasattr(value, "value"):  # an enum
        return value.value
    return value


def _row(values: Mapping[str, Any]) -> dict[str, Any]:
    return {k: _text(v) for k, v in values.items()}


def _one(db: Database, sql: str, params: Iterable[Any] = ()) -> dict | None:
    return next(iter(db.query(sql, list(params))), None)


def _versioned_update(
    db: Database, table: str, where: Mapping[str, Any], changes: Mapping[str, Any],
    expected_version: int | None, by: str, what: str, at: str | None = None,
) -> int:
    """UPDATE one versioned row if its version is still `expected_version`; the new version."""
    at = at or now_text()
    cond = " AND ".join(f'"{k}" = ?' for k in where)
    params = list(_row(where).values())
    sets = ", ".join(f'"{k}" = ?' for k in changes)
    with db.atomic():
        current = _one(db, f"SELECT version, updated_by, updated_at FROM {table} WHERE {cond}", params)
        if current is None:
            raise NotFoundError(f"{what} does not exist")
        if expected_version is not None and current["version"] != expected_version:
            raise ConflictError(what, current["updated_by"], current["updated_at"])
        sql = f"UPDATE {table} SET {sets + ', ' if sets else ''}version = version + 1, updated_by = ?, updated_at = ? WHERE {cond} AND version = ?"
        cur = db.execute(sql, [*_row(changes).values(), by, at, *params, current["version"]])
        if cur.rowcount != 1:  # another connection won the race between our read and write
            latest = _one(db, f"SELECT updated_by, updated_at FROM {table} WHERE {cond}", params) or {}
            raise ConflictError(what, latest.get("updated_by", ""), latest.get("updated_at", ""))
        return current["version"] + 1


# --- people ----------------------------------------------------------------------------------

PERSON_COLUMNS = ("id", "dob", "primary_need", *PERSON_FLAGS, *PERSON_DATES, *PERSON_ASSESSED, *PERSON_EXTRA)


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
    fields = {k: row.get(k) for k in ("id", "dob", "primary_need", *PERSON_DATES)}
    fields.update({k: bool(row.get(k)) for k in PERSON_FLAGS})
    fields.update({k: None if row.get(k) is None else bool(row[k]) for k in PERSON_ASSESSED})
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
            current = _one(db, "SELECT * FROM people WHERE area = ? AND local_id = ?", [row["area"], row["local_id"]])
            if current is None:
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


def update_person(db: Database, person_id: str, changes: Mapping[str, Any], *, expected_version: int | None, by: str) -> int:
    """Change a person's record if nobody changed it since `expected_version`; the new version."""
    bad = set(changes) - set(PERSON_COLUMNS) | ({"id", "area", "local_id"} & set(changes))
    if bad:
        raise ValueError(f"cannot change {', '.join(sorted(bad))} this way")
    return _versioned_update(db, "people", {"id": person_id}, changes, expected_version, by, "This person's record")


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


def delete_person(db: Database, person_id: str) -> dict[str, int]:
    """Remove a person and everything about them (cascades); counts of rows removed by table."""
    tables = ("episodes", "aspirations", "consents", "profiles", "handovers", "steps", "events", "caseload",
              "run_handovers", "run_steps")
    with db.atomic():
        counts = {t: db.execute(f"SELECT count(*) FROM {t} WHERE person_id = ?", [person_id]).fetchone()[0] for t in tables}
        counts["people"] = db.execute("DELETE FROM people WHERE id = ?", [person_id]).rowcount
    return counts


def person_record(db: Database, person_id: str) -> dict | None:
    """Everything stored about one person, by table (a subject access request)."""
    person = get_person(db, person_id)
    if person is None:
        return None
    out: dict[str, Any] = {"person": person}
    for table in ("episodes", "aspirations", "consents", "profiles", "handovers", "steps", "events", "caseload"):
        out[table] = list(db.query(f"SELECT * FROM {table} WHERE person_id = ? ORDER BY rowid", [person_id]))
    out["accounts"] = [
        {k: v for k, v in u.items() if k not in ("password_hash",)}
        for u in db.query("SELECT * FROM users WHERE person_id = ?", [person_id])
    ]
    out["audit_log"] = list(db.query("SELECT * FROM audit_log WHERE person_id = ? ORDER BY id", [person_id]))
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


# --- aspirations, profile, consent -----------------------------------------------------------

def get_aspirations(db: Database, person_id: str) -> dict[str, str]:
    return {r["outcome"]: r["words"] for r in db.query(
        "SELECT outcome, words FROM aspirations WHERE person_id = ? ORDER BY outcome", [person_id])}


def save_aspirations(db: Database, person_id: str, aspirations: Mapping[str, str], by: str) -> None:
    """Replace the aspirations (outcome -> the young person's words); blank ones are removed."""
    bad = set(aspirations) - set(OUTCOMES)
    if bad:
        raise ValueError(f"unknown outcome {', '.join(sorted(bad))}; use {', '.join(OUTCOMES)}")
    at = now_text()
    with db.atomic():
        db.execute("DELETE FROM aspirations WHERE person_id = ?", [person_id])
        for outcome, words in aspirations.items():
            if words and words.strip():
                db.execute("INSERT INTO aspirations VALUES (?, ?, ?, ?, ?)", [person_id, outcome, words.strip(), by, at])


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


# --- teams and capacity ----------------------------------------------------------------------

def upsert_teams(db: Database, area: str, teams: Iterable[Mapping[str, Any]], by: str = "import") -> dict[str, int]:
    """Teams (id, name, unit, note) and optional capacity (from_date, per_week) for an area."""
    counts = {"teams": 0, "capacity": 0}
    with db.atomic():
        for t in teams:
            row = {"area": area, "id": t["id"], "name": t.get("name") or "", "unit": t.get("unit") or "week",
                   "note": t.get("note") or ""}
            current = _one(db, "SELECT * FROM teams WHERE area = ? AND id = ?", [area, t["id"]])
            if current != row:
                db.table("teams").upsert(row, pk=("area", "id"))
            counts["teams"] += 1
            if t.get("per_week") is not None:
                set_capacity(db, area, t["id"], t.get("from_date") or "2000-01-01", float(t["per_week"]), by)
                counts["capacity"] += 1
    return counts


def list_teams(db: Database, area: str) -> list[dict]:
    return list(db.query("SELECT * FROM teams WHERE area = ? ORDER BY id", [area]))


def capacity_for(db: Database, area: str, team_id: str | None = None) -> list[dict]:
    """Capacity rows (team_id, from_date, per_week, version...), each in force from its date."""
    if team_id is None:
        return list(db.query("SELECT * FROM team_capacity WHERE area = ? ORDER BY team_id, from_date", [area]))
    return list(db.query("SELECT * FROM team_capacity WHERE area = ? AND team_id = ? ORDER BY from_date", [area, team_id]))


def set_capacity(db: Database, area: str, team_id: str, from_date: Any, per_week: float, by: str,
                 expected_version: int | None = None) -> int:
    """Set a team's capacity per week from a date; a stale edit raises ConflictError."""
    key = {"area": area, "team_id": team_id, "from_date": _text(from_date)}
    with db.atomic():
        existing = _one(db, "SELECT version, per_week FROM team_capacity WHERE area = ? AND team_id = ? AND from_date = ?", list(key.values()))
        if existing is None:
            db.table("team_capacity").insert({**key, "per_week": per_week, "version": 1, "updated_by": by, "updated_at": now_text()})
            return 1
        if existing["per_week"] == per_week and expected_version in (None, existing["version"]):
            return existing["version"]
        return _versioned_update(db, "team_capacity", key, {"per_week": per_week}, expected_version, by,
                                 f"The capacity of {team_id} from {key['from_date']}")


# --- schedules, handovers and steps ----------------------------------------------------------

def save_schedule_run(db: Database, run: Mapping[str, Any]) -> int:
    """Record a scheduler run (area, started_at, finished_at, run_by, method, gap_weeks,
    breaches, detail as a JSON string); returns its id."""
    with db.atomic():
        return db.table("schedule_runs").insert(_row(run)).last_pk


def list_schedule_runs(db: Database, area: str | None = None) -> list[dict]:
    if area is None:
        return list(db.query("SELECT * FROM schedule_runs ORDER BY id DESC"))
    return list(db.query("SELECT * FROM schedule_runs WHERE area = ? ORDER BY id DESC", [area]))


def save_handovers(db: Database, handovers: Iterable[Mapping[str, Any]], steps: Iterable[Mapping[str, Any]], by: str = "scheduler") -> None:
    """Replace the handovers (and their steps) of every person named in `handovers`."""
    handovers, steps = [_row(h) for h in handovers], [_row(s) for s in steps]
    at = now_text()
    with db.atomic():
        for pid in sorted({h["person_id"] for h in handovers}):
            db.execute("DELETE FROM handovers WHERE person_id = ?", [pid])
        db.table("handovers").insert_all(handovers, batch_size=2000)
        db.table("steps").insert_all(
            [{"version": 1, "updated_by": by, "updated_at": at, **s} for s in steps], batch_size=2000)


_DONE_SQL = "('done', 'completed', 'cancelled')"
_STEP_PLAN_COLUMNS = ("handover_id", "person_id", "kind", "title", "team_id", "duration_weeks", "earliest",
                      "deadline", "start", "end", "window_start", "window_end", "meeting", "uses_capacity",
                      "statutory", "after", "reason")
_HANDOVER_PLAN_COLUMNS = ("person_id", "from_service", "to_service", "due", "title", "gap_weeks", "weight")


def get_schedule_run(db: Database, run_id: int) -> dict | None:
    return _one(db, "SELECT * FROM schedule_runs WHERE id = ?", [run_id])


def save_run_plan(db: Database, run_id: int, handovers: Iterable[Mapping[str, Any]],
                  steps: Iterable[Mapping[str, Any]]) -> None:
    """Keep a run's proposed handovers and steps beside the current plan (run_handovers/run_steps)."""
    with db.atomic():
        db.table("run_handovers").insert_all(({"run_id": run_id, **_row(h)} for h in handovers), batch_size=2000)
        db.table("run_steps").insert_all(({"run_id": run_id, **_row(s)} for s in steps), batch_size=2000)


def run_steps_for(db: Database, run_id: int, person_id: str) -> list[dict]:
    return list(db.query("SELECT * FROM run_steps WHERE run_id = ? AND person_id = ? ORDER BY start, id",
                         [run_id, person_id]))


def _upsert_plan_sql(source: str, by_run: bool) -> tuple[str, str]:
    """INSERT ... ON CONFLICT statements that copy planned handovers and steps into the live
    tables, leaving steps already done alone and bumping a step's version only when it changed."""
    hcols = ", ".join(f'"{c}"' for c in _HANDOVER_PLAN_COLUMNS)
    hset = ", ".join(f'"{c}" = excluded."{c}"' for c in _HANDOVER_PLAN_COLUMNS)
    scols = ", ".join(f'"{c}"' for c in _STEP_PLAN_COLUMNS)
    sset = ", ".join(f'"{c}" = excluded."{c}"' for c in _STEP_PLAN_COLUMNS)
    changed = " OR ".join(f'steps."{c}" IS NOT excluded."{c}"' for c in _STEP_PLAN_COLUMNS)
    where = "WHERE run_id = ?" if by_run else "WHERE 1"
    handovers = (f"INSERT INTO handovers (id, {hcols}, status, run_id) SELECT id, {hcols}, 'planned', ? "
                 f"FROM {source}_handovers {where} ON CONFLICT (id) DO UPDATE SET {hset}, run_id = excluded.run_id")
    steps = (f"INSERT INTO steps (id, {scols}, status, version, updated_by, updated_at, pinned) "
             f"SELECT id, {scols}, 'planned', 1, ?, ?, 0 FROM {source}_steps {where} "
             f"ON CONFLICT (id) DO UPDATE SET {sset}, version = steps.version + 1, "
             f"updated_by = excluded.updated_by, updated_at = excluded.updated_at "
             f"WHERE steps.status NOT IN {_DONE_SQL} AND ({changed})")
    return handovers, steps


def accept_run(db: Database, run_id: int, by: str) -> dict[str, int]:
    """Make a proposed run the plan of its area (see planner.schedule.accept)."""
    with db.atomic():
        run = get_schedule_run(db, run_id)
        if run is None:
            raise NotFoundError(f"there is no scheduler run {run_id}")
        if run["status"] != "proposed":
            raise ValueError(f"run {run_id} is {run['status']}, not a proposal: only a proposal can be accepted")
        area, at = run["area"], now_text()
        handovers_sql, steps_sql = _upsert_plan_sql("run", by_run=True)
        db.execute(handovers_sql, [run_id, run_id])
        db.execute(steps_sql, [by, at, run_id])
        people = "SELECT id FROM people WHERE area = ?"
        # Planned steps the new plan no longer has (their deadline passed, or they were done elsewhere).
        gone_steps = db.execute(
            f"DELETE FROM steps WHERE person_id IN ({people}) AND status NOT IN {_DONE_SQL} "
            "AND id NOT IN (SELECT id FROM run_steps WHERE run_id = ?)", [area, run_id]).rowcount
        gone_handovers = db.execute(
            f"DELETE FROM handovers WHERE person_id IN ({people}) AND status = 'planned' "
            "AND id NOT IN (SELECT id FROM run_handovers WHERE run_id = ?) "
            "AND id NOT IN (SELECT handover_id FROM steps)", [area, run_id]).rowcount
        db.execute("UPDATE schedule_runs SET status = 'superseded' WHERE area = ? AND status = 'accepted'", [area])
        db.execute("UPDATE schedule_runs SET status = 'accepted' WHERE id = ?", [run_id])
        audit(db, by, "accept plan", None, f"run {run_id} for {area}")
        counts = {t: db.execute(f"SELECT count(*) FROM run_{t} WHERE run_id = ?", [run_id]).fetchone()[0]
                  for t in ("handovers", "steps")}
    return {**counts, "steps_removed": gone_steps, "handovers_removed": gone_handovers}


def save_person_plan(db: Database, person_id: str, handovers: Iterable[Mapping[str, Any]],
                     steps: Iterable[Mapping[str, Any]], versions: Mapping[str, int], by: str,
                     pinned: Iterable[str] = ()) -> None:
    """Save one person's re-planned handovers and steps. `versions` are the step versions the
    user read: if any stored step has moved on since, ConflictError says who and when and
    nothing is written. Steps in `pinned` were moved by the user and keep their date when the
    area is planned again."""
    handovers, steps = [_row(h) for h in handovers], [_row(s) for s in steps]
    with db.atomic():
        for r in db.query("SELECT id, version, updated_by, updated_at FROM steps WHERE person_id = ?", [person_id]):
            if r["id"] in versions and versions[r["id"]] != r["version"]:
                raise ConflictError("This plan", r["updated_by"], r["updated_at"])
        db.execute("DROP TABLE IF EXISTS temp.person_handovers")
        db.execute("DROP TABLE IF EXISTS temp.person_steps")
        db.execute("CREATE TEMP TABLE person_handovers AS SELECT * FROM run_handovers WHERE 0")
        db.execute("CREATE TEMP TABLE person_steps AS SELECT * FROM run_steps WHERE 0")
        # Plain executemany: sqlite-utils' table helpers look for tables in the main schema only.
        for table, cols, rows in (("person_handovers", ("id", *_HANDOVER_PLAN_COLUMNS), handovers),
                                  ("person_steps", ("id", *_STEP_PLAN_COLUMNS), steps)):
            names = ", ".join(f'"{c}"' for c in ("run_id", *cols))
            db.conn.executemany(f"INSERT INTO temp.{table} ({names}) VALUES ({', '.join('?' * (len(cols) + 1))})",
                                [(0, *(r.get(c) for c in cols)) for r in rows])
        handovers_sql, steps_sql = _upsert_plan_sql("person", by_run=False)
        last_run = db.execute("SELECT run_id FROM handovers WHERE person_id = ? LIMIT 1", [person_id]).fetchone()
        db.execute(handovers_sql, [last_run[0] if last_run else None])
        db.execute(steps_sql, [by, now_text()])
        for sid in pinned:
            db.execute("UPDATE steps SET pinned = 1 WHERE id = ?", [sid])
        db.execute("DROP TABLE temp.person_handovers")
        db.execute("DROP TABLE temp.person_steps")
        audit(db, by, "re-plan", person_id, f"{len(steps)} steps")


def handovers_for(db: Database, person_id: str) -> list[dict]:
    return list(db.query("SELECT * FROM handovers WHERE person_id = ? ORDER BY due, id", [person_id]))


def steps_for(db: Database, person_id: str) -> list[dict]:
    return list(db.query('SELECT * FROM steps WHERE person_id = ? ORDER BY start, id', [person_id]))


def update_step(db: Database, step_id: str, changes: Mapping[str, Any], *, expected_version: int | None, by: str) -> int:
    """Change a scheduled step (dates, status); a stale edit raises ConflictError."""
    return _versioned_update(db, "steps", {"id": step_id}, changes, expected_version, by, "This step")


# --- events ----------------------------------------------------------------------------------

def record_event(db: Database, person_id: str, kind: str, date: Any, by: str, *, service_id: str | None = None,
                 step_id: str | None = None, note: str = "", at: str | None = None) -> int:
    """Record what happened (kind is one of EVENT_KINDS); returns the event id."""
    if kind not in EVENT_KINDS:
        raise ValueError(f"unknown event {kind!r}; use one of {', '.join(EVENT_KINDS)}")
    with db.atomic():
        return db.table("events").insert({
            "person_id": person_id, "kind": kind, "date": _text(date), "service_id": service_id,
            "step_id": step_id, "note": note, "recorded_by": by, "recorded_at": at or now_text()}).last_pk


def events_for(db: Database, person_id: str) -> list[dict]:
    return list(db.query("SELECT * FROM events WHERE person_id = ? ORDER BY date, id", [person_id]))


# --- users and caseloads ---------------------------------------------------------------------

def create_user(db: Database, username: str, role: str, password_hash: str | None, *, display_name: str = "",
                person_id: str | None = None, team_id: str | None = None, email: str | None = None,
                at: str | None = None) -> None:
    if role not in ROLES:
        raise ValueError(f"unknown role {role!r}; use one of {', '.join(ROLES)}")
    with db.atomic():
        db.table("users").insert({
            "username": username, "role": role, "display_name": display_name, "email": email,
            "password_hash": password_hash, "person_id": person_id, "team_id": team_id,
            "failed_attempts": 0, "locked_until": None, "created_at": at or now_text()})


def get_user(db: Database, username: str) -> dict | None:
    return _one(db, "SELECT * FROM users WHERE username = ?", [username])


def get_user_by_email(db: Database, email: str) -> dict | None:
    return _one(db, "SELECT * FROM users WHERE lower(email) = lower(?)", [email])


def list_users(db: Database, role: str | None = None) -> list[dict]:
    if role is None:
        return list(db.query("SELECT * FROM users ORDER BY username"))
    return list(db.query("SELECT * FROM users WHERE role = ? ORDER BY username", [role]))


def set_password(db: Database, username: str, password_hash: str) -> None:
    with db.atomic():
        db.execute("UPDATE users SET password_hash = ? WHERE username = ?", [password_hash, username])


def save_login_state(db: Database, username: str, failed_attempts: int, locked_until: Any) -> None:
    """Store the lock-out state planner.access computed (access.after_failure/after_success)."""
    with db.atomic():
        db.execute("UPDATE users SET failed_attempts = ?, locked_until = ? WHERE username = ?",
                   [failed_attempts, _text(locked_until), username])


def record_login_failure(db: Database, username: str, now: dt.datetime, *, max_attempts: int = 5,
                         lock_for: dt.timedelta = dt.timedelta(minutes=15)) -> tuple[int, str | None]:
    """One more wrong password: count it, lock after `max_attempts`; (failed, locked_until)."""
    with db.atomic():
        user = get_user(db, username)
        if user is None:
            return 0, None
        failed = user["failed_attempts"] + 1
        locked = None
        if failed >= max_attempts:
            failed, locked = 0, (now + lock_for).isoformat(timespec="seconds")
        save_login_state(db, username, failed, locked)
        return failed, locked


def reset_failures(db: Database, username: str) -> None:
    save_login_state(db, username, 0, None)


def assign_caseload(db: Database, worker: str, person_ids: Iterable[str], since: Any = "") -> None:
    with db.atomic():
        for pid in person_ids:
            db.execute("INSERT OR IGNORE INTO caseload VALUES (?, ?, ?)", [worker, pid, _text(since)])


def caseload(db: Database, worker: str) -> list[dict]:
    """People rows on a worker's caseload."""
    return list(db.query(
        "SELECT p.* FROM caseload c JOIN people p ON p.id = c.person_id WHERE c.worker = ? ORDER BY p.dob, p.id", [worker]))


# --- for the app's records and the administrator's pages (planner.store_records, planner.admin) --

def team_ids(db: Database) -> list[str]:
    """Every team id in any area, for choosing a worker's or manager's team."""
    return [r["id"] for r in db.query("SELECT DISTINCT id FROM teams ORDER BY id")]


def count_audit(db: Database, *, person_id: str | None = None, username: str | None = None) -> int:
    """How many audit entries `list_audit` would page through with the same filters."""
    where, params = _audit_where(person_id, username)
    return db.execute(f"SELECT count(*) FROM audit_log{where}", params).fetchone()[0]


# --- audit -----------------------------------------------------------------------------------

def audit(db: Database, user: str, action: str, person_id: str | None = None, detail: str = "", at: str | None = None) -> None:
    """Append to the audit log: who, when, what, about whom (never the record's contents)."""
    with db.atomic():
        db.execute("INSERT INTO audit_log (at, username, action, person_id, detail) VALUES (?, ?, ?, ?, ?)",
                   [at or now_text(), user, action, person_id, detail])


def _audit_where(person_id: str | None, username: str | None) -> tuple[str, list]:
    filters = {"person_id": person_id, "username": username}
    parts = [f"{column} = ?" for column, value in filters.items() if value is not None]
    return (" WHERE " + " AND ".join(parts)) if parts else "", [v for v in filters.values() if v is not None]


def list_audit(db: Database, *, person_id: str | None = None, username: str | None = None, limit: int = 200,
               offset: int = 0) -> list[dict]:
    where, params = _audit_where(person_id, username)
    return list(db.query(f"SELECT * FROM audit_log{where} ORDER BY id DESC LIMIT ? OFFSET ?", [*params, limit, offset]))
