"""Consent that decides: who sees the young person's own words, and who may change them.

Pure logic over planner.access.PersonLinks (no database). The rules:

- Reading the record at all is `planner.access.read_decision` (caseload, team, parent link and,
  after the end of compulsory school age, the young person's yes to their parent).
- A worker or team manager sees the one-page profile and what the young person wants
  (Part.ABOUT_ME) and how they communicate (Part.COMMUNICATION) only while the young person
  shares that part with a service their team runs (`PersonLinks.shared_with`). Consent is asked
  on every page load, so withdrawing it stops the next load at once.
- The young person and a parent or carer who may read the record see all of it; an administrator
  sees all of it for a subject access request (audited by the caller); a commissioner nothing.
- Own words belong to the young person: nobody else may change words the young person wrote
  (whoever wrote a field last is its author, from the versions the store keeps). A parent or
  carer may add words on the young person's behalf only before the end of compulsory school age
  (CFA 2014 s.83: decisions are the young person's after it; rules.md E-1); a worker may record
  them while the young person shares that part with their team.
- Sharing choices: what each service sees is decided by the young person, or by a linked parent
  before the end of compulsory school age (`access.can_change_consent`); whether the parent sees
  the record is the young person's choice alone.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping

from pydantic import BaseModel, ConfigDict

from planner import access
from planner.access import Decision, PersonLinks, Role, User
from planner.own_words import ALL_PARTS, PART_WORDS, Author, Part, WordsRecord

RECORD_PART: dict[WordsRecord, Part] = {
    WordsRecord.PROFILE: Part.ABOUT_ME,
    WordsRecord.WISHES: Part.ABOUT_ME,
    WordsRecord.COMMUNICATION: Part.COMMUNICATION,
}


class Shown(BaseModel):
    """Which parts of the young person's own words a user sees, and why (in words)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    parts: frozenset[Part]
    reason: str

    def sees(self, part: Part) -> bool:
        return part in self.parts


def _own(user: User, person_id: str) -> bool:
    return user.role is Role.YOUNG_PERSON and user.person_id == person_id


def shown(user: User | None, links: PersonLinks | None, today: dt.date) -> Shown:
    """What `user` sees of the young person's own words (asked on every page load)."""
    if user is None or links is None or not access.can_read_person(user, links.person_id, links, today):
        return Shown(parts=frozenset(), reason="You cannot see this record.")
    match user.role:
        case Role.YOUNG_PERSON:
            return Shown(parts=ALL_PARTS, reason="These are your own words.")
        case Role.PARENT_CARER:
            return Shown(parts=ALL_PARTS, reason="You may see the young person's record.")
        case Role.ADMINISTRATOR:
            return Shown(parts=ALL_PARTS, reason="Opened for a subject access request.")
        case Role.WORKER | Role.TEAM_MANAGER:
            parts = frozenset(Part(p) for p in links.shared_with.get(user.team_id or "", frozenset()))
            if not parts:
                return Shown(parts=parts, reason="The young person has not agreed to share their profile, "
                             "what they want or their communication needs with your team.")
            missing = ALL_PARTS - parts
            said = " and ".join(PART_WORDS[p] for p in sorted(parts))
            reason = f"The young person shares {said} with your team."
            if missing:
                reason += " They have not agreed to share " + " or ".join(PART_WORDS[p] for p in sorted(missing)) + "."
            return Shown(parts=parts, reason=reason)
    return Shown(parts=frozenset(), reason="Your role does not see a person's own words.")


def may_write(user: User | None, links: PersonLinks | None, today: dt.date, record: WordsRecord,
              changed: Iterable[str], authors: Mapping[str, Author]) -> Decision:
    """May `user` save a change to `changed` fields of `record` (profile, wishes or communication
    needs), given who wrote each field now (`authors`)?"""
    if record is WordsRecord.CONSENT:
        raise ValueError("use may_change_consent for sharing choices")
    if user is None or links is None:
        return Decision(allowed=False, reason="Please sign in first.")
    if user.role in (Role.COMMISSIONER, Role.ADMINISTRATOR):
        return Decision(allowed=False, reason="Your role does not write a young person's words.")
    if not access.can_read_person(user, links.person_id, links, today):
        return Decision(allowed=False, reason="You cannot see this record.")
    if _own(user, links.person_id):
        return Decision(allowed=True, reason="These are your own words.")
    if user.role is Role.YOUNG_PERSON:
        return Decision(allowed=False, reason="You can only change your own words.")
    theirs = sorted(f for f in changed if (a := authors.get(f)) is not None and a.role == Role.YOUNG_PERSON.value)
    if theirs:
        return Decision(allowed=False, reason="These are the young person's own words. Only they can change them.")
    if user.role is Role.PARENT_CARER:
        if access.over_compulsory_school_age(links.dob, today):
            return Decision(allowed=False, reason="The young person is over school age now, so only they can "
                            "change what their plan says.")
        return Decision(allowed=True, reason="You may add words for a child under school-leaving age.")
    part = RECORD_PART[record]
    if not shown(user, links, today).sees(part):
        return Decision(allowed=False, reason="The young person has not agreed to share this with your team.")
    return Decision(allowed=True, reason="You may record this with the young person.")


def may_change_consent(user: User | None, links: PersonLinks | None, today: dt.date, *, parent_choice: bool = False) -> Decision:
    """May `user` change what services see (or, with `parent_choice`, whether the parent or carer
    sees the record)?"""
    if user is None or links is None:
        return Decision(allowed=False, reason="Please sign in first.")
    if parent_choice:
        if _own(user, links.person_id):
            return Decision(allowed=True, reason="It is your choice who sees your plan.")
        return Decision(allowed=False, reason="Only the young person decides whether their parent or carer sees their plan.")
    if access.can_change_consent(user, links.person_id, links, today):
        return Decision(allowed=True, reason="You may decide who the plan is shared with.")
    if user.role is Role.PARENT_CARER:
        return Decision(allowed=False, reason="The young person is over school age now, so only they decide who sees their plan.")
    return Decision(allowed=False, reason="Only the young person (or their parent, before they leave school) decides this.")


def team_parts(consent_parts: Mapping[str, Iterable[Part | str]], service_teams: Mapping[str, str]) -> dict[str, frozenset[str]]:
    """team id -> parts shared with any service that team runs, from service id -> parts and the
    pathway files' service -> team (PersonLinks.shared_with)."""
    out: dict[str, set[str]] = {}
    for sid, parts in consent_parts.items():
        team = service_teams.get(sid)
        if team:
            out.setdefault(team, set()).update(Part(p).value for p in parts)
    return {t: frozenset(p) for t, p in out.items() if p}
