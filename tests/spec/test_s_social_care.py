"""rules.md section 5 (Social care), with law-issue11.md sections 4 and 5.

- S-1  Care Act 2014 s.58(1); Explanatory Notes para 360: any child likely to need care and
       support after 18, not only one open to children's social care. A duty with no date.
- S-2  Care and Support Statutory Guidance ch. 16 and the planner's default: about 17 and a half
       (RECOMMENDED: a missed target is a window missed, not a breach).
- S-4  Care Act 2014 s.66; CSDPA 1970 s.2A(4): children's social care carries on past 18 until
       the adult decision (not NHS services).
- S-16 Care Act 2014 s.60; Explanatory Notes paras 369-372: the parent carer's assessment.
- S-17 Care Act 2014 ss.63-64 (young carers of adults), Explanatory Notes para 394; Children
       Act 1989 s.17ZA for a young carer of a child.
- S-7  Children Act 1989 Sch 2 para 19B ("eligible child"), para 19C, ss.23A, 23C, 23CZA,
       23CZB, 24; CPPCR (England) Regs 2010 reg 40 (13 weeks since 14, ending after 16), reg 40(2)
       and reg 48 (short breaks), reg 42 (needs assessment within 3 months).
"""

import datetime as dt

import pytest

from planner.models import Basis, Need

from ._table import d, rows_of, timeline, when

A = "2010-08-31"
AS_OF = d("2026-11-30")


@pytest.mark.parametrize("circumstances", [
    {"childrens_social_care": True}, {"ld_register": True}, {"continuing_care": True},
    {"primary_need": Need.PMLD}, {"looked_after": True},
])
def test_s1_s2_apply_to_any_child_likely_to_need_adult_care(circumstances):
    tl = timeline(A, **circumstances)
    assert when(tl, "care_act_assessment_considered") == "2023-09-01..2024-08-31"
    m = tl.by_key("care_act_assessment_target")
    assert m.date == d("2028-02-29") and m.basis is Basis.RECOMMENDED  # 31 Aug 2027 + 6 months


def test_s1_not_for_a_child_with_no_sign_of_adult_care_needs():
    assert "care_act_assessment_target" not in timeline(A, camhs=True).keys()


def test_s4_childrens_social_care_continues_until_the_adult_decision():
    m = timeline(A, childrens_social_care=True).by_key("care_act_continuity_18")
    assert m.date == d("2028-08-31") and "s.2A" in m.note and "NHS" in m.note


def test_s16_parent_carer_assessment_for_a_child_at_home():
    tl = timeline(A, childrens_social_care=True)
    assert when(tl, "carer_transition_assessment") == "2023-09-01..2028-02-29"
    assert "carer_transition_assessment" not in timeline(A, looked_after=True).keys()


def test_s17_young_carer_of_an_adult_and_of_a_sibling():
    """Maya (P13): target 17 and a half (recommended), and the decision at 18 (s.64, EN 394)."""
    tl = timeline("2009-04-18", young_carer=True, cares_for_adult=True)
    m = tl.by_key("young_carer_transition_assessment")
    assert m.date == d("2026-10-18") and m.basis is Basis.RECOMMENDED
    assert when(tl, "young_carer_assessment_at_18") == "2027-04-18"
    sibling = timeline("2009-04-18", young_carer=True)
    assert "young_carer_transition_assessment" not in sibling.keys()
    assert "s.17ZA" in sibling.by_key("young_carer_needs_assessment").note


# person | dob | circumstances | status on 30 Nov 2026 | eligible from | needs assessment by (reg 42)
S7 = """
Jade (P10)     | 2010-02-10 | looked_after since 2025-12-10 foster          | eligible child            | 2026-03-11 | 2026-06-11
Kai (P11)      | 2010-06-05 | looked_after since 2024-12-05 foster          | eligible child            | 2026-06-05 | 2026-09-05
Kai, breaks    | 2010-06-05 | looked_after since 2024-12-05 short_breaks    | looked after, not yet an eligible child |            |
Jade-b (P10)   | 2010-02-10 | care_leaver since 2025-12-10 left 2026-03-01  | qualifying care leaver    |            |
Jade-c (P10)   | 2009-01-20 | looked_after since 2026-11-20                 | looked after, not yet an eligible child |            |
Leo (P12)      | 2005-11-22 | care_leaver since 2020-05-01 left 2023-11-21 foster | former relevant child | 2021-11-22 | 2022-02-22
Case A         | 2010-08-31 | looked_after                                  | eligible child            | 2026-08-31 | 2026-11-30
"""


def _person(words: str) -> dict:
    parts = words.split()
    out: dict = {parts[0]: True}
    if "since" in parts:
        out["looked_after_since"] = parts[parts.index("since") + 1]
    if "left" in parts:
        out["left_care"] = parts[parts.index("left") + 1]
    if "foster" in parts:
        out["foster_placement"] = True
    if "short_breaks" in parts:
        out["short_breaks_only"] = True
    return out


@pytest.mark.parametrize("who,dob,circumstances,status,eligible,assessment", rows_of(S7))
def test_s7_leaving_care_status_and_needs_assessment(who, dob, circumstances, status, eligible, assessment):
    tl = timeline(dob, as_of=AS_OF, **_person(circumstances))
    assert tl.by_key("care_status").title == f"Leaving care: {status}", who
    if eligible:
        assert when(tl, "eligible_child_from") == eligible
        m = tl.by_key("pathway_needs_assessment_due")
        assert m.date == d(assessment) and m.duty and m.basis is Basis.STATUTORY
    else:
        assert not {"eligible_child_from", "pathway_needs_assessment_due"} & tl.keys(), who


def test_s7_care_from_15y10m_is_not_too_late():
    """Jade (P10): in care from 15 years 10 months, still looked after 13 weeks later: eligible
    (the brief's premise that she is 'qualifying only' is wrong in law). The 91st day is 10 Mar
    2026; the other reading (complete at the end of that day) is flagged."""
    m = timeline("2010-02-10", as_of=AS_OF, looked_after=True, looked_after_since="2025-12-10").by_key("eligible_child_from")
    assert "ambiguous" in m.flags and "10 March 2026" in m.note


def test_s13_too_late_to_be_eligible_gets_advice_to_21_and_no_personal_adviser_to_25():
    """Jade-c (P10): care from 17 years 10 months: 61 days at 18, never eligible."""
    tl = timeline("2009-01-20", as_of=AS_OF, looked_after=True, looked_after_since="2026-11-20")
    assert when(tl, "qualifying_care_leaver") == "2027-01-20..2030-01-19"
    assert not {"personal_adviser", "personal_adviser_on_request", "staying_put"} & tl.keys()
    b = timeline("2010-02-10", as_of=AS_OF, care_leaver=True, looked_after_since="2025-12-10", left_care="2026-03-01")
    assert when(b, "qualifying_care_leaver") == "2026-03-02..2031-02-09"


# person | dob | circumstances | staying put to (21st birthday - 1) | personal adviser on request
S10 = """
Jade (P10) | 2010-02-10 | looked_after since 2025-12-10 foster                             | 2028-02-10..2031-02-09 | 2031-02-10..2035-02-09
Kai (P11)  | 2010-06-05 | looked_after since 2024-12-05 foster                             | 2028-06-05..2031-06-04 | 2031-06-05..2035-06-04
Leo (P12)  | 2005-11-22 | care_leaver since 2020-05-01 left 2023-11-21 foster pa 2026-11-30 | 2023-11-22..2026-11-21 | 2026-11-30..2030-11-21
Dev (P4)   | 2001-07-31 | care_leaver since 2015-03-02 left 2019-07-30 foster pa 2022-08-15 | 2019-07-31..2022-07-30 | 2022-08-15..2026-07-30
"""


@pytest.mark.parametrize("who,dob,circumstances,staying_put,adviser", rows_of(S10))
def test_s10_to_s12_former_relevant_children(who, dob, circumstances, staying_put, adviser):
    values = _person(circumstances)
    parts = circumstances.split()
    if "pa" in parts:
        values["pa_requested"] = parts[parts.index("pa") + 1]
    tl = timeline(dob, as_of=AS_OF, **values)
    assert when(tl, "staying_put") == staying_put, who
    assert when(tl, "personal_adviser_on_request") == adviser, who
    assert ("personal_adviser_requested" in tl.keys()) is ("pa_requested" in values)


def test_s7_no_dates_recorded_assumes_the_usual_case_and_says_so():
    tl = timeline(A, looked_after=True)
    assert "estimated" in tl.by_key("pathway_needs_assessment_due").flags
    assert when(tl, "personal_adviser") == "2026-08-31..2031-08-30"
    assert when(timeline(A, care_leaver=True), "personal_adviser_on_request") == "2031-08-31..2035-08-30"


def test_s7_staying_put_needs_foster_care_at_18():
    tl = timeline("2010-06-05", as_of=AS_OF, looked_after=True, looked_after_since="2024-12-05")
    assert "staying_put" not in tl.keys() and "former_relevant_duties" in tl.keys()
    assert (d("2031-06-05") - dt.timedelta(days=1)).isoformat() == tl.by_key("former_relevant_duties").end.isoformat()
