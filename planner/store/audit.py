"""The audit log: who did what, when, about whom (never the record's contents)."""

from __future__ import annotations

from sqlite_utils import Database

from planner.store.db import now_text


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
