"""Money and legal capacity (rules.md section 6): DLA to PIP, appointeeship, Universal
Credit, mental capacity, the age of majority.
"""

from __future__ import annotations

from planner import schoolyear as sy
from planner.models import Domain, Flag, Milestone
from planner.rules.base import Context, D, Rule, day_text, everyone, leap_flags


def _m1(ctx: Context, r: Rule) -> list[Milestone]:
    b16 = ctx.birthday(16)
    prepare = sy.add_months(b16, -3)
    letter = b16 + D(weeks=2)
    return [
        r.milestone(
            "pip_prepare",
            "Get ready to claim PIP",
            f"From {day_text(prepare)} gather letters and reports for your PIP claim.",
            date=prepare,
            note="Planner default: 3 months before the 16th birthday.",
        ),
        r.milestone(
            "pip_claim_deadline",
            "Claim PIP within 28 days of the DWP letter",
            f"The DWP writes to you soon after you turn 16. Claim PIP by the date in the letter, "
            f"about {day_text(letter + D(days=28))}, or your DLA stops.",
            date=letter + D(days=28),
            flags=[Flag.ESTIMATED],
            note="Estimated from a letter about 2 weeks after the 16th birthday; the real deadline "
            "is the date in the letter.",
        ),
    ]


M_1 = Rule(
    id="M-1",
    title="DLA to PIP at 16: claim within 28 days of the DWP letter",
    easy_read="Moving from DLA to PIP when you turn 16.",
    domain=Domain.MONEY,
    source="gov.uk DLA for children: when your child turns 16 [V]",
    applies_when="gets DLA",
    applies=lambda p: p.dla,
    compute=_m1,
)


def _m2(ctx: Context, r: Rule) -> list[Milestone]:
    b16 = ctx.birthday(16)
    return [
        r.milestone(
            "pip_appointee",
            "New appointee for PIP if needed",
            "If you cannot manage your own benefits, someone must apply to be your appointee "
            "before the PIP claim. Being the appointee for DLA does not carry over.",
            date=b16,
            flags=[Flag.ESTIMATED],
            note="Regulation 33 application; DWP visits the prospective appointee.",
        )
    ]


M_2 = Rule(
    id="M-2",
    title="Appointeeship does not carry over from DLA to PIP",
    easy_read="Who can manage your benefits for you.",
    domain=Domain.MONEY,
    source="Social Security (Claims and Payments) Regs 1987 regs 33, 43 [V2]",
    applies_when="gets DLA",
    applies=lambda p: p.dla,
    compute=_m2,
)


def _m3(ctx: Context, r: Rule) -> list[Milestone]:
    years = 16 if ctx.person.uc_exception else 18
    day = ctx.birthday(years)
    return [
        r.milestone(
            "universal_credit_from",
            "You can claim Universal Credit",
            f"From {day_text(day)} you may be able to claim Universal Credit yourself. Get benefits "
            "advice first: it can change what your family gets.",
            date=day,
            note="From 16 only under a reg 8 exception (such as limited capability for work).",
        )
    ]


M_3 = Rule(
    id="M-3",
    title="Universal Credit from 18, or 16 under a reg 8 exception",
    easy_read="When you can claim Universal Credit.",
    domain=Domain.MONEY,
    source="Welfare Reform Act 2012 s.4; UC Regs 2013 reg 8 [V]",
    applies_when="everyone",
    applies=everyone,
    compute=_m3,
)


def _m4(ctx: Context, r: Rule) -> list[Milestone]:
    b16, b18 = ctx.birthday(16), ctx.birthday(18)
    return [
        r.milestone(
            "mental_capacity_act",
            "Mental Capacity Act applies (16)",
            f"From {day_text(b16)} the law says you can make your own decisions unless it is shown "
            "you cannot make a particular one.",
            date=b16,
        ),
        r.milestone(
            "lpa_possible",
            "Lasting Power of Attorney possible (18)",
            f"From {day_text(b18)} you can choose someone to make decisions for you later, with a "
            "Lasting Power of Attorney.",
            date=b18,
        ),
    ]


M_4 = Rule(
    id="M-4",
    title="Mental Capacity Act from 16; Lasting Power of Attorney from 18",
    easy_read="Making your own decisions.",
    domain=Domain.LEGAL,
    source="Mental Capacity Act 2005 [V2]",
    applies_when="everyone",
    applies=everyone,
    compute=_m4,
)


def _m5(ctx: Context, r: Rule) -> list[Milestone]:
    b18 = ctx.birthday(18)
    return [
        r.milestone(
            "adulthood_18",
            "You become an adult (18)",
            f"On {day_text(b18)} you become an adult. Adult services take over from children's ones.",
            date=b18,
            flags=leap_flags(ctx),
        )
    ]


M_5 = Rule(
    id="M-5",
    title="Age of majority at 18",
    easy_read="You become an adult at 18.",
    domain=Domain.LEGAL,
    source="Family Law Reform Act 1969 s.1 [U]",
    applies_when="everyone",
    applies=everyone,
    compute=_m5,
    unverified=True,
)


RULES: tuple[Rule, ...] = (M_1, M_2, M_3, M_4, M_5,)
