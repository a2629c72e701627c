"""Unmet need: what the cohort will need from adult services and teams, quarter by quarter,
against what the local offer can do; the gaps capacity cannot close; what young people want;
the NICE QS140 indicators. Every figure leaves through planner.need.disclosure.

Inputs are plain data (`Member` tuples, capacity rows, gap rows, `TransitionFacts`), so the
functions are tested without a database; `planner.need.dashboard` reads them from the store
and `planner.need.qs140` holds the QS140 statements.
Counting is plain dict arithmetic over one pass of the cohort, so an England-sized cohort
(about 257,000 people) takes seconds, not minutes.

How demand is modelled (a forecast, not a schedule):
- each open children's service ends at its planned end or, when none is recorded, at the 18th
  birthday; the team that must act for the adult successor does so `lead_months` before that
  (rules.md s.7: Care Act assessment about 16-17.5, CHC checklist at 16-17 and decision after
  17, adult mental health intake at transfer);
- every young person with an EHC plan needs an annual review each year up to 25 (E-rules);
- the cohort today is aged forward; new entrants are not people we know, so demand grows by
  `growth` a year (default +10%, figures-and-cohort.md B1) and capacity by `capacity_growth`
  (default 0; B1 suggests flat or +3%).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from functools import cache, lru_cache
from typing import NamedTuple

from pydantic import BaseModel, ConfigDict, Field

from planner.models import Outcome
from planner.need import demand_rules
from planner.need.demand_rules import DemandRule
from planner.schoolyear import anniversary

QUARTERS = 20  # five years
DEFAULT_GROWTH = 0.10
DEFAULT_CAPACITY_GROWTH = 0.0
AGE_BANDS: tuple[tuple[str, int, int], ...] = (
    ("14-15", 14, 16), ("16-17", 16, 18), ("18-19", 18, 20), ("20-25", 20, 26))
OUTCOMES = tuple(o.value for o in Outcome)
OUTCOME_LABELS = {
    Outcome.EMPLOYMENT: "Paid work and employment",
    Outcome.INDEPENDENT_LIVING: "Independent living (where and with whom to live)",
    Outcome.COMMUNITY_INCLUSION: "Friends, relationships and community",
    Outcome.GOOD_HEALTH: "Good health",
}


_FROM_PATHWAYS = ("DEMAND_RULES", "TEAM_LABELS", "ANNUAL_REVIEW_TEAM")


def __getattr__(name: str):
    """DEMAND_RULES (which team acts before each handover, and when), TEAM_LABELS and
    ANNUAL_REVIEW_TEAM come from the pathway files (planner.need.demand_rules), read on first use."""
    if name in _FROM_PATHWAYS:
        return demand_rules.committed()[_FROM_PATHWAYS.index(name)]
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


# Where the local offer's places for each preparing-for-adulthood outcome come from.
OFFER_TEAMS: dict[str, tuple[str, ...]] = {
    "employment": ("supported_internships",),
    "independent_living": ("supported_living", "travel_training"),
    "community_inclusion": (),
    "good_health": ("adult_mental_health",),
}


class Member(NamedTuple):
    """One young person as the aggregates need them (no name, nothing else)."""

    id: str
    dob: dt.date
    area: str = ""
    need: str = "Not recorded"
    ehc_plan: bool = False
    review_month: int | None = None  # month of the year the annual review falls in
    services: tuple[tuple[str, dt.date | None], ...] = ()  # open children's services, planned end


class Capacity(BaseModel):
    model_config = ConfigDict(extra="forbid")

    team_id: str
    from_date: dt.date
    per_week: float = Field(ge=0)


class ScheduleGap(BaseModel):
    """A gap the schedule could not close, from a scheduler run (planner.planningr)."""

    model_config = ConfigDict(extra="forbid")

    team_id: str
    gap_weeks: float = Field(ge=0)
    binding_weeks: list[dt.date] = Field(default_factory=list, description="Mondays where the team is full")
    service_id: str = ""


@cache
def _birthday(dob: dt.date, years: int) -> dt.date:
    # Many young people share a date of birth; caching makes an England-sized pass cheap.
    return anniversary(dob, years)


# ---- quarters -------------------------------------------------------------------------------

def quarter_start(day: dt.date) -> dt.date:
    return dt.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def quarter_starts(as_of: dt.date, n: int = QUARTERS) -> list[dt.date]:
    """The first days of the `n` quarters from the one holding `as_of`."""
    first = quarter_start(as_of)
    out = []
    for k in range(n):
        months = first.month - 1 + 3 * k
        out.append(dt.date(first.year + months // 12, months % 12 + 1, 1))
    return out


def quarter_label(start: dt.date) -> str:
    """Financial-year quarters, as commissioners budget: April to June is Q1."""
    fy = start.year if start.month >= 4 else start.year - 1
    q = (start.month - 4) % 12 // 3 + 1
    return f"{fy}-{str(fy + 1)[2:]} Q{q}"


def _qindex(day: dt.date, base: dt.date) -> int:
    return (day.year - base.year) * 4 + (day.month - base.month) // 3


def _first_quarter_on_or_after(day: dt.date, base: dt.date) -> int:
    """Index of the first quarter whose first day is on or after `day`."""
    k = _qindex(day, base)
    return k if day == quarter_start(day) else k + 1


def _months_before(day: dt.date, months: int) -> dt.date:
    total = day.year * 12 + day.month - 1 - months
    return dt.date(total // 12, total % 12 + 1, 1)


# ---- the cohort as it ages ------------------------------------------------------------------

def age_bands_by_quarter(members: Iterable[Member], as_of: dt.date, n: int = QUARTERS) -> dict[str, list[int]]:
    """People in each age band on the first day of each quarter (no growth: the cohort we know).

    A person moves into a band on the first quarter that starts on or after their birthday.
    """
    base = quarter_start(as_of)
    diff: dict[str, list[int]] = {band: [0] * (n + 1) for band, _, _ in AGE_BANDS}
    for dob, count in Counter(m.dob for m in members).items():
        for band, low, high in AGE_BANDS:
            a = max(0, _first_quarter_on_or_after(_birthday(dob, low), base))
            b = min(n, _first_quarter_on_or_after(_birthday(dob, high), base))
            if a < b:
                diff[band][a] += count
                diff[band][b] -= count
    out = {}
    for band, d in diff.items():
        running, series = 0, []
        for k in range(n):
            running += d[k]
            series.append(running)
        out[band] = series
    return out


@lru_cache(maxsize=65536)
def age_band(dob: dt.date, day: dt.date) -> str | None:
    for band, low, high in AGE_BANDS:
        if _birthday(dob, low) <= day < _birthday(dob, high):
            return band
    return None


class Demand(NamedTuple):
    """True counts (never shown): by team and by adult service per quarter, and who."""

    team: dict[str, list[int]]
    service: dict[str, list[int]]
    by_dimension: dict[str, dict[tuple[str, str], int]]  # dimension -> (value, service) -> people


def demand(members: Iterable[Member], as_of: dt.date, n: int = QUARTERS,
           rules: Sequence[DemandRule] | None = None, entrants: bool = True,
           review_team: str | None = None) -> Demand:
    """Count, per quarter, the team actions and adult-service starts the cohort will need.

    With `entrants`, each later year brings a new school-year group like today's youngest: a
    young person aged 14 on the last 31 August also counts again 4, 8, 12 and 16 quarters later
    for their handovers (growth comes on top). Annual reviews are not repeated, because plans
    also cease and the model does not follow ceasing: growth alone moves them. The breakdowns
    count only the young people we know. `rules` and `review_team` default to those of the
    pathway files (planner.need.demand_rules).
    """
    committed_rules, _, committed_review_team = demand_rules.committed()
    rules = committed_rules if rules is None else rules
    review_team = review_team or committed_review_team
    base = quarter_start(as_of)
    first = base.year * 12 + base.month - 1
    by_child: dict[str, list[DemandRule]] = defaultdict(list)
    for r in rules:
        by_child[r.childrens_service].append(r)
    team: dict[str, list[int]] = defaultdict(lambda: [0] * n)
    service: dict[str, list[int]] = defaultdict(lambda: [0] * n)
    dims: dict[str, Counter] = {"area": Counter(), "need": Counter(), "age band": Counter()}
    reviews = [0] * n
    # The youngest school-year group (aged 14 on the last 31 August, CAL-1) stands for each
    # later year's entrants: ages in the cohort are school-year ages.
    last_31_august = dt.date(as_of.year if as_of.month >= 9 else as_of.year - 1, 8, 31)
    for m in members:
        band = age_band(m.dob, as_of) or "other"
        repeats = (0, 4, 8, 12, 16) if entrants and _birthday(m.dob, 14) <= last_31_august < _birthday(m.dob, 15) else (0,)
        needed: set[str] = set()
        acted: set[tuple[str, int]] = set()
        for child, end in m.services:
            for r in by_child.get(child, ()):
                ends = end or _birthday(m.dob, 18)
                k_start = _qindex(ends, base)
                if 0 <= k_start < n and r.adult_service not in needed:
                    needed.add(r.adult_service)
                    for j in repeats:
                        if k_start + j < n:
                            service[r.adult_service][k_start + j] += 1
                if r.team is None:
                    continue  # no team with a stated capacity acts for this handover
                k_team = _qindex(_months_before(ends, r.lead_months), base)
                if 0 <= k_team < n and (r.team, k_team) not in acted:
                    acted.add((r.team, k_team))
                    for j in repeats:
                        if k_team + j < n:
                            team[r.team][k_team + j] += 1
        for s in needed:
            dims["area"][m.area, s] += 1
            dims["need"][m.need, s] += 1
            dims["age band"][band, s] += 1
        if m.ehc_plan:
            # One annual review a year, in the month of the last one, until the plan ends at 25.
            r = first + ((m.review_month or m.dob.month) - base.month) % 12
            stop = _birthday(m.dob, 26)
            stop_idx = stop.year * 12 + stop.month - 1
            while (r - first) // 3 < n and (r < stop_idx or (r == stop_idx and stop.day > 1)):
                reviews[(r - first) // 3] += 1
                r += 12
    if any(reviews) and review_team:
        team[review_team] = reviews
    return Demand(dict(team), dict(service), {d: dict(c) for d, c in dims.items()})


def capacity_by_quarter(capacity: Iterable[Capacity], as_of: dt.date, n: int = QUARTERS,
                        capacity_growth: float = DEFAULT_CAPACITY_GROWTH) -> dict[str, list[float]]:
    """Each team's capacity in each quarter: the weekly rate in force each Monday, summed."""
    rows: dict[str, list[Capacity]] = defaultdict(list)
    for c in capacity:
        rows[c.team_id].append(c)
    starts = quarter_starts(as_of, n + 1)
    out: dict[str, list[float]] = {}
    for team_id, changes in rows.items():
        changes.sort(key=lambda c: c.from_date)
        series = []
        for k in range(n):
            day = starts[k] + dt.timedelta(days=(7 - starts[k].weekday()) % 7)  # first Monday
            total = 0.0
            while day < starts[k + 1]:
                rate = 0.0
                for c in changes:
                    if c.from_date <= day:
                        rate = c.per_week
                total += rate
                day += dt.timedelta(days=7)
            series.append(total * (1 + capacity_growth) ** (k / 4))
        out[team_id] = series
    return out



def growth_factors(n: int, growth: float) -> list[float]:
    """How much demand grows by quarter k of `n` at `growth` a year: (1 + growth) ** (k / 4).
    (The commissioner's figures grow released counts with these: disclosure.project.)"""
    return [(1 + growth) ** (k / 4) for k in range(n)]
