"""Options a young person could choose, in plain words, filtered by what they want.

Uses the pathway graph (planner.pathways) when it is present; until then a short built-in list
of the options that rules.md and existing-systems.md name, each tied to the milestone that sets
"by when" for this person.
"""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, ConfigDict

from planner.milestones import Timeline
from planner.models import Domain, Person
from planner.schoolyear import age_on
from planner.views.words import OUTCOMES, long_date, service_name


class OptionView(BaseModel):
    model_config = ConfigDict(extra="forbid")

    service_id: str
    name: str
    domain: Domain
    outcomes: tuple[str, ...]  # preparing-for-adulthood outcome ids
    suits: str
    first: str  # what has to happen first
    by_when: str  # plain sentence with a date, or ""
    local: str  # who provides it locally


# service id, domain, outcomes, min age, max age (exclusive), needs EHC plan, suits, first,
# milestone key for "by when", local provider
_BUILT_IN = [
    ("school_sixth_form", Domain.EDUCATION, ("employment",), 16, 19, False,
     "People who like their school and want to keep studying there.",
     "Your Year 11 review agrees it, and the school offers you a place.", "phase_transfer_deadline",
     "Your school's sixth form"),
    ("fe_college", Domain.EDUCATION, ("employment", "community_inclusion"), 16, 25, False,
     "People who want a fresh start, practical courses or to meet new people.",
     "Visit the college, apply, and the college is asked about your EHC plan.", "phase_transfer_deadline",
     "Eastshire College (synthetic)"),
    ("specialist_post16", Domain.EDUCATION, ("employment", "independent_living"), 16, 25, True,
     "People whose needs a local college cannot meet.",
     "The council agrees your needs cannot be met locally and names the college in your plan.",
     "phase_transfer_deadline", "Council SEN team"),
    ("supported_internship", Domain.EMPLOYMENT, ("employment",), 16, 25, True,
     "People with an EHC plan who want to learn at work, with a job coach, for 6 to 12 months.",
     "Your review agrees it is right for you, and a college or provider offers a place.",
     "supported_internship_window", "Supported internships team"),
    ("apprenticeship", Domain.EMPLOYMENT, ("employment",), 16, 25, False,
     "People who want a paid job with training.", "Find an apprenticeship and apply. Careers advice can help.",
     "", "Careers and preparing for adulthood team"),
    ("employment_with_support", Domain.EMPLOYMENT, ("employment", "community_inclusion"), 16, 26, False,
     "People who want a job now, with help from a job coach or Access to Work.",
     "Talk to careers advice; apply to Access to Work once you have a job offer.", "", "Job coach service"),
    ("family_home", Domain.HOUSING, ("independent_living",), 14, 26, False,
     "People who want to stay at home for now and learn skills for later.",
     "Nothing has to change. Travel training and support at home can help.", "", "Travel training team"),
    ("supported_living", Domain.HOUSING, ("independent_living",), 18, 26, False,
     "Adults who want their own home with support staff nearby.",
     "An adult social care assessment says you need support to live on your own.",
     "care_act_assessment_target", "Supported living team"),
    ("shared_lives", Domain.HOUSING, ("independent_living", "community_inclusion"), 16, 26, False,
     "People who would like to live with, or often stay with, a trained Shared Lives carer.",
     "An adult social care assessment and a match with a carer.", "care_act_assessment_target",
     "Adult social care"),
    ("tenancy", Domain.HOUSING, ("independent_living",), 18, 26, False,
     "Adults ready to rent a home on their own or with friends.",
     "Money advice, a housing application, and support if you need it.", "", "Council housing options"),
    ("adult_social_care", Domain.SOCIAL_CARE, ("independent_living", "community_inclusion"), 14, 26, False,
     "People who will need care and support after 18, with a personal budget they can control.",
     "A Care Act transition assessment before you turn 18.", "care_act_assessment_target",
     "Adult transitions team"),
    ("ld_annual_health_check", Domain.HEALTH, ("good_health",), 14, 26, False,
     "People on their GP's learning disability register.", "Ask your GP to check you are on the register.",
     "", "Your GP practice"),
    ("adult_mental_health", Domain.HEALTH, ("good_health",), 17, 26, False,
     "People who need mental health support after CAMHS.",
     "CAMHS makes a plan with you and refers you before you are 18.", "camhs_transition_plan",
     "Adult mental health team"),
]


def options_for(person: Person, timeline: Timeline, today: dt.date, wants: set[str] | None = None) -> list[OptionView]:
    """Options open to `person` from where they are now (by age and plan), that meet at least
    one of the outcomes in `wants` (all when empty)."""
    age = age_on(person.dob, today)
    found: list[OptionView] = []
    for sid, domain, outcomes, lo, hi, needs_plan, suits, first, key, local in _BUILT_IN:
        # Look a little ahead: a 15-year-old can already plan for options that start at 16.
        if not (lo - 2 <= age < hi) or (needs_plan and not person.ehc_plan):
            continue
        if wants and not wants & set(outcomes):
            continue
        by_when = ""
        if key and key in timeline.keys():
            m = timeline.by_key(key)
            day = m.date or m.start
            assert day is not None
            if day >= today:
                by_when = f"Plan this by {long_date(day)}. {m.easy_read}"
            else:
                by_when = m.easy_read
        found.append(OptionView(service_id=sid, name=service_name(sid), domain=domain, outcomes=outcomes,
                                suits=suits, first=first, by_when=by_when, local=local))
    return found


def outcome_labels(ids: tuple[str, ...]) -> str:
    return ", ".join(OUTCOMES[i][0] for i in ids)
