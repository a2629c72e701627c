"""E-1 to E-9: education rules (rules.md section 1). Person: DOB 31 Aug 2010 (worked case A)."""

import pytest

from ._table import d, timeline, when

A = "2010-08-31"


def test_e1_rights_pass_the_day_after_compulsory_school_age_ends():
    # Not on the 16th birthday: case A turns 16 on 31 Aug 2026, rights pass on 27 Jun 2026.
    assert when(timeline(A, ehc_plan=True), "young_person_rights") == "2026-06-27"
    # September birthday (case J): rights pass about 9 months after the 16th birthday.
    assert when(timeline("2007-09-23", ehc_plan=True), "young_person_rights") == "2024-06-29"


@pytest.mark.parametrize(
    "request_date,decision,no_plan,final",
    [
        ("2026-01-05", "2026-02-16", "2026-04-27", "2026-05-25"),
        ("2027-12-20", "2028-01-31", "2028-04-10", "2028-05-08"),  # across a leap February
    ],
)
def test_e2_assessment_deadlines_from_the_request(request_date, decision, no_plan, final):
    tl = timeline(A, ehc_plan=True, assessment_request=request_date)
    assert when(tl, "assessment_decision_due") == decision
    assert when(tl, "assessment_no_plan_notice_due") == no_plan
    assert when(tl, "final_plan_due") == final


def test_e2_needs_a_request_date():
    assert "final_plan_due" not in timeline(A, ehc_plan=True).keys()


def test_e3_annual_review_cycle_from_the_last_review():
    tl = timeline(A, ehc_plan=True, plan_issued="2019-03-10", last_review="2025-10-15")
    assert when(tl, "review_decision_due") == "2025-11-12"
    assert when(tl, "annual_review_due_1") == "2026-10-15"
    assert when(tl, "annual_review_due_2") == "2027-10-15"
    assert "projected" in tl.by_key("annual_review_due_2").flags
    # The projection stops at the outer cap, the day before the 26th birthday (30 Aug 2036).
    dues = [m.date for m in tl.milestones if m.key.startswith("annual_review_due_")]
    assert max(dues) == d("2035-10-15")


def test_e3_first_review_from_issue_clamps_29_february():
    tl = timeline(A, ehc_plan=True, plan_issued="2024-02-29")
    assert when(tl, "annual_review_due_1") == "2025-02-28"


def test_e4_year9_review_is_a_preparing_for_adulthood_review():
    assert when(timeline(A, ehc_plan=True), "year9_pfa_review") == "2023-09-01..2024-08-31"


def test_e5_phase_transfer_deadline_and_strict_reading():
    tl = timeline(A, ehc_plan=True)
    m = tl.by_key("phase_transfer_deadline")
    assert m.date == d("2026-03-31")
    assert "strict-reading" in m.flags and "30 March 2026" in m.note
    # Latest review meeting: 12 weeks before, leaving 4 weeks to decide and 8 to finalise.
    assert when(tl, "phase_transfer_review_window") == "2025-09-01..2026-01-06"
    assert when(tl, "post16_transfer") == "2026-09-01"


def test_e5_five_month_rule_for_a_post16_move():
    tl = timeline(A, ehc_plan=True, post16_move="2027-01-31")
    assert when(tl, "post16_move_deadline") == "2026-08-31"


def test_e6_participation_age_from_the_end_of_csa_to_18():
    assert when(timeline(A), "participation_age") == "2026-06-27..2028-08-30"


def test_e7_transport_policy_and_sixth_form_age():
    tl = timeline(A)
    assert when(tl, "transport_policy_published") == "2026-05-31"
    assert when(tl, "sixth_form_age_end") == "2029-08-30"


def test_e8_ceasing_rules_at_18_and_19():
    tl = timeline(A, ehc_plan=True)
    assert when(tl, "ceasing_outcomes_regard") == "2028-08-31"
    assert when(tl, "no_ceasing_at_19") == "2029-08-31"


def test_e9_end_points_at_25():
    tl = timeline(A, ehc_plan=True)
    assert when(tl, "young_person_status_ends") == "2035-08-31"
    assert when(tl, "ehcp_fe_academic_year_end_at_25") == "2036-07-31"
    assert when(tl, "day_before_26th_birthday") == "2036-08-30"


def test_plan_rules_need_an_ehc_plan():
    keys = timeline(A).keys()
    assert not keys & {"phase_transfer_deadline", "young_person_rights", "annual_review_due_1"}
