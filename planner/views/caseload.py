"""A transition worker's caseload: their young people with what is due, what is overdue and
which handovers are at risk of a gap, and a worklist of this week's and next month's steps.

Pure functions over store-shaped rows (people, handovers, steps), so they are tested without a
database; `for_worker(db, worker, today)` reads those rows for one worker in three queries, and
`for_team(db, team_id, today)` for a team manager: everyone its workers hold on their caseloads.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from enum import IntEnum
from functools import lru_cache

from pydantic import BaseModel, ConfigDict, Field

from planner.models import StepStatus, step_status
from planner.pathways import default_graph
from planner.schoolyear import age_on
from planner.store import caseloads
from planner.views.words import service_name

# Steps with nothing left to do: done or cancelled (recorded), or due before the record began.
CLOSED = frozenset({StepStatus.DONE, StepStatus.CANCELLED, StepStatus.NOT_RECORDED})


def service_domain(service_id: str) -> str:
    """The area of life of an adult or next service, for filtering: its domain in the pathway
    files (education for a service they do not name)."""
    s = default_graph().graph["services"].get(service_id)
    return s.domain.value if s else "education"


class Risk(IntEnum):
    """Ordered so that sorting by risk puts the most urgent first (reverse=True)."""

    NONE = 0
    OVERDUE = 1  # a step is past its deadline, but the adult service can still start in time
    GAP = 2  # as planned, the adult service starts after the children's one ends

    @property
    def words(self) -> str:
        return {0: "on track", 1: "overdue step", 2: "at risk of a gap"}[self.value]


class WorkItem(BaseModel):
    model_config = ConfigDict(extra="forbid")

    person_id: str
    name: str
    step_id: str
    title: str
    team_id: str | None
    start: dt.date | None
    deadline: dt.date | None
    status: str
    overdue: bool


class CaseloadRow(BaseModel):
    model_config = ConfigDict(extra="forbid")

    person_id: str
    name: str
    age: int
    need: str
    domains: list[str] = Field(default_factory=list)
    due_this_week: int = 0
    due_next_month: int = 0
    overdue: int = 0
    gap_weeks: int = 0
    risk: Risk = Risk.NONE
    next_step: str = ""
    next_date: dt.date | None = None
    reason: str = ""
    worker: str = ""  # who holds the person on their caseload (for a team manager)


def _d(value) -> dt.date | None:
    if value in (None, ""):
        return None
    return value if isinstance(value, dt.date) else _iso(str(value)[:10])


@lru_cache(maxsize=8192)
def _iso(text: str) -> dt.date:
    # A caseload of thousands repeats the same few hundred dates: parse each once.
    return dt.date.fromisoformat(text)


def _status(step: Mapping, today: dt.date) -> StepStatus:
    return step_status(step.get("status"), today, start=_d(step.get("start")), end=_d(step.get("end")),
                       deadline=_d(step.get("deadline")))


def week_bounds(today: dt.date) -> tuple[dt.date, dt.date]:
    monday = today - dt.timedelta(days=today.weekday())
    return monday, monday + dt.timedelta(days=6)


def rows(people: Iterable[Mapping], handovers: Iterable[Mapping], steps: Iterable[Mapping],
         today: dt.date) -> list[CaseloadRow]:
    """One row per young person: counts of due and overdue steps, and the risk of a gap.

    A handover is at risk of a gap when its last planned step ends after the day the children's
    service ends (`due`); a step is overdue when its deadline has passed and nothing is recorded
    (planner.models.step_status: never "done" because a date passed).
    """
    _, sunday = week_bounds(today)
    month_end = today + dt.timedelta(days=31)
    by_person_h: dict[str, list[Mapping]] = defaultdict(list)
    for h in handovers:
        by_person_h[h["person_id"]].append(h)
    by_handover: dict[str, list[Mapping]] = defaultdict(list)
    by_person_s: dict[str, list[Mapping]] = defaultdict(list)
    for s in steps:
        by_handover[s["handover_id"]].append(s)
        by_person_s[s["person_id"]].append(s)
    out = []
    for p in people:
        pid = p["id"]
        row = CaseloadRow(person_id=pid, name=p.get("name") or pid, age=age_on(_d(p["dob"]), today),
                          need=p.get("primary_need") or "Not recorded", worker=p.get("worker") or "")
        domains = set()
        reasons = []
        for h in by_person_h.get(pid, ()):
            domains.add(service_domain(h["to_service"]))
            due = _d(h.get("due"))
            mine = by_handover.get(h["id"], ())
            # The adult service starts when the transfer step ends; follow-ups come later by design.
            transfer = [s for s in mine if s.get("kind") == "transfer"] or list(mine)
            ends = [_d(s.get("end")) for s in transfer if _d(s.get("end"))]
            if due and ends and max(ends) > due:
                weeks = -(-(max(ends) - due).days // 7)
                row.gap_weeks += weeks
                reasons.append(f"{service_name(h['to_service'])} would start {weeks} week{'s' * (weeks != 1)} "
                               f"after {service_name(h['from_service'])} ends")
        open_steps = [s for s in by_person_s.get(pid, ()) if s.get("status") not in CLOSED]
        for s in open_steps:
            start = _d(s.get("start"))
            if _status(s, today) is StepStatus.OVERDUE:
                row.overdue += 1
            if start and start <= sunday:
                row.due_this_week += 1
            elif start and start <= month_end:
                row.due_next_month += 1
        upcoming = sorted((_d(s.get("start")) or dt.date.max, s.get("title") or s.get("kind") or "") for s in open_steps)
        if upcoming:
            row.next_date = upcoming[0][0] if upcoming[0][0] != dt.date.max else None
            row.next_step = upcoming[0][1]
        row.domains = sorted(domains)
        if row.gap_weeks:
            row.risk = Risk.GAP
        elif row.overdue:
            row.risk = Risk.OVERDUE
            reasons.append(f"{row.overdue} step(s) past their deadline")
        row.reason = "; ".join(reasons)
        out.append(row)
    return out


SORT_KEYS = {
    "risk": lambda r: (-r.risk, -r.gap_weeks, -r.overdue, r.next_date or dt.date.max),
    "age": lambda r: (r.age, r.name),
    "need": lambda r: (r.need, r.name),
    "name": lambda r: r.name,
    "next": lambda r: (r.next_date or dt.date.max, r.name),
}


def select(table: Sequence[CaseloadRow], *, sort: str = "risk", age: tuple[int, int] | None = None,
           need: str | None = None, domain: str | None = None, risk: Risk | None = None) -> list[CaseloadRow]:
    """Filter (age range inclusive, need, domain, at least this risk) then sort."""
    out = [r for r in table
           if (age is None or age[0] <= r.age <= age[1])
           and (need is None or r.need == need)
           and (domain is None or domain in r.domains)
           and (risk is None or r.risk >= risk)]
    return sorted(out, key=SORT_KEYS[sort])


def worklist(people: Iterable[Mapping], steps: Iterable[Mapping], today: dt.date) -> dict[str, list[WorkItem]]:
    """Open steps starting this week (or overdue) and those starting in the month after."""
    names = {p["id"]: p.get("name") or p["id"] for p in people}
    _, sunday = week_bounds(today)
    month_end = today + dt.timedelta(days=31)
    out: dict[str, list[WorkItem]] = {"this_week": [], "next_month": []}
    for s in steps:
        if s["person_id"] not in names or s.get("status") in CLOSED:
            continue
        start, deadline = _d(s.get("start")), _d(s.get("deadline"))
        overdue = _status(s, today) is StepStatus.OVERDUE
        if overdue or (start and start <= sunday):
            when = "this_week"
        elif start and start <= month_end:
            when = "next_month"
        else:
            continue  # later: not on the worklist
        out[when].append(WorkItem(
            person_id=s["person_id"], name=names[s["person_id"]], step_id=str(s["id"]),
            title=s.get("title") or s.get("kind") or "", team_id=s.get("team_id"),
            start=start, deadline=deadline, status=s.get("status") or "planned", overdue=overdue))
    for items in out.values():
        items.sort(key=lambda i: (not i.overdue, i.start or dt.date.max, i.name))
    return out


def _from_store(db, today: dt.date, **who: str) -> tuple[list[CaseloadRow], dict[str, list[WorkItem]]]:
    """Caseload rows and worklist for a worker's or a team's people (planner.store.caseloads)."""
    people = caseloads.people(db, **who)
    steps = caseloads.steps(db, **who)
    return rows(people, caseloads.handovers(db, **who), steps, today), worklist(people, steps, today)


def for_worker(db, worker: str, today: dt.date) -> tuple[list[CaseloadRow], dict[str, list[WorkItem]]]:
    """A worker's caseload rows and worklist from the store (people on their caseload)."""
    return _from_store(db, today, worker=worker)


def for_team(db, team_id: str, today: dt.date) -> tuple[list[CaseloadRow], dict[str, list[WorkItem]]]:
    """A team manager's view: everyone on the caseload of a worker whose team is `team_id`, with
    all their steps (whichever team does them). People whose steps the team does but whom none
    of its workers hold are not included: planner.access would not let the manager open them."""
    return _from_store(db, today, team_id=team_id)


def busiest_worker(db) -> str | None:
    return caseloads.busiest_worker(db)
