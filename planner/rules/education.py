"""Education (rules.md section 1): the EHC plan's assessment, reviews, phase transfer,
participation, transport, ceasing and the end at 25.
"""

from __future__ import annotations

import datetime as dt

from planner import schoolyear as sy
from planner.models import Domain, Flag, Milestone
from planner.rules.base import Context, D, Rule, day_text, everyone, has_ehc_plan, leap_flags


def _e1(ctx: Context, r: Rule) -> list[Milestone]:
    day = ctx.csa_end + D(days=1)
    return [
        r.milestone(
            "young_person_rights",
            "Decisions about your EHC plan pass to you",
            f"From {day_text(day)} you make the decisions about your EHC plan, not your parents. "
            "You can still have help.",
            date=day,
            note="Rights pass at the end of compulsory school age, not on the 16th birthday; "
            "subject to mental capacity (M-4).",
        )
    ]


E_1 = Rule(
    id="E-1",
    title="Decision rights pass to the young person at the end of compulsory school age",
    easy_read="You make the decisions about your plan.",
    domain=Domain.LEGAL,
    source="CFA 2014 s.83; Explanatory Notes para 166 [V]",
    applies_when="has an EHC plan",
    applies=has_ehc_plan,
    compute=_e1,
)


def _e2(ctx: Context, r: Rule) -> list[Milestone]:
    req = ctx.person.assessment_request
    if req is None:
        return []
    return [
        r.milestone(
            "assessment_decision_due",
            "Decision whether to assess (6 weeks)",
            f"The council must say by {day_text(req + D(days=42))} if it will assess your needs.",
            date=req + D(days=42),
        ),
        r.milestone(
            "assessment_no_plan_notice_due",
            "Notice if no plan will be issued (16 weeks)",
            f"If the council decides not to write a plan, it must tell you by {day_text(req + D(days=112))}.",
            date=req + D(days=112),
        ),
        r.milestone(
            "final_plan_due",
            "Final EHC plan due (20 weeks)",
            f"Your final EHC plan should be ready by {day_text(req + D(days=140))}.",
            date=req + D(days=140),
            note="Exceptions (reg 13(3)): school closure of 4 weeks or more, exceptional "
            "personal circumstances, absence from the area for 4 weeks or more.",
        ),
    ]


E_2 = Rule(
    id="E-2",
    title="EHC needs assessment: 6, 16 and 20 weeks from the request",
    easy_read="How long the council has to assess you and write a plan.",
    domain=Domain.EDUCATION,
    source="SEN&D Regs 2014 reg 13; SEND Code 9.39-9.40 [V2]",
    applies_when="an assessment was requested",
    applies=lambda p: p.assessment_request is not None,
    compute=_e2,
)


def _e3(ctx: Context, r: Rule) -> list[Milestone]:
    p = ctx.person
    last = p.last_review or p.plan_issued
    if last is None:
        return []
    out = []
    if p.last_review:
        out.append(
            r.milestone(
                "review_decision_due",
                "Council decision after the last review (4 weeks)",
                f"After your last review the council must decide by {day_text(p.last_review + D(days=28))} "
                "whether to keep, change or end your plan.",
                date=p.last_review + D(days=28),
            )
        )
    # Project the cycle to the plan's outer cap, each review due within 12 months of the last.
    due = sy.add_months(last, 12)
    n = 0
    while due <= ctx.day_before_26:
        n += 1
        notice = due - D(days=14)
        out.append(
            r.milestone(
                f"annual_review_due_{n}",
                "Annual review of the EHC plan due",
                f"Your EHC plan must be reviewed by {day_text(due)}. You get 2 weeks' notice of the meeting.",
                date=due,
                flags=[] if n == 1 else [Flag.PROJECTED],
                note=f"Invitation and advice at least 2 weeks before: by {day_text(notice)}.",
            )
        )
        due = sy.add_months(due, 12)
    return out


E_3 = Rule(
    id="E-3",
    title="Annual review within 12 months of issue or the last review",
    easy_read="Your EHC plan is checked every year.",
    domain=Domain.EDUCATION,
    source="CFA 2014 s.44; SEND Code 9.166-9.169 [V2]",
    applies_when="has an EHC plan",
    applies=has_ehc_plan,
    compute=_e3,
)


def _e4(ctx: Context, r: Rule) -> list[Milestone]:
    w = ctx.year9
    return [
        r.milestone(
            "year9_pfa_review",
            "Year 9 review must look at preparing for adulthood",
            "At your Year 9 review, people will talk about your future: work, where to live, "
            "friends and health. Every review after that does too.",
            start=w.start,
            end=w.end,
        )
    ]


E_4 = Rule(
    id="E-4",
    title="Reviews from Year 9 focus on preparing for adulthood",
    easy_read="From Year 9 your reviews talk about adult life.",
    domain=Domain.EDUCATION,
    source="SEN&D Regs 2014 reg 20(6), 21(6); SEND Code 8.9 [V2]",
    applies_when="has an EHC plan",
    applies=has_ehc_plan,
    compute=_e4,
)


def _e5(ctx: Context, r: Rule) -> list[Milestone]:
    deadline = ctx.phase_transfer_deadline
    latest_meeting = deadline - D(weeks=12)
    out = [
        r.milestone(
            "phase_transfer_deadline",
            "Post-16 place named in the EHC plan (31 March)",
            f"By {day_text(deadline)} your school and the council must agree where you will study "
            f"from {day_text(ctx.post16_transfer)}.",
            date=deadline,
            flags=[Flag.STRICT_READING],
            note="Reg 18(1)(a) says 'before 31 March'; the Code and IPSEA say 'by 31 March'. "
            f"On the strict reading the last compliant day is {day_text(deadline - D(days=1))}.",
        ),
        r.milestone(
            "phase_transfer_review_window",
            "Year 11 review to plan the move after school",
            f"Your review to plan what you do after Year 11 should be between {day_text(dt.date(deadline.year - 1, 9, 1))} "
            f"and {day_text(latest_meeting)}.",
            start=dt.date(deadline.year - 1, 9, 1),
            end=latest_meeting,
            note="Derived, not statutory: the latest meeting leaves 4 weeks for the decision and "
            "8 weeks to finalise the plan; good practice is the autumn term of Year 11.",
        ),
        r.milestone(
            "post16_transfer",
            "Start at your post-16 place (assumed 1 September)",
            f"You are likely to start at college, sixth form or training on {day_text(ctx.post16_transfer)}.",
            date=ctx.post16_transfer,
            flags=[Flag.ESTIMATED],
            note="The real first day of term varies by institution.",
        ),
    ]
    if ctx.person.post16_move:
        due = sy.add_months(ctx.person.post16_move, -5)
        out.append(
            r.milestone(
                "post16_move_deadline",
                "Plan amended 5 months before a move between colleges",
                f"Because you are moving on {day_text(ctx.person.post16_move)}, your plan must be changed "
                f"by {day_text(due)}.",
                date=due,
            )
        )
    return out


E_5 = Rule(
    id="E-5",
    title="Phase transfer: plan amended before 31 March of the year of transfer; 5 months for post-16 moves",
    easy_read="Your next school or college is named in your plan by 31 March.",
    domain=Domain.EDUCATION,
    source="SEN&D Regs 2014 reg 18 [V]",
    applies_when="has an EHC plan",
    applies=has_ehc_plan,
    compute=_e5,
)


def _e6(ctx: Context, r: Rule) -> list[Milestone]:
    start = ctx.csa_end + D(days=1)
    end = ctx.birthday(18) - D(days=1)
    if end < start:
        return []
    return [
        r.milestone(
            "participation_age",
            "Learning or training until 18",
            f"From {day_text(start)} until you turn 18 you must be in learning, training, an "
            "apprenticeship, or work with part-time study.",
            start=start,
            end=end,
            domain=Domain.EDUCATION,
            note="Ends earlier if a level 3 qualification is achieved.",
        )
    ]


E_6 = Rule(
    id="E-6",
    title="Participation age: learning or training from the end of CSA until 18",
    easy_read="You keep learning or training until 18.",
    domain=Domain.EDUCATION,
    source="Education and Skills Act 2008 s.1-2 [V]",
    applies_when="everyone",
    applies=everyone,
    compute=_e6,
)


def _e7(ctx: Context, r: Rule) -> list[Milestone]:
    transfer = ctx.post16_transfer
    b19 = ctx.birthday(19)
    return [
        r.milestone(
            "transport_policy_published",
            "Post-16 transport policy published (by 31 May)",
            f"The council publishes its travel help for students by {day_text(dt.date(transfer.year, 5, 31))}. "
            "Apply for travel help before you start.",
            date=dt.date(transfer.year, 5, 31),
        ),
        r.milestone(
            "sixth_form_age_end",
            "End of 'sixth form age' for travel help",
            f"Travel help for students under 19 runs until {day_text(b19 - D(days=1))}, or to the end of a "
            "course you started before 19. After that, travel the council gives you is free.",
            date=b19 - D(days=1),
        ),
    ]


E_7 = Rule(
    id="E-7",
    title="Post-16 transport: policy by 31 May; sixth-form age ends at 19",
    easy_read="Help with travel to college.",
    domain=Domain.EDUCATION,
    source="Education Act 1996 s.509AA; post-16 transport guidance [V/V2]",
    applies_when="everyone",
    applies=everyone,
    compute=_e7,
)


def _e8(ctx: Context, r: Rule) -> list[Milestone]:
    b18, b19 = ctx.birthday(18), ctx.birthday(19)
    return [
        r.milestone(
            "ceasing_outcomes_regard",
            "From 18: ending the plan looks at your education outcomes",
            f"From {day_text(b18)}, before ending your plan the council must look at whether you have "
            "met your learning goals.",
            date=b18,
        ),
        r.milestone(
            "no_ceasing_at_19",
            "Your plan does not stop just because you are 19",
            f"Turning 19 on {day_text(b19)} is not a reason to end your EHC plan.",
            date=b19,
        ),
    ]


E_8 = Rule(
    id="E-8",
    title="Ceasing a plan: not just because the young person is 19",
    easy_read="Your plan does not stop just because you turn 19.",
    domain=Domain.EDUCATION,
    source="CFA 2014 s.45; SEND Code 9.200 [V]",
    applies_when="has an EHC plan",
    applies=has_ehc_plan,
    compute=_e8,
)


def _e9(ctx: Context, r: Rule) -> list[Milestone]:
    b25 = ctx.birthday(25)
    return [
        r.milestone(
            "young_person_status_ends",
            "End of 'young person' status (25th birthday)",
            f"You turn 25 on {day_text(b25)}. Your EHC plan ends around then.",
            date=b25,
            flags=leap_flags(ctx),
        ),
        r.milestone(
            "day_before_26th_birthday",
            "Outer limit of any EHC plan (day before 26th birthday)",
            f"No EHC plan can go on after {day_text(ctx.day_before_26)}.",
            date=ctx.day_before_26,
            flags=leap_flags(ctx),
            note="For an apprenticeship or other provision the plan ends at the earlier of the "
            "end of the course and this day (reg 46(1)(b)-(c)).",
        ),
    ]


E_9 = Rule(
    id="E-9",
    title="Age 25 end point and the outer cap before the 26th birthday",
    easy_read="When your EHC plan must end.",
    domain=Domain.EDUCATION,
    source="CFA 2014 s.46, s.83(2); SEND Code 9.207 [V2]",
    applies_when="has an EHC plan",
    applies=has_ehc_plan,
    compute=_e9,
)


RULES: tuple[Rule, ...] = (E_1, E_2, E_3, E_4, E_5, E_6, E_7, E_8, E_9,)
