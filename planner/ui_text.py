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


def long_date(day: dt.date) -> str:
    """31 March 2027 (no leading zero, month in words)."""
    return f"{day.day} {day.strftime('%B')} {day.year}"


def age_phrase(years: int) -> str:
    return f"{years} years old"


def pluralise(n: int, one: str, many: str | None = None) -> str:
    return f"{n} {one if n == 1 else (many or one + 's')}"
