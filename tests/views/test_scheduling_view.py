"""The scheduling page's view: who may accept, the label on a proposal worse than the plan in
force and the reason it needs, and a run another app server started, read from the store."""

from __future__ import annotations

import datetime as dt

import pytest

from planner import store
from planner.access.store_records import StoreRecords
from planner.planning import jobs, runs
from planner.views.pages import Refused, Request, scheduling
from tests.planning.test_schedule import AREA, AS_OF, _tiny


@pytest.fixture
def db(tmp_path):
    path = tmp_path / "planner.db"
    db = store.open_db(path)
    _tiny(db)
    store.create_user(db, "manager.may", "team_manager", None, team_id="camhs_team")
    store.create_user(db, "worker.wes", "worker", None, team_id="camhs_team")
    runs.plan_area(db, AREA, AS_OF, time_limit=2, workers=1, accept_now=True)
    db.path = path
    yield db
    db.close()


def req(db, username: str) -> Request:
    records = StoreRecords(db, lambda: AS_OF)
    return Request(user=records.account(username).user, records=records, db=db, today=AS_OF,
                   now=dt.datetime(2026, 11, 23, 10), db_path=db.path)


def test_a_worse_proposal_is_labelled_and_needs_a_reason_from_a_manager(db):
    store.set_capacity(db, AREA, "camhs_team", AS_OF, 1 / 52, "test")
    proposal = runs.plan_area(db, AREA, AS_OF, time_limit=2, workers=1)
    worker = scheduling.show(req(db, "worker.wes"), AREA)
    assert worker.proposal["id"] == proposal.run_id and not worker.may_accept
    assert "weighted gap weeks" in worker.worse
    assert worker.worse_words().startswith("This proposal is worse than the plan in force on weighted gap weeks")
    with pytest.raises(Refused, match="Only a team manager or an administrator"):
        scheduling.accept(req(db, "worker.wes"), worker, "because")
    manager = scheduling.show(req(db, "manager.may"), AREA)
    assert manager.may_accept
    with pytest.raises(Refused, match="say why"):
        scheduling.accept(req(db, "manager.may"), manager)
    said = scheduling.accept(req(db, "manager.may"), manager, "CAMHS has one coordinator left")
    assert said.startswith(f"Accepted: run {proposal.run_id}")
    assert "reason: CAMHS has one coordinator left" in store.list_audit(db, username="manager.may")[0]["detail"]


def test_a_run_another_server_started_is_followed_from_the_store(db):
    other = store.claim_job(db, AREA, "worker.bob", AS_OF, 30, stale_after=jobs.STALE_AFTER, owner="elsewhere:1")
    store.job_progress(db, other, "flows", {})
    page = scheduling.show(req(db, "worker.wes"), AREA)
    assert page.running is not None and page.running.started_by == "worker.bob" and not page.running.done
    assert page.job is not None and page.job.phase == "flows"
    assert "Planning each team's queue" in scheduling.progress_words(page.job)
    assert scheduling.job(page.job.id, req(db, "worker.wes")).phase == "flows"
    joined = scheduling.start_run(req(db, "worker.wes"), AREA, 10)  # joins it, starts nothing new
    assert joined.started_by == "worker.bob"
    store.finish_job(db, other, None, error="stopped")
    assert scheduling.show(req(db, "worker.wes"), AREA).running is None
