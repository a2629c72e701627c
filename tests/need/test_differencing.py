"""The differencing attack on the commissioner's figures (issue 17, defect 2).

The attack: download the unmet-need figures at many growth settings and solve. It recovered 18
of 53 hidden counts exactly on Westmere and a whole hidden row on Eastshire, because each growth
setting was one more equation about the hidden counts: a hidden count whose grown value rounds
to 0 was shown as 0, and a row made only of hidden counts showed its grown total.

The properties:
1. What a commissioner downloads at any growth setting is a function of the figures released
   for today's counts (growth 0): two sets of true counts that release the same figures at
   growth 0 release the same figures at every growth setting. So no sequence of downloads tells
   more than the growth-0 release.
2. The growth-0 release hides every count from 1 to 7 (the CP-SAT attacker in attacker.py finds
   at least two values for each), also when the tables of each area and of all areas together
   are solved as one system (the area filter).
"""

from __future__ import annotations

import datetime as dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from planner.need import report
from planner.need.disclosure import SUPPRESSED, is_small, release_table
from planner.need.forecast import quarter_starts

from .attacker import hidden_ranges, linked_ranges

AS_OF = dt.date(2026, 11, 23)
count = st.one_of(st.just(0), st.integers(1, 7), st.integers(8, 30), st.integers(31, 200))
growth = st.integers(-50, 100).map(lambda p: p / 100)  # what the page allows, in whole per cent


def downloads(series: dict[str, list[int]], growths: list[float]) -> list[list[list]]:
    """Every figure of the team demand table at each growth setting (what a CSV download holds)."""
    n = len(next(iter(series.values())))
    starts = quarter_starts(AS_OF, n)
    return [report.forecast_view(series, starts, g, None, "team_demand", "t", "Team").table.rows() for g in growths]


def released_today(series: dict[str, list[int]]):
    rows = sorted(series)
    n = len(series[rows[0]])
    return release_table([series[r] for r in rows], rows, [f"q{k}" for k in range(n)], col_totals=False,
                         small=SUPPRESSED)


@st.composite
def demand(draw, max_rows: int = 3, max_quarters: int = 6):
    m = draw(st.integers(1, max_rows))
    n = draw(st.integers(2, max_quarters))
    return {f"team_{i}": [draw(count) for _ in range(n)] for i in range(m)}


def alternatives(series: dict[str, list[int]]):
    """Other true counts with the same growth-0 release: one person moved between two hidden cells
    of a row, or one added to or taken from a hidden cell where the row total still rounds the same."""
    base = released_today(series)
    rows = sorted(series)
    for i, r in enumerate(rows):
        hidden = [k for k, c in enumerate(base.cells[i]) if not isinstance(c, int)]
        moves = [((a, -1), (b, +1)) for a in hidden for b in hidden if a != b]
        moves += [((a, d),) for a in hidden for d in (-1, 1)]
        for move in moves:
            other = {k: list(v) for k, v in series.items()}
            for k, d in move:
                other[r][k] += d
            if min(other[r]) < 0 or released_today(other).rows() != base.rows():
                continue
            yield (i, move), other


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(demand(), st.lists(growth, min_size=1, max_size=12))
def test_every_growth_setting_is_a_function_of_the_released_counts(series, growths):
    seen = downloads(series, growths)
    for _where, other in alternatives(series):
        assert downloads(other, growths) == seen, (series, other)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(demand())
def test_no_count_from_1_to_7_is_recovered_from_todays_release(series):
    t = released_today(series)
    rows = sorted(series)
    truth = {(i, k): v for i, r in enumerate(rows) for k, v in enumerate(series[r])}
    truth.update({(i, len(series[r])): sum(series[r]) for i, r in enumerate(rows)})
    for pos, (low, high) in hidden_ranges(t, small=SUPPRESSED).items():
        assert low <= truth[pos] <= high
        if is_small(truth[pos]):
            assert low < high, f"hidden count at {pos} recovered as {low}: {series}"


def test_the_two_attacks_of_the_issue_no_longer_work():
    """A hidden count whose grown value rounds to 0 was shown as 0; a row of hidden counts
    showed its grown total. Every growth setting the page allows, 1 per cent apart."""
    every = [p / 100 for p in range(-50, 101)]
    # One person in the last quarter, in a row of released counts.
    one = {"asc": [40, 35, 30, 25, 20, 15, 10, 1]}
    # A row made only of hidden counts (true total 9).
    small_row = {"asc": [40, 35, 30, 25, 20, 15, 10, 12], "chc": [3, 0, 2, 0, 0, 0, 4, 0]}
    for series in (one, small_row):
        tables = downloads(series, every)
        for alternative in ({"asc": [40, 35, 30, 25, 20, 15, 10, 2]},
                            {**small_row, "chc": [2, 0, 3, 0, 0, 0, 4, 0]},
                            {**small_row, "chc": [3, 0, 2, 0, 0, 0, 5, 0]}):
            if sorted(alternative) == sorted(series) and released_today(alternative).rows() == released_today(series).rows():
                assert downloads(alternative, every) == tables
        for t in tables:
            last = t[1][-2] if series is one else t[2]
            assert last == SUPPRESSED or series is small_row
            if series is small_row:
                assert all(c == SUPPRESSED or c == 0 for c in t[2][1:-1])


def _area_releases(per_area: dict[str, dict[str, list[int]]]):
    """The growth-0 team demand of each area and of all areas (the page's area filter), as the
    attacker's linked system: each figure is a sum of (area, team, quarter) counts."""
    teams = sorted({t for s in per_area.values() for t in s})
    n = len(next(iter(next(iter(per_area.values())).values())))
    full = {a: {t: s.get(t, [0] * n) for t in teams} for a, s in per_area.items()}
    everyone = {t: [sum(full[a][t][k] for a in full) for k in range(n)] for t in teams}
    releases = []
    for scope, series in [*((a, full[a]) for a in sorted(full)), (None, everyone)]:
        t = released_today(series)
        areas = [scope] if scope else sorted(full)
        sums = {(i, k): [(a, team, k) for a in areas] for i, team in enumerate(teams) for k in range(n)}
        sums.update({(i, n): [(a, team, k) for a in areas for k in range(n)] for i, team in enumerate(teams)})
        releases.append((t, sums))
    truth = {(a, t, k): full[a][t][k] for a in full for t in teams for k in range(n)}
    return releases, truth


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(2, 3).flatmap(lambda areas: st.lists(demand(max_rows=2, max_quarters=4), min_size=areas,
                                                         max_size=areas)))
def test_no_count_from_1_to_7_is_recovered_across_the_area_filter(tables):
    n = min(len(next(iter(s.values()))) for s in tables)
    per_area = {f"area{a}": {t: v[:n] for t, v in s.items()} for a, s in enumerate(tables)}
    releases, truth = _area_releases(per_area)
    small = [k for k, v in truth.items() if is_small(v)]
    for key, (low, high) in linked_ranges(releases, small).items():
        assert low <= truth[key] <= high
        assert low < high, f"count {key} = {truth[key]} recovered from the area tables: {per_area}"
