"""Every committed pathway file loads; each deliberately broken file gives its message and line."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from planner import pathways as pw

BROKEN = Path(__file__).parent / "broken"
EXPECT = re.compile(r"^# expect: (\d+): (.+)$")


def test_every_real_file_loads_with_all_thirteen_handover_edges():
    p = pw.load()
    assert {f.stem for f in pw.PATHWAYS_DIR.glob("*.yaml")} >= {
        "education", "employment", "housing", "health", "social_care"}
    assert sorted(h.edge for h in p.handovers.values()) == list(range(1, 14))
    for h in p.handovers.values():
        assert h.transfer_step is not None
        for s in h.steps:
            assert s.source.strip(), f"{h.id}.{s.id} has no source"


def test_shared_ids_exist():
    """The ids in team.md that other parts of the planner use (never rename these)."""
    p = pw.load()
    services = {
        "secondary_school", "special_school", "camhs", "paediatrics", "childrens_social_care",
        "short_breaks", "childrens_continuing_care", "looked_after_care", "home_to_school_transport",
        "dla_child", "paediatric_gp_care", "school_sixth_form", "special_school_post16", "fe_college",
        "specialist_post16", "apprenticeship", "supported_internship", "study_programme",
        "higher_education", "careers_guidance", "job_coach", "access_to_work", "supported_employment",
        "employment_with_support", "family_home", "supported_living", "shared_lives",
        "residential_care", "tenancy", "care_leaver_accommodation", "adult_mental_health",
        "primary_care_mh", "voluntary_sector_mh", "adult_specialties", "gp", "ld_annual_health_check",
        "nhs_chc", "adult_social_care", "leaving_care", "pip", "universal_credit",
        "post16_travel_support"}
    assert services <= set(p.services)
    limited = {"asc_transitions": (16, "month"), "chc_assessors": (2, "month"),
               "chc_checklists": (60, "year"), "adult_mental_health": (6, "month"),
               "supported_living": (40, "year"), "supported_internships": (70, "academic year"),
               "ep_service": (22, "month"), "send_team": (400, "month"), "nd_assessment": (8, "month"),
               "travel_training": (80, "year"), "careers_pfa": (170, "month")}
    for tid, (amount, per) in limited.items():
        assert (p.teams[tid].capacity.amount, p.teams[tid].capacity.per) == (amount, per)
    for tid in ("school_senco", "camhs_team", "paediatrics_team", "childrens_social_care_team",
                "childrens_continuing_care_nurses", "leaving_care_team", "gp_practice",
                "adult_specialties_team", "college_admissions", "dwp", "family"):
        assert p.teams[tid].capacity is None


@pytest.mark.parametrize(("amount", "per", "weekly"), [
    (16, "month", 16 * 12 / 52), (60, "year", 60 / 52), (70, "academic year", 70 / 52), (3, "week", 3)])
def test_capacity_per_week(amount, per, weekly):
    assert pw.capacity_per_week(pw.Capacity(amount=amount, per=per)) == pytest.approx(weekly)
    assert pw.capacity_per_week(None) is None


def test_graph_has_typed_edges():
    g = pw.default_graph()
    assert g.edges["camhs", "adult_mental_health"]["kind"] == "handover"
    assert g.edges["family_home", "supported_living"]["kind"] == "progression"
    both = g.edges["secondary_school", "fe_college"]
    assert both["kinds"] == ("handover", "progression")
    assert {d["kind"] for _, _, d in g.edges(data=True)} == {"handover", "progression"}


@pytest.mark.parametrize("path", sorted(BROKEN.glob("*.yaml")), ids=lambda p: p.stem)
def test_broken_file_gives_its_message_and_line(path, tmp_path):
    expected = [EXPECT.match(line).groups() for line in path.read_text().splitlines()
                if EXPECT.match(line)]
    assert expected, f"{path.name} has no '# expect: LINE: message' header"
    shutil.copy(path, tmp_path / path.name)
    errors = pw.check(tmp_path)
    got = [(e.file, e.line, e.message) for e in errors]
    assert len(errors) == len(expected), got
    for line, text in expected:
        assert any(f.endswith(path.name) and ln == int(line) and text in msg for f, ln, msg in got), (
            line, text, got)


def test_every_problem_in_one_run(tmp_path):
    for path in BROKEN.glob("*.yaml"):
        shutil.copy(path, tmp_path / path.name)
    errors = pw.check(tmp_path)
    assert {Path(e.file).name for e in errors} == {p.name for p in BROKEN.glob("*.yaml")}


def test_unknown_teams_file_is_reported(tmp_path):
    shutil.copy(pw.PATHWAYS_DIR / "health.yaml", tmp_path / "health.yaml")
    teams = tmp_path / "teams.yaml"
    teams.write_text("teams:\n  - id: camhs_team\n    name: CAMHS\n    does: x\n    capacity: {amount: -1, per: fortnight}\n")
    errors = pw.check(tmp_path, teams)
    assert any(e.file.endswith("teams.yaml") and e.line == 5 for e in errors), errors
