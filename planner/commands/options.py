"""`planner options --dob DATE --service ID ... [circumstances] [--json]`: options and routes."""

from __future__ import annotations

import datetime as dt
import json

from planner import milestones
from planner import pathways as pw
from planner.commands import UserError
from planner.commands._person import add_person_arguments, conventions_from_args, person_from_args
from planner.handovers import implied_episodes
from planner.models import Episode
from planner.options import current_services as current_from
from planner.options import options_for, routes_for, successors_for


def add_parser(sub) -> None:
    parser = sub.add_parser("options", help="options open to a person from where they are now")
    add_person_arguments(parser)
    parser.add_argument("--service", action="append", default=[], metavar="ID",
                        help="a service the person uses now (repeat); circumstances add more")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.set_defaults(func=run)


def current_services(args, person, graph, as_of: dt.date) -> list[str]:
    unknown = [s for s in args.service if s not in graph]
    if unknown:
        raise UserError(f"unknown service '{unknown[0]}': run `planner pathways graph` for the list")
    return current_from(person, args.service, graph, as_of)


def run(args) -> int:
    person = person_from_args(args)
    as_of = args.as_of or dt.date.today()
    timeline = milestones.for_person(person, conventions_from_args(args), as_of=as_of)
    graph = pw.default_graph()
    current = current_services(args, person, graph, as_of)
    options = options_for(person, current, graph, timeline)
    routes = routes_for(person, current, graph, timeline)
    successors = successors_for(person, [e for e in implied_episodes(person, graph, as_of)
                                            if e.service_id in current] + _explicit(args, as_of),
                                   graph, timeline)
    if args.json:
        print(json.dumps({
            "as_of": as_of.isoformat(), "current_services": current,
            "options": [o.model_dump(mode="json") for o in options],
            "routes": {k: [r.model_dump(mode="json") for r in v] for k, v in routes.items()},
            "successors": [{**s, "children_end": s["children_end"].isoformat()} for s in successors],
        }, indent=2))
        return 0
    print(f"Now: {', '.join(graph.nodes[c]['service'].name for c in current)}")
    print("\nOptions open to you:")
    for o in options:
        if o.open:
            print(f"  - {o.name} (from {o.available_from:%-d %b %Y}): {o.reason}")
            for f in o.first:
                print(f"      first: {f}")
    closed = [o for o in options if not o.open]
    if closed:
        print("\nNot open to you now:")
        for o in closed:
            print(f"  - {o.name}: {o.closed_because}")
    print("\nRoutes towards each preparing-for-adulthood outcome:")
    for outcome, rs in routes.items():
        print(f"  {outcome.replace('_', ' ')}: " + ("; ".join(" -> ".join(r.names) for r in rs) or "none found"))
    if successors:
        print("\nWhen your children's services end:")
        for s in successors:
            print(f"  - {s['title']}: ends {s['children_end']:%-d %b %Y}, next {s['to_service']}")
    return 0


def _explicit(args, as_of: dt.date):
    return [Episode(service_id=s, start=as_of) for s in args.service]
