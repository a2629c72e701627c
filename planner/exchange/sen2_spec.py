"""The SEN2 person-level return as the DfE specifies it: its modules, their items and code lists.

Sources (see the README, "The SEN2 return"): the DfE *SEN person level survey 2025: guide*
(v1.4) and *Special educational needs survey guide 2026*, read through the code lists that
open tools quote from them item by item. One CSV file per module, named as COLLECT's "Blade"
export names them (`person.csv`, `requests.csv`, ...); the columns are the XML element names,
read in any case, plus an id for each row and its parent's id (`PersonID`, `RequestID`, ...).
A COLLECT Blade export's own column names (`persontableid`, `rquestsource`...) are read as
aliases and its bookkeeping columns ignored.
"""

from __future__ import annotations

from dataclasses import dataclass

from planner.models import Need

# Item 4.6: why an EHC plan ceased.
CEASE_REASONS: dict[int, str] = {
    1: "Reached maximum age", 2: "Needs met without an EHC plan (ongoing education or training)",
    3: "Moved on to higher education", 4: "Moved on to paid employment (not an apprenticeship)",
    5: "Transferred to another local authority in England",
    6: "No longer wishes to engage in education or training", 7: "Moved outside England", 8: "Deceased",
    9: "Other",
}
# Item 5.5: the local authority's decision after the annual review meeting.
REVIEW_OUTCOMES = {"A": "amend the EHC plan", "C": "cease the EHC plan", "M": "maintain the EHC plan"}
RESIDENTIAL = {"A": "residential 38 to 51 weeks", "B": "residential 52 weeks"}
# Item 2.x (2026): who asked for the EHC needs assessment.
REQUEST_SOURCES = {"1": "young person or parent", "2": "school or other education setting",
                   "3": "health care professional", "4": "social care professional", "5": "other"}
# Items 4.7c and 5.7c: a setting with no URN or UKPRN.
SEN_SETTINGS = {
    "OLA": "other arrangements by the local authority (s.61, EOTAS)",
    "OPA": "other arrangements by parents or the young person (s.42(5)), not home education",
    "EHE": "elective home education", "EYP": "early years provider with no URN",
    "OTH": "other: type of setting named but no setting", "NEET": "not in education, employment or training (16-25)",
    "NIEC": "not in education or training: notice to cease issued", "NIEO": "not in education or training: other",
}
SEXES = {"M": "male", "F": "female"}


@dataclass(frozen=True)
class Item:
    """One column: its CSV name (the XML element), the store column, and how to read it.

    kinds: text, date, bool (0/1), code (one of `codes`), number (one of `codes`, stored as an
    integer), need (a SEN2 need code), urn (6 digits), ukprn (8 digits from 1), la (3 digits),
    upn, uln."""

    name: str
    field: str
    kind: str = "text"
    required: bool = False
    codes: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Module:
    key: str
    file: str
    table: str
    title: str
    id_col: str
    parent: str | None
    parent_col: str | None
    items: tuple[Item, ...]

    @property
    def columns(self) -> tuple[str, ...]:
        """The header the export writes: the row's id, its parent's id, then the items."""
        return (self.id_col, *((self.parent_col,) if self.parent_col else ()), *(i.name for i in self.items))


_SETTING = (Item("URN", "urn", "urn"), Item("UKPRN", "ukprn", "ukprn"),
            Item("SENsetting", "sen_setting", "code", codes=tuple(SEN_SETTINGS), aliases=("SENSetting",)),
            Item("SENsettingOther", "sen_setting_other", aliases=("SENSettingOther",)),
            Item("PlacementRank", "placement_rank", "number", codes=("1", "2")))
_INDICATORS = (Item("SENunitIndicator", "sen_unit", "bool"),
               Item("ResourcedProvisionIndicator", "resourced_provision", "bool"))

MODULES: tuple[Module, ...] = (
    Module("person", "person.csv", "sen2_persons", "Person (module 1)", "PersonID", None, None, (
        Item("Surname", "surname"), Item("Forename", "forename"),
        Item("PersonBirthDate", "dob", "date", required=True), Item("Sex", "sex", "code", codes=tuple(SEXES)),
        Item("Ethnicity", "ethnicity"), Item("PostCode", "postcode"), Item("UPN", "upn", "upn"),
        Item("UniqueLearnerNumber", "uln", "uln"), Item("UPNunknown", "upn_unknown"))),
    Module("requests", "requests.csv", "sen2_requests", "Requests for an EHC needs assessment (module 2)",
           "RequestID", "person", "PersonID", (
        Item("ReceivedDate", "received_date", "date", required=True),
        Item("RequestSource", "request_source", "code", codes=tuple(REQUEST_SOURCES), aliases=("rquestsource",)),
        Item("RYA", "rya", "bool"), Item("RequestOutcomeDate", "outcome_date", "date"),
        Item("RequestOutcome", "outcome"), Item("RequestMediation", "mediation", "bool"),
        Item("RequestTribunal", "tribunal", "bool"), Item("Exported", "exported"))),
    Module("assessment", "assessment.csv", "sen2_assessments", "EHC needs assessments (module 3)",
           "AssessmentID", "requests", "RequestID", (
        Item("AssessmentOutcome", "outcome"), Item("AssessmentOutcomeDate", "outcome_date", "date"),
        Item("AssessmentMediation", "mediation", "bool"), Item("AssessmentTribunal", "tribunal", "bool"),
        Item("OtherMediation", "other_mediation", "bool"), Item("OtherTribunal", "other_tribunal", "bool"),
        Item("Week20", "week20", "bool"))),
    Module("namedplan", "namedplan.csv", "sen2_named_plans", "EHC plans issued (module 4a)",
           "NamedPlanID", "assessment", "AssessmentID", (
        Item("StartDate", "start_date", "date", required=True),
        Item("PlanRes", "plan_res", "code", codes=tuple(RESIDENTIAL)),
        Item("PlanWBP", "plan_wbp", aliases=("PlanWPB",)), Item("PB", "pb", "bool"), Item("OA", "oa", "bool"),
        Item("DP", "dp", "bool"), Item("CeaseDate", "cease_date", "date"),
        Item("CeaseReason", "cease_reason", "number", codes=tuple(str(k) for k in CEASE_REASONS)))),
    Module("plandetail", "plandetail.csv", "sen2_plan_details", "Settings named in the plan (module 4b)",
           "PlanDetailID", "namedplan", "NamedPlanID", (*_SETTING, *_INDICATORS)),
    Module("activeplans", "activeplans.csv", "sen2_active_plans", "EHC plans active at the census (module 5a)",
           "ActivePlanID", "requests", "RequestID", (
        Item("TransferLA", "transfer_la", "la"), Item("ReviewMeeting", "review_meeting", "date"),
        Item("ReviewOutcome", "review_outcome", "code", codes=tuple(REVIEW_OUTCOMES)),
        Item("LastReview", "review_decision", "date"), Item("ReviewDraft", "review_draft", "date"),
        Item("PhaseTransferDueDate", "phase_transfer_due", "date"),
        Item("PhaseTransferFinalDate", "phase_transfer_final", "date"))),
    Module("placementdetail", "placementdetail.csv", "sen2_placements", "Settings attended (module 5b)",
           "PlacementDetailID", "activeplans", "ActivePlanID", (
        *_SETTING, Item("EntryDate", "entry_date", "date"), Item("LeavingDate", "leaving_date", "date"),
        Item("RES", "res", "code", codes=tuple(RESIDENTIAL)), Item("WBP", "wbp", aliases=("WPB",)),
        *_INDICATORS)),
    Module("senneed", "senneed.csv", "sen2_needs", "Type of need (module 5c)", "SENneedID", "activeplans",
           "ActivePlanID", (
        Item("SENtype", "sen_type", "need", required=True, codes=tuple(n.value for n in Need)),
        Item("SENtypeRank", "rank", "number", required=True, codes=("1", "2")))),
)
BY_KEY = {m.key: m for m in MODULES}
HEADER_COLUMNS = ("Collection", "Year", "ReferenceDate", "SourceLevel", "LEA", "SoftwareCode", "Release",
                  "SerialNo", "DateTime")

# A COLLECT Blade export: its row ids, and bookkeeping columns to ignore.
BLADE_IDS = {"persontableid": "PersonID", "requeststableid": "RequestID", "assessmenttableid": "AssessmentID",
             "namedplantableid": "NamedPlanID", "plandetailtableid": "PlanDetailID",
             "activeplanstableid": "ActivePlanID", "placementdetailtableid": "PlacementDetailID",
             "senneedtableid": "SENneedID"}
BLADE_IGNORED = ("nativeid", "sourceid", "orderseqcolumn")  # the last one is a suffix: requestsorderseqcolumn


def header_names(module: Module) -> dict[str, str]:
    """Lower-case header -> the column it stands for, aliases included."""
    names = {c.lower(): c for c in module.columns}
    for item in module.items:
        names.update({a.lower(): item.name for a in item.aliases})
    names.update({k: v for k, v in BLADE_IDS.items() if v.lower() in names})
    return names


def ignored(header: str) -> bool:
    return header in BLADE_IGNORED[:2] or header.endswith(BLADE_IGNORED[2])
