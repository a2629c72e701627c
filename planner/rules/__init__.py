"""The rule catalogue: every statutory and guidance rule that dates something for a person.

Each rule is a small object with its `rules.md` id, a plain-English title, an easy-read
sentence for young people, its domain, its source, when it applies and its computation. The
README's rules table, the app and the tests all read this one catalogue (`CATALOGUE`).

Sources carry the status of `rules.md`: [V] seen in the primary source, [V2] through a
secondary source, [U] unverified (such milestones carry the `unverified` flag).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property

from planner import schoolyear as sy
from planner.models import Domain, Flag, Milestone, Person

D = dt.timedelta


@dataclass
class Context:
    """One person's core dates, computed once and shared by every rule."""

    person: Person
    conventions: sy.DateConventions = sy.DEFAULT_CONVENTIONS
    as_of: dt.date | None = None

    def birthday(self, years: int) -> dt.date:
        return sy.anniversary(self.person.dob, years, self.conventions.leap_day)

    @property
    def leap_born(self) -> bool:
        return self.person.dob.month == 2 and self.person.dob.day == 29

    @cached_property
    def year9(self) -> sy.Window:
        return sy.year9(self.person.dob)

    @cached_property
    def csa_end(self) -> dt.date:
        return sy.csa_end(self.person.dob, self.conventions)

    @cached_property
    def post16_transfer(self) -> dt.date:
        return sy.post16_transfer(self.person.dob, self.conventions)

    @cached_property
    def phase_transfer_deadline(self) -> dt.date:
        return sy.phase_transfer_deadline(self.person.dob, self.conventions)

    @cached_property
    def fe_end_at_25(self) -> dt.date:
        return sy.fe_academic_year_end_at_25(self.person.dob, self.conventions)

    @cached_property
    def day_before_26(self) -> dt.date:
        return sy.day_before_birthday(self.person.dob, 26, self.conventions)

    def core_dates(self) -> dict[str, dt.date]:
        """The core dates under the key names of `worked-cases.md`."""
        return {
            "year9_start": self.year9.start,
            "year9_end": self.year9.end,
            "csa_end": self.csa_end,
            "post16_transfer": self.post16_transfer,
            "phase_transfer_deadline": self.phase_transfer_deadline,
            "birthday_14": self.birthday(14),
            "birthday_16": self.birthday(16),
            "birthday_17": self.birthday(17),
            "birthday_18": self.birthday(18),
            "birthday_25": self.birthday(25),
            "ehcp_fe_academic_year_end_at_25": self.fe_end_at_25,
            "day_before_26th_birthday": self.day_before_26,
        }


Compute = Callable[[Context, "Rule"], list[Milestone]]


@dataclass(frozen=True)
class Rule:
    """A statutory or guidance rule that yields dates or windows for a person."""

    id: str
    title: str
    easy_read: str
    domain: Domain
    source: str
    applies_when: str
    applies: Callable[[Person], bool]
    compute: Compute = field(repr=False)
    unverified: bool = False

    def milestone(
        self,
        key: str,
        title: str,
        easy_read: str,
        *,
        date: dt.date | None = None,
        start: dt.date | None = None,
        end: dt.date | None = None,
        flags: list[Flag] | None = None,
        note: str = "",
        domain: Domain | None = None,
    ) -> Milestone:
        flags = list(flags or [])
        if self.unverified and Flag.UNVERIFIED not in flags:
            flags.append(Flag.UNVERIFIED)
        return Milestone(
            rule_id=self.id,
            key=key,
            title=title,
            easy_read=easy_read,
            domain=domain or self.domain,
            source=self.source,
            date=date,
            start=start,
            end=end,
            flags=flags,
            note=note,
        )

    def milestones(self, ctx: Context) -> list[Milestone]:
        if not self.applies(ctx.person):
            return []
        return self.compute(ctx, self)


def _always(_: Person) -> bool:
    return True


def _ehc(p: Person) -> bool:
    return p.ehc_plan


def _care(p: Person) -> bool:
    return p.looked_after or p.care_leaver


def _leap(ctx: Context) -> list[Flag]:
    return [Flag.LEAP_DAY] if ctx.leap_born else []


def _fmt(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


# --- 0. Calendar and age ------------------------------------------------------------------


def _cal1(ctx: Context, r: Rule) -> list[Milestone]:
    out = []
    for year in range(9, 15):
        w = sy.school_year_of_birthday(ctx.person.dob, year + 5)
        label = f"Year {year}" if year <= 13 else "Year 14 (age 18 to 19)"
        out.append(
            r.milestone(
                f"school_year_{year}",
                label,
                f"{label} runs from {_fmt(w.start)} to {_fmt(w.end)}.",
                start=w.start,
                end=w.end,
            )
        )
    return out


def _cal2(ctx: Context, r: Rule) -> list[Milestone]:
    w = ctx.year9
    return [
        r.milestone(
            "year9",
            "Year 9: preparing for adulthood starts",
            f"Year 9 is from {_fmt(w.start)} to {_fmt(w.end)}. Planning for adult life starts now.",
            start=w.start,
            end=w.end,
        )
    ]


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
                note = f"Born on 29 February: some organisations use {_fmt(alt)} instead."
        out.append(
            r.milestone(
                f"birthday_{years}",
                f"{years}th birthday",
                f"You turn {years} on {_fmt(day)}.",
                date=day,
                flags=flags,
                note=note,
            )
        )
    return out


def _cal4(ctx: Context, r: Rule) -> list[Milestone]:
    flags: list[Flag] = []
    note = ""
    if sy.csa_statutory_edge(ctx.person.dob, ctx.conventions):
        flags.append(Flag.STATUTORY_EDGE)
        model = sy.csa_end_model(ctx.person.dob)
        statute = sy.csa_end_statute(ctx.person.dob, ctx.conventions)
        note = (
            "The 16th birthday falls in the first days of September, before the autumn term. "
            f"Education Act 1996 s.8(3)(a) may end compulsory school age on {_fmt(statute)} "
            f"(end of Year 10), a year before the usual rule's {_fmt(model)}. "
            "Check with the local authority."
        )
    return [
        r.milestone(
            "csa_end",
            "End of compulsory school age",
            f"You can leave school after {_fmt(ctx.csa_end)}. "
            "You must still learn or train until you are 18.",
            date=ctx.csa_end,
            flags=flags,
            note=note,
        )
    ]


def _cal5(ctx: Context, r: Rule) -> list[Milestone]:
    b25 = ctx.birthday(25)
    flags = _leap(ctx)
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
            f"If you are at college, your EHC plan can go on until {_fmt(ctx.fe_end_at_25)} at the latest.",
            date=ctx.fe_end_at_25,
            flags=flags,
            note=note,
        )
    ]


def _cal6(ctx: Context, r: Rule) -> list[Milestone]:
    return [
        r.milestone(
            f"birthday_{years}",
            f"{years}th birthday",
            f"You turn {years} on {_fmt(ctx.birthday(years))}.",
            date=ctx.birthday(years),
            flags=_leap(ctx),
        )
        for years in (19, 21, 22, 26)
    ]


# --- 1. Education ---------------------------------------------------------------------------


def _e1(ctx: Context, r: Rule) -> list[Milestone]:
    day = ctx.csa_end + D(days=1)
    return [
        r.milestone(
            "young_person_rights",
            "Decisions about your EHC plan pass to you",
            f"From {_fmt(day)} you make the decisions about your EHC plan, not your parents. "
            "You can still have help.",
            date=day,
            note="Rights pass at the end of compulsory school age, not on the 16th birthday; "
            "subject to mental capacity (M-4).",
        )
    ]


def _e2(ctx: Context, r: Rule) -> list[Milestone]:
    req = ctx.person.assessment_request
    if req is None:
        return []
    return [
        r.milestone(
            "assessment_decision_due",
            "Decision whether to assess (6 weeks)",
            f"The council must say by {_fmt(req + D(days=42))} if it will assess your needs.",
            date=req + D(days=42),
        ),
        r.milestone(
            "assessment_no_plan_notice_due",
            "Notice if no plan will be issued (16 weeks)",
            f"If the council decides not to write a plan, it must tell you by {_fmt(req + D(days=112))}.",
            date=req + D(days=112),
        ),
        r.milestone(
            "final_plan_due",
            "Final EHC plan due (20 weeks)",
            f"Your final EHC plan should be ready by {_fmt(req + D(days=140))}.",
            date=req + D(days=140),
            note="Exceptions (reg 13(3)): school closure of 4 weeks or more, exceptional "
            "personal circumstances, absence from the area for 4 weeks or more.",
        ),
    ]


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
                f"After your last review the council must decide by {_fmt(p.last_review + D(days=28))} "
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
                f"Your EHC plan must be reviewed by {_fmt(due)}. You get 2 weeks' notice of the meeting.",
                date=due,
                flags=[] if n == 1 else [Flag.PROJECTED],
                note=f"Invitation and advice at least 2 weeks before: by {_fmt(notice)}.",
            )
        )
        due = sy.add_months(due, 12)
    return out


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


def _e5(ctx: Context, r: Rule) -> list[Milestone]:
    deadline = ctx.phase_transfer_deadline
    latest_meeting = deadline - D(weeks=12)
    out = [
        r.milestone(
            "phase_transfer_deadline",
            "Post-16 place named in the EHC plan (31 March)",
            f"By {_fmt(deadline)} your school and the council must agree where you will study "
            f"from {_fmt(ctx.post16_transfer)}.",
            date=deadline,
            flags=[Flag.STRICT_READING],
            note="Reg 18(1)(a) says 'before 31 March'; the Code and IPSEA say 'by 31 March'. "
            f"On the strict reading the last compliant day is {_fmt(deadline - D(days=1))}.",
        ),
        r.milestone(
            "phase_transfer_review_window",
            "Year 11 review to plan the move after school",
            f"Your review to plan what you do after Year 11 should be between {_fmt(dt.date(deadline.year - 1, 9, 1))} "
            f"and {_fmt(latest_meeting)}.",
            start=dt.date(deadline.year - 1, 9, 1),
            end=latest_meeting,
            note="Derived, not statutory: the latest meeting leaves 4 weeks for the decision and "
            "8 weeks to finalise the plan; good practice is the autumn term of Year 11.",
        ),
        r.milestone(
            "post16_transfer",
            "Start at your post-16 place (assumed 1 September)",
            f"You are likely to start at college, sixth form or training on {_fmt(ctx.post16_transfer)}.",
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
                f"Because you are moving on {_fmt(ctx.person.post16_move)}, your plan must be changed "
                f"by {_fmt(due)}.",
                date=due,
            )
        )
    return out


def _e6(ctx: Context, r: Rule) -> list[Milestone]:
    start = ctx.csa_end + D(days=1)
    end = ctx.birthday(18) - D(days=1)
    if end < start:
        return []
    return [
        r.milestone(
            "participation_age",
            "Learning or training until 18",
            f"From {_fmt(start)} until you turn 18 you must be in learning, training, an "
            "apprenticeship, or work with part-time study.",
            start=start,
            end=end,
            domain=Domain.EDUCATION,
            note="Ends earlier if a level 3 qualification is achieved.",
        )
    ]


def _e7(ctx: Context, r: Rule) -> list[Milestone]:
    transfer = ctx.post16_transfer
    b19 = ctx.birthday(19)
    return [
        r.milestone(
            "transport_policy_published",
            "Post-16 transport policy published (by 31 May)",
            f"The council publishes its travel help for students by {_fmt(dt.date(transfer.year, 5, 31))}. "
            "Apply for travel help before you start.",
            date=dt.date(transfer.year, 5, 31),
        ),
        r.milestone(
            "sixth_form_age_end",
            "End of 'sixth form age' for travel help",
            f"Travel help for students under 19 runs until {_fmt(b19 - D(days=1))}, or to the end of a "
            "course you started before 19. After that, travel the council gives you is free.",
            date=b19 - D(days=1),
        ),
    ]


def _e8(ctx: Context, r: Rule) -> list[Milestone]:
    b18, b19 = ctx.birthday(18), ctx.birthday(19)
    return [
        r.milestone(
            "ceasing_outcomes_regard",
            "From 18: ending the plan looks at your education outcomes",
            f"From {_fmt(b18)}, before ending your plan the council must look at whether you have "
            "met your learning goals.",
            date=b18,
        ),
        r.milestone(
            "no_ceasing_at_19",
            "Your plan does not stop just because you are 19",
            f"Turning 19 on {_fmt(b19)} is not a reason to end your EHC plan.",
            date=b19,
        ),
    ]


def _e9(ctx: Context, r: Rule) -> list[Milestone]:
    b25 = ctx.birthday(25)
    return [
        r.milestone(
            "young_person_status_ends",
            "End of 'young person' status (25th birthday)",
            f"You turn 25 on {_fmt(b25)}. Your EHC plan ends around then.",
            date=b25,
            flags=_leap(ctx),
        ),
        r.milestone(
            "day_before_26th_birthday",
            "Outer limit of any EHC plan (day before 26th birthday)",
            f"No EHC plan can go on after {_fmt(ctx.day_before_26)}.",
            date=ctx.day_before_26,
            flags=_leap(ctx),
            note="For an apprenticeship or other provision the plan ends at the earlier of the "
            "end of the course and this day (reg 46(1)(b)-(c)).",
        ),
    ]


# --- 2. Employment --------------------------------------------------------------------------


def _em1(ctx: Context, r: Rule) -> list[Milestone]:
    start, end = ctx.birthday(16), ctx.birthday(25) - D(days=1)
    return [
        r.milestone(
            "supported_internship_window",
            "You can do a supported internship (16 to 24, with an EHC plan)",
            f"From {_fmt(start)} to {_fmt(end)} you can do a supported internship: learning at "
            "work for 6 to 12 months with a job coach.",
            start=start,
            end=end,
            flags=[Flag.UNVERIFIED],
            note="The exact start-age boundary is not verified; the plan must be live.",
        )
    ]


# --- 3. Housing -----------------------------------------------------------------------------


def _h2(ctx: Context, r: Rule) -> list[Milestone]:
    b16, b18, b21 = ctx.birthday(16), ctx.birthday(18), ctx.birthday(21)
    out = [
        r.milestone(
            "homeless_priority_16_17",
            "Priority for housing help if homeless (16 and 17)",
            f"If you become homeless between {_fmt(b16)} and {_fmt(b18 - D(days=1))}, the council must "
            "give you priority.",
            start=b16,
            end=b18 - D(days=1),
            note="The Children Act s.20 duty comes first for 16-17-year-olds.",
        )
    ]
    if _care(ctx.person):
        out.append(
            r.milestone(
                "care_leaver_priority_need",
                "Care leaver priority for housing (18 to 20)",
                f"As a care leaver, from {_fmt(b18)} to {_fmt(b21 - D(days=1))} you get priority "
                "for housing help if you are homeless.",
                start=b18,
                end=b21 - D(days=1),
                note="Applies if looked after at 16 or 17; not to 'relevant students'.",
            )
        )
    return out


def _h5(ctx: Context, r: Rule) -> list[Milestone]:
    b25 = ctx.birthday(25)
    start = ctx.birthday(18)
    return [
        r.milestone(
            "corporate_parenting_to_25",
            "The council supports you as a care leaver until 25",
            f"The council must act like a good parent to you until {_fmt(b25 - D(days=1))}. "
            "This includes help to stay close to where you lived.",
            start=start,
            end=b25 - D(days=1),
            note="'Staying close' support (Children Act 1989 s.23CZAA, 2026): commencement date "
            "not verified.",
        )
    ]


# --- 4. Health ------------------------------------------------------------------------------


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
            f"By {_fmt(plan_by)} your health and care workers should start planning with you for "
            "adult services, and check the plan every year.",
            date=plan_by,
            note=note,
        ),
        r.milestone(
            "named_worker_support",
            "Named worker supports you 6 months before and after the move",
            f"A named worker helps you from {_fmt(nw_start)} to {_fmt(nw_end)}, and you meet "
            "someone from each adult service before you move.",
            start=nw_start,
            end=nw_end,
            flags=[Flag.ESTIMATED],
            note="Centred on the 18th birthday as the usual transfer; NICE NG43 says transfer "
            "should not follow a rigid age, so the real date is set by the handover.",
        ),
    ]


def _hl3(ctx: Context, r: Rule) -> list[Milestone]:
    b14, b16, b17, b18 = (ctx.birthday(a) for a in (14, 16, 17, 18))
    return [
        r.milestone(
            "chc_notify_icb",
            "Continuing care: tell the adult NHS team (age 14)",
            f"Around {_fmt(b14)} the children's nurses tell the adult NHS team you may need "
            "NHS Continuing Healthcare.",
            date=b14,
        ),
        r.milestone(
            "chc_screening",
            "NHS Continuing Healthcare screening (age 16)",
            f"Around {_fmt(b16)} you are referred for the adult Continuing Healthcare checklist.",
            date=b16,
        ),
        r.milestone(
            "chc_decision_in_principle",
            "Decision in principle on adult Continuing Healthcare (after 17)",
            f"As soon as possible after {_fmt(b17)} the NHS decides if you are likely to get "
            "adult Continuing Healthcare.",
            date=b17,
            note="'As soon as practicable after the 17th birthday' (CHC Framework para 341).",
        ),
        r.milestone(
            "chc_package_by_18",
            "Adult care package ready by 18",
            f"Your adult care package must be ready by {_fmt(b18)}.",
            date=b18,
        ),
    ]


def _hl4(ctx: Context, r: Rule) -> list[Milestone]:
    b18 = ctx.birthday(18)
    plan_by = sy.add_months(b18, -6)
    return [
        r.milestone(
            "camhs_transition_plan",
            "CAMHS: plan for adult mental health agreed",
            f"By {_fmt(plan_by)} you and CAMHS agree a plan for your mental health support after 18.",
            date=plan_by,
        ),
        r.milestone(
            "camhs_ends",
            "CAMHS usually ends (18th birthday)",
            f"CAMHS usually stops on {_fmt(b18)}. Adult support should be ready before then.",
            date=b18,
            note="Some areas allow flexibility or 0-25 services.",
        ),
    ]


def _hl5(ctx: Context, r: Rule) -> list[Milestone]:
    b14 = ctx.birthday(14)
    out = []
    for n, years in enumerate(range(14, 26)):
        day = sy.add_months(b14, 12 * n)
        out.append(
            r.milestone(
                f"ld_health_check_{years}",
                "Learning disability annual health check",
                f"From {_fmt(day)} you can have your yearly health check with your GP.",
                date=day,
                flags=[] if n == 0 else [Flag.PROJECTED],
                note="Produces a health action plan; for young people it covers the move to "
                "adult health services.",
            )
        )
    return out


# --- 5. Social care -------------------------------------------------------------------------


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


def _s2(ctx: Context, r: Rule) -> list[Milestone]:
    target = sy.add_months(ctx.birthday(17), 6)
    return [
        r.milestone(
            "care_act_assessment_target",
            "Care Act transition assessment done (target 17 and a half)",
            f"Your adult social care assessment should be done by {_fmt(target)}, so help is "
            "ready when you turn 18.",
            date=target,
            note="Planner default, not statutory: practice examples assess at about 17.5.",
        )
    ]


def _s4(ctx: Context, r: Rule) -> list[Milestone]:
    b18 = ctx.birthday(18)
    return [
        r.milestone(
            "care_act_continuity_18",
            "Children's social care carries on after 18 until adult care starts",
            f"If adult care is not ready on {_fmt(b18)}, your children's services must carry on "
            "until it is.",
            date=b18,
        )
    ]


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
                f"By {_fmt(due)} your social worker must assess what you need to leave care and "
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
            f"You can have a personal adviser until {_fmt(b25 - D(days=1))}. Your pathway plan is "
            "checked at least every 6 months.",
            start=min(start, b25 - D(days=1)),
            end=b25 - D(days=1),
        )
    )
    return out


# --- 6. Money and legal capacity ------------------------------------------------------------


def _m1(ctx: Context, r: Rule) -> list[Milestone]:
    b16 = ctx.birthday(16)
    prepare = sy.add_months(b16, -3)
    letter = b16 + D(weeks=2)
    return [
        r.milestone(
            "pip_prepare",
            "Get ready to claim PIP",
            f"From {_fmt(prepare)} gather letters and reports for your PIP claim.",
            date=prepare,
            note="Planner default: 3 months before the 16th birthday.",
        ),
        r.milestone(
            "pip_claim_deadline",
            "Claim PIP within 28 days of the DWP letter",
            f"The DWP writes to you soon after you turn 16. Claim PIP by the date in the letter, "
            f"about {_fmt(letter + D(days=28))}, or your DLA stops.",
            date=letter + D(days=28),
            flags=[Flag.ESTIMATED],
            note="Estimated from a letter about 2 weeks after the 16th birthday; the real deadline "
            "is the date in the letter.",
        ),
    ]


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


def _m3(ctx: Context, r: Rule) -> list[Milestone]:
    years = 16 if ctx.person.uc_exception else 18
    day = ctx.birthday(years)
    return [
        r.milestone(
            "universal_credit_from",
            "You can claim Universal Credit",
            f"From {_fmt(day)} you may be able to claim Universal Credit yourself. Get benefits "
            "advice first: it can change what your family gets.",
            date=day,
            note="From 16 only under a reg 8 exception (such as limited capability for work).",
        )
    ]


def _m4(ctx: Context, r: Rule) -> list[Milestone]:
    b16, b18 = ctx.birthday(16), ctx.birthday(18)
    return [
        r.milestone(
            "mental_capacity_act",
            "Mental Capacity Act applies (16)",
            f"From {_fmt(b16)} the law says you can make your own decisions unless it is shown "
            "you cannot make a particular one.",
            date=b16,
        ),
        r.milestone(
            "lpa_possible",
            "Lasting Power of Attorney possible (18)",
            f"From {_fmt(b18)} you can choose someone to make decisions for you later, with a "
            "Lasting Power of Attorney.",
            date=b18,
        ),
    ]


def _m5(ctx: Context, r: Rule) -> list[Milestone]:
    b18 = ctx.birthday(18)
    return [
        r.milestone(
            "adulthood_18",
            "You become an adult (18)",
            f"On {_fmt(b18)} you become an adult. Adult services take over from children's ones.",
            date=b18,
            flags=_leap(ctx),
        )
    ]


CATALOGUE: tuple[Rule, ...] = (
    Rule("CAL-1", "School year runs 1 September to 31 August", "A school year starts on 1 September.",
         Domain.EDUCATION, "Brief; DfE year-group convention [V2]", "everyone", _always, _cal1),
    Rule("CAL-2", "Year 9 is the school year of the 14th birthday", "Year 9 is the school year when you turn 14.",
         Domain.EDUCATION, "SEN&D Regs 2014 reg 2(1); NICE QS140 [V]", "everyone", _always, _cal2),
    Rule("CAL-3", "Birthdays; 29 February counts as 1 March in common years", "Your birthdays, the days you turn 14, 16, 17, 18 and 25.",
         Domain.LEGAL, "Family Law Reform Act 1969 s.9; 29 February by UK convention [U]", "everyone", _always, _cal3),
    Rule("CAL-4", "End of compulsory school age: last Friday of June of the school year of the 16th birthday", "The day you can leave school.",
         Domain.EDUCATION, "Education Act 1996 s.8(3) [V]; IPSEA worked example [V2]", "everyone", _always, _cal4),
    Rule("CAL-5", "Reg 46 academic year (1 August to 31 July) for an EHC plan at 25", "The latest your plan can go on at college.",
         Domain.EDUCATION, "SEN&D Regs 2014 reg 46 via LASEN and IPSEA [V2]", "has an EHC plan", _ehc, _cal5),
    Rule("CAL-6", "Key ages 19, 21, 22 and 26 as birthday dates", "Other birthdays that change what help you get.",
         Domain.LEGAL, "rules.md CAL-6", "everyone", _always, _cal6),
    Rule("E-1", "Decision rights pass to the young person at the end of compulsory school age", "You make the decisions about your plan.",
         Domain.LEGAL, "CFA 2014 s.83; Explanatory Notes para 166 [V]", "has an EHC plan", _ehc, _e1),
    Rule("E-2", "EHC needs assessment: 6, 16 and 20 weeks from the request", "How long the council has to assess you and write a plan.",
         Domain.EDUCATION, "SEN&D Regs 2014 reg 13; SEND Code 9.39-9.40 [V2]", "an assessment was requested", lambda p: p.assessment_request is not None, _e2),
    Rule("E-3", "Annual review within 12 months of issue or the last review", "Your EHC plan is checked every year.",
         Domain.EDUCATION, "CFA 2014 s.44; SEND Code 9.166-9.169 [V2]", "has an EHC plan", _ehc, _e3),
    Rule("E-4", "Reviews from Year 9 focus on preparing for adulthood", "From Year 9 your reviews talk about adult life.",
         Domain.EDUCATION, "SEN&D Regs 2014 reg 20(6), 21(6); SEND Code 8.9 [V2]", "has an EHC plan", _ehc, _e4),
    Rule("E-5", "Phase transfer: plan amended before 31 March of the year of transfer; 5 months for post-16 moves", "Your next school or college is named in your plan by 31 March.",
         Domain.EDUCATION, "SEN&D Regs 2014 reg 18 [V]", "has an EHC plan", _ehc, _e5),
    Rule("E-6", "Participation age: learning or training from the end of CSA until 18", "You keep learning or training until 18.",
         Domain.EDUCATION, "Education and Skills Act 2008 s.1-2 [V]", "everyone", _always, _e6),
    Rule("E-7", "Post-16 transport: policy by 31 May; sixth-form age ends at 19", "Help with travel to college.",
         Domain.EDUCATION, "Education Act 1996 s.509AA; post-16 transport guidance [V/V2]", "everyone", _always, _e7),
    Rule("E-8", "Ceasing a plan: not just because the young person is 19", "Your plan does not stop just because you turn 19.",
         Domain.EDUCATION, "CFA 2014 s.45; SEND Code 9.200 [V]", "has an EHC plan", _ehc, _e8),
    Rule("E-9", "Age 25 end point and the outer cap before the 26th birthday", "When your EHC plan must end.",
         Domain.EDUCATION, "CFA 2014 s.46, s.83(2); SEND Code 9.207 [V2]", "has an EHC plan", _ehc, _e9),
    Rule("EM-1", "Supported internships for 16 to 24-year-olds with an EHC plan", "Learning at work with a job coach.",
         Domain.EMPLOYMENT, "DfE supported internships guidance 2022 [V]", "has an EHC plan", _ehc, _em1),
    Rule("H-2", "Homelessness priority need at 16-17 and for care leavers 18-20", "Priority for housing help if you are homeless.",
         Domain.HOUSING, "Homelessness (Priority Need) (England) Order 2002 [V]", "everyone", _always, _h2),
    Rule("H-5", "Corporate parenting and staying-close support for care leavers to 25", "The council helps you as a care leaver until 25.",
         Domain.HOUSING, "Children and Social Work Act 2017 s.1 [V]; Children Act 1989 s.23CZAA [V]", "looked after or a care leaver", _care, _h5),
    Rule("HL-2", "NICE NG43: plan from Year 9, named worker, meet adult services before transfer", "Health and care plan your move to adult services.",
         Domain.HEALTH, "NICE NG43; QS140 statements 1, 3, 4, 5 [V]", "open to children's health or social care",
         lambda p: p.camhs or p.paediatrics or p.continuing_care or p.childrens_social_care or p.ld_register, _hl2),
    Rule("HL-3", "Children's continuing care to NHS Continuing Healthcare: 14, 16, 17, 18", "Moving from children's continuing care to adult NHS care.",
         Domain.HEALTH, "National Framework for NHS CHC 2018 paras 331-349, para 341; CYP Continuing Care Framework 2016 [V2]", "has children's continuing care", lambda p: p.continuing_care, _hl3),
    Rule("HL-4", "CAMHS to adult mental health: plan agreed 6 months before 18", "Moving from CAMHS to adult mental health support.",
         Domain.HEALTH, "SCIE guide 44; TRACK study [V2]", "open to CAMHS", lambda p: p.camhs, _hl4),
    Rule("HL-5", "Learning disability annual health check from 14", "A yearly health check with your GP.",
         Domain.HEALTH, "NHS England annual health checks [V]", "on the GP learning disability register", lambda p: p.ld_register, _hl5),
    Rule("S-1", "Care Act s.58 transition assessment when of significant benefit", "Checking if you need adult social care.",
         Domain.SOCIAL_CARE, "Care Act 2014 s.58; Explanatory Notes para 360 [V]", "open to children's social care",
         lambda p: p.childrens_social_care or p.looked_after, _s1),
    Rule("S-2", "Significant benefit: assessment done by about 17 and a half", "Your adult social care assessment is done in time for 18.",
         Domain.SOCIAL_CARE, "Care and Support Statutory Guidance ch. 16 [V2]", "open to children's social care",
         lambda p: p.childrens_social_care or p.looked_after, _s2),
    Rule("S-4", "Care Act s.66: children's services continue past 18 until adult care is in place", "No gap in your care at 18.",
         Domain.SOCIAL_CARE, "Care Act 2014 s.66; Explanatory Notes paras 400-401 [V]", "open to children's social care",
         lambda p: p.childrens_social_care or p.looked_after, _s4),
    Rule("S-7", "Leaving care: needs assessment 3 months after 16, pathway plan, personal adviser to 25", "Help when you leave care.",
         Domain.SOCIAL_CARE, "CPPCR (England) Regs 2010 regs 40-43 [V]; CSWA 2017 s.3 [V]", "looked after or a care leaver", _care, _s7),
    Rule("M-1", "DLA to PIP at 16: claim within 28 days of the DWP letter", "Moving from DLA to PIP when you turn 16.",
         Domain.MONEY, "gov.uk DLA for children: when your child turns 16 [V]", "gets DLA", lambda p: p.dla, _m1),
    Rule("M-2", "Appointeeship does not carry over from DLA to PIP", "Who can manage your benefits for you.",
         Domain.MONEY, "Social Security (Claims and Payments) Regs 1987 regs 33, 43 [V2]", "gets DLA", lambda p: p.dla, _m2),
    Rule("M-3", "Universal Credit from 18, or 16 under a reg 8 exception", "When you can claim Universal Credit.",
         Domain.MONEY, "Welfare Reform Act 2012 s.4; UC Regs 2013 reg 8 [V]", "everyone", _always, _m3),
    Rule("M-4", "Mental Capacity Act from 16; Lasting Power of Attorney from 18", "Making your own decisions.",
         Domain.LEGAL, "Mental Capacity Act 2005 [V2]", "everyone", _always, _m4),
    Rule("M-5", "Age of majority at 18", "You become an adult at 18.",
         Domain.LEGAL, "Family Law Reform Act 1969 s.1 [U]", "everyone", _always, _m5, unverified=True),
)

BY_ID: dict[str, Rule] = {r.id: r for r in CATALOGUE}
