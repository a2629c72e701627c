"""rules.md section 7 (handover edges, pathways/*.yaml): which step deadlines are statutory
(missing them is a breach the scheduler counts) and which are recommended (a window), and what
happens to steps whose deadline has passed (law-issue11.md sections 2 and 8).

A `breach:` is kept only where an Act or a regulation sets the date:
- E-14 the council's decision after the Year 11 review, SEN&D Regs 2014 reg 20(10), 22(2);
- E-5  the amended plan before 31 March, reg 18(1)(a) (30 March on the strict reading);
- E-18 a move between post-16 institutions, reg 18(2);
- S-7  the leaving-care needs assessment, CPPCR 2010 reg 42; pathway plan reviews ([U] England);
- M-1  the PIP claim within 28 days of the DWP letter, SI 2013/387.
Guidance (NICE NG43, SCIE guide 44, the NHS CHC framework 2022's "should", the planner's own
targets) and Care Act s.66 (children's social care simply carries on) set no breach.
"""

from __future__ import annotations

import datetime as dt

import pytest

from planner import handovers, milestones
from planner import pathways as pw
from planner.models import Person, StepStatus

from ._table import rows_of

# handover / step | statutory
STATUTORY = """
school_to_post16/la_decision                 | yes
school_to_post16/plan_amended                | yes
post16_move/plan_amended                     | yes
looked_after_to_leaving_care/needs_assessment | yes
looked_after_to_leaving_care/review_after_18 | yes
dla_to_pip/claim_pip                         | yes
continuing_care_to_nhs_chc/notify_icb        | no
continuing_care_to_nhs_chc/screening         | no
continuing_care_to_nhs_chc/decision_in_principle | no
continuing_care_to_nhs_chc/package_starts    | no
camhs_to_adult_mental_health/transition_plan | no
camhs_to_adult_mental_health/transfer        | no
paediatrics_to_adult_health/start_planning   | no
social_care_to_adult_social_care/adult_care_starts | no
ehc_plan_ends/plan_ends                      | no
"""


@pytest.mark.parametrize("name,statutory", rows_of(STATUTORY))
def test_breach_only_where_the_law_sets_the_date(name, statutory):
    handover, key = name.split("/")
    edge = pw.default_graph().graph["handovers"][handover]
    step = next(s for s in edge.steps if s.id == key)
    assert (step.breach is not None) is (statutory == "yes")


def test_every_breach_names_its_rule_and_its_regulation():
    for edge in pw.default_graph().graph["handovers"].values():
        for step in edge.steps:
            if step.breach:
                assert step.breach.split(":")[0] in {"E-14", "E-5", "E-18", "S-7", "M-1"}, step.breach
                assert "(" in step.breach, step.breach  # the regulation, in brackets


def _handovers(person: Person, as_of: dt.date) -> dict:
    graph = pw.default_graph()
    tl = milestones.for_person(person, as_of=as_of)
    eps = handovers.implied_episodes(person, graph, as_of)
    return {h.handover_type: h for h in handovers.for_person(person, eps, graph, tl, tl.core["day_before_26th_birthday"])}


def test_the_31_march_amendment_is_statutory_except_for_a_school_sixth_form():
    """E-5: reg 18(1)(a) applies to a move to a post-16 institution, not to a school sixth form
    (reg 2(1)(f); CFA s.83(2)): then 31 March is only practice, a window."""
    as_of = dt.date(2025, 10, 1)
    college = _handovers(Person(id="a", dob=dt.date(2010, 8, 31), ehc_plan=True), as_of)["school_to_post16"]
    sixth = _handovers(Person(id="b", dob=dt.date(2010, 8, 31), ehc_plan=True, sixth_form_at_school=True),
                       as_of)["school_to_post16"]
    amended = {h.person_id: next(s for s in h.steps if s.key == "plan_amended") for h in (college, sixth)}
    assert amended["a"].deadline == dt.date(2026, 3, 30) and amended["a"].statutory
    assert amended["b"].deadline == dt.date(2026, 3, 30) and not amended["b"].statutory


def test_noahs_steps_overdue_or_not_recorded_never_assumed_done():
    """Noah (P14), as of 30 Nov 2026 with his record begun 1 Jan 2025: the CHC notification at 14
    was due before the record began (not recorded); screening, decision and the CAMHS plan were due
    since and nothing is recorded (overdue, planned from 30 Nov 2026)."""
    noah = Person(id="noah", dob=dt.date(2009, 3, 3), camhs=True, continuing_care=True, childrens_social_care=True,
                  record_started=dt.date(2025, 1, 1))
    hs = _handovers(noah, dt.date(2026, 11, 30))
    chc = {s.key: s for s in hs["continuing_care_to_nhs_chc"].steps}
    camhs = {s.key: s for s in hs["camhs_to_adult_mental_health"].steps}
    assert chc["notify_icb"].status is StepStatus.NOT_RECORDED
    assert [chc[k].status for k in ("screening", "assessment", "decision_in_principle")] == [StepStatus.OVERDUE] * 3
    assert camhs["transition_plan"].status is StepStatus.OVERDUE
    assert camhs["transition_plan"].earliest_start == dt.date(2026, 11, 30)
    assert camhs["transfer"].status is StepStatus.PLANNED and camhs["transfer"].deadline == dt.date(2027, 3, 3)


def test_every_duty_carried_by_a_step_names_a_real_step_and_milestone():
    """planner.views.journey.DUTY_STEPS: recording the step done makes the duty done on the
    family's pages, so both ends must exist."""
    from planner.rules import CATALOGUE, Context
    from planner.views.journey import DUTY_STEPS

    edges = pw.default_graph().graph["handovers"]
    everyone = Person(dob=dt.date(2010, 8, 31), ehc_plan=True, looked_after=True, continuing_care=True, camhs=True,
                      paediatrics=True, childrens_social_care=True, dla=True, post16_move=dt.date(2028, 1, 1))
    keys = {m.key for r in CATALOGUE for m in r.milestones(Context(everyone))}
    for milestone, steps in DUTY_STEPS.items():
        assert milestone in keys, milestone
        for name in steps:
            handover, step = name.split("/")
            assert step in {s.id for s in edges[handover].steps}, name
