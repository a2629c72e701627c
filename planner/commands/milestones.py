"""`planner milestones`: a person's core dates and every milestone, as a table or JSON."""

from __future__ import annotations

import argparse
import datetime as dt
import json

from planner import milestones
from planner.commands import UserError
from planner.commands._person import add_person_arguments, conventions_from_args, person_from_args
from planner.models import Flag

# Flags whose note a reader must see: the law and practice disagree, or the reading is a choice.
WARN = {Flag.STATUTORY_EDGE, Flag.STRICT_READING, Flag.AMBIGUOUS, Flag.LEAP_DAY}


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "milestones",
        help="a person's statutory milestones from a date of birth and circumstances",
        description="Print a person's core dates and every statutory milestone that applies.",
    )
    add_person_arguments(p)
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.set_defaults(func=run)


def timeline_json(timeline: milestones.Timeline) -> dict:
    out: dict = {k: v.isoformat() for k, v in timeline.core.items()}
    out["as_of"] = timeline.as_of.isoformat() if timeline.as_of else None
    out["milestones"] = [
        {
            "rule_id": m.rule_id,
            "key": m.key,
            "title": m.title,
            "domain": m.domain.value,
            "date": m.date.isoformat() if m.date else None,
            "start": m.start.isoformat() if m.start else None,
            "end": m.end.isoformat() if m.end else None,
            "source": m.source,
            "flags": [f.value for f in m.flags],
            "easy_read": m.easy_read,
            "note": m.note,
        }
        for m in timeline.milestones
    ]
    return out


def run(args: argparse.Namespace) -> int:
    person = person_from_args(args)
    conventions = conventions_from_args(args)
    as_of = args.as_of or dt.date.today()
    if person.dob > as_of:
        raise UserError(f"the date of birth {person.dob} is after the as-of date {as_of}")
    timeline = milestones.for_person(person, conventions, as_of)
    if args.json:
        print(json.dumps(timeline_json(timeline), indent=2))
        return 0
    print(f"Date of birth {person.dob:%d %b %Y}; as of {as_of:%d %b %Y}\n")
    print("Core dates")
    for key, value in timeline.core.items():
        print(f"  {key:<34} {value:%a %d %b %Y}")
    print("\nMilestones in date order")
    for m in timeline.milestones:
        when = f"{m.date:%d %b %Y}" if m.date else f"{m.start:%d %b %Y} to {m.end:%d %b %Y}"
        flags = f"  [{', '.join(f.value for f in m.flags)}]" if m.flags else ""
        print(f"  {when:<28} {m.rule_id:<6} {m.title}{flags}")
        if m.note and WARN & set(m.flags):
            print(f"  {'':<28} {'':<6} note: {m.note}")
    return 0
