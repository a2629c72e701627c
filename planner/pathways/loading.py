"""Loading and checking pathway files: every problem in one run, each with file, line and fix.

Each service, option and handover is validated on its own, so one bad entry does not hide the
problems in the others; cross-references (services, teams, steps, timeline dates) are checked
once everything has been read.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from pathlib import Path
from typing import Any

import networkx as nx
import yaml
from pydantic import BaseModel, ValidationError

from planner import milestones
from planner.models import DATE_FIELDS, Person
from planner.pathways.schema import (
    CONDITIONS,
    FACTS,
    OUTCOMES,
    SUCCESSOR_TEAM,
    HandoverEdge,
    PathwayError,
    PathwayErrors,
    PathwayFile,
    Pathways,
    Progression,
    Sector,
    Service,
    StepKind,
    Team,
    parse_anchor,
    step_graph,
)


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


EXTRA_KEYS = {"children_end", "as_of"} | {f"birthday_{n}" for n in range(0, 27)} | set(DATE_FIELDS)


@lru_cache(maxsize=1)
def timeline_keys() -> frozenset[str]:
    """Every date name a pathway file may refer to: core dates, milestone keys, birthdays,
    the person's own dates and `children_end` (the day the children's service ends)."""
    d = dt.date(2010, 3, 15)
    person = Person(
        dob=d, ehc_plan=True, looked_after=True, childrens_social_care=True, continuing_care=True,
        camhs=True, paediatrics=True, ld_register=True, dla=True, uc_exception=True,
        plan_issued=dt.date(2019, 1, 1), last_review=dt.date(2023, 1, 1),
        assessment_request=dt.date(2024, 1, 1), post16_move=dt.date(2028, 1, 1),
        looked_after_since=dt.date(2023, 1, 1), entered_services=dt.date(2025, 1, 1),
    )
    tl = milestones.for_person(person)
    return frozenset(set(tl.core) | tl.keys() | EXTRA_KEYS)


def _line_map(node: yaml.Node, path: tuple = (), out: dict | None = None) -> dict[tuple, int]:
    """Path of keys and indices -> 1-based line, so a pydantic location becomes a line."""
    out = {} if out is None else out
    out.setdefault(path, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        for k, v in node.value:
            key = k.value
            out[path + (key,)] = k.start_mark.line + 1
            _line_map(v, path + (key,), out)
            out[path + (key,)] = k.start_mark.line + 1
    elif isinstance(node, yaml.SequenceNode):
        for i, v in enumerate(node.value):
            _line_map(v, path + (i,), out)
    return out


class _File:
    """One YAML file being checked: its data, line map and the errors found in it."""

    def __init__(self, path: Path, errors: list[PathwayError]):
        self.path, self.errors = path, errors
        self.name = _display(path)
        self.lines: dict[tuple, int] = {}
        self.data: Any = None
        try:
            text = path.read_text(encoding="utf-8")
            # libyaml's loader where installed: ten times faster, the same nodes and line marks.
            loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
            node = yaml.compose(text, Loader=loader)
            self.data = yaml.load(text, Loader=loader)  # noqa: S506 - a safe loader
        except UnicodeDecodeError:
            self.error((), "the file is not UTF-8 text: save it as UTF-8")
            return
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            line = mark.line + 1 if mark else 1
            problem = getattr(exc, "problem", None) or str(exc)
            errors.append(PathwayError(self.name, line, f"this is not valid YAML ({problem}): "
                                       "check the indentation and the colons on this line"))
            return
        if node is not None:
            self.lines = _line_map(node)

    def line(self, loc: tuple) -> int:
        loc = tuple(loc)
        while loc and loc not in self.lines:
            loc = loc[:-1]
        return self.lines.get(loc, 1)

    def error(self, loc: tuple, message: str) -> None:
        self.errors.append(PathwayError(self.name, self.line(loc), message))

    def validate(self, model: type[BaseModel], data: Any, loc: tuple) -> Any:
        try:
            return model.model_validate(data)
        except ValidationError as exc:
            for sub, msg in validation_error_messages(exc):
                sub = tuple("from" if x == "from_" else x for x in sub)
                where = ".".join(str(x) for x in sub)
                self.error(loc + sub, f"{where}: {msg}" if where else msg)
            return None


def _display(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def load_teams(path: Path, errors: list[PathwayError]) -> tuple[dict[str, Team], dict[str, tuple[_File, tuple]]]:
    teams: dict[str, Team] = {}
    where: dict[str, tuple[_File, tuple]] = {}
    f = _File(path, errors)
    if f.data is None:
        if not f.errors:
            f.error((), "the teams file is empty: list the teams under 'teams:'")
        return teams, where
    if not isinstance(f.data, dict) or not isinstance(f.data.get("teams"), list):
        f.error((), "the teams file needs a list under 'teams:'")
        return teams, where
    for i, item in enumerate(f.data["teams"]):
        team = f.validate(Team, item, ("teams", i))
        if team is None:
            continue
        if team.id in teams:
            f.error(("teams", i, "id"), f"the team '{team.id}' is listed twice: keep one")
            continue
        if team.annual_reviews and (other := next((t for t in teams.values() if t.annual_reviews), None)):
            f.error(("teams", i, "annual_reviews"), f"'{other.id}' already holds the annual reviews: "
                    "mark one team only with 'annual_reviews: true'")
        teams[team.id] = team
        where[team.id] = (f, ("teams", i))
    return teams, where


def load(directory: Path, teams_file: Path | None) -> Pathways:
    errors: list[PathwayError] = []
    if not directory.is_dir():
        raise PathwayErrors([PathwayError(_display(directory), 1, "this folder does not exist: "
                                          "give the folder that holds the pathway YAML files")])
    teams, _ = load_teams(teams_file, errors) if teams_file else ({}, {})
    files = sorted(directory.glob("*.yaml")) + sorted(directory.glob("*.yml"))
    if not files:
        errors.append(PathwayError(_display(directory), 1, "no .yaml files here: add one file per domain"))
    services: dict[str, Service] = {}
    progressions: list[tuple[_File, tuple, Progression]] = []
    handovers: dict[str, tuple[_File, tuple, HandoverEdge]] = {}
    service_where: dict[str, tuple[_File, tuple]] = {}
    for path in files:
        f = _File(path, errors)
        if f.data is None:
            if not f.errors:
                f.error((), "the file is empty: give it a 'domain:' and 'services:'")
            continue
        if not isinstance(f.data, dict):
            f.error((), "the file must be a mapping with 'domain:', 'services:', 'progressions:' and 'handovers:'")
            continue
        top = f.validate(PathwayFile, f.data, ())
        if top is None:
            continue
        for i, item in enumerate(top.services):
            if isinstance(item, dict):
                item = {"domain": top.domain.value, **item}
            s = f.validate(Service, item, ("services", i))
            if s is None:
                continue
            if s.id in services:
                other, oloc = service_where[s.id]
                f.error(("services", i, "id"), f"the service '{s.id}' is already defined at "
                        f"{other.name}:{other.line(oloc)}: rename one or remove it")
                continue
            services[s.id], service_where[s.id] = s, (f, ("services", i))
        for i, item in enumerate(top.progressions):
            p = f.validate(Progression, item, ("progressions", i))
            if p is not None:
                progressions.append((f, ("progressions", i), p))
        for i, item in enumerate(top.handovers):
            h = f.validate(HandoverEdge, item, ("handovers", i))
            if h is None:
                continue
            if h.id in handovers:
                f.error(("handovers", i, "id"), f"the handover '{h.id}' is defined twice: rename one")
                continue
            handovers[h.id] = (f, ("handovers", i), h)

    keys = timeline_keys()
    _check_services(services, service_where, teams if teams_file else None, keys)
    for f, loc, p in progressions:
        _check_progression(f, loc, p, services, keys)
    for f, loc, h in handovers.values():
        _check_handover(f, loc, h, services, teams if teams_file else None, keys)
    if errors:
        raise PathwayErrors(errors)
    return Pathways(services=services, progressions=[p for _, _, p in progressions],
                    handovers={k: v[2] for k, v in handovers.items()}, teams=teams)


def _known_service(f: _File, loc: tuple, sid: str, services: dict[str, Service]) -> bool:
    if sid in services:
        return True
    f.error(loc, f"unknown service '{sid}': define it under 'services:' in one of the pathway "
            "files, or correct the spelling")
    return False


def _known_team(f: _File, loc: tuple, tid: str, teams: dict[str, Team] | None, what: str) -> None:
    if teams is not None and tid not in teams:
        f.error(loc, f"unknown team '{tid}' for {what}: add it to data/teams.yaml or use a listed team")


def _known_anchor(f: _File, loc: tuple, text: str, keys: frozenset[str]) -> None:
    key = parse_anchor(text).key
    if key not in keys:
        f.error(loc, f"'{key}' is not a date on the timeline: use a milestone key (see `planner "
                "milestones --json`), birthday_N or children_end")


def _known_conditions(f: _File, loc: tuple, conditions: list[str], allowed: dict[str, str]) -> None:
    for j, c in enumerate(conditions):
        if c not in allowed:
            f.error(loc + (j,), f"unknown condition '{c}': use one of {', '.join(sorted(allowed))}")


def _check_services(services, where, teams, keys) -> None:
    for s in services.values():
        f, loc = where[s.id]
        lo, hi = s.ages
        if not (0 <= lo < hi <= 26):
            f.error(loc + ("ages",), f"the age range {lo} to {hi} of '{s.id}' cannot hold: the first "
                    "age must be below the second, both between 0 and 26")
        elif s.sector == Sector.CHILDREN and hi > 19:
            f.error(loc + ("ages",), f"'{s.id}' is a children's service but runs to {hi}: end it by "
                    "19 or make it an adult or all-age service")
        elif s.sector == Sector.ADULT and lo < 16:
            f.error(loc + ("ages",), f"'{s.id}' is an adult service but starts at {lo}: start it at 16 "
                    "or later, or make it all-age")
        if s.ends_at:
            _known_anchor(f, loc + ("ends_at",), s.ends_at, keys)
        _known_team(f, loc + ("team",), s.team, teams, f"service '{s.id}'")
        _known_conditions(f, loc + ("eligibility",), s.eligibility, CONDITIONS)
        if s.flag is not None and s.flag not in FACTS:
            f.error(loc + ("flag",), f"unknown flag '{s.flag}': use one of {', '.join(sorted(FACTS))}")
        for j, o in enumerate(s.outcomes):
            if o not in OUTCOMES:
                f.error(loc + ("outcomes", j), f"unknown outcome '{o}': use one of {', '.join(OUTCOMES)}")


def _check_progression(f: _File, loc: tuple, p: Progression, services, keys) -> None:
    for j, sid in enumerate(p.from_):
        _known_service(f, loc + ("from", j), sid, services)
    for j, sid in enumerate(p.to):
        if _known_service(f, loc + ("to", j), sid, services) and sid in p.from_:
            f.error(loc + ("to", j), f"'{sid}' leads to itself: remove it from 'to'")
    if p.when:
        _known_anchor(f, loc + ("when",), p.when, keys)
    _known_conditions(f, loc + ("conditions",), p.conditions, CONDITIONS)


def _check_handover(f: _File, loc: tuple, h: HandoverEdge, services, teams, keys) -> None:
    for j, sid in enumerate(h.from_):
        if _known_service(f, loc + ("from", j), sid, services) and services[sid].sector == Sector.ADULT:
            f.error(loc + ("from", j), f"handover '{h.id}' starts from the adult service '{sid}': "
                    "a handover leaves a children's or all-age service")
    for j, sid in enumerate(h.to):
        if _known_service(f, loc + ("to", j), sid, services) and services[sid].sector == Sector.CHILDREN:
            f.error(loc + ("to", j), f"the successor '{sid}' of handover '{h.id}' is a children's "
                    "service: a handover must lead to an adult or all-age service")
    _known_conditions(f, loc + ("when",), h.when, FACTS)
    if h.children_end:
        _known_anchor(f, loc + ("children_end",), h.children_end, keys)
    ids: dict[str, int] = {}
    for i, s in enumerate(h.steps):
        sloc = loc + ("steps", i)
        if s.id in ids:
            f.error(sloc + ("id",), f"step '{s.id}' appears twice in handover '{h.id}': rename one")
        ids[s.id] = i
        if s.team == SUCCESSOR_TEAM:
            for sid in h.to:
                if sid in services:
                    _known_team(f, sloc + ("team",), services[sid].team, teams, f"successor '{sid}'")
        else:
            _known_team(f, sloc + ("team",), s.team, teams, f"step '{s.id}'")
        for field in ("earliest", "deadline"):
            _known_anchor(f, sloc + (field,), getattr(s, field), keys)
        for j, a in enumerate(s.window or ()):
            _known_anchor(f, sloc + ("window", j), a, keys)
    for i, s in enumerate(h.steps):
        for j, before in enumerate(s.after):
            if before not in ids:
                f.error(loc + ("steps", i, "after", j), f"step '{s.id}' waits for '{before}', which is "
                        f"not a step of handover '{h.id}': add that step or correct the name")
    transfers = [i for i, s in enumerate(h.steps) if s.kind == StepKind.TRANSFER]
    if len(transfers) != 1:
        f.error(loc + ("steps",), f"handover '{h.id}' needs exactly one step of kind 'transfer' (the "
                f"adult service starts); it has {len(transfers)}")
    g = step_graph(h)
    g.remove_nodes_from([n for n in list(g) if n not in ids])
    try:
        cycle = nx.find_cycle(g)
    except nx.NetworkXNoCycle:
        return
    names = " -> ".join(a for a, _ in cycle) + f" -> {cycle[0][0]}"
    f.error(loc + ("steps", ids[cycle[0][1]], "after"), f"the steps of handover '{h.id}' wait for "
            f"each other in a circle ({names}): remove one 'after' link")
