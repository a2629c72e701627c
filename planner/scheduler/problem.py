"""Request and result models of the scheduler, in integer weeks from the plan's start.

Week 0 is the week that starts on the plan's start Monday. A step that starts in week `s` and
lasts `d` weeks occupies weeks s..s+d-1 and *ends* at week boundary `s + d`. A deadline or a
children's-service end is also a week boundary: a step is on time when `s + d <= deadline`.

Capacity is throughput, as the B3 figures are ("16 Care Act assessments a month"): a team
can *start* at most `capacity(w)` of its capacity-using steps in week `w`. A fractional rate
is spread over the weeks by cumulative rounding (2 a month gives 1 in some weeks and 0 in
others, 2 in every ~4.3 weeks), so every week has an integer capacity.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from functools import cached_property

from pydantic import BaseModel, ConfigDict, Field, model_validator


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class CapacityChange(_Model):
    """From `from_week` on, the team can start `per_week` steps a week (may be fractional)."""

    from_week: int = Field(ge=0)
    per_week: float = Field(ge=0)


class Team(_Model):
    """A team doing steps. `capacity` empty: no stated limit."""

    id: str
    name: str = ""
    capacity: list[CapacityChange] = Field(default_factory=list)
    fte_per_weekly_start: float | None = Field(
        None, ge=0, description="staff (full-time equivalent) it takes to start one more step every week; None: not known")

    @property
    def limited(self) -> bool:
        return bool(self.capacity)

    def rate(self, week: int) -> float:
        rate = 0.0
        for change in sorted(self.capacity, key=lambda c: c.from_week):
            if change.from_week <= week:
                rate = change.per_week
        return rate

    def weekly(self, n_weeks: int) -> list[int]:
        """Integer starts allowed in each of weeks 0..n_weeks-1 (cumulative rounding)."""
        out, cum, taken = [], 0.0, 0
        for w in range(n_weeks):
            cum += self.rate(w)
            # A tiny epsilon so that 0.25 * 4 gives exactly 1, not 0.9999.
            allowed = math.floor(cum + 1e-9) - taken
            out.append(allowed)
            taken += allowed
        return out


class Step(_Model):
    """One step of a handover, done by one team."""

    id: str
    handover_id: str
    person_id: str
    team: str
    duration_weeks: int = Field(ge=1)
    earliest_week: int = Field(0, ge=0, description="cannot start before this week")
    deadline_week: int | None = Field(None, description="statutory: ending later is a breach")
    due_now_week: int | None = Field(
        None, description="overdue: its statutory deadline has passed with nothing recorded; the week boundary "
        "it could end at soonest, every week it ends later is a week of overdue lateness (Metrics.overdue_weeks)")
    window_start: int | None = Field(None, description="recommended window (NICE NG43), start")
    window_end: int | None = Field(None, description="recommended window, end boundary")
    meeting: bool = Field(False, description="a meeting the family attends")
    mergeable: bool = Field(False, description="the meeting can merge with the person's other reviews")
    meeting_group: str = Field("review", description="meetings merge only within one group")
    uses_capacity: bool = True
    predecessors: list[str] = Field(default_factory=list)

    def in_window(self, start: int) -> bool:
        lo = self.window_start if self.window_start is not None else -math.inf
        hi = self.window_end if self.window_end is not None else math.inf
        return start >= lo and start + self.duration_weeks <= hi

    @property
    def overdue(self) -> bool:
        return self.due_now_week is not None

    def overdue_weeks(self, start: int) -> int:
        """Weeks an overdue step started in week `start` ends after its soonest possible end (0
        when it is not overdue)."""
        return 0 if self.due_now_week is None else max(0, start + self.duration_weeks - self.due_now_week)


class Handover(_Model):
    """A person's move from a children's service to an adult one.

    Gap weeks = max(0, end of `last_step_id` - `children_end_week`), counted `weight` times
    (how much the person depends on the service: 1 to 3). `children_end_week` None: nothing
    ends (a cycle of reviews, such as the EHC plan's annual reviews): never a gap.
    """

    id: str
    person_id: str
    children_end_week: int | None
    last_step_id: str
    weight: int = Field(1, ge=1)

    @property
    def ends(self) -> bool:
        return self.children_end_week is not None

    def gap(self, last_end: int) -> int:
        """Gap weeks (unweighted) when the last step ends at week boundary `last_end`."""
        return 0 if self.children_end_week is None else max(0, last_end - self.children_end_week)


class Problem(_Model):
    """A whole scheduling request; cross-references are checked here, once."""

    teams: list[Team]
    handovers: list[Handover]
    steps: list[Step]
    meeting_tolerance_weeks: int = Field(0, ge=0, description="meetings this close count once")
    min_horizon_weeks: int = Field(0, ge=0, description="lay out at least this many weeks of capacity "
                                   "(a one-person re-plan queues behind everyone else's steps)")

    @model_validator(mode="after")
    def _references(self) -> Problem:
        teams = {t.id for t in self.teams}
        steps = {s.id for s in self.steps}
        handovers = {h.id for h in self.handovers}
        problems: list[str] = []
        if len(steps) != len(self.steps):
            problems.append("two steps share an id")
        for s in self.steps:
            if s.team not in teams:
                problems.append(f"step {s.id}: unknown team {s.team!r}")
            if s.handover_id not in handovers:
                problems.append(f"step {s.id}: unknown handover {s.handover_id!r}")
            problems.extend(f"step {s.id}: unknown predecessor {p!r}" for p in s.predecessors if p not in steps)
        problems.extend(f"handover {h.id}: unknown last step {h.last_step_id!r}"
                        for h in self.handovers if h.last_step_id not in steps)
        if problems:
            raise ValueError("; ".join(problems[:10]))
        return self

    @cached_property
    def step_by_id(self) -> dict[str, Step]:
        return {s.id: s for s in self.steps}

    @cached_property
    def team_by_id(self) -> dict[str, Team]:
        return {t.id: t for t in self.teams}

    @cached_property
    def handover_by_id(self) -> dict[str, Handover]:
        return {h.id: h for h in self.handovers}

    @cached_property
    def horizon(self) -> int:
        """Weeks of capacity to lay out: far enough that every step could wait its turn."""
        last = max([0] + [h.children_end_week for h in self.handovers if h.ends]
                   + [s.earliest_week + s.duration_weeks for s in self.steps]
                   + [s.deadline_week or 0 for s in self.steps])
        # A chain may queue at each of its teams in turn, so the waits add up.
        extra = 52
        for team in self.teams:
            demand = sum(1 for s in self.steps if s.team == team.id and s.uses_capacity)
            if team.limited and demand:
                final = team.rate(10**9)
                if final <= 0:
                    raise ValueError(f"team {team.id} has no capacity in the end, but {demand} steps need it")
                extra += math.ceil(demand / final) + 1
        return max(last + extra, self.min_horizon_weeks)

    @cached_property
    def capacity(self) -> dict[str, list[int]]:
        """Integer starts per week for each limited team, over `horizon` weeks."""
        return {t.id: t.weekly(self.horizon) for t in self.teams if t.limited}

    @cached_property
    def _handover_steps(self) -> dict[str, list[Step]]:
        out: dict[str, list[Step]] = {h.id: [] for h in self.handovers}
        for s in self.steps:
            out[s.handover_id].append(s)
        return out

    @cached_property
    def _person_meetings(self) -> dict[str, list[Step]]:
        out: dict[str, list[Step]] = {}
        for s in self.steps:
            if s.meeting:
                out.setdefault(s.person_id, []).append(s)
        return out

    def steps_of(self, handover_id: str) -> list[Step]:
        return self._handover_steps[handover_id]

    def meetings_of(self, person_id: str) -> list[Step]:
        return self._person_meetings.get(person_id, [])

    def handovers_of(self, step_ids) -> list[Handover]:
        """The handovers the given steps belong to (each once)."""
        seen = {self.step_by_id[sid].handover_id for sid in step_ids}
        return [self.handover_by_id[h] for h in sorted(seen)]

    def topological(self) -> list[Step]:
        """Steps ordered so that every predecessor comes first (raises on a cycle)."""
        indeg = {s.id: len(s.predecessors) for s in self.steps}
        succ: dict[str, list[str]] = {s.id: [] for s in self.steps}
        for s in self.steps:
            for p in s.predecessors:
                succ[p].append(s.id)
        ready = [sid for sid, n in indeg.items() if n == 0]
        order: list[str] = []
        while ready:
            sid = ready.pop()
            order.append(sid)
            for n in succ[sid]:
                indeg[n] -= 1
                if indeg[n] == 0:
                    ready.append(n)
        if len(order) != len(self.steps):
            raise ValueError("the steps' predecessors form a cycle")
        return [self.step_by_id[sid] for sid in order]


class Metrics(_Model):
    """What a schedule costs, computed by `planner.validate` from the schedule alone.

    The objective, in order (`key`): (1) weighted gap weeks; (2) fairness, the sum over
    handovers of weight x gap weeks squared; (3) overdue weeks, the weeks each overdue step
    (a statutory deadline already passed with nothing recorded) ends after its soonest possible
    end; (4) statutory breaches; (5) separate family meetings; (6) steps outside their
    recommended window.

    Why fairness is the sum of weight x gap squared (and not the longest weighted gap first):
    at an over-subscribed team the total of weighted gap weeks is fixed by capacity, and only
    who waits is a choice. Squaring charges each further week of one person's wait more than
    the week before, so the plan spreads the unavoidable waiting instead of letting a few people
    wait for years while the rest wait for nothing; it still ranks a heavier dependency (weight)
    first. It is a sum over handovers, so it splits by team exactly as the gap does and keeps the
    per-team min-cost flow exact (a longest-gap-first rule is a min-max over everyone and does
    not split); and it does not stop at the longest gap: a lexicographic min-max fixes the longest
    wait and then says nothing about the second longest, the 90th percentile or the median.
    Measured on Eastshire it keeps the longest gap at the greedy plan's while the breach-first
    order nearly doubles it. The gap distribution (handovers with a gap, median, 90th
    percentile, longest) is reported beside the totals so that the choice can be seen.

    Why overdue weeks sit below the gap terms and above breaches. An overdue step is a breach
    that has already happened and goes on every week until the step is done (an annual review
    not held is a continuing breach of CFA 2014 s.44(1)); the law wants it done as soon as the
    council can. Below the breach count it would cost nothing for as long as another step could
    still be kept on time by making it wait: at a team that is over-subscribed for good there is
    always such a step, so the overdue review would wait behind every review not yet due (on
    Westmere, re-planned three months on, one landed about a year out). That trades a breach
    already happening, indefinitely, for breaches that have not happened yet: the wrong way.
    Above breaches, each overdue step takes the first place its team has, and the price is
    bounded: at one team, where each step takes one start place between its ready week and its
    latest on-time start, the sets of steps that can all be on time are the independent sets of
    a transversal matroid, so k places given to overdue steps leave at most k fewer steps on
    time: one new breach at most for each breach already happening that is dealt with, never
    several. Weeks, not a count of late overdue steps: a count would again not care how late.
    The weeks are not weighted (every statutory duty counts the same) and only statutory
    deadlines make a step overdue here (a missed recommended date stays a window, as guidance
    must not outrank the law). Gap weeks stay first: an adult service missing at 18 is the harm
    this planner exists to prevent, and an overdue step that holds up a handover is already
    charged by its gap. 'As soon as capacity allows' is thus: as soon as the team has a place
    not needed to keep someone from a gap.
    """

    gap_weeks: int = Field(description="total weeks adult services start after children's end")
    weighted_gap_weeks: int
    handovers_with_gap: int
    fairness: int = Field(0, description="sum over handovers of weight x gap weeks squared")
    gap_median: int = Field(0, description="median gap, in weeks, of the handovers with a gap (nearest rank)")
    gap_p90: int = Field(0, description="90th percentile gap, in weeks, of the handovers with a gap (nearest rank)")
    gap_longest: int = Field(0, description="longest gap in weeks")
    overdue_steps: int = Field(0, description="overdue steps planned (statutory deadline passed, nothing recorded)")
    overdue_weeks: int = Field(0, description="weeks overdue steps end after their soonest possible end, summed")
    overdue_longest: int = Field(0, description="the most weeks one overdue step ends after its soonest possible end")
    breaches: int = Field(description="statutory deadlines missed")
    meetings: int = Field(description="separate meetings families attend, after merging")
    meetings_unmerged: int = Field(description="meetings if every one were held separately")
    out_of_window: int = Field(description="steps outside their recommended window")

    def key(self) -> tuple[int, int, int, int, int, int]:
        """The lexicographic objective: smaller is better."""
        return (self.weighted_gap_weeks, self.fairness, self.overdue_weeks, self.breaches, self.meetings,
                self.out_of_window)

    def worse_than(self, other: Metrics) -> list[str]:
        """The first four objectives on which this is worse than `other`, in words."""
        out = []
        if self.weighted_gap_weeks > other.weighted_gap_weeks:
            out.append("weighted gap weeks")
        if self.fairness > other.fairness:
            out.append("fairness (weight x gap squared)")
        if self.overdue_weeks > other.overdue_weeks:
            out.append("weeks overdue steps wait")
        if self.breaches > other.breaches:
            out.append("statutory breaches")
        return out


def merged_meetings(weeks_by_group: Iterable[list[int]], tolerance: int) -> int:
    """How many family meetings the start weeks of each group of mergeable meetings make: weeks
    within `tolerance` of the first of a run (taken from the earliest) are one meeting. Sorts
    each list in place."""
    count = 0
    for weeks in weeks_by_group:
        weeks.sort()
        first = None
        for w in weeks:
            if first is None or w - first > tolerance:
                count += 1
                first = w
    return count


def nearest_rank(sorted_values: list[int], share: float) -> int:
    """The smallest value with at least `share` of the values at or below it (0 when empty)."""
    if not sorted_values:
        return 0
    return sorted_values[max(0, math.ceil(share * len(sorted_values)) - 1)]


class Gap(_Model):
    """One remaining gap, with the team and weeks where capacity binds (if it does)."""

    handover_id: str
    person_id: str
    weeks: int
    weight: int
    binding_team: str | None = None
    binding_weeks: list[int] = Field(default_factory=list)
    unavoidable_weeks: int = Field(0, description="weeks no schedule can avoid (earliest starts alone)")


class Bound(_Model):
    """Lower bounds: what no schedule can do better than, and where it comes from.

    Gap weeks (the larger of two chargings of each handover to one of its limited teams, see
    `planner.scheduler.bound`), overdue weeks, statutory breaches, and separate family meetings
    (keeping precedence: two meetings chained in one handover can never merge)."""

    gap_weeks: int
    weighted_gap_weeks: int
    by_team: dict[str, int] = Field(default_factory=dict, description="weighted gap weeks forced by each team's capacity")
    static_weighted: int = Field(0, description="forced by earliest starts and durations alone")
    charging: str = Field("pressure", description="which charging gave the weighted bound: pressure or schedule")
    overdue_weeks: int = Field(0, description="weeks overdue steps wait past their soonest end that no schedule can avoid")
    breaches: int = Field(0, description="statutory breaches no schedule can avoid")
    meetings: int = Field(0, description="separate family meetings no schedule can avoid (precedence kept)")
    seconds: float = 0.0


class Result(_Model):
    """A schedule (start week of every step) with its metrics and how it was found."""

    starts: dict[str, int]
    metrics: Metrics
    greedy: Metrics
    bound: Bound | None = None
    gaps: list[Gap] = Field(default_factory=list)
    valid: bool
    seconds: float
    greedy_seconds: float = 0.0
    rounds: int = 0
    improved_rounds: int = 0
    method: str = ""
    phases: dict[str, float] = Field(default_factory=dict, description="seconds spent in each phase")

    def distance(self) -> dict[str, int]:
        """How far the plan is from each lower bound (0: provably best on that count)."""
        if self.bound is None:
            return {}
        m, b = self.metrics, self.bound
        return {"weighted_gap_weeks": m.weighted_gap_weeks - b.weighted_gap_weeks,
                "overdue_weeks": m.overdue_weeks - b.overdue_weeks,
                "breaches": m.breaches - b.breaches, "meetings": m.meetings - b.meetings}
