"""Properties of disclosure control on generated tables.

1. No released figure is a count from 1 to 7: every number shown is 0 or a multiple of 5 of
   at least 10, and every other figure is "1-7" or "[c]".
2. With the default (every hidden figure reads "[c]"), no hidden figure can be recovered: for each one, the attacker in attacker.py finds at least
   two true values consistent with everything released (rounded cells and totals, ranges, and
   the rows and columns adding up).
"""

from hypothesis import given
from hypothesis import strategies as st

from planner.need.disclosure import RANGE, SUPPRESSED, release_table

from .attacker import hidden_ranges

count = st.one_of(st.just(0), st.integers(1, 7), st.integers(8, 30), st.integers(31, 400))


@st.composite
def tables(draw):
    m = draw(st.integers(1, 4))
    n = draw(st.integers(1, 4))
    counts = [[draw(count) for _ in range(n)] for _ in range(m)]
    margins = draw(st.sampled_from([(True, True), (True, False), (False, True)]))
    return counts, margins


small_mode = st.sampled_from([RANGE, SUPPRESSED])


def all_figures(t):
    figures = [c for row in t.cells for c in row]
    figures += t.row_totals or []
    figures += t.col_totals or []
    if t.grand_total is not None:
        figures.append(t.grand_total)
    return figures


@given(tables(), small_mode)
def test_no_released_count_from_1_to_7(table, small):
    counts, (rows, cols) = table
    t = release_table(counts, [f"r{i}" for i in range(len(counts))], [f"c{j}" for j in range(len(counts[0]))], row_totals=rows, col_totals=cols, small=small)
    for figure in all_figures(t):
        if isinstance(figure, int):
            assert figure == 0 or (figure >= 10 and figure % 5 == 0), figure
        else:
            assert figure in (RANGE, SUPPRESSED)


@given(tables())
def test_no_hidden_figure_can_be_recovered(table):
    counts, (rows, cols) = table
    m, n = len(counts), len(counts[0])
    t = release_table(counts, [f"r{i}" for i in range(m)], [f"c{j}" for j in range(n)], row_totals=rows, col_totals=cols, small=SUPPRESSED)
    truth = [list(r) + [sum(r)] for r in counts]
    truth.append([sum(counts[i][j] for i in range(m)) for j in range(n)] + [sum(map(sum, counts))])
    for (i, j), (low, high) in hidden_ranges(t, small=SUPPRESSED).items():
        assert low <= truth[i][j] <= high, "the attacker must allow the true value"
        assert low < high, f"hidden figure at {(i, j)} is recoverable as {low}: {counts} -> {t.rows()}"
