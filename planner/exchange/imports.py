"""Import people, episodes and teams from CSV files an area's case-management system exports.

All or nothing: the whole file is read and every row checked first; if any row is bad, the
report lists row, column and problem for every bad row and nothing is written. A good file is
written in one transaction, upserting by the area's own id, so importing the same file again
changes nothing. The column specification is in the README ("Importing data"), from `SPECS`.

Every value is checked at this boundary by the same rules as the record (planner.models.PersonRecord)
and planner.limits: dates a person aged 0 to 26 can have, service dates between birth and the
30th birthday, finite capacities, lengths, no control characters. A row for a person already
stored is checked merged with the stored record (a column left out keeps its stored value, so a
file of some columns cannot contradict the rest or blank what it does not hold).

Encodings: UTF-8 with or without a byte-order mark; Windows-1252 only when asked
(`encoding="cp1252"`), because guessing would silently corrupt names. UTF-16 is refused.
Dates: YYYY-MM-DD or DD/MM/YYYY.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import yaml
from pydantic import ValidationError

from planner import limits, store
from planner.exchange.exports import FORMULA_START
from planner.models import (
    ASSESSED_FIELDS,
    DATE_FIELDS,
    FLAG_FIELDS,
    NOT_RECORDED,
    NUMBER_FIELDS,
    RECORD_FLAG_FIELDS,
    WEEKS_IN,
    Need,
    PersonRecord,
    per_week,
)
from planner.resources import PATHWAYS_DIR

MAX_BYTES = 100 * 1024 * 1024  # about 400,000 people: above England's 257,093
MAX_ROWS = 400_000
CHUNK = 1000  # rows written between two progress reports
YES = {"y", "yes", "true", "1"}
NO = {"n", "no", "false", "0", ""}

# kind -> (required columns, optional columns)
SPECS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    # From the record's own fields (planner.models.PersonRecord), less the keys the import sets.
    "people": (
        ("local_id", "dob"),
        tuple(f for f in PersonRecord.model_fields if f not in ("id", "area", "local_id", "dob", "worker")),
    ),
    "episodes": (("local_id", "service_id", "start"), ("end", "end_actual")),
    "teams": (("team_id", "name"), ("capacity", "per", "from_date", "note")),
}
KEYS = {"people": "local_id", "episodes": "local_id, service_id and start", "teams": "team_id and from_date"}
BOOLEAN = {*FLAG_FIELDS, *RECORD_FLAG_FIELDS, "end_actual"}
DATES = {*DATE_FIELDS, "dob", "start", "end", "from_date"}


def need_code(value: str) -> str | None:
    """A SEN2 2025 need code from a cell (old spellings such as SpLD and Other are aliases);
    blank or "Not recorded" is None. ValueError names the codes."""
    if not value.strip() or value.strip().lower() in NOT_RECORDED:
        return None
    try:
        return Need(value).value
    except ValueError:
        raise ValueError(f"{value!r} is not a SEN2 need code ({', '.join(n.value for n in Need)})") from None


TEAM_ID = re.compile(r"[a-z][a-z0-9_]{0,63}")


@dataclass(frozen=True)
class Problem:
    row: int  # line in the file: the header is row 1
    column: str
    message: str
    file: str = ""  # which file, when an import reads several (a SEN2 return)

    def __str__(self) -> str:
        where = f"row {self.row}" if self.row else "the file"
        if self.file:
            where = f"{self.file}, {where}" if self.row else self.file
        return f"{where}, column {self.column}: {self.message}" if self.column else f"{where}: {self.message}"


class ImportRefused(Exception):
    """The file was not imported; `problems` lists every reason."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__(f"{len(problems)} problem(s); nothing was imported")


def known_services() -> set[str]:
    """Service ids of the pathway graph (pathways/*.yaml)."""
    ids: set[str] = set()
    for path in sorted(PATHWAYS_DIR.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        ids |= {s["id"] for s in data.get("services", []) if isinstance(s, dict) and "id" in s}
    return ids


def decode(data: bytes, encoding: str | None = None) -> str:
    """The text of a file, or ImportRefused with a message that says what to do."""
    if not data.strip():
        raise ImportRefused([Problem(0, "", "the file is empty")])
    if len(data) > MAX_BYTES:
        raise ImportRefused([Problem(0, "", f"the file is {len(data) / 1e6:.0f} MB; the limit is {MAX_BYTES / 1e6:.0f} MB. Split it into smaller files")])
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        raise ImportRefused([Problem(0, "", "the file is UTF-16; save it as 'CSV UTF-8' and try again")])
    if encoding and encoding.lower().replace("-", "") in ("cp1252", "windows1252"):
        try:
            return data.decode("cp1252", errors="strict").lstrip("\ufeff")
        except UnicodeDecodeError as exc:
            raise ImportRefused([Problem(0, "", f"the file is not Windows-1252 either (byte 0x{data[exc.start]:02x} at "
                                              f"position {exc.start} means nothing in it). Save it as 'CSV UTF-8' and try "
                                              "again without --encoding")]) from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ImportRefused([Problem(0, "", f"the file is not UTF-8 (byte 0x{data[exc.start]:02x} at position {exc.start}). "
                                          "Save it as 'CSV UTF-8', or if it came from Excel on Windows run again with --encoding cp1252")]) from None


def parse_date(text: str) -> dt.date:
    text = text.strip()
    if "/" in text:
        return dt.datetime.strptime(text, "%d/%m/%Y").date()
    if len(text) != 10:  # fromisoformat also takes 20100831, which no export writes
        raise ValueError(text)
    return dt.date.fromisoformat(text)


def read_rows(text: str, kind: str, spec: tuple[tuple[str, ...], tuple[str, ...]] | None = None,
              ) -> tuple[list[dict[str, str]], list[Problem]]:
    """Rows as dicts keyed by column, after checking the header against the spec (`SPECS[kind]`
    unless given); every cell is checked for control characters and length here, whatever the
    column."""
    required, optional = spec or SPECS[kind]
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [h.strip().lower() for h in next(reader, [])]
    except csv.Error as exc:
        return [], [_unreadable(1, exc)]
    problems = []
    missing = [c for c in required if c not in header]
    extra = [c for c in header if c not in required and c not in optional]
    if missing:
        problems.append(Problem(1, ", ".join(missing), "required column missing"))
    if extra:
        problems.append(Problem(1, ", ".join(extra)[:200], f"unknown column; the columns for {kind} are in the README"))
    dupes = {c for c in header if header.count(c) > 1}
    if dupes:
        problems.append(Problem(1, ", ".join(sorted(dupes)), "column appears twice"))
    if problems:
        return [], problems
    rows = []
    line = 1
    while True:
        try:
            values = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            problems.append(_unreadable(line + 1, exc))
            break
        line += 1
        if not any(v.strip() for v in values):
            continue
        if len(values) != len(header):
            problems.append(Problem(line, "", f"has {len(values)} cells but the header has {len(header)}"))
            continue
        row = {"_row": str(line)}
        for h, v in zip(header, values, strict=True):
            if v.startswith("'") and v[1:2] in FORMULA_START:
                v = v[1:]  # the apostrophe planner export put before a cell a spreadsheet would run
            bad = limits.text_problem(v)
            if bad:
                problems.append(Problem(line, h, bad))
            row[h] = v.strip()
        rows.append(row)
        if len(rows) > MAX_ROWS:
            return [], [Problem(0, "", f"more than {MAX_ROWS:,} rows; split the file")]
    if not rows and not problems:
        problems.append(Problem(0, "", "the file has a header but no rows"))
    return rows, problems


def _unreadable(line: int, exc: csv.Error) -> Problem:
    text = str(exc)
    if "field larger than field limit" in text:
        why = (f"a cell is longer than {csv.field_size_limit():,} characters, or a quote (\") opened there is "
               "never closed; check the quotes around that row")
    else:
        why = f"this cannot be read as CSV ({text}); export the file again as 'CSV UTF-8'"
    return Problem(line, "", why)


def _convert(row: dict[str, str], problems: list[Problem]) -> dict:
    out, line = {}, int(row["_row"])
    for col, value in row.items():
        if col == "_row":
            continue
        if col in ASSESSED_FIELDS:  # yes, no, or blank for "not known yet"
            if value.lower() not in YES | NO:
                problems.append(Problem(line, col, f"{value!r} is not yes, no or blank (not known yet)"))
            out[col] = None if not value else int(value.lower() in YES)
        elif col in BOOLEAN:
            if value.lower() not in YES | NO:
                problems.append(Problem(line, col, f"{value!r} is not yes or no (use Y, N, yes, no, 1 or 0)"))
            out[col] = int(value.lower() in YES)
        elif col in NUMBER_FIELDS:
            try:
                out[col] = int(value or 0)
            except ValueError:
                problems.append(Problem(line, col, f"{value!r} is not a whole number"))
        elif col in DATES:
            if not value:
                if col != "record_started":  # a blank never erases the day the record began
                    out[col] = None
                continue
            try:
                out[col] = parse_date(value).isoformat()
            except ValueError:
                problems.append(Problem(line, col, f"{value!r} is not a date (use DD/MM/YYYY or YYYY-MM-DD)"))
        elif col in ("primary_need", "secondary_need"):
            try:
                out[col] = need_code(value)
            except ValueError as exc:
                problems.append(Problem(line, col, str(exc)))
        else:
            out[col] = value or None
    return out


def _pydantic_problems(exc: ValidationError) -> list[tuple[str, str]]:
    out = []
    for e in exc.errors():
        column = str(e["loc"][0]) if e.get("loc") else ""
        out.append((column, e["msg"].removeprefix("Value error, ")))
    return out


_RECORD_FIELDS = tuple(PersonRecord.model_fields)


def _check_person(row: dict, raw: dict, current: dict | None, area: str, today: dt.date,
                  line: int, problems: list[Problem]) -> None:
    """The row merged with the stored record (if any) must be a valid record, with sensible dates."""
    present = {k: v for k, v in row.items() if k in _RECORD_FIELDS}
    merged = {k: current.get(k) for k in _RECORD_FIELDS} if current else {}
    merged.update(present)
    merged.update({"area": area, "local_id": row.get("local_id"), "id": row["id"]})
    if merged.get("name") is None:
        merged["name"] = ""
    stored_note = (" (checked together with what is already stored for this person: a column the file leaves "
                   "out keeps its stored value, so add that column to change both)") if current else ""
    try:
        record = PersonRecord.model_validate(merged)
    except ValidationError as exc:
        for column, message in _pydantic_problems(exc):
            problems.append(Problem(line, column if column in raw else "", message + stored_note))
        return
    bad = limits.dob_problem(record.dob, today)
    if bad:
        problems.append(Problem(line, "dob", bad))
        return
    for name, message in limits.person_date_problems(record, today).items():
        problems.append(Problem(line, name, message + ("" if name in raw else stored_note)))


def _check_people(db, rows: list[dict], area: str, today: dt.date, problems: list[Problem]) -> list[dict]:
    stored = {r["local_id"]: r for r in store.area_people(db, area)}
    out = []
    for raw in rows:
        line, before = int(raw["_row"]), len(problems)
        for col in SPECS["people"][0]:
            if not raw.get(col):
                problems.append(Problem(line, col, "is empty; every row needs one"))
        row = _convert(raw, problems)
        if row.get("sex") not in (None, "M", "F"):
            problems.append(Problem(line, "sex", f"{row['sex']!r} should be M, F or blank"))
        if "name" in raw and row.get("name") is None:
            row["name"] = ""  # a blank name in a name column clears it; no name column leaves it alone
        row["area"] = area
        row["id"] = store.person_id_for(area, row.get("local_id") or "")
        current = stored.get(row.get("local_id"))
        if len(problems) == before:
            _check_person(row, raw, current, area, today, line, problems)
        if current is None and row.get("local_id"):
            other = store.get_person(db, row["id"])
            if other is not None:
                problems.append(Problem(line, "local_id", f"would get the planner id {row['id']}, which another person "
                                        f"already has ({other['local_id']} in {other['area']}); the area's ids and "
                                        "the area name together must be unique: change this id"))
        out.append(row)
    return out


def _check_episodes(db, rows: list[dict], area: str, problems: list[Problem]) -> list[dict]:
    services = known_services()
    people = {r["local_id"]: r for r in store.area_people(db, area)}
    out = []
    for raw in rows:
        line = int(raw["_row"])
        for col in SPECS["episodes"][0]:
            if not raw.get(col):
                problems.append(Problem(line, col, "is empty; every row needs one"))
        row = _convert(raw, problems)
        if row.get("service_id") not in services:
            problems.append(Problem(line, "service_id", f"{row.get('service_id')!r} is not a service of the pathway graph"))
        person = people.get(row.get("local_id"))
        if person is None:
            problems.append(Problem(line, "local_id", f"no person {row.get('local_id')!r} in {area}; import people first"))
        else:
            dob = dt.date.fromisoformat(person["dob"])
            for col in ("start", "end"):
                if row.get(col):
                    bad = limits.service_date_problem(dt.date.fromisoformat(row[col]), dob)
                    if bad:
                        problems.append(Problem(line, col, bad))
        if row.get("start") and row.get("end") and row["end"] < row["start"]:
            problems.append(Problem(line, "end", "is before start"))
        out.append({"person_id": person["id"] if person else None, "service_id": row.get("service_id"),
                    "start": row.get("start"), "end": row.get("end"), "end_actual": row.get("end_actual", 0)})
    return out


def _check_teams(rows: list[dict], today: dt.date, problems: list[Problem]) -> list[dict]:
    out = []
    for raw in rows:
        line = int(raw["_row"])
        for col in SPECS["teams"][0]:
            if not raw.get(col):
                problems.append(Problem(line, col, "is empty; every row needs one"))
        row = _convert(raw, problems)
        team = row.get("team_id") or ""
        if team and not TEAM_ID.fullmatch(team):
            problems.append(Problem(line, "team_id", f"{team[:80]!r} should be lower-case letters, digits and _, "
                                    "starting with a letter, at most 64 (for example asc_transitions)"))
        for col, most in (("name", 200), ("note", 1000)):
            bad = limits.text_problem(row.get(col) or "", most)
            if bad:
                problems.append(Problem(line, col, bad))
        if row.get("from_date"):
            bad = limits.capacity_date_problem(dt.date.fromisoformat(row["from_date"]), today)
            if bad:
                problems.append(Problem(line, "from_date", bad))
        per = (row.get("per") or "week").lower()
        if per not in WEEKS_IN:
            problems.append(Problem(line, "per", f"{row.get('per')!r} should be week, month, year or academic year"))
        amount = None
        if row.get("capacity"):
            amount = limits.number(row["capacity"])
            if amount is None:
                problems.append(Problem(line, "capacity", f"{row['capacity'][:40]!r} is not a number; give a whole or "
                                        "decimal number of 0 or more, such as 4 or 2.5"))
            elif per in WEEKS_IN:
                bad = limits.capacity_problem(per_week(amount, per))
                if bad:
                    problems.append(Problem(line, "capacity", bad))
        out.append({"id": team, "name": row.get("name") or "", "unit": per, "note": row.get("note") or "",
                    "from_date": row.get("from_date"),
                    "per_week": None if amount is None or per not in WEEKS_IN else round(per_week(amount, per), 4)})
    return out


def check(db, kind: str, text: str, area: str, today: dt.date | None = None) -> tuple[list[dict], list[Problem]]:
    """Every row converted to store rows, and every problem found; nothing is written."""
    today = today or dt.date.today()
    rows, problems = read_rows(text, kind)
    if kind == "people":
        out = _check_people(db, rows, area, today, problems)
        keys = [(r.get("local_id"),) for r in out]
    elif kind == "episodes":
        out = _check_episodes(db, rows, area, problems)
        keys = [(r["person_id"] or raw.get("local_id"), r["service_id"], r["start"]) for r, raw in zip(out, rows, strict=True)]
    else:
        out = _check_teams(rows, today, problems)
        keys = [(r["id"], r["from_date"]) for r in out]
    seen: dict[tuple, int] = {}
    for raw, key in zip(rows, keys, strict=True):
        line = int(raw["_row"])
        if key in seen:
            problems.append(Problem(line, "", f"repeats row {seen[key]} (the same {KEYS[kind]})"))
        seen.setdefault(key, line)
    problems.sort(key=lambda p: p.row)
    return out, problems


def area_problem(area: str) -> str | None:
    """An area name: 1 to 64 characters, no control characters."""
    if not area.strip():
        return "the area is empty; give the area's name (for example eastshire)"
    return limits.text_problem(area, 64)


def import_file(db, kind: str, path: Path, *, area: str, by: str = "import", encoding: str | None = None,
                today: dt.date | None = None) -> dict[str, int]:
    """Check and import one file; raises ImportRefused (nothing written) or returns counts."""
    return import_data(db, kind, Path(path).read_bytes(), area=area, by=by, encoding=encoding, today=today,
                       source=Path(path).name)


def import_data(db, kind: str, data: bytes, *, area: str, by: str = "import", encoding: str | None = None,
                progress: Callable[[int, int, str], None] | None = None, today: dt.date | None = None,
                source: str = "") -> dict[str, int]:
    """Check and import a file's bytes (an upload): ImportRefused with every problem and nothing
    written, or counts. All rows are written in one transaction, `CHUNK` at a time so that
    `progress(done, total, phase)` can say how far a large file has got; the import is audited in
    the same transaction (who, the kind, the file's name, the counts)."""
    if kind not in SPECS:
        raise ValueError(f"unknown kind {kind!r}; use people, episodes or teams")
    bad_area = area_problem(area)
    if bad_area:
        raise ImportRefused([Problem(0, "", f"--area: {bad_area}")])
    text = decode(data, encoding)
    rows, problems = check(db, kind, text, area, today)
    if problems:
        raise ImportRefused(problems)
    counts: dict[str, int] = {}
    with db.atomic():
        for start in range(0, len(rows), CHUNK):
            part = rows[start:start + CHUNK]
            if kind == "people":
                done = store.upsert_people(db, part, by=by)
            elif kind == "episodes":
                done = store.upsert_episodes(db, part)
            else:
                done = store.upsert_teams(db, area, part, by=by)
            for k, v in done.items():
                counts[k] = counts.get(k, 0) + v
            if progress:
                progress(min(start + CHUNK, len(rows)), len(rows), "writing")
        store.audit(db, by, f"import {kind}", None,
                    f"{area}: {source[:100] or 'a file'}: " + ", ".join(f"{n} {k}" for k, n in counts.items()))
    return counts

