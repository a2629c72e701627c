"""`planner export people|audit` as spreadsheet-safe CSV, `planner export person ID` as JSON
(a subject access request), and `planner erase ID` (audited)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from planner import store
from planner.commands import UserError
from planner.commands._common import acting_as, open_existing
from planner.exchange import exports, people_file


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("export", help="export people or the audit log as CSV, or one person's record as JSON",
                       description="Export data. CSV cells a spreadsheet would run as a formula are neutralised.")
    p.add_argument("what", choices=("people", "audit", "person"))
    p.add_argument("person_id", nargs="?", help="for 'person': the person's id (a subject access request)")
    p.add_argument("--area", default=None, help="people: the area to export (needed when there are several); "
                   "the file imports back with `planner import people FILE --area AREA`")
    p.add_argument("--db", type=Path, default=None)
    p.add_argument("--out", type=Path, default=None, help="file to write (default: standard output)")
    p.add_argument("--by", default=None, help="your planner username, for the audit log (default: the "
                   "operating-system user)")
    p.set_defaults(func=run)
    e = sub.add_parser("erase", help="erase a person and everything about them (audited)")
    e.add_argument("person_id")
    e.add_argument("--db", type=Path, default=None)
    e.add_argument("--by", default=None, help="your planner username (default: the operating-system user)")
    e.add_argument("--reason", default="")
    e.add_argument("--yes", action="store_true", help="confirm: this cannot be undone")
    e.set_defaults(func=run_erase)


def run(args: argparse.Namespace) -> int:
    db = open_existing(args.db)
    try:
        by = acting_as(db, args.by)
        if args.what == "person":
            if not args.person_id:
                raise UserError("give the person's id: planner export person ID")
            try:
                text = exports.subject_access_json(db, args.person_id, by)
            except KeyError as exc:
                raise UserError(str(exc.args[0])) from None
        elif args.what == "people":
            text, n = people_file.people_csv(db, _one_area(db, args.area))
            store.audit(db, by, "export people", None, f"{n} rows")
        else:
            rows = store.list_audit(db, limit=10**9)
            text = exports.to_csv(rows, ("id", "at", "username", "action", "person_id", "detail"))
            store.audit(db, by, "export audit", None, f"{len(rows)} rows")
    finally:
        db.close()
    if args.out:
        try:
            args.out.write_text(text, encoding="utf-8")
        except OSError as exc:
            raise UserError(f"cannot write {args.out}: {exc.strerror}") from None
    else:
        sys.stdout.write(text)
    return 0


def _one_area(db, area: str | None) -> str:
    """The area to export: --area, or the only one there is. The file uses the area's own ids
    (the import's columns), so it imports back with `planner import people FILE --area AREA`."""
    areas = store.areas(db)
    if area is None:
        if len(areas) != 1:
            raise UserError(f"the database holds {len(areas)} areas; choose one with --area "
                            f"({', '.join(areas[:5]) or 'none'})")
        return areas[0]
    if area not in areas:
        raise UserError(f"there is no area {area!r} in the database ({', '.join(areas[:5]) or 'none'})")
    return area


def run_erase(args: argparse.Namespace) -> int:
    if not args.yes:
        raise UserError("erasing cannot be undone; add --yes to confirm")
    db = open_existing(args.db)
    try:
        counts = exports.erase_person(db, args.person_id, acting_as(db, args.by), args.reason)
    except KeyError as exc:
        raise UserError(str(exc.args[0])) from None
    finally:
        db.close()
    print(f"erased {args.person_id}: " + ", ".join(f"{t} {n}" for t, n in counts.items() if n))
    return 0
