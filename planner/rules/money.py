"""Money and legal capacity (rules.md section 6): DLA to PIP, appointeeship, Universal
Credit, mental capacity, the age of majority.
"""

from __future__ import annotations

import datetime as dt

from planner import schoolyear as sy
from planner.models import Basis, Domain, Flag, Milestone
from planner.rules.base import Context, D, Rule, day_text, everyone, leap_flags, weekday_text


def _m1(ctx: Context, r: Rule) -> list[Milestone]:
    p = ctx.person
    b16 = ctx.birthday(16)
    prepare = sy.add_months(b16, -3)
    out = [r.milestone(
        "pip_prepare", "Get ready to claim PIP",
        f"From {day_text(prepare)} gather letters and reports for your PIP claim.", date=prepare,
        basis=Basis.RECOMMENDED, note="Planner default: 3 months before the 16th birthday.")]
    if p.pip_letter_date is None:
        letter = b16 + D(weeks=2)
        out.append(r.milestone(
            "pip_claim_deadline", "Claim PIP within 28 days of the DWP letter",
            f"The DWP writes to you soon after you turn 16. Claim PIP by the date in the letter, about "
            f"{day_text(letter + D(days=28))}, or your DLA stops.", date=letter + D(days=28), flags=[Flag.ESTIMATED],
            duty=True, done_on=p.pip_claimed, note="No letter recorded: estimated from a letter about 2 weeks after the 16th birthday. Record "
            "the date on the letter (pip_letter_date): the deadline is 28 days from it."))
    else:
        due = p.pip_letter_date + D(days=28)
        out.append(r.milestone(
            "pip_claim_deadline", "Claim PIP within 28 days of the DWP letter",
            f"Claim PIP by {weekday_text(due)}, 28 days from the DWP letter dated {day_text(p.pip_letter_date)}, or "
            "your DLA stops.", date=due, duty=True, done_on=p.pip_claimed,
            note="28 days from the date on the letter (gov.uk); some advice counts from getting it. DLA carries on "
            "until the PIP decision if you claim in time."))
    return out


M_1 = Rule(
    id="M-1",
    title="DLA to PIP at 16: claim within 28 days of the DWP letter",
    easy_read="Moving from DLA to PIP when you turn 16.",
    domain=Domain.MONEY,
    source="PIP (Transitional Provisions) Regs 2013 (SI 2013/387) reg 3; gov.uk DLA for children: when your child turns 16 [V]",
    applies_when="gets DLA",
    applies=lambda p: p.dla,
    compute=_m1,
)


def _m6(ctx: Context, r: Rule) -> list[Milestone]:
    second = ctx.person.pip_second_letter_date
    assert second is not None
    due = second + D(days=28)
    return [r.milestone(
        "pip_second_claim_deadline", "Second chance to claim PIP (28 days)",
        f"Your DLA has stopped. Claim PIP by {weekday_text(due)} and your DLA starts again, though not for the "
        "weeks it stopped.", date=due, duty=True)]


M_6 = Rule(
    id="M-6",
    title="A missed PIP claim: DLA stops, and a second 28 days to claim reinstates it (not backdated)",
    easy_read="A second chance to claim PIP.",
    domain=Domain.MONEY,
    source="PIP (Transitional Provisions) Regs 2013; Scope guidance [V2]",
    applies_when="had a second DWP letter",
    applies=lambda p: p.pip_second_letter_date is not None,
    compute=_m6,
    unverified=True,
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
    return [r.milestone(
        "universal_credit_from", "You may be able to claim Universal Credit",
        f"From {day_text(day)} you may be able to claim Universal Credit yourself. There is no date you must claim "
        "by. Get benefits advice first: it can change what your family gets.", date=day,
        note="From 16 only under a reg 8 exception (such as limited capability for work). Not a deadline.")]


M_3 = Rule(
    id="M-3",
    title="Universal Credit from 18, or 16 under a reg 8 exception; no claim-by date",
    easy_read="When you can claim Universal Credit.",
    domain=Domain.MONEY,
    source="Welfare Reform Act 2012 s.4; UC Regs 2013 reg 8 [V]",
    applies_when="everyone",
    applies=everyone,
    compute=_m3,
)


def _m7(ctx: Context, r: Rule) -> list[Milestone]:
    b19, b20 = ctx.birthday(19), ctx.birthday(20)
    child_element_last = dt.date(b19.year if b19 < dt.date(b19.year, 9, 1) else b19.year + 1, 8, 31)
    flags = [Flag.AMBIGUOUS] if (b19.month, b19.day) == (9, 1) else []
    own_uc = max(ctx.birthday(18), child_element_last + D(days=1))
    out = [
        r.milestone("parent_child_element_ends", "Your parent's Universal Credit for you ends",
                    f"If you stay on a full-time course (not university) that you started before 19, your parent's "
                    f"Universal Credit for you can carry on until {day_text(child_element_last)}.",
                    date=child_element_last, flags=flags, source="UC Regs 2013 reg 5 [V2]",
                    note="'Up to, but not including, the 1st September following the person's 19th birthday'. "
                    "A 1 September birthday can be read as ending a year earlier."),
        r.milestone("child_benefit_latest", "Latest day of Child Benefit for you",
                    f"Child Benefit for you can carry on, while you are on the course, until {day_text(b20 - D(days=1))}: "
                    "a different date from Universal Credit.", date=b20 - D(days=1),
                    source="Child Benefit (General) Regs 2006 reg 3 [V]"),
    ]
    if not ctx.person.uc_exception:
        out.append(r.milestone(
            "own_universal_credit_possible", "Your own Universal Credit, once the course rules allow",
            f"While you are on the course you normally cannot claim Universal Credit yourself. From {day_text(own_uc)} "
            "you can. Claiming ends your parent's Universal Credit for you.", date=own_uc,
            source="UC Regs 2013 reg 12(1A),(2), reg 14 [V]",
            note="Earlier only under a reg 14 exception: for example PIP or DLA with limited capability for work "
            "decided before the claim or before the course started."))
    return out


M_7 = Rule(
    id="M-7",
    title="On a full-time non-advanced course: parent's UC child element to 31 August after 19, Child Benefit to 20, "
    "own UC only after that",
    easy_read="Benefits while you are at college.",
    domain=Domain.MONEY,
    source="UC Regs 2013 regs 5, 12, 14; Child Benefit (General) Regs 2006 reg 3 [V/V2]",
    applies_when="is on a full-time non-advanced course",
    applies=lambda p: p.non_advanced_course,
    compute=_m7,
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


RULES: tuple[Rule, ...] = (M_1, M_6, M_2, M_3, M_7, M_4, M_5)
