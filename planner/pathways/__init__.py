"""Pathways: the services a young person can use from 14 to 25, the options between them and
the handovers from children's to adult services, read from `pathways/*.yaml` and
`data/teams.yaml`.

A local area reads and edits the YAML, so every problem is reported in one run, each naming the
file, the line and what to do. The package's modules: `schema` (the file format as models),
`loading` (reading and checking the files), `graph` (the networkx graph). This module is the
package's one way in; queries over the graph live in `planner.options`.
"""

from __future__ import annotations

from planner.pathways.graph import (  # noqa: F401
    build_graph,
    check,
    default_graph,
    load,
)
from planner.pathways.schema import (  # noqa: F401
    ANCHOR_RE,
    ASSESSED,
    CONDITIONS,
    FACTS,
    OUTCOMES,
    SUCCESSOR_TEAM,
    Anchor,
    Capacity,
    HandoverEdge,
    ParsedAnchor,
    PathwayError,
    PathwayErrors,
    PathwayFile,
    Pathways,
    Progression,
    Sector,
    Service,
    Step,
    StepId,
    StepKind,
    Team,
    capacity_per_week,
    holds,
    parse_anchor,
    step_graph,
)
from planner.resources import PATHWAYS_DIR, TEAMS_FILE  # noqa: F401
