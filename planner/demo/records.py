"""The statutory record behind each synthetic plan: SEN2 modules and Care Act assessments.

For every generated person with an EHC plan: the request and assessment that led to the plan
(dates from the person row), the plan and the setting named in it, the active plan with its
last annual review meeting, the decision after it and, around the post-16 transfer, the
phase-transfer deadline and the date the amended plan was finalised; their needs by rank. For
people who left children's social care at 18: whether and when a Care Act transition
assessment was done. Shares are rules of thumb marked [A] (assumed), chosen so that the
evidence pack (planner.exchange.returns) has something to find: most on time, some late.

Each person draws from their own random stream (`<id>-record`), so this adds to an area
without changing anything else the generator makes.
"""

from __future__ import annotations

import datetime as dt
import random

from planner import schoolyear as sy

DAY = dt.timedelta(days=1)
SCHOOLS = {"Mainstream school", "State special school", "Independent special school", "Alternative provision"}
COLLEGES = {"FE college", "Specialist post-16 institution", "Other training provider"}
SETTING_CODES = {"EOTAS": "OLA", "Elective home education": "EHE", "NEET": "NEET"}


def _setting(row: dict, rng: random.Random, n: int) -> dict:
    """A synthetic URN (9xxxxx: no real school) or UKPRN (1999xxxx), or a SENsetting code."""
    setting = row.get("setting") or ""
    if setting in SCHOOLS:
        return {"urn": f"9{n % 100000:05d}" if rng.random() < 0.5 else f"9{rng.randrange(100, 400):05d}"}
    if setting in COLLEGES:
        return {"ukprn": f"1999{rng.randrange(10, 60):04d}"}
    return {"sen_setting": SETTING_CODES.get(setting, "NIEO")}


def _plan_records(row: dict, snapshot: dt.date, n: int) -> dict[str, list[dict]]:
    rng = random.Random(f"{row['id']}-record")
    pid, lid = row["id"], row["local_id"]
    dob = dt.date.fromisoformat(row["dob"])
    issued = dt.date.fromisoformat(row["plan_issued"])
    received = dt.date.fromisoformat(row["assessment_request"])
    out: dict[str, list[dict]] = {t: [] for t in ("sen2_persons", "sen2_requests", "sen2_assessments",
                                                  "sen2_named_plans", "sen2_plan_details", "sen2_active_plans",
                                                  "sen2_placements", "sen2_needs")}
    forename, _, surname = row["name"].partition(" ")
    out["sen2_persons"].append({"person_id": pid, "forename": forename, "surname": surname,
                                "postcode": f"EA{1 + n % 9} {n % 10}{'ABDEFGHJLN'[n % 10]}{'PQRSTUWXYZ'[n // 10 % 10]}",
                                "upn_unknown": None})
    request, assessment, plan = f"{lid}-R1", f"{lid}-A1", f"{lid}-P1"
    decided = min(received + rng.randint(30, 50) * DAY, issued)  # decision to assess: 6 weeks (reg 5) [A]
    out["sen2_requests"].append({"person_id": pid, "id": request, "received_date": received.isoformat(),
                                 "request_source": rng.choices("12345", (45, 35, 10, 5, 5))[0], "rya": 0,
                                 "outcome_date": decided.isoformat(), "outcome": None, "mediation": 0,
                                 "tribunal": 0, "exported": None})
    late = (issued - received).days > 140
    out["sen2_assessments"].append({"person_id": pid, "id": assessment, "request_id": request, "outcome": None,
                                    "outcome_date": issued.isoformat(), "mediation": 0, "tribunal": 0,
                                    "other_mediation": 0, "other_tribunal": 0,
                                    "week20": int(late and rng.random() < 0.15)})  # exceptions (reg 13(3)) [A]
    out["sen2_named_plans"].append({"person_id": pid, "id": f"{lid}-N1", "assessment_id": assessment,
                                    "start_date": issued.isoformat(), "plan_res": None, "plan_wbp": None,
                                    "pb": int(rng.random() < 0.1), "oa": 0, "dp": 0, "cease_date": None,
                                    "cease_reason": None})
    where = _setting(row, rng, n)
    out["sen2_plan_details"].append({"person_id": pid, "id": f"{lid}-D1", "named_plan_id": f"{lid}-N1",
                                     "urn": where.get("urn"), "ukprn": where.get("ukprn"),
                                     "sen_setting": where.get("sen_setting"), "sen_setting_other": None,
                                     "placement_rank": 1, "sen_unit": 0, "resourced_provision": 0})
    meeting = row["last_review"]
    decision = outcome = None
    if meeting:
        held = dt.date.fromisoformat(meeting)
        weeks = rng.choices((2, 3, 4, 6, 9), (25, 30, 20, 15, 10))[0]  # about 75% within 4 weeks [A]
        if held + weeks * 7 * DAY <= snapshot:
            decision = (held + (weeks * 7 - rng.randint(0, 6)) * DAY).isoformat()
            outcome = rng.choices("MAC", (70, 28, 2))[0]
    due = final = None
    transfer = sy.post16_transfer(dob)
    if snapshot.year - 3 <= transfer.year <= snapshot.year:  # the last three transfers and the next
        deadline = sy.phase_transfer_deadline(dob)  # reg 18(1)(a): 31 March
    elif sy.age_on(dob, snapshot) == 14 and rng.random() < 0.05:  # a middle-to-upper school move [A]
        deadline = dt.date(snapshot.year - 1, 2, 15)  # reg 18(1)(b): 15 February
    else:
        deadline = None
    if deadline:
        due = deadline.isoformat()
        r = rng.random()
        if r < 0.72:  # finalised in time [A]
            day = deadline - rng.randint(0, 80) * DAY
        elif r < 0.94:  # late [A]
            day = deadline + rng.randint(1, 120) * DAY
        else:
            day = None
        final = day.isoformat() if day and day <= snapshot else None
    out["sen2_active_plans"].append({"person_id": pid, "id": plan, "request_id": request, "transfer_la": None,
                                     "review_meeting": meeting, "review_outcome": outcome,
                                     "review_decision": decision, "review_draft": None,
                                     "phase_transfer_due": due, "phase_transfer_final": final})
    out["sen2_placements"].append({"person_id": pid, "id": f"{lid}-L1", "active_plan_id": plan,
                                   "urn": where.get("urn"), "ukprn": where.get("ukprn"),
                                   "sen_setting": where.get("sen_setting"), "sen_setting_other": None,
                                   "placement_rank": 1, "entry_date": None, "leaving_date": None, "res": None,
                                   "wbp": None, "sen_unit": 0, "resourced_provision": 0})
    for rank, need in ((1, row["primary_need"]), (2, row["secondary_need"])):
        if need:
            out["sen2_needs"].append({"person_id": pid, "id": f"{lid}-S{rank}", "active_plan_id": plan,
                                      "sen_type": need, "rank": rank})
    return out


def care_act_events(row: dict, episodes: list[dict], snapshot: dt.date, stamp: str) -> list[dict]:
    """A Care Act transition assessment for someone whose children's social care ended at 18:
    about 60% before the 18th birthday, 25% after it, 15% none yet [A]."""
    dob = dt.date.fromisoformat(row["dob"])
    b18 = sy.anniversary(dob, 18)
    end = sy.day_before_birthday(dob, 18).isoformat()
    left = any(e["service_id"] in ("childrens_social_care", "short_breaks") and e["end"] == end
               and end < snapshot.isoformat() for e in episodes)
    if not left:
        return []
    rng = random.Random(f"{row['id']}-care-act")
    r = rng.random()
    if r < 0.60:
        day = b18 - rng.randint(7, 180) * DAY
    elif r < 0.85:
        day = b18 + rng.randint(0, 150) * DAY
    else:
        return []
    if day > snapshot:
        return []
    return [{"person_id": row["id"], "kind": "assessment_done", "date": day.isoformat(),
             "service_id": "adult_social_care", "step_id": None, "note": "Care Act transition assessment (s.58)",
             "recorded_by": row.get("worker") or "demo", "recorded_at": stamp}]


def for_people(people: list[dict], episodes: list[dict], snapshot: dt.date, stamp: str,
               start: int = 0) -> dict[str, list[dict]]:
    """SEN2 rows (by table) and events for a chunk of generated people."""
    by_person: dict[str, list[dict]] = {}
    for e in episodes:
        by_person.setdefault(e["person_id"], []).append(e)
    out: dict[str, list[dict]] = {"events": []}
    for i, row in enumerate(people):
        if row["ehc_plan"] and row["plan_issued"] and row["assessment_request"]:
            for table, rows in _plan_records(row, snapshot, start + i).items():
                out.setdefault(table, []).extend(rows)
        out["events"] += care_act_events(row, by_person.get(row["id"], []), snapshot, stamp)
    return out
