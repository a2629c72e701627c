"""Accepting an area's plan: only a team manager or an administrator may; a proposal worse than
the plan in force (measured on the same problem) is labelled so and needs a stated reason; both
go in the audit log."""

from __future__ import annotations

import pytest

from planner import store
from planner.planning import runs
from tests.planning.test_schedule import AREA, AS_OF, _tiny


@pytest.fixture
def area():
    db = store.open_db(":memory:")
    _tiny(db)
    store.create_user(db, "manager.may", "team_manager", None)
    store.create_user(db, "worker.wes", "worker", None)
    first = runs.plan_area(db, AREA, AS_OF, time_limit=2, workers=1, accept_now=True)
    assert first.accepted and first.current is None and first.worse_than_current == []
    yield db
    db.close()


def audit_details(db) -> list[str]:
    return [r["detail"] for r in db.query("SELECT detail FROM audit_log WHERE action = 'accept plan' ORDER BY id")]


def test_a_worker_cannot_accept_an_area_plan(area):
    proposal = runs.plan_area(area, AREA, AS_OF, time_limit=2, workers=1)
    assert proposal.worse_than_current == []  # the same problem, planned again: no worse
    with pytest.raises(runs.NotAllowed, match="Only a team manager or an administrator"):
        runs.accept(area, proposal.run_id, "worker.wes")
    with pytest.raises(runs.NotAllowed, match="there is no user"):
        runs.accept(area, proposal.run_id, "nobody")
    runs.accept(area, proposal.run_id, "manager.may")
    assert runs.run_detail(area, proposal.run_id)["status"] == "accepted"


def test_a_proposal_worse_than_the_plan_in_force_needs_a_reason(area):
    # The CAMHS team can now start one piece of work a year, not a week: the plan in force (its
    # weeks kept) has fewer gap weeks than any plan that fits the new capacity.
    store.set_capacity(area, AREA, "camhs_team", AS_OF, 1 / 52, "test")
    proposal = runs.plan_area(area, AREA, AS_OF, time_limit=2, workers=1, accept_now=True)
    assert "weighted gap weeks" in proposal.worse_than_current
    assert not proposal.accepted  # the command line leaves it a proposal too
    assert proposal.current["weighted_gap_weeks"] < proposal.final["weighted_gap_weeks"]
    assert runs.run_detail(area, proposal.run_id)["detail"]["worse_than_current"] == proposal.worse_than_current
    with pytest.raises(runs.NotAllowed, match="worse than the plan in force on weighted gap weeks"):
        runs.accept(area, proposal.run_id, "manager.may")
    with pytest.raises(runs.NotAllowed, match="say why"):
        runs.accept(area, proposal.run_id, "manager.may", reason="   ")
    runs.accept(area, proposal.run_id, "manager.may", reason="CAMHS lost two coordinators; this plan fits")
    assert runs.run_detail(area, proposal.run_id)["status"] == "accepted"
    assert "reason: CAMHS lost two coordinators" in audit_details(area)[-1]
