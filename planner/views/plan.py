"""The plan as transition workers and team managers see it: one person's handovers with their
dated steps, each step's status in words and a symbol (never colour alone), the gap of each
handover in words, the family meetings the plan merges and who to invite, a scheduler proposal
beside the current plan, and teams' capacity over time.

Pure functions over store-shaped rows (plain dicts), so they are tested without a database,
plus a few small readers (`areas_for`, `people_for`, `meetings_for_people`) that pick the rows
a user may see.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping

from pydantic import BaseModel, ConfigDict, Field

from planner import models, store
from planner.access import Role, User
from planner.models import WEEKS_IN, StepStatus, step_status
from planner.store import caseloads
from planner.views.words import long_date, pluralise, service_name

CLOSED = frozenset({StepStatus.DONE, StepStatus.CANCELLED, StepStatus.NOT_RECORDED})  # nothing left to do
FAMILY = "the young person and their family"

# Status of a step: a symbol and words, so nothing depends on colour. The legend on the page
# lists these in this order. Done, refused and cancelled come only from what was recorded.
STATUS_WORDS = {
    StepStatus.DONE: "■ Done",
    StepStatus.OVERDUE: "◆ Overdue: its deadline has passed and nothing is recorded",
    StepStatus.DUE: "▶ Happening now",
    StepStatus.LATE: "▲ Planned to finish after its deadline",
    StepStatus.PLANNED: "○ Planned",
    StepStatus.REFUSED: "✖ Refused: make a new referral",
    StepStatus.CANCELLED: "✕ Cancelled",
    StepStatus.NOT_RECORDED: "? Not recorded: due before this record began",
}


def as_date(value) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value)[:10])


def status_key(step: Mapping, today: dt.date) -> StepStatus:
    """The status of a stored step on `today` (planner.models.step_status)."""
    return step_status(step.get("status"), today, start=as_date(step.get("start")), end=as_date(step.get("end")),
                       deadline=as_date(step.get("deadline")))


def status_words(step: Mapping, today: dt.date) -> str:
    return STATUS_WORDS[status_key(step, today)]


def in_window(step: Mapping) -> bool:
    """The step starts on or after its window opens and ends by the day it closes (the
    validator's rule for a meeting that may merge)."""
    start, end = as_date(step.get("start")), as_date(step.get("end"))
    lo, hi = as_date(step.get("window_start")), as_date(step.get("window_end"))
    if start is None:
        return False
    return (lo is None or start >= lo) and (hi is None or (end or start) <= hi)


# --- merged family meetings -----------------------------------------------------------------

class Meeting(BaseModel):
    """Reviews of one person held together in one week: one meeting for the family."""

    model_config = ConfigDict(extra="forbid")

    person_id: str
    name: str = ""
    week_of: dt.date  # the Monday the steps start
    step_ids: list[str]
    titles: list[str]
    teams: list[str]  # team names, to invite

    @property
    def invite(self) -> str:
        return ", ".join([*self.teams, FAMILY])

    @property
    def when(self) -> str:
        return f"the week of {long_date(self.week_of)}"


def merged_meetings(steps: Iterable[Mapping], team_names: Mapping[str, str] | None = None,
                    names: Mapping[str, str] | None = None) -> list[Meeting]:
    """Family meetings that hold two or more of a person's reviews: mergeable meeting steps not
    done, starting in the same week, each inside its own recommended window. In date order."""
    team_names, names = team_names or {}, names or {}
    groups: dict[tuple[str, dt.date], list[Mapping]] = defaultdict(list)
    for s in steps:
        if not s.get("meeting") or (s.get("status") or "planned") in CLOSED | {StepStatus.REFUSED} or not in_window(s):
            continue
        groups[(s["person_id"], as_date(s["start"]))].append(s)
    out = []
    for (pid, day), group in groups.items():
        if len(group) < 2:
            continue
        group = sorted(group, key=lambda s: s["id"])
        teams = list(dict.fromkeys(team_names.get(s.get("team_id") or "", s.get("team_id") or "") for s in group))
        out.append(Meeting(person_id=pid, name=names.get(pid, ""), week_of=day, step_ids=[s["id"] for s in group],
                           titles=[s.get("title") or s["id"] for s in group], teams=[t for t in teams if t]))
    out.sort(key=lambda m: (m.week_of, m.name, m.person_id))
    return out


# --- one person's handovers -------------------------------------------------------------------

class StepView(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str
    title: str
    team: str
    start: dt.date | None
    end: dt.date | None
    deadline: dt.date | None
    statutory: bool
    status: str  # symbol and words
    meeting: str  # whether it is a meeting, and merged with what
    reason: str
    open: bool  # not done, cancelled or refused: can be moved


class HandoverView(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str
    title: str
    from_service: str
    to_service: str
    due: dt.date | None  # the day the children's service ends
    gap_weeks: int
    gap: str  # in words
    steps: list[StepView] = Field(default_factory=list)

    @property
    def gap_sentence(self) -> str:
        """The gap as a sentence with a symbol: '▲ Adult ... ends.' or '○ No gap.'"""
        return f"{'▲' if self.gap_weeks else '○'} {self.gap[0].upper()}{self.gap[1:]}."


def gap_weeks_of(handover: Mapping, steps: Iterable[Mapping]) -> int:
    """The stored gap, or (for rows stored without one) weeks from the children's service's end
    to the end of the step that starts the adult service (the `transfer`; follow-ups come after
    by design), rounded up."""
    if handover.get("gap_weeks") is not None:
        return int(handover["gap_weeks"])
    due = as_date(handover.get("due"))
    steps = list(steps)
    steps = [s for s in steps if s.get("kind") == "transfer"] or steps
    ends = [as_date(s.get("end")) for s in steps if as_date(s.get("end"))]
    if due is None or not ends or max(ends) <= due:
        return 0
    return -(-(max(ends) - due).days // 7)


def gap_words(handover: Mapping, weeks: int) -> str:
    """'GP mental health support starts 6 weeks after CAMHS (children's mental health) ends',
    or 'no gap' (the adult service starts by the day the children's one ends)."""
    if handover.get("from_service") == handover.get("to_service") or handover.get("due") in (None, ""):
        return "no gap (a cycle of reviews, not a move between services)"
    if weeks <= 0:
        return "no gap"
    adult, children = service_name(handover["to_service"]), service_name(handover["from_service"])
    return f"{adult} starts {pluralise(weeks, 'week')} after {children} ends"


def handover_views(handovers: Iterable[Mapping], steps: Iterable[Mapping], today: dt.date,
                   team_names: Mapping[str, str] | None = None) -> list[HandoverView]:
    """Each handover with its steps in date order; handovers by the day the children's service
    ends (review cycles last)."""
    team_names = team_names or {}
    steps = list(steps)
    merged = {sid: m for m in merged_meetings(steps, team_names) for sid in m.step_ids}
    by_handover: dict[str, list[Mapping]] = defaultdict(list)
    for s in steps:
        by_handover[s["handover_id"]].append(s)
    out = []
    for h in handovers:
        mine = sorted(by_handover.get(h["id"], []),
                  key=lambda s: (as_date(s.get("start")) or as_date(s.get("deadline")) or dt.date.max, s["id"]))
        weeks = gap_weeks_of(h, mine)
        views = []
        for s in mine:
            if not s.get("meeting"):
                meeting = "No"
            elif s["id"] in merged:
                m = merged[s["id"]]
                others = [t for sid, t in zip(m.step_ids, m.titles, strict=True) if sid != s["id"]]
                meeting = f"Yes, merged with: {'; '.join(others)}"
            else:
                meeting = "Yes, on its own"
            views.append(StepView(
                id=s["id"], title=s.get("title") or s["id"], team=team_names.get(s.get("team_id") or "", s.get("team_id") or ""),
                start=as_date(s.get("start")), end=as_date(s.get("end")), deadline=as_date(s.get("deadline")),
                statutory=bool(s.get("statutory")), status=status_words(s, today), meeting=meeting,
                reason=s.get("reason") or "", open=(s.get("status") or "planned") not in CLOSED | {StepStatus.REFUSED}))
        out.append(HandoverView(id=h["id"], title=h.get("title") or service_name(h["to_service"]),
                                from_service=h["from_service"], to_service=h["to_service"], due=as_date(h.get("due")),
                                gap_weeks=weeks, gap=gap_words(h, weeks), steps=views))
    out.sort(key=lambda v: (v.due is None, v.due or dt.date.max, v.title))
    return out


def moves(before: Iterable[Mapping], after: Iterable[Mapping]) -> list[dict]:
    """The steps a re-plan moves: title, start before (None if not planned yet) and after."""
    was = {r["id"]: as_date(r.get("start")) for r in before}
    out = []
    for r in sorted(after, key=lambda r: (r["start"], r["id"])):
        new = as_date(r["start"])
        if was.get(r["id"]) != new:
            out.append({"id": r["id"], "title": r.get("title") or r["id"], "from": was.get(r["id"]), "to": new})
    return out


# --- who sees what ----------------------------------------------------------------------------

def people_for(db, user: User) -> list[dict]:
    """The people a worker (their caseload) or team manager (everyone the team's workers hold)
    may open, in date-of-birth order: id, name, dob, area."""
    if user.role is Role.WORKER:
        return caseloads.people_brief(db, worker=user.username)
    if user.role is Role.TEAM_MANAGER and user.team_id:
        return caseloads.people_brief(db, team_id=user.team_id)
    return []


def areas_for(db, user: User) -> list[str]:
    """The areas of the people the user may see; every area when they see none (an
    administrator, or a new worker with an empty caseload)."""
    mine = sorted({p["area"] for p in people_for(db, user)})
    return mine or store.areas(db)


def meetings_for_people(db, people: Iterable[Mapping], team_names: Mapping[str, str]) -> list[Meeting]:
    """The merged family meetings of these people (rows with id and name) in the current plan."""
    names = {p["id"]: p.get("name") or p["id"] for p in people}
    return merged_meetings(store.meeting_steps(db, names), team_names, names)


# --- a scheduler run beside the current plan ------------------------------------------------

MEASURES = {
    "gap_weeks": "Gap weeks (adult service starting after the children's one ends)",
    "weighted_gap_weeks": "Weighted gap weeks (by how much the young person depends on the service)",
    "handovers_with_gap": "Handovers with a gap",
    "breaches": "Statutory deadlines missed",
    "meetings": "Separate family meetings",
    "out_of_window": "Steps outside their recommended window",
}


def change_words(before: int | None, after: int) -> str:
    if before is None:
        return "no current plan to compare"
    if after == before:
        return "the same"
    return f"{abs(after - before)} {'fewer' if after < before else 'more'}"


def compare(current: Mapping | None, proposal: Mapping) -> list[dict]:
    """Rows of the current plan's and the proposal's figures (the runs' `final` metrics)."""
    return [{"Measure": label, "Current plan": None if current is None else current.get(key),
             "Proposal": proposal.get(key), "Change": change_words(None if current is None else current.get(key),
                                                                   proposal.get(key, 0))}
            for key, label in MEASURES.items()]


def compare_words(current: Mapping | None, proposal: Mapping) -> str:
    """The comparison table in one sentence."""
    if current is None:
        return ("There is no accepted plan yet: accepting this proposal makes it the plan. It has "
                f"{pluralise(proposal.get('gap_weeks', 0), 'gap week')}, "
                f"{pluralise(proposal.get('breaches', 0), 'statutory deadline')} missed and "
                f"{pluralise(proposal.get('meetings', 0), 'separate family meeting')}.")
    parts = []
    for key, noun in (("gap_weeks", "gap week"), ("breaches", "statutory deadline missed"),
                      ("meetings", "separate family meeting")):
        before, after = current.get(key, 0), proposal.get(key, 0)
        many = {"statutory deadline missed": "statutory deadlines missed"}.get(noun, noun + "s")
        if before == after:
            parts.append(f"the same number of {many} ({after})")
        else:
            parts.append(f"{abs(after - before)} {'fewer' if after < before else 'more'} "
                         f"{noun if abs(after - before) == 1 else many} ({before} → {after})")
    return f"Compared with the current plan, the proposal has {', '.join(parts[:-1])} and {parts[-1]}."


def replans_since(db, area: str, since: str) -> int:
    """How many one-person re-plans were saved in `area` after `since` (an ISO time): accepting
    an older proposal would put those steps back where the proposal has them."""
    return store.count_replans_since(db, area, since)


def bound_words(final: Mapping, bound: Mapping | None, team_names: Mapping[str, str] | None = None) -> str:
    """How far the plan is from the lower bound (the least gap any plan could have with this
    capacity), in words and numbers."""
    if final.get("gap_weeks", 0) == 0:
        return "No gaps: every adult service starts by the day the children's service ends."
    if not bound:
        return "No lower bound was worked out for this run."
    team_names = team_names or {}
    held = [team_names.get(t, t) for t, w in sorted((bound.get("by_team") or {}).items()) if w]
    teams = f" The capacity that holds it back: {', '.join(held)}." if held else ""
    over = final["weighted_gap_weeks"] - bound["weighted_gap_weeks"]
    if over <= 0:
        return (f"As good as any plan can be with this capacity: the {pluralise(final['gap_weeks'], 'gap week')} "
                f"left cannot be avoided without more capacity.{teams}")
    if bound["weighted_gap_weeks"] == 0:
        return (f"{pluralise(over, 'weighted gap week')} ({pluralise(final['gap_weeks'], 'gap week')}) that a better "
                "plan could avoid: the lower bound is 0, so capacity does not force any gap.")
    return (f"{pluralise(over, 'weighted gap week')} more than the lower bound of {bound['weighted_gap_weeks']} "
            f"({pluralise(bound['gap_weeks'], 'gap week')}). No plan can do better than the lower bound with this "
            f"capacity, so at most {over} could still be saved.{teams}")


# --- team capacity --------------------------------------------------------------------------

def to_per_week(amount: float, per: str) -> float:
    """A capacity given per week, month, year or academic year, per week (planner.models.per_week)."""
    if amount < 0:
        raise ValueError("capacity cannot be negative")
    return models.per_week(amount, per)


def in_unit(amount_per_week: float, per: str) -> float:
    """A capacity per week in the unit a manager types it in (for the form's starting value)."""
    return round(models.in_unit(amount_per_week, per), 2)


def rate_words(per_week: float, unit: str = "week") -> str:
    """'about 11.4 a month (2.64 a week)' in the team's own unit first, or '2.64 a week'."""
    if unit not in WEEKS_IN or unit == "week":
        return f"{per_week:.3g} a week"
    return f"about {models.in_unit(per_week, unit):.3g} a{'n' if unit[0] in 'aeiou' else ''} {unit} ({per_week:.3g} a week)"


class TeamCapacity(BaseModel):
    model_config = ConfigDict(extra="forbid")

    team_id: str
    name: str
    unit: str
    changes: list[dict]  # from_date, per_week, version, updated_by, updated_at (in date order)
    now: float | None  # per week in force today; None: no stated limit
    text: str


def team_capacities(teams: Iterable[Mapping], rows: Iterable[Mapping], today: dt.date) -> list[TeamCapacity]:
    """Each team's capacity over time (store rows), with a sentence saying the same."""
    by_team: dict[str, list[dict]] = defaultdict(list)
    for r in rows:
        by_team[r["team_id"]].append(dict(r))
    out = []
    for t in teams:
        changes = sorted(by_team.get(t["id"], []), key=lambda r: r["from_date"])
        unit = t.get("unit") or "week"
        name = t.get("name") or t["id"]
        now = next((r["per_week"] for r in reversed(changes) if as_date(r["from_date"]) <= today), None)
        if not changes:
            text = f"{name}: no stated limit."
        else:
            parts = [f"{rate_words(r['per_week'], unit)} from {long_date(as_date(r['from_date']))}" for r in changes]
            text = f"{name}: {'; then '.join(parts)}."
            if now is None:
                text += " No stated limit before the first of these dates."
        out.append(TeamCapacity(team_id=t["id"], name=name, unit=unit, changes=changes, now=now, text=text))
    return out
