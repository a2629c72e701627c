"""rules.md section 1 (Education), with the additions of law-issue11.md sections 1, 3, 7 and 10.

Each table row is one case checked by hand against the words of the law (personas.md names the
person where the case is one of theirs). Sources, by rule:

- E-1  CFA 2014 s.83; Explanatory Notes para 166: rights pass at the end of compulsory school age.
- E-2  SEN&D Regs 2014 reg 5(1) (6 weeks), reg 10(1) (16 weeks), reg 13(1)(a) (at least 15 days
       "beginning with the day on which the draft plan was served"), reg 13(2) (20 weeks).
- E-3  CFA 2014 s.44(1): "in the period of 12 months starting with"; SEND Code 9.169 (the decision
       inside the 12 months); SEN&D Regs reg 20(3),(4) (two weeks' notice). E-16: no review after
       the plan's end (s.45, s.46, reg 46).
- E-4  SEN&D Regs 2014 reg 20(6), 21(6).
- E-5  SEN&D Regs 2014 reg 18(1)(a) "before 31 March", reg 2(1)(f); CFA 2014 s.83(2).
- E-6  Education and Skills Act 2008 ss.1-2.  E-7 Education Act 1996 s.509AA.  E-8 CFA s.45.
- E-9  CFA 2014 s.46; SEN&D Regs 2014 reg 46.
- E-11 Education Act 1997 s.42A(1) as amended by the Education (Careers Guidance in Schools)
       Act 2022: Year 7 onwards from September 2022.
- E-14 SEN&D Regs 2014 reg 20(7), 20(10), 22(2),(3); R (L, M & P) v Devon CC [2022] EWHC 493.
- E-17 SEN&D Regs 2014 reg 18(1)(b): "before ... 15 February in the calendar year of the child's
       transfer in any other case".
- E-18 SEN&D Regs 2014 reg 18(2): "at least five months before that transfer".
- E-19 SEN&D Regs 2014 reg 2(1) "year 9" (the class); Education Act 1996 s.8 (school age by age).
- E-20 SEN&D Regs 2014 reg 8 (6 weeks from each adviser's request) [V2].
- E-23 SEN&D Regs 2014 reg 25 (15 days) [V2], reg 27(2) (14 weeks from the decision notice).
- E-24 HESC Rules 2008 r.20(1)(c) (2 months after the notice was sent, or 1 month from the
       mediation certificate if later), r.12(2),(3) (working days, Christmas, August); SEN&D Regs
       reg 33 (mediation adviser within 2 months).
"""

import datetime as dt

import pytest

from planner.models import Basis
from planner.rules.workdays import bank_holidays

from ._table import d, timeline, when

A = "2010-08-31"  # worked case A


def rows(table: str):
    return [tuple(c.strip() for c in line.split("|")) for line in table.strip().splitlines()]


def test_e1_rights_pass_the_day_after_compulsory_school_age_ends():
    # Not on the 16th birthday: case A turns 16 on 31 Aug 2026, rights pass on 27 Jun 2026.
    assert when(timeline(A, ehc_plan=True), "young_person_rights") == "2026-06-27"
    # September birthday (case J): rights pass about 9 months after the 16th birthday.
    assert when(timeline("2007-09-23", ehc_plan=True), "young_person_rights") == "2024-06-29"


# request | decide (R+42) | no-plan notice (R+112) | latest draft (R+125) | final (R+140)
E2 = """
2026-01-05 | 2026-02-16 | 2026-04-27 | 2026-05-10 | 2026-05-25
2026-09-07 | 2026-10-19 | 2026-12-28 | 2027-01-10 | 2027-01-25
2027-12-20 | 2028-01-31 | 2028-04-10 | 2028-04-23 | 2028-05-08
"""


@pytest.mark.parametrize("request_date,decision,no_plan,draft,final", rows(E2))
def test_e2_assessment_deadlines_from_the_request(request_date, decision, no_plan, draft, final):
    """Grace (P7), Priya (P16), and a request across a leap February. Calendar weeks: 25 May
    2026 is a bank holiday and the final date does not move."""
    tl = timeline(A, ehc_plan=True, assessment_request=request_date)
    assert [when(tl, k) for k in ("assessment_decision_due", "assessment_no_plan_notice_due", "draft_plan_latest",
                                  "final_plan_due")] == [decision, no_plan, draft, final]
    assert tl.by_key("final_plan_due").duty and tl.by_key("final_plan_due").done_on is None


def test_e2_a_plan_issued_after_the_request_records_the_final_as_done():
    tl = timeline(A, ehc_plan=True, assessment_request="2026-01-05", plan_issued="2026-05-15")
    assert tl.by_key("final_plan_due").done_on == d("2026-05-15")
    assert tl.by_key("draft_plan_latest").done_on == d("2026-05-15")


def test_e2_draft_comment_window_is_15_days_beginning_with_service():
    tl = timeline(A, ehc_plan=True, assessment_request="2026-09-07", draft_served="2027-01-10")
    assert when(tl, "draft_comment_window") == "2027-01-10..2027-01-24"


def test_e2_needs_a_request_date():
    assert "final_plan_due" not in timeline(A, ehc_plan=True).keys()


def test_e20_advice_counts_from_the_councils_request_not_the_familys():
    tl = timeline("2014-09-09", assessment_request="2026-09-07", advice_requested="2026-10-20")
    assert when(tl, "assessment_advice_due") == "2026-12-01"  # not 7 Sep + 42 = 19 Oct


# dob | last_review | plan_issued | period ends (s.44) | latest meeting (-28) | invitations (-42)
E3 = """
2012-02-29 | 2026-03-03 |            | 2027-03-02 | 2027-02-02 | 2027-01-19
2010-08-31 | 2026-01-14 |            | 2027-01-13 | 2026-12-16 | 2026-12-02
2013-05-12 |            | 2024-02-29 | 2025-02-28 | 2025-01-31 | 2025-01-17
2011-01-03 | 2025-10-09 |            | 2026-10-08 | 2026-09-10 | 2026-08-27
2013-05-12 | 2025-02-11 |            | 2026-02-10 | 2026-01-13 | 2025-12-30
"""


@pytest.mark.parametrize("dob,last,issued,end,latest,invite", rows(E3))
def test_e3_review_period_ends_the_day_before_the_anniversary(dob, last, issued, end, latest, invite):
    """Amara (P1), Ben (P2), Ella (P5: issued 29 Feb 2024, and her second period), Finn (P6)."""
    tl = timeline(dob, ehc_plan=True, last_review=last or None, plan_issued=issued or None)
    due = tl.by_key("annual_review_due")
    assert (due.date.isoformat(), when(tl, "annual_review_latest_meeting"),
            when(tl, "annual_review_invitations_by")) == (end, latest, invite)
    assert due.duty and due.basis is Basis.STATUTORY


def test_e3_29_february_start_flags_the_stricter_reading():
    m = timeline("2013-05-12", ehc_plan=True, plan_issued="2024-02-29").by_key("annual_review_due")
    assert {"leap-day", "strict-reading"} <= set(m.flags) and "27 February 2025" in m.note


def test_e3_an_overdue_review_stays_and_the_next_counts_from_the_day_it_is_held():
    """Finn (P6): period ended 8 Oct 2026; as of 30 Nov 2026 nothing is recorded. The earliest
    lawful meeting is 14 Dec 2026 (2 weeks' notice), so the next period would end 13 Dec 2027."""
    tl = timeline("2011-01-03", as_of=d("2026-11-30"), ehc_plan=True, plan_issued="2019-10-15",
                  last_review="2025-10-09")
    assert when(tl, "annual_review_due") == "2026-10-08"  # not replaced by a 2027 date
    assert when(tl, "annual_review_projected_2") == "2027-12-13"
    assert "projected" in tl.by_key("annual_review_projected_2").flags


def test_e16_no_review_falls_due_after_the_plan_can_last():
    """Dev (P4): 25 on 31 Jul 2026, so the plan ends 31 Jul 2026 (reading A); the period from
    12 Nov 2025 would end 11 Nov 2026: no review is due."""
    tl = timeline("2001-07-31", ehc_plan=True, plan_issued="2017-09-20", last_review="2025-11-12")
    assert "annual_review_due" not in tl.keys()
    dues = [m.date for m in timeline(A, ehc_plan=True, last_review="2025-10-15").milestones
            if m.key.startswith("annual_review")]
    assert max(dues) <= d("2036-07-31")


# meeting | amendment notice | report (+14) | decision (+28) | final amended plan min(notice+56, meeting+84)
E14 = """
2026-01-12 | 2026-02-06 | 2026-01-26 | 2026-02-09 | 2026-04-03
2026-10-06 | 2026-11-02 | 2026-10-20 | 2026-11-03 | 2026-12-28
2026-01-14 | 2026-03-01 | 2026-01-28 | 2026-02-11 | 2026-04-08
"""


@pytest.mark.parametrize("meeting,notice,report,decision,final", rows(E14))
def test_e14_after_the_meeting_report_decision_and_final(meeting, notice, report, decision, final):
    """Ella (P5), Chloe (P3), and a late notice where the 12-week cap from the meeting wins."""
    tl = timeline(A, ehc_plan=True, last_review=meeting, amendment_notice_sent=notice)
    assert [when(tl, k) for k in ("review_report_due", "review_decision_due", "amended_plan_due")] == [
        report, decision, final]
    assert tl.by_key("review_decision_due").done_on == d(notice)
    assert when(tl, "amendment_comment_window") == f"{notice}..{(d(notice) + dt.timedelta(days=14)).isoformat()}"


def test_e14_nothing_recorded_after_the_meeting_is_not_done():
    tl = timeline(A, ehc_plan=True, last_review="2026-01-14")
    assert tl.by_key("review_decision_due").done_on is None and "amended_plan_due" not in tl.keys()


def test_e4_year9_review_is_a_preparing_for_adulthood_review():
    assert when(timeline(A, ehc_plan=True), "year9_pfa_review") == "2023-09-01..2024-08-31"


# dob | 31 March of the transfer year | latest safe meeting (30 March - 84 days) | transfer
E5 = """
2010-08-31 | 2026-03-31 | 2026-01-05 | 2026-09-01
2012-02-29 | 2028-03-31 | 2028-01-06 | 2028-09-01
2011-01-03 | 2027-03-31 | 2027-01-05 | 2027-09-01
2010-09-01 | 2027-03-31 | 2027-01-05 | 2027-09-01
"""


@pytest.mark.parametrize("dob,deadline,latest,transfer", rows(E5))
def test_e5_phase_transfer_before_31_march(dob, deadline, latest, transfer):
    """Case A, Amara (P1), Finn (P6), Chloe (P3: school age ended in June 2026 under s.8(3)(a)
    but she moves after her class's Year 11, in September 2027)."""
    tl = timeline(dob, ehc_plan=True)
    m = tl.by_key("phase_transfer_deadline")
    assert m.date == d(deadline) and m.duty and m.basis is Basis.STATUTORY
    assert "strict-reading" in m.flags and (d(deadline) - dt.timedelta(days=1)).strftime("%-d March") in m.note
    assert tl.by_key("phase_transfer_review_window").end == d(latest)
    assert when(tl, "post16_transfer") == transfer


def test_e5_a_school_sixth_form_is_not_a_phase_transfer():
    """Reg 2(1)(f): secondary school to a *post-16 institution*, which is not a school (CFA
    s.83(2)). Practice applies 31 March anyway: kept as a recommended date, flagged."""
    m = timeline(A, ehc_plan=True, sixth_form_at_school=True).by_key("phase_transfer_deadline")
    assert m.basis is Basis.RECOMMENDED and "statutory-edge" in m.flags


def test_e5_a_plan_first_issued_after_31_march_has_no_phase_transfer_review():
    """Grace (P7): plan first made 15 May 2026, transfer September 2026: it names the college."""
    tl = timeline("2010-02-14", ehc_plan=True, plan_issued="2026-05-15")
    assert "phase_transfer_deadline" not in tl.keys() and "phase_transfer_deadline" not in tl.core
    assert when(tl, "post16_transfer") == "2026-09-01"


def test_e5_amended_plan_after_the_transfer_review_records_it_done():
    tl = timeline(A, ehc_plan=True, last_review="2026-01-14", amended_plan_issued="2026-03-20")
    assert tl.by_key("phase_transfer_deadline").done_on == d("2026-03-20")


def test_e17_other_phase_transfers_before_15_february():
    """Reg 18(1)(b): a middle to secondary school move in September 2024 (three-tier areas, at 13)."""
    m = timeline("2011-05-01", ehc_plan=True, plan_issued="2019-01-01", school_transfer="2024-09-02").by_key(
        "school_transfer_deadline")
    assert m.date == d("2024-02-15") and m.duty and "strict-reading" in m.flags and "14 February 2024" in m.easy_read
    late = timeline("2011-05-01", ehc_plan=True, plan_issued="2024-03-01", school_transfer="2024-09-02")
    assert "school_transfer_deadline" not in late.keys()


# move | review and amend by (move - 5 months, clamped to the month's end)
E18 = """
2027-01-04 | 2026-08-04
2027-07-30 | 2027-02-28
2027-07-31 | 2027-02-28
2027-01-31 | 2026-08-31
"""


@pytest.mark.parametrize("move,due", rows(E18))
def test_e18_five_months_before_a_move_between_post16_institutions(move, due):
    """Isla (P9) and the short-February variants."""
    m = timeline("2008-03-07", ehc_plan=True, post16_move=move).by_key("post16_move_deadline")
    assert m.date == d(due) and m.duty and "ask the college" in m.note


def test_e19_out_of_year_group_is_said_in_words():
    m = timeline("2010-10-20", ehc_plan=True, year_group_offset=-1).by_key("out_of_year_group")
    assert "1 year below" in m.easy_read and "25 June 2027" in m.easy_read and "30 June 2028" in m.easy_read
    assert "out_of_year_group" not in timeline("2010-10-20").keys()


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


# dob | careers guidance window (Year 7 from September 2022 to the end of Year 13)
E11 = """
2014-09-09 | 2026-09-01..2033-08-31
2010-08-31 | 2022-09-01..2028-08-31
2006-05-01 | 2022-09-01..2024-08-31
"""


@pytest.mark.parametrize("dob,window", rows(E11))
def test_e11_careers_guidance_from_year_7_since_september_2022(dob, window):
    assert when(timeline(dob), "careers_guidance") == window


# request | decision sent | decide by (+15) | final (decision notice + 98; else request + 15 + 98)
E23 = """
2026-11-03 | 2026-11-16 | 2026-11-18 | 2027-02-22
2026-11-03 |            | 2026-11-18 | 2027-02-24
"""


@pytest.mark.parametrize("request_date,sent,decide,final", rows(E23))
def test_e23_reassessment_counts_14_weeks_from_the_decision_notice(request_date, sent, decide, final):
    """Rosa (P17)."""
    tl = timeline("2014-12-02", ehc_plan=True, plan_issued="2026-06-30", reassessment_request=request_date,
                  reassessment_decision_sent=sent or None)
    assert (when(tl, "reassessment_decision_due"), when(tl, "reassessment_final_due")) == (decide, final)
    assert ("estimated" in tl.by_key("reassessment_final_due").flags) is (not sent)


# notice sent | mediation certificate | last day to appeal (r.20(1)(c) with r.12)
E24 = """
2026-10-19 |            | 2026-12-21
2026-10-19 | 2026-12-16 | 2027-01-18
2026-10-30 |            | 2027-01-04
2027-06-15 |            | 2027-09-01
2026-05-15 |            | 2026-07-15
2027-01-25 |            | 2027-03-25
"""


@pytest.mark.parametrize("sent,certificate,appeal", rows(E24))
def test_e24_appeal_deadline_moves_off_weekends_christmas_and_august(sent, certificate, appeal):
    """Priya's variants (P16): Sat 19 Dec -> Mon 21 Dec; a later certificate wins; 30 Dec falls
    in 25 Dec - 1 Jan -> Mon 4 Jan; 15 Aug falls in August -> Wed 1 Sep. Grace (P7)."""
    tl = timeline("2014-09-09", decision_notice_sent=sent, mediation_certificate_issued=certificate or None)
    assert when(tl, "appeal_deadline") == appeal


def test_e24_bank_holidays_of_2026_and_2027():
    assert sorted(bank_holidays(2026)) == [d(x) for x in (
        "2026-01-01", "2026-04-03", "2026-04-06", "2026-05-04", "2026-05-25", "2026-08-31", "2026-12-25",
        "2026-12-28")]
    assert d("2027-12-27") in bank_holidays(2027) and d("2027-12-28") in bank_holidays(2027)  # Sat/Sun Christmas
    assert d("2022-09-19") in bank_holidays(2022) and d("2023-05-08") in bank_holidays(2023)


def test_plan_rules_need_an_ehc_plan():
    keys = timeline(A).keys()
    assert not keys & {"phase_transfer_deadline", "young_person_rights", "annual_review_due"}


# milestone key | basis: statutory only where an Act or regulation sets the date
BASIS = """
annual_review_due | statutory
review_decision_due | statutory
phase_transfer_deadline | statutory
phase_transfer_review_window | recommended
final_plan_due | statutory
appeal_deadline | statutory
"""


@pytest.mark.parametrize("key,basis", rows(BASIS))
def test_statutory_or_recommended(key, basis):
    tl = timeline(A, ehc_plan=True, last_review="2026-01-14", assessment_request="2026-01-05",
                  decision_notice_sent="2026-05-15")
    assert tl.by_key(key).basis.value == basis
