"""`planner backup FILE`, `planner restore FILE` and `planner check`: keeping the database safe."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from planner import store
from planner.commands import UserError
from planner.commands._common import acting_as, open_existing, os_user
from planner.store import maintenance


def add_parser(sub: argparse._SubParsersAction) -> None:
    b = sub.add_parser("backup", help="copy the database to a new file, safely while the app is in use",
                       description="Copy the database with SQLite's online backup (safe while people use the "
                       "app); the copy is checked before it is given its name. Audited.")
    b.add_argument("file", type=Path, help="the new backup file (must not exist yet)")
    b.add_argument("--db", type=Path, default=None, help="database file (default $PLANNER_DB or data/planner.db)")
    b.add_argument("--by", default=None, help="your planner username (default: the operating-system user)")
    b.set_defaults(func=run_backup)
    r = sub.add_parser("restore", help="replace the database with a backup, after checking the backup",
                       description="Check the backup (integrity and foreign keys), keep the current database as "
                       "<db>.before-restore-<time>, then copy the backup in. Stop the app first if you can; if "
                       "not, its connections see the restored data at once.")
    r.add_argument("file", type=Path, help="the backup file")
    r.add_argument("--db", type=Path, default=None, help="database file to replace (default $PLANNER_DB or "
                   "data/planner.db)")
    r.add_argument("--by", default=None, help="your planner username (default: the operating-system user)")
    r.add_argument("--yes", action="store_true", help="confirm: the current data is replaced (a copy is kept)")
    r.set_defaults(func=run_restore)
    c = sub.add_parser("check", help="check the database file's integrity and its foreign keys",
                       description="Run SQLite's integrity check and foreign-key check; exit 1 if anything is wrong.")
    c.add_argument("--db", type=Path, default=None, help="database file (default $PLANNER_DB or data/planner.db)")
    c.set_defaults(func=run_check)


def run_backup(args: argparse.Namespace) -> int:
    db = open_existing(args.db)
    try:
        by = acting_as(db, args.by)
        done = maintenance.backup(db, args.file)
        store.audit(db, by, "backup", None, f"to {args.file.name}")
    finally:
        db.close()
    print(f"Backed up to {done['file']} ({done['bytes'] / 1e6:.1f} MB); the copy passed its check.")
    return 0


def run_restore(args: argparse.Namespace) -> int:
    if not args.yes:
        raise UserError("restoring replaces the current data (a copy of it is kept); add --yes to confirm")
    target = args.db or store.default_db_path()
    if Path(target).exists():
        db = open_existing(target, migrate_schema=False)
        try:
            by = acting_as(db, args.by)
        finally:
            db.close()
    else:
        by = os_user() if args.by is None else args.by
    done = maintenance.restore(args.file, target)
    db = open_existing(target)
    try:
        store.audit(db, by, "restore", None, f"from {args.file.name}")
    finally:
        db.close()
    kept = f"; the data it replaced is kept in {done['kept']}" if done["kept"] else ""
    print(f"Restored {target} from {args.file}; it passed its check{kept}.")
    return 0


def run_check(args: argparse.Namespace) -> int:
    try:
        db = maintenance.open_read_only(args.db or store.default_db_path())
    except store.StoreError as exc:
        raise UserError(str(exc)) from None
    try:
        problems = maintenance.check(db)
        counts = store.table_counts(db)
    finally:
        db.close()
    if problems:
        for problem in problems[:100]:
            print(f"problem: {problem}", file=sys.stderr)
        print(f"{len(problems)} problem(s): restore the last good backup with `planner restore FILE --yes`",
              file=sys.stderr)
        return 1
    print(f"The database is sound: integrity and foreign keys check out "
          f"({counts.get('people', 0):,} people, {counts.get('audit_log', 0):,} audit entries).")
    return 0
