"""What capacity to buy, released (planner.need.buying): counts of waiting handovers through
disclosure control, weeks hidden wherever their count is, what one more place saves hidden only
for a team from 1 to 7 wait for, and what to buy (about teams) always said."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from planner.need import buying
from planner.need.disclosure import SUPPRESSED
from planner.planning.capacity import Advice, TeamFacts
from planner.scheduler.capacity import Allocation, Clearing, Flat, Saving, Unit

START = dt.date(2026, 11, 23)


def advice(waiting: dict[str, int], other: int = 0, too_late: dict[str, int] | None = None) -> Advice:
    """An area where each team in `waiting` makes that many handovers wait, 10 weighted weeks
    each; one more start a week saves 40 weeks in quarter 1 and 10 in quarter 2."""
    too_late = too_late or {}
    teams = {t: TeamFacts(id=t, name=f"Team {t}", does="assessments", per_week=1.0, weighted_gap=10 * n,
                          floor=0, waiting=n, too_late=too_late.get(t, 0), unit="month") for t, n in waiting.items()}
    savings = [Saving(team=t, quarter=q, from_week=13 * q, weeks=13, saved=s, fte=2.0 if t == "a" else None)
               for t in waiting for q, s in enumerate((40, 10))]
    units = [Unit(team=t, quarter=0, from_week=0, weeks=13, extra_per_week=1) for t in waiting]
    total = 10 * sum(waiting.values()) + 10 * other

    def alloc(share):
        return Allocation(share=share, base=total, floor=10 * other, target=round(total * (1 - share)),
                          reached=round(total * (1 - share)), units=units, extra_starts={t: 13 for t in waiting})

    return Advice(area="testshire", as_of=START, start=START, weighted_gap=total, savings=savings, cut=alloc(0.5),
                  close=alloc(1.0), flat=[Flat(team=t, base_per_week=1.0, extra_per_week=0.5) for t in waiting],
                  clearing=[Clearing(team=t, week_now=20, week_with=10) for t in waiting], share=0.5, seconds=0.1,
                  teams=teams, other_waiting=other, team_names={t: f"Team {t}" for t in waiting})


CASES = [
    # waiting by team, other -> (waiting shown by team, weeks shown by team, area weeks shown)
    ({"a": 40, "b": 23}, 0, {"a": 40, "b": 25}, {"a": 400, "b": 230}, 630),
    ({"a": 40, "b": 3}, 0, {"a": SUPPRESSED, "b": SUPPRESSED}, {"a": SUPPRESSED, "b": SUPPRESSED}, 430),
    ({"a": 11}, 1, {"a": SUPPRESSED}, {"a": SUPPRESSED}, 120),
    ({"a": 5}, 0, {"a": SUPPRESSED}, {"a": SUPPRESSED}, SUPPRESSED),
]


@pytest.mark.parametrize(("waiting", "other", "counts", "weeks", "area_weeks"), CASES)
def test_counts_and_weeks_are_released(waiting, other, counts, weeks, area_weeks):
    got = buying.release(advice(waiting, other))
    assert {t.id: t.waiting for t in got.teams} == counts
    assert {t.id: t.weighted_gap for t in got.teams} == weeks
    assert got.weighted_gap == area_weeks and got.cut.base == area_weeks
    for t, row in zip(got.teams, got.savings.cells, strict=True):
        # What one more place saves is hidden (every quarter) only where 1 to 7 wait.
        assert row == ([SUPPRESSED, SUPPRESSED] if 1 <= waiting[t.id] <= 7 else [40, 10])
    assert got.cut.purchases and all(p.starts == 13 for p in got.cut.purchases)  # about teams: always said


def test_the_words_say_why_a_figure_is_missing():
    got = buying.release(advice({"a": 40, "b": 3}))
    assert "Team a: handovers wait for it (how many is hidden, so that a smaller number cannot be worked out)" \
        in got.summary
    assert "Team b: a small number of handovers wait for it, too few to give figures" in got.summary
    assert "The Team a: one more start a week for a quarter saves about 40 weighted gap weeks if bought in " \
        "quarter 1 (from 23 November 2026), about 10 if bought in quarter 2" in got.savings_words
    assert "One more start a week for a quarter is 2 staff." in got.savings_words
    assert "The Team b: too few young people wait to give figures." in got.savings_words
    assert "It can start about 4.33 a month (1 a week) now" in got.summary  # in the team's own period


@settings(max_examples=60, deadline=None)
@given(st.dictionaries(st.sampled_from("abcd"), st.integers(0, 60), min_size=1), st.integers(0, 12))
def test_no_released_count_is_from_1_to_7_and_weeks_follow_their_count(waiting, other):
    got = buying.release(advice(waiting, other))
    table = got.team_table
    for row in table.cells:
        counts = row[:2]
        assert not [c for c in counts if isinstance(c, int) and (1 <= c <= 7 or c % 5)]
        if not isinstance(row[0], int):
            assert row[2] == SUPPRESSED
    column = [row[0] for row in table.cells] + [table.col_totals[0]]
    assert sum(1 for c in column if c == SUPPRESSED) != 1  # never one hidden cell a total gives away
    if not isinstance(got.waiting, int):
        assert got.weighted_gap == SUPPRESSED
