"""`planner export people|audit` as spreadsheet-safe CSV, `planner export person ID` as JSON
(a subject access request), and `planner erase ID` (audited)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from planner import store
from planner.commands import UserError
from planner.exchange import exports


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("export", help="export people or the audit log as CSV, or one person's record as JSON",
                       description="Export data. CSV cells a spreadsheet would run as a formula are neutralised.")
    p.add_argument("what", choices=("people", "audit", "person"))
    p.add_argument("person_id", nargs="?", help="for 'person': the person's id (a subject access request)")
    p.add_argument("--area", default=None, help="only people of this area")
    p.add_argument("--db", type=Path, default=None)
    p.add_argument("--out", type=Path, default=None, help="file to write (default: standard output)")
    p.add_argument("--by", default="admin", help="who asks (written to the audit log)")
    p.set_defaults(func=run)
    e = sub.add_parser("erase", help="erase a person and everything about them (audited)")
    e.add_argument("person_id")
    e.add_argument("--db", type=Path, default=None)
    e.add_argument("--by", default="admin")
    e.add_argument("--reason", default="")
    e.add_argument("--yes", action="store_true", help="confirm: this cannot be undone")
    e.set_defaults(func=run_erase)


def run(args: argparse.Namespace) -> int:
    db = store.open_db(args.db)
    try:
        if args.what == "person":
            if not args.person_id:
                raise UserError("give the person's id: planner export person ID")
            try:
                text = exports.subject_access_json(db, args.person_id, args.by)
            except KeyError as exc:
                raise UserError(str(exc.args[0])) from None
        elif args.what == "people":
            rows = store.list_people(db, area=args.area)
            text = exports.to_csv(rows, store.PERSON_COLUMNS)
            store.audit(db, args.by, "export people", None, f"{len(rows)} rows")
        else:
            rows = store.list_audit(db, limit=10**9)
            text = exports.to_csv(rows, ("id", "at", "username", "action", "person_id", "detail"))
    finally:
        db.close()
    if args.out:
        args.out.write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return 0


def run_erase(args: argparse.Namespace) -> int:
    if not args.yes:
        raise UserError("erasing cannot be undone; add --yes to confirm")
    db = store.open_db(args.db)
    try:
        counts = exports.erase_person(db, args.person_id, args.by, args.reason)
    except KeyError as exc:
        raise UserError(str(exc.args[0])) from None
    finally:
        db.close()
    print(f"erased {args.person_id}: " + ", ".join(f"{t} {n}" for t, n in counts.items() if n))
    return 0
