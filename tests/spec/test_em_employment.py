"""rules.md section 2 (Employment).

- EM-1 DfE supported internships guidance 2022 (non-statutory: the dates are recommended), for
  16 to 24-year-olds with an EHC plan. Careers guidance (E-11) is in section 1.
"""

from planner.models import Basis

from ._table import timeline, when

A = "2010-08-31"


def test_em1_supported_internship_window_16_to_24():
    tl = timeline(A, ehc_plan=True)
    assert when(tl, "supported_internship_window") == "2026-08-31..2035-08-30"
    assert tl.by_key("supported_internship_window").basis is Basis.RECOMMENDED
    assert "supported_internship_window" not in timeline(A).keys()
