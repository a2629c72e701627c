"""The SEN2 modules of each person (the DfE person-level return): read, replace and list.

A person's SEN2 rows are replaced as a whole (a return is a snapshot of everything about the
person), keyed by the person and the area's own row ids, so importing the same return again
changes nothing. Parents come before children: requests, then assessments and active plans,
then named plans, plan details, placements and needs.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from sqlite_utils import Database

from planner.store.db import _row

# table -> its columns after person_id, in the order of the migration ("SEN2 modules").
SEN2_COLUMNS: dict[str, tuple[str, ...]] = {
    "sen2_persons": ("forename", "surname", "postcode", "upn_unknown"),
    "sen2_requests": ("id", "received_date", "request_source", "rya", "outcome_date", "outcome", "mediation",
                      "tribunal", "exported"),
    "sen2_assessments": ("id", "request_id", "outcome", "outcome_date", "mediation", "tribunal", "other_mediation",
                         "other_tribunal", "week20"),
    "sen2_named_plans": ("id", "assessment_id", "start_date", "plan_res", "plan_wbp", "pb", "oa", "dp", "cease_date",
                         "cease_reason"),
    "sen2_plan_details": ("id", "named_plan_id", "urn", "ukprn", "sen_setting", "sen_setting_other", "placement_rank",
                          "sen_unit", "resourced_provision"),
    "sen2_active_plans": ("id", "request_id", "transfer_la", "review_meeting", "review_outcome", "review_decision",
                          "review_draft", "phase_transfer_due", "phase_transfer_final"),
    "sen2_placements": ("id", "active_plan_id", "urn", "ukprn", "sen_setting", "sen_setting_other", "placement_rank",
                        "entry_date", "leaving_date", "res", "wbp", "sen_unit", "resourced_provision"),
    "sen2_needs": ("id", "active_plan_id", "sen_type", "rank"),
}
_ORDER = {t: ("1" if t == "sen2_persons" else "id") for t in SEN2_COLUMNS}


def sen2_record(db: Database, person_id: str) -> dict[str, list[dict]]:
    """A person's SEN2 rows by table (without person_id), each table in id order."""
    out = {}
    for table, columns in SEN2_COLUMNS.items():
        cols = ", ".join(f'"{c}"' for c in columns)
        out[table] = list(db.query(f"SELECT {cols} FROM {table} WHERE person_id = ? ORDER BY {_ORDER[table]}",
                                   [person_id]))
    return out


def replace_sen2(db: Database, person_id: str, record: Mapping[str, Iterable[Mapping[str, Any]]]) -> bool:
    """Make the person's SEN2 rows exactly `record` (table -> rows without person_id); False
    when they already were. Call inside the import's transaction."""
    wanted = {t: sorted((_row(r) for r in record.get(t, ())), key=lambda r: str(r.get("id", "")))
              for t in SEN2_COLUMNS}
    current = sen2_record(db, person_id)
    if all([{c: r.get(c) for c in SEN2_COLUMNS[t]} for r in wanted[t]] == current[t] for t in SEN2_COLUMNS):
        return False
    with db.atomic():
        db.execute("DELETE FROM sen2_requests WHERE person_id = ?", [person_id])  # cascades to the rest
        db.execute("DELETE FROM sen2_persons WHERE person_id = ?", [person_id])
        for table, columns in SEN2_COLUMNS.items():
            rows = wanted[table]
            if not rows:
                continue
            cols = ("person_id", *columns)
            sql = (f"INSERT INTO {table} ({', '.join(chr(34) + c + chr(34) for c in cols)}) "
                   f"VALUES ({', '.join('?' * len(cols))})")
            db.conn.executemany(sql, [(person_id, *(r.get(c) for c in columns)) for r in rows])
    return True


def area_sen2_rows(db: Database, area: str, table: str) -> list[dict]:
    """Every row of one SEN2 table for the area's people, with the person's `local_id`, in
    person then row order."""
    if table not in SEN2_COLUMNS:
        raise ValueError(f"unknown SEN2 table {table!r}")
    cols = ", ".join(f't."{c}"' for c in SEN2_COLUMNS[table])
    order = "p.local_id" + (", t.id" if table != "sen2_persons" else "")
    return list(db.query(f"SELECT p.local_id, {cols} FROM {table} t JOIN people p ON p.id = t.person_id "
                         f"WHERE p.area = ? ORDER BY {order}", [area]))


def people_with_sen2(db: Database, area: str) -> set[str]:
    """Ids of the area's people who have SEN2 rows (a person module or a request)."""
    return {r[0] for r in db.execute(
        "SELECT person_id FROM sen2_persons s JOIN people p ON p.id = s.person_id WHERE p.area = ? "
        "UNION SELECT person_id FROM sen2_requests r JOIN people p ON p.id = r.person_id WHERE p.area = ?",
        [area, area]).fetchall()}
