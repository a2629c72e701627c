"""Jobs: long work (planning a whole area) run in a background thread, its progress kept where
any page run can read it.

A page must not block for a minute while the scheduler runs, and a Streamlit script run cannot
hold on to a thread of its own. So the work runs in a daemon thread started here; the thread
reports into its `Job` behind a lock, and the page polls a copy (`Registry.get`). The registry
lives in this process (one per app server): a job is forgotten when the server restarts, but
its result, the stored run, is in the database.

sqlite3 connections belong to the thread that made them, so `start_plan_area` takes the
database *path* and opens its own connection inside the thread.

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


def default_workers() -> int:
    """CP-SAT workers for a run started from the app: leave one core for the web server."""
    return max(1, (os.cpu_count() or 2) - 1)


def start_plan_area(db_path: str | Path, area: str, as_of: dt.date, *, time_limit: float, by: str,
                    workers: int | None = None, registry: Registry | None = None) -> Job:
    """Plan `area` in the background (`planner.runs.plan_area`, stored as a proposal) with
    its own store connection; the job's result is the run's `RunSummary`."""
    def work(report: Report):
        db = store.open_db(db_path)  # this thread's own connection
        try:
            return runs.plan_area(db, area, as_of, time_limit=time_limit, by=by, progress=report,
                                      workers=workers or default_workers())
        finally:
            db.conn.close()

    return (registry or REGISTRY).start(PLAN_AREA, area, by, work, expected_seconds=time_limit)
