"""Pydantic models of the glossary nouns that every layer shares: Person and Milestone.

Pathway, handover, schedule and store records live beside the code that owns them; this module
sits at the bottom of the dependency graph and imports nothing else from `planner`.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Annotated, Literal, Self

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

PersonId = Annotated[str, StringConstraints(min_length=1, max_length=64, strip_whitespace=True)]
RuleId = Annotated[str, StringConstraints(pattern=r"^[A-Z]{1,3}-\d{1,2}$")]


class Domain(StrEnum):
    """The preparing-for-adulthood domains a milestone or service belongs to."""

    EDUCATION = "education"
    EMPLOYMENT = "employment"
    HOUSING = "housing"
    HEALTH = "health"
    SOCIAL_CARE = "social care"
    MONEY = "money"
    LEGAL = "legal"


# A team's capacity is given per week, month, year or academic year and kept per week. A month
# is 52/12 weeks; a year and an academic year count 52 weeks: a place (a supported internship)
# is a year's capacity, not 39 teaching weeks' worth. The one conversion every module uses.
CapacityUnit = Literal["week", "month", "year", "academic year"]
WEEKS_IN: dict[str, float] = {"week": 1.0, "month": 52.0 / 12.0, "year": 52.0, "academic year": 52.0}


def per_week(amount: float, per: str) -> float:
    """`amount` a `per` (week, month, year or academic year) as a number a week."""
    if per not in WEEKS_IN:
        raise ValueError(f"{per!r} is not a capacity unit: use week, month, year or academic year")
    return amount / WEEKS_IN[per]


def in_unit(amount_per_week: float, per: str) -> float:
    """A number a week as a number a `per` (the inverse of `per_week`)."""
    return amount_per_week * WEEKS_IN[per]


class Outcome(StrEnum):
    """The four preparing-for-adulthood outcomes (SEND Code of Practice 8.5): the one vocabulary
    of aspirations, services' outcomes, routes and the commissioner's figures."""

    EMPLOYMENT = "employment"  # higher education and/or employment
    INDEPENDENT_LIVING = "independent_living"
    COMMUNITY_INCLUSION = "community_inclusion"  # participating in society: friends, community
    GOOD_HEALTH = "good_health"  # being as healthy as possible


class Need(StrEnum):
    """Type of need, as the DfE SEN2 return codes it (SEN2 2025 guide, item 5.8a). `DS` (Down
    syndrome) is new in 2025; `SPLD` is upper case. The spellings of earlier versions of this
    planner (`SpLD`, `Other`) are read as aliases, in any case, so older files and databases
    still import (`Need("SpLD") is Need.SPLD`); "Not recorded" is no code: it is a blank."""

    SPLD = "SPLD"
    MLD = "MLD"
    SLD = "SLD"
    PMLD = "PMLD"
    SEMH = "SEMH"
    SLCN = "SLCN"
    HI = "HI"
    VI = "VI"
    MSI = "MSI"
    PD = "PD"
    ASD = "ASD"
    DS = "DS"
    OTH = "OTH"

    @classmethod
    def _missing_(cls, value: object) -> Need | None:
        if not isinstance(value, str):
            return None
        key = value.strip().upper()
        key = NEED_ALIASES.get(key, key)
        return next((m for m in cls if m.value == key), None)

    @property
    def label(self) -> str:
        return NEED_NAMES[self]


# Earlier spellings read as the 2025 codes (upper-cased before the look-up).
NEED_ALIASES: dict[str, str] = {"OTHER": "OTH", "OTHER DIFFICULTY/DISABILITY": "OTH"}
NOT_RECORDED = frozenset({"not recorded", "nr"})  # read as a blank need, never stored
NEED_NAMES: dict[str, str] = {
    "SPLD": "Specific learning difficulty", "MLD": "Moderate learning difficulty",
    "SLD": "Severe learning difficulty", "PMLD": "Profound and multiple learning difficulty",
    "SEMH": "Social, emotional and mental health", "SLCN": "Speech, language and communication needs",
    "HI": "Hearing impairment", "VI": "Vision impairment", "MSI": "Multi-sensory impairment",
    "PD": "Physical disability", "ASD": "Autistic spectrum disorder", "DS": "Down syndrome",
    "OTH": "Other difficulty or disability",
}


class Person(BaseModel):
    """A young person and the circumstances the rules need.

    This model is the one definition of a person's facts: the store's columns, the import
    columns, the command line's options and the pathway files' conditions are all derived from
    its fields (`FLAG_FIELDS`, `DATE_FIELDS`, `ASSESSED_FIELDS`). A yes/no field's description
    completes the sentence "only for someone who ...". Dates are optional facts from the
    record; a missing date means "not known", and the rules that need it are skipped rather
    than guessed.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: PersonId | None = None
    dob: dt.date = Field(description="date of birth")
    primary_need: Need | None = Field(None, description="primary type of need (SEN2 code)")
    ehc_plan: bool = Field(False, description="has an EHC plan")
    plan_issued: dt.date | None = Field(None, description="date the EHC plan was first issued")
    last_review: dt.date | None = Field(None, description="date of the last annual review meeting")
    assessment_request: dt.date | None = Field(
        None, description="date an EHC needs assessment was requested"
    )
    post16_move: dt.date | None = Field(
        None, description="date of a planned move between two post-16 institutions"
    )
    looked_after: bool = Field(False, description="is looked after (in care) now")
    looked_after_since: dt.date | None = Field(None, description="date the person became looked after")
    care_leaver: bool = Field(False, description="is a care leaver")
    childrens_social_care: bool = Field(
        False, description="is open to children's social care, the disability team or short breaks"
    )
    continuing_care: bool = Field(False, description="has a children's continuing care package")
    camhs: bool = Field(False, description="is open to CAMHS (children's mental health services)")
    paediatrics: bool = Field(False, description="is open to paediatrics or another children's health specialty")
    ld_register: bool = Field(False, description="is on the GP learning disability register")
    dla: bool = Field(False, description="gets Disability Living Allowance")
    uc_exception: bool = Field(
        False, description="meets a Universal Credit reg 8 exception (for example limited capability for work)"
    )
    young_carer: bool = Field(False, description="is a young carer")
    entered_services: dt.date | None = Field(
        None, description="date the person entered children's health or social care"
    )
    secondary_mh_need: bool | None = Field(
        None, description="adult secondary mental health services have accepted (yes) or declined "
        "(no) the young person; blank: not yet known, so the plan keeps that route open"
    )
    # --- issue 11: what the law's dates need beyond the first cut --------------------------
    record_started: dt.date | None = Field(
        None, description="date the planner's record of the person began: a step due before it "
        "and not recorded is 'not recorded', not overdue (blank: the plan's as-of date)"
    )
    year_group_offset: int = Field(
        0, ge=-2, le=2, description="school years the person is taught out of their age group "
        "(-1: one year below); Year 9, Year 11 and the post-16 transfer move, compulsory school age does not"
    )
    sixth_form_at_school: bool = Field(
        False, description="is staying on at a school sixth form after Year 11 (not a post-16 "
        "institution, so not a phase transfer under reg 2(1))"
    )
    school_transfer: dt.date | None = Field(
        None, description="date of a move between school phases other than to post-16 (middle to secondary school)"
    )
    review_decision_sent: dt.date | None = Field(
        None, description="date the council sent its decision after the last annual review meeting"
    )
    amendment_notice_sent: dt.date | None = Field(
        None, description="date the council sent the proposed amendments after the last review meeting"
    )
    amended_plan_issued: dt.date | None = Field(
        None, description="date the final amended EHC plan was issued after the last review meeting"
    )
    advice_requested: dt.date | None = Field(
        None, description="date the council asked for advice for the EHC needs assessment (reg 8)"
    )
    draft_served: dt.date | None = Field(None, description="date the draft EHC plan was served")
    reassessment_request: dt.date | None = Field(
        None, description="date a re-assessment of the EHC plan was requested"
    )
    reassessment_decision_sent: dt.date | None = Field(
        None, description="date the council sent its decision to re-assess"
    )
    decision_notice_sent: dt.date | None = Field(
        None, description="date the council sent a decision that can be appealed to the SEND Tribunal"
    )
    mediation_certificate_issued: dt.date | None = Field(
        None, description="date a mediation certificate was issued for that decision"
    )
    left_care: dt.date | None = Field(None, description="the last day the person was looked after (care ended)")
    short_breaks_only: bool = Field(
        False, description="is (or was) looked after only through a series of short breaks (CPPCR 2010 reg 48)"
    )
    foster_placement: bool = Field(
        False, description="is (or was, when care ended) placed with a local authority foster parent"
    )
    pa_requested: dt.date | None = Field(
        None, description="date a care leaver aged 21 to 24 asked for a personal adviser (s.23CZB)"
    )
    cares_for_adult: bool = Field(False, description="is a young carer of an adult (a parent, not only a brother or sister)")
    pip_letter_date: dt.date | None = Field(None, description="date on the DWP letter inviting a PIP claim")
    pip_claimed: dt.date | None = Field(None, description="date the PIP claim was made")
    pip_second_letter_date: dt.date | None = Field(
        None, description="date on the DWP's second letter, after DLA stopped for a missed claim"
    )
    non_advanced_course: bool = Field(
        False, description="is on a full-time non-advanced course (school, sixth form or college, "
        "over 12 hours a week) begun before 19"
    )

    @model_validator(mode="after")
    def _circumstances_fit_together(self) -> Self:
        problems = []
        if self.looked_after and self.care_leaver:
            problems.append("a person cannot be looked after and a care leaver at the same time")
        if self.looked_after_since and not self.looked_after and not self.care_leaver:
            problems.append("looked_after_since needs looked_after or care_leaver")
        if (self.plan_issued or self.last_review) and not self.ehc_plan:
            problems.append("plan_issued and last_review need an EHC plan (ehc_plan)")
        if self.plan_issued and self.last_review and self.last_review < self.plan_issued:
            problems.append("the last review cannot be before the plan was issued")
        after_review = ("review_decision_sent", "amendment_notice_sent", "amended_plan_issued")
        for name in after_review:
            if getattr(self, name) and not self.last_review:
                problems.append(f"{name} needs the date of the review meeting (last_review)")
            elif getattr(self, name) and getattr(self, name) < self.last_review:  # type: ignore[operator]
                problems.append(f"{name} cannot be before the last review meeting")
        if self.left_care and self.looked_after:
            problems.append("left_care is for someone no longer looked after")
        if self.left_care and self.looked_after_since and self.left_care < self.looked_after_since:
            problems.append("left_care cannot be before looked_after_since")
        if self.pa_requested and not self.care_leaver:
            problems.append("pa_requested needs care_leaver")
        for name in DATE_FIELDS:
            value = getattr(self, name)
            if value is not None and value < self.dob:
                problems.append(f"{name} ({value}) is before the date of birth ({self.dob})")
        if problems:
            raise ValueError("; ".join(problems))
        return self


# Dates of things that have happened: none can be after today (s.44(1)(b) "was last reviewed").
HAPPENED_FIELDS = ("plan_issued", "last_review", "assessment_request", "looked_after_since", "entered_services",
                   "record_started", "review_decision_sent", "amendment_notice_sent", "amended_plan_issued",
                   "advice_requested", "draft_served", "reassessment_request", "reassessment_decision_sent",
                   "decision_notice_sent", "mediation_certificate_issued", "left_care", "pa_requested",
                   "pip_letter_date", "pip_claimed", "pip_second_letter_date")


def happened_problems(person: Person, today: dt.date) -> list[tuple[str, str]]:
    """(field, message) for each of the person's dates of things that have happened which is
    after `today`; empty when there are none."""
    out = []
    for name in HAPPENED_FIELDS:
        day = getattr(person, name)
        if day is None or day <= today:
            continue
        when = f"({day.day} {day:%B %Y}) is after today ({today.day} {today:%B %Y})"
        if name == "last_review":
            out.append((name, f"The last review date {when}. Enter the date the meeting was held."))
        else:
            what = (Person.model_fields[name].description or name).capitalize()
            out.append((name, f"{what} {when}. Enter the day it happened."))
    return out


def _fields_of(model: type[BaseModel], annotation: object, skip: tuple[str, ...] = ()) -> tuple[str, ...]:
    return tuple(name for name, f in model.model_fields.items() if f.annotation == annotation and name not in skip)


FLAG_FIELDS = _fields_of(Person, bool)  # yes/no facts from the record
DATE_FIELDS = _fields_of(Person, dt.date | None)  # the person's own dates (not the date of birth)
ASSESSED_FIELDS = _fields_of(Person, bool | None)  # yes, no or not known yet: an assessment's answer
NUMBER_FIELDS = _fields_of(Person, int)  # whole numbers (the year-group offset)


class PersonRecord(Person):
    """What the record keeps about a person beyond what the rules need: who they are in their
    area's own system, their name and the facts the commissioner's figures and access use. The
    store's `people` columns are exactly these fields."""

    area: str = Field(min_length=1, max_length=64, description="the local area")
    local_id: str = Field(min_length=1, max_length=64, description="the area's own id for the person")
    name: str = Field("", max_length=200, description="name")
    sex: Literal["M", "F"] | None = Field(None, description="sex (M or F)")
    ethnicity: str | None = Field(None, max_length=100, description="ethnicity")
    secondary_need: Need | None = Field(None, description="secondary type of need (SEN2 code)")
    setting: str | None = Field(None, max_length=200, description="education setting")
    upn: str | None = Field(None, pattern=r"^[A-Z][0-9]{11}[0-9A-Z]$",
                            description="Unique Pupil Number (13 characters: a letter, 11 digits, a digit or letter)")
    uln: str | None = Field(None, pattern=r"^[0-9]{10}$", description="Unique Learner Number (10 digits)")
    worker: str | None = Field(None, description="the named worker's username")
    known_to_pfa: bool = Field(False, description="is known to the preparing-for-adulthood team")
    parent_consent: bool = Field(False, description="agrees their parent or carer may see their record")
    sen_support: bool = Field(False, description="has or had SEN support without an EHC plan")
    part_time_timetable: bool = Field(False, description="is or was on a part-time timetable")
    out_of_area_placement: bool = Field(False, description="is or was placed in a school or college outside the area")
    independent_placement: bool = Field(False, description="is or was placed in an independent school or college")
    youth_justice: bool = Field(False, description="is or was known to the youth justice service")

    @model_validator(mode="after")
    def _support_fits_the_plan(self) -> Self:
        if self.sen_support and self.ehc_plan:
            raise ValueError("sen_support means SEN support without an EHC plan: it cannot go with ehc_plan")
        return self


RECORD_FLAG_FIELDS = _fields_of(PersonRecord, bool, skip=FLAG_FIELDS)  # yes/no facts the rules do not use
RECORD_TEXT_FIELDS = tuple(n for n in PersonRecord.model_fields if n not in Person.model_fields
                           and n not in RECORD_FLAG_FIELDS)


class Flag(StrEnum):
    """Warnings attached to a milestone, so users know when to take care with a date."""

    STATUTORY_EDGE = "statutory-edge"  # the law and the usual practice disagree here
    STRICT_READING = "strict-reading"  # a stricter reading of the words gives an earlier date
    ESTIMATED = "estimated"  # depends on a date that is not known yet (a letter, a meeting)
    PROJECTED = "projected"  # a repeat of a cycle assumed to continue on time
    UNVERIFIED = "unverified"  # rules.md marks the source [U]
    LEAP_DAY = "leap-day"  # depends on the 29 February convention
    AMBIGUOUS = "ambiguous"  # the source can be read two ways; the chosen reading is configurable
    PAST = "past"  # before the as-of date


class Basis(StrEnum):
    """Where a date's force comes from. *Statutory* only where an Act or a regulation (or a
    court's reading of one) sets it: missing it is a breach. *Recommended* where guidance (NICE,
    SCIE, the NHS CHC framework's "should", the Care and Support Statutory Guidance) or the
    planner's own default sets it: a window to aim for, never counted as a breach."""

    STATUTORY = "statutory"
    RECOMMENDED = "recommended"


class StepStatus(StrEnum):
    """The status of a step, a review or a duty: the one vocabulary every layer reads and writes.

    The store keeps what was *recorded*: PLANNED (nothing recorded yet), DONE and REFUSED (only
    a recorded event sets them: planner.planning.events), CANCELLED, and NOT_RECORDED (its
    deadline passed before the planner's record of the person began, so nobody knows). The rest
    are worked out on the day from a PLANNED step's dates (`step_status`): OVERDUE (its deadline
    has passed and nothing is recorded: never "assumed done"), DUE (its planned time has come),
    LATE (planned to finish after its deadline)."""

    PLANNED = "planned"
    DUE = "due"
    LATE = "late"
    OVERDUE = "overdue"
    DONE = "done"
    REFUSED = "refused"
    CANCELLED = "cancelled"
    NOT_RECORDED = "not_recorded"


STORED_STATUSES = frozenset({StepStatus.PLANNED, StepStatus.DONE, StepStatus.REFUSED, StepStatus.CANCELLED,
                             StepStatus.NOT_RECORDED})
CLOSED_STATUSES = frozenset({StepStatus.DONE, StepStatus.CANCELLED, StepStatus.NOT_RECORDED})  # nothing to plan
RECORDED_BY_EVENT = frozenset({StepStatus.DONE, StepStatus.REFUSED})  # only an event sets these


def step_status(recorded: str | None, today: dt.date, *, start: dt.date | None = None, end: dt.date | None = None,
                deadline: dt.date | None = None) -> StepStatus:
    """The status of a step on `today` from what the store recorded and its dates.

    A recorded status (done, refused, cancelled, not recorded) stands whatever the dates say.
    Otherwise: past its deadline it is OVERDUE; in its planned weeks it is DUE; planned to end
    after its deadline it is LATE; else PLANNED. A date that has passed never makes a step done."""
    status = StepStatus(recorded or StepStatus.PLANNED)
    if status in STORED_STATUSES - {StepStatus.PLANNED}:
        return status
    if deadline is not None and deadline < today:
        return StepStatus.OVERDUE
    if start is not None and start <= today <= (end or start):
        return StepStatus.DUE
    if end is not None and deadline is not None and end > deadline:
        return StepStatus.LATE
    return StepStatus.PLANNED


class Milestone(BaseModel):
    """A dated event or window on a person's timeline, produced by one rule.

    A *duty* is something someone must do by the date (a review, an assessment, a decision);
    its status comes from the record (`done_on`, or the step that carries it), never from the
    date having passed. `basis` says whether the date is statutory or recommended."""

    model_config = ConfigDict(extra="forbid")

    rule_id: RuleId
    key: str = Field(description="stable machine name, unique within a person's timeline")
    title: str
    easy_read: str
    domain: Domain
    source: str
    date: dt.date | None = None
    start: dt.date | None = None
    end: dt.date | None = None
    flags: list[Flag] = Field(default_factory=list)
    note: str = ""
    basis: Basis = Basis.STATUTORY
    duty: bool = Field(False, description="someone must act by this date; done only when recorded")
    done_on: dt.date | None = Field(None, description="the record says it was done on this day")

    @model_validator(mode="after")
    def _date_or_window(self) -> Self:
        if self.date is None and (self.start is None or self.end is None):
            raise ValueError("a milestone needs a date or a start and an end")
        if self.start and self.end and self.end < self.start:
            raise ValueError(f"milestone {self.key} ends before it starts")
        return self

    @property
    def sort_date(self) -> dt.date:
        return self.date if self.date is not None else self.start  # type: ignore[return-value]

    @property
    def is_window(self) -> bool:
        return self.date is None


ServiceId = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$", max_length=64)]
TeamId = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$", max_length=64)]


class Episode(BaseModel):
    """A person in a service from a start date to an end date (planned or actual).

    `end` is the planned end while `end_actual` is false; an open-ended episode has no end and
    its service's age range (for example the 18th birthday for CAMHS) sets when it stops.
    """

    model_config = ConfigDict(extra="forbid")

    person_id: PersonId | None = None
    service_id: ServiceId
    start: dt.date
    end: dt.date | None = None
    end_actual: bool = False

    @model_validator(mode="after")
    def _ends_after_start(self) -> Self:
        if self.end is not None and self.end < self.start:
            raise ValueError(f"episode in {self.service_id} ends ({self.end}) before it starts ({self.start})")
        return self
