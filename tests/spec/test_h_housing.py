"""rules.md section 3 (Housing).

- H-2 Homelessness (Priority Need) (England) Order 2002: 16-17, and care leavers 18-20.
- H-5 Children and Social Work Act 2017 s.1 (corporate parenting to 25); Children Act 1989
  s.23CZAA (staying close, not scheduled until commenced).
"""

from ._table import timeline, when

A = "2010-08-31"


def test_h2_priority_need_16_17_and_care_leavers_18_20():
    tl = timeline(A, care_leaver=True)
    assert when(tl, "homeless_priority_16_17") == "2026-08-31..2028-08-30"
    assert when(tl, "care_leaver_priority_need") == "2028-08-31..2031-08-30"
    assert "care_leaver_priority_need" not in timeline(A).keys()


def test_h5_corporate_parenting_to_25():
    assert when(timeline(A, looked_after=True), "corporate_parenting_to_25") == "2028-08-31..2035-08-30"
