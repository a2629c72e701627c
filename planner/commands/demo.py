"""`planner demo`: build a synthetic area's database (Westmere, Eastshire or England)."""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

from planner import demo, store
from planner.commands import UserError


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "demo",
        help="build a seeded synthetic area's database",
        description="Build a database of a synthetic local area (nothing real). The same seed "
        "gives the same database.",
    )
    p.add_argument("--area", choices=demo.AREAS, default="eastshire",
                   help="westmere (~150 EHC plans), eastshire (~5,400 plus ~5,000 SEN support), england (~257,000)")
    p.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    p.add_argument("--db", type=Path, default=None, help="database file (default $PLANNER_DB or data/planner.db)")
    p.add_argument("--force", action="store_true", help="replace the database if it exists")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.add_argument("--without-outcomes", action="store_true",
                   help="leave out the outcome histories and the young people whose plans ended (as the "
                        "demo was before them: smaller and faster, for timing the rest)")
    p.set_defaults(func=run)


def progress_bar(stream=sys.stderr):
    """A one-line progress bar on stderr, redrawn at most every 0.2 s."""
    last = [0.0]

    def show(done: int, total: int, label: str) -> None:
        now = time.monotonic()
        if done < total and now - last[0] < 0.2:
            return
        last[0] = now
        width = 30
        filled = int(width * done / max(total, 1))
        stream.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done:>7,}/{total:,} people  {label:<24}")
        if done >= total:
            stream.write("\n")
        stream.flush()

    return show


def _remove(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def run(args: argparse.Namespace) -> int:
    path = args.db or store.default_db_path()
    if path.exists() and not args.force:
        raise UserError(f"{path} already exists; add --force to replace it")
    # Build beside the target and rename at the end, so an interrupted build never leaves a
    # half-filled database where the app would open it.
    tmp = Path(f"{path}.building")
    _remove(tmp)
    started = time.perf_counter()
    db = store.open_db(tmp)
    try:
        store.unsafe_fast_writes(db)  # a crash only loses the temporary file
        counts = demo.build(db, args.area, args.seed, None if args.quiet else progress_bar(),
                            outcomes=not args.without_outcomes)
        store.checkpoint(db)
    except BaseException:
        db.close()
        _remove(tmp)
        raise
    db.close()
    _remove(path)
    os.replace(tmp, path)
    _remove(tmp)
    seconds = time.perf_counter() - started
    print(f"Built {args.area} (seed {args.seed}) in {path}: {counts['people']:,} people, "
          f"{counts['episodes']:,} episodes, {counts['outcome_records']:,} outcome records, "
          f"{counts['users']:,} users, {seconds:.1f} s, "
          f"{path.stat().st_size / 1e6:.1f} MB", file=sys.stderr)
    return 0
