"""Seventeen worked personas (synthetic; /work/notes/personas.md, issue 11), as of Monday
30 November 2026. Each row is a date the law gives the person, the rule that gives it and the
status the family should see from what is recorded. Every date was worked out by hand from the
words of the law (the sources are in each rule's spec file and in the rule catalogue) and
re-checked here against the planner; none was copied from the planner's output.

Statuses: done (recorded), overdue (a statutory date passed, nothing recorded), missed (a
recommended date passed, nothing recorded), not recorded (due before the record began), now,
soon (within 6 months), later, past (a date, not a duty). "-" means the date only.
"""

from __future__ import annotations

import datetime as dt

import pytest

from planner import milestones
from planner import schoolyear as sy
from planner.models import DATE_FIELDS, Person
from planner.views import journey

AS_OF = dt.date(2026, 11, 30)
STATUS = {"done": journey.Status.DONE, "overdue": journey.Status.OVERDUE, "missed": journey.Status.MISSED,
          "not recorded": journey.Status.NOT_RECORDED, "now": journey.Status.NOW, "soon": journey.Status.SOON,
          "later": journey.Status.LATER, "past": journey.Status.PAST}
STATUTE = sy.DateConventions(csa_rule=sy.CsaRule.STATUTE, autumn_term_starts_day=3)  # Chloe's school: term on 3 Sep


def step(handover: str, key: str, status: str, deadline: str) -> dict:
    """A stored step row of the plan (what the worker recorded)."""
    hid = f"p/{handover}"
    return {"id": f"{hid}/{key}", "handover_id": hid, "kind": "plan", "title": key, "start": "2026-01-05",
            "end": "2026-01-11", "deadline": deadline, "status": status, "statutory": 0}


PERSONAS: dict[str, dict] = {
    "P1 Amara (29 Feb birthday)": dict(
        person=dict(dob="2012-02-29", ehc_plan=True, plan_issued="2022-03-14", last_review="2026-03-03",
                    review_decision_sent="2026-03-30", continuing_care=True, paediatrics=True, ld_register=True,
                    dla=True, entered_services="2013-06-01", non_advanced_course=True, record_started="2020-01-01"),
        expect="""
        birthday_14                   | 2026-03-01 | past      | CAL-3 (1 March in a common year)
        chc_notify_icb                | 2026-03-01 | missed    | HL-3 (guidance: a window, not a breach)
        annual_review_invitations_by  | 2027-01-19 | soon      | E-3 with reg 20(3)
        annual_review_latest_meeting  | 2027-02-02 | soon      | E-3 with Code 9.169
        annual_review_due             | 2027-03-02 | soon      | E-3 (starts 3 Mar 2026)
        birthday_16                   | 2028-02-29 | later     | CAL-3 (a real 29 February)
        chc_screening                 | 2028-02-29 | later     | HL-3
        phase_transfer_review_window  | 2027-09-01..2028-01-06 | later | E-5 (30 Mar 2028 - 84 days)
        phase_transfer_deadline       | 2028-03-31 | later     | E-5 (last day 30 March)
        csa_end                       | 2028-06-30 | later     | CAL-4
        birthday_17                   | 2029-03-01 | later     | CAL-3
        chc_package_by_18             | 2030-03-01 | later     | HL-3
        parent_child_element_ends     | 2031-08-31 | later     | M-7
        child_benefit_latest          | 2032-02-28 | later     | M-7 (20th birthday 29 Feb 2032)
        ehcp_fe_academic_year_end_at_25 | 2037-07-31 | later   | CAL-5
        """),
    "P2 Ben (31 Aug birthday)": dict(
        person=dict(dob="2010-08-31", ehc_plan=True, plan_issued="2018-05-10", last_review="2026-01-14",
                    amended_plan_issued="2026-03-20", ld_register=True, dla=True, pip_letter_date="2026-09-14",
                    pip_claimed="2026-10-08", non_advanced_course=True, record_started="2020-01-01"),
        expect="""
        csa_end                       | 2026-06-26 | past      | CAL-4 (statute and model agree)
        young_person_rights           | 2026-06-27 | past      | E-1
        review_report_due             | 2026-01-28 | done      | E-14 (+14)
        review_decision_due           | 2026-02-11 | done      | E-14 (+28)
        phase_transfer_deadline       | 2026-03-31 | done      | E-5 (final issued 20 Mar)
        pip_claim_deadline            | 2026-10-12 | done      | M-1 (letter 14 Sep + 28; claimed 8 Oct)
        annual_review_invitations_by  | 2026-12-02 | soon      | E-3 with reg 20(3)
        annual_review_latest_meeting  | 2026-12-16 | soon      | E-3 with Code 9.169
        annual_review_due             | 2027-01-13 | soon      | E-3
        care_act_assessment_target    | 2028-02-29 | later     | S-2 (31 Aug 2027 + 6 months)
        parent_child_element_ends     | 2029-08-31 | later     | M-7 (his 19th birthday itself)
        child_benefit_latest          | 2030-08-30 | later     | M-7
        ehcp_fe_academic_year_end_at_25 | 2036-07-31 | later   | CAL-5
        """),
    "P3 Chloe (1 Sep birthday, statute reading)": dict(
        conventions=STATUTE,
        person=dict(dob="2010-09-01", ehc_plan=True, plan_issued="2021-11-02", last_review="2026-10-06",
                    review_decision_sent="2026-11-02", amendment_notice_sent="2026-11-02", non_advanced_course=True,
                    record_started="2020-01-01"),
        expect="""
        csa_end                       | 2026-06-26 | past      | CAL-4, s.8(3)(a): term began 3 Sep
        young_person_rights           | 2026-06-27 | past      | E-1: the decisions are hers
        review_decision_due           | 2026-11-03 | done      | E-14
        amended_plan_due              | 2026-12-28 | soon      | E-14: min(2 Nov + 56, 6 Oct + 84)
        phase_transfer_deadline       | 2027-03-31 | soon      | E-5: she moves after her class's Year 11
        annual_review_due             | 2027-10-05 | later     | E-3
        annual_review_latest_meeting  | 2027-09-07 | later     | E-3 with Code 9.169
        parent_child_element_ends     | 2030-08-31 | later     | M-7, reading (a)
        """),
    "P4 Dev (25 on 31 July, former relevant)": dict(
        person=dict(dob="2001-07-31", ehc_plan=True, plan_issued="2017-09-20", last_review="2025-11-12",
                    care_leaver=True, looked_after_since="2015-03-02", left_care="2019-07-30", foster_placement=True,
                    pa_requested="2022-08-15", record_started="2024-01-01"),
        expect="""
        former_relevant_duties        | 2019-07-31..2022-07-30 | past | S-10 (to the 21st birthday)
        personal_adviser_on_request   | 2022-08-15..2026-07-30 | past | S-11 (to the day before 25)
        ehcp_fe_academic_year_end_at_25 | 2026-07-31 | past    | CAL-5 reading A
        """,
        absent=("annual_review_due",)),  # E-16: the period from 12 Nov 2025 ends after the plan
    "P5 Ella (plan issued 29 Feb)": dict(
        person=dict(dob="2013-05-12", ehc_plan=True, plan_issued="2024-02-29", last_review="2026-01-12",
                    amendment_notice_sent="2026-02-06", amended_plan_issued="2026-04-01", record_started="2024-02-29"),
        expect="""
        review_report_due             | 2026-01-26 | done      | E-14
        review_decision_due           | 2026-02-09 | done      | E-14
        amendment_comment_window      | 2026-02-06..2026-02-20 | past | reg 22(2)(c)
        amended_plan_due              | 2026-04-03 | done      | E-14: min(6 Feb + 56, 12 Jan + 84)
        annual_review_invitations_by  | 2026-11-30 | now       | E-3 with reg 20(3): today
        annual_review_latest_meeting  | 2026-12-14 | soon      | E-3 with Code 9.169
        annual_review_due             | 2027-01-11 | soon      | E-3
        year9_pfa_review              | 2026-09-01..2027-08-31 | now | E-4
        phase_transfer_deadline       | 2029-03-31 | later     | E-5
        """),
    "P6 Finn (overdue review)": dict(
        person=dict(dob="2011-01-03", ehc_plan=True, plan_issued="2019-10-15", last_review="2025-10-09",
                    review_decision_sent="2025-11-05", record_started="2020-01-01"),
        expect="""
        annual_review_due             | 2026-10-08 | overdue   | E-3: never replaced by a 2027 review
        annual_review_latest_meeting  | 2026-09-10 | past      | E-3 with Code 9.169: missed
        annual_review_projected_2     | 2027-12-13 | later     | E-3: if held 14 Dec 2026 (2 weeks' notice)
        phase_transfer_review_window  | 2026-09-01..2027-01-05 | now | E-5
        phase_transfer_deadline       | 2027-03-31 | soon      | E-5
        csa_end                       | 2027-06-25 | later     | CAL-4
        """),
    "P7 Grace (plan first issued after 31 March)": dict(
        person=dict(dob="2010-02-14", ehc_plan=True, assessment_request="2026-01-05", plan_issued="2026-05-15",
                    decision_notice_sent="2026-05-15", record_started="2026-01-05"),
        expect="""
        assessment_decision_due       | 2026-02-16 | done      | E-2 reg 5(1)
        assessment_no_plan_notice_due | 2026-04-27 | past      | E-2 reg 10(1)
        draft_plan_latest             | 2026-05-10 | done      | E-2 reg 13(1)
        final_plan_due                | 2026-05-25 | done      | E-2 reg 13(2): a bank holiday, not moved
        appeal_deadline               | 2026-07-15 | past      | E-24
        csa_end                       | 2026-06-26 | past      | CAL-4
        annual_review_latest_meeting  | 2027-04-16 | soon      | E-3
        annual_review_due             | 2027-05-14 | soon      | E-3 (starts 15 May 2026)
        """,
        absent=("phase_transfer_deadline",)),
    "P8 Harry (one year below his age group)": dict(
        person=dict(dob="2010-10-20", year_group_offset=-1, ehc_plan=True, plan_issued="2020-01-20",
                    last_review="2026-06-23", review_decision_sent="2026-07-15", dla=True,
                    pip_letter_date="2026-11-02", non_advanced_course=True, record_started="2020-01-20"),
        expect="""
        year9                         | 2025-09-01..2026-08-31 | past | CAL-2 and E-19: his class's Year 9
        csa_end                       | 2027-06-25 | later     | CAL-4: by age, not moved
        pip_claim_deadline            | 2026-11-30 | now       | M-1: 2 Nov + 28, today
        annual_review_due             | 2027-06-22 | later     | E-3
        annual_review_latest_meeting  | 2027-05-25 | soon      | E-3 with Code 9.169
        phase_transfer_deadline       | 2028-03-31 | later     | E-5: moves after his class's Year 11
        phase_transfer_review_window  | 2027-09-01..2028-01-06 | later | E-5
        parent_child_element_ends     | 2030-08-31 | later     | M-7
        """),
    "P9 Isla (college to college in January)": dict(
        person=dict(dob="2008-03-07", ehc_plan=True, plan_issued="2015-01-01", last_review="2026-03-18",
                    review_decision_sent="2026-04-10", post16_move="2027-01-04", non_advanced_course=True,
                    record_started="2025-09-01"),
        expect="""
        post16_move_deadline          | 2026-08-04 | overdue   | E-18: 4 Jan 2027 - 5 months
        annual_review_latest_meeting  | 2027-02-17 | soon      | E-3
        annual_review_due             | 2027-03-17 | soon      | E-3
        parent_child_element_ends     | 2027-08-31 | later     | M-7
        phase_transfer_deadline       | 2024-03-31 | not recorded | E-5: before the record began
        """),
    "P10 Jade (in care from 15y10m: eligible)": dict(
        person=dict(dob="2010-02-10", looked_after=True, looked_after_since="2025-12-10", foster_placement=True,
                    ehc_plan=True, childrens_social_care=True, record_started="2025-12-10"),
        expect="""
        eligible_child_from           | 2026-03-11 | past      | S-7: 13 weeks since 14, after 16
        pathway_needs_assessment_due  | 2026-06-11 | overdue   | S-8 reg 42: 3 months after eligibility
        personal_adviser              | 2026-03-11..2031-02-09 | now | para 19C
        staying_put                   | 2028-02-10..2031-02-09 | later | S-12 to 21
        personal_adviser_on_request   | 2031-02-10..2035-02-09 | later | S-11 to 25
        """),
    "P11 Kai (eligible child)": dict(
        person=dict(dob="2010-06-05", looked_after=True, looked_after_since="2024-12-05", foster_placement=True,
                    ehc_plan=True, record_started="2024-12-05"),
        steps=[step("looked_after_to_leaving_care", "needs_assessment", "done", "2026-09-05")],
        expect="""
        eligible_child_from           | 2026-06-05 | past      | S-7: the 16th birthday
        pathway_needs_assessment_due  | 2026-09-05 | done      | S-8 reg 42 (met 20 Aug)
        staying_put                   | 2028-06-05..2031-06-04 | later | S-12
        personal_adviser_on_request   | 2031-06-05..2035-06-04 | later | S-11
        """),
    "P12 Leo (21, asks for a personal adviser)": dict(
        person=dict(dob="2005-11-22", care_leaver=True, looked_after_since="2020-05-01", left_care="2023-11-21",
                    foster_placement=True, pa_requested="2026-11-30", record_started="2024-06-01"),
        expect="""
        staying_put                   | 2023-11-22..2026-11-21 | past | S-12: ended 8 days ago
        personal_adviser_requested    | 2026-11-30 | now       | S-11 s.23CZB: due now
        personal_adviser_on_request   | 2026-11-30..2030-11-21 | now | S-11 to the day before 25
        pathway_needs_assessment_due  | 2022-02-22 | not recorded | S-8, before the record began
        """),
    "P13 Maya (young carer of an adult)": dict(
        person=dict(dob="2009-04-18", young_carer=True, cares_for_adult=True, ehc_plan=True, plan_issued="2019-01-01",
                    last_review="2026-06-10", review_decision_sent="2026-07-01", non_advanced_course=True,
                    record_started="2020-01-01"),
        expect="""
        csa_end                       | 2025-06-27 | past      | CAL-4
        young_carer_transition_assessment | 2026-10-18 | missed | S-17 s.63: a planner target, not a breach
        young_carer_assessment_at_18  | 2027-04-18 | soon      | S-17 s.64
        annual_review_latest_meeting  | 2027-05-12 | soon      | E-3
        annual_review_due             | 2027-06-09 | later     | E-3
        parent_child_element_ends     | 2028-08-31 | later     | M-7
        """),
    "P14 Noah (CAMHS and continuing care)": dict(
        person=dict(dob="2009-03-03", camhs=True, continuing_care=True, childrens_social_care=True, ehc_plan=True,
                    record_started="2020-01-01"),
        steps=[step("continuing_care_to_nhs_chc", "notify_icb", "done", "2023-06-03"),
               step("continuing_care_to_nhs_chc", "screening", "done", "2025-06-03")],
        expect="""
        chc_notify_icb                | 2023-03-03 | done      | HL-3 (recorded 20 Mar 2023)
        chc_screening                 | 2025-03-03 | done      | HL-3
        chc_decision_in_principle     | 2026-03-03 | missed    | HL-3: guidance, a window missed
        camhs_transition_plan         | 2026-09-03 | missed    | HL-4
        care_act_assessment_target    | 2026-09-03 | missed    | S-2
        chc_package_by_18             | 2027-03-03 | soon      | HL-3
        care_act_continuity_18        | 2027-03-03 | soon      | S-4
        """),
    "P15 Olivia (UC and a course)": dict(
        person=dict(dob="2007-10-10", non_advanced_course=True, record_started="2024-09-02"),
        expect="""
        parent_child_element_ends     | 2027-08-31 | later     | M-7
        child_benefit_latest          | 2027-10-09 | later     | M-7: a different date
        own_universal_credit_possible | 2027-09-01 | later     | M-9: no claim-by date
        """),
    "P16 Priya (assessment)": dict(
        person=dict(dob="2014-09-09", assessment_request="2026-09-07", advice_requested="2026-10-20",
                    paediatrics=True, record_started="2026-09-07"),
        expect="""
        assessment_decision_due       | 2026-10-19 | done      | E-2 reg 5(1) (sent 16 Oct)
        assessment_advice_due         | 2026-12-01 | soon      | E-20 reg 8: 20 Oct + 42
        assessment_no_plan_notice_due | 2026-12-28 | soon      | E-2 reg 10(1)
        draft_plan_latest             | 2027-01-10 | soon      | E-2 reg 13(1)
        final_plan_due                | 2027-01-25 | soon      | E-2 reg 13(2)
        careers_guidance              | 2026-09-01..2033-08-31 | now | E-11 from Year 7
        """),
    "P17 Rosa (re-assessment)": dict(
        person=dict(dob="2014-12-02", ehc_plan=True, plan_issued="2026-06-30", reassessment_request="2026-11-03",
                    reassessment_decision_sent="2026-11-16", record_started="2026-06-30"),
        expect="""
        reassessment_decision_due     | 2026-11-18 | done      | E-23 reg 25
        reassessment_final_due        | 2027-02-22 | soon      | E-23 reg 27(2): from the notice
        annual_review_latest_meeting  | 2027-06-01 | soon      | E-3
        annual_review_due             | 2027-06-29 | later     | E-3: not restarted by the re-assessment
        """),
}


def _rows(text: str) -> list[tuple[str, str, str, str]]:
    return [tuple(c.strip() for c in line.split("|")) for line in text.strip().splitlines()]


CASES = [(name, *row) for name, p in PERSONAS.items() for row in _rows(p["expect"])]


def _person(values: dict) -> Person:
    return Person(id="p", **{k: dt.date.fromisoformat(v) if (k in DATE_FIELDS or k == "dob") and isinstance(v, str)
                             else v for k, v in values.items()})


def _events(name: str):
    p = PERSONAS[name]
    tl = milestones.for_person(_person(p["person"]), p.get("conventions", sy.DEFAULT_CONVENTIONS), as_of=AS_OF)
    return tl, {e.key: e for e in journey.events(tl, AS_OF, p.get("steps", ()))}


def test_at_least_twelve_personas():
    assert len(PERSONAS) >= 12


@pytest.mark.parametrize("name,key,expected,status,rule", CASES, ids=[f"{c[0]}: {c[1]}" for c in CASES])
def test_persona_dates_and_statuses(name, key, expected, status, rule):
    tl, by_key = _events(name)
    m = tl.by_key(key)
    when = m.date.isoformat() if m.date else f"{m.start.isoformat()}..{m.end.isoformat()}"
    assert when == expected, rule
    assert by_key[key].status is STATUS[status], rule


@pytest.mark.parametrize("name", [n for n, p in PERSONAS.items() if p.get("absent")])
def test_persona_dates_the_law_does_not_give(name):
    tl, _ = _events(name)
    assert not set(PERSONAS[name]["absent"]) & tl.keys()


def test_noah_hears_the_gap_in_plain_words():
    """P14: CAMHS ends on the 18th birthday (3 Mar 2027); the adult mental health team is full,
    so the plan has it start on 4 Oct 2027: 215 days, 31 weeks rounded up. No law keeps CAMHS
    going (unlike children's social care, s.66)."""
    handover = {"id": "p/camhs_to_adult_mental_health", "from_service": "camhs", "to_service": "adult_mental_health",
                "due": "2027-03-03", "gap_weeks": 31}
    steps = [
        {"id": "p/camhs_to_adult_mental_health/adult_assessment", "handover_id": handover["id"], "kind": "assess",
         "title": "The adult service assesses and accepts the referral", "team_id": "adult_mental_health",
         "start": "2027-08-30", "end": "2027-09-26", "deadline": "2027-01-03", "status": "planned", "statutory": 0,
         "reason": "the team had no free place from 30 November 2026 to 29 August 2027"},
        {"id": "p/camhs_to_adult_mental_health/transfer", "handover_id": handover["id"], "kind": "transfer",
         "title": "Your care moves to the adult service", "team_id": "adult_mental_health", "start": "2027-09-27",
         "end": "2027-10-03", "deadline": "2027-03-03", "status": "planned", "statutory": 0, "reason": ""},
    ]
    (gap,) = journey.gaps([handover], steps, AS_OF, contact="Ann Patel (SEND team)",
                          team_names={"adult_mental_health": "adult mental health team"})
    assert gap.headline == ("Adult mental health team is planned to start by 3 October 2027. That is 31 weeks after "
                            "CAMHS (children's mental health) ends on 3 March 2027.")
    assert gap.why == "Why: there is no free place with the adult mental health team until 29 August 2027."
    assert "No law makes the NHS keep CAMHS (children's mental health) going" in gap.law
    assert gap.doing == ("What is being done: the next step, “The adult service assesses and accepts the referral”, "
                         "is planned for the week of 30 August 2027.")
    assert gap.contact == "Who to ask: Ann Patel (SEND team)."
    tl = milestones.for_person(_person(PERSONAS["P14 Noah (CAMHS and continuing care)"]["person"]), as_of=AS_OF)
    lines = journey.at_18(tl, [gap])
    assert gap.text in lines and not any("Adult support should be ready" in line for line in lines)
