"""Outcomes after 16: what happened to each young person against the four preparing-for-
adulthood outcomes (planner.models.Outcome), recorded by a worker or by the young person.

Modules: `record` (the outcome record, its vocabularies, the points that matter and their
windows), `checkin` (the young person's "How is it going?" in plain words), `recording`
(storing and reading records), `aims` (what they wanted against what happened, as sentences).
The commissioner's figures built from them are planner.need.outcomes.
"""

from planner.outcomes.aims import AimLine, against  # noqa: F401
from planner.outcomes.checkin import CHOICES, QUESTIONS, CheckIn  # noqa: F401
from planner.outcomes.record import (  # noqa: F401
    EET,
    PAID,
    POINTS,
    SOURCES,
    Activity,
    AimAnswer,
    CeaseReason,
    Going,
    Living,
    OutcomeRecord,
    Point,
    cohort,
    point_date,
    points_on,
    status_at,
    window,
)
from planner.outcomes.recording import check_in, history, record_outcome  # noqa: F401
