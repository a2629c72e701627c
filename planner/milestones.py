"""Person -> dated milestones: applies every rule of the catalogue to one person."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, ConfigDict

from planner import schoolyear as sy
from planner.models import Flag, Milestone, Person
from planner.rules import CATALOGUE, Context


class Timeline(BaseModel):
    """A person's core dates (names from `worked-cases.md`) and every milestone in date order."""

    model_config = ConfigDict(extra="forbid")

    person: Person
    as_of: dt.date | None = None
    core: dict[str, dt.date]
    milestones: list[Milestone]

    def by_key(self, key: str) -> Milestone:
        for m in self.milestones:
            if m.key == key:
                return m
        raise KeyError(key)

    def keys(self) -> set[str]:
        return {m.key for m in self.milestones}


def for_person(
    person: Person,
    conventions: sy.DateConventions = sy.DEFAULT_CONVENTIONS,
    as_of: dt.date | None = None,
) -> Timeline:
    """Apply every rule that applies to `person`; milestones before `as_of` are flagged past."""
    ctx = Context(person, conventions, as_of)
    found: list[Milestone] = []
    seen: set[str] = set()
    for rule in CATALOGUE:
        for m in rule.milestones(ctx):
            if m.key in seen:
                raise ValueError(f"rule {rule.id} repeats the milestone key {m.key}")
            seen.add(m.key)
            last_day = m.date or m.end
            if as_of is not None and last_day is not None and last_day < as_of:
                m.flags.append(Flag.PAST)
            found.append(m)
    found.sort(key=lambda m: (m.sort_date, m.rule_id, m.key))
    return Timeline(person=person, as_of=as_of, core=ctx.core_dates(), milestones=found)
