"""The young person's check-in: "How is it going?", in plain words.

Short questions, one idea each, every answer a choice (and "not sure" where a young person may
not know); the answers become an outcome record with the source "the young person's check-in"
(`to_record`). The pages show `QUESTIONS` and `CHOICES` as they are.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from planner.models import Outcome, PersonId
from planner.outcomes.record import (
    CHECK_IN_SOURCE,
    Activity,
    AimAnswer,
    Going,
    Living,
    OutcomeRecord,
)

YesNo = Literal["yes", "no", "not_sure"]

# The question for each answer, in the order a page asks them.
QUESTIONS: dict[str, str] = {
    "going": "How is it going?",
    "doing": "What do you do in the day now?",
    "paid_hours": "If you have a paid job: how many hours a week?",
    "doing_where": "Where? (for example the name of your college or work)",
    "living": "Where do you live?",
    "friends": "Do you see friends?",
    "activities": "Do you do things you enjoy, outside home?",
    "travels": "Can you go out on your own, by bus, train or walking?",
    "adult_gp": "Do you see a doctor (GP) for adults?",
    "health_check": "Have you had your yearly health check?",
    "aim_employment": "Work or learning: is it going the way you wanted?",
    "aim_independent_living": "Where you live: is it the way you wanted?",
    "aim_community_inclusion": "Friends and things you do: is it the way you wanted?",
    "aim_good_health": "Your health: is it the way you wanted?",
    "words": "Anything else you want to tell us?",
}

# Each choice's words, as the young person sees them.
CHOICES: dict[str, dict[str, str]] = {
    "going": {Going.WELL: "Good", Going.OK: "OK", Going.NOT_WELL: "Not good"},
    "doing": {
        Activity.SCHOOL_OR_COLLEGE: "School or college", Activity.HIGHER_EDUCATION: "University",
        Activity.APPRENTICESHIP: "An apprenticeship", Activity.SUPPORTED_INTERNSHIP: "A supported internship",
        Activity.TRAINING: "A training course", Activity.PAID_WORK: "A paid job",
        Activity.VOLUNTARY_WORK: "Volunteering", Activity.DAY_SERVICE: "A day centre or day service",
        Activity.NEET: "Nothing at the moment",
    },
    "living": {
        Living.WITH_FAMILY: "With my family", Living.SUPPORTED_LIVING: "In supported living",
        Living.SHARED_LIVES: "With a Shared Lives carer", Living.OWN_TENANCY: "In my own home",
        Living.RESIDENTIAL: "In a care home or a college where I stay", Living.OTHER: "Somewhere else",
    },
    "yes_no": {"yes": "Yes", "no": "No", "not_sure": "Not sure"},
    "aim": {AimAnswer.YES: "Yes", AimAnswer.PARTLY: "A bit", AimAnswer.NO: "No"},
}


class CheckIn(BaseModel):
    """A young person's answers; any may be left blank."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    person_id: PersonId
    on: dt.date
    going: Going | None = None
    doing: Activity | None = None
    paid_hours: float | None = Field(None, ge=0, le=100)
    doing_where: str = Field("", max_length=200)
    living: Living | None = None
    friends: YesNo | None = None
    activities: YesNo | None = None
    travels: YesNo | None = None
    adult_gp: YesNo | None = None
    health_check: YesNo | None = None
    aim_employment: AimAnswer | None = None
    aim_independent_living: AimAnswer | None = None
    aim_community_inclusion: AimAnswer | None = None
    aim_good_health: AimAnswer | None = None
    words: str = Field("", max_length=2000)


def _yes_no(answer: str | None) -> bool | None:
    return {"yes": True, "no": False}.get(answer or "")


def to_record(answers: CheckIn, by: str) -> OutcomeRecord:
    """The outcome record of a check-in ("not sure" is not known). Raises ValueError (for the
    page to show) when nothing was answered."""
    aims = {f"aim_{o.value}": getattr(answers, f"aim_{o.value}") for o in Outcome}
    try:
        return OutcomeRecord(
            person_id=answers.person_id, observed_on=answers.on, source=CHECK_IN_SOURCE, by_young_person=True,
            activity=answers.doing, paid_hours=answers.paid_hours if answers.doing not in (
                Activity.NEET, Activity.DAY_SERVICE, Activity.VOLUNTARY_WORK) else None,
            activity_where=answers.doing_where.strip(), living=answers.living,
            friends=_yes_no(answers.friends), activities=_yes_no(answers.activities),
            travels_independently=_yes_no(answers.travels), adult_gp=_yes_no(answers.adult_gp),
            health_check=_yes_no(answers.health_check), going=answers.going, note=answers.words.strip(),
            recorded_by=by, **aims)
    except ValueError as exc:
        if "at least one thing" in str(exc):
            raise ValueError("Answer at least one question, then press the button again.") from None
        raise
