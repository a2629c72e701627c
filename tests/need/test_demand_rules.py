"""Which team acts before each handover, and when, comes from the pathway files: the derived
rules, the teams' names and the annual-review team, each defined once."""

from __future__ import annotations

import dataclasses
import shutil

import yaml

from planner import pathways as pw
from planner.need import demand_rules, forecast
from planner.views import words

# What pathways/*.yaml and data/teams.yaml say today (the capacity-using steps at teams with a
# stated capacity, and when each step's recommended window closes, in months before 18).
EXPECTED = {
    ("childrens_social_care", "adult_social_care", "asc_transitions", 6),  # window closes at 17.5 (S-2)
    ("short_breaks", "adult_social_care", "asc_transitions", 6),
    ("childrens_continuing_care", "nhs_chc", "chc_checklists", 21),  # screening window closes at 16y3m
    ("childrens_continuing_care", "nhs_chc", "chc_assessors", 10),  # assessment window closes at 17y2m
    ("camhs", "adult_mental_health", "adult_mental_health", 2),  # adult assessment due 2 months before
    ("paediatrics", "adult_specialties", None, 0),  # adult specialty teams have no stated limit
    ("looked_after_care", "leaving_care", None, 0),  # the leaving care team has no stated limit
}


def test_the_committed_rules_are_read_from_the_pathway_files():
    assert {r[:4] for r in forecast.DEMAND_RULES} == EXPECTED
    assert all(r.source.startswith("pathways: ") for r in forecast.DEMAND_RULES)


def test_a_team_without_a_stated_capacity_makes_no_demand_rule():
    p = pw.load()
    teams = dict(p.teams)
    teams["chc_checklists"] = teams["chc_checklists"].model_copy(update={"capacity": None})
    rules = demand_rules.demand_rules(dataclasses.replace(p, teams=teams))
    assert "chc_checklists" not in {r.team for r in rules}
    assert ("childrens_continuing_care", "nhs_chc", "chc_assessors", 10) in {r[:4] for r in rules}


def test_team_names_and_the_annual_review_team_come_from_the_teams_file():
    data = yaml.safe_load(pw.TEAMS_FILE.read_text(encoding="utf-8"))
    assert forecast.TEAM_LABELS == {t["id"]: t["name"] for t in data["teams"]}
    assert [t["id"] for t in data["teams"] if t.get("annual_reviews")] == [forecast.ANNUAL_REVIEW_TEAM]


def test_two_annual_review_teams_are_refused(tmp_path):
    shutil.copy(pw.PATHWAYS_DIR / "health.yaml", tmp_path / "health.yaml")
    text = pw.TEAMS_FILE.read_text(encoding="utf-8").replace(
        "  - id: ep_service\n", "  - id: ep_service\n    annual_reviews: true\n")
    (tmp_path / "teams.yaml").write_text(text, encoding="utf-8")
    errors = pw.check(tmp_path, tmp_path / "teams.yaml")
    assert any("already holds the annual reviews" in e.message for e in errors), errors


def test_plain_service_names_and_what_comes_next_come_from_the_pathway_files():
    p = pw.load()
    assert words.service_name("fe_college") == p.services["fe_college"].short_name == "College"
    assert words.service_name("short_breaks") == p.services["short_breaks"].name  # no short name needed
    graph = pw.default_graph()
    for sid in p.services:
        assert words.next_services(sid) == list(graph.successors(sid))
    _, following = words.now_and_next(["camhs"])
    assert following == [words.service_name(s) for s in graph.successors("camhs")]
