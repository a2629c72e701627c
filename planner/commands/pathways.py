"""`planner pathways check [DIR]` and `planner pathways graph --format json|dot`."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import networkx as nx

from planner import pathways as pw
from planner.commands import UserError


def add_parser(sub) -> None:
    parser = sub.add_parser("pathways", help="check the pathway files or print the pathway graph")
    inner = parser.add_subparsers(dest="action", metavar="ACTION", required=True,
                                  parser_class=type(parser))
    check = inner.add_parser("check", help="check every pathway file; exit 1 listing the problems")
    check.add_argument("directory", nargs="?", default=str(pw.PATHWAYS_DIR),
                       help="folder of pathway YAML files (default: pathways/)")
    check.add_argument("--teams", default=str(pw.TEAMS_FILE), help="teams file (default: data/teams.yaml)")
    check.set_defaults(func=run_check)
    graph = inner.add_parser("graph", help="print the pathway graph as JSON or Graphviz dot")
    graph.add_argument("--format", choices=["json", "dot"], default="json")
    graph.add_argument("--directory", default=str(pw.PATHWAYS_DIR), help="folder of pathway YAML files")
    graph.add_argument("--teams", default=str(pw.TEAMS_FILE), help="teams file")
    graph.set_defaults(func=run_graph)


def run_check(args) -> int:
    errors = pw.check(Path(args.directory), Path(args.teams))
    if errors:
        for e in errors:
            print(e, file=sys.stderr)
        n = len(errors)
        print(f"{n} problem{'s' if n != 1 else ''} found in the pathway files", file=sys.stderr)
        return 1
    p = pw.load(Path(args.directory), Path(args.teams))
    print(f"ok: {len(p.services)} services, {len(p.progressions)} options, "
          f"{len(p.handovers)} handovers, {len(p.teams)} teams")
    return 0


def run_graph(args) -> int:
    try:
        g = pw.build_graph(pw.load(Path(args.directory), Path(args.teams)))
    except pw.PathwayErrors as exc:
        raise UserError(f"the pathway files have {len(exc.errors)} problem(s): run "
                        "`planner pathways check` to list them") from None
    print(to_dot(g) if args.format == "dot" else json.dumps(to_json(g), indent=2))
    return 0


def to_json(g: nx.DiGraph) -> dict:
    """Nodes with their service fields; edges with kind, kinds and handover ids."""
    nodes = [g.nodes[n]["service"].model_dump(mode="json") for n in sorted(g)]
    edges = []
    for a, b, d in sorted(g.edges(data=True), key=lambda e: (e[0], e[1])):
        edges.append({"from": a, "to": b, "kind": d["kind"], "kinds": list(d["kinds"]),
                      "handovers": list(d["handovers"]),
                      "conditions": sorted({c for p in d["progressions"] for c in p.conditions})})
    handovers = [h.model_dump(mode="json", by_alias=True) for h in g.graph["handovers"].values()]
    teams = [t.model_dump(mode="json") | {"per_week": t.per_week} for t in g.graph["teams"].values()]
    return {"services": nodes, "edges": edges, "handovers": handovers, "teams": teams}


def _q(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def to_dot(g: nx.DiGraph) -> str:
    """Graphviz: children's services as boxes, adult ones as ellipses; handovers bold."""
    shape = {"children": "box", "adult": "ellipse", "all_age": "octagon"}
    lines = ["digraph pathways {", "  rankdir=LR;"]
    for n in sorted(g):
        s = g.nodes[n]["service"]
        lines.append(f"  {n} [label={_q(s.name)}, shape={shape[s.sector.value]}];")
    for a, b, d in sorted(g.edges(data=True), key=lambda e: (e[0], e[1])):
        style = "bold" if d["kind"] == "handover" else "dashed"
        lines.append(f"  {a} -> {b} [style={style}, label={_q(d['kind'])}];")
    lines.append("}")
    return "\n".join(lines)
