"""Social care (rules.md section 5): Care Act transition assessments for the child, the parent
carer and the young carer, continuity past 18, and leaving care by the status the law gives.

The Care Act sets duties without dates (s.58 applies "when it would be of significant benefit"):
the dates here are the planner's recommended targets. Leaving care has statutory dates.
"""

from __future__ import annotations

from planner import schoolyear as sy
from planner.models import Basis, Domain, Flag, Milestone, Need, Person
from planner.rules.base import Context, D, Rule, day_text
from planner.rules.leaving_care import CareStatus, care_history

LIKELY_ADULT_CARE_NEEDS = frozenset({Need.SLD, Need.PMLD, Need.MSI})


def likely_adult_care(p: Person) -> bool:
    """Likely to have needs for care and support after 18 (Care Act s.58(1)): not only children
    open to children's social care (Explanatory Notes para 360). The record's signs: children's
    social care or care, continuing care, the GP learning disability register, or a severe or
    profound learning disability or multi-sensory impairment."""
    return (p.childrens_social_care or p.looked_after or p.continuing_care or p.ld_register
            or p.primary_need in LIKELY_ADULT_CARE_NEEDS)


LIKELY = ("likely to need adult care (children's social care, continuing care, the learning disability register, "
          "SLD, PMLD or MSI)")


def _s1(ctx: Context, r: Rule) -> list[Milestone]:
    return [r.milestone(
        "care_act_assessment_considered", "Care Act transition assessment considered at the Year 9 review",
        "At your Year 9 review, people check if you may need adult social care after 18. If so, the council must "
        "assess you when it helps you most.", start=ctx.year9.start, end=ctx.year9.end, basis=Basis.RECOMMENDED,
        note="s.58 is a duty with no age or date: a child need not be open to children's social care (EN 360). "
        "A refused request needs written reasons (s.58(5)).")]


S_1 = Rule(
    id="S-1", title="Care Act s.58 transition assessment for any child likely to need care after 18",
    easy_read="Checking if you need adult social care.", domain=Domain.SOCIAL_CARE,
    source="Care Act 2014 s.58; Explanatory Notes para 360 [V]", applies_when=LIKELY, applies=likely_adult_care,
    compute=_s1,
)


def _s2(ctx: Context, r: Rule) -> list[Milestone]:
    target = sy.add_months(ctx.birthday(17), 6)
    return [r.milestone(
        "care_act_assessment_target", "Care Act transition assessment done (target 17 and a half)",
        f"Your adult social care assessment should be done by {day_text(target)}, so help is ready when you turn 18.",
        date=target, duty=True, note="Planner default, not statutory: the Act has no age; practice assesses at about "
        "17 and a half. A missed target is a window missed, not a breach.")]


S_2 = Rule(
    id="S-2", title="Significant benefit: assessment done by about 17 and a half (planner target)",
    easy_read="Your adult social care assessment is done in time for 18.", domain=Domain.SOCIAL_CARE,
    source="Care and Support Statutory Guidance ch. 16 [V2]; planner default", applies_when=LIKELY,
    applies=likely_adult_care, compute=_s2, basis=Basis.RECOMMENDED,
)


def _s4(ctx: Context, r: Rule) -> list[Milestone]:
    b18 = ctx.birthday(18)
    return [r.milestone(
        "care_act_continuity_18", "Children's social care carries on after 18 until adult care decides",
        f"If adult care is not ready on {day_text(b18)}, your children's social care must carry on until the adult "
        "team has decided (even if that decision is that you do not qualify).", date=b18,
        note="CSDPA 1970 s.2A and CA 1989 s.17ZH (inserted by Care Act s.66): a council may not leave a gap in "
        "its own social care. This does not cover NHS services (CAMHS, continuing care).")]


S_4 = Rule(
    id="S-4", title="Care Act s.66: children's social care continues past 18 until the adult decision",
    easy_read="No gap in your council social care at 18.", domain=Domain.SOCIAL_CARE,
    source="Care Act 2014 s.66; CSDPA 1970 s.2A(4); Explanatory Notes paras 400-401 [V]",
    applies_when="open to children's social care", applies=lambda p: p.childrens_social_care, compute=_s4,
)


def _s16(ctx: Context, r: Rule) -> list[Milestone]:
    target = sy.add_months(ctx.birthday(17), 6)
    return [r.milestone(
        "carer_transition_assessment", "Your parent or carer can ask for their own assessment",
        f"The person who cares for you can ask the council, before {day_text(target)}, what support they will need "
        "after you turn 18.", start=ctx.year9.start, end=target, basis=Basis.RECOMMENDED,
        note="Child's carer's assessment, Care Act s.60 (EN 369): a duty with no date, when the carer is likely to "
        "need support after the child turns 18. A refusal ends the duty (EN 372).")]


S_16 = Rule(
    id="S-16", title="Care Act s.60 child's carer's assessment for the parent carer",
    easy_read="Support for the person who cares for you.", domain=Domain.SOCIAL_CARE,
    source="Care Act 2014 s.60; Explanatory Notes paras 369-372 [V]",
    applies_when=LIKELY + ", living with a parent carer",
    applies=lambda p: likely_adult_care(p) and not (p.looked_after or p.care_leaver), compute=_s16,
)


def _s17(ctx: Context, r: Rule) -> list[Milestone]:
    p = ctx.person
    b18 = ctx.birthday(18)
    if not p.cares_for_adult:
        return [r.milestone(
            "young_carer_needs_assessment", "Young carer's needs assessment (Children Act s.17ZA)",
            "You care for someone in your family. You can ask the council for a young carer's assessment.",
            date=ctx.year9.start, basis=Basis.RECOMMENDED,
            note="A young carer of a brother or sister (a child) is outside Care Act s.63, which is for young carers "
            "of adults: Children Act 1989 s.17ZA applies instead.")]
    target = sy.add_months(ctx.birthday(17), 6)
    return [
        r.milestone("young_carer_transition_assessment", "Young carer's transition assessment (target 17 and a half)",
                    f"Because you care for an adult, the council should assess by {day_text(target)} what support you "
                    "will need after 18.", date=target, duty=True, basis=Basis.RECOMMENDED,
                    note="Care Act s.63: a duty with no date when of significant benefit; the date is the planner's "
                    "target, so missing it is a window missed, not a breach."),
        r.milestone("young_carer_assessment_at_18", "At 18: your young carer's assessment can count as a carer's one",
                    f"On {day_text(b18)} the council decides whether to treat your young carer's assessment as your "
                    "adult carer's assessment.", date=b18, source="Care Act 2014 s.64; Explanatory Notes para 394 [V]"),
    ]


S_17 = Rule(
    id="S-17", title="Young carers: Care Act s.63 transition assessment (carers of adults), s.17ZA otherwise",
    easy_read="Support if you care for someone.", domain=Domain.SOCIAL_CARE,
    source="Care Act 2014 ss.63-64; Children Act 1989 s.17ZA [V/V2]", applies_when="is a young carer",
    applies=lambda p: p.young_carer, compute=_s17,
)


_STATUS_WORDS = {
    CareStatus.NOT_YET_ELIGIBLE: "You are looked after. You are not yet an 'eligible child' for leaving-care help.",
    CareStatus.ELIGIBLE: "You are an 'eligible child': you get a needs assessment, a pathway plan and a personal "
    "adviser.",
    CareStatus.RELEVANT: "You are a 'relevant child': the council must support you, give you a personal adviser and "
    "a pathway plan, and help with where you live and money.",
    CareStatus.FORMER_RELEVANT: "You are a 'former relevant child': you keep your personal adviser and pathway plan "
    "to 21, and can ask for a personal adviser up to 25.",
    CareStatus.QUALIFYING: "You are a 'qualifying care leaver': you can get advice and help until 21. This does not "
    "include a personal adviser to 25.",
}


def _s7(ctx: Context, r: Rule) -> list[Milestone]:
    p = ctx.person
    b14, b16, b18, b21, b25 = (ctx.birthday(a) for a in (14, 16, 18, 21, 25))
    h = care_history(p, b14, b16, b18)
    if h is None:
        return []
    flags = [Flag.ESTIMATED] if h.estimated else []
    note = ("The record has no dates of care: the usual case is assumed. Record looked_after_since and left_care."
            if h.estimated else "One period of care is recorded; earlier care after 14 also counts towards the 13 "
            "weeks.")
    out: list[Milestone] = []
    day = ctx.as_of
    status = h.status_on(day, b16, b18, b21) if day is not None else CareStatus.NONE
    if day is not None and status is not CareStatus.NONE:
        out.append(r.milestone("care_status", f"Leaving care: {status.value}", _STATUS_WORDS[status], date=day,
                               flags=flags, note=note, duty=False))
    if h.eligible_from is not None:
        due = sy.add_months(h.eligible_from, 3)
        alt = h.eligible_from - D(days=1)
        out += [
            r.milestone("eligible_child_from", "You become an eligible child",
                        f"From {day_text(h.eligible_from)} you are an eligible child: 13 weeks in care since you were "
                        "14, and 16 or over.", date=h.eligible_from, flags=flags + [Flag.AMBIGUOUS],
                        note=f"Reading the 13 weeks as complete at the end of the 91st day gives {day_text(alt)}."),
            r.milestone("pathway_needs_assessment_due", "Leaving care needs assessment",
                        f"By {day_text(due)} your social worker must assess what you need to leave care; your pathway "
                        "plan follows.", date=due, flags=flags, duty=True,
                        source="CPPCR (England) Regs 2010 reg 42(1); CA 1989 Sch 2 para 19B(4) [V]",
                        note="Within 3 months of the 16th birthday, or of becoming an eligible child after 16."),
            r.milestone("personal_adviser", "A personal adviser for you",
                        f"From {day_text(h.eligible_from)} you should have a personal adviser, until you are 21 (and to "
                        "25 if you ask).", start=h.eligible_from, end=b21 - D(days=1), flags=flags,
                        source="CA 1989 Sch 2 para 19C, s.23C(3) [V]"),
        ]
        out.append(r.milestone("former_relevant_duties", "Leaving care support from 18 to 21",
                               f"From {day_text(b18)} to {day_text(b21 - D(days=1))} the council keeps in touch, keeps "
                               "your personal adviser and pathway plan, and helps with education and work.",
                               start=b18, end=b21 - D(days=1), flags=flags, source="CA 1989 s.23C [V]",
                               note="Longer while you follow an agreed education or training programme "
                               "(s.23C(7), s.23CA) [U]."))
        adviser_from = max(b21, p.pa_requested or b21)
        out.append(r.milestone("personal_adviser_on_request", "A personal adviser from 21 to 25 if you ask",
                               f"From 21 until {day_text(b25 - D(days=1))} you can ask for a personal adviser again." if
                               p.pa_requested is None else f"You asked on {day_text(p.pa_requested)}: the council must "
                               f"give you a personal adviser, an assessment and a pathway plan until "
                               f"{day_text(b25 - D(days=1))}.", start=min(adviser_from, b25 - D(days=1)),
                               end=b25 - D(days=1), flags=flags,
                               source="CA 1989 s.23CZB (Children and Social Work Act 2017 s.3) [V]"))
        if p.pa_requested is not None and b21 <= p.pa_requested < b25:
            out.append(r.milestone("personal_adviser_requested", "You asked for a personal adviser: it must follow",
                                   f"You asked on {day_text(p.pa_requested)}. The council must now give you a personal "
                                   "adviser, assess your needs and write a pathway plan with you.",
                                   date=p.pa_requested, duty=True, flags=flags,
                                   source="CA 1989 s.23CZB(2)-(4) [V]",
                                   note="No time limit for the assessment was found in the law [U]."))
        if p.foster_placement and h.looked_after_at_18:
            out.append(r.milestone("staying_put", "Staying Put with your foster family until 21",
                                   f"You can stay living with your foster carers until {day_text(b21 - D(days=1))}.",
                                   start=b18, end=b21 - D(days=1), flags=flags, source="CA 1989 s.23CZA [V]"))
    elif h.since is not None and (h.last_day is None or h.last_day >= b16):
        first = max(b16, (h.last_day + D(days=1)) if h.last_day and h.last_day < b18 - D(days=1) else b18)
        out.append(r.milestone("qualifying_care_leaver", "Advice and help as a qualifying care leaver until 21",
                               f"From {day_text(first)} to {day_text(b21 - D(days=1))} the council must give you advice "
                               "and help. This does not include a personal adviser to 25.",
                               start=first, end=b21 - D(days=1), flags=flags, source="CA 1989 s.24, s.24A-24B [V]",
                               note="Not an eligible child: fewer than 13 weeks in care since 14 ending after 16, or "
                               "care only through short breaks (CPPCR reg 40(2), reg 48)."))
    return out


S_7 = Rule(
    id="S-7", title="Leaving care by status: eligible, relevant, former relevant or qualifying; the duties each carries",
    easy_read="Help when you leave care.", domain=Domain.SOCIAL_CARE,
    source="CA 1989 Sch 2 paras 19B-19C, ss.23A-24; CPPCR (England) Regs 2010 regs 40-43, 48; CSWA 2017 s.3 [V]",
    applies_when="looked after or a care leaver",
    applies=lambda p: p.looked_after or p.care_leaver or p.left_care is not None, compute=_s7,
)


RULES: tuple[Rule, ...] = (S_1, S_2, S_4, S_16, S_17, S_7)
