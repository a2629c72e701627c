"""A young person's outcomes in words, for the worker's and the family's pages: their outcome
records as rows, what they wanted against what happened (planner.outcomes.against), and the
worker's form turned into an outcome record."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from pydantic import ValidationError

from planner import outcomes as oc
from planner import store
from planner.models import Outcome
from planner.outcomes.checkin import CHOICES
from planner.outcomes.record import ACTIVITY_WORDS, CEASE_WORDS, LIVING_WORDS, SOURCES, CeaseReason
from planner.views.words import long_date

YES_NO_WORDS = {"adult_gp": "Registered with an adult GP", "health_check": "Annual health check done",
                "adult_services": "Adult services they need in place", "friends": "Sees friends",
                "activities": "Takes part in activities", "travels_independently": "Travels on their own"}
# The worker's form: the choices of each field, in words (None: not known / not recorded).
ACTIVITY_CHOICES: dict[str | None, str] = {None: "Not known", **{a.value: w[:1].upper() + w[1:]
                                                                 for a, w in ACTIVITY_WORDS.items()}}
LIVING_CHOICES: dict[str | None, str] = {None: "Not known", **{v.value: w[:1].upper() + w[1:]
                                                               for v, w in LIVING_WORDS.items()}}
CEASE_CHOICES: dict[int | None, str] = {None: "The EHC plan did not end", **{
    int(c): f"{int(c)}: {w[:1].upper() + w[1:]}" for c, w in CEASE_WORDS.items()}}
YES_NO_CHOICES: dict[bool | None, str] = {None: "Not known", True: "Yes", False: "No"}
__all__ = ["ACTIVITY_CHOICES", "CEASE_CHOICES", "CHOICES", "LIVING_CHOICES", "SOURCES", "YES_NO_CHOICES",
           "YES_NO_WORDS", "Outcomes", "for_person", "worker_record"]


def _facts(r: oc.OutcomeRecord) -> str:
    parts = []
    if r.activity:
        what = ACTIVITY_WORDS[oc.Activity(r.activity)]
        what += f" at {r.activity_where}" if r.activity_where else ""
        what += f" since {long_date(r.activity_since)}" if r.activity_since else ""
        parts.append(what)
    if r.paid_hours:
        parts.append(f"paid {r.paid_hours:g} hours a week")
    if r.living:
        parts.append(LIVING_WORDS[oc.Living(r.living)])
    parts += [f"{label.lower() if v else 'not: ' + label.lower()}" for f, label in YES_NO_WORDS.items()
              if (v := getattr(r, f)) is not None]
    if r.going:
        parts.append(f"says it is going {CHOICES['going'][oc.Going(r.going)].lower()}")
    aims = [(o.value.replace("_", " "), getattr(r, f"aim_{o.value}")) for o in Outcome]
    parts += [f"{name}: {CHOICES['aim'][oc.AimAnswer(a)].lower()} the way they wanted" for name, a in aims if a]
    if r.cease_reason:
        parts.append(f"EHC plan ended: {CEASE_WORDS[CeaseReason(r.cease_reason)]}")
    return "; ".join(parts)


@dataclass(frozen=True)
class Outcomes:
    """What a page shows of one young person's outcomes."""

    rows: list[dict]  # newest first: date, counts for (a point), facts in words, source, who
    aims: list[str]  # what they wanted against what happened, one sentence per outcome
    points: list[str]  # the points that matter and their dates, in words
    last_check_in: dt.date | None


def for_person(db, person_id: str, dob: dt.date, aspirations: Mapping[str, str], today: dt.date,
               name: str | None = None) -> Outcomes:
    """A person's outcome records and aims in words (`name`: third person, for a worker)."""
    records = oc.history(db, person_id)
    rows = [{"Date": r.observed_on, "Counts for": ", ".join(
                "the end of Year 11" if p is oc.Point.YEAR11_END else f"age {p.value}" for p in oc.points_on(dob, r.observed_on))
             or "between points", "What was recorded": _facts(r),
             "Source": r.source, "Recorded by": "the young person" if r.by_young_person else r.recorded_by}
            for r in reversed(records)]
    aims = [line.sentence for line in oc.against(store.said_for(db, person_id), aspirations, records, dob, today, name)]
    points = [f"{'The end of Year 11' if p is oc.Point.YEAR11_END else 'Age ' + p.value}: "
              f"{long_date(oc.window(p, dob)[0])} to {long_date(oc.window(p, dob)[1])}" for p in oc.POINTS]
    check_ins = [r.observed_on for r in records if r.by_young_person]
    return Outcomes(rows=rows, aims=aims, points=points, last_check_in=max(check_ins) if check_ins else None)


def worker_record(person_id: str, form: Mapping[str, object]) -> oc.OutcomeRecord:
    """The outcome record of the worker's form (blank fields are not known); ValueError in
    words when it does not fit together."""
    fields = {k: v for k, v in form.items() if v not in (None, "")}
    try:
        return oc.OutcomeRecord(person_id=person_id, **fields)
    except ValidationError as exc:
        raise ValueError("; ".join(e["msg"].removeprefix("Value error, ") for e in exc.errors())) from None
