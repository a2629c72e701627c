"""Many writers at once against one database: are writes lost, and does SQLite's "database is
locked" ever reach the caller? (issue 17)

    .venv/bin/python scripts/concurrency.py [--writers 20] [--seconds 30] [--processes] [--db PATH]

Builds a Westmere demo database in a temporary folder (or copies --db), then starts `--writers`
writers, each with its own connection (threads, as the app's sessions are; or processes, as
command-line imports are), for `--seconds`. Each writer loops over the store's real write paths:

- record an event (an insert; every one must be there at the end);
- change a shared person's record with the version it read (read, then write: a refusal because
  another writer saved first is a correct `ConflictError`, after which it reads again);
- save a shared young person's "What I want" with its version (the same);
- count a wrong password on a shared account (the atomic lock-out counter).

At the end it counts what is in the database against what the writers were told was saved:
a lost write is a save that reported success but is not there (or a version that moved fewer
times than saves succeeded). A raw lock error is any sqlite3 error about locking that reached a
writer instead of the store's plain `BusyError`. Both should be 0. Prints one JSON object.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import multiprocessing
import random
import shutil
import sqlite3
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from planner import demo, store  # noqa: E402
from planner.store import maintenance  # noqa: E402

PERSON = "westmere-000001"  # whose record and "What I want" every writer changes
ACCOUNT = "young.alex"  # whose wrong-password count every writer adds to


def writer(path: str, k: int, seconds: float, seed: int, out, ready, go) -> None:
    """One writer: when every writer is ready, loop over the write paths until time is up; put
    its tallies on `out`."""
    rng = random.Random(seed * 1000 + k)
    tally: Counter = Counter()
    db = store.open_db(path)
    ready.put(k)
    go.wait()
    stop = time.monotonic() + seconds
    i = 0
    while time.monotonic() < stop:
        i += 1
        op = rng.choice(("event", "person", "aspirations", "login"))
        tally[f"{op} tried"] += 1
        try:
            if op == "event":
                store.record_event(db, PERSON, "note", "2026-01-05", by=f"writer{k}", note=f"w{k}-{i}")
            elif op == "person":
                row = store.get_person(db, PERSON)
                store.update_person(db, PERSON, {"setting": f"setting by writer {k} #{i}"},
                                    expected_version=row["version"], by=f"writer{k}")
            elif op == "aspirations":
                seen = store.aspirations_version(db, PERSON)
                store.save_aspirations(db, PERSON, {"employment": f"writer {k} #{i}"}, by=f"writer{k}",
                                       expected_version=seen)
            else:
                store.record_login_failure(db, ACCOUNT, dt.datetime(2026, 1, 5, 9, 0), max_attempts=10**9)
            tally[f"{op} saved"] += 1
        except store.ConflictError:
            tally[f"{op} refused as stale"] += 1
        except store.BusyError:
            tally["busy (plain message)"] += 1
        except sqlite3.Error as exc:  # what must never happen: the raw error reaching the caller
            tally["raw lock error" if "lock" in str(exc) or "busy" in str(exc) else "other sqlite error"] += 1
        except Exception as exc:  # noqa: BLE001 - counted and reported
            tally[f"other error: {type(exc).__name__}"] += 1
    db.close()
    out.put(dict(tally))


def run(args: argparse.Namespace) -> dict:
    folder = Path(tempfile.mkdtemp(prefix="planner-concurrency-"))
    path = folder / "planner.db"
    started = time.perf_counter()
    if args.db:
        shutil.copy(args.db, path)
    else:
        db = store.open_db(path)
        demo.build(db, "westmere", seed=1)
        store.checkpoint(db)
        db.close()
    db = store.open_db(path)
    before = {"event": len(store.events_for(db, PERSON)), "person": store.get_person(db, PERSON)["version"],
              "aspirations": store.aspirations_version(db, PERSON),
              "login": store.get_user(db, ACCOUNT)["failed_attempts"]}
    db.close()
    build_seconds = time.perf_counter() - started

    if args.processes:
        context = multiprocessing.get_context("spawn")
        queue, ready, go = context.Queue(), context.Queue(), context.Event()
        workers = [context.Process(target=writer, args=(str(path), k, args.seconds, args.seed, queue, ready, go))
                   for k in range(args.writers)]
    else:
        import queue as queue_module

        queue, ready, go = queue_module.Queue(), queue_module.Queue(), threading.Event()
        workers = [threading.Thread(target=writer, args=(str(path), k, args.seconds, args.seed, queue, ready, go))
                   for k in range(args.writers)]
    for w in workers:
        w.start()
    for _ in workers:  # every writer has started and opened its connection: start them together
        ready.get()
    t0 = time.perf_counter()
    go.set()
    tallies = [queue.get() for _ in workers]
    elapsed = time.perf_counter() - t0
    for w in workers:
        w.join()

    total: Counter = Counter()
    for t in tallies:
        total.update(t)
    db = store.open_db(path)
    after = {"event": len(store.events_for(db, PERSON)), "person": store.get_person(db, PERSON)["version"],
             "aspirations": store.aspirations_version(db, PERSON),
             "login": store.get_user(db, ACCOUNT)["failed_attempts"]}
    problems = maintenance.check(db)
    db.close()
    lost = {kind: total[f"{kind} saved"] - (after[kind] - before[kind])
            for kind in ("event", "person", "aspirations", "login")}
    shutil.rmtree(folder, ignore_errors=True)
    writes = sum(v for k, v in total.items() if k.endswith("saved"))
    return {
        "writers": args.writers, "mode": "processes" if args.processes else "threads", "seconds": round(elapsed, 1),
        "transactions": "DEFERRED, raw errors (before issue 17)" if getattr(args, "before_issue_17", False)
        else "IMMEDIATE with busy timeout",
        "database": "copy of " + str(args.db) if args.db else f"Westmere demo (built in {build_seconds:.1f} s)",
        "attempts": sum(v for k, v in total.items() if k.endswith("tried")), "writes_saved": writes,
        "writes_per_second": round(writes / elapsed, 1),
        "lost_writes": sum(lost.values()), "lost_by_kind": lost,
        "raw_lock_errors": total["raw lock error"], "busy_plain_messages": total["busy (plain message)"],
        "refused_as_stale": sum(v for k, v in total.items() if k.endswith("refused as stale")),
        "other_errors": {k: v for k, v in total.items() if k.startswith("other")},
        "integrity_and_foreign_keys": problems or "ok",
        "by_kind": dict(sorted(total.items())),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--writers", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--processes", action="store_true", help="one process per writer (default: threads)")
    parser.add_argument("--db", type=Path, default=None, help="copy this database instead of building Westmere")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--before-issue-17", action="store_true",
                        help="for comparison: transactions begun DEFERRED and raw sqlite3 errors, as before issue 17 "
                        "(threads only)")
    args = parser.parse_args()
    if args.before_issue_17:
        if args.processes:
            parser.error("--before-issue-17 works with threads only")
        from sqlite_utils import Database

        store.Store.atomic = Database.atomic  # BEGIN (deferred): a read-then-write can fail at once
        store.Store.execute = Database.execute  # and the raw sqlite3 error reaches the caller
        store.Store.query = Database.query
    report = run(args)
    print(json.dumps(report, indent=2))
    return 0 if report["lost_writes"] == 0 and report["raw_lock_errors"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
