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
from collections.abc import Iterable, Mapping, Sequence
from functools import cache, lru_cache
from typing import NamedTuple

from pydantic import BaseModel, ConfigDict, Field

from planner.models import Outcome
from planner.need import qs140
from planner.need.disclosure import ReleasedTable, release_table
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


class DemandRule(NamedTuple):
    """A children's service whose end makes a team act for an adult successor."""

    childrens_service: str
    adult_service: str
    team: str
    lead_months: int  # how long before the children's service ends the team acts
    source: str


DEMAND_RULES: tuple[DemandRule, ...] = (
    DemandRule("childrens_social_care", "adult_social_care", "asc_transitions", 6, "rules.md s.7 edge 4"),
    DemandRule("short_breaks", "adult_social_care", "asc_transitions", 6, "rules.md s.7 edge 4"),
    DemandRule("childrens_continuing_care", "nhs_chc", "chc_checklists", 18, "rules.md s.7 edge 5 (screen at 16)"),
    DemandRule("childrens_continuing_care", "nhs_chc", "chc_assessors", 9, "rules.md s.7 edge 5 (decide after 17)"),
    DemandRule("camhs", "adult_mental_health", "adult_mental_health", 0, "rules.md s.7 edge 6"),
    DemandRule("paediatrics", "adult_specialties", "adult_specialties_team", 0, "rules.md s.7 edge 7"),
    DemandRule("looked_after_care", "leaving_care", "leaving_care_team", 24, "rules.md s.7 edge 8"),
)
ANNUAL_REVIEW_TEAM = "send_team"

# Where the local offer's places for each preparing-for-adulthood outcome come from.
OFFER_TEAMS: dict[str, tuple[str, ...]] = {
    "employment": ("supported_internships",),
    "independent_living": ("supported_living", "travel_training"),
    "community_inclusion": (),
    "good_health": ("adult_mental_health",),
}
TEAM_LABELS = {
    "asc_transitions": "adult social care transitions team",
    "chc_assessors": "NHS Continuing Healthcare assessors",
    "chc_checklists": "NHS Continuing Healthcare checklists",
    "adult_mental_health": "adult mental health young-adult team",
    "adult_specialties_team": "adult hospital specialties",
    "leaving_care_team": "leaving care team",
    "send_team": "SEND team (annual reviews)",
    "supported_living": "supported living",
    "supported_internships": "supported internships",
    "travel_training": "travel training",
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
           rules: Sequence[DemandRule] = DEMAND_RULES, entrants: bool = True) -> Demand:
    """Count, per quarter, the team actions and adult-service starts the cohort will need.

    With `entrants`, each later year brings a new school-year group like today's youngest: a
    young person aged 14 on the last 31 August also counts again 4, 8, 12 and 16 quarters later
    for their handovers (growth comes on top). Annual reviews are not repeated, because plans
    also cease and the model does not follow ceasing: growth alone moves them. The breakdowns
    count only the young people we know.
    """
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
    if any(reviews):
        team[ANNUAL_REVIEW_TEAM] = reviews
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


def grow(series: Sequence[int], growth: float) -> list[int]:
    """Demand from the cohort we know, grown by `growth` a year for the people still to come."""
    return [round(v * (1 + growth) ** (k / 4)) for k, v in enumerate(series)]


# ---- what a commissioner sees ---------------------------------------------------------------

def team_label(team_id: str, names: Mapping[str, str] | None = None) -> str:
    return (names or {}).get(team_id) or TEAM_LABELS.get(team_id) or team_id.replace("_", " ")


def _numbers(values: Iterable) -> list[int]:
    return [v for v in values if isinstance(v, int)]


class View(BaseModel):
    """One chart's worth of released figures and the same in plain words."""

    model_config = ConfigDict(extra="forbid")

    key: str
    table: ReleasedTable
    summary: str
    extra: dict[str, list] = Field(default_factory=dict)  # figures that are not people (capacity)


def forecast_view(series: Mapping[str, list[int]], starts: Sequence[dt.date],
                  growth: float, capacity: Mapping[str, list[float]] | None, key: str, title: str,
                  row_header: str, names: Mapping[str, str] | None = None) -> View:
    """Demand per quarter, grown, released; with capacity and shortfall where capacity is known."""
    rows = sorted(series)
    grown = [grow(series[r], growth) for r in rows]
    # A projection of a small count is still about those few people, so hide it too.
    force = [[1 <= v <= 7 for v in series[r]] for r in rows]
    cols = [quarter_label(s) for s in starts]
    table = release_table(grown, [team_label(r, names) for r in rows], cols, col_totals=False,
                          force_hidden=force, title=title, row_header=row_header)
    extra: dict[str, list] = {}
    sentences = []
    if capacity is not None:
        for i, r in enumerate(rows):
            cap = capacity.get(r)
            if cap is None:
                continue
            extra[team_label(r, names)] = [round(c) for c in cap]
            short = [(v - round(c), cols[k]) for k, (v, c) in enumerate(zip(table.cells[i], cap, strict=True))
                     if isinstance(v, int) and v > round(c)]
            if short:
                worst = max(short)
                sentences.append(
                    f"The {team_label(r, names)} is short of capacity in {len(short)} of the next "
                    f"{len(cols)} quarters; the largest shortfall is about {worst[0]} in {worst[1]}.")
            else:
                sentences.append(f"The {team_label(r, names)} has enough capacity in every quarter shown.")
    totals = [(t, table.row_labels[i]) for i, t in enumerate(table.row_totals or []) if isinstance(t, int)]
    if totals:
        most = max(totals)
        sentences.insert(0, f"Over the next five years the most demand is for the {most[1]} "
                            f"(about {most[0]}, growing {growth:.0%} a year).")
    if not sentences:
        sentences.append("The numbers are too small to show without risking identifying someone.")
    return View(key=key, table=table, summary=" ".join(sentences), extra=extra)


def ageing_view(bands: Mapping[str, list[int]], starts: Sequence[dt.date]) -> View:
    rows = [b for b, _, _ in AGE_BANDS]
    table = release_table([bands[b] for b in rows], rows, [quarter_label(s) for s in starts],
                          row_totals=False, title="Young people we know, by age band, at the start of each quarter",
                          row_header="Age band")
    adults = table.cells[rows.index("18-19")]
    first, last = adults[0], adults[-1]
    summary = (f"The young people known today move into adulthood over the next five years: "
               f"the 18-19 age band holds about {first} now and about {last} in {table.col_labels[-1]}. "
               "New young people who will join are not counted here.")
    return View(key="ageing", table=table, summary=summary)


def breakdown_view(counts: Mapping[tuple[str, str], int], dimension: str) -> View:
    values = sorted({v for v, _ in counts})
    services = sorted({s for _, s in counts})
    grid = [[counts.get((v, s), 0) for s in services] for v in values]
    table = release_table(grid or [[0]], values or ["none"], [s.replace("_", " ") for s in services] or ["none"],
                          title=f"Young people who will need each adult service in the next five years, by {dimension}",
                          row_header=dimension.capitalize())
    shown = [(t, table.row_labels[i]) for i, t in enumerate(table.row_totals or []) if isinstance(t, int)]
    if shown:
        top = max(shown)
        summary = (f"By {dimension}, the most needs for adult services come from {top[1]} (about {top[0]}). "
                   "Small numbers are hidden.")
    else:
        summary = f"By {dimension}, every number is too small to show."
    return View(key=f"by_{dimension.replace(' ', '_')}", table=table, summary=summary)


def gaps_view(gaps: Iterable[ScheduleGap], starts: Sequence[dt.date], names: Mapping[str, str] | None = None) -> View:
    """Gaps capacity cannot close, by team: how many, how long, and the quarters where the team
    is full (the shortfall that causes them: one more action in those weeks closes one gap)."""
    count: Counter = Counter()
    weeks: Counter = Counter()
    binding: dict[str, set[str]] = defaultdict(set)
    base = starts[0]
    for g in gaps:
        count[g.team_id] += 1
        weeks[g.team_id] += round(g.gap_weeks)
        for w in g.binding_weeks:
            k = _qindex(w, base)
            if 0 <= k < len(starts):
                binding[g.team_id].add(quarter_label(starts[k]))
    teams = sorted(count)
    table = release_table([[count[t], weeks[t]] for t in teams] or [[0, 0]],
                          [team_label(t, names) for t in teams] or ["none"],
                          ["gaps capacity cannot close", "gap weeks"], row_totals=False, col_totals=True,
                          title="Gaps the schedule cannot close, and the team whose capacity causes them",
                          row_header="Team")
    # Weeks are a sum over the same people: never show them where the count is hidden.
    for row in table.cells:
        if not isinstance(row[0], int) or row[0] == 0:
            row[1] = row[0]
    if table.col_totals and not isinstance(table.col_totals[0], int):
        table.col_totals[1] = table.col_totals[0]
    extra = {"binding quarters": [", ".join(sorted(binding[t])) for t in teams]}
    parts = []
    for i, t in enumerate(teams):
        n = table.cells[i][0]
        quarters = ", ".join(sorted(binding[t])) or "no quarter recorded"
        what = f"about {n}" if isinstance(n, int) else "a small number of"
        parts.append(f"{what} gaps wait for the {team_label(t, names)}, which is full in {quarters}; "
                     f"one more {team_label(t, names)} action in those weeks closes one gap")
    summary = ("Every handover can be planned without a gap." if not teams
               else "Capacity, not planning, causes these gaps: " + "; ".join(parts) + ".")
    return View(key="unclosable_gaps", table=table, summary=summary, extra=extra)


def aspirations_view(wants: Mapping[str, int], places_per_year: Mapping[str, float]) -> View:
    """What young people say they want (one count per outcome) against places a year."""
    table = release_table([[wants.get(o, 0)] for o in OUTCOMES], [OUTCOME_LABELS[o] for o in OUTCOMES],
                          ["young people who want this"], row_totals=False, col_totals=False,
                          title="What young people want, against places a year in the local offer",
                          row_header="Preparing for adulthood outcome")
    places = [round(places_per_year.get(o, 0)) for o in OUTCOMES]
    parts = []
    for o, cell, p in zip(OUTCOMES, table.cells, places, strict=True):
        w = cell[0]
        if isinstance(w, int) and w > p:
            parts.append(f"{w} young people want {OUTCOME_LABELS[o].lower()} but the offer has about {p} places a year")
    summary = ("; ".join(parts) + "." if parts else
               "Where numbers can be shown, the local offer has as many places a year as young people want.")
    return View(key="aspirations", table=table, summary=summary, extra={"places a year": places})


def places_per_year(capacity_q: Mapping[str, list[float]]) -> dict[str, float]:
    """Places a year for each outcome: the first four quarters of the offer's teams."""
    return {o: sum(sum(capacity_q.get(t, [0.0])[:4]) for t in teams) for o, teams in OFFER_TEAMS.items()}


class Dashboard(BaseModel):
    """Everything the commissioner sees: released tables, each with its plain-English summary."""

    model_config = ConfigDict(extra="forbid")

    area: str
    as_of: dt.date
    growth: float
    capacity_growth: float
    views: list[View]
    qs140_percent: list[int | None] = Field(default_factory=list)

    def view(self, key: str) -> View:
        return next(v for v in self.views if v.key == key)

    def tables(self) -> list[ReleasedTable]:
        return [v.table for v in self.views]


def build_dashboard(members: Iterable[Member], capacity: Iterable[Capacity], as_of: dt.date, *,
                    area: str = "", gaps: Iterable[ScheduleGap] = (), wants: Mapping[str, int] | None = None,
                    facts: Iterable[qs140.TransitionFacts] = (), growth: float = DEFAULT_GROWTH,
                    capacity_growth: float = DEFAULT_CAPACITY_GROWTH, names: Mapping[str, str] | None = None,
                    capacity_q: Mapping[str, list[float]] | None = None, n: int = QUARTERS) -> Dashboard:
    """Every commissioner view from plain inputs; no figure leaves unreleased."""
    members = list(members)
    starts = quarter_starts(as_of, n)
    need_q = demand(members, as_of, n)
    if capacity_q is None:
        capacity_q = capacity_by_quarter(capacity, as_of, n, capacity_growth)
    views = [
        forecast_view(need_q.team, starts, growth, capacity_q, "team_demand",
                      "Team actions needed each quarter against capacity", "Team", names),
        forecast_view(need_q.service, starts, growth, None, "service_demand",
                      "Young people starting each adult service each quarter", "Adult service"),
        gaps_view(gaps, starts, names),
        aspirations_view(wants or {}, places_per_year(capacity_q)),
    ]
    table, percents, summary = qs140.indicators_table(qs140.tally(facts, as_of))
    views.append(View(key="qs140", table=table, summary=summary, extra={"percent met": percents}))
    views.append(ageing_view(age_bands_by_quarter(members, as_of, n), starts))
    for dimension in ("area", "need", "age band"):
        views.append(breakdown_view(need_q.by_dimension[dimension], dimension))
    return Dashboard(area=area, as_of=as_of, growth=growth, capacity_growth=capacity_growth,
                     views=views, qs140_percent=percents)
