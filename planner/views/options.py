"""Options a young person could choose, in plain words, filtered by what they want.

Uses the pathway graph (planner.pathways) when it is present; until then a short built-in list
of the options that rules.md and existing-systems.md name, each tied to the milestone that sets
"by when" for this person.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

from pydantic import BaseModel, ConfigDict

from planner.milestones import Timeline
from planner.models import Domain, Person
from planner.schoolyear import age_on, anniversary
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
    from_local_offer: bool = False  # a service of the area's local offer (Open Referral UK feed)
    for_send: bool = False  # the local offer says it is for young people with SEND
    url: str = ""


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


def options_for(person: Person, timeline: Timeline, today: dt.date, wants: set[str] | None = None,
                offer: Sequence[Mapping] = ()) -> list[OptionView]:
    """Options open to `person` from where they are now (by age and plan), that meet at least
    one of the outcomes in `wants` (all when empty): the built-in options, then the services of
    the local offer (`offer`: rows of planner.store.local_offer) that are active and whose ages
    fit, or will within two years."""
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
    found += [o for o in (_local(s, person, today) for s in offer) if o and (not wants or wants & set(o.outcomes))]
    return found


def _ordinal(n: int) -> str:
    return f"{n}{'th' if 10 <= n % 100 <= 20 else {1: 'st', 2: 'nd', 3: 'rd'}.get(n % 10, 'th')}"


def _ages(lo: float | None, hi: float | None) -> str:
    if lo is not None and hi is not None:
        return f"Ages {lo:g} to {hi:g}."
    if lo is not None:
        return f"From age {lo:g}."
    return f"Up to age {hi:g}." if hi is not None else ""


def _local(s: Mapping, person: Person, today: dt.date) -> OptionView | None:
    """A local offer service as an option, if it is active and the person's age fits (the
    feed's maximum age is the oldest a person may be), or will within two years."""
    age = age_on(person.dob, today)
    lo, hi = s.get("minimum_age"), s.get("maximum_age")
    if s.get("status") != "active" or not s.get("domain") or (hi is not None and age > hi) \
            or (lo is not None and age + 2 < lo):
        return None
    by_when = ""
    if lo is not None and age < lo:
        start = anniversary(person.dob, int(lo))
        by_when = f"From your {_ordinal(int(lo))} birthday, {long_date(start)}."
    contact = " or ".join(x for x in (s.get("email"), s.get("url")) if x)
    first = (f"Contact {s.get('contact') or s.get('organization') or 'the service'}"
             + (f": {contact}." if contact else "."))
    suits = " ".join(x for x in (s.get("description"), _ages(lo, hi), s.get("eligibility"),
                                 "For young people with SEND." if s.get("send") else "") if x)
    return OptionView(service_id=f"offer:{s['id']}", name=s["name"], domain=Domain(s["domain"]),
                      outcomes=tuple(o for o in (s.get("outcomes") or "").split(",") if o), suits=suits,
                      first=first, by_when=by_when, local=s.get("organization") or "", from_local_offer=True,
                      for_send=bool(s.get("send")), url=s.get("url") or "")


def outcome_labels(ids: tuple[str, ...]) -> str:
    return ", ".join(OUTCOMES[i][0] for i in ids)
