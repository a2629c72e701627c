"""Scheduler runs, proposals, the accepted plan's handovers and steps."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from sqlite_utils import Database

from planner.models import CLOSED_STATUSES, RECORDED_BY_EVENT, StepStatus
from planner.store.audit import audit
from planner.store.db import ConflictError, NotFoundError, _one, _row, _versioned_update, now_text

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


# Statuses in SQL come from planner.models.StepStatus, the one vocabulary.
_DONE_SQL = f"('{StepStatus.DONE}', '{StepStatus.CANCELLED}')"  # nothing left to plan
_UNRECORDED_SQL = f"('{StepStatus.PLANNED}', '{StepStatus.NOT_RECORDED}')"  # a plan may set these
_CLOSED_SQL = "(" + ", ".join(f"'{s}'" for s in sorted(CLOSED_STATUSES)) + ")"  # take no capacity
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
    changed = " OR ".join([*(f'steps."{c}" IS NOT excluded."{c}"' for c in _STEP_PLAN_COLUMNS),
                           f"(steps.status IN {_UNRECORDED_SQL} AND steps.status IS NOT excluded.status)"])
    where = "WHERE run_id = ?" if by_run else "WHERE 1"
    handovers = (f"INSERT INTO handovers (id, {hcols}, status, run_id) SELECT id, {hcols}, 'planned', ? "
                 f"FROM {source}_handovers {where} ON CONFLICT (id) DO UPDATE SET {hset}, run_id = excluded.run_id")
    # A plan sets only the statuses nothing was recorded for ('planned', 'not_recorded'): a step
    # refused (or done) by a recorded event keeps that status.
    steps = (f"INSERT INTO steps (id, {scols}, status, version, updated_by, updated_at, pinned) "
             f"SELECT id, {scols}, coalesce(status, 'planned'), 1, ?, ?, 0 FROM {source}_steps {where} "
             f"ON CONFLICT (id) DO UPDATE SET {sset}, version = steps.version + 1, "
             f"status = CASE WHEN steps.status IN {_UNRECORDED_SQL} THEN excluded.status ELSE steps.status END, "
             f"updated_by = excluded.updated_by, updated_at = excluded.updated_at "
             f"WHERE steps.status NOT IN {_DONE_SQL} AND ({changed})")
    return handovers, steps


def accept_run(db: Database, run_id: int, by: str, reason: str | None = None) -> dict[str, int]:
    """Make a proposed run the plan of its area (see planner.planning.runs.accept); `reason`
    (why a proposal worse than the plan in force was accepted) goes in the audit log."""
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
        # Older proposals can no longer be accepted over this plan.
        db.execute("UPDATE schedule_runs SET status = 'superseded' WHERE area = ? AND id < ? "
                   "AND status IN ('accepted', 'proposed')", [area, run_id])
        db.execute("UPDATE schedule_runs SET status = 'accepted' WHERE id = ?", [run_id])
        audit(db, by, "accept plan", None, f"run {run_id} for {area}" + (f"; reason: {reason}" if reason else ""))
        counts = {t: db.execute(f"SELECT count(*) FROM run_{t} WHERE run_id = ?", [run_id]).fetchone()[0]
                  for t in ("handovers", "steps")}
        pruned = prune_proposals(db, area, run_id)
    return {**counts, "steps_removed": gone_steps, "handovers_removed": gone_handovers, "proposal_rows_pruned": pruned}


def prune_proposals(db: Database, area: str, accepted_run: int) -> int:
    """Delete the person-level copies of the area's runs up to the accepted one (the plan itself
    now lives in handovers and steps): superseded proposals must not keep copies of everyone's
    plan (they made a database grow from 10 MB to 47 MB in one run). Newer proposals are kept.
    The runs themselves (who, when, figures) stay. Returns the rows deleted."""
    runs = "SELECT id FROM schedule_runs WHERE area = ? AND id <= ?"
    with db.atomic():
        n = db.execute(f"DELETE FROM run_steps WHERE run_id IN ({runs})", [area, accepted_run]).rowcount
        n += db.execute(f"DELETE FROM run_handovers WHERE run_id IN ({runs})", [area, accepted_run]).rowcount
    return n


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
                                  ("person_steps", ("id", *_STEP_PLAN_COLUMNS, "status"), steps)):
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
    """Change a scheduled step (dates, status); a stale edit raises ConflictError. Only a recorded
    event makes a step done or refused: such a change without an event for the step is refused."""
    if changes.get("status") in RECORDED_BY_EVENT:
        with db.atomic():
            if db.execute("SELECT 1 FROM events WHERE step_id = ? LIMIT 1", [step_id]).fetchone() is None:
                raise ValueError(f"step {step_id} can only be marked {changes['status']} by recording what happened")
            return _versioned_update(db, "steps", {"id": step_id}, changes, expected_version, by, "This step")
    return _versioned_update(db, "steps", {"id": step_id}, changes, expected_version, by, "This step")


def meeting_steps(db: Database, person_ids) -> list[dict]:
    """The meeting steps of these people (a team can hold thousands: read in chunks)."""
    cols = ("id", "person_id", "title", "team_id", "start", "end", "window_start", "window_end", "meeting", "status")
    ids, rows = list(person_ids), []
    for i in range(0, len(ids), 500):  # keep under SQLite's limit on parameters
        chunk = ids[i:i + 500]
        rows += db.execute(
            'SELECT id, person_id, title, team_id, start, "end", window_start, window_end, meeting, status FROM steps '
            f"WHERE meeting = 1 AND person_id IN ({', '.join('?' * len(chunk))})", chunk).fetchall()
    return [dict(zip(cols, r, strict=True)) for r in rows]


def count_replans_since(db: Database, area: str, since: str) -> int:
    """How many one-person re-plans were saved in `area` after `since` (an ISO time)."""
    return db.execute(
        "SELECT count(*) FROM audit_log WHERE action = 're-plan' AND at > ? "
        "AND person_id IN (SELECT id FROM people WHERE area = ?)", [since, area]).fetchone()[0]


def step_states(db: Database, area: str) -> dict[str, dict]:
    """Each stored step of the area's people: status, start, pinned and version, by step id."""
    sql = ("SELECT s.id, s.status, s.start, s.pinned, s.version FROM steps s JOIN people p ON p.id = s.person_id "
           "WHERE p.area = ?")
    return {r[0]: {"status": r[1], "start": r[2], "pinned": r[3], "version": r[4]}
            for r in db.execute(sql, [area]).fetchall()}


def open_capacity_starts(db: Database, area: str, since: str, exclude_person: str) -> list[tuple[str, str]]:
    """(team_id, start) of the capacity-using steps not yet done of everyone in the area but one
    person, starting on or after `since`."""
    sql = ("SELECT s.team_id, s.start FROM steps s JOIN people p ON p.id = s.person_id WHERE p.area = ? "
           f"AND s.person_id != ? AND s.uses_capacity = 1 AND s.status NOT IN {_CLOSED_SQL} "
           "AND s.start >= ?")
    return db.execute(sql, [area, exclude_person, since]).fetchall()


def add_step(db: Database, row: Mapping[str, Any], by: str) -> None:
    """Add one step to the plan (a follow-up the record calls for), version 1."""
    with db.atomic():
        db.table("steps").insert({**_row(row), "version": 1, "updated_by": by, "updated_at": now_text()})


def planned_step_starts(db: Database) -> list[dict]:
    """id and start of every step still planned."""
    return list(db.query("SELECT id, start FROM steps WHERE status = 'planned'"))


def person_with_most_handovers(db: Database) -> str | None:
    """The person with the most adult-service transfers planned (for the benchmark)."""
    row = db.execute("SELECT person_id FROM steps WHERE kind = 'transfer' GROUP BY person_id "
                     "ORDER BY count(*) DESC, person_id LIMIT 1").fetchone()
    return row[0] if row else None
