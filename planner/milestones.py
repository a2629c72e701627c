"""Person -> dated milestones: applies every rule of the catalogue to one person."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable

from pydantic import BaseModel, ConfigDict

from planner import schoolyear as sy
from planner.models import Flag, Milestone, Person
from planner.rules import CATALOGUE, Context, Rule, keys


class Timeline(BaseModel):
    """A person's core dates (names from `worked-cases.md`) and every milestone in date order."""

    model_config = ConfigDict(extra="forbid")

    person: Person
    as_of: dt.date | None = None
    core: dict[str, dt.date]
    milestones: list[Milestone]
    only: frozenset[str] | None = None  # milestones only of the rules that can give these keys (None: all)

    def by_key(self, key: str) -> Milestone:
        for m in self.milestones:
            if m.key == key:
                return m
        raise KeyError(key)

    def keys(self) -> set[str]:
        return {m.key for m in self.milestones}


def rules_for(only: Iterable[str] | None) -> tuple[Rule, ...]:
    """The rules that can give any of the keys `only` (a key, or a prefix ending in "*");
    every rule when None (planner.rules.keys reads which keys each rule gives)."""
    if only is None:
        return CATALOGUE
    return _rules_for(frozenset(only))


@functools.cache
def _rules_for(only: frozenset[str]) -> tuple[Rule, ...]:
    return tuple(rule for rule in CATALOGUE if keys.may_give(rule, only))


def for_person(
    person: Person,
    conventions: sy.DateConventions = sy.DEFAULT_CONVENTIONS,
    as_of: dt.date | None = None,
    only: Iterable[str] | None = None,
) -> Timeline:
    """Apply every rule that applies to `person`; milestones before `as_of` are flagged past.
    With `only` (keys, or prefixes ending in "*"), just the rules that can give one of those
    keys: the timeline then holds those keys (and others of the same rules) and no fewer, for a
    caller such as the scheduler's area build that reads a few keys of each of thousands of
    people."""
    ctx = Context(person, conventions, as_of)
    found: list[Milestone] = []
    seen: set[str] = set()
    only = None if only is None else frozenset(only)
    for rule in rules_for(only):
        for m in rule.milestones(ctx):
            if m.key in seen:
                raise ValueError(f"rule {rule.id} repeats the milestone key {m.key}")
            seen.add(m.key)
            last_day = m.date or m.end
            if as_of is not None and last_day is not None and last_day < as_of:
                m.flags.append(Flag.PAST)
            found.append(m)
    found.sort(key=lambda m: (m.sort_date, m.rule_id, m.key))
    return Timeline(person=person, as_of=as_of, core=ctx.core_dates(), milestones=found, only=only)
