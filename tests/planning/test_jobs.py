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


# --- durable runs: a row in the store --------------------------------------------------------------

def test_a_run_is_a_row_in_the_store_from_queued_to_done(tmp_path):
    from tests.planning.test_schedule import AREA, AS_OF, _tiny

    path = tmp_path / "planner.db"
    db = store.open_db(path)
    _tiny(db)
    registry = jobs.Registry()
    job = jobs.start_plan_area(path, AREA, AS_OF, time_limit=2, by="worker.ann", workers=1, registry=registry)
    done = registry.wait(job.id, 60)
    assert done.error is None, done.error
    row = store.latest_job(db, AREA)
    assert (row["state"], row["phase"], row["run_id"], row["started_by"]) == ("done", "done", done.result.run_id, "worker.ann")
    seen = jobs.status(db, AREA)  # what any process reads
    assert seen.done and not seen.failed and seen.started_by == "worker.ann"
    db.close()


def test_at_most_one_run_per_area_whichever_process_started_it(tmp_path):
    from tests.planning.test_schedule import AREA, AS_OF, _tiny

    path = tmp_path / "planner.db"
    db = store.open_db(path)
    _tiny(db)
    # Another app server (another process, alive) holds a run for the area.
    other = store.claim_job(db, AREA, "worker.bob", AS_OF, 30, stale_after=jobs.STALE_AFTER, owner="elsewhere:1")
    with pytest.raises(jobs.JobRunning, match="worker.bob") as busy:
        jobs.start_plan_area(path, AREA, AS_OF, time_limit=2, by="worker.ann", workers=1, registry=jobs.Registry())
    assert busy.value.job.started_by == "worker.bob" and not busy.value.job.done
    store.job_progress(db, other, "flows", {"round": 3})
    assert (jobs.status(db, AREA).phase, jobs.status(db, AREA).info) == ("flows", {"round": 3})
    store.finish_job(db, other, None, error="stopped by hand")
    registry = jobs.Registry()
    job = jobs.start_plan_area(path, AREA, AS_OF, time_limit=2, by="worker.ann", workers=1, registry=registry)
    assert registry.wait(job.id, 60).error is None
    db.close()


def test_a_run_whose_server_stopped_is_marked_failed_and_another_may_start(tmp_path):
    from tests.planning.test_schedule import AREA, AS_OF, _tiny

    path = tmp_path / "planner.db"
    db = store.open_db(path)
    _tiny(db)
    import socket

    # A run left "running" by a process of this host that is gone (a server restarted).
    store.claim_job(db, AREA, "worker.bob", AS_OF, 30, stale_after=jobs.STALE_AFTER,
                    owner=f"{socket.gethostname()}:{2**22 + 12345}")
    # And one on another host whose heartbeat stopped long ago.
    db.execute("UPDATE scheduler_jobs SET state = 'running'")
    seen = jobs.status(db, AREA)
    assert seen.failed and "restarted" in seen.error
    store.claim_job(db, "elsewhere", "worker.bob", AS_OF, 30, stale_after=jobs.STALE_AFTER, owner="far:1")
    db.execute("UPDATE scheduler_jobs SET heartbeat_at = '2020-01-01T00:00:00' WHERE area = 'elsewhere'")
    assert jobs.status(db, "elsewhere").failed
    registry = jobs.Registry()
    job = jobs.start_plan_area(path, AREA, AS_OF, time_limit=2, by="worker.ann", workers=1, registry=registry)
    assert registry.wait(job.id, 60).error is None
    db.close()


def test_progress_never_reads_more_seconds_than_it_expected():
    registry = jobs.Registry()
    go = threading.Event()
    job = registry.start("slow", "area", "x", lambda report: go.wait(5), expected_seconds=0.05)
    import time

    time.sleep(0.2)
    now = registry.get(job.id)
    assert now.seconds > 0.05 and now.expected_seconds >= now.seconds and now.fraction < 1
    go.set()
    registry.wait(job.id, 5)
