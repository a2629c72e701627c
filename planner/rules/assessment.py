"""The EHC needs assessment, re-assessment and appeals (rules.md section 1, E-2; law-issue11.md
section 7: E-20 to E-24).

R is the day the council received the request. Weeks are calendar weeks: weekends and bank
holidays count and a date that lands on one does not move (the SEN&D Regs have no working-day
rule). Only the SEND Tribunal's appeal limit moves off non-working days (HESC r.12).
"""

from __future__ import annotations

import datetime as dt

from planner import schoolyear as sy
from planner.models import Domain, Flag, Milestone
from planner.rules.base import Context, D, Rule, day_text, weekday_text
from planner.rules.workdays import tribunal_deadline


def _plan_made_since(ctx: Context, day: dt.date) -> dt.date | None:
    issued = ctx.person.plan_issued
    return issued if issued is not None and issued >= day else None


def _e2(ctx: Context, r: Rule) -> list[Milestone]:
    p = ctx.person
    req = p.assessment_request
    if req is None:
        return []
    final = _plan_made_since(ctx, req)
    started = p.advice_requested or p.draft_served or final
    latest_draft = req + D(days=125)
    out = [
        r.milestone("assessment_decision_due", "Decision whether to assess (6 weeks)",
                    f"The council must say by {day_text(req + D(days=42))} if it will assess your needs.",
                    date=req + D(days=42), duty=True, done_on=started, source="SEN&D Regs 2014 reg 5(1) [V]",
                    note="Counted done when the assessment is recorded as under way (advice asked for, a draft or "
                    "a plan)."),
        r.milestone("assessment_no_plan_notice_due", "Notice if no plan will be issued (16 weeks)",
                    f"If the council decides not to write a plan, it must tell you by {day_text(req + D(days=112))}.",
                    date=req + D(days=112), source="SEN&D Regs 2014 reg 10(1) [V]"),
        r.milestone("draft_plan_latest", "Latest day to serve the draft plan",
                    f"The draft plan must reach you by {weekday_text(latest_draft)} so you have 15 days to comment "
                    "before the 20 weeks end.", date=latest_draft, duty=True, done_on=p.draft_served or final,
                    source="SEN&D Regs 2014 reg 13(1)(a), 13(2) [V]",
                    note="At least 15 days to comment, beginning with the day the draft is served: a posted draft "
                    "must arrive by then."),
        r.milestone("final_plan_due", "Final EHC plan due (20 weeks)",
                    f"Your final EHC plan must be issued by {weekday_text(req + D(days=140))}.",
                    date=req + D(days=140), duty=True, done_on=final, source="SEN&D Regs 2014 reg 13(2) [V]",
                    note="Calendar weeks: a bank holiday does not move the date. Exceptions (reg 13(3)): school "
                    "closure of 4 weeks or more, exceptional personal circumstances, absence from the area."),
    ]
    if p.draft_served is not None:
        s = p.draft_served
        out.append(r.milestone(
            "draft_comment_window", "Your 15 days to comment on the draft and name a school or college",
            f"You can comment on the draft from {day_text(s)} to {day_text(s + D(days=14))}.",
            start=s, end=s + D(days=14), source="SEN&D Regs 2014 reg 13(1)(a) [V]"))
    return out


E_2 = Rule(
    id="E-2", title="EHC needs assessment: decide in 6 weeks, no-plan notice in 16, draft by day 125, final in 20",
    easy_read="How long the council has to assess you and write a plan.", domain=Domain.EDUCATION,
    source="SEN&D Regs 2014 regs 5(1), 10(1), 13(1),(2) [V]", applies_when="an assessment was requested",
    applies=lambda p: p.assessment_request is not None, compute=_e2,
)


def _e20(ctx: Context, r: Rule) -> list[Milestone]:
    asked = ctx.person.advice_requested
    assert asked is not None
    due = asked + D(days=42)
    return [r.milestone(
        "assessment_advice_due", "Advice for the assessment due (6 weeks)",
        f"The people asked for advice (teachers, doctors, psychologists) must send it by {day_text(due)}.",
        date=due, duty=True, done_on=ctx.person.draft_served or _plan_made_since(ctx, asked),
        note="Six weeks from when each adviser received the council's request, not from the family's request.")]


E_20 = Rule(
    id="E-20", title="Advice for an EHC needs assessment within 6 weeks of the council's request",
    easy_read="Reports for your assessment are due in 6 weeks.", domain=Domain.EDUCATION,
    source="SEN&D Regs 2014 reg 8 [V2]", applies_when="advice was requested",
    applies=lambda p: p.advice_requested is not None, compute=_e20, unverified=True,
)


def _e23(ctx: Context, r: Rule) -> list[Milestone]:
    p = ctx.person
    req = p.reassessment_request
    assert req is not None
    sent = p.reassessment_decision_sent
    final = (sent or req + D(days=15)) + D(days=98)
    return [
        r.milestone("reassessment_decision_due", "Decision whether to re-assess (15 days)",
                    f"The council must say by {day_text(req + D(days=15))} if it will re-assess your needs.",
                    date=req + D(days=15), duty=True, done_on=sent, source="SEN&D Regs 2014 reg 25 [V2]"),
        r.milestone("reassessment_final_due", "Final plan after a re-assessment (14 weeks from the decision)",
                    f"The plan after your re-assessment must be issued by {day_text(final)}.", date=final, duty=True,
                    flags=[] if sent else [Flag.ESTIMATED], source="SEN&D Regs 2014 reg 27(2) [V]",
                    note="Fourteen weeks from the notice of the decision to re-assess, not from the request. The "
                    "council need not re-assess within 6 months of the last assessment (reg 24)."),
    ]


E_23 = Rule(
    id="E-23", title="Re-assessment: decide in 15 days; final plan 14 weeks from the decision notice",
    easy_read="How long a re-assessment takes.", domain=Domain.EDUCATION,
    source="SEN&D Regs 2014 regs 24, 25, 27(2) [V/V2]", applies_when="a re-assessment was requested",
    applies=lambda p: p.reassessment_request is not None, compute=_e23,
)


def appeal_deadline(notice_sent: dt.date, certificate: dt.date | None = None) -> dt.date:
    """The last day to appeal to the SEND Tribunal (HESC r.20(1)(c), r.12): 2 months after the
    notice was sent or, if later, 1 month from the mediation certificate, moved off a non-working
    day, Christmas or August."""
    end = sy.add_months(notice_sent, 2)
    if certificate is not None:
        end = max(end, sy.add_months(certificate, 1))
    return tribunal_deadline(end)


def _e24(ctx: Context, r: Rule) -> list[Milestone]:
    p = ctx.person
    sent = p.decision_notice_sent
    assert sent is not None
    mediation = sy.add_months(sent, 2)
    appeal = appeal_deadline(sent, p.mediation_certificate_issued)
    return [
        r.milestone("mediation_contact_by", "Contact the mediation adviser (2 months)",
                    f"Before an appeal, contact the mediation adviser by {day_text(mediation)} (not needed if you "
                    "only appeal the school or college named).", date=mediation,
                    source="SEN&D Regs 2014 reg 33; CFA 2014 s.55 [V]"),
        r.milestone("appeal_deadline", "Appeal to the SEND Tribunal",
                    f"You can appeal to the SEND Tribunal until {weekday_text(appeal)}.", date=appeal,
                    note="Two months after the decision letter was sent, or one month from the mediation "
                    "certificate if later; a limit ending on a weekend or bank holiday moves to the next working "
                    "day, one ending 25 December to 1 January to after 1 January, one ending in August to after "
                    "31 August. Many guides count from the date on the letter, some from receiving it."),
    ]


E_24 = Rule(
    id="E-24", title="Appeal to the SEND Tribunal within 2 months of the decision (or 1 month of a mediation certificate)",
    easy_read="When you can appeal a decision about your EHC plan.", domain=Domain.LEGAL,
    source="Tribunal Procedure (First-tier Tribunal) (HESC) Rules 2008 r.20(1)(c), r.12; SEN&D Regs 2014 reg 33 [V/V2]",
    applies_when="a decision notice was sent", applies=lambda p: p.decision_notice_sent is not None, compute=_e24,
)


RULES: tuple[Rule, ...] = (E_2, E_20, E_23, E_24)
