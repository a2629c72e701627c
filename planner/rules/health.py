"""Health (rules.md section 4): NICE NG43, continuing care to NHS Continuing Healthcare,
CAMHS to adult mental health, the learning disability annual health check.
"""

from __future__ import annotations

from planner import schoolyear as sy
from planner.models import Basis, Domain, Flag, Milestone
from planner.rules.base import Context, Rule, day_text


def _hl2(ctx: Context, r: Rule) -> list[Milestone]:
    p = ctx.person
    plan_by = ctx.year9.end
    note = "Start by the end of Year 9."
    if p.entered_services and p.entered_services > ctx.year9.end:
        plan_by = p.entered_services
        note = "Entered children's services after Year 9: start planning straight away."
    transfer = ctx.birthday(18)
    nw_start, nw_end = sy.add_months(transfer, -6), sy.add_months(transfer, 6)
    return [
        r.milestone(
            "health_transition_planning_start",
            "Health and care start planning your move to adult services",
            f"By {day_text(plan_by)} your health and care workers should start planning with you for "
            "adult services, and check the plan every year.",
            date=plan_by,
            note=note,
            duty=True,
        ),
        r.milestone(
            "named_worker_support",
            "Named worker supports you 6 months before and after the move",
            f"A named worker helps you from {day_text(nw_start)} to {day_text(nw_end)}, and you meet "
            "someone from each adult service before you move.",
            start=nw_start,
            end=nw_end,
            flags=[Flag.ESTIMATED],
            note="Centred on the 18th birthday as the usual transfer; NICE NG43 says transfer "
            "should not follow a rigid age, so the real date is set by the handover.",
        ),
    ]


HL_2 = Rule(
    id="HL-2",
    title="NICE NG43: plan from Year 9, named worker, meet adult services before transfer",
    easy_read="Health and care plan your move to adult services.",
    domain=Domain.HEALTH,
    source="NICE NG43; QS140 statements 1, 3, 4, 5 [V]",
    basis=Basis.RECOMMENDED,
    applies_when="open to children's health or social care",
    applies=lambda p: p.camhs or p.paediatrics or p.continuing_care or p.childrens_social_care or p.ld_register,
    compute=_hl2,
)


def _hl3(ctx: Context, r: Rule) -> list[Milestone]:
    b14, b16, b17, b18 = (ctx.birthday(a) for a in (14, 16, 17, 18))
    return [
        r.milestone(
            "chc_notify_icb",
            "Continuing care: tell the adult NHS team (age 14)",
            f"Around {day_text(b14)} the children's nurses tell the adult NHS team you may need "
            "NHS Continuing Healthcare.",
            date=b14,
            duty=True,
        ),
        r.milestone(
            "chc_screening",
            "NHS Continuing Healthcare screening (age 16)",
            f"Around {day_text(b16)} you are referred for the adult Continuing Healthcare checklist.",
            date=b16,
            duty=True,
        ),
        r.milestone(
            "chc_decision_in_principle",
            "Decision in principle on adult Continuing Healthcare (after 17)",
            f"As soon as possible after {day_text(b17)} the NHS decides if you are likely to get "
            "adult Continuing Healthcare.",
            date=b17,
            duty=True,
            note="'As soon as practicable after the 17th birthday', not at 17 and a half or at 18.",
        ),
        r.milestone(
            "chc_package_by_18",
            "Adult care package ready by 18",
            f"Your adult care package should be ready by {day_text(b18)}.",
            date=b18,
            duty=True,
            note="The framework says 'should'. No law found makes the NHS carry children's continuing care on "
            "past 18 (unlike council social care, Care Act s.66), so a gap here is real.",
        ),
    ]


HL_3 = Rule(
    id="HL-3",
    title="Children's continuing care to NHS Continuing Healthcare: 14, 16, 17, 18",
    easy_read="Moving from children's continuing care to adult NHS care.",
    domain=Domain.HEALTH,
    source="National Framework for NHS Continuing Healthcare and NHS-funded Nursing Care, July 2022 (in force "
    "1 July 2022), transition section; CYP Continuing Care Framework 2016 [V2]",
    basis=Basis.RECOMMENDED,
    applies_when="has children's continuing care",
    applies=lambda p: p.continuing_care,
    compute=_hl3,
)


def _hl4(ctx: Context, r: Rule) -> list[Milestone]:
    b18 = ctx.birthday(18)
    plan_by = sy.add_months(b18, -6)
    return [
        r.milestone(
            "camhs_transition_plan",
            "CAMHS: plan for adult mental health agreed",
            f"By {day_text(plan_by)} you and CAMHS agree a plan for your mental health support after 18.",
            date=plan_by,
            duty=True,
        ),
        r.milestone(
            "camhs_ends",
            "CAMHS usually ends (18th birthday)",
            f"CAMHS usually stops on {day_text(b18)}. Adult support should be ready before then.",
            date=b18,
            flags=[Flag.ESTIMATED],
            note="Local practice, not law: some areas allow flexibility or 0-25 services. If the plan has the "
            "adult service starting later, the family's pages say so.",
        ),
    ]


HL_4 = Rule(
    id="HL-4",
    title="CAMHS to adult mental health: plan agreed 6 months before 18",
    easy_read="Moving from CAMHS to adult mental health support.",
    domain=Domain.HEALTH,
    source="SCIE guide 44; NICE NG43 (support 6 months before and after transfer); TRACK study [V2]",
    basis=Basis.RECOMMENDED,
    applies_when="open to CAMHS",
    applies=lambda p: p.camhs,
    compute=_hl4,
)


def _hl5(ctx: Context, r: Rule) -> list[Milestone]:
    b14 = ctx.birthday(14)
    out = []
    for n, years in enumerate(range(14, 26)):
        day = sy.add_months(b14, 12 * n)
        out.append(
            r.milestone(
                f"ld_health_check_{years}",
                "Learning disability annual health check",
                f"From {day_text(day)} you can have your yearly health check with your GP.",
                date=day,
                flags=[] if n == 0 else [Flag.PROJECTED],
                note="Produces a health action plan; for young people it covers the move to "
                "adult health services.",
            )
        )
    return out


HL_5 = Rule(
    id="HL-5",
    title="Learning disability annual health check from 14",
    easy_read="A yearly health check with your GP.",
    domain=Domain.HEALTH,
    source="NHS England annual health checks [V]",
    basis=Basis.RECOMMENDED,
    applies_when="on the GP learning disability register",
    applies=lambda p: p.ld_register,
    compute=_hl5,
)


RULES: tuple[Rule, ...] = (HL_2, HL_3, HL_4, HL_5,)
