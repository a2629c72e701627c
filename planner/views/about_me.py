"""Tell it once: the top of "A person's plan", a referral to a service, and what is still to ask.

The young person's one-page profile, what they want (the four preparing-for-adulthood
outcomes, SEND Code 8.5) and how they communicate are written once and read everywhere they are
shared: here for the worker, in a referral, on the printed plan. What a reader sees is decided by
planner.access.consent on every page load; the communication needs come first and stand out
(the Accessible Information Standard's "flag": highly visible whenever the record is opened).
"""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, ConfigDict, Field

from planner.access import User
from planner.access import consent as consent_rules
from planner.access.records import Contact, PersonRecord, service_teams
from planner.own_words import PART_WORDS, Author, Part, WordsRecord, review_due
from planner.schoolyear import age_on
from planner.views.reader import team_name
from planner.views.words import OUTCOMES, PROFILE_QUESTIONS, long_date, service_name


class Said(BaseModel):
    """One answer: the question or heading, the words, and who wrote them."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    heading: str
    words: str
    written_by: str = ""


def written_by(author: Author | None, name: str) -> str:
    """'In Sam's own words', 'Written by their parent or carer (parent.sam)' ..."""
    if author is None:
        return ""
    return {
        "young_person": f"In {name}'s own words",
        "parent_carer": f"Written by {name}'s parent or carer ({author.by})",
        "worker": f"Recorded by a worker ({author.by})",
        "team_manager": f"Recorded by a team manager ({author.by})",
    }.get(author.role, f"Written by {author.by}")


class AboutMe(BaseModel):
    """What the top of "A person's plan" shows about the young person."""

    model_config = ConfigDict(extra="forbid")

    heading: str  # "Sam Taylor, 17"
    parts: frozenset[Part]
    reason: str  # why this reader sees what they see
    flag: str | None = None  # the communication needs in one line, shown first
    communication: list[Said] = Field(default_factory=list)
    profile: list[Said] = Field(default_factory=list)
    wishes: list[Said] = Field(default_factory=list)
    still_to_ask: list[str] = Field(default_factory=list)  # never ask twice: only what is not told yet
    review: str = ""  # when the communication needs were last checked
    sharing: list[str] = Field(default_factory=list)
    worker: Contact | None = None

    @property
    def hidden(self) -> list[str]:
        return [PART_WORDS[p] for p in Part if p not in self.parts]


def _first(name: str) -> str:
    return name.split()[0] if name.strip() else "the young person"


def sharing_lines(record: PersonRecord, teams: dict[str, str]) -> list[str]:
    """'College (College and provider admissions): about me and what I want, how I communicate'."""
    out = []
    for sid, parts in sorted(record.consent_parts.items(), key=lambda kv: service_name(kv[0])):
        team = teams.get(sid)
        what = "; ".join(PART_WORDS[p] for p in sorted(parts)) if parts else "nothing"
        out.append(f"{service_name(sid)}{f' ({team_name(team)})' if team else ''}: {what}")
    if record.links.parent_consent:
        out.append("Parent or carer: sees the whole plan")
    return out


def about_me(record: PersonRecord, user: User, today: dt.date) -> AboutMe:
    """The top of a person's plan for `user` (consent asked now, from the record just read)."""
    name = _first(record.name)
    shown = consent_rules.shown(user, record.links, today)
    out = AboutMe(heading=f"{record.name}, {age_on(record.person.dob, today)}", parts=shown.parts, reason=shown.reason,
                  worker=record.worker, sharing=sharing_lines(record, service_teams()))
    authors = record.authors
    if Part.COMMUNICATION in shown.parts:
        needs = record.communication
        lines = needs.lines()
        who = authors.get(WordsRecord.COMMUNICATION.value, {})
        out.communication = [Said(heading=h, words=w, written_by=written_by(next(iter(who.values()), None), name))
                             for h, w in lines]
        if needs.flagged:
            out.flag = needs.flag()
        if needs.empty:
            out.still_to_ask.append("How they like to communicate, and any communication needs")
        last = max((a.at for a in who.values() if a.at), default="")
        last_day = dt.date.fromisoformat(last[:10]) if last else None
        if last_day:
            out.review = f"Last changed on {long_date(last_day)}."
            if review_due(last_day, today):
                out.review += " Check with them that it is still right."
    if Part.ABOUT_ME in shown.parts:
        who = authors.get(WordsRecord.PROFILE.value, {})
        out.profile = [Said(heading=q, words=record.profile[k], written_by=written_by(who.get(k), name))
                       for k, q in PROFILE_QUESTIONS.items() if record.profile.get(k)]
        who = authors.get(WordsRecord.WISHES.value, {})
        out.wishes = [Said(heading=label, words=record.aspirations[k], written_by=written_by(who.get(k), name))
                      for k, (label, _q) in OUTCOMES.items() if record.aspirations.get(k)]
        out.still_to_ask += [f"One-page profile: {q}" for k, q in PROFILE_QUESTIONS.items() if not record.profile.get(k)]
        out.still_to_ask += [f"What they want: {label}" for k, (label, _q) in OUTCOMES.items()
                             if not record.aspirations.get(k)]
    return out


class Referral(BaseModel):
    """What goes with a referral to one service: only what the young person shares with it."""

    model_config = ConfigDict(extra="forbid")

    service: str
    lines: list[str]

    def as_text(self) -> str:
        return "\n".join(self.lines)


def referral(record: PersonRecord, service_id: str, today: dt.date) -> Referral:
    """The young person's words for a referral to `service_id`, as far as they agreed to share them
    with it (never asked again: the words are the ones they already gave)."""
    name, service = _first(record.name), service_name(service_id)
    parts = record.consent_parts.get(service_id, frozenset())
    lines = [f"Referral to {service} for {record.name}, born {long_date(record.person.dob)}.",
             f"Made on {long_date(today)}."]
    if record.worker:
        contact = ", ".join(x for x in (record.worker.phone, record.worker.email) if x)
        lines.append(f"Named worker: {record.worker.name}" + (f" ({record.worker.team})" if record.worker.team else "")
                     + (f", {contact}" if contact else "") + ".")
    if Part.COMMUNICATION in parts:
        lines.append("")
        lines.append(f"How {name} communicates (Accessible Information Standard):")
        lines += [f"- {h}: {w}" for h, w in record.communication.lines()] or ["- Nothing recorded yet."]
    if Part.ABOUT_ME in parts:
        lines.append("")
        lines.append(f"About {name}, in their own words:")
        lines += [f"- {q}: {record.profile[k]}" for k, q in PROFILE_QUESTIONS.items() if record.profile.get(k)]
        lines.append(f"What {name} wants:")
        lines += [f"- {label}: {record.aspirations[k]}" for k, (label, _q) in OUTCOMES.items() if record.aspirations.get(k)]
    missing = [PART_WORDS[p] for p in Part if p not in parts]
    if missing:
        lines.append("")
        lines.append(f"{name} has not agreed to share {' or '.join(missing)} with {service}. "
                     f"Ask {name} before you share it.")
    return Referral(service=service, lines=lines)
