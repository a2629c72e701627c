"""Import and export the SEN2 person-level return (planner.exchange.sen2_spec), mapped onto the record.

A return is one CSV file per module. Everything is checked first: if anything is wrong, every
problem is reported as `file, row N, column C: what` and nothing is written (as
planner.exchange.imports does). A good return is written in one transaction: each person's row
in `people` (created or updated by the area's own id), their SEN2 rows replaced as a whole, and
the facts the rules use derived from them (`derive_facts`). Importing the same return twice
changes nothing; an export of the record imports back to the same record.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from collections import defaultdict
from collections.abc import Callable, Mapping

from pydantic import ValidationError

from planner import limits, store
from planner.exchange.exports import safe_cell
from planner.exchange.imports import NO, YES, ImportRefused, Problem, decode, parse_date
from planner.exchange.sen2_record import NOT_EXPORTED_FILE, area_modules
from planner.exchange.sen2_spec import (
    BY_KEY,
    HEADER_COLUMNS,
    MODULES,
    Item,
    Module,
    header_names,
    ignored,
)
from planner.models import Need, Person, PersonRecord

Progress = Callable[[int, int, str], None]
PATTERNS = {"urn": (r"^\d{6}$", "a 6-digit URN"), "ukprn": (r"^1\d{7}$", "an 8-digit UKPRN starting with 1"),
            "la": (r"^\d{3}$", "a 3-digit local authority number"),
            "upn": (PersonRecord.model_fields["upn"].metadata[0].pattern, "a 13-character UPN (a letter, 11 digits, a digit or letter)"),
            "uln": (r"^\d{10}$", "a 10-digit ULN")}
# The facts a return settles for the people it lists (the rest of their record is left alone).
DERIVED = ("ehc_plan", "plan_issued", "last_review", "primary_need", "secondary_need", "assessment_request")


def files_from_zip(data: bytes) -> dict[str, bytes]:
    """The CSV files inside a zip (a whole return in one upload)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            return {n.rsplit("/", 1)[-1]: z.read(n) for n in z.namelist() if n.lower().endswith(".csv")}
    except zipfile.BadZipFile:
        raise ImportRefused([Problem(0, "", "this is not a zip file; upload the return's CSV files, or a zip of them")]) from None


def _match(files: Mapping[str, bytes]) -> tuple[dict[str, tuple[str, bytes]], list[Problem]]:
    """Each module's file, by name (`person.csv`, or a Blade export's `..._person.csv`)."""
    found: dict[str, tuple[str, bytes]] = {}
    problems = []
    for name, data in files.items():
        low = name.lower().rsplit("/", 1)[-1]
        module = next((m for m in MODULES if low == m.file or low.endswith(("_" + m.file, "-" + m.file))), None)
        if module is None:
            if low == "header.csv" or low.endswith("_sen2.csv"):
                found["header"] = (name, data)
                continue
            if low == NOT_EXPORTED_FILE:  # an export's list of who is not in it
                continue
            problems.append(Problem(0, "", f"{name} is not a SEN2 module file (expected "
                                              f"{', '.join(m.file for m in MODULES)})", name))
        elif module.key in found:
            problems.append(Problem(0, "", f"two files for {module.title}: {found[module.key][0]} and {name}", name))
        else:
            found[module.key] = (name, data)
    for m in MODULES:
        if m.key not in found:
            problems.append(Problem(0, "", f"{m.file} is missing: a return needs all eight module files "
                                           "(a module with no rows is a file with only its header)", m.file))
    return found, problems


def _cell(item: Item, value: str, line: int, file: str, problems: list[Problem]):
    """A cell read as its item says; a problem is added when it cannot be."""
    value = value.strip()
    if not value:
        if item.required:
            problems.append(Problem(line, item.name, "is empty; every row needs one", file))
        return None
    try:
        if item.kind == "date":
            try:
                return parse_date(value).isoformat()
            except ValueError:
                raise ValueError(f"{value!r} is not a date (use YYYY-MM-DD or DD/MM/YYYY)") from None
        if item.kind == "bool":
            if value.lower() not in YES | NO:
                raise ValueError(f"{value!r} is not 0 or 1")
            return int(value.lower() in YES)
        if item.kind in ("code", "number"):
            code = value.upper()
            if code not in item.codes:
                raise ValueError(f"{value!r} is not one of the codes {', '.join(item.codes)}")
            return int(code) if item.kind == "number" else code
        if item.kind == "need":
            try:
                return Need(value).value
            except ValueError:
                raise ValueError(f"{value!r} is not a SEN2 2025 need code ({', '.join(item.codes)})") from None
        if item.kind in PATTERNS:
            pattern, words = PATTERNS[item.kind]
            if not re.match(pattern, value.upper()):
                raise ValueError(f"{value!r} is not {words}")
            return value.upper()
    except ValueError as exc:
        problems.append(Problem(line, item.name, str(exc), file))
        return None
    return value


def _read(module: Module, name: str, text: str, problems: list[Problem]) -> list[dict]:
    """The module's rows as {field: value, '_id', '_parent', '_row'}."""
    reader = csv.reader(io.StringIO(text, newline=""))
    raw_header = [h.strip().lower() for h in next(reader, [])]
    names = header_names(module)
    header = [names.get(h, h) for h in raw_header]
    unknown = [h for h in raw_header if h not in names and not ignored(h)]
    missing = [c for c in (module.id_col, module.parent_col) if c and c not in header]
    missing += [i.name for i in module.items if i.required and i.name not in header]
    before = len(problems)
    if unknown:
        problems.append(Problem(1, ", ".join(unknown), f"unknown column; the columns of {module.file} are "
                                                         f"{', '.join(module.columns)}", name))
    if missing:
        problems.append(Problem(1, ", ".join(missing), "required column missing", name))
    if len(set(header)) != len(header):
        problems.append(Problem(1, ", ".join(sorted({h for h in header if header.count(h) > 1})), "column appears twice", name))
    if len(problems) > before:
        return []
    items = {i.name: i for i in module.items}
    rows, seen = [], {}
    for line, values in enumerate(reader, start=2):
        if not any(v.strip() for v in values):
            continue
        if len(values) != len(header):
            problems.append(Problem(line, "", f"has {len(values)} cells but the header has {len(header)}", name))
            continue
        cells = dict(zip(header, values, strict=True))
        row = {"_row": line, "_id": cells[module.id_col].strip(),
               "_parent": cells[module.parent_col].strip() if module.parent_col else None}
        row["_bad"] = set()
        for col, item in items.items():
            n = len(problems)
            row[item.field] = _cell(item, cells.get(col, ""), line, name, problems)
            if len(problems) > n:
                row["_bad"].add(item.field)
        if not row["_id"]:
            problems.append(Problem(line, module.id_col, "is empty; every row needs its own id", name))
        elif row["_id"] in seen:
            problems.append(Problem(line, module.id_col, f"repeats row {seen[row['_id']]} (the same id)", name))
        else:
            seen[row["_id"]] = line
        if module.parent_col and not row["_parent"]:
            problems.append(Problem(line, module.parent_col, "is empty; say which row this one belongs to", name))
        rows.append(row)
    return rows


def _before(a: str | None, b: str | None) -> bool:
    return bool(a and b and a < b)


def _check_rows(m: Module, rows: list[dict], parents: dict[str, dict], name: str, dob_of, problems: list[Problem]) -> None:
    """Links to the parent rows, and the rules between items of a row and its parent."""
    ranks: dict[tuple, int] = {}
    for r in rows:
        line, parent = r["_row"], parents.get(r["_parent"]) if m.parent else None
        if m.parent and r["_parent"] and parent is None:
            problems.append(Problem(line, m.parent_col, f"{r['_parent']!r} is not in {BY_KEY[m.parent].file}", name))
        dob = dob_of(r)
        for item in m.items:
            if item.kind == "date" and _before(r.get(item.field), dob):
                problems.append(Problem(line, item.name, f"{r[item.field]} is before the date of birth ({dob})", name))
        pairs = {"requests": [("outcome_date", "RequestOutcomeDate", "received_date", "ReceivedDate")],
                 "namedplan": [("cease_date", "CeaseDate", "start_date", "StartDate")],
                 "placementdetail": [("leaving_date", "LeavingDate", "entry_date", "EntryDate")],
                 "activeplans": [("review_decision", "LastReview", "review_meeting", "ReviewMeeting")]}
        for late, late_col, early, early_col in pairs.get(m.key, ()):
            if _before(r.get(late), r.get(early)):
                problems.append(Problem(line, late_col, f"{r[late]} is before {early_col} ({r[early]})", name))
        if m.key == "assessment" and parent and _before(r.get("outcome_date"), parent["received_date"]):
            problems.append(Problem(line, "AssessmentOutcomeDate", f"{r['outcome_date']} is before the request "
                                    f"was received ({parent['received_date']})", name))
        if m.key == "namedplan" and (r["cease_date"] is None) != (r["cease_reason"] is None) \
                and not {"cease_date", "cease_reason"} & r["_bad"]:
            col = "CeaseReason" if r["cease_date"] else "CeaseDate"
            problems.append(Problem(line, col, "a ceased plan needs both CeaseDate and CeaseReason", name))
        if m.key == "activeplans" and r["review_outcome"] and not r["review_meeting"]:
            problems.append(Problem(line, "ReviewOutcome", "a review decision needs the ReviewMeeting date", name))
        if m.key in ("plandetail", "placementdetail") and not (r["urn"] or r["ukprn"] or r["sen_setting"]):
            problems.append(Problem(line, "URN", "give the setting's URN, its UKPRN or a SENsetting code", name))
        if m.key == "senneed" and r["sen_type"]:
            _once(ranks, (r["_parent"], r["sen_type"]), line, problems, Problem(
                line, "SENtype", f"{r['sen_type']} is already given for {r['_parent']} on row {{}}", name))
        rank = r.get("rank") if m.key == "senneed" else r.get("placement_rank")
        if rank == 1:
            col = "SENtypeRank" if m.key == "senneed" else "PlacementRank"
            _once(ranks, (r["_parent"], 1), line, problems, Problem(
                line, col, f"{r['_parent']} already has a rank 1 (primary) on row {{}}", name))


def _once(seen: dict, key: tuple, line: int, problems: list[Problem], problem: Problem) -> None:
    if key in seen:
        problems.append(Problem(problem.row, problem.column, problem.message.format(seen[key]), problem.file))
    seen.setdefault(key, line)


def derive_facts(record: Mapping[str, list[dict]]) -> dict:
    """The facts of the person record a SEN2 record settles (`DERIVED`): whether there is an EHC
    plan (an active plan, or a plan issued and not ceased), the date it was first issued, the
    last annual review meeting, the primary and secondary need (ranks 1 and 2) and the latest
    request for an assessment. A fact the return is silent on is left out, so the record keeps it."""
    named, active = record["sen2_named_plans"], record["sen2_active_plans"]
    facts: dict = {}
    ehc = bool(active) or any(not p["cease_date"] for p in named)
    if named or active or record["sen2_requests"]:
        facts["ehc_plan"] = int(ehc)
    if not ehc and (named or active or record["sen2_requests"]):
        facts["plan_issued"] = facts["last_review"] = None
    if ehc:
        open_named = sorted(p["start_date"] for p in named if not p["cease_date"])
        if open_named:
            facts["plan_issued"] = open_named[0]
        meetings = sorted(a["review_meeting"] for a in active if a["review_meeting"])
        if meetings:
            facts["last_review"] = meetings[-1]
    needs = sorted(record["sen2_needs"], key=lambda n: (n["rank"], n["id"]))
    if needs:
        facts["primary_need"] = next((n["sen_type"] for n in needs if n["rank"] == 1), None)
        facts["secondary_need"] = next((n["sen_type"] for n in needs if n["rank"] == 2), None)
    received = sorted(r["received_date"] for r in record["sen2_requests"])
    if received:
        facts["assessment_request"] = received[-1]
    return facts


def _strip(row: dict, module: Module) -> dict:
    out = {"id": row["_id"]} if module.key != "person" else {}
    parent_field = {"requests": None, "assessment": "request_id", "namedplan": "assessment_id",
                    "plandetail": "named_plan_id", "activeplans": "request_id", "placementdetail": "active_plan_id",
                    "senneed": "active_plan_id"}.get(module.key)
    if parent_field:
        out[parent_field] = row["_parent"]
    out.update({i.field: row[i.field] for i in module.items})
    return out


def check(db, files: Mapping[str, bytes], area: str, *, encoding: str | None = None,
          progress: Progress | None = None) -> tuple[list[tuple[dict, dict]], list[Problem]]:
    """Every person of the return as (people row, SEN2 record), and every problem found; nothing
    is written."""
    found, problems = _match(files)
    rows: dict[str, list[dict]] = {}
    for m in MODULES:
        if m.key in found:
            name, data = found[m.key]
            try:
                rows[m.key] = _read(m, name, decode(data, encoding), problems)
            except ImportRefused as refused:
                problems += [Problem(p.row, p.column, p.message, name) for p in refused.problems]
    if "header" in found:
        _check_header(*found["header"], encoding, problems)
    if any(p.row <= 1 for p in problems):  # a file or a header is wrong: its rows were not read
        return [], problems
    by_id = {k: {r["_id"]: r for r in v} for k, v in rows.items()}
    person_of: dict[tuple[str, str], str] = {}  # (module, row id) -> person id

    def owner(m: Module, r: dict) -> str | None:
        if m.parent is None:
            return r["_id"]
        return person_of.get((m.parent, r["_parent"]))

    for m in MODULES:
        parents = by_id.get(m.parent, {}) if m.parent else {}
        for r in rows[m.key]:
            pid = owner(m, r)
            if pid is not None:
                person_of[(m.key, r["_id"])] = pid
        dob = lambda r, m=m: (by_id["person"].get(owner(m, r) or "") or {}).get("dob")  # noqa: E731
        _check_rows(m, rows[m.key], parents, found[m.key][0], dob, problems)
    active_of: dict[str, int] = {}
    for r in rows["activeplans"]:
        pid = person_of.get(("activeplans", r["_id"]))
        if pid in active_of:
            problems.append(Problem(r["_row"], "ActivePlanID", f"person {pid} already has an active plan "
                                    f"(row {active_of[pid]}); a person has at most one", found["activeplans"][0]))
        active_of.setdefault(pid, r["_row"])
    records: dict[str, dict[str, list[dict]]] = {p: {m.table: [] for m in MODULES} for p in by_id["person"]}
    for m in MODULES:
        for r in rows[m.key]:
            pid = person_of.get((m.key, r["_id"]))
            if pid in records:
                records[pid][m.table].append(_strip(r, m))
    existing = {r["local_id"]: r for r in store.list_people(db, area=area)} if records else {}
    out = []
    for i, (pid, record) in enumerate(records.items()):
        if progress and i % 500 == 0:
            progress(i, len(records), "checking")
        prow = by_id["person"][pid]
        person = record["sen2_persons"][0]
        name = " ".join(x for x in (person.pop("forename"), person.pop("surname")) if x)
        people_row = {"area": area, "local_id": pid, "name": name, "dob": person.pop("dob"),
                      "sex": person.pop("sex"), "ethnicity": person.pop("ethnicity"), "upn": person.pop("upn"),
                      "uln": person.pop("uln"), **derive_facts(record)}
        record["sen2_persons"] = [{"forename": prow["forename"] or "", "surname": prow["surname"] or "", **person}]
        merged = {**(existing.get(pid) or {}), **people_row}
        try:
            checked = Person.model_validate({k: v for k, v in merged.items() if k in Person.model_fields and k != "id"})
        except ValidationError as exc:
            problems.append(Problem(prow["_row"], "PersonID", f"{pid}: " + "; ".join(
                e["msg"].removeprefix("Value error, ") for e in exc.errors()), found["person"][0]))
        else:  # the same bounds as every other import (planner.limits): a person aged 0 to 26, no control characters
            today = dt.date.today()
            bad = [limits.dob_problem(checked.dob, today), limits.text_problem(name, 200),
                   *limits.person_date_problems(checked, today).values()]
            for message in filter(None, bad):
                problems.append(Problem(prow["_row"], "PersonID", f"{pid}: {message}", found["person"][0]))
        out.append((people_row, record))
    return out, problems


def _check_header(name: str, data: bytes, encoding: str | None, problems: list[Problem]) -> None:
    reader = csv.DictReader(io.StringIO(decode(data, encoding), newline=""))
    fields = {(f or "").strip().lower() for f in reader.fieldnames or []}
    unknown = fields - {c.lower() for c in HEADER_COLUMNS}
    if unknown:
        problems.append(Problem(1, ", ".join(sorted(unknown)), "unknown column in the return's header", name))
        return
    for line, row in enumerate(reader, start=2):
        row = {k.strip().lower(): (v or "").strip() for k, v in row.items() if k}
        if row.get("collection", "SEN2").upper() != "SEN2":
            problems.append(Problem(line, "Collection", f"{row['collection']!r} is not SEN2", name))


def import_return(db, files: Mapping[str, bytes], *, area: str, by: str = "import", encoding: str | None = None,
                  progress: Progress | None = None) -> dict[str, int]:
    """Check and import a SEN2 return (file name -> bytes): raises ImportRefused with every
    problem (nothing written), or writes it all in one transaction and returns counts."""
    people, problems = check(db, files, area, encoding=encoding, progress=progress)
    if problems:
        raise ImportRefused(problems)
    counts: dict[str, int] = defaultdict(int)
    with db.atomic():
        counts.update(store.upsert_people(db, [p for p, _ in people], by=by))
        for i, (row, record) in enumerate(people):
            if progress and i % 500 == 0:
                progress(i, len(people), "writing")
            changed = store.replace_sen2(db, store.person_id_for(area, row["local_id"]), record)
            counts["SEN2 records changed"] += int(changed)
        store.audit(db, by, "import SEN2", None, f"{len(people)} people; " +
                    ", ".join(f"{k} {v}" for k, v in counts.items()))
    if progress:
        progress(len(people), len(people), "done")
    return dict(counts)


def export_return(db, area: str, *, reference_date: dt.date | None = None, lea: str = "",
                  by: str = "admin") -> dict[str, str]:
    """The area's SEN2 return as one CSV text per module (file name -> text), from the record:
    the SEN2 rows stored for each person, and for someone with an EHC plan or a request but no
    SEN2 rows, the modules their record gives (`record_modules`). Audited."""
    tables, left_out = area_modules(db, area)
    out = {}
    for m in MODULES:
        out[m.file] = _csv([m.columns, *(["" if v is None else v for v in row] for row in tables[m.table])])
    ref = reference_date or dt.date.today()
    out["header.csv"] = _csv([HEADER_COLUMNS, ["SEN2", ref.year, ref.isoformat(), "L", lea, "", "", "",
                                               f"{dt.datetime.now():%Y-%m-%dT%H:%M:%S}"]])
    if left_out:
        out[NOT_EXPORTED_FILE] = _csv([("PersonID", "Why not in this return"), *left_out])
    store.audit(db, by, "export SEN2", None, f"{area}: {len(tables['sen2_persons'])} people, {len(left_out)} left out")
    return out


def _csv(rows) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerows([[safe_cell(v) for v in row] for row in rows])
    return buf.getvalue()
