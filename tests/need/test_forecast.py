"""Forecasting: the cohort ages into the right band on the right quarter, demand lands in the
quarter the rules say, growth and capacity are applied, and what is shown is released."""

import datetime as dt

from planner.need import forecast, report
from planner.need.forecast import Capacity, Member, ScheduleGap

D = dt.date
AS_OF = D(2026, 1, 15)  # quarter 0 starts 2026-01-01 (financial 2025-26 Q4)


def test_quarters_are_financial():
    starts = forecast.quarter_starts(AS_OF, 5)
    assert starts == [D(2026, 1, 1), D(2026, 4, 1), D(2026, 7, 1), D(2026, 10, 1), D(2027, 1, 1)]
    assert [forecast.quarter_label(s) for s in starts[:2]] == ["2025-26 Q4", "2026-27 Q1"]


def test_ageing_moves_a_person_on_the_first_quarter_after_the_birthday():
    # 18th birthday 2027-05-15: aged 17 on 1 April 2027, 18 on 1 July 2027 (quarter 6).
    bands = forecast.age_bands_by_quarter([Member("a", D(2009, 5, 15))], AS_OF, 8)
    assert bands["16-17"] == [1, 1, 1, 1, 1, 1, 0, 0]
    assert bands["18-19"] == [0, 0, 0, 0, 0, 0, 1, 1]


def test_a_birthday_on_the_first_day_of_a_quarter_counts_that_quarter():
    bands = forecast.age_bands_by_quarter([Member("a", D(2009, 7, 1))], AS_OF, 8)
    assert bands["18-19"].index(1) == 6  # 2027-07-01


def test_leaving_at_26():
    # 26 on 2026-06-01: still 25 on 1 April, gone on 1 July.
    bands = forecast.age_bands_by_quarter([Member("a", D(2000, 6, 1))], AS_OF, 4)
    assert bands["20-25"] == [1, 1, 0, 0]


def test_camhs_demand_lands_on_the_18th_birthday_and_care_act_six_months_before():
    m = Member("a", D(2009, 5, 15), services=(("camhs", None), ("childrens_social_care", None)))
    d = forecast.demand([m], AS_OF, 8, entrants=False)
    assert d.service["adult_mental_health"].index(1) == 5  # 2027-04-01 quarter holds 15 May 2027
    assert d.team["asc_transitions"].index(1) == 3  # Nov 2026
    assert d.by_dimension["age band"] == {("16-17", "adult_mental_health"): 1, ("16-17", "adult_social_care"): 1}


def test_a_planned_end_overrides_the_18th_birthday():
    m = Member("a", D(2009, 5, 15), services=(("camhs", D(2026, 8, 1)),))
    assert forecast.demand([m], AS_OF, 8, entrants=False).service["adult_mental_health"].index(1) == 2


def test_annual_reviews_once_a_year_in_the_review_month_until_26():
    m = Member("a", D(2005, 6, 1), ehc_plan=True, review_month=2)
    assert forecast.demand([m], AS_OF, 8).team["send_team"] == [1, 0, 0, 0, 1, 0, 0, 0]
    m = Member("a", D(2005, 6, 1), ehc_plan=True, review_month=5)
    assert forecast.demand([m], AS_OF, 8).team["send_team"] == [0, 1, 0, 0, 0, 1, 0, 0]
    m = Member("a", D(2000, 3, 1), ehc_plan=True, review_month=2)  # 26 on 1 March 2026
    assert forecast.demand([m], AS_OF, 8).team["send_team"] == [1, 0, 0, 0, 0, 0, 0, 0]


def test_new_14_year_olds_each_year():
    # 14 now, 18 on 2029-06-01 (quarter 13); next year's 14-year-olds like them reach 18 in quarter 17.
    m = Member("a", D(2011, 6, 1), services=(("camhs", None),))
    with_entrants = forecast.demand([m], AS_OF, 20).service["adult_mental_health"]
    assert [k for k, v in enumerate(with_entrants) if v] == [13, 17]
    alone = forecast.demand([m], AS_OF, 20, entrants=False).service["adult_mental_health"]
    assert [k for k, v in enumerate(alone) if v] == [13]


def test_growth_is_ten_percent_a_year_by_default():
    factors = forecast.growth_factors(9, forecast.DEFAULT_GROWTH)
    assert [round(100 * f) for f in factors] == [100, 102, 105, 107, 110, 113, 115, 118, 121]


def test_capacity_per_quarter_follows_changes_and_growth():
    caps = [Capacity(team_id="t", from_date=D(2020, 1, 1), per_week=1), Capacity(team_id="t", from_date=D(2026, 4, 1), per_week=2)]
    q = forecast.capacity_by_quarter(caps, AS_OF, 2)["t"]
    assert q == [13, 26]  # Mondays: 13 in Jan-Mar 2026 and 13 in Apr-Jun 2026
    grown = forecast.capacity_by_quarter(caps, AS_OF, 5, capacity_growth=0.03)["t"]
    assert round(grown[4] / 26, 4) == 1.03


def test_dashboard_shows_no_count_from_1_to_7_and_has_a_summary_per_chart():
    people = [Member(f"p{i}", D(2008 + i % 4, 1 + i % 12, 1), area="Eastshire" if i % 3 else "Westmere",
                     need="ASD" if i % 2 else "SEMH", ehc_plan=True, review_month=1 + i % 12,
                     services=(("camhs", None),) if i % 5 == 0 else ()) for i in range(300)]
    caps = [Capacity(team_id="adult_mental_health", from_date=D(2020, 1, 1), per_week=1.4)]
    gaps = [ScheduleGap(team_id="asc_transitions", gap_weeks=4, binding_weeks=[D(2026, 11, 2)])] * 3
    d = report.build_dashboard(people, caps, AS_OF, gaps=gaps, wants={"employment": 40, "good_health": 3})
    assert {v.key for v in d.views} >= {"team_demand", "service_demand", "unclosable_gaps", "aspirations",
                                        "qs140", "ageing", "by_area", "by_need", "by_age_band"}
    for v in d.views:
        assert v.summary
        for row in v.table.rows()[1:]:
            for cell in row[1:]:
                assert not (isinstance(cell, int) and 1 <= cell <= 7), (v.key, row)
    gap_row = d.view("unclosable_gaps").table.rows()[1]
    assert gap_row[1:] == ["[c]", "[c]"]  # three gaps: hidden, and so are their weeks
    assert "2026-27 Q3" in d.view("unclosable_gaps").summary
