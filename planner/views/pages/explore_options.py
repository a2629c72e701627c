"""Explore options: what the young person could do next in each area of life, filtered by what
they want. The answer is planner.options over the pathway graph, from the services their record
says they use now (and those their circumstances imply): the same answer as `planner options`;
then the services of their area's local offer (planner.views.local_offer), when the database
holds one. Their record is read through planner.views.pages.my_record (audited)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from planner import milestones, pathways, store
from planner.options import Option, current_services, options_for
from planner.views import local_offer
from planner.views.local_offer import LocalOption
from planner.views.pages import Request, my_record
from planner.views.words import DOMAIN_LABELS, OUTCOMES, long_date, service_name

# What the young person can choose to think about: outcome id -> label.
WANTS: dict[str, str] = {k: label for k, (label, _question) in OUTCOMES.items()}


@dataclass(frozen=True)
class OptionItem:
    """One option in plain words."""

    service_id: str
    name: str
    what: str  # what it is, and who it suits
    why: str  # why it is an option from where they are now ('' for the local offer)
    first: str  # what has to happen first
    from_date: str  # when it could start, or ''
    helps_with: str
    who: str  # who can help locally
    closed_because: str = ""
    url: str = ""  # a local offer service's website
    from_local_offer: bool = False


@dataclass(frozen=True)
class OptionsView:
    current: list[str]  # the service ids they use now
    options: list[Option]  # planner.options' answer, filtered by what they want
    today: dt.date
    local: list[LocalOption] = field(default_factory=list)  # the local offer's, filtered the same way

    @property
    def open(self) -> list[Option]:
        return [o for o in self.options if o.open]

    @property
    def closed(self) -> list[Option]:
        return [o for o in self.options if not o.open]

    @property
    def count(self) -> int:
        """How many options are open to them (the graph's and the local offer's)."""
        return len(self.open) + len(self.local)

    def item(self, o: Option) -> OptionItem:
        graph = pathways.default_graph()
        teams, team = graph.graph["teams"], graph.graph["services"][o.service_id].team
        return OptionItem(
            service_id=o.service_id, name=service_name(o.service_id), what=o.description, why=o.reason,
            first="; ".join(o.first) or "Nothing: talk to your worker about it.",
            from_date="" if o.available_from <= self.today else long_date(o.available_from),
            helps_with=_helps(o.outcomes), who=teams[team].name if team in teams else team.replace("_", " "),
            closed_because=o.closed_because or "")

    @staticmethod
    def local_item(o: LocalOption) -> OptionItem:
        return OptionItem(service_id=o.service_id, name=o.name, what=o.suits, why="", first=o.first,
                          from_date=o.by_when, helps_with=_helps(o.outcomes), who=o.local, url=o.url,
                          from_local_offer=True)

    def by_area(self) -> list[tuple[str, list[OptionItem]]]:
        """(area of life, its open options: the graph's, then the local offer's) for each area
        with one, in the menu's order."""
        out = []
        for domain, label in DOMAIN_LABELS.items():
            mine = [self.item(o) for o in self.open if o.domain == domain.value]
            mine += [self.local_item(o) for o in self.local if o.domain is domain]
            if mine:
                out.append((label, mine))
        return out

    def not_open(self) -> list[OptionItem]:
        return [self.item(o) for o in self.closed]


def _helps(outcomes) -> str:
    return ", ".join(WANTS[x] for x in outcomes if x in WANTS) or "-"


def show(req: Request, wants: set[str]) -> OptionsView:
    """The options from the services the young person's record says they use now, and their
    area's local offer, those that help with at least one of `wants` (all when empty)."""
    req.require("explore_options")
    record = my_record(req, "explore options")
    graph = pathways.default_graph()
    timeline = milestones.for_person(record.person, as_of=req.today)
    current = current_services(record.person, list(record.services), graph, req.today)
    found = options_for(record.person, current, graph, timeline)
    if wants:
        found = [o for o in found if set(o.outcomes) & set(wants)]
    local = local_offer.options_for(record.person, req.today, _local_offer(req, record.person.id), set(wants))
    return OptionsView(current=current, options=found, today=req.today, local=local)


def _local_offer(req: Request, person_id: str | None) -> list[dict]:
    """The local offer of the person's area (an Open Referral UK feed), when a database holds one."""
    row = store.get_person(req.db, person_id) if req.db is not None and person_id else None
    return store.local_offer(req.db, row["area"]) if row else []
