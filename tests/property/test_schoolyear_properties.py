"""Hypothesis properties of the calendar arithmetic, checked against a brute-force reference.

The reference walks day by day rather than using the library's month arithmetic, so the two
implementations fail independently.
"""

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from planner import milestones
from planner import schoolyear as sy
from planner.models import Person

dobs = st.dates(min_value=dt.date(1995, 1, 1), max_value=dt.date(2025, 12, 31))
leap_rules = st.sampled_from(list(sy.LeapDayRule))
july_rules = st.sampled_from(list(sy.July31Rule))
term_days = st.integers(min_value=1, max_value=14)
ONE = dt.timedelta(days=1)


def ref_birthday(dob, years, leap):
    """Reference: the first day on which `years` anniversaries have passed."""
    y = dob.year + years
    try:
        return dt.date(y, dob.month, dob.day)
    except ValueError:  # 29 February in a common year
        return dt.date(y, 3, 1) if leap is sy.LeapDayRule.MARCH_1 else dt.date(y, 2, 28)


def ref_leaving_dates(year):
    """Reference: every last Friday of June by scanning the days of June."""
    day = dt.date(year, 6, 30)
    while day.weekday() != 4:
        day -= ONE
    return day


def ref_csa_statute(dob, term_day):
    """Reference for s.8(3): scan leaving dates forward from the one before the 16th birthday."""
    b16 = ref_birthday(dob, 16, sy.LeapDayRule.MARCH_1)
    for year in range(b16.year - 1, b16.year + 2):
        leaving = ref_leaving_dates(year)
        next_school_year = dt.date(year, 9, term_day)
        if leaving < b16 < next_school_year or b16 == leaving:
            return leaving  # (a) or (b)
        if leaving > b16:
            return leaving  # (c): the next leaving date after the birthday
    raise AssertionError("no leaving date found")


@given(dobs, leap_rules)
def test_year9_contains_the_14th_birthday(dob, leap):
    w = sy.year9(dob)
    assert w.start.month == 9 and w.start.day == 1
    assert (w.end - w.start).days in (364, 365)
    assert sy.anniversary(dob, 14, leap) in w
    assert sy.age_on(dob, w.start - ONE, leap) == 13


@given(dobs)
def test_csa_end_is_the_last_friday_of_june_of_the_school_year_of_16_unless_flagged(dob):
    end = sy.csa_end(dob)
    assert end.weekday() == 4 and end.month == 6 and (end + dt.timedelta(days=7)).month == 7
    assert end in sy.school_year(sy.anniversary(dob, 16))
    assert end == ref_leaving_dates(sy.school_year(ref_birthday(dob, 16, sy.LeapDayRule.MARCH_1)).end.year)
    flagged = "statutory-edge" in milestones.for_person(Person(dob=dob)).by_key("csa_end").flags
    assert flagged == (sy.csa_end_statute(dob) != end)


@given(dobs, term_days)
def test_statute_reading_matches_the_reference_and_differs_only_in_early_september(dob, term_day):
    conv = sy.DateConventions(autumn_term_starts_day=term_day)
    statute = sy.csa_end_statute(dob, conv)
    assert statute == ref_csa_statute(dob, term_day)
    b16 = sy.anniversary(dob, 16)
    in_band = b16.month == 9 and b16.day < term_day
    assert (statute != sy.csa_end_model(dob)) == in_band
    if in_band:
        assert statute.year == sy.csa_end_model(dob).year - 1


@given(dobs)
def test_phase_transfer_deadline_precedes_the_transfer(dob):
    deadline = sy.phase_transfer_deadline(dob)
    transfer = sy.post16_transfer(dob)
    csa = sy.csa_end(dob)
    assert (deadline.month, deadline.day) == (3, 31)
    assert deadline < csa < transfer and deadline.year == transfer.year
    assert (transfer.month, transfer.day) == (9, 1)


@given(dobs, leap_rules, july_rules)
def test_end_at_25_falls_between_the_25th_birthday_and_the_day_before_the_26th(dob, leap, july):
    conv = sy.DateConventions(leap_day=leap, july31=july)
    end = sy.fe_academic_year_end_at_25(dob, conv)
    b25 = ref_birthday(dob, 25, leap)
    cap = ref_birthday(dob, 26, leap) - ONE
    assert b25 <= end <= cap
    assert (end.month, end.day) in ((7, 31), (cap.month, cap.day))


@given(dobs, leap_rules, st.integers(min_value=0, max_value=30))
def test_age_changes_exactly_on_the_birthday(dob, leap, years):
    b = sy.anniversary(dob, years, leap)
    assert b == ref_birthday(dob, years, leap)
    assert sy.age_on(dob, b, leap) == years
    if years:
        assert sy.age_on(dob, b - ONE, leap) == years - 1


@given(st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2040, 12, 31)),
       st.integers(min_value=-36, max_value=36))
def test_add_months_lands_in_the_right_month_and_never_overshoots(day, months):
    out = sy.add_months(day, months)
    assert (out.year * 12 + out.month) - (day.year * 12 + day.month) == months
    assert out.day == day.day or (out.day < day.day and (out + ONE).day == 1)


@given(dobs)
def test_every_rule_yields_well_formed_milestones_for_everyone(dob):
    person = Person(dob=dob, ehc_plan=True, looked_after=True, camhs=True, continuing_care=True,
                    childrens_social_care=True, ld_register=True, dla=True, paediatrics=True,
                    plan_issued=dob + dt.timedelta(days=3000), assessment_request=dob + dt.timedelta(days=5000))
    tl = milestones.for_person(person, as_of=dob + dt.timedelta(days=16 * 365))
    assert [m.sort_date for m in tl.milestones] == sorted(m.sort_date for m in tl.milestones)
    assert len({m.key for m in tl.milestones}) == len(tl.milestones)
    assert all(m.date or m.start <= m.end for m in tl.milestones)
