"""`planner handovers --dob DATE --service ID ... [--horizon-end DATE] [--json]`."""

from __future__ import annotations

import datetime as dt
import json

from planner import handovers, milestones
from planner import pathways as pw
from planner.commands import UserError
from planner.commands._person import (
    add_person_arguments,
    conventions_from_args,
    parse_date,
    person_from_args,
)
from planner.models import Episode, StepStatus


def add_parser(sub) -> None:
    parser = sub.add_parser("handovers", help="every handover a person needs, with dated steps")
    add_person_arguments(parser)
    parser.add_argument("--service", action="append", default=[], metavar="ID",
                        help="a service the person uses now (repeat); circumstances add more")
    parser.add_argument("--horizon-end", type=parse_date, metavar="DATE",
                        help="last day to look at (default: the day before the 26th birthday)")
    parser.add_argument("--json", action="store_true", help="print a JSON list of handovers")
    parser.set_defaults(func=run)


def run(args) -> int:
    person = person_from_args(args).model_copy(update={"id": "cli"})
    as_of = args.as_of or dt.date.today()
    timeline = milestones.for_person(person, conventions_from_args(args), as_of=as_of)
    graph = pw.default_graph()
    unknown = [s for s in args.service if s not in graph]
    if unknown:
        raise UserError(f"unknown service '{unknown[0]}': run `planner pathways graph` for the list")
    horizon = args.horizon_end or timeline.core["day_before_26th_birthday"]
    if horizon < as_of:
        raise UserError(f"the horizon end {horizon} is before the as-of date {as_of}")
    episodes = [Episode(service_id=s, start=as_of) for s in args.service]
    have = set(args.service)
    episodes += [e for e in handovers.implied_episodes(person, graph, as_of) if e.service_id not in have]
    found = handovers.for_person(person, episodes, graph, timeline, horizon)
    if args.json:
        print(json.dumps([h.model_dump(mode="json") for h in found], indent=2))
        return 0
    if not found:
        print("No handovers due in this period.")
    for h in found:
        print(f"{h.title} (rules.md s.7 row {h.edge})")
        print(f"  {h.from_service} ends {h.children_end:%-d %b %Y} -> {h.to_service}"
              + (f" (or {', '.join(h.alternatives)})" if h.alternatives else ""))
        for s in h.steps:
            flags = (" [meeting]" * s.mergeable_meeting + " [LATE]" * (s.overdue and s.status is StepStatus.PLANNED)
                     + " [statutory]" * s.statutory + " [recommended]" * (not s.statutory)
                     + {StepStatus.OVERDUE: " [OVERDUE: nothing recorded]",
                        StepStatus.NOT_RECORDED: " [not recorded: due before the record began]"}.get(s.status, ""))
            print(f"  - {s.title}: {s.team}, {s.duration_weeks} wk, from {s.earliest_start}, "
                  f"by {s.deadline}, best {s.window_start}..{s.window_end}{flags}")
        print()
    return 0
