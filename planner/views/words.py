"""Plain-English wording shared by the pages and the documents: dates, domains, outcomes.

Short words, one idea per sentence, dates written out in full ("31 March 2027"), because
many readers have a learning disability and numbers like 31/03/2027 are easy to misread.
"""

from __future__ import annotations

import datetime as dt

from planner.models import Domain
from planner.pathways import default_graph

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


def service_name(service_id: str) -> str:
    """A service's plain name from the pathway files: its `short_name`, else its `name`."""
    return default_graph().graph["pathways"].service_name(service_id)


def next_services(service_id: str) -> list[str]:
    """The services that can follow `service_id` in the pathway graph (its options and, for a
    children's service, its adult successors), in the order the files list them."""
    return list(default_graph().successors(service_id)) if service_id in default_graph() else []


def now_and_next(service_ids: list[str]) -> tuple[list[str], list[str]]:
    """Names of the services a person uses now, and of those that usually follow them."""
    now = [service_name(s) for s in service_ids]
    following: list[str] = []
    for s in service_ids:
        for nxt in next_services(s):
            name = service_name(nxt)
            if nxt not in service_ids and name not in following:
                following.append(name)
    return now, following
