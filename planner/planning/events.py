"""What happened: recording an event and what it means for the plan."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from planner import store
from planner.models import StepStatus

STEP_DONE_BY = frozenset({"meeting_held", "referral_made", "referral_accepted", "assessment_done",
                          "decision_made", "adult_service_started"})


FOLLOW_UP_WITHIN = dt.timedelta(weeks=2)

# The handovers whose review meeting is a review of the EHC plan under CFA 2014 s.44: holding it
# starts the next 12-month period (s.44(1)(b)), so its date becomes the person's last review.
EHC_REVIEW_HANDOVERS = frozenset({"annual_review", "school_to_post16", "post16_move", "ehc_plan_ends"})


@dataclass
class Recorded:
    event_id: int
    step_done: str | None = None
    follow_up_step: str | None = None
    message: str = ""


def record_event(db, person_id: str, kind: str, day: dt.date, by: str, *, step_id: str | None = None,
                 service_id: str | None = None, note: str = "", today: dt.date | None = None) -> Recorded:
    """Record what happened and what it means for the plan, in one transaction.

    A meeting held, a referral made or accepted, an assessment or decision done, or the adult
    service started marks its step done (only a recorded event ever does). A meeting held for a
    review of the EHC plan becomes the person's last review, so the next review is counted from
    the day it was actually held (CFA 2014 s.44(1)(b)). A referral refused marks it refused (the handover is at
    risk until a new referral). A "did not attend" after the adult service has started creates a
    follow-up step for the adult team within two weeks (NICE QS140 statement 6: young people who
    do not attend their first appointments after transfer are followed up). `today` (default the
    real date) is the app's date, for the check that an event is not in the future."""
    if day > (today or dt.date.today()) + dt.timedelta(days=1):
        raise ValueError("an event is something that happened: its date cannot be in the future")
    with db.atomic():
        step = None
        if step_id is not None:
            step = next((s for s in store.steps_for(db, person_id) if s["id"] == step_id), None)
            if step is None:
                raise ValueError(f"step {step_id} is not one of this person's steps")
        event_id = store.record_event(db, person_id, kind, day, by, service_id=service_id, step_id=step_id, note=note)
        out = Recorded(event_id=event_id, message="Recorded.")
        if step is not None and kind in STEP_DONE_BY:
            store.update_step(db, step_id, {"status": StepStatus.DONE.value}, expected_version=None, by=by)
            out.step_done, out.message = step_id, f"Recorded, and “{step['title']}” is marked done."
            if kind == "meeting_held" and _is_ehc_review(step):
                _review_held(db, person_id, day, by)
                out.message += " The next annual review is counted from this meeting."
        elif step is not None and kind == "referral_refused":
            store.update_step(db, step_id, {"status": StepStatus.REFUSED.value}, expected_version=None, by=by)
            out.message = "Recorded. The referral was refused: make a new referral or choose another service."
        if kind == "did_not_attend":
            out.follow_up_step = _follow_up_after_dna(db, person_id, day, by, step)
            out.message = ("Recorded. The adult service has started, so a follow-up is planned within two weeks "
                           "(NICE QS140 statement 6)." if out.follow_up_step else
                           "Recorded. Book the appointment again; the step stays in the plan.")
    return out


def _is_ehc_review(step: Mapping) -> bool:
    handover_type = str(step["handover_id"]).split("/", 1)[-1]
    return step.get("kind") == "review" and handover_type in EHC_REVIEW_HANDOVERS


def _review_held(db, person_id: str, day: dt.date, by: str) -> None:
    """The review meeting held on `day` is now the person's last review; the dates recorded after
    the previous meeting (decision, amendments) belong to that one and are cleared."""
    row = store.get_person(db, person_id)
    if row is None or (row.get("last_review") and row["last_review"] >= day.isoformat()):
        return
    store.update_person(db, person_id, {"last_review": day.isoformat(), "review_decision_sent": None,
                                        "amendment_notice_sent": None, "amended_plan_issued": None},
                        expected_version=None, by=by)


def _follow_up_after_dna(db, person_id: str, day: dt.date, by: str, step: Mapping | None) -> str | None:
    """A follow-up step after a missed appointment, if the person's adult service has started."""
    started = [s for s in store.steps_for(db, person_id) if s["kind"] == "transfer" and s["status"] == StepStatus.DONE
               and (step is None or s["handover_id"] == step["handover_id"])]
    if not started:
        return None
    transfer = started[-1]
    sid = f"{transfer['handover_id']}/dna_follow_up/{day.isoformat()}"
    if any(s["id"] == sid for s in store.steps_for(db, person_id)):
        return sid
    start = day + dt.timedelta(days=-day.weekday() % 7)  # the next Monday (the day itself if a Monday)
    store.add_step(db, {
        "id": sid, "handover_id": transfer["handover_id"], "person_id": person_id, "kind": "follow_up",
        "title": "Follow up the missed appointment", "team_id": transfer["team_id"], "duration_weeks": 1,
        "earliest": day.isoformat(), "deadline": (day + FOLLOW_UP_WITHIN).isoformat(),
        "start": start.isoformat(), "end": (start + dt.timedelta(days=6)).isoformat(), "status": "planned",
        "window_start": day.isoformat(),
        "window_end": (day + FOLLOW_UP_WITHIN).isoformat(), "meeting": 0, "uses_capacity": 0, "statutory": 0,
        "after": "", "pinned": 1, "reason": "NICE QS140 statement 6: follow up a missed first appointment after transfer"},
        by)
    return sid
