"""Annex A List 1 of an Ofsted/CQC area SEND inspection: every child and young person with an
EHC plan the local authority is responsible for, one row each, with the inspection's column
headers exactly.

The headers and the dropdown texts are those of the Annex A template as two independent public
tools built to it reproduce it (Data to Insight's Annex A SEN validator and its SSD Annex A
query, 2024-2025); the template itself was not available to check against, so confirm with the
council's copy before a submission. What the planner does not hold is left blank and said so:
suspensions, permanent exclusions, absence and pupil premium (school census data), and
disability where nothing on the record shows it. The planner holds 14 to 25-year-olds only.
"""

from __future__ import annotations

import datetime as dt

from planner import store
from planner.exchange.exports import to_csv
from planner.models import Need
from planner.schoolyear import age_on

# The header row, byte for byte: an EN DASH (U+2013) in the three establishment columns and an
# ASCII apostrophe in the two social-care columns.
LIST_1: tuple[str, ...] = (
    "Unique ID",
    "UPN",
    "ULN",
    "Date of birth",
    "Gender",
    "Ethnicity",
    "Date initial EHC plan issued",
    "Date updated EHC plan issued",
    "Date EHC plan last reviewed",
    "SEN primary need",
    "Main education establishment \u2013 URN",
    "Main education establishment \u2013 phase",
    "Subsidiary education establishment \u2013 phase (dual registration)",
    "Elective home education",
    "Suspensions",
    "Permanent exclusions",
    "Absence",
    "Pupil Premium",
    "Known to children's social care?",
    "Which children's social care team?",
    "Does the child or young person have a disability?",
)
NOT_HELD = ("Suspensions", "Permanent exclusions", "Absence", "Pupil Premium")
GENDER = {"M": "a) Male", "F": "b) Female", None: "c) Not known"}
YES, NO = "a) Yes", "b) No"
# The template's primary need list has no DS (new in SEN2 2025): Down syndrome is reported as OTH.
NEEDS = ("SPLD", "MLD", "SLD", "PMLD", "SEMH", "SLCN", "HI", "VI", "MSI", "PD", "ASD", "OTH")
NEED_TEXT = {code: f"{chr(ord('a') + i)}) {code}" for i, code in enumerate(NEEDS)} | {"DS": "l) OTH"}
PHASES = {"Mainstream school": "e) Secondary", "State special school": "g) Special",
          "Independent special school": "g) Special",
          "Alternative provision": "h) Pupil referral unit/Alternative provision", "FE college": "i) FE college"}


def _date(text: str | None) -> str:
    return dt.date.fromisoformat(text).strftime("%d/%m/%Y") if text else ""


def _updated(row: dict) -> str | None:
    """The latest plan issued after the first: a phase-transfer plan finalised, or a later plan."""
    later = [d for d in (row["phase_transfer_final"], row["latest_plan"]) if d and d > (row["plan_issued"] or "")]
    return max(later) if later else None


def _team(row: dict) -> str:
    if row["looked_after"]:
        return "Looked after children"
    if row["care_leaver"]:
        return "Leaving care"
    return "Children in need" if row["childrens_social_care"] else ""


def list_1_rows(db, area: str, as_of: dt.date) -> list[dict]:
    """One dict per young person with an EHC plan, keyed by the LIST_1 headers."""
    out = []
    for r in store.returns.annex_a_rows(db, area):
        need = Need(r["primary_need"]).value if r["primary_need"] else None
        known = bool(r["childrens_social_care"] or r["looked_after"] or r["care_leaver"])
        home = r["setting"] == "Elective home education" or r["main_setting_code"] == "EHE"
        values = [
            r["local_id"], r["upn"] or "", r["uln"] or "", _date(r["dob"]), GENDER.get(r["sex"], "c) Not known"),
            r["ethnicity"] or "", _date(r["plan_issued"]), _date(_updated(r)), _date(r["last_review"]),
            NEED_TEXT.get(need, "") if need else "", r["main_urn"] or "",
            PHASES.get(r["setting"] or "", "") if not home else "", "", YES if home else NO,
            "", "", "", "", YES if known else NO, _team(r),
            YES if (r["dla"] or r["ld_register"] or r["continuing_care"]) else "",
        ]
        if values[11] == "e) Secondary" and age_on(dt.date.fromisoformat(r["dob"]), as_of) >= 19:
            values[11] = ""  # a school's sixth form ends at 19: no school phase to report
        out.append(dict(zip(LIST_1, values, strict=True)))
    return out


def list_1_csv(db, area: str, as_of: dt.date, by: str) -> str:
    """Annex A List 1 as CSV (UTF-8 with a byte-order mark, spreadsheet-safe); audited, because
    it names every young person with a plan."""
    rows = list_1_rows(db, area, as_of)
    store.audit(db, by, "export Annex A list 1", None, f"{area}: {len(rows)} young people with an EHC plan")
    return to_csv(rows, LIST_1)
