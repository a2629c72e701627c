"""Read the commissioner's inputs from the store and build the dashboard, cached.

A thin adapter: plain SQL over the store's tables (people, episodes, aspirations,
team_capacity, teams, handovers, events, caseload, schedule_runs) into the plain inputs of
planner.need.forecast and planner.need.qs140. Only counts leave through planner.need.disclosure.
"""

from __future__ import annotations

import datetime as dt
import gc
import json
from collections import defaultdict

from planner.need import forecast, qs140

# Person flags that stand for an open children's service when no episode is recorded.
FLAG_SERVICES = {
    "camhs": "camhs", "paediatrics": "paediatrics", "childrens_social_care": "childrens_social_care",
    "continuing_care": "childrens_continuing_care", "looked_after": "looked_after_care",
}
CHILDRENS = sorted({r.childrens_service for r in forecast.DEMAND_RULES})


def _date(text) -> dt.date | None:
    return dt.date.fromisoformat(str(text)[:10]) if text else None


def _area_filter(area: str | None, column: str = "area") -> tuple[str, list]:
    return (f" WHERE {column} = ?", [area]) if area else ("", [])


def members(db, as_of: dt.date, area: str | None = None) -> list[forecast.Member]:
    """The cohort: one row per person, with their open children's services and planned ends."""
    where, params = _area_filter(area, "p.area")
    open_eps: dict[str, list[tuple[str, dt.date | None]]] = defaultdict(list)
    marks = ", ".join("?" * len(CHILDRENS))
    join = f" JOIN people p ON p.id = e.person_id{where} AND" if where else " WHERE"
    sql = (f'SELECT e.person_id, e.service_id, e."end" FROM episodes e{join}'
           f' e.service_id IN ({marks}) AND (e."end" IS NULL OR e."end" >= ?)')
    for pid, service, end in db.execute(sql, [*params, *CHILDRENS, as_of.isoformat()]).fetchall():
        open_eps[pid].append((service, _date(end)))
    flags = ", ".join(FLAG_SERVICES)
    out = []
    dobs: dict[str, dt.date] = {}  # a few thousand distinct dates of birth: parse each once
    sql = (f"SELECT p.id, p.dob, p.area, p.primary_need, p.ehc_plan, p.last_review, p.plan_issued, {flags} "
           f"FROM people p{where}")
    for row in db.execute(sql, params).fetchall():
        pid, dob, area_, need_, ehc, last_review, issued, *flag_values = row
        services = list(open_eps.get(pid, ()))
        have = {s for s, _ in services}
        services += [(s, None) for s, on in zip(FLAG_SERVICES.values(), flag_values, strict=True) if on and s not in have]
        review = last_review or issued
        born = dobs.get(dob) or dobs.setdefault(dob, dt.date.fromisoformat(dob))
        out.append(forecast.Member(pid, born, area_ or "", need_ or "Not recorded", bool(ehc),
                               int(review[5:7]) if review else None, tuple(services)))
    return out


def capacity_q(db, as_of: dt.date, area: str | None, capacity_growth: float) -> dict[str, list[float]]:
    """Each team's capacity per quarter, summed over areas (each area's rates change on its own dates)."""
    where, params = _area_filter(area)
    rows: dict[str, list[forecast.Capacity]] = defaultdict(list)
    for a, team, from_date, per_week in db.execute(
            f"SELECT area, team_id, from_date, per_week FROM team_capacity{where}", params).fetchall():
        rows[a].append(forecast.Capacity(team_id=team, from_date=_date(from_date), per_week=per_week))
    total: dict[str, list[float]] = {}
    for caps in rows.values():
        for team, series in forecast.capacity_by_quarter(caps, as_of, capacity_growth=capacity_growth).items():
            total[team] = [a + b for a, b in zip(total.get(team, [0.0] * len(series)), series, strict=True)]
    return total


def team_names(db, area: str | None) -> dict[str, str]:
    where, params = _area_filter(area)
    return {t: (name or "").strip() for t, name in db.execute(f"SELECT id, name FROM teams{where}", params).fetchall()}


def wants(db, area: str | None) -> dict[str, int]:
    where, params = _area_filter(area, "p.area")
    sql = f"SELECT a.outcome, COUNT(*) FROM aspirations a JOIN people p ON p.id = a.person_id{where} GROUP BY a.outcome"
    return dict(db.execute(sql, params).fetchall())


def gaps(db, area: str | None) -> list[forecast.ScheduleGap]:
    """The gaps of the latest scheduler run that capacity cannot close (from its detail JSON)."""
    where, params = _area_filter(area)
    row = db.execute(f"SELECT detail FROM schedule_runs{where} ORDER BY id DESC LIMIT 1", params).fetchone()
    if not row:
        return []
    try:
        detail = json.loads(row[0] or "{}")
    except ValueError:
        return []
    out = []
    for g in detail.get("unavoidable_gaps") or detail.get("gaps") or []:
        if not isinstance(g, dict) or g.get("avoidable"):
            continue
        team = g.get("team_id") or g.get("team")
        if team:
            out.append(forecast.ScheduleGap(team_id=team, gap_weeks=float(g.get("gap_weeks") or 0),
                                        binding_weeks=[_date(w) for w in g.get("binding_weeks") or []],
                                        service_id=g.get("service_id") or ""))
    return out


def facts(db, area: str | None) -> list[qs140.TransitionFacts]:
    """QS140 facts for everyone who uses a children's service, has a handover or has events."""
    where, params = _area_filter(area, "p.area")
    events: dict[str, list[dict]] = defaultdict(list)
    handovers: dict[str, list[dict]] = defaultdict(list)
    services: dict[str, set[str]] = defaultdict(set)
    since: dict[str, dt.date | None] = {}
    join = f" JOIN people p ON p.id = x.person_id{where}"
    for pid, kind, date, service in db.execute(
            f"SELECT x.person_id, x.kind, x.date, x.service_id FROM events x{join} ORDER BY x.person_id, x.date, x.id", params):
        events[pid].append({"kind": kind, "date": date, "service_id": service})
    for pid, frm in db.execute(f"SELECT x.person_id, x.from_service FROM handovers x{join}", params):
        handovers[pid].append({"from_service": frm})
    for pid, first in db.execute(f"SELECT x.person_id, MIN(x.since) FROM caseload x{join} GROUP BY x.person_id", params):
        since[pid] = _date(first)
    flags = " OR ".join(f"p.{f}" for f in FLAG_SERVICES)
    people = {}
    for pid, dob, entered, *flag_values in db.execute(
            f"SELECT p.id, p.dob, p.entered_services, {', '.join('p.' + f for f in FLAG_SERVICES)} FROM people p"
            f"{where}{' AND' if where else ' WHERE'} ({flags})", params):
        people[pid] = {"id": pid, "dob": dob, "entered_services": entered}
        services[pid] |= {s for s, v in zip(FLAG_SERVICES.values(), flag_values, strict=True) if v}
    # Caseload alone puts nobody in a QS140 denominator: only services, handovers and events do.
    missing = [pid for pid in {*events, *handovers} if pid not in people]
    for i in range(0, len(missing), 500):
        chunk = missing[i:i + 500]
        for pid, dob, entered in db.execute(
                f"SELECT id, dob, entered_services FROM people WHERE id IN ({', '.join('?' * len(chunk))})", chunk):
            people[pid] = {"id": pid, "dob": dob, "entered_services": entered}
    out = []
    for pid, person in people.items():
        if pid in events or pid in handovers:
            out.append(qs140.facts_from_records(person, events[pid], handovers[pid], since.get(pid), services[pid]))
        else:  # nothing recorded yet: the common case, built directly
            out.append(qs140.TransitionFacts(pid, _date(person["dob"]), bool(services[pid] & qs140.CHILDRENS_SERVICES),
                                             _date(person["entered_services"]), named_worker_from=since.get(pid)))
    return out


_CACHE: dict[tuple, forecast.Dashboard] = {}

def data_stamp(db) -> int:
    """A number that changes whenever a row the figures read changes (store triggers count
    them), but not when someone signs in or a read is audited: a cached dashboard stays valid
    while workers use the app."""
    return db.execute("SELECT n FROM data_changes WHERE id = 1").fetchone()[0]


def _stamp(db) -> tuple:
    """Changes whenever a row the figures read changes, so a cached dashboard is never stale."""
    path = next((r[2] for r in db.execute("PRAGMA database_list") if r[1] == "main"), "") or f"memory:{id(db.conn)}"
    return (path, data_stamp(db))


def dashboard(db, as_of: dt.date, area: str | None = None, growth: float = forecast.DEFAULT_GROWTH,
              capacity_growth: float = forecast.DEFAULT_CAPACITY_GROWTH, use_cache: bool = True) -> forecast.Dashboard:
    """The commissioner's dashboard for an area (or every area), built once per database state."""
    key = (_stamp(db), as_of, area, growth, capacity_growth)
    if use_cache and key in _CACHE:
        return _CACHE[key]
    # Building a quarter of a million small objects sets off the cyclic garbage collector again
    # and again; none of them form cycles, so pause it for the build (about 20% faster).
    paused = gc.isenabled()
    gc.disable()
    try:
        result = _build(db, as_of, area, growth, capacity_growth)
    finally:
        if paused:
            gc.enable()
    if use_cache:
        _CACHE.clear()  # one database state at a time: keep memory flat
        _CACHE[key] = result
    return result


def _build(db, as_of: dt.date, area: str | None, growth: float, capacity_growth: float) -> forecast.Dashboard:
    return forecast.build_dashboard(
        members(db, as_of, area), (), as_of, area=area or "all areas", gaps=gaps(db, area),
        wants=wants(db, area), facts=facts(db, area), growth=growth, capacity_growth=capacity_growth,
        names=team_names(db, area), capacity_q=capacity_q(db, as_of, area, capacity_growth))
