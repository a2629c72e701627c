"""The record as SEN2 modules: what an export writes for each person of an area.

Someone whose SEN2 rows are stored gets those rows (with the person module's name, sex,
ethnicity, UPN and ULN read from the record, so a correction made in the planner is exported).
Someone with an EHC plan or an assessment request but no SEN2 rows (imported as people, not as
a return) gets the modules their record gives: the request on `assessment_request`, an
assessment and a plan issued on `plan_issued`, the active plan with the last review meeting,
and their primary and secondary need. Such a person without the date of the request cannot be
in a return (SEN2 needs `ReceivedDate`); they are listed in `NOT_EXPORTED_FILE` instead.
"""

from __future__ import annotations

from planner import store
from planner.exchange.sen2_spec import MODULES, Module

NOT_EXPORTED_FILE = "not-in-this-return.csv"
_PARENT_FIELD = {"requests": "local_id", "assessment": "request_id", "namedplan": "assessment_id",
                 "plandetail": "named_plan_id", "activeplans": "request_id", "placementdetail": "active_plan_id",
                 "senneed": "active_plan_id"}


def split_name(name: str) -> tuple[str, str]:
    """(forename, surname) of a name held whole: the last word is the surname."""
    first, _, last = (name or "").strip().rpartition(" ")
    return (first, last) if first else (last, "")


def _person_line(m: Module, person: dict, stored: dict | None) -> list:
    forename, surname = split_name(person["name"])
    if stored and " ".join(x for x in (stored["forename"], stored["surname"]) if x) == person["name"]:
        forename, surname = stored["forename"], stored["surname"]
    values = {"surname": surname, "forename": forename, "dob": person["dob"], "sex": person["sex"],
              "ethnicity": person["ethnicity"], "upn": person["upn"], "uln": person["uln"],
              "postcode": (stored or {}).get("postcode"), "upn_unknown": (stored or {}).get("upn_unknown")}
    return [person["local_id"], *(values[i.field] for i in m.items)]


def record_modules(person: dict) -> dict[str, list[dict]] | None:
    """The SEN2 rows (by table, without person_id) a person record gives; None when the record
    lacks the date of the request an EHC plan or assessment needs."""
    lid = person["local_id"]
    if not person["assessment_request"]:
        return None
    out: dict[str, list[dict]] = {m.table: [] for m in MODULES}
    request = f"{lid}-R1"
    out["sen2_requests"].append({"id": request, "received_date": person["assessment_request"]})
    if person["plan_issued"]:
        out["sen2_assessments"].append({"id": f"{lid}-A1", "request_id": request, "outcome_date": person["plan_issued"]})
        out["sen2_named_plans"].append({"id": f"{lid}-N1", "assessment_id": f"{lid}-A1",
                                        "start_date": person["plan_issued"]})
    if person["ehc_plan"]:
        plan = f"{lid}-P1"
        out["sen2_active_plans"].append({"id": plan, "request_id": request, "review_meeting": person["last_review"]})
        for rank, need in ((1, person["primary_need"]), (2, person["secondary_need"])):
            if need and (rank == 1 or need != person["primary_need"]):
                out["sen2_needs"].append({"id": f"{lid}-S{rank}", "active_plan_id": plan, "sen_type": need,
                                          "rank": rank})
    return out


def area_modules(db, area: str) -> tuple[dict[str, list[list]], list[tuple[str, str]]]:
    """Every module's rows (as CSV lines in the module's column order) for the area, and the
    people left out with the reason."""
    people = {p["local_id"]: p for p in store.list_people(db, area=area)}
    with_sen2 = {pid for pid in store.people_with_sen2(db, area)}
    stored = {m.table: store.area_sen2_rows(db, area, m.table) for m in MODULES}
    persons = {r["local_id"]: r for r in stored["sen2_persons"]}
    lines: dict[str, list[list]] = {m.table: [] for m in MODULES}
    left_out: list[tuple[str, str]] = []
    derived: dict[str, dict[str, list[dict]]] = {}
    for lid, p in people.items():
        if p["id"] in with_sen2 or not (p["ehc_plan"] or p["assessment_request"]):
            continue
        rows = record_modules(p)
        if rows is None:
            left_out.append((lid, "no date the EHC needs assessment was requested (assessment_request)"))
        else:
            derived[lid] = rows
    exported = sorted({*(people[lid]["local_id"] for lid in persons if lid in people), *derived})
    for m in MODULES:
        if m.key == "person":
            lines[m.table] = [_person_line(m, people[lid], persons.get(lid)) for lid in exported]
            continue
        rows = [dict(r) for r in stored[m.table]]
        for lid in sorted(derived):
            rows += [{"local_id": lid, **r} for r in derived[lid][m.table]]
        rows.sort(key=lambda r: (r["local_id"], r["id"]))
        for r in rows:
            lines[m.table].append([r["id"], r[_PARENT_FIELD[m.key]], *(r.get(i.field) for i in m.items)])
    return lines, left_out
