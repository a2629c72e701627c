"""Education (rules.md section 1): decision rights, annual reviews and what follows a review
meeting, preparing for adulthood from Year 9, phase transfer, careers guidance, participation,
transport, ceasing and the end at 25. The EHC needs assessment, re-assessment and appeals are
in `assessment`.

Counting (law-issue11.md C1-C5): "within N weeks of D" ends on D + 7N days; "the period of 12
months starting with D" ends the day before its anniversary (`schoolyear.period_end`); "before
31 March" ends on 30 March on the strict reading, which is flagged.
"""

from __future__ import annotations

import datetime as dt

from planner import schoolyear as sy
from planner.models import Basis, Domain, Flag, Milestone
from planner.rules.base import (
    Context,
    D,
    Rule,
    day_text,
    everyone,
    has_ehc_plan,
    leap_flags,
    weekday_text,
)


def _e1(ctx: Context, r: Rule) -> list[Milestone]:
    day = ctx.csa_end + D(days=1)
    note = "Rights pass at the end of compulsory school age, not on the 16th birthday; subject to mental capacity (M-4)."
    if ctx.offset:
        note += (" Taught out of year group: compulsory school age goes by age (Education Act 1996 s.8), so the "
                 "rights pass before the class leaves school.")
    return [r.milestone(
        "young_person_rights", "Decisions about your EHC plan pass to you",
        f"From {day_text(day)} you make the decisions about your EHC plan, not your parents. You can still have help.",
        date=day, note=note)]


E_1 = Rule(
    id="E-1", title="Decision rights pass to the young person at the end of compulsory school age",
    easy_read="You make the decisions about your plan.", domain=Domain.LEGAL,
    source="CFA 2014 s.83; Explanatory Notes para 166 [V]", applies_when="has an EHC plan",
    applies=has_ehc_plan, compute=_e1,
)


def review_period(ctx: Context) -> tuple[dt.date, dt.date] | None:
    """(start, last day) of the current s.44(1) review period, or None when there is no plan
    date or the period would end after the plan can last (E-16)."""
    p = ctx.person
    start = p.last_review or p.plan_issued
    if start is None:
        return None
    end = sy.period_end(start)
    return None if end > ctx.fe_end_at_25 else (start, end)


def _e3(ctx: Context, r: Rule) -> list[Milestone]:
    p = ctx.person
    period = review_period(ctx)
    if period is None:
        return []
    start, end = period
    strict = sy.period_end_strict(start)
    flags = [Flag.LEAP_DAY, Flag.STRICT_READING] if strict != end else []
    latest, invite = end - D(days=28), end - D(days=42)
    what = "last review meeting" if p.last_review else "day the plan was first issued"
    note = (f"The 12 months start with the {what} ({day_text(start)}) and end the day before the anniversary. "
            "An overdue review stays overdue until it is held; the next 12 months count from the day it is held.")
    if strict != end:
        note += f" On the stricter reading the last day is {day_text(strict)}."
    out = [
        r.milestone("annual_review_due", "Annual review meeting of the EHC plan",
                    f"Your EHC plan must be reviewed at a meeting by {weekday_text(end)}.",
                    date=end, flags=flags, note=note, duty=True),
        r.milestone("annual_review_latest_meeting", "Latest review meeting that leaves 4 weeks for the decision",
                    f"To get the council's decision inside the 12 months, the meeting should be by {day_text(latest)}.",
                    date=latest, flags=flags, source="SEND Code 9.169 (the decision inside the 12 months), with "
                    "CFA 2014 s.44(1) and SEN&D Regs 2014 reg 20(10) [V2]",
                    note="Code 9.169: the decision after the meeting must be notified within 4 weeks and within "
                    "the 12 months. Most council timetables ignore the second half."),
        r.milestone("annual_review_invitations_by", "Invitations and advice out for that meeting",
                    f"For a meeting on {day_text(latest)}, invitations and reports go out by {day_text(invite)}.",
                    date=invite, source="SEN&D Regs 2014 reg 20(3),(4), 21(3),(4): 2 weeks' notice [V]",
                    note="At least two weeks' notice of the meeting, and advice circulated two weeks before it."),
    ]
    # Projections: each period counts from the day the review is held, so later periods are
    # only the latest they can be. An overdue review is projected at the earliest lawful meeting
    # (2 weeks' notice from the as-of date); a future one on its last day, so each projection is
    # the latest the next review can be due.
    held = ctx.as_of + D(days=14) if ctx.as_of is not None and end < ctx.as_of else end
    n = 1
    while n <= 12:
        nxt = sy.period_end(held)
        if nxt > ctx.fe_end_at_25:
            break
        n += 1
        out.append(r.milestone(
            f"annual_review_projected_{n}", "Next annual review (projected)",
            f"Your next review will be due by {day_text(nxt)} at the latest: 12 months from the day this one is held.",
            date=nxt, flags=[Flag.PROJECTED],
            note=f"Counted as if the review before were held on {day_text(held)}: it moves when that review is held."))
        held = nxt
    return out


E_3 = Rule(
    id="E-3", title="Annual review within the 12 months starting with the issue or the last review",
    easy_read="Your EHC plan is checked every year.", domain=Domain.EDUCATION,
    source="CFA 2014 s.44(1); SEND Code 9.166-9.169; SEN&D Regs 2014 reg 20(3) [V2]",
    applies_when="has an EHC plan", applies=has_ehc_plan, compute=_e3,
)


def _e14(ctx: Context, r: Rule) -> list[Milestone]:
    p = ctx.person
    meeting = p.last_review
    if meeting is None:
        return []
    decided = p.review_decision_sent or p.amendment_notice_sent or p.amended_plan_issued
    out = [
        r.milestone("review_report_due", "Review report sent (2 weeks)",
                    f"The report of your review meeting is due by {day_text(meeting + D(days=14))}.",
                    date=meeting + D(days=14), duty=True, done_on=decided,
                    source="SEN&D Regs 2014 reg 20(7), 21(7) [V]",
                    note="Counted done when the decision that follows it is recorded."),
        r.milestone("review_decision_due", "Council decision after the review (4 weeks)",
                    f"After your review the council must decide by {day_text(meeting + D(days=28))} whether to keep, "
                    "change or end your plan, and send any changes it proposes.",
                    date=meeting + D(days=28), duty=True, done_on=decided,
                    note="Also inside the 12 months of the review period (SEND Code 9.169)."),
    ]
    if p.amendment_notice_sent is not None:
        n = p.amendment_notice_sent
        final = min(n + D(days=56), meeting + D(days=84))
        out += [
            r.milestone("amendment_comment_window", "Your 15 days to comment on the proposed changes",
                        f"You can comment on the changes from {day_text(n)} to {day_text(n + D(days=14))}.",
                        start=n, end=n + D(days=14), source="SEN&D Regs 2014 reg 22(2)(c) [V]",
                        note="At least 15 days, beginning with the day the notice was served."),
            r.milestone("amended_plan_due", "Final amended plan issued",
                        f"The final amended plan is due by {day_text(final)}.", date=final, duty=True,
                        done_on=p.amended_plan_issued,
                        source="SEN&D Regs 2014 reg 22(3); R (L, M & P) v Devon CC [2022] EWHC 493 (Admin) [V2]",
                        note="Within 8 weeks of the amendment notice, and so at most 12 weeks after the meeting."),
        ]
    return out


E_14 = Rule(
    id="E-14", title="After a review meeting: report in 2 weeks, decision and proposed changes in 4, "
    "final amended plan within 8 weeks of the notice and 12 of the meeting",
    easy_read="What the council must do after your review meeting.", domain=Domain.EDUCATION,
    source="SEN&D Regs 2014 reg 20(7),(10), 22(2),(3); R (L, M & P) v Devon CC [2022] EWHC 493 (Admin) [V2]",
    applies_when="has an EHC plan with a review meeting recorded", applies=has_ehc_plan, compute=_e14,
)


def _e4(ctx: Context, r: Rule) -> list[Milestone]:
    w = ctx.year9
    return [r.milestone(
        "year9_pfa_review", "Year 9 review must look at preparing for adulthood",
        "At your Year 9 review, people will talk about your future: work, where to live, friends and health. "
        "Every review after that does too.", start=w.start, end=w.end)]


E_4 = Rule(
    id="E-4", title="Reviews from Year 9 focus on preparing for adulthood",
    easy_read="From Year 9 your reviews talk about adult life.", domain=Domain.EDUCATION,
    source="SEN&D Regs 2014 reg 20(6), 21(6); SEND Code 8.9 [V2]", applies_when="has an EHC plan",
    applies=has_ehc_plan, compute=_e4,
)


def _e5(ctx: Context, r: Rule) -> list[Milestone]:
    deadline = ctx.phase_transfer_deadline
    last_day = deadline - D(days=1)
    latest = last_day - D(days=84)
    p = ctx.person
    if not ctx.phase_transfer_applies:
        return [r.milestone(
            "post16_transfer", "Start at your post-16 place (assumed 1 September)",
            f"You are likely to start at college, sixth form or training on {day_text(ctx.post16_transfer)}.",
            date=ctx.post16_transfer, flags=[Flag.ESTIMATED],
            note=f"The plan was first issued on {day_text(p.plan_issued)}, after 31 March: it names the placement "
            "itself, so there is no separate phase-transfer review (reg 18 reviews an existing plan).")]
    sixth_form = p.sixth_form_at_school
    done = p.amended_plan_issued if (p.amended_plan_issued and p.last_review
                                      and p.last_review >= dt.date(deadline.year - 1, 4, 1)) else None
    flags = [Flag.STRICT_READING] + ([Flag.STATUTORY_EDGE] if sixth_form else [])
    note = (f"Reg 18(1)(a) says 'before 31 March'; the Code and IPSEA say 'by 31 March'. On the strict reading the "
            f"last compliant day is {day_text(last_day)}.")
    if sixth_form:
        note = ("A move from Year 11 to a school sixth form is not a 'transfer between phases' (reg 2(1)(f): a post-16 "
                "institution is not a school, CFA 2014 s.83(2)), so reg 18 sets no date; most councils still use 31 "
                "March, kept here as a recommended date. " + note)
    where = "your sixth form" if sixth_form else "college, sixth form or training"
    return [
        r.milestone("phase_transfer_deadline", "Post-16 place named in the EHC plan (31 March)",
                    f"By {day_text(last_day)} your plan must be reviewed and changed to name where you will study "
                    f"from {day_text(ctx.post16_transfer)}.", date=deadline, flags=flags, note=note, duty=True,
                    done_on=done, basis=Basis.RECOMMENDED if sixth_form else Basis.STATUTORY),
        r.milestone("phase_transfer_review_window", "Year 11 review to plan the move after school",
                    f"Your review to plan what you do after Year 11 should be between "
                    f"{day_text(dt.date(deadline.year - 1, 9, 1))} and {day_text(latest)}.",
                    start=dt.date(deadline.year - 1, 9, 1), end=latest, basis=Basis.RECOMMENDED,
                    note="Derived: the latest meeting leaves 4 weeks for the decision and 8 to finalise the plan "
                    "before 31 March (reg 20(10), 22(3); Devon). Good practice is the autumn term of Year 11."),
        r.milestone("post16_transfer", f"Start at {where} (assumed 1 September)",
                    f"You are likely to start on {day_text(ctx.post16_transfer)}.", date=ctx.post16_transfer,
                    flags=[Flag.ESTIMATED], note="The real first day of term varies by institution."),
    ]


E_5 = Rule(
    id="E-5", title="Phase transfer from school to a post-16 institution: plan amended before 31 March of the "
    "year of transfer", easy_read="Your next school or college is named in your plan by 31 March.",
    domain=Domain.EDUCATION, source="SEN&D Regs 2014 reg 18(1)(a), reg 2(1); CFA 2014 s.83(2) [V]",
    applies_when="has an EHC plan", applies=has_ehc_plan, compute=_e5,
)


def _e17(ctx: Context, r: Rule) -> list[Milestone]:
    p = ctx.person
    move = p.school_transfer
    assert move is not None
    deadline = dt.date(move.year, 2, 15)
    if p.plan_issued is not None and p.plan_issued >= deadline:
        return []  # a plan first made after 15 February names the new school itself
    done = p.amended_plan_issued if p.amended_plan_issued and p.amended_plan_issued >= sy.add_months(move, -12) else None
    return [r.milestone(
        "school_transfer_deadline", "New school named in the EHC plan (15 February)",
        f"Because you move school on {day_text(move)}, your plan must be reviewed and changed to name the new school "
        f"by {day_text(deadline - D(days=1))}.", date=deadline, duty=True, done_on=done, flags=[Flag.STRICT_READING],
        note="Reg 18(1)(b) says 'before 15 February'; on the strict reading the last compliant day is 14 February.")]


E_17 = Rule(
    id="E-17", title="Any other phase transfer (middle to secondary school): plan amended before 15 February",
    easy_read="Your new school is named in your plan by 15 February.", domain=Domain.EDUCATION,
    source="SEN&D Regs 2014 reg 18(1)(b), reg 2(1) [V]", applies_when="has an EHC plan and a school move date",
    applies=lambda p: p.ehc_plan and p.school_transfer is not None, compute=_e17,
)


def _e18(ctx: Context, r: Rule) -> list[Milestone]:
    p = ctx.person
    move = p.post16_move
    if move is None:
        return []
    due = sy.add_months(move, -5)
    done = p.amended_plan_issued if p.amended_plan_issued and p.amended_plan_issued >= sy.add_months(move, -12) else None
    return [r.milestone(
        "post16_move_deadline", "Plan amended 5 months before a move between colleges",
        f"Because you are moving on {day_text(move)}, your plan must be changed by {day_text(due)}.",
        date=due, duty=True, done_on=done,
        note="The council's SEN team runs this review: it can only ask the college, not require it, to hold the "
        "meeting (reg 20(1),(12)).")]


E_18 = Rule(
    id="E-18", title="A move between post-16 institutions: plan amended at least 5 months before",
    easy_read="Your plan is changed 5 months before you move college.", domain=Domain.EDUCATION,
    source="SEN&D Regs 2014 reg 18(2); reg 20(1),(12) [V]", applies_when="has an EHC plan and a move date",
    applies=lambda p: p.ehc_plan and p.post16_move is not None, compute=_e18,
)


def _e19(ctx: Context, r: Rule) -> list[Milestone]:
    below = ctx.offset < 0
    years = abs(ctx.offset)
    return [r.milestone(
        "out_of_year_group", "Taught out of your age group",
        f"You are taught {years} year{'s' * (years != 1)} {'below' if below else 'above'} your age group. Year 9 is "
        f"{day_text(ctx.year9.start)} to {day_text(ctx.year9.end)} and your class leaves school on "
        f"{day_text(ctx.year11_end)}, but the law ends compulsory school age on {day_text(ctx.csa_end)}.",
        start=ctx.year9.start, end=ctx.year11_end,
        note="Reg 2(1) defines Year 9 by the class; compulsory school age (and with it the rights in E-1) goes by "
        "age under Education Act 1996 s.8; reg 18 follows the real year of transfer.")]


E_19 = Rule(
    id="E-19", title="Taught out of year group: Year 9 and the transfer follow the class, school age does not",
    easy_read="If you are in a different year group from your age.", domain=Domain.EDUCATION,
    source="SEN&D Regs 2014 reg 2(1) 'year 9'; Education Act 1996 s.8 [V]",
    applies_when="is taught out of their year group", applies=lambda p: p.year_group_offset != 0, compute=_e19,
)


def _e6(ctx: Context, r: Rule) -> list[Milestone]:
    start = ctx.csa_end + D(days=1)
    end = ctx.birthday(18) - D(days=1)
    if end < start:
        return []
    return [r.milestone(
        "participation_age", "Learning or training until 18",
        f"From {day_text(start)} until you turn 18 you must be in learning, training, an apprenticeship, or work "
        "with part-time study.", start=start, end=end, note="Ends earlier if a level 3 qualification is achieved.")]


E_6 = Rule(
    id="E-6", title="Participation age: learning or training from the end of CSA until 18",
    easy_read="You keep learning or training until 18.", domain=Domain.EDUCATION,
    source="Education and Skills Act 2008 s.1-2 [V]", applies_when="everyone", applies=everyone, compute=_e6,
)


def _e7(ctx: Context, r: Rule) -> list[Milestone]:
    transfer = ctx.post16_transfer
    b19 = ctx.birthday(19)
    return [
        r.milestone("transport_policy_published", "Post-16 transport policy published (by 31 May)",
                    f"The council publishes its travel help for students by {day_text(dt.date(transfer.year, 5, 31))}. "
                    "Apply for travel help before you start.", date=dt.date(transfer.year, 5, 31)),
        r.milestone("sixth_form_age_end", "End of 'sixth form age' for travel help",
                    f"Travel help for students under 19 runs until {day_text(b19 - D(days=1))}, or to the end of a "
                    "course you started before 19. After that, travel the council gives you is free.",
                    date=b19 - D(days=1)),
    ]


E_7 = Rule(
    id="E-7", title="Post-16 transport: policy by 31 May; sixth-form age ends at 19",
    easy_read="Help with travel to college.", domain=Domain.EDUCATION,
    source="Education Act 1996 s.509AA; post-16 transport guidance [V/V2]", applies_when="everyone",
    applies=everyone, compute=_e7,
)


def _e8(ctx: Context, r: Rule) -> list[Milestone]:
    b18, b19 = ctx.birthday(18), ctx.birthday(19)
    return [
        r.milestone("ceasing_outcomes_regard", "From 18: ending the plan looks at your education outcomes",
                    f"From {day_text(b18)}, before ending your plan the council must look at whether you have met "
                    "your learning goals.", date=b18),
        r.milestone("no_ceasing_at_19", "Your plan does not stop just because you are 19",
                    f"Turning 19 on {day_text(b19)} is not a reason to end your EHC plan.", date=b19),
    ]


E_8 = Rule(
    id="E-8", title="Ceasing a plan: not just because the young person is 19",
    easy_read="Your plan does not stop just because you turn 19.", domain=Domain.EDUCATION,
    source="CFA 2014 s.45; SEND Code 9.200 [V]", applies_when="has an EHC plan", applies=has_ehc_plan, compute=_e8,
)


def _e9(ctx: Context, r: Rule) -> list[Milestone]:
    b25 = ctx.birthday(25)
    return [
        r.milestone("young_person_status_ends", "End of 'young person' status (25th birthday)",
                    f"You turn 25 on {day_text(b25)}. Your EHC plan ends around then.", date=b25, flags=leap_flags(ctx)),
        r.milestone("day_before_26th_birthday", "Outer limit of any EHC plan (day before 26th birthday)",
                    f"No EHC plan can go on after {day_text(ctx.day_before_26)}.", date=ctx.day_before_26,
                    flags=leap_flags(ctx), note="For an apprenticeship or other provision the plan ends at the "
                    "earlier of the end of the course and this day (reg 46(1)(b)-(c)). No annual review falls due "
                    "after the plan's end (E-16)."),
    ]


E_9 = Rule(
    id="E-9", title="Age 25 end point and the outer cap before the 26th birthday; no review after the end",
    easy_read="When your EHC plan must end.", domain=Domain.EDUCATION,
    source="CFA 2014 s.46, s.83(2); SEN&D Regs 2014 reg 46; SEND Code 9.207 [V2]", applies_when="has an EHC plan",
    applies=has_ehc_plan, compute=_e9,
)


CAREERS_DUTY_FROM = dt.date(2022, 9, 1)  # Education (Careers Guidance in Schools) Act 2022: from Year 7


def _e11(ctx: Context, r: Rule) -> list[Milestone]:
    start = max(sy.class_year(ctx.person.dob, 7, ctx.offset).start, CAREERS_DUTY_FROM)
    end = sy.class_year(ctx.person.dob, 13, ctx.offset).end
    if end < start:
        return []
    return [r.milestone(
        "careers_guidance", "Independent careers guidance at school (Year 7 onwards)",
        f"From {day_text(start)} your school must give you independent careers advice.", start=start, end=end,
        flags=[Flag.AMBIGUOUS], note="'During their secondary education': Year 7 onwards since September 2022 "
        "(Year 8 before). Whether it runs to Year 13 or stops at the end of compulsory school age is not settled "
        "in the text seen (s.42A(6) unverified).")]


E_11 = Rule(
    id="E-11", title="Independent careers guidance from Year 7 (since September 2022)",
    easy_read="Careers advice at school from Year 7.", domain=Domain.EMPLOYMENT,
    source="Education Act 1997 s.42A(1); Education (Careers Guidance in Schools) Act 2022 [V]",
    applies_when="everyone", applies=everyone, compute=_e11,
)


RULES: tuple[Rule, ...] = (E_1, E_3, E_14, E_4, E_5, E_17, E_18, E_19, E_6, E_7, E_8, E_9, E_11)
