"""rules.md section 4 (Health). Every date here is guidance: RECOMMENDED, a window to aim for,
never a statutory breach (law-issue11.md section 8).

- HL-2 NICE NG43 and QS140 statements 1, 3, 4, 5: planning by the end of Year 9 (or at once on
  entering services after Year 9), a named worker 6 months either side of the move.
- HL-3 National Framework for NHS Continuing Healthcare and NHS-funded Nursing Care, July 2022
  (in force 1 July 2022): tell the ICB at 14, screening at 16, a decision "as soon as practicable
  after the 17th birthday", the package "in time for the 18th birthday".
- HL-4 SCIE guide 44; NICE NG43: the CAMHS transition plan agreed 6 months before transfer.
- HL-5 NHS England: the learning disability annual health check from 14 (an offer).
"""

import pytest

from planner.models import Basis

from ._table import rows_of, timeline, when

A = "2010-08-31"


def test_hl2_planning_by_end_of_year9_or_on_entry():
    tl = timeline(A, camhs=True)
    assert when(tl, "health_transition_planning_start") == "2024-08-31"
    assert when(tl, "named_worker_support") == "2028-02-29..2029-02-28"
    late = timeline(A, paediatrics=True, entered_services="2026-01-12")
    assert when(late, "health_transition_planning_start") == "2026-01-12"


# dob | notify ICB (14) | screening (16) | decision in principle (17) | package by (18)
HL3 = """
2010-08-31 | 2024-08-31 | 2026-08-31 | 2027-08-31 | 2028-08-31
2012-02-29 | 2026-03-01 | 2028-02-29 | 2029-03-01 | 2030-03-01
2009-03-03 | 2023-03-03 | 2025-03-03 | 2026-03-03 | 2027-03-03
"""


@pytest.mark.parametrize("dob,notify,screen,decide,package", rows_of(HL3))
def test_hl3_continuing_care_staging_14_16_17_18(dob, notify, screen, decide, package):
    """Case A, Amara (P1: born 29 February), Noah (P14)."""
    tl = timeline(dob, continuing_care=True)
    keys = ("chc_notify_icb", "chc_screening", "chc_decision_in_principle", "chc_package_by_18")
    assert [when(tl, k) for k in keys] == [notify, screen, decide, package]
    assert {tl.by_key(k).basis for k in keys} == {Basis.RECOMMENDED}
    assert "2022" in tl.by_key("chc_screening").source and "2018" not in tl.by_key("chc_screening").source


def test_hl4_camhs_plan_six_months_before_18():
    tl = timeline(A, camhs=True)
    assert when(tl, "camhs_transition_plan") == "2028-02-29"
    assert when(tl, "camhs_ends") == "2028-08-31"
    assert tl.by_key("camhs_transition_plan").basis is Basis.RECOMMENDED
    assert when(timeline("2009-03-03", camhs=True), "camhs_transition_plan") == "2026-09-03"  # Noah (P14)


def test_hl5_learning_disability_health_check_from_14_every_year():
    tl = timeline(A, ld_register=True)
    assert when(tl, "ld_health_check_14") == "2024-08-31"
    assert when(tl, "ld_health_check_15") == "2025-08-31"
    assert when(tl, "ld_health_check_25") == "2035-08-31"
