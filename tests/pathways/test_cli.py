"""The four commands: pathways check, pathways graph, options, handovers (output and exit codes)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from planner.cli import main

BROKEN = Path(__file__).parent / "broken"


def run(capsys, *argv):
    status = main(list(argv))
    out = capsys.readouterr()
    return status, out.out, out.err


def test_check_valid_exits_0(capsys):
    status, out, _ = run(capsys, "pathways", "check")
    assert status == 0 and out.startswith("ok: ")


def test_check_broken_exits_1_listing_every_error(capsys, tmp_path):
    for name in ("unknown_team.yaml", "bad_ages.yaml"):
        shutil.copy(BROKEN / name, tmp_path / name)
    status, _, err = run(capsys, "pathways", "check", str(tmp_path))
    assert status == 1
    assert "unknown_team.yaml:10: unknown team 'camhs_tem'" in err
    assert "bad_ages.yaml:8: the age range 18 to 16" in err
    assert "2 problems found" in err


def test_graph_json_and_dot(capsys):
    status, out, _ = run(capsys, "pathways", "graph", "--format", "json")
    data = json.loads(out)
    assert status == 0 and len(data["handovers"]) == 13
    assert {e["kind"] for e in data["edges"]} == {"progression", "handover"}
    status, out, _ = run(capsys, "pathways", "graph", "--format", "dot")
    assert status == 0 and out.startswith("digraph pathways {") and "camhs -> adult_mental_health" in out


def test_options_json(capsys):
    status, out, _ = run(capsys, "options", "--dob", "2010-10-15", "--ehc-plan", "--camhs",
                         "--service", "secondary_school", "--as-of", "2026-11-23", "--json")
    data = json.loads(out)
    assert status == 0
    assert {o["service_id"] for o in data["options"] if o["open"]} >= {"fe_college", "supported_internship"}
    assert set(data["routes"]) == {"employment", "independent_living", "community_inclusion", "good_health"}
    assert any(s["to_service"] == "adult_mental_health" for s in data["successors"])


def test_options_text_and_unknown_service(capsys):
    status, out, _ = run(capsys, "options", "--dob", "2010-09-20", "--looked-after", "--as-of", "2026-11-23")
    assert status == 0 and "Care leaver accommodation" in out
    status, _, err = run(capsys, "options", "--dob", "2010-09-20", "--service", "camhss")
    assert status == 2 and "unknown service 'camhss'" in err


def test_handovers_json_and_text(capsys):
    status, out, _ = run(capsys, "handovers", "--dob", "2009-06-01", "--continuing-care",
                         "--as-of", "2026-11-23", "--horizon-end", "2028-01-01", "--json")
    data = json.loads(out)
    chc = next(h for h in data if h["handover_type"] == "continuing_care_to_nhs_chc")
    assert status == 0 and chc["children_end"] == "2027-06-01" and chc["dependency_weight"] == 3
    status, out, _ = run(capsys, "handovers", "--dob", "2010-10-15", "--service", "camhs",
                         "--as-of", "2026-11-23")
    assert status == 0 and "CAMHS to adult mental health" in out


def test_handovers_bad_input_exit_2(capsys):
    status, _, err = run(capsys, "handovers", "--dob", "2010-10-15", "--as-of", "2026-11-23",
                         "--horizon-end", "2020-01-01")
    assert status == 2 and "before the as-of date" in err
