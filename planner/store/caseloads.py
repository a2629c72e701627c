"""Read models for caseloads: the people a worker holds, or that any worker of a team holds,
with their handovers and steps, in three queries however many people there are.

A team's people are those its workers hold: the same rule planner.access uses
(PersonLinks.teams comes from the caseload workers' teams), so a team manager never sees a name
they could not open."""

from __future__ import annotations

from sqlite_utils import Database

_WORKER_PEOPLE = "SELECT person_id FROM caseload WHERE worker = ?"
_TEAM_PEOPLE = "SELECT c.person_id FROM caseload c JOIN users u ON u.username = c.worker WHERE u.team_id = ?"


def _selector(worker: str | None, team_id: str | None) -> tuple[str, str]:
    if (worker is None) == (team_id is None):
        raise ValueError("give a worker or a team, not both")
    return (_WORKER_PEOPLE, worker) if worker is not None else (_TEAM_PEOPLE, team_id)  # type: ignore[return-value]


def people(db: Database, *, worker: str | None = None, team_id: str | None = None) -> list[dict]:
    """id, name, dob, primary_need and the names of the workers holding them, by date of birth."""
    sql, param = _selector(worker, team_id)
    holders = ("SELECT group_concat(COALESCE(NULLIF(u.display_name, ''), c.worker), ', ') FROM caseload c "
               "LEFT JOIN users u ON u.username = c.worker WHERE c.person_id = p.id")
    return [dict(zip(("id", "name", "dob", "primary_need", "worker"), r, strict=True)) for r in db.execute(
        f"SELECT p.id, p.name, p.dob, p.primary_need, ({holders}) FROM people p "
        f"WHERE p.id IN ({sql}) ORDER BY p.dob, p.id", [param]).fetchall()]


def handovers(db: Database, *, worker: str | None = None, team_id: str | None = None) -> list[dict]:
    sql, param = _selector(worker, team_id)
    return [dict(zip(("id", "person_id", "from_service", "to_service", "due"), r, strict=True)) for r in db.execute(
        f"SELECT h.id, h.person_id, h.from_service, h.to_service, h.due FROM handovers h "
        f"WHERE h.person_id IN ({sql})", [param]).fetchall()]


def steps(db: Database, *, worker: str | None = None, team_id: str | None = None) -> list[dict]:
    sql, param = _selector(worker, team_id)
    cols = ("id", "handover_id", "person_id", "kind", "title", "team_id", "start", "end", "deadline", "status")
    return [dict(zip(cols, r, strict=True)) for r in db.execute(
        'SELECT s.id, s.handover_id, s.person_id, s.kind, s.title, s.team_id, s.start, s."end", s.deadline, s.status '
        f"FROM steps s WHERE s.person_id IN ({sql})", [param]).fetchall()]


def people_brief(db: Database, *, worker: str | None = None, team_id: str | None = None) -> list[dict]:
    """id, name, dob and area of the people, by date of birth (for choosing one)."""
    sql, param = _selector(worker, team_id)
    cols = ("id", "name", "dob", "area")
    return [dict(zip(cols, r, strict=True)) for r in db.execute(
        f"SELECT id, name, dob, area FROM people WHERE id IN ({sql}) ORDER BY dob, id", [param]).fetchall()]


def busiest_worker(db: Database) -> str | None:
    """The worker holding the most people (for benchmarks and demos)."""
    row = db.execute("SELECT worker, COUNT(*) n FROM caseload GROUP BY worker ORDER BY n DESC, worker LIMIT 1").fetchone()
    return row[0] if row else None
