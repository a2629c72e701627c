"""Read model for the statutory evidence pack (planner.exchange.returns): one SQL query per figure.

Each query is the figure's definition: the README prints them (`planner returns sql`), so a
council's analyst can run the same query on the same database and get the same counts. Every
query takes `:area` and `:as_of` (YYYY-MM-DD) and returns one row per table row: a label and
one count per column, in the order of `COLUMNS`.
"""

from __future__ import annotations

from sqlite_utils import Database

# Within 20 weeks (SEND Regs 2014 reg 13(2)): by the calendar year the plan was issued. A plan
# issued by the request date + 140 days is on time; `Week20` marks the reg 13(3) exceptions.
ASSESSMENTS = """
SELECT substr(n.start_date, 1, 4) AS year,
       sum(n.start_date <= date(r.received_date, '+140 days') AND coalesce(a.week20, 0) = 0) AS within_20_weeks,
       sum(n.start_date > date(r.received_date, '+140 days') AND coalesce(a.week20, 0) = 0) AS over_20_weeks,
       sum(coalesce(a.week20, 0) = 1) AS exceptions
FROM sen2_named_plans n
JOIN sen2_assessments a ON a.person_id = n.person_id AND a.id = n.assessment_id
JOIN sen2_requests r ON r.person_id = a.person_id AND r.id = a.request_id
JOIN people p ON p.id = n.person_id
WHERE p.area = :area AND n.start_date <= :as_of
GROUP BY year ORDER BY year
"""

# Phase transfers (SEND Regs 2014 reg 18): the amended plan finalised by the deadline, 31 March
# for a move from school to a post-16 institution and 15 February otherwise; by the deadline's
# year. The due and final dates are the SEN2 2026 items PhaseTransferDueDate and
# PhaseTransferFinalDate.
PHASE_TRANSFERS = """
SELECT substr(a.phase_transfer_due, 1, 4) || ' (' ||
       CASE substr(a.phase_transfer_due, 6, 5) WHEN '02-15' THEN '15 February' WHEN '03-31' THEN '31 March'
            ELSE 'another date' END || ')' AS year,
       sum(a.phase_transfer_final IS NOT NULL AND a.phase_transfer_final <= a.phase_transfer_due) AS on_time,
       sum(a.phase_transfer_final > a.phase_transfer_due) AS late,
       sum(a.phase_transfer_final IS NULL AND a.phase_transfer_due < :as_of) AS not_finalised,
       sum(a.phase_transfer_final IS NULL AND a.phase_transfer_due >= :as_of) AS not_yet_due
FROM sen2_active_plans a JOIN people p ON p.id = a.person_id
WHERE p.area = :area AND a.phase_transfer_due IS NOT NULL
GROUP BY year ORDER BY year
"""

# Annual reviews (Children and Families Act 2014 s.44; SEND Regs 2014 reg 20): every EHC plan
# reviewed within 12 months of the last review (or of being issued), by age band on `as_of`.
ANNUAL_REVIEWS = """
WITH plans AS (
  SELECT p.*, (CAST(strftime('%Y', :as_of) AS INTEGER) - CAST(strftime('%Y', p.dob) AS INTEGER)
               - (strftime('%m-%d', :as_of) < strftime('%m-%d', p.dob))) AS age
  FROM people p WHERE p.area = :area AND p.ehc_plan = 1
)
SELECT CASE WHEN age < 16 THEN '14-15' WHEN age < 18 THEN '16-17' WHEN age < 20 THEN '18-19'
            ELSE '20-25' END AS age_band,
       sum(last_review IS NOT NULL AND last_review >= date(:as_of, '-12 months') AND last_review <= :as_of) AS within_12_months,
       sum(NOT (last_review IS NOT NULL AND last_review >= date(:as_of, '-12 months') AND last_review <= :as_of)
           AND (plan_issued IS NULL OR plan_issued < date(:as_of, '-12 months'))) AS overdue,
       sum(NOT (last_review IS NOT NULL AND last_review >= date(:as_of, '-12 months') AND last_review <= :as_of)
           AND plan_issued >= date(:as_of, '-12 months')) AS not_yet_due
FROM plans GROUP BY age_band ORDER BY age_band
"""

# The decision after an annual review meeting, notified within 4 weeks of the meeting (SEND
# Regs 2014 reg 20(10); SEND Code 9.176); by the meeting's year. SEN2 items ReviewMeeting and
# LastReview (the decision date).
REVIEW_DECISIONS = """
SELECT substr(a.review_meeting, 1, 4) AS year,
       sum(a.review_decision IS NOT NULL AND a.review_decision <= date(a.review_meeting, '+28 days')) AS within_4_weeks,
       sum(a.review_decision > date(a.review_meeting, '+28 days')) AS later,
       sum(a.review_decision IS NULL AND date(a.review_meeting, '+28 days') < :as_of) AS no_decision,
       sum(a.review_decision IS NULL AND date(a.review_meeting, '+28 days') >= :as_of) AS not_yet_due
FROM sen2_active_plans a JOIN people p ON p.id = a.person_id
WHERE p.area = :area AND a.review_meeting IS NOT NULL AND a.review_meeting <= :as_of
GROUP BY year ORDER BY year
"""

# Care Act 2014 s.58 transition assessments for young people open to children's social care
# (or short breaks) on the day before they turned 18, done before the 18th birthday
# (Care and Support Statutory Guidance ch. 16; rules.md S-1, S-2); by the year they turned 18.
# A 29 February birthday counts as 1 March (rules.md CAL-3), as SQLite's date() gives.
CARE_ACT = """
WITH turned18 AS (
  SELECT DISTINCT p.id, date(p.dob, '+18 years') AS b18
  FROM people p JOIN episodes e ON e.person_id = p.id
  WHERE p.area = :area AND e.service_id IN ('childrens_social_care', 'short_breaks')
    AND e.start <= date(p.dob, '+18 years', '-1 day')
    AND (e."end" IS NULL OR e."end" >= date(p.dob, '+18 years', '-1 day'))
    AND date(p.dob, '+18 years') <= :as_of
), assessed AS (
  SELECT t.id, t.b18, min(ev.date) AS first
  FROM turned18 t LEFT JOIN events ev ON ev.person_id = t.id AND ev.kind = 'assessment_done'
       AND ev.service_id = 'adult_social_care' AND ev.date <= :as_of
  GROUP BY t.id, t.b18
)
SELECT substr(b18, 1, 4) AS year,
       sum(first IS NOT NULL AND first < b18) AS before_18,
       sum(first IS NOT NULL AND first >= b18) AS at_or_after_18,
       sum(first IS NULL) AS not_assessed
FROM assessed GROUP BY year ORDER BY year
"""

# Gaps at 18 in the current plan: handovers whose children's service ends at 18 (on the day
# before the 18th birthday or on it), by children's and adult service, with the weeks between
# the children's service ending and the adult one starting.
GAPS_AT_18 = """
SELECT h.from_service || ' to ' || h.to_service AS service,
       sum(h.gap_weeks = 0) AS no_gap,
       sum(h.gap_weeks BETWEEN 1 AND 4) AS gap_up_to_4_weeks,
       sum(h.gap_weeks > 4) AS gap_over_4_weeks
FROM handovers h JOIN people p ON p.id = h.person_id
WHERE p.area = :area AND h.due IN (date(p.dob, '+18 years', '-1 day'), date(p.dob, '+18 years'))
GROUP BY service ORDER BY service
"""

QUERIES = {"assessments": ASSESSMENTS, "phase-transfer": PHASE_TRANSFERS, "annual-reviews": ANNUAL_REVIEWS,
           "review-decisions": REVIEW_DECISIONS, "care-act": CARE_ACT, "gaps": GAPS_AT_18}


def figure_rows(db: Database, key: str, area: str, as_of: str) -> list[tuple]:
    """The rows of one figure's query: (label, count, count, ...)."""
    return [tuple(0 if v is None else v for v in row)
            for row in db.execute(QUERIES[key], {"area": area, "as_of": as_of}).fetchall()]


def annex_a_rows(db: Database, area: str) -> list[dict]:
    """Everyone of the area with an EHC plan, with the SEN2 facts Annex A List 1 asks for: the
    latest review decision date, the latest finalised phase-transfer plan, and the main (rank 1)
    and subsidiary (rank 2) settings attended."""
    return list(db.query("""
SELECT p.*, a.review_decision, a.phase_transfer_final, a.review_outcome,
       (SELECT max(n.start_date) FROM sen2_named_plans n WHERE n.person_id = p.id AND n.cease_date IS NULL) AS latest_plan,
       (SELECT l.urn FROM sen2_placements l WHERE l.person_id = p.id AND l.placement_rank = 1
          AND l.leaving_date IS NULL ORDER BY l.id LIMIT 1) AS main_urn,
       (SELECT l.sen_setting FROM sen2_placements l WHERE l.person_id = p.id AND l.placement_rank = 1
          AND l.leaving_date IS NULL ORDER BY l.id LIMIT 1) AS main_setting_code,
       (SELECT l.sen_setting FROM sen2_placements l WHERE l.person_id = p.id AND l.placement_rank = 2
          AND l.leaving_date IS NULL ORDER BY l.id LIMIT 1) AS second_setting_code,
       (SELECT count(*) FROM sen2_placements l WHERE l.person_id = p.id AND l.placement_rank = 2
          AND l.leaving_date IS NULL) AS subsidiary
FROM people p LEFT JOIN sen2_active_plans a ON a.person_id = p.id
WHERE p.area = :area AND p.ehc_plan = 1
ORDER BY p.local_id
""", {"area": area}))
