"""An outcome record: what was observed, on a date, about a young person's four
preparing-for-adulthood outcomes (SEND Code of Practice 8.5; `planner.models.Outcome`).

One record is one observation: a worker's (with the source they had it from) or the young
person's own check-in. Each fact belongs to one outcome (`FIELD_OUTCOME`); any fact may be
blank (not known), and a record must say at least one thing.

- employment (education, employment or training): the main activity (`Activity`: school or
  college, higher education, apprenticeship, supported internship, training, paid work,
  voluntary work, a day service, or not in education, employment or training), paid hours a
  week, where and since when;
- independent living: where and how they live (`Living`);
- good health: registered with an adult GP, an annual health check done in the last year,
  the adult health or care services they need in place;
- community inclusion: friends they see, activities they take part in, travelling on their
  own.

The young person's check-in adds how it is going (`Going`) and, for each outcome, whether it is
going the way they wanted (`AimAnswer`). A record made when an EHC plan ends carries the SEN2
cease reason (`CeaseReason`, SEN2 item 4.6).

The points that matter (`Point`): the end of Year 11 and the ages 17, 18, 19, 21 and 25. A
record counts for a point when its date falls in the point's window (`window`); the status at
a point is, for each fact, the latest record in the window that gives it (`status_at`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from enum import IntEnum, StrEnum
from functools import lru_cache
from typing import Annotated, Any, Self

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from planner import schoolyear as sy
from planner.models import Outcome, PersonId


class Activity(StrEnum):
    """Main activity: education, employment or training, or not."""

    SCHOOL_OR_COLLEGE = "school_or_college"  # school, sixth form, FE or specialist college
    HIGHER_EDUCATION = "higher_education"
    APPRENTICESHIP = "apprenticeship"
    SUPPORTED_INTERNSHIP = "supported_internship"
    TRAINING = "training"  # a training provider, traineeship or study programme
    PAID_WORK = "paid_work"
    VOLUNTARY_WORK = "voluntary_work"
    DAY_SERVICE = "day_service"  # adult social care day opportunities
    NEET = "neet"  # not in education, employment or training


# Education, employment or training. Voluntary work and day services are not: the DfE's
# destination measures and NCCIS count education, apprenticeships, training and employment
# (supported internships are study programmes) [A: the NCCIS code list was not read].
EET = frozenset({Activity.SCHOOL_OR_COLLEGE, Activity.HIGHER_EDUCATION, Activity.APPRENTICESHIP,
                 Activity.SUPPORTED_INTERNSHIP, Activity.TRAINING, Activity.PAID_WORK})
# Paid work: a job, or an apprenticeship (a paid job with training); ASCOF 1E counts any paid
# work, one hour a week or more.
PAID = frozenset({Activity.PAID_WORK, Activity.APPRENTICESHIP})

ACTIVITY_WORDS: dict[Activity, str] = {
    Activity.SCHOOL_OR_COLLEGE: "at school or college",
    Activity.HIGHER_EDUCATION: "at university or in higher education",
    Activity.APPRENTICESHIP: "on an apprenticeship",
    Activity.SUPPORTED_INTERNSHIP: "on a supported internship",
    Activity.TRAINING: "in training",
    Activity.PAID_WORK: "in a paid job",
    Activity.VOLUNTARY_WORK: "doing voluntary work",
    Activity.DAY_SERVICE: "at a day service",
    Activity.NEET: "not in education, work or training",
}


class Living(StrEnum):
    """Where and how the young person lives."""

    WITH_FAMILY = "with_family"
    SUPPORTED_LIVING = "supported_living"
    SHARED_LIVES = "shared_lives"
    OWN_TENANCY = "own_tenancy"  # their own home, rented or owned
    RESIDENTIAL = "residential"  # a residential care home or residential college
    OTHER = "other"  # temporary, no settled home, or somewhere else


# Living independently or with support: their own home, supported living or Shared Lives.
INDEPENDENT_OR_SUPPORTED = frozenset({Living.OWN_TENANCY, Living.SUPPORTED_LIVING, Living.SHARED_LIVES})
# Settled accommodation as ASCOF 1G counts it ("own home or with family": tenancy, supported
# living, Shared Lives, family); residential and nursing care and temporary homes are not.
SETTLED = INDEPENDENT_OR_SUPPORTED | {Living.WITH_FAMILY}

LIVING_WORDS: dict[Living, str] = {
    Living.WITH_FAMILY: "lives with family",
    Living.SUPPORTED_LIVING: "lives in supported living",
    Living.SHARED_LIVES: "lives with a Shared Lives carer",
    Living.OWN_TENANCY: "lives in their own home",
    Living.RESIDENTIAL: "lives in a care home or residential college",
    Living.OTHER: "has no settled home",
}


class CeaseReason(IntEnum):
    """Why an EHC plan ended: SEN2 item 4.6 (DfE SEN2 2025 guide, via /work/notes/sen2.md)."""

    MAX_AGE = 1
    NEEDS_MET = 2
    HIGHER_EDUCATION = 3
    EMPLOYED = 4
    TRANSFER_OUT = 5
    NO_ENGAGEMENT = 6
    LEFT_ENGLAND = 7
    DECEASED = 8
    OTHER = 9

    @property
    def words(self) -> str:
        return CEASE_WORDS[self]


CEASE_WORDS: dict[CeaseReason, str] = {
    CeaseReason.MAX_AGE: "reached the maximum age (the academic year of the 25th birthday)",
    CeaseReason.NEEDS_MET: "education or training needs met without an EHC plan",
    CeaseReason.HIGHER_EDUCATION: "moved on to higher education",
    CeaseReason.EMPLOYED: "moved on to paid work (not an apprenticeship)",
    CeaseReason.TRANSFER_OUT: "moved to another local authority in England",
    CeaseReason.NO_ENGAGEMENT: "no longer wishes to engage in education or training",
    CeaseReason.LEFT_ENGLAND: "moved outside England",
    CeaseReason.DECEASED: "died",
    CeaseReason.OTHER: "another reason",
}
# After these the area is no longer responsible: later points leave them out of its figures.
LEFT_THE_AREA = frozenset({CeaseReason.TRANSFER_OUT, CeaseReason.LEFT_ENGLAND, CeaseReason.DECEASED})


class Going(StrEnum):
    """The young person's answer to "How is it going?"."""

    WELL = "well"
    OK = "ok"
    NOT_WELL = "not_well"


class AimAnswer(StrEnum):
    """Is it going the way you wanted? (for one outcome)"""

    YES = "yes"
    PARTLY = "partly"
    NO = "no"


# Which outcome each fact of a record belongs to.
FIELD_OUTCOME: dict[str, Outcome] = {
    "activity": Outcome.EMPLOYMENT, "paid_hours": Outcome.EMPLOYMENT, "activity_where": Outcome.EMPLOYMENT,
    "activity_since": Outcome.EMPLOYMENT, "aim_employment": Outcome.EMPLOYMENT,
    "living": Outcome.INDEPENDENT_LIVING, "aim_independent_living": Outcome.INDEPENDENT_LIVING,
    "adult_gp": Outcome.GOOD_HEALTH, "health_check": Outcome.GOOD_HEALTH, "adult_services": Outcome.GOOD_HEALTH,
    "aim_good_health": Outcome.GOOD_HEALTH,
    "friends": Outcome.COMMUNITY_INCLUSION, "activities": Outcome.COMMUNITY_INCLUSION,
    "travels_independently": Outcome.COMMUNITY_INCLUSION, "aim_community_inclusion": Outcome.COMMUNITY_INCLUSION,
}
AIM_FIELDS: dict[Outcome, str] = {o: f"aim_{o.value}" for o in Outcome}
YES_NO_FIELDS = ("adult_gp", "health_check", "adult_services", "friends", "activities", "travels_independently")
# Facts the status at a point is made of (the latest record in the window that gives each).
FACT_FIELDS = ("activity", "paid_hours", "activity_where", "activity_since", "living", *YES_NO_FIELDS,
               "going", *AIM_FIELDS.values())

Source = Annotated[str, StringConstraints(min_length=1, max_length=200, strip_whitespace=True)]
CHECK_IN_SOURCE = "the young person's check-in"
# Where a worker had it from (suggestions; any words are kept).
SOURCES = ("annual review", "careers adviser (NCCIS)", "school, college or provider", "adult social care",
           "GP or health record", "youth justice service", "the young person", "the family", "other")


class OutcomeRecord(BaseModel):
    """One dated observation of a young person's outcomes; blank facts are not known."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: int | None = None
    person_id: PersonId
    observed_on: dt.date = Field(description="the date the facts were true (a review, a call, a check-in)")
    source: Source = Field(description="where the facts come from")
    by_young_person: bool = Field(False, description="the young person's own check-in")
    activity: Activity | None = None
    paid_hours: float | None = Field(None, ge=0, le=100, description="hours of paid work a week")
    activity_where: str = Field("", max_length=200, description="where: the college, employer or place")
    activity_since: dt.date | None = None
    living: Living | None = None
    adult_gp: bool | None = Field(None, description="registered with an adult GP")
    health_check: bool | None = Field(None, description="a learning disability annual health check in the last year")
    adult_services: bool | None = Field(None, description="the adult health or care services they need are in place")
    friends: bool | None = Field(None, description="sees friends")
    activities: bool | None = Field(None, description="takes part in activities they enjoy")
    travels_independently: bool | None = Field(None, description="travels on their own")
    going: Going | None = None
    aim_employment: AimAnswer | None = None
    aim_independent_living: AimAnswer | None = None
    aim_community_inclusion: AimAnswer | None = None
    aim_good_health: AimAnswer | None = None
    cease_reason: CeaseReason | None = Field(None, description="the EHC plan ended on this date, for this SEN2 reason")
    note: str = Field("", max_length=2000)
    recorded_by: str = ""
    recorded_at: str = ""

    @model_validator(mode="after")
    def _says_something(self) -> Self:
        if self.cease_reason is None and all(getattr(self, f) in (None, "") for f in FACT_FIELDS):
            raise ValueError("an outcome record must say at least one thing (an activity, where they live, "
                             "a health or community fact, how it is going, or why the plan ended)")
        if self.activity_since and self.activity_since > self.observed_on:
            raise ValueError("activity_since cannot be after the date of the record")
        if self.paid_hours and self.activity in (Activity.NEET, Activity.DAY_SERVICE, Activity.VOLUNTARY_WORK):
            raise ValueError(f"paid hours do not fit {ACTIVITY_WORDS[self.activity]}")
        return self

    def facts(self) -> dict[str, Any]:
        """The facts this record gives (blank ones left out)."""
        return {f: getattr(self, f) for f in FACT_FIELDS if getattr(self, f) not in (None, "")}


# ---- points and windows ----------------------------------------------------------------------

class Point(StrEnum):
    """The points that matter for outcomes after 16."""

    YEAR11_END = "year11_end"
    AGE_17 = "17"
    AGE_18 = "18"
    AGE_19 = "19"
    AGE_21 = "21"
    AGE_25 = "25"

    @property
    def label(self) -> str:
        return "the end of Year 11" if self is Point.YEAR11_END else f"{self.value}"


POINTS = tuple(Point)
HALF_YEAR = 6  # months either side of a birthday [A: one year centred on it]


def point_date(point: Point, dob: dt.date) -> dt.date:
    """The day a point falls: the end of compulsory school age (the last Friday of June of
    Year 11, Education Act 1996 s.8), or the birthday."""
    if point is Point.YEAR11_END:
        return sy.csa_end(dob)
    return sy.anniversary(dob, int(point.value))


@lru_cache(maxsize=65536)  # an area shares a few thousand dates of birth; England asks millions of times
def window(point: Point, dob: dt.date) -> tuple[dt.date, dt.date]:
    """The dates whose records count for `point`, first and last day.

    The end of Year 11: from three months before the end of compulsory school age to 31
    December after it (destinations are known once the autumn term has settled; NCCIS follows
    them up in the autumn) [A]. An age: six months either side of the birthday [A]."""
    day = point_date(point, dob)
    if point is Point.YEAR11_END:
        return day - dt.timedelta(days=91), dt.date(day.year, 12, 31)
    return sy.add_months(day, -HALF_YEAR), sy.add_months(day, HALF_YEAR) - dt.timedelta(days=1)


def points_on(dob: dt.date, day: dt.date) -> list[Point]:
    """The points whose window holds `day` (none between points; the end of Year 11 and 17 may
    overlap)."""
    return [p for p in POINTS if window(p, dob)[0] <= day <= window(p, dob)[1]]


def cohort(dob: dt.date) -> int:
    """The year the young person turned 18."""
    return sy.anniversary(dob, 18).year


Status = dict[str, tuple[Any, dt.date]]  # fact -> (value, date of the record that gave it)


def status_at(records: Iterable[Mapping[str, Any]], start: dt.date, end: dt.date) -> Status:
    """For each fact, the latest value recorded from `start` to `end` (records as mappings with
    `observed_on` as a date; later records, then later ids, win)."""
    out: Status = {}
    for r in sorted((r for r in records if start <= r["observed_on"] <= end),
                    key=lambda r: (r["observed_on"], r.get("id") or 0)):
        for f in FACT_FIELDS:
            v = r.get(f)
            if v is not None and v != "":
                out[f] = (v, r["observed_on"])
    return out
