"""Hypothesis: any generated valid pathway file loads into a graph whose step chains are
acyclic, and every handover it yields for a person has steps in a consistent order."""

from __future__ import annotations

import datetime as dt

import networkx as nx
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from planner import handovers, milestones
from planner import pathways as pw
from planner.models import Episode, Person

ANCHORS = ["birthday_14", "birthday_16", "birthday_17", "year9_start", "children_end",
           "csa_end", "post16_transfer"]


@st.composite
def pathway_file(draw):
    n = draw(st.integers(1, 6))
    ids = [f"s{i}" for i in range(n)]
    steps = []
    for i, sid in enumerate(ids):
        # Predecessors only among earlier steps: a valid file has an acyclic chain.
        after = draw(st.lists(st.sampled_from(ids[:i]), unique=True, max_size=3)) if i else []
        steps.append({
            "id": sid, "title": f"step {i}", "kind": "transfer" if i == n - 1 else "assess",
            "team": draw(st.sampled_from(["camhs_team", "asc_transitions", "successor"])),
            "duration_weeks": draw(st.integers(0, 12)),
            "earliest": draw(st.sampled_from(ANCHORS)) + f" - {draw(st.integers(0, 30))} weeks",
            "deadline": f"children_end - {draw(st.integers(0, 12))} months",
            "meeting": draw(st.booleans()), "after": after, "source": "HL-4",
        })
    draw(st.randoms()).shuffle(steps)
    return {
        "domain": "health",
        "services": [
            {"id": "kid", "name": "Kid", "description": "d", "sector": "children",
             "ages": [0, draw(st.integers(15, 18))], "team": "camhs_team", "source": "HL-4"},
            {"id": "grown", "name": "Grown", "description": "d", "sector": draw(st.sampled_from(["adult", "all_age"])),
             "ages": [draw(st.integers(16, 18)), 26], "team": "adult_mental_health", "source": "HL-4"},
        ],
        "handovers": [{"id": "h", "edge": 6, "title": "t", "from": ["kid"], "to": ["grown"],
                       "dependency": draw(st.integers(1, 3)), "source": "HL-4", "steps": steps}],
    }


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=pathway_file(), dob=st.dates(dt.date(2005, 1, 1), dt.date(2014, 12, 31)))
def test_generated_files_load_as_acyclic_graphs(tmp_path_factory, data, dob):
    folder = tmp_path_factory.mktemp("pw")
    (folder / "health.yaml").write_text(yaml.safe_dump(data, sort_keys=False))
    p = pw.load(folder)
    g = pw.build_graph(p)
    assert g.edges["kid", "grown"]["kind"] == "handover"
    for h in p.handovers.values():
        assert nx.is_directed_acyclic_graph(pw.step_graph(h))
    person = Person(id="x", dob=dob)
    as_of = dt.date(2020, 1, 1)
    tl = milestones.for_person(person, as_of=as_of)
    found = handovers.for_person(person, [Episode(service_id="kid", start=as_of)], g, tl, dt.date(2040, 1, 1))
    for h in found:
        ids = {s.id for s in h.steps}
        assert h.transfer_step_id in ids
        for s in h.steps:
            assert set(s.predecessors) <= ids
            assert s.earliest_start >= as_of and s.window_start <= s.window_end
