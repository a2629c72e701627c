"""`planner returns ...`: the statutory evidence pack (Annex A List 1 and the timeliness figures)."""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import sys
from pathlib import Path

from planner import store
from planner.commands import UserError
from planner.exchange import annex_a, returns
from planner.exchange.exports import safe_cell

WHAT = {"annex-a": (), "phase-transfer": ("phase-transfer",), "annual-reviews": ("annual-reviews", "review-decisions"),
        "assessments": ("assessments",), "care-act": ("care-act",), "gaps": ("gaps",), "all": returns.KEYS}


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "returns", help="the statutory evidence pack: Annex A List 1 and timeliness figures",
        description="Figures a council is asked for, each from one documented query (README, 'The statutory "
        "evidence pack'). Tables are disclosure-controlled (1-7 hidden, others rounded to 5) unless --exact. "
        "'sql' prints every figure's query.")
    p.add_argument("what", choices=(*WHAT, "sql"))
    p.add_argument("--area", default="eastshire", help="the area (default eastshire)")
    p.add_argument("--db", type=Path, default=None, help="database file (default $PLANNER_DB or data/planner.db)")
    p.add_argument("--as-of", type=dt.date.fromisoformat, default=None, help="the date the figures are for (default today)")
    p.add_argument("--exact", action="store_true",
                   help="true counts with percentages: for use inside the council only, never to publish")
    p.add_argument("--csv", type=Path, default=None, help="write the tables (or Annex A) to this CSV file")
    p.add_argument("--by", default="admin", help="who asks (Annex A exports are audited)")
    p.set_defaults(func=run)


def _print_table(rows: list[list]) -> str:
    widths = [max(len(str(r[i])) for r in rows) for i in range(len(rows[0]))]
    return "\n".join("  ".join(str(c).ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in rows)


def run(args: argparse.Namespace) -> int:
    if args.what == "sql":
        print(returns.sql_docs())
        return 0
    as_of = args.as_of or dt.date.today()
    db = store.open_db(args.db)
    try:
        if args.what == "annex-a":
            text = annex_a.list_1_csv(db, args.area, as_of, by=args.by)
            if args.csv:
                args.csv.write_text(text, encoding="utf-8", newline="")
                print(f"{args.csv}: {text.count(chr(10)) - 1} young people with an EHC plan (Annex A List 1)")
            else:
                sys.stdout.write(text)
            return 0
        if args.area not in store.areas(db):
            raise UserError(f"there is nobody in the area {args.area!r}; areas: {', '.join(store.areas(db)) or 'none'}")
        figures = [returns.figure(db, k, args.area, as_of) for k in WHAT[args.what]]
    finally:
        db.close()
    out = io.StringIO()
    for f in figures:
        table = f.released()
        print(f"{f.spec.title} ({f.area}, as of {as_of}); {f.spec.source}")
        print(_print_table(f.exact_rows() if args.exact else table.rows()))
        print(f.summary() if args.exact else f"Note: {table.note}")
        print()
        w = csv.writer(out, lineterminator="\r\n")
        if args.exact:
            w.writerow([safe_cell(f"{f.spec.title} ({f.area}, {as_of}): TRUE COUNTS, NOT FOR PUBLICATION")])
            w.writerows([[safe_cell(c) for c in r] for r in f.exact_rows()])
            w.writerow([])
    if args.csv:
        text = out.getvalue() if args.exact else returns.released_csv(figures)
        args.csv.write_text("\ufeff" + text, encoding="utf-8", newline="")
        print(f"{args.csv}: {len(figures)} table(s){' of true counts' if args.exact else ', disclosure-controlled'}")
    return 0
