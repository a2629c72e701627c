"""Jobs: long work (planning a whole area) run in a background thread, its progress kept where
any page run can read it.

A page must not block for a minute while the scheduler runs, and a Streamlit script run cannot
hold on to a thread of its own. So the work runs in a daemon thread started here; the thread
reports into its `Job` behind a lock, and the page polls a copy (`Registry.get`).

A scheduler run is also a row in the store (`store.claim_job`: queued, running, done, failed),
so it survives the app server that started it and at most one runs per area whichever process
started it: `start_plan_area` claims the row first (`JobRunning` if another process holds
it), the thread records its phases there, and a heartbeat thread keeps it marked alive; a run
whose process stopped is marked failed (`status` reads it from any process).

sqlite3 connections belong to the thread that made them, so `start_plan_area` takes the
database *path* and each thread opens its own connection.

No streamlit here.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
import os
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from planner import store
from planner.planning import runs

Report = Callable[[str, dict], None]
KEEP_FINISHED = 20  # finished jobs remembered, so a page can still show how one ended


class JobRunning(Exception):
    """A job of this kind is already running for this key (one scheduler run per area)."""

    def __init__(self, job: Job):
        self.job = job
        super().__init__(f"{job.kind} for {job.key} is already running (started by {job.started_by} "
                         f"at {job.started_at:%H:%M})")


@dataclass
class Job:
    """One background job. Read it through `Registry.get`, which returns a copy."""

    id: str
    kind: str
    key: str  # what it works on: at most one running job per (kind, key)
    started_by: str
    started_at: dt.datetime
    expected_seconds: float  # for the progress bar: the time limit the user chose
    phase: str = "starting"
    info: dict = field(default_factory=dict)
    done: bool = False
    result: Any = None
    error: str | None = None
    seconds: float = 0.0  # elapsed so far, or in all once done
    _t0: float = field(default_factory=time.monotonic, repr=False)

    @property
    def fraction(self) -> float:
        """How far along, 0 to 1: elapsed time over the expected time, never 1 until done."""
        if self.done:
            return 1.0
        if self.expected_seconds <= 0:
            return 0.0
        return min(0.99, self.seconds / self.expected_seconds)

    @property
    def failed(self) -> bool:
        return self.done and self.error is not None


class Registry:
    """Jobs by id, safe to use from page runs and worker threads at once."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._jobs: dict[str, Job] = {}
        self._threads: dict[str, threading.Thread] = {}
        self._ids = itertools.count(1)

    def start(self, kind: str, key: str, by: str, work: Callable[[Report], Any], *,
              expected_seconds: float) -> Job:
        """Run `work(report)` in a new thread; `report(phase, info)` updates the job. Raises
        JobRunning when a job of `kind` for `key` has not finished yet."""
        with self._lock:
            running = next((j for j in self._jobs.values() if j.kind == kind and j.key == key and not j.done), None)
            if running is not None:
                raise JobRunning(self._copy(running))
            job = Job(id=f"{kind}-{next(self._ids)}", kind=kind, key=key, started_by=by,
                      started_at=dt.datetime.now(), expected_seconds=expected_seconds)
            self._jobs[job.id] = job
            self._forget_old()
            thread = threading.Thread(target=self._run, args=(job, work), name=job.id, daemon=True)
            self._threads[job.id] = thread
        thread.start()
        return self.get(job.id)

    def _run(self, job: Job, work: Callable[[Report], Any]) -> None:
        def report(phase: str, info: dict) -> None:
            with self._lock:
                job.phase, job.info = phase, dict(info)
                job.seconds = time.monotonic() - job._t0

        try:
            result, error = work(report), None
        except Exception as exc:  # noqa: BLE001 - the page shows it; the thread must not die silently
            result, error = None, str(exc) or type(exc).__name__
        with self._lock:
            job.result, job.error, job.done = result, error, True
            job.phase = "failed" if error else "done"
            job.seconds = time.monotonic() - job._t0

    def _copy(self, job: Job) -> Job:
        copy = dataclasses.replace(job, info=dict(job.info))
        if not job.done:
            copy.seconds = time.monotonic() - job._t0
            # "About" grows with a run that takes longer than expected: never "38 of about 20".
            copy.expected_seconds = max(job.expected_seconds, copy.seconds / OVERRUN_SHARE)
        return copy

    def get(self, job_id: str) -> Job | None:
        """A copy of the job as it is now (None if unknown or long forgotten)."""
        with self._lock:
            job = self._jobs.get(job_id)
            return self._copy(job) if job else None

    def running(self, kind: str, key: str) -> Job | None:
        """A copy of the unfinished job of `kind` for `key`, if there is one."""
        with self._lock:
            job = next((j for j in self._jobs.values() if j.kind == kind and j.key == key and not j.done), None)
            return self._copy(job) if job else None

    def wait(self, job_id: str, timeout: float | None = None) -> Job | None:
        """Block until the job has finished (tests and scripts; a page polls instead)."""
        with self._lock:
            thread = self._threads.get(job_id)
        if thread is not None:
            thread.join(timeout)
        return self.get(job_id)

    def _forget_old(self) -> None:
        finished = [j for j in self._jobs.values() if j.done]
        for j in finished[:-KEEP_FINISHED] if len(finished) > KEEP_FINISHED else []:
            del self._jobs[j.id]
            self._threads.pop(j.id, None)


REGISTRY = Registry()
PLAN_AREA = "plan area"
OVERRUN_SHARE = 0.9  # past 90% of the expected time, the expected time grows with the elapsed
HEARTBEAT_SECONDS = 10.0  # a running job's row is touched this often
STALE_AFTER = 90.0  # a queued or running row not touched for this long belongs to a stopped process


class _Heartbeat:
    """Touch a job's row every few seconds from a thread of its own (with its own connection),
    however long a phase of the run takes without reporting."""

    def __init__(self, db_path: str | Path, job_id: int):
        self.db_path, self.job_id = db_path, job_id
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name=f"heartbeat-{job_id}", daemon=True)

    def _run(self) -> None:
        db = store.open_db(self.db_path, migrate_schema=False)
        try:
            while not self._stop.wait(HEARTBEAT_SECONDS):
                row = store.get_job(db, self.job_id)
                if row is None or row["state"] not in ("queued", "running"):
                    return
                store.job_progress(db, self.job_id, row["phase"], row["info"])
        finally:
            db.conn.close()

    def __enter__(self) -> _Heartbeat:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join(5)


def _job_from_row(row: dict) -> Job:
    """A job read from the store (started by this or another process)."""
    started = dt.datetime.fromisoformat(row["started_at"])
    job = Job(id=f"{PLAN_AREA}-db-{row['id']}", kind=PLAN_AREA, key=row["area"], started_by=row["started_by"],
              started_at=started, expected_seconds=row["time_limit"], phase=row["phase"], info=row["info"],
              done=row["state"] in ("done", "failed"), error=row["error"])
    end = dt.datetime.fromisoformat(row["finished_at"]) if row["finished_at"] else dt.datetime.now()
    job.seconds = max(0.0, (end - started).total_seconds())
    if not job.done:
        job.expected_seconds = max(job.expected_seconds, job.seconds / OVERRUN_SHARE)
    return job


def stored_job(db, job_id: str) -> Job | None:
    """A job read from the store by the id `_job_from_row` gives it (None for another id)."""
    prefix = f"{PLAN_AREA}-db-"
    if not job_id.startswith(prefix) or not job_id[len(prefix):].isdigit():
        return None
    row = store.get_job(db, int(job_id[len(prefix):]))
    return _job_from_row(row) if row else None


def status(db, area: str) -> Job | None:
    """The area's scheduler run as the store has it (whichever process runs it): the queued or
    running one, else the latest; a run whose process stopped is marked failed first."""
    store.reap_stale_jobs(db, STALE_AFTER, area)
    row = store.active_job(db, area) or store.latest_job(db, area)
    return _job_from_row(row) if row else None


def default_workers() -> int:
    """CP-SAT workers for a run started from the app: leave one core for the web server."""
    return max(1, (os.cpu_count() or 2) - 1)


def start_plan_area(db_path: str | Path, area: str, as_of: dt.date, *, time_limit: float, by: str,
                    workers: int | None = None, registry: Registry | None = None) -> Job:
    """Plan `area` in the background (`planner.runs.plan_area`, stored as a proposal) with
    its own store connection; the job's result is the run's `RunSummary`. Raises JobRunning
    when a run for the area is queued or running, in this process or another."""
    db = store.open_db(db_path)
    try:
        job_id = store.claim_job(db, area, by, as_of, time_limit, stale_after=STALE_AFTER)
    except store.JobTaken as taken:
        raise JobRunning(_job_from_row(taken.row)) from None
    finally:
        db.conn.close()

    def work(report: Report):
        db = store.open_db(db_path)  # this thread's own connection
        last = [0.0]

        def say(phase: str, info: dict) -> None:
            report(phase, info)
            now = time.monotonic()
            if phase != "improve" or now - last[0] > 1:  # the rounds report often: keep writes rare
                last[0] = now
                store.job_progress(db, job_id, phase, info)

        try:
            with _Heartbeat(db_path, job_id):
                store.job_progress(db, job_id, "starting", {})
                summary = runs.plan_area(db, area, as_of, time_limit=time_limit, by=by, progress=say,
                                         workers=workers or default_workers())
            store.finish_job(db, job_id, summary.run_id)
            return summary
        except Exception as exc:
            store.finish_job(db, job_id, None, error=str(exc) or type(exc).__name__)
            raise
        finally:
            db.conn.close()

    try:
        return (registry or REGISTRY).start(PLAN_AREA, area, by, work, expected_seconds=time_limit)
    except JobRunning:
        db = store.open_db(db_path)
        try:  # this process still runs an earlier one the store had given up on: undo the claim
            store.finish_job(db, job_id, None, error="another run for this area was still going")
        finally:
            db.conn.close()
        raise
