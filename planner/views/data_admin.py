"""The administrator's data page: import (preview with every row's problem, then confirm),
export, subject access (one person's whole record as JSON and as a readable page) and erasure
(after typing the person's id), each audited. The page asks these functions and renders.

Imports are all or nothing: `preview` checks everything and writes nothing; `confirm` checks
again (the file could have changed, or the database) and writes in one transaction, reporting
progress for a large file.
"""

from __future__ import annotations

import datetime as dt
import html
import io
import json
import zipfile
from collections.abc import Callable, Mapping

from pydantic import BaseModel, ConfigDict

from planner import store
from planner.exchange import annex_a, exports, imports, oruk, people_file, returns, sen2
from planner.exchange.imports import ImportRefused

Progress = Callable[[int, int, str], None]
KINDS: dict[str, str] = {
    "people": "People (one CSV file)",
    "episodes": "Services people use: episodes (one CSV file)",
    "teams": "Teams and their capacity (one CSV file)",
    "sen2": "SEN2 return (the eight module CSV files, or a zip of them)",
    "offer": "Local offer (an Open Referral UK JSON file)",
}
EXPORTS: dict[str, str] = {
    "people": "People (CSV)",
    "audit": "Audit log (CSV)",
    "sen2": "SEN2 return (zip of the module CSV files)",
    "annex-a": "Annex A List 1 for an area SEND inspection (CSV; names every young person with a plan)",
    "evidence-pack": "Evidence pack figures, disclosure-controlled (CSV, may be published)",
}
PREVIEW_ROWS = 20


class Preview(BaseModel):
    """What an upload would import: the first rows, or every problem (nothing is written)."""

    model_config = ConfigDict(extra="forbid")

    kind: str
    ok: bool
    rows: int
    columns: list[str]
    sample: list[dict]
    problems: list[str]
    notes: list[str] = []

    @property
    def summary(self) -> str:
        if self.ok:
            return f"{self.rows} rows are ready to import. Nothing has been written yet."
        n = len(self.problems)
        return (f"{n} problem{'s' if n != 1 else ''} found, so nothing can be imported. Correct the file and "
                "upload it again.")


class Download(BaseModel):
    model_config = ConfigDict(extra="forbid")

    file_name: str
    data: bytes
    mime: str
    description: str


def _person_text(files: Mapping[str, bytes]) -> bytes:
    if len(files) != 1:
        raise ImportRefused([imports.Problem(0, "", f"upload one CSV file, not {len(files)}")])
    return next(iter(files.values()))


def _sen2_files(files: Mapping[str, bytes]) -> dict[str, bytes]:
    if len(files) == 1 and next(iter(files)).lower().endswith(".zip"):
        return sen2.files_from_zip(next(iter(files.values())))
    return dict(files)


def preview(db, kind: str, files: Mapping[str, bytes], area: str, encoding: str | None = None) -> Preview:
    """Check an upload (file name -> bytes) without writing anything."""
    try:
        if kind in imports.SPECS:
            rows, problems = imports.check(db, kind, imports.decode(_person_text(files), encoding), area)
            notes: list[str] = []
        elif kind == "sen2":
            people, problems = sen2.check(db, _sen2_files(files), area, encoding=encoding)
            rows = [{"PersonID": p["local_id"], "name": p["name"], "dob": p["dob"],
                     "EHC plan": "yes" if p.get("ehc_plan") else "no", "primary need": p.get("primary_need") or "",
                     "SEN2 rows": sum(len(v) for v in record.values())} for p, record in people]
            notes = []
        elif kind == "offer":
            services, notes = oruk.read_feed_bytes(_person_text(files), next(iter(files)))
            rows, quality, problems = oruk.parse(services, area, next(iter(files)))
            notes = [*quality.lines(), *notes]
        else:
            raise ValueError(f"unknown kind {kind!r}")
    except ImportRefused as refused:
        return Preview(kind=kind, ok=False, rows=0, columns=[], sample=[], problems=[str(p) for p in refused.problems])
    sample = [{k: v for k, v in r.items() if not k.startswith("_")} for r in rows[:PREVIEW_ROWS]]
    return Preview(kind=kind, ok=not problems, rows=len(rows), columns=list(sample[0]) if sample else [],
                   sample=sample, problems=[str(p) for p in problems], notes=notes)


def confirm(db, kind: str, files: Mapping[str, bytes], area: str, by: str, encoding: str | None = None,
            progress: Progress | None = None) -> str:
    """Import an upload that previewed cleanly: all or nothing, audited; a sentence of counts.
    Raises ImportRefused when it no longer checks."""
    if kind in imports.SPECS:
        counts = imports.import_data(db, kind, _person_text(files), area=area, by=by, encoding=encoding,
                                     progress=progress, source=next(iter(files)))  # audited there
    elif kind == "sen2":
        counts = sen2.import_return(db, _sen2_files(files), area=area, by=by, encoding=encoding, progress=progress)
    elif kind == "offer":
        name = next(iter(files))
        services, _ = oruk.read_feed_bytes(_person_text(files), name)
        rows, _, problems = oruk.parse(services, area, name)
        if problems:
            raise ImportRefused(problems)
        with db.atomic():
            counts = store.replace_offer(db, area, rows)
            store.audit(db, by, "import local offer", None, f"{area}: {len(rows)} services from {name}")
    else:
        raise ValueError(f"unknown kind {kind!r}")
    return "Imported: " + ", ".join(f"{v} {k}" for k, v in counts.items()) + "."


def export(db, what: str, area: str, by: str, as_of: dt.date) -> Download:
    """One export for an administrator to download; audited."""
    stamp = as_of.isoformat()
    if what == "people":
        text, n = people_file.people_csv(db, area)  # the import's columns: the file imports back unchanged
        store.audit(db, by, "export people", None, f"{area}: {n} rows")
        data = text.encode("utf-8")
        return Download(file_name=f"people-{area}-{stamp}.csv", data=data, mime="text/csv", description=EXPORTS[what])
    if what == "audit":
        rows = store.list_audit(db, limit=10**9)
        store.audit(db, by, "export audit log", None, f"{len(rows)} entries")
        data = exports.to_csv(rows, ("id", "at", "username", "action", "person_id", "detail")).encode("utf-8")
        return Download(file_name=f"audit-log-{stamp}.csv", data=data, mime="text/csv", description=EXPORTS[what])
    if what == "sen2":
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
            for name, text in sen2.export_return(db, area, reference_date=as_of, by=by).items():
                z.writestr(name, text.encode("utf-8"))
        return Download(file_name=f"sen2-{area}-{stamp}.zip", data=buf.getvalue(), mime="application/zip",
                        description=EXPORTS[what])
    if what == "annex-a":
        data = annex_a.list_1_csv(db, area, as_of, by=by).encode("utf-8")
        return Download(file_name=f"annex-a-list-1-{area}-{stamp}.csv", data=data, mime="text/csv",
                        description=EXPORTS[what])
    if what == "evidence-pack":
        text = returns.released_csv(returns.evidence_pack(db, area, as_of))
        store.audit(db, by, "export evidence pack", None, f"{area} as of {stamp}, disclosure-controlled")
        return Download(file_name=f"evidence-pack-{area}-{stamp}.csv", data=("\ufeff" + text).encode("utf-8"),
                        mime="text/csv", description=EXPORTS[what])
    raise ValueError(f"unknown export {what!r}")


def find_people(db, text: str, by: str, limit: int = 20) -> list[dict]:
    """People whose name contains `text`, or whose planner or local id is `text` (id, local id,
    area, name, date of birth); the search is audited with its count, never who was found."""
    text = text.strip()
    if not text:
        return []
    found = {p["id"]: p for p in store.list_people(db, name_like=text, limit=limit)}
    person = store.get_person(db, text)
    if person:
        found.setdefault(person["id"], person)
    for area in store.areas(db):
        hit = store.local_ids(db, area).get(text)
        if hit:
            found.setdefault(hit, store.get_person(db, hit))
    store.audit(db, by, "search people", None, f"{len(found)} found")
    return [{"id": p["id"], "local id": p["local_id"], "area": p["area"], "name": p["name"], "date of birth": p["dob"]}
            for p in list(found.values())[:limit]]


class SubjectAccess(BaseModel):
    model_config = ConfigDict(extra="forbid")

    person_id: str
    json_text: str
    html_text: str

    @property
    def file_stem(self) -> str:
        return f"subject-access-{self.person_id}"


def subject_access(db, person_id: str, by: str) -> SubjectAccess:
    """Everything the planner holds about one person, as JSON and as a page to read; audited
    once (KeyError when there is no such person)."""
    text = exports.subject_access_json(db, person_id, by)
    return SubjectAccess(person_id=person_id, json_text=text, html_text=record_html(json.loads(text)))


def _cell(value) -> str:
    return "" if value is None else html.escape(str(value))


def record_html(record: Mapping[str, object]) -> str:
    """A person's whole record as a plain HTML page: the person first, then each kind of record
    with its rows, in words a reader can follow."""
    person = record.get("person") or {}
    name = _cell(person.get("name")) or _cell(person.get("id"))
    parts = [f"<!doctype html><html lang='en'><head><meta charset='utf-8'><title>Your record: {name}</title>",
             "<style>body{font-family:sans-serif;max-width:60rem;margin:2rem auto;line-height:1.5}"
             "table{border-collapse:collapse;margin-bottom:1.5rem}th,td{border:1px solid #777;padding:.3rem .5rem;"
             "text-align:left;vertical-align:top}</style></head><body>",
             f"<h1>Everything the transition planner holds about {name}</h1>",
             f"<p>Made on {dt.date.today():%-d %B %Y} in answer to a subject access request. Each section is one "
             "kind of record; an empty section says so.</p>",
             "<h2>Your details</h2><table>"]
    parts += [f"<tr><th scope='row'>{_cell(k)}</th><td>{_cell(v)}</td></tr>" for k, v in person.items()]
    parts.append("</table>")
    for section, rows in record.items():
        if section == "person":
            continue
        parts.append(f"<h2>{_cell(section.replace('_', ' ').capitalize())}</h2>")
        rows = rows if isinstance(rows, list) else []
        if not rows:
            parts.append("<p>Nothing held.</p>")
            continue
        cols = list(dict.fromkeys(k for r in rows for k in r))
        parts.append("<table><tr>" + "".join(f"<th scope='col'>{_cell(c)}</th>" for c in cols) + "</tr>")
        parts += ["<tr>" + "".join(f"<td>{_cell(r.get(c))}</td>" for c in cols) + "</tr>" for r in rows]
        parts.append("</table>")
    parts.append("</body></html>")
    return "\n".join(parts)


class ErasurePreview(BaseModel):
    model_config = ConfigDict(extra="forbid")

    person_id: str
    name: str
    rows: dict[str, int]

    @property
    def sentence(self) -> str:
        held = ", ".join(f"{n} {t.replace('_', ' ')}" for t, n in self.rows.items() if n)
        return (f"Erasing {self.name or self.person_id} ({self.person_id}) removes their record and everything "
                f"about them: {held or 'no other rows'}. This cannot be undone.")


def erasure_preview(db, person_id: str) -> ErasurePreview:
    """What erasing a person would remove (nothing is removed); KeyError if there is no such person."""
    record = store.person_record(db, person_id)
    if record is None:
        raise KeyError(f"there is no person {person_id}")
    rows = {k: len(v) for k, v in record.items() if isinstance(v, list) and k not in ("audit_log", "accounts")}
    return ErasurePreview(person_id=person_id, name=record["person"].get("name") or "", rows=rows)


def erase(db, person_id: str, typed: str, by: str, reason: str) -> str:
    """Erase a person once the administrator has typed their id to confirm; audited (who, when,
    why and how many rows, never the person's data)."""
    if typed.strip() != person_id:
        raise ValueError(f"to confirm, type the person's id exactly: {person_id}")
    if not reason.strip():
        raise ValueError("say why this record is being erased (for example: the person asked, under UK GDPR article 17)")
    counts = exports.erase_person(db, person_id, by, reason.strip())
    return f"Erased {person_id}: " + ", ".join(f"{n} {t.replace('_', ' ')}" for t, n in counts.items() if n) + "."
