"""Calendar and age conventions (rules.md section 0): school years, Year 9, birthdays,
the end of compulsory school age and the reg 46 academic year.
"""

from __future__ import annotations

from planner import schoolyear as sy
from planner.models import Domain, Flag, Milestone
from planner.rules.base import Context, Rule, day_text, everyone, has_ehc_plan, leap_flags


def _cal1(ctx: Context, r: Rule) -> list[Milestone]:
    out = []
    for year in range(9, 15):
        w = sy.class_year(ctx.person.dob, year, ctx.offset)
        label = f"Year {year}" if year <= 13 else "Year 14 (age 18 to 19)"
        out.append(
            r.milestone(
                f"school_year_{year}",
                label,
                f"{label} runs from {day_text(w.start)} to {day_text(w.end)}.",
                start=w.start,
                end=w.end,
            )
        )
    return out


CAL_1 = Rule(
    id="CAL-1",
    title="School year runs 1 September to 31 August",
    easy_read="A school year starts on 1 September.",
    domain=Domain.EDUCATION,
    source="Brief; DfE year-group convention [V2]",
    applies_when="everyone",
    applies=everyone,
    compute=_cal1,
)


def _cal2(ctx: Context, r: Rule) -> list[Milestone]:
    w = ctx.year9
    return [
        r.milestone(
            "year9",
            "Year 9: preparing for adulthood starts",
            f"Year 9 is from {day_text(w.start)} to {day_text(w.end)}. Planning for adult life starts now.",
            start=w.start,
            end=w.end,
        )
    ]


CAL_2 = Rule(
    id="CAL-2",
    title="Year 9 is the school year of the 14th birthday (of the class's, for a child taught out of year group)",
    easy_read="Year 9 is the school year when you turn 14.",
    domain=Domain.EDUCATION,
    source="SEN&D Regs 2014 reg 2(1) (the class's Year 9, E-19); NICE QS140 [V]",
    applies_when="everyone",
    applies=everyone,
    compute=_cal2,
)


def _cal3(ctx: Context, r: Rule) -> list[Milestone]:
    out = []
    other = (
        sy.LeapDayRule.FEBRUARY_28
        if ctx.conventions.leap_day is sy.LeapDayRule.MARCH_1
        else sy.LeapDayRule.MARCH_1
    )
    for years in (14, 16, 17, 18, 25):
        day = ctx.birthday(years)
        note = ""
        flags = []
        if ctx.leap_born:
            alt = sy.anniversary(ctx.person.dob, years, other)
            if alt != day:
                flags += [Flag.LEAP_DAY, Flag.UNVERIFIED]
                note = f"Born on 29 February: some organisations use {day_text(alt)} instead."
        out.append(
            r.milestone(
                f"birthday_{years}",
                f"{sy.ordinal(years)} birthday",
                f"You turn {years} on {day_text(day)}.",
                date=day,
                flags=flags,
                note=note,
            )
        )
    return out


CAL_3 = Rule(
    id="CAL-3",
    title="Birthdays; 29 February counts as 1 March in common years",
    easy_read="Your birthdays, the days you turn 14, 16, 17, 18 and 25.",
    domain=Domain.LEGAL,
    source="Family Law Reform Act 1969 s.9; 29 February by UK convention [U]",
    applies_when="everyone",
    applies=everyone,
    compute=_cal3,
)


def _cal4(ctx: Context, r: Rule) -> list[Milestone]:
    flags: list[Flag] = []
    note = ""
    if sy.csa_statutory_edge(ctx.person.dob, ctx.conventions):
        flags.append(Flag.STATUTORY_EDGE)
        model = sy.csa_end_model(ctx.person.dob)
        statute = sy.csa_end_statute(ctx.person.dob, ctx.conventions)
        note = (
            "The 16th birthday falls in the first days of September, before the autumn term. "
            f"Education Act 1996 s.8(3)(a) may end compulsory school age on {day_text(statute)} "
            f"(end of Year 10), a year before the usual rule's {day_text(model)}. "
            "Check with the local authority."
        )
    return [
        r.milestone(
            "csa_end",
            "End of compulsory school age",
            f"You can leave school after {day_text(ctx.csa_end)}. "
            "You must still learn or train until you are 18.",
            date=ctx.csa_end,
            flags=flags,
            note=note,
        )
    ]


CAL_4 = Rule(
    id="CAL-4",
    title="End of compulsory school age: last Friday of June of the school year of the 16th birthday",
    easy_read="The day you can leave school.",
    domain=Domain.EDUCATION,
    source="Education Act 1996 s.8(3) [V]; IPSEA worked example [V2]",
    applies_when="everyone",
    applies=everyone,
    compute=_cal4,
)


def _cal5(ctx: Context, r: Rule) -> list[Milestone]:
    b25 = ctx.birthday(25)
    flags = leap_flags(ctx)
    note = ""
    if b25.month == 7 and b25.day == 31:
        flags.append(Flag.AMBIGUOUS)
        note = (
            "The 25th birthday is on 31 July. 'The 31 July after you turn 25' can mean the "
            "birthday itself or a year later; the planner uses the setting "
            f"'{ctx.conventions.july31.value}'."
        )
    return [
        r.milestone(
            "ehcp_fe_academic_year_end_at_25",
            "Latest end of an EHC plan at college (academic year of 25th birthday)",
            f"If you are at college, your EHC plan can go on until {day_text(ctx.fe_end_at_25)} at the latest.",
            date=ctx.fe_end_at_25,
            flags=flags,
            note=note,
        )
    ]


CAL_5 = Rule(
    id="CAL-5",
    title="Reg 46 academic year (1 August to 31 July) for an EHC plan at 25",
    easy_read="The latest your plan can go on at college.",
    domain=Domain.EDUCATION,
    source="SEN&D Regs 2014 reg 46 via LASEN and IPSEA [V2]",
    applies_when="has an EHC plan",
    applies=has_ehc_plan,
    compute=_cal5,
)


def _cal6(ctx: Context, r: Rule) -> list[Milestone]:
    return [
        r.milestone(
            f"birthday_{years}",
            f"{sy.ordinal(years)} birthday",
            f"You turn {years} on {day_text(ctx.birthday(years))}.",
            date=ctx.birthday(years),
            flags=leap_flags(ctx),
        )
        for years in (19, 21, 22, 26)
    ]


CAL_6 = Rule(
    id="CAL-6",
    title="Key ages 19, 21, 22 and 26 as birthday dates",
    easy_read="Other birthdays that change what help you get.",
    domain=Domain.LEGAL,
    source="rules.md CAL-6",
    applies_when="everyone",
    applies=everyone,
    compute=_cal6,
)


RULES: tuple[Rule, ...] = (CAL_1, CAL_2, CAL_3, CAL_4, CAL_5, CAL_6,)
