"""The pathway file format as models: services, options (progressions), handovers and their
steps, teams and their capacity, the conditions a person must meet, and date references
("birthday_16 + 3 months"). `planner.pathways.loading` reads the files into these models and
`planner.pathways.graph` builds the graph."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from typing import Annotated, Any

import networkx as nx
from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
)

from planner.models import (
    FLAG_FIELDS,
    CapacityUnit,
    Domain,
    Outcome,
    Person,
    ServiceId,
    TeamId,
    per_week,
)

StepId = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$", max_length=64)]
OUTCOMES = tuple(o.value for o in Outcome)
SUCCESSOR_TEAM = "successor"  # a step done by whichever adult service the person moves to

# Facts: conditions read from the person's record. A person without the fact cannot use the
# service or option. Assessed: conditions only an assessment can settle; the option stays open
# and the condition becomes "what has to happen first".
FACTS: dict[str, str] = {
    **{name: Person.model_fields[name].description for name in FLAG_FIELDS},  # from the record
    "looked_after_or_care_leaver": "is looked after or a care leaver",
    "post16_move": "has a planned move between post-16 places",
}
ASSESSED: dict[str, str] = {
    "care_act_eligible": "a Care Act assessment finds needs that meet the national eligibility criteria (S-6)",
    "chc_eligible": "the ICB decides you have a primary health need (NHS Continuing Healthcare, HL-3)",
    "secondary_mh_need": "adult mental health services accept the referral (HL-4)",
    "entry_requirements": "you meet the entry requirements of the course",
    "employer_offer": "an employer offers you a place or a job",
}
CONDITIONS = FACTS | ASSESSED


def holds(condition: str, person: Any) -> bool:
    """Whether a fact condition holds for a person; an assessed condition may, unless the
    record says the assessment has said no."""
    if condition in ASSESSED:
        return getattr(person, condition, None) is not False
    if condition == "looked_after_or_care_leaver":
        return bool(person.looked_after or person.care_leaver)
    if condition == "post16_move":
        return person.post16_move is not None
    return bool(getattr(person, condition))


class Sector(StrEnum):
    CHILDREN = "children"
    ADULT = "adult"
    ALL_AGE = "all_age"


class StepKind(StrEnum):
    IDENTIFY = "identify"
    INFORM = "inform"
    REFER = "refer"
    SCREEN = "screen"
    ASSESS = "assess"
    DECIDE = "decide"
    PLAN = "plan"
    APPLY = "apply"
    REVIEW = "review"
    MEET = "meet"
    TRANSFER = "transfer"
    FOLLOW_UP = "follow_up"


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)


# An anchor names a date on the person's timeline plus an offset, e.g. "birthday_16 + 3 months",
# "children_end - 6 months", "phase_transfer_review_window.end". Resolved in planner.handovers.
ANCHOR_RE = re.compile(
    r"^(?P<key>[a-z][a-z0-9_]*)(?:\.(?P<part>start|end))?"
    r"(?:\s*(?P<sign>[+-])\s*(?P<n>\d+)\s*(?P<unit>day|days|week|weeks|month|months|year|years))?$"
)


def _check_anchor(text: str) -> str:
    if not ANCHOR_RE.match(text.strip()):
        raise ValueError(
            f"'{text}' is not a date reference: write a timeline key with an optional offset, "
            "like 'birthday_16 + 3 months' or 'children_end - 6 weeks'"
        )
    return text.strip()


Anchor = Annotated[str, AfterValidator(_check_anchor)]


@dataclass(frozen=True)
class ParsedAnchor:
    key: str
    part: str | None
    days: int = 0
    weeks: int = 0
    months: int = 0


def parse_anchor(text: str) -> ParsedAnchor:
    m = ANCHOR_RE.match(text.strip())
    if not m:
        raise ValueError(f"'{text}' is not a date reference like 'birthday_16 + 3 months'")
    n = int(m["n"] or 0) * (-1 if m["sign"] == "-" else 1)
    unit = (m["unit"] or "days").rstrip("s")
    if unit == "year":
        return ParsedAnchor(m["key"], m["part"], months=12 * n)
    return ParsedAnchor(m["key"], m["part"], **{unit + "s": n})


class Capacity(_Model):
    amount: float = Field(gt=0)
    per: CapacityUnit


def capacity_per_week(capacity: Capacity | None) -> float | None:
    """Capacity converted to items per week (planner.models.per_week); None: no stated limit."""
    if capacity is None:
        return None
    return per_week(capacity.amount, capacity.per)


class Team(_Model):
    id: TeamId
    name: str
    does: str = Field(description="what one unit of capacity is, e.g. 'Care Act transition assessments'")
    capacity: Capacity | None = Field(None, description="None: no stated limit")
    annual_reviews: bool = Field(False, description="this team holds the EHC plans' annual reviews (E-3); "
                                 "one team at most")
    staff_fte: float | None = Field(None, ge=0, description="staff (full-time equivalent) who deliver that capacity, "
                                    "where known: capacity advice is then given in staff too")
    source: str = ""

    @property
    def per_week(self) -> float | None:
        return capacity_per_week(self.capacity)

    @property
    def fte_per_weekly_start(self) -> float | None:
        """Staff it takes to start one more step every week, at this team's rate."""
        rate = self.per_week
        return None if self.staff_fte is None or not rate else self.staff_fte / rate


class Service(_Model):
    id: ServiceId
    name: str
    short_name: str | None = Field(None, description="a short plain name for the young person's pages, "
                                   "when `name` is long or formal ('College' for 'Further education college')")
    description: str
    domain: Domain
    sector: Sector
    ages: tuple[int, int] = Field(description="from age (inclusive) to age (the birthday it ends on)")
    ends_at: Anchor | None = Field(None, description="timeline date the service ends, if not the upper age")
    eligibility: list[str] = Field(default_factory=list)
    flag: str | None = Field(None, description="the Person flag that means 'open to this service'")
    team: TeamId
    outcomes: list[str] = Field(default_factory=list)
    source: str


class Progression(_Model):
    from_: list[ServiceId] = Field(alias="from", min_length=1)
    to: list[ServiceId] = Field(min_length=1)
    when: Anchor | None = Field(None, description="when the move usually happens")
    conditions: list[str] = Field(default_factory=list)
    reason: str
    first: str = Field(description="what has to happen first, in plain words")
    source: str


class Step(_Model):
    id: StepId
    title: str
    kind: StepKind
    team: TeamId
    duration_weeks: int = Field(ge=0, le=104)
    earliest: Anchor
    deadline: Anchor
    window: tuple[Anchor, Anchor] | None = Field(None, description="recommended window (NICE NG43)")
    meeting: bool = Field(False, description="a meeting that can be merged with other reviews")
    uses_capacity: bool = Field(True, description="takes one unit of the team's capacity")
    after: list[StepId] = Field(default_factory=list)
    breach: str | None = Field(None, description="rule whose deadline this is; missing it is a breach")
    source: str


class HandoverEdge(_Model):
    id: StepId
    edge: int = Field(ge=1, le=13, description="row of rules.md section 7")
    title: str
    from_: list[ServiceId] = Field(alias="from", min_length=1)
    to: list[ServiceId] = Field(min_length=1)
    when: list[str] = Field(default_factory=list, description="person conditions for this handover")
    children_end: Anchor | None = Field(None, description="override of the children's service end")
    dependency: int = Field(ge=1, le=3, description="how much the person depends on the service")
    source: str
    steps: list[Step] = Field(min_length=1)

    @property
    def transfer_step(self) -> Step:
        return next(s for s in self.steps if s.kind == StepKind.TRANSFER)


class PathwayFile(_Model):
    domain: Domain
    services: list[dict[str, Any]] = Field(default_factory=list)
    progressions: list[dict[str, Any]] = Field(default_factory=list)
    handovers: list[dict[str, Any]] = Field(default_factory=list)


@dataclass(frozen=True, order=True)
class PathwayError:
    """One problem in a pathway or teams file: where, what, and what to do."""

    file: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.message}"


class PathwayErrors(Exception):
    def __init__(self, errors: list[PathwayError]):
        self.errors = sorted(errors)
        super().__init__("\n".join(str(e) for e in self.errors))


@dataclass
class Pathways:
    services: dict[str, Service]
    progressions: list[Progression]
    handovers: dict[str, HandoverEdge]
    teams: dict[str, Team]

    @property
    def annual_review_team(self) -> str | None:
        """The team that holds the EHC plans' annual reviews (`annual_reviews: true` in the
        teams file), or None when the teams file names none."""
        return next((t.id for t in self.teams.values() if t.annual_reviews), None)

    def service_name(self, service_id: str) -> str:
        """The plain name of a service: its short name, else its name (an unknown id in words)."""
        s = self.services.get(service_id)
        return (s.short_name or s.name) if s else service_id.replace("_", " ").capitalize()

    def limited(self, team_id: str) -> bool:
        """Whether the team has a stated capacity (a team without one never makes a step wait)."""
        team = self.teams.get(team_id)
        return team is not None and team.capacity is not None


def step_graph(h: HandoverEdge) -> nx.DiGraph:
    """A handover's steps with an edge from each predecessor to the step that waits for it."""
    g = nx.DiGraph()
    g.add_nodes_from(s.id for s in h.steps)
    g.add_edges_from((before, s.id) for s in h.steps for before in s.after)
    return g
