"""Data out: CSV safe to open in a spreadsheet, a person's whole record (subject access
request) as JSON, and erasure of a person with an audit entry that records it but not them."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Mapping, Sequence

from planner import store

# A cell starting with one of these is read as a formula by Excel, LibreOffice and Sheets
# (OWASP "CSV injection"); a leading apostrophe makes it text.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")



def safe_cell(value) -> str:
    """The cell as text, neutralised if a spreadsheet would run it as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def to_csv(rows: Iterable[Mapping], columns: Sequence[str]) -> str:
    """Rows as CSV text (UTF-8 with a byte-order mark so Excel reads names correctly)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([safe_cell(c) for c in columns])
    for row in rows:
        writer.writerow([safe_cell(row.get(c)) for c in columns])
    return "\ufeff" + out.getvalue()


def subject_access_json(db, person_id: str, by: str) -> str:
    """Everything stored about a person, as JSON; the request is audited."""
    record = store.person_record(db, person_id)
    if record is None:
        raise KeyError(f"there is no person {person_id}")
    store.audit(db, by, "subject access request", person_id, "whole record exported as JSON")
    return json.dumps(record, indent=2, ensure_ascii=False, default=str)


def erase_person(db, person_id: str, by: str, reason: str = "") -> dict[str, int]:
    """Erase a person and everything about them, in one transaction with its audit entry.

    The person's accounts go too (store.delete_person), so nobody can sign in as them. The audit
    entry keeps the planner's id, who, when, the reason and how many rows went; never the name,
    date of birth or anything else about the person.
    """
    with db.atomic():
        if store.get_person(db, person_id) is None:
            raise KeyError(f"there is no person {person_id}")
        counts = store.delete_person(db, person_id)
        removed = ", ".join(f"{t} {n}" for t, n in counts.items() if n)
        store.audit(db, by, "erase person", person_id, f"{reason + '; ' if reason else ''}rows removed: {removed}")
    store.checkpoint(db, wait=False)  # secure_delete overwrote the pages; let the WAL's copies go too
    return counts
