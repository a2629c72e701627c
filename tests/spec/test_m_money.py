"""rules.md section 6 (Money and legal capacity), with law-issue11.md section 6.

- M-1 PIP (Transitional Provisions) Regs 2013 (SI 2013/387) reg 3; gov.uk: claim "within 28 days
      from the date on the letter". With no letter recorded the date is estimated.
- M-6 The second 28 days after DLA stops for a missed claim (not backdated) [V2].
- M-2 Social Security (Claims and Payments) Regs 1987 regs 33, 43.
- M-3 Welfare Reform Act 2012 s.4; UC Regs 2013 reg 8: from 18, or 16 under an exception. No
      claim-by date.
- M-7 UC Regs 2013 reg 5 ("up to, but not including, the 1st September following the person's
      19th birthday"), regs 12(1A), 14; Child Benefit (General) Regs 2006 reg 3 (under 20).
- M-4 Mental Capacity Act 2005.  M-5 Family Law Reform Act 1969 s.1 [U].
"""

import pytest

from planner.models import Basis

from ._table import d, rows_of, timeline, when

A = "2010-08-31"


def test_m1_m2_pip_at_16_without_a_letter_is_estimated():
    tl = timeline(A, dla=True)
    assert when(tl, "pip_prepare") == "2026-05-31" and tl.by_key("pip_prepare").basis is Basis.RECOMMENDED
    m = tl.by_key("pip_claim_deadline")
    assert m.date.isoformat() == "2026-10-12" and "estimated" in m.flags and m.duty
    assert when(tl, "pip_appointee") == "2026-08-31"
    assert "pip_claim_deadline" not in timeline(A).keys()


# dob | letter date | claim by (letter + 28)
M1 = """
2010-08-31 | 2026-09-14 | 2026-10-12
2010-10-20 | 2026-11-02 | 2026-11-30
"""


@pytest.mark.parametrize("dob,letter,claim_by", rows_of(M1))
def test_m1_the_letter_is_the_clock(dob, letter, claim_by):
    """Ben (P2), Harry (P8: due on the as-of date of the personas)."""
    m = timeline(dob, dla=True, pip_letter_date=letter).by_key("pip_claim_deadline")
    assert m.date == d(claim_by) and "estimated" not in m.flags


def test_m6_second_window_after_dla_stops():
    tl = timeline("2010-10-20", dla=True, pip_letter_date="2026-11-02", pip_second_letter_date="2026-12-14")
    assert when(tl, "pip_second_claim_deadline") == "2027-01-11"


def test_m3_universal_credit_from_18_or_16_with_an_exception_and_no_claim_by_date():
    assert when(timeline(A), "universal_credit_from") == "2028-08-31"
    assert when(timeline(A, uc_exception=True), "universal_credit_from") == "2026-08-31"
    assert not timeline(A).by_key("universal_credit_from").duty


# person | dob | parent's UC child element last day | Child Benefit latest | own UC possible from
M7 = """
Olivia (P15) | 2007-10-10 | 2027-08-31 | 2027-10-09 | 2027-09-01
Ben (P2)     | 2010-08-31 | 2029-08-31 | 2030-08-30 | 2029-09-01
Amara (P1)   | 2012-02-29 | 2031-08-31 | 2032-02-28 | 2031-09-01
Chloe (P3)   | 2010-09-01 | 2030-08-31 | 2030-08-31 | 2030-09-01
Harry (P8)   | 2010-10-20 | 2030-08-31 | 2030-10-19 | 2030-09-01
Maya (P13)   | 2009-04-18 | 2028-08-31 | 2029-04-17 | 2028-09-01
"""


@pytest.mark.parametrize("who,dob,child_element,child_benefit,own_uc", rows_of(M7))
def test_m7_benefits_on_a_full_time_non_advanced_course(who, dob, child_element, child_benefit, own_uc):
    """A 31 August birthday ends the child element on the 19th birthday itself (Ben); a 1 September
    birthday is ambiguous (Chloe: reading (a), a year on, is used and flagged)."""
    tl = timeline(dob, non_advanced_course=True)
    assert [when(tl, k) for k in ("parent_child_element_ends", "child_benefit_latest",
                                  "own_universal_credit_possible")] == [child_element, child_benefit, own_uc], who
    assert ("ambiguous" in tl.by_key("parent_child_element_ends").flags) is (dob[5:] == "09-01")


def test_m4_m5_capacity_and_majority():
    tl = timeline(A)
    assert when(tl, "mental_capacity_act") == "2026-08-31"
    assert when(tl, "lpa_possible") == "2028-08-31"
    assert when(tl, "adulthood_18") == "2028-08-31"
    assert "unverified" in tl.by_key("adulthood_18").flags
