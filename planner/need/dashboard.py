"""Read the commissioner's inputs from the store and build the dashboard, cached.

A thin adapter: the store's read models (planner.store.figures: people, episodes, aspirations,
team_capacity, teams, handovers, events, caseload, schedule_runs) into the plain inputs of
planner.need.forecast and planner.need.qs140. Only counts leave through planner.need.disclosure.
"""

from __future__ import annotations

import datetime as dt
import gc
import json
import threading
from collections import defaultdict
from functools import lru_cache

from planner.need import demand_rules, forecast, qs140, report
from planner.store import figures


def flag_services() -> dict[str, str]:
    """Person flags that stand for an open children's service when no episode is recorded, from
    the pathway files (each service's `flag`; planner.need.demand_rules.flag_services)."""
    return demand_rules.committed_services()[1]


def childrens() -> list[str]:
    """The children's services whose end the forecast follows (planner.need.demand_rules)."""
    return sorted({r.childrens_service for r in forecast.DEMAND_RULES})


def _date(text) -> dt.date | None:
    return _iso(str(text)[:10]) if text else None


@lru_cache(maxsize=16384)
def _iso(text: str) -> dt.date:
    # The latest run's gaps repeat the same few hundred Mondays many thousand times.
    return dt.date.fromisoformat(text)


def members(db, as_of: dt.date, area: str | None = None) -> list[forecast.Member]:
    """The cohort: one row per person, with their open children's services and planned ends."""
    open_eps: dict[str, list[tuple[str, dt.date | None]]] = defaultdict(list)
    for pid, service, end in figures.open_episodes(db, area, childrens(), as_of):
        open_eps[pid].append((service, _date(end)))
    out = []
    dobs: dict[str, dt.date] = {}  # a few thousand distinct dates of birth: parse each once
    flags = flag_services()
    for row in figures.cohort_rows(db, area, list(flags)):
        pid, dob, area_, need_, ehc, last_review, issued, *flag_values = row
        services = list(open_eps.get(pid, ()))
        have = {s for s, _ in services}
        services += [(s, None) for s, on in zip(flags.values(), flag_values, strict=True) if on and s not in have]
        review = last_review or issued
        born = dobs.get(dob) or dobs.setdefault(dob, dt.date.fromisoformat(dob))
        out.append(forecast.Member(pid, born, area_ or "", need_ or "Not recorded", bool(ehc),
                                   int(review[5:7]) if review else None, tuple(services)))
    return out


def capacity_q(db, as_of: dt.date, area: str | None, capacity_growth: float) -> dict[str, list[float]]:
    """Each team's capacity per quarter, summed over areas (each area's rates change on its own dates)."""
    rows: dict[str, list[forecast.Capacity]] = defaultdict(list)
    for a, team, from_date, per_week in figures.capacity_rows(db, area):
        rows[a].append(forecast.Capacity(team_id=team, from_date=_date(from_date), per_week=per_week))
    total: dict[str, list[float]] = {}
    for caps in rows.values():
        for team, series in forecast.capacity_by_quarter(caps, as_of, capacity_growth=capacity_growth).items():
            total[team] = [a + b for a, b in zip(total.get(team, [0.0] * len(series)), series, strict=True)]
    return total


def team_names(db, area: str | None) -> dict[str, str]:
    return figures.team_names(db, area)


def wants(db, area: str | None) -> dict[str, int]:
    return figures.aspiration_counts(db, area)


def gaps(db, area: str | None) -> list[forecast.ScheduleGap]:
    """The gaps of the latest scheduler run that capacity cannot close (from its detail JSON)."""
    text = figures.latest_run_detail(db, area)
    if text is None:
        return []
    try:
        detail = json.loads(text or "{}")
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
    events: dict[str, list[dict]] = defaultdict(list)
    handovers: dict[str, list[dict]] = defaultdict(list)
    services: dict[str, set[str]] = defaultdict(set)
    since: dict[str, dt.date | None] = {}
    for pid, kind, date, service in figures.event_rows(db, area):
        events[pid].append({"kind": kind, "date": date, "service_id": service})
    for pid, frm in figures.handover_from_rows(db, area):
        handovers[pid].append({"from_service": frm})
    for pid, first in figures.caseload_since(db, area):
        since[pid] = _date(first)
    people = {}
    flags, care = flag_services(), qs140.childrens_services()
    for pid, dob, entered, *flag_values in figures.people_with_any_flag(db, area, list(flags)):
        people[pid] = {"id": pid, "dob": dob, "entered_services": entered}
        services[pid] |= {s for s, v in zip(flags.values(), flag_values, strict=True) if v}
    # Caseload alone puts nobody in a QS140 denominator: only services, handovers and events do.
    missing = [pid for pid in {*events, *handovers} if pid not in people]
    for pid, dob, entered in figures.people_dates(db, missing):
        people[pid] = {"id": pid, "dob": dob, "entered_services": entered}
    out = []
    for pid, person in people.items():
        if pid in events or pid in handovers:
            out.append(qs140.facts_from_records(person, events[pid], handovers[pid], since.get(pid), services[pid]))
        else:  # nothing recorded yet: the common case, built directly
            out.append(qs140.TransitionFacts(pid, _date(person["dob"]), bool(services[pid] & care),
                                             _date(person["entered_services"]), named_worker_from=since.get(pid)))
    return out


_CACHE: dict[tuple, report.Dashboard] = {}
CACHE_ENTRIES = 16  # dashboards kept for one database state (areas and growth choices)
_LOCK = threading.Lock()  # the app's sessions run in threads and share the cache


def data_stamp(db) -> int:
    """A number that changes whenever a row the figures read changes (see store.figures)."""
    return figures.data_stamp(db)


def _stamp(db) -> tuple:
    """Changes whenever a row the figures read changes, so a cached dashboard is never stale."""
    return (figures.database_identity(db), figures.data_stamp(db))


def is_cached(db, as_of: dt.date, area: str | None = None, growth: float = forecast.DEFAULT_GROWTH,
              capacity_growth: float = forecast.DEFAULT_CAPACITY_GROWTH) -> bool:
    """Whether `dashboard` with these choices would come from the cache."""
    return (_stamp(db), as_of, area, growth, capacity_growth) in _CACHE


def dashboard(db, as_of: dt.date, area: str | None = None, growth: float = forecast.DEFAULT_GROWTH,
              capacity_growth: float = forecast.DEFAULT_CAPACITY_GROWTH, use_cache: bool = True) -> report.Dashboard:
    """The commissioner's dashboard for an area (or every area), built once per database state."""
    key = (_stamp(db), as_of, area, growth, capacity_growth)
    if use_cache and (hit := _CACHE.get(key)) is not None:
        return hit
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
        with _LOCK:
            for old in [k for k in _CACHE if k[0] != key[0]]:
                del _CACHE[old]  # one database state at a time: keep memory flat
            while len(_CACHE) >= CACHE_ENTRIES:
                del _CACHE[next(iter(_CACHE))]  # the oldest first
            _CACHE[key] = result
    return result


def _build(db, as_of: dt.date, area: str | None, growth: float, capacity_growth: float) -> report.Dashboard:
    return report.build_dashboard(
        members(db, as_of, area), (), as_of, area=area or "all areas", gaps=gaps(db, area),
        wants=wants(db, area), facts=facts(db, area), growth=growth, capacity_growth=capacity_growth,
        names=team_names(db, area), capacity_q=capacity_q(db, as_of, area, capacity_growth),
        offer_places=figures.offer_places(db, area))
