"""Which team acts before each handover, and when, read from the pathway files (pathways/*.yaml
and data/teams.yaml) rather than typed in again: the forecast's `DemandRule`s, the teams' names
and the team that holds the annual reviews.

A rule is made for each handover out of a children's service that ends at the 18th birthday (the
handovers to adult health and care; the forecast counts each from the service's planned end or
the 18th birthday. Education and the EHC plan's own handovers are counted as annual reviews, and
the benefit and transport handovers use no team with a stated capacity):

- its adult service is the first successor the handover lists (the usual one);
- its teams are those of the handover's steps that use capacity at a team with a stated
  capacity (a team without one never makes anyone wait), a `successor` step done by the adult
  service's team; a handover with no such step still counts adult-service starts (team None);
- the team acts `lead_months` before the children's service ends: when the step's recommended
  window closes or, without a window, at its deadline, worked out on a reference timeline (the
  anchors are birthdays and the service's end, so the answer is the same for everyone).
"""

from __future__ import annotations

import datetime as dt
from functools import cache
from typing import NamedTuple

from planner import handovers, milestones
from planner import schoolyear as sy
from planner.models import FLAG_FIELDS, Domain, Person
from planner.pathways import SUCCESSOR_TEAM, HandoverEdge, Pathways, Sector, default_graph


class DemandRule(NamedTuple):
    """A children's service whose end makes a team act for an adult successor."""

    childrens_service: str
    adult_service: str
    team: str | None  # None: the handover uses no team with a stated capacity (starts only)
    lead_months: int  # how long before the children's service ends the team acts
    source: str


END_AGE = 18  # the children's services whose handovers the forecast follows end at 18
# Everyone's timeline has the same shape; a birthday on the 1st keeps month arithmetic exact.
REFERENCE = Person(id="reference", dob=dt.date(2010, 9, 1), **{**dict.fromkeys(FLAG_FIELDS, True), "care_leaver": False})


def _months(earlier: dt.date, later: dt.date) -> int:
    return (later.year * 12 + later.month) - (earlier.year * 12 + earlier.month)


def _rules_for(h: HandoverEdge, p: Pathways, timeline) -> list[DemandRule]:
    adult = p.services[h.to[0]]
    out = []
    for child in h.from_:
        service = p.services[child]
        if service.sector is not Sector.CHILDREN or service.ages[1] != END_AGE:
            continue
        if h.children_end:
            end = handovers.resolve(h.children_end, REFERENCE, timeline)
        elif service.ends_at:
            end = handovers.resolve(service.ends_at, REFERENCE, timeline)
        else:
            end = sy.anniversary(REFERENCE.dob, service.ages[1])
        if end != sy.anniversary(REFERENCE.dob, END_AGE):
            continue  # the forecast counts from the end of the service at 18
        source = f"pathways: {h.id} (rules.md s.7 edge {h.edge})"
        mine = []
        for step in h.steps:
            team = adult.team if step.team == SUCCESSOR_TEAM else step.team
            if not step.uses_capacity or not p.limited(team):
                continue
            when = handovers.resolve(step.window[1] if step.window else step.deadline, REFERENCE, timeline, end)
            mine.append(DemandRule(child, adult.id, team, _months(when, end), f"{source}, step {step.id}"))
        out += mine or [DemandRule(child, adult.id, None, 0, source)]
    return out


def demand_rules(p: Pathways) -> tuple[DemandRule, ...]:
    """The forecast's rules from the pathway files (see the module's docstring)."""
    timeline = milestones.for_person(REFERENCE, as_of=REFERENCE.dob)
    return tuple(r for h in p.handovers.values() for r in _rules_for(h, p, timeline))


def team_labels(p: Pathways) -> dict[str, str]:
    return {t.id: t.name for t in p.teams.values()}


def childrens_care_services(p: Pathways) -> frozenset[str]:
    """The children's health and social care services (NICE QS140's "children's health or social
    care services"): the pathway files' services of the children's sector in those domains."""
    return frozenset(s.id for s in p.services.values()
                     if s.sector is Sector.CHILDREN and s.domain in (Domain.HEALTH, Domain.SOCIAL_CARE))


def flag_services(p: Pathways) -> dict[str, str]:
    """Person flag -> the children's health or social care service it stands for when no episode
    is recorded (each service's `flag` in the pathway files)."""
    care = childrens_care_services(p)
    return {s.flag: s.id for s in p.services.values() if s.flag and s.id in care}


@cache
def committed_services() -> tuple[frozenset[str], dict[str, str]]:
    """`childrens_care_services` and `flag_services` of the committed pathway files (once)."""
    p = default_graph().graph["pathways"]
    return childrens_care_services(p), flag_services(p)


@cache
def committed() -> tuple[tuple[DemandRule, ...], dict[str, str], str | None]:
    """The rules, team names and annual-review team of the committed pathway files (once)."""
    p = default_graph().graph["pathways"]
    return demand_rules(p), team_labels(p), p.annual_review_team
