"""Explore options: what the young person could do next in each area of life, filtered by what
they want. The answer is planner.options over the pathway graph, from the services their record
says they use now (and those their circumstances imply): the same answer as `planner options`.
Their record is read through planner.views.pages.my_record (audited)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from planner import milestones, pathways
from planner.options import Option, current_services, options_for
from planner.views.pages import Request, my_record
from planner.views.words import DOMAIN_LABELS, OUTCOMES, long_date, service_name

# What the young person can choose to think about: outcome id -> label.
WANTS: dict[str, str] = {k: label for k, (label, _question) in OUTCOMES.items()}


@dataclass(frozen=True)
class OptionItem:
    """One option in plain words."""

    service_id: str
    name: str
    what: str  # what it is
    why: str  # why it is an option from where they are now
    first: str  # what has to happen first
    from_date: str  # '' when it could start now
    helps_with: str
    who: str  # the team that can help
    closed_because: str = ""


@dataclass(frozen=True)
class OptionsView:
    current: list[str]  # the service ids they use now
    options: list[Option]  # planner.options' answer, filtered by what they want
    today: dt.date

    @property
    def open(self) -> list[Option]:
        return [o for o in self.options if o.open]

    @property
    def closed(self) -> list[Option]:
        return [o for o in self.options if not o.open]

    def item(self, o: Option) -> OptionItem:
        teams = pathways.default_graph().graph["teams"]
        team = pathways.default_graph().graph["services"][o.service_id].team
        return OptionItem(
            service_id=o.service_id, name=service_name(o.service_id), what=o.description, why=o.reason,
            first="; ".join(o.first) or "Nothing: talk to your worker about it.",
            from_date="" if o.available_from <= self.today else long_date(o.available_from),
            helps_with=", ".join(WANTS[x] for x in o.outcomes if x in WANTS) or "-",
            who=teams[team].name if team in teams else team.replace("_", " "),
            closed_because=o.closed_because or "")

    def by_area(self) -> list[tuple[str, list[OptionItem]]]:
        """(area of life, its open options) for each area with one, in the menu's order."""
        out = []
        for domain, label in DOMAIN_LABELS.items():
            mine = [self.item(o) for o in self.open if o.domain == domain.value]
            if mine:
                out.append((label, mine))
        return out

    def not_open(self) -> list[OptionItem]:
        return [self.item(o) for o in self.closed]


def show(req: Request, wants: set[str]) -> OptionsView:
    """The options from the services the young person's record says they use now, those that
    help with at least one of `wants` (all when empty)."""
    req.require("explore_options")
    record = my_record(req, "explore options")
    graph = pathways.default_graph()
    timeline = milestones.for_person(record.person, as_of=req.today)
    current = current_services(record.person, list(record.services), graph, req.today)
    found = options_for(record.person, current, graph, timeline)
    if wants:
        found = [o for o in found if set(o.outcomes) & set(wants)]
    return OptionsView(current=current, options=found, today=req.today)
