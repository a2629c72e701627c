"""Import outcome records from a CSV file (real outcomes from a case-management system, NCCIS
or adult social care), all or nothing, as the other imports (planner.exchange.imports).

One row is one dated observation of a young person already imported (`local_id`); the columns
are the outcome record's own fields (planner.outcomes.record.OutcomeRecord), so the README's
column table and this module cannot drift apart. Codes are the record's vocabularies; yes/no
facts take Y, N, yes, no, 1, 0, or blank for not known. A row that repeats a stored record
fact for fact is left alone, so importing the same file again changes nothing.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import ValidationError

from planner import store
from planner.exchange.imports import NO, YES, ImportRefused, Problem, decode, parse_date, read_rows
from planner.outcomes.record import (
    FIELD_OUTCOME,
    YES_NO_FIELDS,
    Activity,
    AimAnswer,
    CeaseReason,
    Going,
    Living,
    OutcomeRecord,
)

REQUIRED = ("local_id", "observed_on", "source")
OPTIONAL = tuple(f for f in OutcomeRecord.model_fields
                 if f not in ("id", "person_id", "observed_on", "source", "recorded_by", "recorded_at"))
SPEC = (REQUIRED, OPTIONAL)
CODES: dict[str, tuple[str, ...]] = {
    "activity": tuple(a.value for a in Activity), "living": tuple(v.value for v in Living),
    "going": tuple(g.value for g in Going),
    **{f: tuple(a.value for a in AimAnswer) for f in FIELD_OUTCOME if f.startswith("aim_")},
}
DATES = ("observed_on", "activity_since")


def _convert(raw: dict[str, str], line: int, problems: list[Problem]) -> dict:
    out: dict = {}
    for col, value in raw.items():
        if col == "_row" or value == "":
            continue
        if col in DATES:
            try:
                out[col] = parse_date(value)
            except ValueError:
                problems.append(Problem(line, col, f"{value!r} is not a date (use DD/MM/YYYY or YYYY-MM-DD)"))
        elif col in (*YES_NO_FIELDS, "by_young_person"):
            if value.lower() not in YES | NO:
                problems.append(Problem(line, col, f"{value!r} is not yes, no or blank (not known)"))
            out[col] = value.lower() in YES
        elif col in CODES:
            if value.lower() not in CODES[col]:
                problems.append(Problem(line, col, f"{value!r} is not one of {', '.join(CODES[col])}"))
            out[col] = value.lower()
        elif col == "cease_reason":
            if value not in {str(int(c)) for c in CeaseReason}:
                problems.append(Problem(line, col, f"{value!r} is not an SEN2 cease reason (1 to 9)"))
            else:
                out[col] = int(value)
        elif col == "paid_hours":
            try:
                out[col] = float(value)
            except ValueError:
                problems.append(Problem(line, col, f"{value!r} is not a number of hours"))
        else:
            out[col] = value
    return out


def check(db, text: str, area: str) -> tuple[list[dict], list[Problem]]:
    """Every row as a store row, and every problem found; nothing is written."""
    rows, problems = read_rows(text, "outcomes", SPEC)
    people = store.local_ids(db, area)
    out, seen = [], {}
    for raw in rows:
        line = int(raw["_row"])
        before = len(problems)
        for col in REQUIRED:
            if not raw.get(col):
                problems.append(Problem(line, col, "is empty; every row needs one"))
        fields = _convert(raw, line, problems)
        local_id = fields.pop("local_id", None)
        if local_id and local_id not in people:
            problems.append(Problem(line, "local_id", f"no person {local_id!r} in {area}; import people first"))
        if len(problems) > before:
            continue
        try:
            record = OutcomeRecord(person_id=people[local_id], **fields)
        except ValidationError as exc:
            problems.append(Problem(line, "", "; ".join(e["msg"].removeprefix("Value error, ") for e in exc.errors())))
            continue
        row = record.model_dump(exclude={"id", "recorded_by", "recorded_at"})
        key = tuple(sorted((k, str(v)) for k, v in row.items()))
        if key in seen:
            problems.append(Problem(line, "", f"repeats row {seen[key]}"))
        seen.setdefault(key, line)
        out.append(row)
    return out, problems


def import_file(db, path: Path, *, area: str, by: str = "import", encoding: str | None = None) -> dict[str, int]:
    """Check and import one file of outcome records; raises ImportRefused (nothing written) or
    returns counts."""
    rows, problems = check(db, decode(Path(path).read_bytes(), encoding), area)
    if problems:
        raise ImportRefused(problems)
    return store.add_outcome_records(db, [{**r, "recorded_by": by} for r in rows])
