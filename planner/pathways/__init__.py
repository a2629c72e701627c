"""Pathway data: `pathways/*.yaml` and `data/teams.yaml` -> validated models -> networkx graph.

A local area reads and edits the YAML, so every problem is reported in one run, each naming
the file, the line and what to do. The graph has the services as nodes and typed edges:
"progression" (an option a person may choose) and "handover" (a children's service passing a
person to its adult successor). Queries over the graph live in `planner.pathway_queries`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Any, Literal

import networkx as nx
from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
)

from planner.models import Domain, ServiceId, TeamId

ROOT = Path(__file__).resolve().parents[2]
PATHWAYS_DIR = ROOT / "pathways"
TEAMS_FILE = ROOT / "data" / "teams.yaml"

StepId = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$", max_length=64)]
OUTCOMES = ("employment", "independent_living", "community_inclusion", "good_health")
SUCCESSOR_TEAM = "successor"  # a step done by whichever adult service the person moves to

# Facts: conditions read from the person's record. A person without the fact cannot use the
# service or option. Assessed: conditions only an assessment can settle; the option stays open
# and the condition becomes "what has to happen first".
FACTS: dict[str, str] = {
    "ehc_plan": "has an EHC plan",
    "looked_after": "is looked after",
    "care_leaver": "is a care leaver",
    "looked_after_or_care_leaver": "is looked after or a care leaver",
    "childrens_social_care": "is open to children's social care",
    "continuing_care": "has a children's continuing care package",
    "camhs": "is open to CAMHS",
    "paediatrics": "is open to paediatrics",
    "ld_register": "is on the GP learning disability register",
    "dla": "gets Disability Living Allowance",
    "uc_exception": "meets a Universal Credit reg 8 exception",
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
    per: Literal["week", "month", "year", "academic year"]


WEEKS_IN = {"week": 1.0, "month": 52.0 / 12.0, "year": 52.0, "academic year": 52.0}


def per_week(capacity: Capacity | None) -> float | None:
    """Capacity converted to items per week; None means no stated limit.

    An academic year counts as 52 weeks: a place (e.g. a supported internship) is a year's
    capacity, not 39 teaching weeks' worth.
    """
    if capacity is None:
        return None
    return capacity.amount / WEEKS_IN[capacity.per]


class Team(_Model):
    id: TeamId
    name: str
    does: str = Field(description="what one unit of capacity is, e.g. 'Care Act transition assessments'")
    capacity: Capacity | None = Field(None, description="None: no stated limit")
    source: str = ""

    @property
    def per_week(self) -> float | None:
        return per_week(self.capacity)


class Service(_Model):
    id: ServiceId
    name: str
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


def load(directory: Path | str = PATHWAYS_DIR, teams_file: Path | str | None = TEAMS_FILE) -> Pathways:
    """Read and check every `*.yaml` in `directory`; raise PathwayErrors listing every problem."""
    from planner.pathways import loading  # the loader needs the models above

    return loading.load(Path(directory), Path(teams_file) if teams_file else None)


def check(directory: Path | str = PATHWAYS_DIR, teams_file: Path | str | None = TEAMS_FILE) -> list[PathwayError]:
    """Every problem in the pathway files (empty when they are valid)."""
    try:
        load(directory, teams_file)
    except PathwayErrors as exc:
        return exc.errors
    return []


def build_graph(p: Pathways) -> nx.DiGraph:
    """Services as nodes; edges carry `kinds` (a tuple of "progression"/"handover"), `kind`
    (handover when both), the progression rules and the handover ids."""
    g = nx.DiGraph(pathways=p, handovers=p.handovers, teams=p.teams, services=p.services)
    for s in p.services.values():
        g.add_node(s.id, service=s, sector=s.sector.value, domain=s.domain.value)
    for prog in p.progressions:
        for a in prog.from_:
            for b in prog.to:
                data = g.get_edge_data(a, b) or {"kinds": (), "progressions": [], "handovers": []}
                data["progressions"].append(prog)
                data["kinds"] = tuple(sorted(set(data["kinds"]) | {"progression"}))
                g.add_edge(a, b, **data)
    for h in p.handovers.values():
        for a in h.from_:
            for b in h.to:
                data = g.get_edge_data(a, b) or {"kinds": (), "progressions": [], "handovers": []}
                data["handovers"].append(h.id)
                data["kinds"] = tuple(sorted(set(data["kinds"]) | {"handover"}))
                g.add_edge(a, b, **data)
    for _, _, data in g.edges(data=True):
        data["kind"] = "handover" if "handover" in data["kinds"] else "progression"
    return g


@lru_cache(maxsize=4)
def _cached_graph(directory: str, teams_file: str) -> nx.DiGraph:
    return build_graph(load(directory, teams_file))


def default_graph() -> nx.DiGraph:
    """The graph of the committed pathway files (cached; do not mutate it)."""
    return _cached_graph(str(PATHWAYS_DIR), str(TEAMS_FILE))


def step_graph(h: HandoverEdge) -> nx.DiGraph:
    """A handover's steps with an edge from each predecessor to the step that waits for it."""
    g = nx.DiGraph()
    g.add_nodes_from(s.id for s in h.steps)
    g.add_edges_from((before, s.id) for s in h.steps for before in s.after)
    return g


def validation_error_messages(exc: ValidationError) -> list[tuple[tuple, str]]:
    """(location, plain message) for each pydantic error."""
    out = []
    for err in exc.errors():
        msg = err["msg"].removeprefix("Value error, ")
        if err["type"] == "extra_forbidden":
            msg = "this field is not known: remove it or check its spelling"
        elif err["type"] == "missing":
            msg = "this field is required: add it"
        elif err["type"] == "string_pattern_mismatch":
            msg = f"'{err.get('input')}' has the wrong form ({msg})"
        out.append((tuple(err["loc"]), msg))
    return out


# ---- Graph queries -------------------------------------------------------------------------


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


def options_for(person: Any, current: list[str], graph: nx.DiGraph, timeline: Any) -> list[Option]:
    """Options from each current service (progression and handover edges), open ones first.

    An option is closed when a fact rules it out (no EHC plan) or the person will be too old;
    assessed conditions (Care Act eligibility) become things that have to happen first."""
    import datetime as dt

    from planner import schoolyear as sy
    from planner.handovers import MissingDate, resolve

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
                first.append(f"wait until your {target.ages[0]}th birthday ({start:%-d %B %Y})")
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
    import datetime as dt

    from planner import schoolyear as sy

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
    from planner import handovers

    horizon = timeline.core["day_before_26th_birthday"]
    return [{"from_service": h.from_service, "children_end": h.children_end, "to_service": h.to_service,
             "alternatives": h.alternatives, "title": h.title, "edge": h.edge}
            for h in handovers.for_person(person, episodes, graph, timeline, horizon)]
