"""The area's local offer (an Open Referral UK feed, planner.store.local_offer) as options a
young person could choose, in plain words: the services that are active and whose ages fit the
person now or within two years. The pathway graph's options are planner.options; the options
page shows both."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

from pydantic import BaseModel, ConfigDict

from planner.models import Domain, Person
from planner.schoolyear import age_on, anniversary
from planner.views.words import OUTCOMES, long_date


class LocalOption(BaseModel):
    """A service of the local offer as an option."""

    model_config = ConfigDict(extra="forbid")

    service_id: str  # "offer:<the feed's id>"
    name: str
    domain: Domain
    outcomes: tuple[str, ...]  # preparing-for-adulthood outcome ids
    suits: str
    first: str  # what has to happen first
    by_when: str  # plain sentence with a date, or ""
    local: str  # who provides it
    from_local_offer: bool = True
    for_send: bool = False  # the local offer says it is for young people with SEND
    url: str = ""


def options_for(person: Person, today: dt.date, offer: Sequence[Mapping],
                wants: set[str] | None = None) -> list[LocalOption]:
    """The local offer's services open to `person` (`offer`: rows of planner.store.local_offer)
    that meet at least one of the outcomes in `wants` (all when empty)."""
    found = (_local(s, person, today) for s in offer)
    return [o for o in found if o and (not wants or wants & set(o.outcomes))]


def _ordinal(n: int) -> str:
    return f"{n}{'th' if 10 <= n % 100 <= 20 else {1: 'st', 2: 'nd', 3: 'rd'}.get(n % 10, 'th')}"


def _ages(lo: float | None, hi: float | None) -> str:
    if lo is not None and hi is not None:
        return f"Ages {lo:g} to {hi:g}."
    if lo is not None:
        return f"From age {lo:g}."
    return f"Up to age {hi:g}." if hi is not None else ""


def _local(s: Mapping, person: Person, today: dt.date) -> LocalOption | None:
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
    return LocalOption(service_id=f"offer:{s['id']}", name=s["name"], domain=Domain(s["domain"]),
                       outcomes=tuple(o for o in (s.get("outcomes") or "").split(",") if o), suits=suits,
                       first=first, by_when=by_when, local=s.get("organization") or "",
                       for_send=bool(s.get("send")), url=s.get("url") or "")


def outcome_labels(ids: tuple[str, ...]) -> str:
    return ", ".join(OUTCOMES[i][0] for i in ids if i in OUTCOMES)
