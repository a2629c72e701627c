"""Capacity from the store: the what-if (the built area kept between what-ifs), the advice on
what capacity to buy, staff where teams.yaml says, and `planner capacity`."""

from __future__ import annotations

import csv
import json

import pytest

from planner import store
from planner.cli import main
from planner.planning import capacity
from planner.scheduler import capacity as advice
from tests.planning.test_schedule import AREA, AS_OF, _tiny


@pytest.fixture
def short(tmp_path):
    """The hand-made area with CAMHS able to start one piece of work every ten weeks."""
    path = tmp_path / "planner.db"
    db = store.open_db(path)
    _tiny(db, people=6, camhs_per_week=0.1)
    yield db, path
    db.close()


def test_a_second_what_if_uses_the_area_already_built_until_something_changes(short):
    db, _ = short
    first = capacity.capacity_what_if(db, AREA, "camhs_team", AS_OF, 1.0, AS_OF)
    again = capacity.capacity_what_if(db, AREA, "camhs_team", AS_OF, 1.0, AS_OF)
    assert not first.cached and again.cached
    assert (again.gap_weeks_now, again.gap_weeks_then, again.bound_then) == (first.gap_weeks_now, first.gap_weeks_then,
                                                                              first.bound_then)
    assert first.weighted_bound_then <= first.weighted_gap_then < first.weighted_gap_now
    capacity.change_capacity(db, AREA, "camhs_team", AS_OF, 1.0, "manager.may", expected_version=0)
    after = capacity.capacity_what_if(db, AREA, "camhs_team", AS_OF, 1.0, AS_OF)
    assert not after.cached  # the capacity changed: the area was read again
    assert after.gap_weeks_now == first.gap_weeks_then  # now is what the what-if said it would be


def test_the_advice_agrees_with_the_scheduler_and_cuts_the_gap(short):
    db, _ = short
    got = capacity.capacity_advice(db, AREA, AS_OF, share=0.5)
    assert got.weighted_gap > 0 and got.savings
    assert got.cut.reached <= got.cut.target < got.weighted_gap
    assert got.close.reached == got.close.floor
    built, _ = capacity.built_area(db, AREA, AS_OF)
    direct = advice.savings(built.ap.problem, built.predictor)
    assert [(s.team, s.quarter, s.saved) for s in got.savings] == [(s.team, s.quarter, s.saved) for s in direct]
    assert got.quarter_start(1) == got.start + (got.quarter_start(1) - got.quarter_start(0))


def test_staff_come_from_teams_yaml():
    from planner.scheduler.problem import CapacityChange, Problem, Team

    p = Problem(teams=[Team(id="asc_transitions", capacity=[CapacityChange(from_week=0, per_week=3.7)]),
                       Team(id="camhs_team")], handovers=[], steps=[])
    staffed = {t.id: t.fte_per_weekly_start for t in capacity.with_staffing(p).teams}
    # 7 staff for 16 assessments a month (3.69 a week): 1.9 staff for one more a week.
    assert staffed["asc_transitions"] == pytest.approx(7 / (16 * 12 / 52))
    assert staffed["camhs_team"] is None


def test_planner_capacity_prints_advice_json_and_csv(short, tmp_path, capsys):
    _, path = short
    out_csv = tmp_path / "capacity.csv"
    assert main(["capacity", "--db", str(path), "--as-of", AS_OF.isoformat(), "--json", "--csv", str(out_csv)]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["area"] == AREA and shown["savings"] and shown["cut"]["reached"] <= shown["cut"]["target"]
    with out_csv.open(encoding="utf-8") as fh:
        table = list(csv.DictReader(fh))
    assert {r["team"] for r in table} == {"camhs_team"} and max(int(r["weighted_gap_weeks_saved"]) for r in table) > 0
    assert main(["capacity", "--db", str(path), "--as-of", AS_OF.isoformat()]) == 0
    assert "What capacity to buy in testshire" in capsys.readouterr().out
    assert main(["capacity", "--db", str(path), "--share", "2"]) != 0
