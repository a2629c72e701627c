"""`planner import people|episodes|teams|outcomes FILE.csv`: all or nothing, with a report of every bad row."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from planner.commands import UserError
from planner.commands._common import acting_as, open_existing
from planner.exchange import imports, outcome_imports


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "import",
        help="import people, episodes, teams or outcome records from a CSV file (all or nothing)",
        description="Import a CSV file. Every row is checked first; if any is bad, every problem "
        "is listed with its row and column and nothing is written. Importing the same file "
        "again changes nothing. Column specification: README, 'Importing data'.",
    )
    p.add_argument("kind", choices=(*imports.SPECS, "outcomes"), help="what the file holds")
    p.add_argument("file", type=Path, help="the CSV file")
    p.add_argument("--db", type=Path, default=None, help="database file (default $PLANNER_DB or data/planner.db)")
    p.add_argument("--area", default="eastshire", help="the area whose ids the file uses (default eastshire)")
    p.add_argument("--encoding", choices=("utf-8", "cp1252"), default=None,
                   help="cp1252 for a file saved by Excel on Windows as plain 'CSV'; default UTF-8")
    p.add_argument("--by", default=None, help="your planner username, written with each change and in the audit "
                   "log (default: the operating-system user)")
    p.add_argument("--create", action="store_true", help="start a new database at --db if there is none "
                   "(without it a missing database is an error, so a mistyped path creates nothing)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    if not args.file.is_file():
        raise UserError(f"there is no file {args.file}")
    try:
        data = args.file.read_bytes()
    except OSError as exc:
        raise UserError(f"cannot read {args.file}: {exc.strerror}") from None
    db = open_existing(args.db, create=args.create)
    try:
        by = acting_as(db, args.by)
        if args.kind == "outcomes":
            counts = outcome_imports.import_file(db, args.file, area=args.area, by=by, encoding=args.encoding)
        else:
            counts = imports.import_data(db, args.kind, data, area=args.area, by=by, encoding=args.encoding,
                                         source=args.file.name)
    except imports.ImportRefused as refused:
        for problem in refused.problems:
            print(f"{args.file}: {problem}", file=sys.stderr)
        raise UserError(f"{len(refused.problems)} problem(s) in {args.file}; nothing was imported") from None
    finally:
        db.close()
    print(f"{args.file}: " + ", ".join(f"{n} {k}" for k, n in counts.items()))
    return 0
