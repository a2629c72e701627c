"""`planner sen2 import DIR|ZIP` and `planner sen2 export --out DIR|ZIP`: the DfE SEN2 return."""

from __future__ import annotations

import argparse
import datetime as dt
import io
import sys
import zipfile
from pathlib import Path

from planner import store
from planner.commands import UserError
from planner.exchange import sen2
from planner.exchange.imports import ImportRefused


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("sen2", help="import or export the DfE SEN2 person-level return (one CSV per module)",
                       description="Import a SEN2 return (a folder or a zip of the eight module CSV files) "
                       "onto the record, all or nothing, or export the record as one. README: 'The SEN2 return'.")
    p.add_argument("action", choices=("import", "export"))
    p.add_argument("path", type=Path, nargs="?", help="for import: the folder or zip holding the module files")
    p.add_argument("--out", type=Path, help="for export: a folder, or a file ending .zip")
    p.add_argument("--area", default="eastshire", help="the area whose ids the return uses (default eastshire)")
    p.add_argument("--db", type=Path, default=None, help="database file (default $PLANNER_DB or data/planner.db)")
    p.add_argument("--encoding", choices=("utf-8", "cp1252"), default=None,
                   help="cp1252 for files saved by Excel on Windows as plain 'CSV'; default UTF-8")
    p.add_argument("--reference-date", type=dt.date.fromisoformat, default=None,
                   help="for export: the census date written in header.csv (default today)")
    p.add_argument("--lea", default="", help="for export: the 3-digit local authority number for header.csv")
    p.add_argument("--by", default="admin", help="who is importing or exporting (audited)")
    p.set_defaults(func=run)


def read_files(path: Path) -> dict[str, bytes]:
    """The CSV files of a folder or a zip, by name."""
    if path.is_dir():
        return {f.name: f.read_bytes() for f in sorted(path.iterdir()) if f.suffix.lower() == ".csv"}
    if path.is_file():
        return sen2.files_from_zip(path.read_bytes())
    raise UserError(f"there is no folder or zip file {path}")


def write_files(files: dict[str, str], out: Path) -> None:
    if out.suffix.lower() == ".zip":
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
            for name, text in files.items():
                z.writestr(name, text.encode("utf-8"))
        out.write_bytes(buf.getvalue())
        return
    out.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (out / name).write_text(text, encoding="utf-8", newline="")


def run(args: argparse.Namespace) -> int:
    db = store.open_db(args.db)
    try:
        if args.action == "import":
            if args.path is None:
                raise UserError("give the folder or zip: planner sen2 import PATH")
            try:
                counts = sen2.import_return(db, read_files(args.path), area=args.area, by=args.by,
                                            encoding=args.encoding)
            except ImportRefused as refused:
                for problem in refused.problems:
                    print(f"{args.path}: {problem}", file=sys.stderr)
                raise UserError(f"{len(refused.problems)} problem(s) in {args.path}; nothing was imported") from None
            print(f"{args.path}: " + ", ".join(f"{n} {k}" for k, n in counts.items()))
        else:
            if args.out is None:
                raise UserError("give where to write: planner sen2 export --out FOLDER (or FILE.zip)")
            files = sen2.export_return(db, args.area, reference_date=args.reference_date, lea=args.lea, by=args.by)
            write_files(files, args.out)
            print(f"{args.out}: " + ", ".join(f"{name} {text.count(chr(10)) - 1} rows" for name, text in files.items()))
    finally:
        db.close()
    return 0
