"""A reference attacker for disclosure control: what can be worked out from a released table.

For every hidden figure it asks CP-SAT for the smallest and the largest true value consistent
with everything released (each rounded count stands for the five counts that round to it, "1-7"
for 1 to 7, "[c]" for 0 or 8 and more: the attacker is assumed to know the rules), with the
rows and columns adding up to their totals. A figure is recovered when the two are equal.
The constraint matrix of a two-way table is totally unimodular, so integer bounds are exact.
"""

from __future__ import annotations

from ortools.sat.python import cp_model

from planner.need.disclosure import RANGE, SUPPRESSED, ReleasedTable


def domain(value, upper: int, small: str = RANGE) -> cp_model.Domain:
    if value == RANGE:
        return cp_model.Domain(1, 7)
    if value == SUPPRESSED and small == RANGE:
        # In range mode "[c]" is a secondary (or forced) cell: never a count from 1 to 7.
        return cp_model.Domain.from_intervals([[0, 0], [8, upper]])
    if value == SUPPRESSED:
        # When small counts read "[c]" too, "[c]" can be any count.
        return cp_model.Domain(0, upper)
    if value == 0:
        return cp_model.Domain(0, 0)
    return cp_model.Domain(max(8, value - 2), value + 2)


def hidden_ranges(t: ReleasedTable, upper: int = 10_000, small: str = RANGE) -> dict[tuple[int, int], tuple[int, int]]:
    """(row, col) -> (min, max) for every hidden figure; row m / col n are the margins."""
    m, n = len(t.row_labels), len(t.col_labels)
    model = cp_model.CpModel()
    x = {}
    for i in range(m):
        for j in range(n):
            x[i, j] = model.new_int_var_from_domain(domain(t.cells[i][j], upper, small), f"x_{i}_{j}")
    figures = {(i, j): x[i, j] for i in range(m) for j in range(n)}
    if t.row_totals is not None:
        for i in range(m):
            r = model.new_int_var_from_domain(domain(t.row_totals[i], upper, small), f"r_{i}")
            model.add(r == sum(x[i, j] for j in range(n)))
            figures[i, n] = r
    if t.col_totals is not None:
        for j in range(n):
            c = model.new_int_var_from_domain(domain(t.col_totals[j], upper, small), f"c_{j}")
            model.add(c == sum(x[i, j] for i in range(m)))
            figures[m, j] = c
    if t.grand_total is not None:
        g = model.new_int_var_from_domain(domain(t.grand_total, upper, small), "g")
        model.add(g == sum(x.values()))
        figures[m, n] = g

    def shown(i, j):
        if i < m and j < n:
            return t.cells[i][j]
        if j == n and i < m:
            return t.row_totals[i]
        if i == m and j < n:
            return t.col_totals[j]
        return t.grand_total

    out = {}
    for pos, var in figures.items():
        if isinstance(shown(*pos), int):
            continue
        bounds = []
        for sense in (1, -1):
            model.minimize(sense * var)
            solver = cp_model.CpSolver()
            solver.parameters.num_workers = 1
            solver.parameters.random_seed = 1
            status = solver.solve(model)
            assert status == cp_model.OPTIMAL, "the true table must be feasible"
            bounds.append(int(solver.value(var)))
        out[pos] = (bounds[0], bounds[1])
    return out


# ---- several releases at once -----------------------------------------------------------------

def figures_of(t: ReleasedTable) -> dict[tuple[int, int], object]:
    """(row, col) -> released figure, with the margins at row m / col n as in hidden_ranges."""
    m, n = len(t.row_labels), len(t.col_labels)
    out: dict[tuple[int, int], object] = {(i, j): t.cells[i][j] for i in range(m) for j in range(n)}
    if t.row_totals is not None:
        out.update({(i, n): t.row_totals[i] for i in range(m)})
    if t.col_totals is not None:
        out.update({(m, j): t.col_totals[j] for j in range(n)})
    if t.grand_total is not None:
        out[(m, n)] = t.grand_total
    return out


def linked_ranges(releases, targets, upper: int = 10_000, small: str = SUPPRESSED) -> dict:
    """The attacker with several released tables about the same true counts (the same people
    seen through different filters: each area, and all areas together).

    `releases` is a list of (ReleasedTable, sums) where sums[(i, j)] lists the keys of the true
    counts whose sum that figure is (margins included). For every key in `targets` the smallest
    and largest true value consistent with everything released: {key: (min, max)}.
    """
    model = cp_model.CpModel()
    keys = sorted({k for _, sums in releases for ks in sums.values() for k in ks})
    x = {k: model.new_int_var(0, upper, f"x{n}") for n, k in enumerate(keys)}
    for r, (t, sums) in enumerate(releases):
        for pos, shown in figures_of(t).items():
            f = model.new_int_var_from_domain(domain(shown, upper * len(keys), small), f"f{r}_{pos[0]}_{pos[1]}")
            model.add(f == sum(x[k] for k in sums[pos]))
    out = {}
    for key in targets:
        bounds = []
        for sense in (1, -1):
            model.minimize(sense * x[key])
            solver = cp_model.CpSolver()
            solver.parameters.num_workers = 1
            solver.parameters.random_seed = 1
            status = solver.solve(model)
            assert status == cp_model.OPTIMAL, "the true counts must be feasible"
            bounds.append(int(solver.value(x[key])))
        out[key] = (bounds[0], bounds[1])
    return out
