"""EM-1, H-2, H-5, HL-2 to HL-5, S-1, S-2, S-4, S-7, M-1 to M-5 (rules.md sections 2 to 6).

Person: DOB 31 Aug 2010 (worked case A) unless stated.
"""

from ._table import timeline, when

A = "2010-08-31"


def test_em1_supported_internship_window_16_to_24():
    tl = timeline(A, ehc_plan=True)
    assert when(tl, "supported_internship_window") == "2026-08-31..2035-08-30"
    assert "supported_internship_window" not in timeline(A).keys()


def test_h2_priority_need_16_17_and_care_leavers_18_20():
    tl = timeline(A, care_leaver=True)
    assert when(tl, "homeless_priority_16_17") == "2026-08-31..2028-08-30"
    assert when(tl, "care_leaver_priority_need") == "2028-08-31..2031-08-30"
    assert "care_leaver_priority_need" not in timeline(A).keys()


def test_h5_corporate_parenting_to_25():
    assert when(timeline(A, looked_after=True), "corporate_parenting_to_25") == "2028-08-31..2035-08-30"


def test_hl2_planning_by_end_of_year9_or_on_entry():
    tl = timeline(A, camhs=True)
    assert when(tl, "health_transition_planning_start") == "2024-08-31"
    assert when(tl, "named_worker_support") == "2028-02-29..2029-02-28"
    late = timeline(A, paediatrics=True, entered_services="2026-01-12")
    assert when(late, "health_transition_planning_start") == "2026-01-12"


def test_hl3_continuing_care_staging_14_16_17_18():
    tl = timeline(A, continuing_care=True)
    assert [when(tl, k) for k in (
        "chc_notify_icb", "chc_screening", "chc_decision_in_principle", "chc_package_by_18",
    )] == ["2024-08-31", "2026-08-31", "2027-08-31", "2028-08-31"]


def test_hl4_camhs_plan_six_months_before_18():
    tl = timeline(A, camhs=True)
    assert when(tl, "camhs_transition_plan") == "2028-02-29"
    assert when(tl, "camhs_ends") == "2028-08-31"


def test_hl5_learning_disability_health_check_from_14_every_year():
    tl = timeline(A, ld_register=True)
    assert when(tl, "ld_health_check_14") == "2024-08-31"
    assert when(tl, "ld_health_check_15") == "2025-08-31"
    assert when(tl, "ld_health_check_25") == "2035-08-31"


def test_s1_s2_s4_care_act_transition():
    tl = timeline(A, childrens_social_care=True)
    assert when(tl, "care_act_assessment_considered") == "2023-09-01..2024-08-31"
    assert when(tl, "care_act_assessment_target") == "2028-02-29"
    assert when(tl, "care_act_continuity_18") == "2028-08-31"


def test_s7_needs_assessment_three_months_after_16_or_eligibility():
    assert when(timeline(A, looked_after=True), "pathway_needs_assessment_due") == "2026-11-30"
    # Looked after from 1 Jul 2026: 13 weeks later (30 Sep 2026) is after the 16th birthday.
    late = timeline(A, looked_after=True, looked_after_since="2026-07-01")
    assert when(late, "pathway_needs_assessment_due") == "2026-12-30"
    assert timeline(A, looked_after=True).by_key("personal_adviser_to_25").end.isoformat() == "2035-08-30"


def test_m1_m2_pip_at_16():
    tl = timeline(A, dla=True)
    assert when(tl, "pip_prepare") == "2026-05-31"
    m = tl.by_key("pip_claim_deadline")
    assert m.date.isoformat() == "2026-10-12" and "estimated" in m.flags
    assert when(tl, "pip_appointee") == "2026-08-31"
    assert "pip_claim_deadline" not in timeline(A).keys()


def test_m3_universal_credit_from_18_or_16_with_an_exception():
    assert when(timeline(A), "universal_credit_from") == "2028-08-31"
    assert when(timeline(A, uc_exception=True), "universal_credit_from") == "2026-08-31"


def test_m4_m5_capacity_and_majority():
    tl = timeline(A)
    assert when(tl, "mental_capacity_act") == "2026-08-31"
    assert when(tl, "lpa_possible") == "2028-08-31"
    assert when(tl, "adulthood_18") == "2028-08-31"
    assert "unverified" in tl.by_key("adulthood_18").flags
