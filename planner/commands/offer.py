"""`planner offer check|import|list`: the local offer from an Open Referral UK (HSDS 3.0 UK) feed."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from planner import store
from planner.commands import UserError
from planner.exchange import oruk
from planner.exchange.imports import ImportRefused


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("offer", help="the local offer from an Open Referral UK feed (a file or a URL)",
                       description="check: the feed's quality report and errors, nothing written; import: replace "
                       "the area's local offer with the feed, all or nothing; list: the services held. "
                       "README: 'The local offer'.")
    p.add_argument("action", choices=("check", "import", "list"))
    p.add_argument("source", nargs="?", help="the feed: a JSON file, or a URL (every page is read)")
    p.add_argument("--area", default="eastshire", help="the area the offer is for (default eastshire)")
    p.add_argument("--db", type=Path, default=None, help="database file (default $PLANNER_DB or data/planner.db)")
    p.add_argument("--by", default="admin", help="who is importing (audited)")
    p.set_defaults(func=run)


def _fail(source: str, refused: ImportRefused) -> UserError:
    for problem in refused.problems:
        print(f"{problem}" if problem.file else f"{source}: {problem}", file=sys.stderr)
    return UserError(f"{len(refused.problems)} problem(s) in {source}; nothing was imported")


def run(args: argparse.Namespace) -> int:
    if args.action == "list":
        db = store.open_db(args.db)
        try:
            for s in store.local_offer(db, args.area):
                ages = f"{s['minimum_age'] or 0:g}-{s['maximum_age']:g}" if s["maximum_age"] is not None else \
                    f"{s['minimum_age'] or 0:g}+"
                print(f"{s['name']} ({s['organization']}); ages {ages}; {s['domain'] or 'no domain'}; "
                      f"{'SEND; ' if s['send'] else ''}{s['status']}")
        finally:
            db.close()
        return 0
    if not args.source:
        raise UserError(f"give the feed: planner offer {args.action} FILE_OR_URL")
    try:
        if args.action == "check":
            _, quality, problems, notes = oruk.check_feed(args.source, args.area)
            print("\n".join(quality.lines() + notes))
            for problem in problems:
                print(problem, file=sys.stderr)
            return 1 if problems else 0
        db = store.open_db(args.db)
        try:
            counts, quality = oruk.import_feed(db, args.source, area=args.area, by=args.by)
        finally:
            db.close()
    except ImportRefused as refused:
        raise _fail(args.source, refused) from None
    print(f"{args.source}: " + ", ".join(f"{n} {k}" for k, n in counts.items()))
    print("\n".join(quality.lines()))
    return 0
