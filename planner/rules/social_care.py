"""Social care (rules.md section 5): Care Act transition assessments, continuity past 18,
leaving care.
"""

from __future__ import annotations

from planner import schoolyear as sy
from planner.models import Domain, Milestone
from planner.rules.base import Context, D, Rule, day_text, looked_after_or_care_leaver


def _s1(ctx: Context, r: Rule) -> list[Milestone]:
    return [
        r.milestone(
            "care_act_assessment_considered",
            "Care Act transition assessment considered at the Year 9 review",
            "At your Year 9 review, people check if you may need adult social care after 18. "
            "If so, the council must assess you when it helps you most.",
            start=ctx.year9.start,
            end=ctx.year9.end,
            note="s.58 has no minimum age; the assessment happens when it is of significant benefit.",
        )
    ]


S_1 = Rule(
    id="S-1",
    title="Care Act s.58 transition assessment when of significant benefit",
    easy_read="Checking if you need adult social care.",
    domain=Domain.SOCIAL_CARE,
    source="Care Act 2014 s.58; Explanatory Notes para 360 [V]",
    applies_when="open to children's social care",
    applies=lambda p: p.childrens_social_care or p.looked_after,
    compute=_s1,
)


def _s2(ctx: Context, r: Rule) -> list[Milestone]:
    target = sy.add_months(ctx.birthday(17), 6)
    return [
        r.milestone(
            "care_act_assessment_target",
            "Care Act transition assessment done (target 17 and a half)",
            f"Your adult social care assessment should be done by {day_text(target)}, so help is "
            "ready when you turn 18.",
            date=target,
            note="Planner default, not statutory: practice examples assess at about 17.5.",
        )
    ]


S_2 = Rule(
    id="S-2",
    title="Significant benefit: assessment done by about 17 and a half",
    easy_read="Your adult social care assessment is done in time for 18.",
    domain=Domain.SOCIAL_CARE,
    source="Care and Support Statutory Guidance ch. 16 [V2]",
    applies_when="open to children's social care",
    applies=lambda p: p.childrens_social_care or p.looked_after,
    compute=_s2,
)


def _s4(ctx: Context, r: Rule) -> list[Milestone]:
    b18 = ctx.birthday(18)
    return [
        r.milestone(
            "care_act_continuity_18",
            "Children's social care carries on after 18 until adult care starts",
            f"If adult care is not ready on {day_text(b18)}, your children's services must carry on "
            "until it is.",
            date=b18,
        )
    ]


S_4 = Rule(
    id="S-4",
    title="Care Act s.66: children's services continue past 18 until adult care is in place",
    easy_read="No gap in your care at 18.",
    domain=Domain.SOCIAL_CARE,
    source="Care Act 2014 s.66; Explanatory Notes paras 400-401 [V]",
    applies_when="open to children's social care",
    applies=lambda p: p.childrens_social_care or p.looked_after,
    compute=_s4,
)


def _s7(ctx: Context, r: Rule) -> list[Milestone]:
    p = ctx.person
    b16, b25 = ctx.birthday(16), ctx.birthday(25)
    out = []
    if p.looked_after:
        eligible = b16
        # Eligible child: looked after for 13 weeks since 14 (reg 40). When care began after
        # 14 and less than 13 weeks before the 16th birthday, eligibility comes later.
        if p.looked_after_since:
            since = max(p.looked_after_since, ctx.birthday(14))
            eligible = max(b16, since + D(weeks=13))
        due = sy.add_months(eligible, 3)
        out.append(
            r.milestone(
                "pathway_needs_assessment_due",
                "Leaving care needs assessment and pathway plan",
                f"By {day_text(due)} your social worker must assess what you need to leave care and "
                "write your pathway plan with you.",
                date=due,
                note="Within 3 months of the 16th birthday or of becoming an eligible child (reg 42).",
            )
        )
        start = due
    else:
        start = max(ctx.birthday(18), ctx.as_of or ctx.birthday(18))
    out.append(
        r.milestone(
            "personal_adviser_to_25",
            "Personal adviser until 25",
            f"You can have a personal adviser until {day_text(b25 - D(days=1))}. Your pathway plan is "
            "checked at least every 6 months.",
            start=min(start, b25 - D(days=1)),
            end=b25 - D(days=1),
        )
    )
    return out


S_7 = Rule(
    id="S-7",
    title="Leaving care: needs assessment 3 months after 16, pathway plan, personal adviser to 25",
    easy_read="Help when you leave care.",
    domain=Domain.SOCIAL_CARE,
    source="CPPCR (England) Regs 2010 regs 40-43 [V]; CSWA 2017 s.3 [V]",
    applies_when="looked after or a care leaver",
    applies=looked_after_or_care_leaver,
    compute=_s7,
)


RULES: tuple[Rule, ...] = (S_1, S_2, S_4, S_7,)
