"""The pathway graph: `pathways/*.yaml` and `data/teams.yaml`, loaded and checked, as a networkx
graph with the services as nodes and typed edges: "progression" (an option a person may choose)
and "handover" (a children's service passing a person to its adult successor). Queries over the
graph (options, routes, successors) live in `planner.options`."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import networkx as nx

from planner.pathways import loading
from planner.pathways.schema import PathwayError, PathwayErrors, Pathways
from planner.resources import PATHWAYS_DIR, TEAMS_FILE


def load(directory: Path | str = PATHWAYS_DIR, teams_file: Path | str | None = TEAMS_FILE) -> Pathways:
    """Read and check every `*.yaml` in `directory`; raise PathwayErrors listing every problem."""
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
