"""Disclosure control of the commissioner's outcomes view, on generated areas.

1. No figure the view releases (every table, the headline, the CSV file) is a count from 1 to 7.
2. In every table, no hidden figure can be worked out: the attacker of attacker.py finds at
   least two true values consistent with everything the table releases.
3. The view never names or points to a person.
"""

from __future__ import annotations

import csv
import datetime as dt
import io

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from planner.need import disclosure
from planner.need import outcomes as oc
from planner.outcomes.record import Activity, AimAnswer, Living

from .attacker import hidden_ranges

AS_OF = dt.date(2026, 1, 15)
RECORD_DAYS = (dt.date(2016, 1, 1), AS_OF)


@st.composite
def young(draw, i: int):
    dob = draw(st.dates(dt.date(2000, 2, 1), dt.date(2008, 1, 1)))
    n = draw(st.integers(0, 3))
    records = []
    for k in range(n):
        day = draw(st.dates(*RECORD_DAYS))
        records.append((day, k, draw(st.none() | st.sampled_from(list(Activity))),
                        draw(st.none() | st.sampled_from([0.0, 12.0])),
                        draw(st.none() | st.sampled_from(list(Living))), draw(st.none() | st.sampled_from([0, 1])),
                        None, *(draw(st.none() | st.sampled_from(list(AimAnswer))) for _ in range(4))))
    records.sort()
    return oc.Young(f"p{i}", dob, draw(st.sampled_from(["east", "west"])), draw(st.sampled_from(["ASD", "SEMH", "MLD"])),
                    draw(st.sampled_from(oc.PLANS)), tuple(draw(st.sets(st.sampled_from(list(oc.GROUPS)), max_size=2))),
                    draw(st.booleans()), None, records)


@st.composite
def areas(draw):
    n = draw(st.integers(0, 40))
    return [draw(young(i)) for i in range(n)]


def _figures(t: disclosure.ReleasedTable) -> list:
    out = [c for row in t.cells for c in row]
    out += t.row_totals or []
    out += t.col_totals or []
    if t.grand_total is not None:
        out.append(t.grand_total)
    return out


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(areas())
def test_no_released_outcome_figure_is_from_1_to_7(people):
    report = oc.build(people, AS_OF, "test")
    for view in report.views:
        for figure in _figures(view.table):
            if isinstance(figure, int):
                assert figure == 0 or (figure >= 10 and figure % 5 == 0), (view.key, figure)
            else:
                assert figure in (disclosure.SUPPRESSED, disclosure.RANGE), (view.key, figure)
        for p in view.extra.get("percent met", []):
            assert p is None or 0 <= p <= 100
    cells = [c for row in csv.reader(io.StringIO(disclosure.tables_csv(report.tables()))) for c in row]
    assert not any(c.strip().isdigit() and 1 <= int(c) <= 7 for c in cells)
    assert not any(c.startswith("p") and c[1:].isdigit() for c in cells)  # no person's id


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(areas())
def test_no_hidden_outcome_figure_can_be_recovered(people):
    report = oc.build(people, AS_OF, "test")
    for view in report.views:
        if view.key == "headline":
            continue  # a copy of each indicator's totals as its table by cohort released them
        t = view.table
        if all(isinstance(f, int) for f in _figures(t)):
            continue
        for pos, (low, high) in hidden_ranges(t, small=disclosure.SUPPRESSED).items():
            assert low < high, f"{view.key}: hidden figure at {pos} is recoverable as {low}: {t.rows()}"


def test_headline_repeats_the_released_totals_by_cohort():
    people = [oc.Young(f"p{i}", dt.date(2003, 1, 1), "east", "ASD", oc.EHC, (), False, None,
                       [(dt.date(2022, 2, 1), 1, "paid_work" if i % 3 else "neet", None, None, None, None,
                         None, None, None, None)]) for i in range(40)]
    report = oc.build(people, AS_OF)
    by_cohort = report.view("eet_19_by_cohort").table
    head = report.view("headline").table
    assert head.cells[0] == by_cohort.col_totals and head.row_totals[0] == by_cohort.grand_total
    assert head.cells[0] == [25, 15, 0]  # 26 in work and 14 NEET, rounded to 5
