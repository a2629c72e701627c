"""Spec tests: options, routes and dated handover windows for the four people of issue 3,
checked against rules.md (E-5, HL-3, HL-4, S-1/S-2/S-4, S-7, EM-1, M-3). As of 23 Nov 2026."""

from __future__ import annotations

import datetime as dt

from planner import pathways as pw
from planner.models import Need, Person, StepStatus
from planner.options import options_for, routes_for, successors_for

d = dt.date.fromisoformat
AS_OF = d("2026-11-23")


def steps(h):
    return {s.key: s for s in h.steps}


def test_year11_pupil_with_ehc_plan_and_autism_open_to_camhs(graph, plan):
    """Born 15 Oct 2010: Year 11 in 2026/27; CSA ends 25 Jun 2027 (CAL-4); 18 on 15 Oct 2028."""
    p = Person(id="amir", dob=d("2010-10-15"), ehc_plan=True, camhs=True, primary_need=Need.ASD)
    tl, current, hs = plan(graph, p)
    assert {"secondary_school", "camhs", "ehc_plan"} <= set(current)

    # E-5: phase transfer. Plan amended by 31 March 2027; Year 11 review in the autumn term.
    h = hs["school_to_post16"]
    assert (h.edge, h.children_end) == (1, d("2027-06-25"))
    s = steps(h)
    # "Before 31 March" (reg 18(1)(a)): the last compliant day is 30 March; the latest review
    # meeting leaves 4 weeks for the decision and 8 to finalise (Devon): 30 Mar - 84 days.
    assert s["plan_amended"].deadline == d("2027-03-30") and s["plan_amended"].statutory
    assert s["year11_review"].window_start == d("2026-09-01")
    assert s["year11_review"].deadline == d("2027-01-05")
    assert s["year11_review"].mergeable_meeting
    assert s["la_decision"].duration_weeks == 4  # E-14: decision within 4 weeks of the review
    assert s["plan_amended"].predecessors == [f"{h.id}/la_decision", f"{h.id}/consult_settings"]

    # HL-4: CAMHS ends at 18; plan agreed >= 6 months before; meet the adult practitioner first.
    c = hs["camhs_to_adult_mental_health"]
    assert c.children_end == d("2028-10-15") and c.to_service == "adult_mental_health"
    assert set(c.alternatives) == {"primary_care_mh", "voluntary_sector_mh"}
    cs = steps(c)
    assert cs["transition_plan"].deadline == d("2028-04-15")
    assert cs["meet_adult_practitioner"].deadline < c.children_end
    assert cs["transfer"].deadline == c.children_end and c.transfer_step_id.endswith("/transfer")
    assert cs["follow_up"].window_end == d("2029-04-15")  # HL-2: support 6 months after
    assert cs["adult_assessment"].team == "adult_mental_health"
    assert c.dependency_weight == 2

    # E-1: decisions pass to the young person at the end of compulsory school age.
    assert hs["decisions_to_young_person"].children_end == d("2027-06-25")

    options = {o.service_id: o for o in options_for(p, current, graph, tl)}
    for post16 in ("school_sixth_form", "fe_college", "specialist_post16", "supported_internship",
                   "study_programme", "apprenticeship"):
        assert options[post16].open, post16
    assert options["fe_college"].available_from == d("2027-09-01")
    assert "employer" in " ".join(options["apprenticeship"].first)
    assert options["tenancy"].available_from == d("2028-10-15")  # H-1: 18 to hold a tenancy
    routes = routes_for(p, current, graph, tl)
    assert all(routes[o] for o in pw.OUTCOMES)
    assert any(r.target == "adult_mental_health" for r in routes["good_health"])


def test_looked_after_16_year_old(graph, plan):
    """Born 20 Sep 2010, looked after since 2022: needs assessment by 20 Dec 2026 (S-7)."""
    p = Person(id="bea", dob=d("2010-09-20"), looked_after=True, looked_after_since=d("2022-01-10"))
    tl, current, hs = plan(graph, p)
    h = hs["looked_after_to_leaving_care"]
    assert (h.edge, h.to_service, h.children_end, h.dependency_weight) == (8, "leaving_care", d("2028-09-20"), 3)
    s = steps(h)
    assert s["needs_assessment"].deadline == d("2026-12-20") and s["needs_assessment"].statutory
    assert s["needs_assessment"].earliest_start == AS_OF  # clamped to today
    assert s["needs_assessment"].overdue  # 4 weeks from today ends after 20 Dec
    assert s["review_after_18"].deadline == d("2029-03-20")  # S-7: reviewed within 6 months
    options = {o.service_id: o for o in options_for(p, current, graph, tl)}
    assert options["care_leaver_accommodation"].open
    assert not options["supported_internship"].open  # EM-1 needs an EHC plan
    assert "family_home" not in current
    routes = routes_for(p, current, graph, tl)
    assert any(r.target == "care_leaver_accommodation" for r in routes["independent_living"])


def test_17_year_old_in_childrens_continuing_care(graph, plan):
    """Born 1 Jun 2009: 17 on 1 Jun 2026; package by 1 Jun 2027 (HL-3)."""
    p = Person(id="cal", dob=d("2009-06-01"), continuing_care=True, ehc_plan=True)
    tl, current, hs = plan(graph, p)
    h = hs["continuing_care_to_nhs_chc"]
    assert (h.edge, h.children_end, h.dependency_weight) == (5, d("2027-06-01"), 3)
    # Notify at 14, screen at 16 and the full assessment were due before the record began (no
    # record_started: the as-of date): not recorded, never assumed done, and not planned.
    assert h.not_recorded == ["notify_icb", "screening", "assessment"]
    s = steps(h)
    assert {s[k].status for k in h.not_recorded} == {StepStatus.NOT_RECORDED}
    assert s["decision_in_principle"].rule_earliest == d("2026-06-01")
    assert s["decision_in_principle"].predecessors == []
    # The CHC framework's "should": recommended dates, never statutory breaches (issue 11 item 8).
    assert s["package_starts"].deadline == d("2027-06-01") and not s["package_starts"].statutory
    assert h.statutory_deadlines == []
    assert s["notify_icb"].deadline == d("2023-09-01")
    assert s["screening"].window_start == d("2025-06-01")
    # Had the record begun in 2025, the screening (due 1 Sep 2025) would be overdue, not unknown.
    from planner import handovers, milestones
    known = p.model_copy(update={"record_started": d("2025-01-01")})
    tl2 = milestones.for_person(known, as_of=AS_OF)
    full = handovers.for_person(known, handovers.implied_episodes(known, graph, AS_OF), graph, tl2, d("2028-01-01"))
    chc = next(x for x in full if x.handover_type == "continuing_care_to_nhs_chc")
    assert chc.not_recorded == ["notify_icb"] and chc.overdue_steps == ["screening", "assessment"]
    assert steps(chc)["screening"].earliest_start == AS_OF
    successors = successors_for(p, handovers.implied_episodes(p, graph, AS_OF), graph, tl2)
    assert any(x["to_service"] == "nhs_chc" for x in successors)


def test_19_year_old_at_college(graph, plan):
    """Born 1 May 2007, at college with an EHC plan: no children's handovers left but the end
    of the plan (31 Jul 2032, CAL-5); options towards work (EM-1 supported internship to 25)."""
    p = Person(id="dee", dob=d("2007-05-01"), ehc_plan=True)
    tl, current, hs = plan(graph, p, extra=("fe_college",))
    assert set(hs) == {"ehc_plan_ends"}
    assert hs["ehc_plan_ends"].children_end == d("2032-07-31")
    options = {o.service_id: o for o in options_for(p, current, graph, tl)}
    assert options["supported_internship"].open
    assert options["higher_education"].open
    assert "school_sixth_form" not in options or not options["school_sixth_form"].open
    _, _, within = plan(graph, p, extra=("fe_college",), horizon=d("2029-12-31"))
    assert within == {}


def test_care_act_handover_for_social_care(graph, plan):
    """S-1/S-2/S-4: identify at Year 9, assess 16 to 17.5, adult plan live by 18."""
    p = Person(id="eli", dob=d("2012-10-10"), childrens_social_care=True)
    _, _, hs = plan(graph, p)
    h = hs["social_care_to_adult_social_care"]
    s = steps(h)
    assert (s["identify"].window_start, s["identify"].window_end) == (d("2026-09-01"), d("2027-08-31"))
    assert s["identify"].mergeable_meeting
    assert s["assess"].team == "asc_transitions" and s["assess"].uses_capacity
    assert (s["assess"].window_start, s["assess"].window_end) == (d("2028-10-10"), d("2030-04-10"))
    assert s["adult_care_starts"].deadline == h.children_end == d("2030-10-10")
    # s.66 keeps children's social care going until the adult decision: no statutory date here.
    assert h.dependency_weight == 3 and not s["adult_care_starts"].statutory
