"""planner.planning.jobs: background jobs with progress any thread can read, and a scheduler run in its own
thread with its own store connection."""

from __future__ import annotations

import datetime as dt
import threading

import pytest

from planner import store
from planner.planning import jobs, runs
from tests.planning.test_schedule import AREA, AS_OF, _tiny


def test_a_job_reports_progress_and_its_result():
    registry = jobs.Registry()
    go, seen = threading.Event(), threading.Event()

    def work(report):
        report("half", {"round": 1})
        seen.set()
        go.wait(5)
        return 42

    job = registry.start("sum", "area", "worker.ann", work, expected_seconds=10)
    assert job.kind == "sum" and job.started_by == "worker.ann" and not job.done
    seen.wait(5)
    now = registry.get(job.id)
    assert (now.phase, now.info, now.done) == ("half", {"round": 1}, False)
    assert 0 <= now.fraction < 1 and registry.running("sum", "area").id == job.id
    now.info["round"] = 99  # a copy: the registry's job is untouched
    assert registry.get(job.id).info == {"round": 1}
    with pytest.raises(jobs.JobRunning, match="already running") as busy:
        registry.start("sum", "area", "worker.bob", work, expected_seconds=10)
    assert busy.value.job.id == job.id
    go.set()
    done = registry.wait(job.id, 5)
    assert (done.done, done.result, done.error, done.fraction, done.phase) == (True, 42, None, 1.0, "done")
    assert registry.running("sum", "area") is None
    # Another key runs at once; the same key may run again once the first has finished.
    registry.wait(registry.start("sum", "other", "x", lambda report: 1, expected_seconds=1).id, 5)
    assert registry.wait(registry.start("sum", "area", "x", lambda report: 2, expected_seconds=1).id, 5).result == 2


def test_an_error_ends_the_job_with_a_message():
    registry = jobs.Registry()

    def work(report):
        raise ValueError("there is nothing to plan in 'nowhere'")

    job = registry.wait(registry.start("plan", "nowhere", "x", work, expected_seconds=1).id, 5)
    assert job.done and job.failed and job.error == "there is nothing to plan in 'nowhere'"
    assert job.phase == "failed" and job.result is None


def test_old_finished_jobs_are_forgotten():
    registry = jobs.Registry()
    ids = [registry.wait(registry.start("n", str(i), "x", lambda report: 0, expected_seconds=1).id, 5).id
           for i in range(jobs.KEEP_FINISHED + 5)]
    registry.start("n", "last", "x", lambda report: 0, expected_seconds=1)
    assert registry.get(ids[0]) is None and registry.get(ids[-1]) is not None


def test_plan_area_runs_in_its_own_thread_with_its_own_connection(tmp_path):
    path = tmp_path / "planner.db"
    db = store.open_db(path)  # this thread's connection: the job cannot use it
    _tiny(db)
    registry = jobs.Registry()
    job = jobs.start_plan_area(path, AREA, AS_OF, time_limit=2, by="worker.ann", workers=1, registry=registry)
    done = registry.wait(job.id, 60)
    assert done.error is None, done.error
    summary = done.result
    assert isinstance(summary, runs.RunSummary) and summary.valid and done.phase == "done"
    stored_runs = store.list_schedule_runs(db, AREA)
    assert [(r["id"], r["status"], r["run_by"]) for r in stored_runs] == [(summary.run_id, "proposed", "worker.ann")]
    assert done.done and done.seconds > 0 and done.started_at <= dt.datetime.now()  # how long it took is kept
    db.close()
