"""CAL-1 to CAL-6: the school year, Year 9, birthdays, end of compulsory school age, the reg 46
academic year at 25 and the key ages (rules.md section 0; worked-cases.md); the counting
conventions of law-issue11.md C1-C3 and C7.

Sources: CAL-1 Education Act 1996 s.579 and the DfE year-group convention; CAL-2 SEN&D Regs 2014
reg 2(1) ("year 9" by the class); CAL-3 Family Law Reform Act 1969 s.9 (29 February [U]); CAL-4
Education Act 1996 s.8(3); CAL-5 SEN&D Regs 2014 reg 46; CAL-6 rules.md; C2 CFA 2014 s.44(1)
"the period of 12 months starting with"."""

import pytest

from planner import schoolyear as sy

from ._table import d, timeline, when

CORE = [
    "year9_start", "year9_end", "csa_end", "year11_end", "post16_transfer", "phase_transfer_deadline",
    "birthday_14", "birthday_16", "birthday_17", "birthday_18", "birthday_25",
    "ehcp_fe_academic_year_end_at_25", "day_before_26th_birthday",
]

# dob | the twelve core dates, in the order of CORE. Case A and Case J are worked-cases.md.
CORE_TABLE = """
2010-08-31 | 2023-09-01 2024-08-31 2026-06-26 2026-06-26 2026-09-01 2026-03-31 2024-08-31 2026-08-31 2027-08-31 2028-08-31 2035-08-31 2036-07-31 2036-08-30
2007-09-23 | 2021-09-01 2022-08-31 2024-06-28 2024-06-28 2024-09-01 2024-03-31 2021-09-23 2023-09-23 2024-09-23 2025-09-23 2032-09-23 2033-07-31 2033-09-22
2010-09-01 | 2024-09-01 2025-08-31 2027-06-25 2027-06-25 2027-09-01 2027-03-31 2024-09-01 2026-09-01 2027-09-01 2028-09-01 2035-09-01 2036-07-31 2036-08-31
2008-02-29 | 2021-09-01 2022-08-31 2024-06-28 2024-06-28 2024-09-01 2024-03-31 2022-03-01 2024-02-29 2025-03-01 2026-03-01 2033-03-01 2033-07-31 2034-02-28
2010-06-26 | 2023-09-01 2024-08-31 2026-06-26 2026-06-26 2026-09-01 2026-03-31 2024-06-26 2026-06-26 2027-06-26 2028-06-26 2035-06-26 2035-07-31 2036-06-25
2010-06-27 | 2023-09-01 2024-08-31 2026-06-26 2026-06-26 2026-09-01 2026-03-31 2024-06-27 2026-06-27 2027-06-27 2028-06-27 2035-06-27 2035-07-31 2036-06-26
2001-08-01 | 2014-09-01 2015-08-31 2017-06-30 2017-06-30 2017-09-01 2017-03-31 2015-08-01 2017-08-01 2018-08-01 2019-08-01 2026-08-01 2027-07-31 2027-07-31
2001-07-31 | 2014-09-01 2015-08-31 2017-06-30 2017-06-30 2017-09-01 2017-03-31 2015-07-31 2017-07-31 2018-07-31 2019-07-31 2026-07-31 2026-07-31 2027-07-30
"""


def _rows(table: str):
    for line in table.strip().splitlines():
        dob, dates = line.split("|")
        yield dob.strip(), dates.split()


@pytest.mark.parametrize("dob,expected", list(_rows(CORE_TABLE)))
def test_core_dates(dob, expected):
    tl = timeline(dob)
    assert {k: v.isoformat() for k, v in tl.core.items()} == dict(zip(CORE, expected, strict=True))


def test_cal1_school_year_runs_september_to_august():
    assert sy.school_year(d("2026-08-31")) == sy.Window(d("2025-09-01"), d("2026-08-31"))
    assert sy.school_year(d("2026-09-01")) == sy.Window(d("2026-09-01"), d("2027-08-31"))


@pytest.mark.parametrize(
    "dob,on,group",
    [
        ("2010-08-31", "2023-09-01", 9),  # youngest in the year
        ("2010-09-01", "2023-09-01", 8),  # oldest in the next year down
        ("2010-09-01", "2024-09-01", 9),
        ("2007-09-23", "2026-11-23", 14),  # past school age: callers decide what 14 means
    ],
)
def test_cal1_year_group(dob, on, group):
    assert sy.year_group(d(dob), d(on)) == group


def test_cal3_leap_day_birthdays_follow_the_setting():
    feb28 = sy.DateConventions(leap_day=sy.LeapDayRule.FEBRUARY_28)
    tl = timeline("2008-02-29", feb28)
    assert tl.core["birthday_14"] == d("2022-02-28")
    assert tl.core["birthday_18"] == d("2026-02-28")
    assert tl.core["day_before_26th_birthday"] == d("2034-02-27")
    # The convention never moves the school year, so the school dates are unchanged.
    default = timeline("2008-02-29")
    for key in ("year9_start", "csa_end", "phase_transfer_deadline", "ehcp_fe_academic_year_end_at_25"):
        assert tl.core[key] == default.core[key]
    assert "leap-day" in default.by_key("birthday_18").flags


def test_cal3_age_counts_from_the_start_of_the_birthday():
    assert sy.age_on(d("2010-08-31"), d("2028-08-30")) == 17
    assert sy.age_on(d("2010-08-31"), d("2028-08-31")) == 18
    assert sy.age_on(d("2008-02-29"), d("2026-02-28")) == 17
    assert sy.age_on(d("2008-02-29"), d("2026-03-01")) == 18
    assert sy.age_on(d("2008-02-29"), d("2026-02-28"), sy.LeapDayRule.FEBRUARY_28) == 18


@pytest.mark.parametrize(
    "dob,model,statute,flagged",
    [
        ("2010-09-01", "2027-06-25", "2026-06-26", True),  # 16 on 1 Sep, before term starts
        ("2010-09-07", "2027-06-25", "2026-06-26", True),  # the last day before term (8 Sep)
        ("2010-09-08", "2027-06-25", "2027-06-25", False),  # 16 on the first day of term
        ("2010-08-31", "2026-06-26", "2026-06-26", False),  # case A: both agree
        ("2007-09-23", "2024-06-28", "2024-06-28", False),  # case J (IPSEA)
        ("2010-06-26", "2026-06-26", "2026-06-26", False),  # 16 on the leaving date, s.8(3)(b)
    ],
)
def test_cal4_end_of_compulsory_school_age_and_the_statutory_edge(dob, model, statute, flagged):
    assert sy.csa_end_model(d(dob)) == d(model)
    assert sy.csa_end_statute(d(dob)) == d(statute)
    m = timeline(dob).by_key("csa_end")
    assert m.date == d(model)
    assert ("statutory-edge" in m.flags) is flagged
    if flagged:
        assert "s.8(3)(a)" in m.note
    statute_reading = timeline(dob, sy.DateConventions(csa_rule=sy.CsaRule.STATUTE))
    assert statute_reading.core["csa_end"] == d(statute)


def test_cal4_term_start_is_configurable():
    early_term = sy.DateConventions(autumn_term_starts_day=3)
    assert not sy.csa_statutory_edge(d("2010-09-05"), early_term)
    assert sy.csa_statutory_edge(d("2010-09-02"), early_term)


def test_cal5_31_july_25th_birthday_is_ambiguous_and_configurable():
    same = timeline("2001-07-31", ehc_plan=True)
    m = same.by_key("ehcp_fe_academic_year_end_at_25")
    assert m.date == d("2026-07-31") and "ambiguous" in m.flags
    nxt = timeline("2001-07-31", sy.DateConventions(july31=sy.July31Rule.NEXT_YEAR), ehc_plan=True)
    # A year later would pass the day before the 26th birthday: the outer cap (E-9) wins.
    assert nxt.core["ehcp_fe_academic_year_end_at_25"] == d("2027-07-30")


def test_cal5_1_august_25th_birthday_is_not_cut_short_by_the_school_year():
    assert timeline("2001-08-01").core["ehcp_fe_academic_year_end_at_25"] == d("2027-07-31")


def test_cal6_key_ages_are_birthday_dates():
    tl = timeline("2010-08-31")
    assert [when(tl, f"birthday_{a}") for a in (19, 21, 22, 26)] == [
        "2029-08-31", "2031-08-31", "2032-08-31", "2036-08-31",
    ]


def test_school_years_9_to_14_are_listed():
    tl = timeline("2010-08-31")
    assert when(tl, "school_year_9") == "2023-09-01..2024-08-31"
    assert when(tl, "school_year_11") == "2025-09-01..2026-08-31"
    assert when(tl, "school_year_14") == "2028-09-01..2029-08-31"


# C2: "the period of 12 months starting with" D ends the day before the anniversary; with no
# corresponding day (29 February) the period covers the whole month. Strict reading: a day less.
PERIOD_TABLE = """
2024-02-29 | 2025-02-28 | 2025-02-27
2023-03-01 | 2024-02-29 | 2024-02-29
2026-03-03 | 2027-03-02 | 2027-03-02
2025-10-09 | 2026-10-08 | 2026-10-08
2019-01-01 | 2019-12-31 | 2019-12-31
"""


@pytest.mark.parametrize("start,end,strict", [tuple(c.strip() for c in r.split("|")) for r in PERIOD_TABLE.strip().splitlines()])
def test_c2_period_of_12_months_starting_with(start, end, strict):
    assert sy.period_end(d(start)) == d(end)
    assert sy.period_end_strict(d(start)) == d(strict)


@pytest.mark.parametrize("n,words", [(1, "1st"), (2, "2nd"), (3, "3rd"), (4, "4th"), (11, "11th"), (12, "12th"),
                                     (13, "13th"), (21, "21st"), (22, "22nd"), (23, "23rd"), (25, "25th")])
def test_ordinals(n, words):
    assert sy.ordinal(n) == words


def test_cal6_birthday_titles_use_ordinals():
    tl = timeline("2010-08-31")
    assert [tl.by_key(f"birthday_{a}").title for a in (21, 22, 26)] == ["21st birthday", "22nd birthday", "26th birthday"]


# E-19 / CAL-2: a child taught out of year group. Year 9, Year 11 and the transfer follow the class
# (reg 2(1) "year 9"); compulsory school age follows age (Education Act 1996 s.8). Harry (personas P8).
OFFSET_TABLE = """
2010-10-20 | -1 | 2025-09-01 | 2027-06-25 | 2028-06-30 | 2028-09-01 | 2028-03-31
2010-10-20 |  0 | 2024-09-01 | 2027-06-25 | 2027-06-25 | 2027-09-01 | 2027-03-31
2010-10-20 |  1 | 2023-09-01 | 2027-06-25 | 2026-06-26 | 2026-09-01 | 2026-03-31
"""


@pytest.mark.parametrize("dob,offset,year9,csa,leaves,transfer,deadline",
                         [tuple(c.strip() for c in r.split("|")) for r in OFFSET_TABLE.strip().splitlines()])
def test_year_group_offset_moves_the_class_dates_not_school_age(dob, offset, year9, csa, leaves, transfer, deadline):
    tl = timeline(dob, year_group_offset=int(offset))
    assert [tl.core[k].isoformat() for k in ("year9_start", "csa_end", "year11_end", "post16_transfer",
                                              "phase_transfer_deadline")] == [year9, csa, leaves, transfer, deadline]
