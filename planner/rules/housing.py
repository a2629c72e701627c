"""Housing (rules.md section 3): homelessness priority need and care leavers.
"""

from __future__ import annotations

from planner.models import Domain, Milestone
from planner.rules.base import Context, D, Rule, day_text, everyone, looked_after_or_care_leaver


def _h2(ctx: Context, r: Rule) -> list[Milestone]:
    b16, b18, b21 = ctx.birthday(16), ctx.birthday(18), ctx.birthday(21)
    out = [
        r.milestone(
            "homeless_priority_16_17",
            "Priority for housing help if homeless (16 and 17)",
            f"If you become homeless between {day_text(b16)} and {day_text(b18 - D(days=1))}, the council must "
            "give you priority.",
            start=b16,
            end=b18 - D(days=1),
            note="The Children Act s.20 duty comes first for 16-17-year-olds.",
        )
    ]
    if looked_after_or_care_leaver(ctx.person):
        out.append(
            r.milestone(
                "care_leaver_priority_need",
                "Care leaver priority for housing (18 to 20)",
                f"As a care leaver, from {day_text(b18)} to {day_text(b21 - D(days=1))} you get priority "
                "for housing help if you are homeless.",
                start=b18,
                end=b21 - D(days=1),
                note="Applies if looked after at 16 or 17; not to 'relevant students'.",
            )
        )
    return out


H_2 = Rule(
    id="H-2",
    title="Homelessness priority need at 16-17 and for care leavers 18-20",
    easy_read="Priority for housing help if you are homeless.",
    domain=Domain.HOUSING,
    source="Homelessness (Priority Need) (England) Order 2002 [V]",
    applies_when="everyone",
    applies=everyone,
    compute=_h2,
)


def _h5(ctx: Context, r: Rule) -> list[Milestone]:
    b25 = ctx.birthday(25)
    start = ctx.birthday(18)
    return [
        r.milestone(
            "corporate_parenting_to_25",
            "The council supports you as a care leaver until 25",
            f"The council must act like a good parent to you until {day_text(b25 - D(days=1))}. "
            "This includes help to stay close to where you lived.",
            start=start,
            end=b25 - D(days=1),
            note="'Staying close' support (Children Act 1989 s.23CZAA, 2026): commencement date "
            "not verified.",
        )
    ]


H_5 = Rule(
    id="H-5",
    title="Corporate parenting and staying-close support for care leavers to 25",
    easy_read="The council helps you as a care leaver until 25.",
    domain=Domain.HOUSING,
    source="Children and Social Work Act 2017 s.1 [V]; Children Act 1989 s.23CZAA [V]",
    applies_when="looked after or a care leaver",
    applies=looked_after_or_care_leaver,
    compute=_h5,
)


RULES: tuple[Rule, ...] = (H_2, H_5,)
