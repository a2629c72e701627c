"""Disclosure control on small hand tables (planner/disclosure.py).

Counts 0 stay 0; 1 to 7 are hidden; others are rounded to the nearest 5; totals are rounded
from the true counts; a line with one hidden cell gets a second, the smallest other cell.
"""

import csv
import io

import pytest

from planner.need.disclosure import (
    RANGE,
    SUPPRESSED,
    release_count,
    release_rate,
    release_table,
    round5,
    safe_cell,
    tables_csv,
)

from .attacker import hidden_ranges

C = SUPPRESSED


@pytest.mark.parametrize(
    "count, shown",
    [(0, 0), (1, RANGE), (7, RANGE), (8, 10), (12, 10), (13, 15), (17, 15), (18, 20), (102, 100), (103, 105)],
)
def test_single_counts(count, shown):
    assert release_count(count) == shown


def test_round5_is_nearest():
    assert [round5(n) for n in (8, 9, 10, 11, 12, 13, 14)] == [10, 10, 10, 10, 10, 15, 15]


def test_a_table_with_nothing_small_is_only_rounded():
    t = release_table([[12, 23], [40, 9]], ["a", "b"], ["x", "y"])
    assert t.cells == [[10, 25], [40, 10]]
    # Totals come from the true counts (35, 49; 52, 32; 84), not from the rounded cells.
    assert t.row_totals == [35, 50]
    assert t.col_totals == [50, 30]
    assert t.grand_total == 85


def test_one_small_cell_gets_a_partner_in_its_row_and_column():
    #        x   y   z  | total
    #  a     3  20  30  | 53
    #  b    15  40  50  | 105
    t = release_table([[3, 20, 30], [15, 40, 50]], ["a", "b"], ["x", "y", "z"])
    # 3 is small; its row's smallest other cell (20) and its column's (15) are hidden; then
    # row b and column y each hold one hidden cell, so 40 (the smallest left in both) follows.
    assert t.cells == [[C, C, 30], [C, C, 50]]
    assert t.row_totals == [55, 105]
    assert t.col_totals == [20, 60, 80]
    assert t.grand_total == 160


def test_a_small_total_is_hidden_with_its_cells():
    t = release_table([[2, 0], [30, 40]], ["a", "b"], ["x", "y"])
    assert t.cells[0] == [C, 0]
    assert t.row_totals[0] == C
    # Column x has one hidden interior cell and a released total: 30 is hidden too.
    assert t.cells[1][0] == C


def test_zero_is_hidden_only_as_a_last_resort():
    t = release_table([[5, 0, 0]], ["a"], ["x", "y", "z"], col_totals=False)
    # Row total 5 is small as well, so the line already holds two hidden figures.
    assert t.cells == [[C, 0, 0]] and t.row_totals == [C]
    t = release_table([[5, 0, 20]], ["a"], ["x", "y", "z"], col_totals=False)
    assert t.cells == [[C, 0, C]] and t.row_totals == [25]


def test_without_totals_nothing_can_be_subtracted_so_no_secondary_suppression():
    t = release_table([[3, 20], [15, 40]], ["a", "b"], ["x", "y"], row_totals=False, col_totals=False)
    assert t.cells == [[C, 20], [15, 40]]
    assert t.row_totals is None and t.col_totals is None and t.grand_total is None


def test_range_mode_shows_small_cells_as_1_to_7():
    t = release_table([[3, 20], [15, 40]], ["a", "b"], ["x", "y"], small=RANGE)
    assert t.cells[0][0] == RANGE
    assert C in (t.cells[0][1], t.cells[1][0])


def test_range_mode_can_leak_which_is_why_tables_default_to_c():
    """Found by Hypothesis: with "1-7" for small cells and "[c]" for secondary ones, a reader
    who knows the rules learns that "[c]" is 0 or at least 8, and the rounded totals then pin
    the small cell at row b, column y to exactly 1. With "[c]" everywhere it stays hidden."""
    counts = [[0, 0], [1, 1], [7, 8]]
    labels = (["a", "b", "c"], ["x", "y"])
    leaky = hidden_ranges(release_table(counts, *labels, small=RANGE), small=RANGE)
    assert leaky[1, 1] == (1, 1)
    safe = hidden_ranges(release_table(counts, *labels), small=SUPPRESSED)
    assert all(low < high for low, high in safe.values())


def test_forced_cells_are_hidden():
    t = release_table([[9, 20], [15, 40]], ["a", "b"], ["x", "y"], force_hidden=[[True, False], [False, False]])
    assert t.cells[0][0] == C


def test_negative_counts_are_refused():
    with pytest.raises(ValueError):
        release_table([[-1]], ["a"], ["x"])


@pytest.mark.parametrize(
    "met, total, expected",
    [
        (40, 50, {"met": 40, "not_met": 10, "denominator": 50, "percent": 80}),
        (47, 50, {"met": C, "not_met": C, "denominator": 50, "percent": None}),
        (3, 3, {"met": C, "not_met": 0, "denominator": C, "percent": None}),
        (0, 0, {"met": 0, "not_met": 0, "denominator": 0, "percent": None}),
    ],
)
def test_rates_use_released_figures_only(met, total, expected):
    assert release_rate(met, total) == expected


@pytest.mark.parametrize("text", ["=1+2", "+44", "-3", "@SUM(A1)", "\tx", "\rx"])
def test_csv_cells_never_start_a_formula(text):
    assert safe_cell(text).startswith("'")


def test_csv_of_released_tables():
    t = release_table([[3, 20], [15, 40]], ["=HYPERLINK()", "b"], ["x", "y"], title="Demand")
    rows = list(csv.reader(io.StringIO(tables_csv([t]))))
    assert rows[0] == ["Demand"]
    assert rows[2][0] == "'=HYPERLINK()"
    flat = [c for r in rows for c in r]
    assert not any(c.isdigit() and 1 <= int(c) <= 7 for c in flat)
