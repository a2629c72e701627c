"""Read models for the commissioner's figures (planner.need.dashboard): the rows the cohort,
capacity, wants, gaps and NICE QS140 indicators are counted from, optionally for one area.
Plain tuples, read in few queries: an England-sized area has a quarter of a million people."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from sqlite_utils import Database

from planner.store.offer import offer_places as _offer_places


def _area_filter(area: str | None, column: str = "area") -> tuple[str, list]:
    return (f" WHERE {column} = ?", [area]) if area else ("", [])


def open_episodes(db: Database, area: str | None, services: Sequence[str], as_of: dt.date) -> list[tuple]:
    """(person_id, service_id, end) of episodes in `services` not ended before `as_of`."""
    where, params = _area_filter(area, "p.area")
    marks = ", ".join("?" * len(services))
    join = f" JOIN people p ON p.id = e.person_id{where} AND" if where else " WHERE"
    sql = (f'SELECT e.person_id, e.service_id, e."end" FROM episodes e{join}'
           f' e.service_id IN ({marks}) AND (e."end" IS NULL OR e."end" >= ?)')
    return db.execute(sql, [*params, *services, as_of.isoformat()]).fetchall()


def cohort_rows(db: Database, area: str | None, flags: Sequence[str]) -> list[tuple]:
    """(id, dob, area, primary_need, ehc_plan, last_review, plan_issued, *flags) of every person."""
    where, params = _area_filter(area, "p.area")
    columns = ", ".join(f"p.{f}" for f in flags)
    sql = (f"SELECT p.id, p.dob, p.area, p.primary_need, p.ehc_plan, p.last_review, p.plan_issued, {columns} "
           f"FROM people p{where}")
    return db.execute(sql, params).fetchall()


def capacity_rows(db: Database, area: str | None) -> list[tuple]:
    """(area, team_id, from_date, per_week) of every capacity row."""
    where, params = _area_filter(area)
    return db.execute(f"SELECT area, team_id, from_date, per_week FROM team_capacity{where}", params).fetchall()


def team_names(db: Database, area: str | None) -> dict[str, str]:
    where, params = _area_filter(area)
    return {t: (name or "").strip() for t, name in db.execute(f"SELECT id, name FROM teams{where}", params).fetchall()}


def aspiration_counts(db: Database, area: str | None) -> dict[str, int]:
    """How many young people said what they want, by outcome."""
    where, params = _area_filter(area, "p.area")
    sql = f"SELECT a.outcome, COUNT(*) FROM aspirations a JOIN people p ON p.id = a.person_id{where} GROUP BY a.outcome"
    return dict(db.execute(sql, params).fetchall())


def latest_run_detail(db: Database, area: str | None) -> str | None:
    """The detail (JSON text) of the latest scheduler run, or None."""
    where, params = _area_filter(area)
    row = db.execute(f"SELECT detail FROM schedule_runs{where} ORDER BY id DESC LIMIT 1", params).fetchone()
    return row[0] if row else None


def event_rows(db: Database, area: str | None) -> list[tuple]:
    """(person_id, kind, date, service_id) of every event, by person and date."""
    where, params = _area_filter(area, "p.area")
    return db.execute(f"SELECT x.person_id, x.kind, x.date, x.service_id FROM events x JOIN people p "
                      f"ON p.id = x.person_id{where} ORDER BY x.person_id, x.date, x.id", params).fetchall()


def handover_from_rows(db: Database, area: str | None) -> list[tuple]:
    """(person_id, from_service) of every planned handover."""
    where, params = _area_filter(area, "p.area")
    return db.execute(f"SELECT x.person_id, x.from_service FROM handovers x JOIN people p ON p.id = x.person_id{where}",
                      params).fetchall()


def caseload_since(db: Database, area: str | None) -> list[tuple]:
    """(person_id, the earliest date a worker took them on)."""
    where, params = _area_filter(area, "p.area")
    return db.execute(f"SELECT x.person_id, MIN(x.since) FROM caseload x JOIN people p ON p.id = x.person_id{where} "
                      "GROUP BY x.person_id", params).fetchall()


def people_with_any_flag(db: Database, area: str | None, flags: Sequence[str]) -> list[tuple]:
    """(id, dob, entered_services, *flags) of people with at least one of `flags` set."""
    where, params = _area_filter(area, "p.area")
    any_flag = " OR ".join(f"p.{f}" for f in flags)
    return db.execute(f"SELECT p.id, p.dob, p.entered_services, {', '.join('p.' + f for f in flags)} FROM people p"
                      f"{where}{' AND' if where else ' WHERE'} ({any_flag})", params).fetchall()


def people_dates(db: Database, ids: Iterable[str]) -> list[tuple]:
    """(id, dob, entered_services) of the given people, read in chunks under SQLite's limit."""
    ids, out = list(ids), []
    for i in range(0, len(ids), 500):
        chunk = ids[i:i + 500]
        out += db.execute(f"SELECT id, dob, entered_services FROM people WHERE id IN ({', '.join('?' * len(chunk))})",
                          chunk).fetchall()
    return out


def data_stamp(db: Database) -> int:
    """A number that changes whenever a row the figures read changes (store triggers count
    them), but not when someone signs in or a read is audited: a cached dashboard stays valid
    while workers use the app."""
    return db.execute("SELECT n FROM data_changes WHERE id = 1").fetchone()[0]


def database_identity(db: Database) -> str:
    """The main database's file, or a name for an in-memory one: part of a cache key."""
    return next((r[2] for r in db.execute("PRAGMA database_list") if r[1] == "main"), "") or f"memory:{id(db.conn)}"


def offer_places(db: Database, area: str | None) -> dict[str, float]:
    """Places a year in the local offer (Open Referral UK feed) by outcome."""
    return _offer_places(db, area)
