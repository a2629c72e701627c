"""What the young person said they wanted, against what happened, in plain sentences.

"At 16 you wanted to work with animals: you are on a supported internship at the farm park
since March." For the young person's and family's pages the sentences speak to the young
person (`name=None`); for the worker's page they use the young person's name.

What they said comes from `aspirations_said` (every change of their words, dated, so what
they wanted at 14, 16 and 18 is kept) or, failing that, from their words now; what happened
is the latest value of each fact in their outcome records (planner.outcomes.record).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from planner import schoolyear as sy
from planner.models import Outcome
from planner.outcomes.record import (
    ACTIVITY_WORDS,
    AIM_FIELDS,
    PAID,
    Activity,
    AimAnswer,
    Living,
    OutcomeRecord,
)

AREA_WORDS: dict[Outcome, str] = {
    Outcome.EMPLOYMENT: "work, learning or training",
    Outcome.INDEPENDENT_LIVING: "where you live",
    Outcome.COMMUNITY_INCLUSION: "friends and the things you do",
    Outcome.GOOD_HEALTH: "your health",
}
_LIVING_YOU: dict[Living, str] = {
    Living.WITH_FAMILY: "live with your family", Living.SUPPORTED_LIVING: "live in supported living",
    Living.SHARED_LIVES: "live with a Shared Lives carer", Living.OWN_TENANCY: "live in your own home",
    Living.RESIDENTIAL: "live in a care home or a residential college", Living.OTHER: "have no settled home",
}
_AIM_WORDS = {AimAnswer.YES: "it is going the way you wanted", AimAnswer.PARTLY: "it is partly going the way you wanted",
              AimAnswer.NO: "it is not going the way you wanted"}
_WANT = re.compile(r"^\s*i\s+(?:really\s+)?(?:want|would\s+like|'d\s+like|wish|hope)\s+(?:to\s+)?(.+?)[.!\s]*$",
                   re.IGNORECASE)


@dataclass(frozen=True)
class Said:
    outcome: Outcome
    words: str
    on: dt.date | None  # None: when is not known


@dataclass(frozen=True)
class AimLine:
    """One outcome: what they wanted and what happened, as one sentence."""

    outcome: Outcome
    sentence: str


class _Voice:
    """Second person for the young person ("you are"), third with a name for a worker."""

    def __init__(self, name: str | None):
        self.name = name

    @property
    def who(self) -> str:
        return self.name or "you"

    def be(self) -> str:
        return f"{self.name} is" if self.name else "you are"

    def verb(self, you_form: str) -> str:
        """'live with your family' -> 'Sam lives with their family'."""
        if not self.name:
            return f"you {you_form}"
        first, _, rest = you_form.partition(" ")
        third = {"have": "has", "do": "does", "see": "sees", "take": "takes", "travel": "travels",
                 "had": "had"}.get(first, first + "s")
        return f"{self.name} {third} {rest} ".replace(" your ", " their ").replace(" you ", " they ").rstrip()

    def swap(self, text: str) -> str:
        """The young person's own words turned to the voice: my -> your (or their)."""
        table = ({"my": "your", "me": "you", "i": "you", "myself": "yourself", "i'm": "you're", "am": "are"}
                 if not self.name else
                 {"my": "their", "me": "them", "i": "they", "myself": "themselves", "i'm": "they're", "am": "are"})
        return re.sub(r"\b(my|me|i|myself|i'm|am)\b", lambda m: table[m.group(1).lower()], text, flags=re.IGNORECASE)


def _age(dob: dt.date, day: dt.date | None) -> int | None:
    return sy.age_on(dob, day) if day and day >= dob else None


def _month(day: dt.date, today: dt.date) -> str:
    return day.strftime("%B") if (today - day).days < 330 else f"{day.strftime('%B')} {day.year}"


def wanted(said: Sequence[Said], dob: dt.date, voice: _Voice) -> str:
    """'At 14 you wanted to work with animals; at 16 you wanted to be a chef' (what they said
    last at each age, and only when it changed)."""
    by_age = {_age(dob, s.on): s for s in said}  # the last saying at each age wins
    said = [*(s for age, s in by_age.items() if age is not None), *(s for s in said if _age(dob, s.on) is None)]
    parts, last = [], None
    for s in said:
        if s.words.strip().lower() == last:
            continue
        last = s.words.strip().lower()
        m = _WANT.match(s.words)
        what = f"wanted to {voice.swap(m.group(1))}" if m else f"said “{s.words.strip()}”"
        if m and re.match(r"(my|a|an|the|some|to|more|less|own)\b", m.group(1), re.IGNORECASE):
            what = f"wanted {voice.swap(m.group(1))}"
        age = _age(dob, s.on)
        parts.append(f"at {age} {voice.who} {what}" if age is not None else f"{voice.who} {what}")
    text = "; ".join(parts)
    return text[:1].upper() + text[1:]


def now(outcome: Outcome, records: Sequence[OutcomeRecord], today: dt.date, voice: _Voice) -> str | None:
    """What the records say now about one outcome, or None when nothing is recorded."""
    latest: dict[str, tuple[object, OutcomeRecord]] = {}
    for r in sorted(records, key=lambda r: (r.observed_on, r.id or 0)):
        for field, value in r.facts().items():
            latest[field] = (value, r)
    if outcome is Outcome.EMPLOYMENT and "activity" in latest:
        activity, rec = latest["activity"]
        text = f"{voice.be()} {ACTIVITY_WORDS[Activity(activity)]}"
        if rec.activity_where:
            text += f" at {rec.activity_where}"
        if rec.activity_since:
            text += f" since {_month(rec.activity_since, today)}"
        if rec.paid_hours and Activity(activity) in PAID:
            text += f", {rec.paid_hours:g} hours a week"
        elif rec.paid_hours:
            text += f", with a paid job of {rec.paid_hours:g} hours a week"
        return text
    if outcome is Outcome.INDEPENDENT_LIVING and "living" in latest:
        return voice.verb(_LIVING_YOU[Living(latest["living"][0])])
    facts = {
        Outcome.GOOD_HEALTH: (("adult_gp", "see a GP for adults", "do not see a GP for adults yet"),
                              ("health_check", "had a yearly health check", "have not had a yearly health check"),
                              ("adult_services", "have the adult services you need",
                               "do not have all the adult services you need yet")),
        Outcome.COMMUNITY_INCLUSION: (("friends", "see friends", "do not see friends much"),
                                      ("activities", "do things you enjoy", "do not do many things you enjoy"),
                                      ("travels_independently", "travel on your own", "do not travel on your own yet")),
    }.get(outcome, ())
    said = [voice.verb(yes if latest[f][0] else no) for f, yes, no in facts if f in latest]
    if not said:
        return None
    return ", ".join(said[:-1]) + (" and " if len(said) > 1 else "") + said[-1]


def against(said: Iterable[Mapping] | Iterable[Said], current: Mapping[str, str], records: Sequence[OutcomeRecord],
            dob: dt.date, today: dt.date, name: str | None = None) -> list[AimLine]:
    """For each outcome the young person said something about, one sentence: what they wanted
    (at each age they said it) and what happened since, with their own view if they gave it."""
    voice = _Voice(name)
    by_outcome: dict[Outcome, list[Said]] = {o: [] for o in Outcome}
    for s in said:
        item = s if isinstance(s, Said) else Said(Outcome(s["outcome"]), s["words"],
                                                   dt.date.fromisoformat(str(s["said_on"])[:10]))
        by_outcome[item.outcome].append(item)
    for key, words in current.items():
        o = Outcome(key)
        if words and not any(s.words.strip() == words.strip() for s in by_outcome[o]):
            by_outcome[o].append(Said(o, words, None))
    lines = []
    for o, items in by_outcome.items():
        if not items:
            continue
        items.sort(key=lambda s: (s.on is None, s.on or today))
        head = wanted(items, dob, voice)
        happened = now(o, records, today, voice)
        area = AREA_WORDS[o] if not name else AREA_WORDS[o].replace("your", "their").replace("you", "they")
        sentence = f"{head}: {happened}." if happened else f"{head}. Nothing is recorded yet about {area}."
        aim = next((r for r in sorted(records, key=lambda r: (r.observed_on, r.id or 0), reverse=True)
                    if getattr(r, AIM_FIELDS[o]) is not None), None)
        if aim is not None:
            view = _AIM_WORDS[getattr(aim, AIM_FIELDS[o])]
            sentence += (f" On {aim.observed_on.day} {aim.observed_on.strftime('%B %Y')} you said {view}."
                         if not name else
                         f" On {aim.observed_on.day} {aim.observed_on.strftime('%B %Y')} {name} said "
                         f"{view.replace('you', 'they')}.")
        lines.append(AimLine(o, sentence))
    return lines
