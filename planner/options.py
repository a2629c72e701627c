"""Options a young person could choose, routes towards the four preparing-for-adulthood
outcomes, and the successor of each children's service: queries over the pathway graph."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

import networkx as nx
from pydantic import Field

from planner import handovers
from planner import schoolyear as sy
from planner.handovers import MissingDate, resolve
from planner.pathways.schema import ASSESSED, FACTS, OUTCOMES, Service, StepKind, _Model, holds


class Option(_Model):
    """An option open (or closed) to a person from a service they use now, in plain words."""

    service_id: str
    name: str
    domain: str
    description: str
    from_service: str
    kind: Literal["progression", "handover"]
    open: bool
    reason: str
    first: list[str] = Field(description="what has to happen first")
    available_from: Any = Field(description="earliest date the option could start")
    closed_because: str | None = None
    outcomes: list[str]
    source: str


class Route(_Model):
    """A path of services from where the person is now towards a preparing-for-adulthood outcome."""

    outcome: str
    target: str
    path: list[str]
    names: list[str]
    first: list[str]


def _facts_missing(conditions: list[str], person: Any) -> list[str]:
    return list(dict.fromkeys(FACTS[c] for c in conditions if c in FACTS and not holds(c, person)))


def current_services(person: Any, services: list[str], graph: nx.DiGraph, as_of: dt.date) -> list[str]:
    """The services a person uses now: those recorded (or named), then those their
    circumstances imply (planner.handovers.implied_episodes), each once."""
    implied = [e.service_id for e in handovers.implied_episodes(person, graph, as_of)]
    return list(dict.fromkeys([*services, *implied]))


def options_for(person: Any, current: list[str], graph: nx.DiGraph, timeline: Any) -> list[Option]:
    """Options from each current service (progression and handover edges), open ones first.

    An option is closed when a fact rules it out (no EHC plan) or the person will be too old;
    assessed conditions (Care Act eligibility) become things that have to happen first."""
    as_of = timeline.as_of or dt.date.today()
    services: dict[str, Service] = graph.graph["services"]
    found: dict[str, Option] = {}
    for c in current:
        if c not in graph:
            continue
        for _, t, data in graph.out_edges(c, data=True):
            if t in current or t in found:
                continue
            target = services[t]
            if data["progressions"]:
                prog = data["progressions"][0]
                kind, reason, first, conds, when, source = ("progression", prog.reason, [prog.first],
                                                            prog.conditions, prog.when, prog.source)
            else:
                h = graph.graph["handovers"][data["handovers"][0]]
                before = [s.title for s in h.steps if s.kind != StepKind.TRANSFER][:3]
                kind, reason, first, conds, when, source = ("handover", h.title, before, h.when,
                                                            h.children_end or services[c].ends_at
                                                            or f"birthday_{services[c].ages[1]}",
                                                            h.source)
            try:
                start = resolve(when, person, timeline) if when else as_of
            except MissingDate:
                start = as_of
            start = max(start, as_of, sy.anniversary(person.dob, target.ages[0]))
            missing = _facts_missing(conds + target.eligibility, person)
            refused = [ASSESSED[x] for x in dict.fromkeys(conds + target.eligibility)
                       if x in ASSESSED and not holds(x, person)]
            too_old = sy.age_on(person.dob, start) >= target.ages[1]
            closed = None
            if missing:
                closed = "only for someone who " + " and ".join(missing)
            elif refused:
                closed = "only when " + " and ".join(refused) + ", and the record says this did not happen"
            elif too_old:
                closed = f"only up to age {target.ages[1]}"
            first = first + [ASSESSED[x] for x in conds + target.eligibility if x in ASSESSED]
            if start > as_of and start == sy.anniversary(person.dob, target.ages[0]):
                first.append(f"wait until your {sy.ordinal(target.ages[0])} birthday ({start:%-d %B %Y})")
            found[t] = Option(
                service_id=t, name=target.name, domain=target.domain.value,
                description=target.description, from_service=c, kind=kind, open=closed is None,
                reason=reason, first=list(dict.fromkeys(first)), available_from=start,
                closed_because=closed, outcomes=target.outcomes, source=source)
    return sorted(found.values(), key=lambda o: (not o.open, o.domain, o.available_from, o.name))


def routes_for(person: Any, current: list[str], graph: nx.DiGraph, timeline: Any,
               per_outcome: int = 3) -> dict[str, list[Route]]:
    """For each of the four outcomes, the shortest routes from the current services through
    services the person can use (facts hold, not too old) to services serving that outcome."""
    as_of = timeline.as_of or dt.date.today()
    age = sy.age_on(person.dob, as_of)
    services: dict[str, Service] = graph.graph["services"]
    usable = {n for n, s in services.items()
              if n in current or (not _facts_missing(s.eligibility, person) and s.ages[1] > age)}
    view = graph.subgraph(usable)
    paths: dict[str, list[str]] = {}
    for c in current:
        if c not in view:
            continue
        for t, path in nx.single_source_shortest_path(view, c).items():
            if t not in paths or len(path) < len(paths[t]):
                paths[t] = path
    out: dict[str, list[Route]] = {}
    for outcome in OUTCOMES:
        targets = sorted((p for t, p in paths.items()
                          if outcome in services[t].outcomes and t not in current),
                         key=lambda p: (len(p), p[-1]))
        if not targets:  # nothing new: say which current service already serves the outcome
            targets = [[c] for c in current if c in services and outcome in services[c].outcomes]
        routes = []
        for p in targets[:per_outcome]:
            first = [ASSESSED[x] for n in p[1:] for x in services[n].eligibility if x in ASSESSED]
            routes.append(Route(outcome=outcome, target=p[-1], path=p,
                                names=[services[n].name for n in p], first=list(dict.fromkeys(first))))
        out[outcome] = routes
    return out


def successors_for(person: Any, episodes: list, graph: nx.DiGraph, timeline: Any) -> list[dict]:
    """When each children's service ends: its date, the adult successor and the alternatives."""
    horizon = timeline.core["day_before_26th_birthday"]
    return [{"from_service": h.from_service, "children_end": h.children_end, "to_service": h.to_service,
             "alternatives": h.alternatives, "title": h.title, "edge": h.edge}
            for h in handovers.for_person(person, episodes, graph, timeline, horizon)]
