"""Plain-English wording shared by the pages and the documents: dates, domains, outcomes.

Short words, one idea per sentence, dates written out in full ("31 March 2027"), because
many readers have a learning disability and numbers like 31/03/2027 are easy to misread.
"""

from __future__ import annotations

import datetime as dt

from planner.models import Domain

DOMAIN_LABELS: dict[Domain, str] = {
    Domain.EDUCATION: "Learning",
    Domain.EMPLOYMENT: "Work",
    Domain.HOUSING: "Where I live",
    Domain.HEALTH: "Health",
    Domain.SOCIAL_CARE: "Care and support",
    Domain.MONEY: "Money",
    Domain.LEGAL: "Rights and age",
}

# The four preparing-for-adulthood outcomes (SEND Code 8.5), with the question a young person
# answers in "My plan" and the label used to filter options.
OUTCOMES: dict[str, tuple[str, str]] = {
    "employment": ("Work", "What work or learning would you like to do?"),
    "independent_living": ("Where I live", "Where would you like to live, and who with?"),
    "community_inclusion": ("Friends and community", "What do you like to do with friends and in your area?"),
    "good_health": ("Health", "What helps you stay well?"),
}

PROFILE_QUESTIONS: dict[str, str] = {
    "like_about_me": "What people like about me",
    "important_to_me": "What is important to me",
    "how_to_support_me": "How best to support me",
}


# Every ASCII punctuation mark Markdown (and Streamlit's extensions: :red[...], :smile:, $maths$)
# may give a meaning; CommonMark lets any of them be escaped with a backslash.
_MARKDOWN = frozenset("\\`*_{}[]()<>#+-.!|~:$=\"'&")


def md(text: object) -> str:
    """`text` (a name, or anything else a person typed) to show exactly as written in Markdown:
    every mark that Markdown or Streamlit would read is escaped, and line breaks become spaces,
    so a name like `![x](https://example.org/a.png)` is shown as those characters, never as an
    image the browser fetches (issue 17). Use it wherever such text goes into st.markdown, a
    title, a header or a message."""
    flat = " ".join(str(text).split())
    return "".join("\\" + ch if ch in _MARKDOWN else ch for ch in flat)


def long_date(day: dt.date) -> str:
    """31 March 2027 (no leading zero, month in words)."""
    return f"{day.day} {day.strftime('%B')} {day.year}"


def age_phrase(years: int) -> str:
    return f"{years} years old"


def pluralise(n: int, one: str, many: str | None = None) -> str:
    return f"{n} {one if n == 1 else (many or one + 's')}"


# Plain names for the shared service ids (team.md). The pathway files hold the same names once
# they exist; these are the words the young person's pages use when a service has no entry.
SERVICE_NAMES: dict[str, str] = {
    "secondary_school": "Secondary school", "special_school": "Special school",
    "camhs": "CAMHS (children's mental health)", "paediatrics": "Children's doctors (paediatrics)",
    "childrens_social_care": "Children's social care", "short_breaks": "Short breaks",
    "childrens_continuing_care": "Children's continuing care", "looked_after_care": "Care (looked after)",
    "home_to_school_transport": "School transport", "dla_child": "Disability Living Allowance",
    "paediatric_gp_care": "GP (children)", "school_sixth_form": "School sixth form",
    "special_school_post16": "Special school sixth form", "fe_college": "College",
    "specialist_post16": "Specialist college", "apprenticeship": "Apprenticeship",
    "supported_internship": "Supported internship", "study_programme": "Study programme",
    "higher_education": "University", "careers_guidance": "Careers advice", "job_coach": "Job coach",
    "access_to_work": "Access to Work", "supported_employment": "Supported employment",
    "employment_with_support": "A job with support", "family_home": "Living at home with family",
    "supported_living": "Supported living", "shared_lives": "Shared Lives", "residential_care": "Residential care",
    "tenancy": "My own or a shared home", "care_leaver_accommodation": "Care leaver accommodation",
    "adult_mental_health": "Adult mental health team", "primary_care_mh": "GP mental health support",
    "voluntary_sector_mh": "Mental health charity support", "adult_specialties": "Adult hospital doctors",
    "gp": "GP", "ld_annual_health_check": "Yearly health check at the GP", "nhs_chc": "NHS Continuing Healthcare",
    "adult_social_care": "Adult social care (with a personal budget)", "leaving_care": "Leaving care personal adviser",
    "pip": "Personal Independence Payment (PIP)", "universal_credit": "Universal Credit",
    "post16_travel_support": "Travel help for students",
}

# Children's service -> what usually comes next (rules.md section 7), used until the pathway
# graph can answer for the person.
NEXT_SERVICES: dict[str, tuple[str, ...]] = {
    "secondary_school": ("school_sixth_form", "fe_college", "apprenticeship", "supported_internship"),
    "special_school": ("special_school_post16", "fe_college", "specialist_post16", "supported_internship"),
    "special_school_post16": ("fe_college", "supported_internship", "specialist_post16"),
    "school_sixth_form": ("fe_college", "higher_education", "apprenticeship"),
    "childrens_social_care": ("adult_social_care",), "short_breaks": ("adult_social_care",),
    "childrens_continuing_care": ("nhs_chc",), "camhs": ("adult_mental_health", "primary_care_mh", "voluntary_sector_mh"),
    "paediatrics": ("adult_specialties", "gp"), "looked_after_care": ("leaving_care", "care_leaver_accommodation"),
    "dla_child": ("pip",), "home_to_school_transport": ("post16_travel_support",),
    "paediatric_gp_care": ("ld_annual_health_check",),
}


def service_name(service_id: str) -> str:
    return SERVICE_NAMES.get(service_id, service_id.replace("_", " ").capitalize())


def now_and_next(service_ids: list[str]) -> tuple[list[str], list[str]]:
    """Names of the services a person uses now, and of those that usually follow them."""
    now = [service_name(s) for s in service_ids]
    following: list[str] = []
    for s in service_ids:
        for nxt in NEXT_SERVICES.get(s, ()):
            name = service_name(nxt)
            if nxt not in service_ids and name not in following:
                following.append(name)
    return now, following
