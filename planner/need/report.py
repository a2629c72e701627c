"""What a commissioner sees: each figure of planner.need.forecast released through
planner.need.disclosure as a view (a table, a summary in words, chart data), and the dashboard
that holds them all."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence

from pydantic import BaseModel, ConfigDict, Field

from planner.need import demand_rules, qs140
from planner.need.disclosure import ReleasedTable, project, release_table
from planner.need.forecast import (
    AGE_BANDS,
    DEFAULT_CAPACITY_GROWTH,
    DEFAULT_GROWTH,
    OFFER_TEAMS,
    OUTCOME_LABELS,
    OUTCOMES,
    QUARTERS,
    Capacity,
    Member,
    ScheduleGap,
    _qindex,
    age_bands_by_quarter,
    capacity_by_quarter,
    demand,
    growth_factors,
    quarter_label,
    quarter_starts,
)


def team_label(team_id: str, names: Mapping[str, str] | None = None) -> str:
    """The team's name in the store (`names`), else in data/teams.yaml, else its id in words."""
    labels = demand_rules.committed()[1]
    return (names or {}).get(team_id) or labels.get(team_id) or team_id.replace("_", " ")


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
    cols = [quarter_label(s) for s in starts]
    # Suppress first, then project: the counts known today are released, and demand grown by the
    # growth the user chooses is worked out from those released figures only (disclosure.project),
    # so no growth setting, however many are tried, reaches a hidden count.
    today_counts = release_table([series[r] for r in rows], [team_label(r, names) for r in rows], cols,
                                 col_totals=False, title=title, row_header=row_header)
    table = project(today_counts, growth_factors(len(cols), growth)) if growth else today_counts
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
    labels = [quarter_label(s) for s in starts]
    for g in gaps:
        count[g.team_id] += 1
        weeks[g.team_id] += round(g.gap_weeks)
        for w in g.binding_weeks:
            k = _qindex(w, base)
            if 0 <= k < len(starts):
                binding[g.team_id].add(labels[k])
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


def places_per_year(capacity_q: Mapping[str, list[float]],
                    offer: Mapping[str, float] | None = None) -> dict[str, float]:
    """Places a year for each outcome: the first four quarters of the offer's teams, plus the
    places the local offer's services give (an Open Referral UK feed, planner.exchange.oruk)."""
    return {o: sum(sum(capacity_q.get(t, [0.0])[:4]) for t in teams) + (offer or {}).get(o, 0.0)
            for o, teams in OFFER_TEAMS.items()}


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
                    capacity_q: Mapping[str, list[float]] | None = None, n: int = QUARTERS,
                    offer_places: Mapping[str, float] | None = None) -> Dashboard:
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
        aspirations_view(wants or {}, places_per_year(capacity_q, offer_places)),
    ]
    table, percents, summary = qs140.indicators_table(qs140.tally(facts, as_of))
    views.append(View(key="qs140", table=table, summary=summary, extra={"percent met": percents}))
    views.append(ageing_view(age_bands_by_quarter(members, as_of, n), starts))
    for dimension in ("area", "need", "age band"):
        views.append(breakdown_view(need_q.by_dimension[dimension], dimension))
    return Dashboard(area=area, as_of=as_of, growth=growth, capacity_growth=capacity_growth,
                     views=views, qs140_percent=percents)
