"""NICE QS140 (transition from children's to adults' services), 2023 numbering, as per-person
tests aggregated into numerator and denominator (rules.md section 8).

| no. | statement | in the denominator | met when |
|---|---|---|---|
| 1 | planning by Year 9 | will move (a: by the end of Year 9; b: entered later) | planning started by the end of Year 9, or within `tolerance` of entering services after it |
| 2 | coordinated transition plan | will move and Year 9 has started | one plan covers every service that will move |
| 3 | annual meeting | will move and past Year 9 | a meeting in the 12 months up to `today` |
| 4 | named worker | is moving or has moved | a named worker from before the first transfer to after it |
| 5 | meets each adult practitioner | has moved | met a practitioner of each adult service before its transfer |
| 6 | missed initial appointments | moved and missed an appointment in the first year | every such miss followed up, and not discharged without attending |

`TransitionFacts` holds the dated facts; `facts_from_records` builds them from store rows
(events, handovers, caseload); `indicators` aggregates and releases them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache

from planner.need import demand_rules
from planner.need.disclosure import ReleasedTable, release_table
from planner.schoolyear import Window, add_months, year9

DEFAULT_TOLERANCE = dt.timedelta(days=91)  # "immediately": a local choice, rules.md s.8


def childrens_services() -> frozenset[str]:
    """The children's health and social care services QS140 follows, from the pathway files
    (planner.need.demand_rules.childrens_care_services)."""
    return demand_rules.committed_services()[0]


@dataclass(slots=True)
class Miss:
    service_id: str
    date: dt.date
    followed_up: bool


@dataclass(slots=True)
class TransitionFacts:
    """What QS140 asks about one young person who uses children's health or social care.

    A slotted dataclass, not a pydantic model: an England-sized store builds a quarter of a
    million of these from rows the store has already checked.
    """

    person_id: str
    dob: dt.date
    will_move: bool = True
    entered_services: dt.date | None = None
    planning_started: dt.date | None = None
    coordinated_plan: bool = False
    meetings: list[dt.date] = field(default_factory=list)
    named_worker_from: dt.date | None = None
    named_worker_to: dt.date | None = None  # None: still assigned
    transfers: dict[str, dt.date] = field(default_factory=dict)  # adult service -> start
    met_practitioner: dict[str, dt.date] = field(default_factory=dict)  # adult service -> first meeting
    missed: list[Miss] = field(default_factory=list)
    discharged_without_attending: bool = False


Result = bool | None  # None: not in this statement's denominator


@cache
def _year9(dob: dt.date) -> Window:
    # An area shares a few thousand dates of birth; an England-sized tally calls this 1.5M times.
    return year9(dob)


def qs1(f: TransitionFacts, today: dt.date, tolerance: dt.timedelta = DEFAULT_TOLERANCE) -> Result:
    end9 = _year9(f.dob).end
    if not f.will_move:
        return None
    if f.entered_services and f.entered_services > end9:
        if today < f.entered_services + tolerance:
            return None  # not yet due
        return f.planning_started is not None and f.planning_started <= f.entered_services + tolerance
    if today <= end9:
        return None
    return f.planning_started is not None and f.planning_started <= end9


def qs2(f: TransitionFacts, today: dt.date) -> Result:
    if not f.will_move or today < _year9(f.dob).start:
        return None
    return f.coordinated_plan


def qs3(f: TransitionFacts, today: dt.date) -> Result:
    if not f.will_move or today <= _year9(f.dob).end:
        return None
    year_ago = add_months(today, -12)
    return any(year_ago < d <= today for d in f.meetings)


def qs4(f: TransitionFacts, today: dt.date) -> Result:
    if not f.transfers:
        return None
    first = min(f.transfers.values())
    if f.named_worker_from is None or f.named_worker_from >= first:
        return False
    return f.named_worker_to is None or f.named_worker_to > first


def qs5(f: TransitionFacts, today: dt.date) -> Result:
    moved = {s: d for s, d in f.transfers.items() if d <= today}
    if not moved:
        return None
    return all(s in f.met_practitioner and f.met_practitioner[s] < d for s, d in moved.items())


def qs6(f: TransitionFacts, today: dt.date) -> Result:
    initial = [m for m in f.missed if m.service_id in f.transfers
               and f.transfers[m.service_id] <= m.date <= add_months(f.transfers[m.service_id], 12)]
    if not initial:
        return None
    return all(m.followed_up for m in initial) and not f.discharged_without_attending


STATEMENTS: tuple[tuple[int, str, Callable[[TransitionFacts, dt.date], Result]], ...] = (
    (1, "Planning started by Year 9 (or on entering services)", qs1),
    (2, "Transition plan coordinated across all services", qs2),
    (3, "Meeting to review transition planning in the last year", qs3),
    (4, "Named worker before, during and after transfer", qs4),
    (5, "Met a practitioner from each adults' service before transfer", qs5),
    (6, "Missed first appointments after transfer followed up", qs6),
)


def tally(facts: Iterable[TransitionFacts], today: dt.date) -> list[tuple[int, int]]:
    """(met, in scope) for statements 1-6: true counts, never shown."""
    out = [[0, 0] for _ in STATEMENTS]
    for f in facts:
        for i, (_, _, test) in enumerate(STATEMENTS):
            r = test(f, today)
            if r is not None:
                out[i][1] += 1
                out[i][0] += bool(r)
    return [(a, b) for a, b in out]


def indicators_table(counts: Sequence[tuple[int, int]]) -> tuple[ReleasedTable, list[int | None], str]:
    """Released table [met, not met | in scope] per statement, percentages, and a summary."""
    labels = [f"QS140 statement {n}: {title}" for n, title, _ in STATEMENTS]
    table = release_table([[met, total - met] for met, total in counts], labels, ["met", "not met"],
                          col_totals=False, title="NICE QS140 indicators (2023 numbering)",
                          row_header="Statement")
    percents: list[int | None] = []
    for row, total in zip(table.cells, table.row_totals or [], strict=True):
        met = row[0]
        percents.append(round(100 * met / total) if isinstance(met, int) and isinstance(total, int) and total else None)
    shown = [(p, n) for (n, _, _), p in zip(STATEMENTS, percents, strict=True) if p is not None]
    if shown:
        low = min(shown)
        summary = (f"Of the QS140 statements that can be shown, statement {low[1]} is met least often "
                   f"(about {low[0]}% of young people in scope). Percentages use the rounded numbers.")
    else:
        summary = "The numbers for the QS140 statements are too small to show."
    return table, percents, summary


# ---- from store rows ------------------------------------------------------------------------

def _d(value) -> dt.date | None:
    if value in (None, ""):
        return None
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value)[:10])


FOLLOW_UP_KINDS = frozenset({"meeting_held", "referral_made", "note", "assessment_done"})


def facts_from_records(person: Mapping, events: Sequence[Mapping], handovers: Sequence[Mapping],
                       worker_since: dt.date | None, children_services: Iterable[str] = ()) -> TransitionFacts:
    """A person's QS140 facts from store rows (people, events, handovers, caseload).

    Planning starts at the first meeting or referral; a plan is coordinated when every
    children's service the person uses has a handover; a transfer is an
    `adult_service_started` event; a practitioner meeting is a `meeting_held` event naming the
    adult service; a miss is followed up by any later contact event for that service.
    """
    evs = sorted(events, key=lambda e: str(e["date"]))
    moving = set(children_services) & childrens_services()
    planned = {h["from_service"] for h in handovers}
    started = [_d(e["date"]) for e in evs if e["kind"] in ("meeting_held", "referral_made")]
    transfers: dict[str, dt.date] = {}
    met: dict[str, dt.date] = {}
    for e in evs:
        s, d = e.get("service_id"), _d(e["date"])
        if not s or d is None:
            continue
        if e["kind"] == "adult_service_started":
            transfers.setdefault(s, d)
        elif e["kind"] == "meeting_held":
            met.setdefault(s, d)
    missed = []
    for i, e in enumerate(evs):
        if e["kind"] == "did_not_attend" and e.get("service_id"):
            later = any(x.get("service_id") == e["service_id"] and x["kind"] in FOLLOW_UP_KINDS
                        for x in evs[i + 1:])
            missed.append(Miss(service_id=e["service_id"], date=_d(e["date"]), followed_up=later))
    discharged = any(
        e["kind"] == "service_ended" and e.get("service_id") in transfers
        and not any(x["kind"] == "meeting_held" and x.get("service_id") == e["service_id"]
                    and _d(x["date"]) >= transfers[e["service_id"]] for x in evs)
        for e in evs)
    return TransitionFacts(
        person_id=str(person["id"]), dob=_d(person["dob"]), will_move=bool(moving or planned),
        entered_services=_d(person.get("entered_services")),
        planning_started=min(started) if started else None,
        coordinated_plan=bool(planned) and moving <= planned,
        meetings=[_d(e["date"]) for e in evs if e["kind"] == "meeting_held"],
        named_worker_from=worker_since, transfers=transfers, met_practitioner=met,
        missed=missed, discharged_without_attending=discharged)
