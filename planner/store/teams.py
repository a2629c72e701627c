"""Teams and their capacity over time."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from sqlite_utils import Database

from planner.store.db import _one, _text, _versioned_update, now_text

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

def team_ids(db: Database) -> list[str]:
    """Every team id in any area, for choosing a worker's or manager's team."""
    return [r["id"] for r in db.query("SELECT DISTINCT id FROM teams ORDER BY id")]
