"""The schema: the tables, their vocabulary and the numbered migrations that make them."""

from __future__ import annotations

from planner.models import Outcome
from planner.own_words import PROFILE_FIELDS, WordsRecord  # noqa: F401  (PROFILE_FIELDS: re-exported)

OUTCOMES = tuple(o.value for o in Outcome)
WORDS_RECORDS = tuple(r.value for r in WordsRecord)
EVENT_KINDS = (
    "meeting_held", "referral_made", "referral_accepted", "referral_refused",
    "assessment_done", "decision_made", "adult_service_started", "service_ended",
    "did_not_attend", "plan_ceased", "note",
)
ROLES = ("young_person", "parent_carer", "worker", "team_manager", "commissioner", "administrator")

def _counted(*tables: str) -> str:
    """Triggers that add one to the store's change counter (`data_changes`) on every insert,
    update and delete in `tables`: the counter is part of the key the pages' caches are kept
    under, so a cached answer is never older than the data it was worked out from."""
    return "".join(f"CREATE TRIGGER data_changes_{t}_{op.lower()} AFTER {op} ON {t} "
                   "BEGIN UPDATE data_changes SET n = n + 1 WHERE id = 1; END;\n"
                   for t in tables for op in ("INSERT", "UPDATE", "DELETE"))


_VERSIONED = "version INTEGER NOT NULL DEFAULT 1, updated_by TEXT NOT NULL DEFAULT '', updated_at TEXT NOT NULL DEFAULT ''"

# Migrations, applied in order once each and known by their (unique) names. Never edit one that
# has shipped: add a new one at the end.
MIGRATIONS: tuple[tuple[str, str], ...] = (
    ("create tables", f"""
CREATE TABLE people (
    id TEXT NOT NULL PRIMARY KEY, area TEXT NOT NULL, local_id TEXT NOT NULL, name TEXT NOT NULL DEFAULT '',
    dob TEXT NOT NULL, sex TEXT, ethnicity TEXT, primary_need TEXT, secondary_need TEXT,
    setting TEXT, worker TEXT,
    ehc_plan INTEGER NOT NULL DEFAULT 0, plan_issued TEXT, last_review TEXT,
    assessment_request TEXT, post16_move TEXT,
    looked_after INTEGER NOT NULL DEFAULT 0, looked_after_since TEXT,
    care_leaver INTEGER NOT NULL DEFAULT 0, childrens_social_care INTEGER NOT NULL DEFAULT 0,
    continuing_care INTEGER NOT NULL DEFAULT 0, camhs INTEGER NOT NULL DEFAULT 0,
    paediatrics INTEGER NOT NULL DEFAULT 0, ld_register INTEGER NOT NULL DEFAULT 0,
    dla INTEGER NOT NULL DEFAULT 0, uc_exception INTEGER NOT NULL DEFAULT 0,
    entered_services TEXT, known_to_pfa INTEGER NOT NULL DEFAULT 0,
    young_carer INTEGER NOT NULL DEFAULT 0, parent_consent INTEGER NOT NULL DEFAULT 0,
    {_VERSIONED},
    UNIQUE (area, local_id)
);
CREATE INDEX people_area ON people (area);
CREATE INDEX people_worker ON people (worker);
CREATE TABLE episodes (
    id INTEGER PRIMARY KEY,
    person_id TEXT NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    service_id TEXT NOT NULL, start TEXT NOT NULL, "end" TEXT,
    end_actual INTEGER NOT NULL DEFAULT 0,
    UNIQUE (person_id, service_id, start)
);
CREATE INDEX episodes_service ON episodes (service_id);
CREATE TABLE aspirations (
    person_id TEXT NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    outcome TEXT NOT NULL CHECK (outcome IN ('employment', 'independent_living', 'community', 'health')),
    words TEXT NOT NULL, updated_by TEXT NOT NULL, updated_at TEXT NOT NULL,
    PRIMARY KEY (person_id, outcome)
);
CREATE TABLE consents (
    person_id TEXT NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    service_id TEXT NOT NULL, shared INTEGER NOT NULL, changed_by TEXT NOT NULL,
    changed_at TEXT NOT NULL,
    PRIMARY KEY (person_id, service_id)
);
CREATE TABLE profiles (
    person_id TEXT NOT NULL PRIMARY KEY REFERENCES people (id) ON DELETE CASCADE,
    like_about_me TEXT NOT NULL DEFAULT '', important_to_me TEXT NOT NULL DEFAULT '',
    how_to_support_me TEXT NOT NULL DEFAULT '',
    {_VERSIONED}
);
CREATE TABLE teams (
    area TEXT NOT NULL, id TEXT NOT NULL, name TEXT NOT NULL DEFAULT '', unit TEXT NOT NULL DEFAULT 'week',
    note TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (area, id)
);
CREATE TABLE team_capacity (
    area TEXT NOT NULL, team_id TEXT NOT NULL, from_date TEXT NOT NULL, per_week REAL NOT NULL,
    {_VERSIONED},
    PRIMARY KEY (area, team_id, from_date),
    FOREIGN KEY (area, team_id) REFERENCES teams (area, id) ON DELETE CASCADE
);
CREATE TABLE schedule_runs (
    id INTEGER PRIMARY KEY, area TEXT NOT NULL, started_at TEXT NOT NULL, finished_at TEXT,
    run_by TEXT NOT NULL DEFAULT '', method TEXT NOT NULL DEFAULT '', status TEXT NOT NULL DEFAULT 'done',
    gap_weeks REAL, breaches INTEGER, detail TEXT NOT NULL DEFAULT '{{}}'
);
CREATE TABLE handovers (
    id TEXT NOT NULL PRIMARY KEY,
    person_id TEXT NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    from_service TEXT NOT NULL, to_service TEXT NOT NULL, due TEXT,
    status TEXT NOT NULL DEFAULT 'planned',
    run_id INTEGER REFERENCES schedule_runs (id) ON DELETE SET NULL
);
CREATE INDEX handovers_person ON handovers (person_id);
CREATE TABLE steps (
    id TEXT NOT NULL PRIMARY KEY,
    handover_id TEXT NOT NULL REFERENCES handovers (id) ON DELETE CASCADE,
    person_id TEXT NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    kind TEXT NOT NULL, title TEXT NOT NULL DEFAULT '', team_id TEXT, duration_weeks INTEGER,
    earliest TEXT, deadline TEXT, start TEXT, "end" TEXT,
    status TEXT NOT NULL DEFAULT 'planned',
    {_VERSIONED}
);
CREATE INDEX steps_person ON steps (person_id);
CREATE INDEX steps_handover ON steps (handover_id);
CREATE TABLE events (
    id INTEGER PRIMARY KEY,
    person_id TEXT NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    kind TEXT NOT NULL, date TEXT NOT NULL, service_id TEXT,
    step_id TEXT REFERENCES steps (id) ON DELETE SET NULL,
    note TEXT NOT NULL DEFAULT '', recorded_by TEXT NOT NULL, recorded_at TEXT NOT NULL
);
CREATE INDEX events_person ON events (person_id);
CREATE TABLE users (
    username TEXT NOT NULL PRIMARY KEY,
    role TEXT NOT NULL CHECK (role IN ('young_person', 'parent_carer', 'worker', 'team_manager', 'commissioner', 'administrator')),
    display_name TEXT NOT NULL DEFAULT '', email TEXT, password_hash TEXT,
    person_id TEXT REFERENCES people (id) ON DELETE SET NULL, team_id TEXT,
    failed_attempts INTEGER NOT NULL DEFAULT 0, locked_until TEXT,
    created_at TEXT NOT NULL DEFAULT ''
);
CREATE TABLE caseload (
    worker TEXT NOT NULL REFERENCES users (username) ON DELETE CASCADE,
    person_id TEXT NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    since TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (worker, person_id)
);
CREATE INDEX caseload_person ON caseload (person_id);
CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY, at TEXT NOT NULL, username TEXT NOT NULL, action TEXT NOT NULL,
    person_id TEXT, detail TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_person ON audit_log (person_id);
"""),
    ("plans: step details, proposed runs", """
ALTER TABLE handovers ADD COLUMN title TEXT NOT NULL DEFAULT '';
ALTER TABLE handovers ADD COLUMN gap_weeks INTEGER NOT NULL DEFAULT 0;
ALTER TABLE handovers ADD COLUMN weight INTEGER NOT NULL DEFAULT 1;
ALTER TABLE steps ADD COLUMN window_start TEXT;
ALTER TABLE steps ADD COLUMN window_end TEXT;
ALTER TABLE steps ADD COLUMN meeting INTEGER NOT NULL DEFAULT 0;
ALTER TABLE steps ADD COLUMN uses_capacity INTEGER NOT NULL DEFAULT 1;
ALTER TABLE steps ADD COLUMN statutory INTEGER NOT NULL DEFAULT 0;
ALTER TABLE steps ADD COLUMN after TEXT NOT NULL DEFAULT '';
ALTER TABLE steps ADD COLUMN pinned INTEGER NOT NULL DEFAULT 0;
ALTER TABLE steps ADD COLUMN reason TEXT NOT NULL DEFAULT '';
CREATE INDEX steps_team_start ON steps (team_id, start);
CREATE TABLE run_handovers (
    run_id INTEGER NOT NULL REFERENCES schedule_runs (id) ON DELETE CASCADE,
    id TEXT NOT NULL, person_id TEXT NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    from_service TEXT NOT NULL, to_service TEXT NOT NULL, due TEXT, title TEXT NOT NULL DEFAULT '',
    gap_weeks INTEGER NOT NULL DEFAULT 0, weight INTEGER NOT NULL DEFAULT 1,
    PRIMARY KEY (run_id, id)
);
CREATE TABLE run_steps (
    run_id INTEGER NOT NULL REFERENCES schedule_runs (id) ON DELETE CASCADE,
    id TEXT NOT NULL, handover_id TEXT NOT NULL,
    person_id TEXT NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    kind TEXT NOT NULL, title TEXT NOT NULL DEFAULT '', team_id TEXT, duration_weeks INTEGER,
    earliest TEXT, deadline TEXT, start TEXT, "end" TEXT, window_start TEXT, window_end TEXT,
    meeting INTEGER NOT NULL DEFAULT 0, uses_capacity INTEGER NOT NULL DEFAULT 1,
    statutory INTEGER NOT NULL DEFAULT 0, after TEXT NOT NULL DEFAULT '', reason TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (run_id, id)
);
CREATE INDEX run_steps_person ON run_steps (person_id);
CREATE INDEX run_handovers_person ON run_handovers (person_id);
"""),
    ("assessed outcomes on the person", """
ALTER TABLE people ADD COLUMN secondary_mh_need INTEGER;
"""),
    # A counter of changes to the rows the commissioner's figures read (planner.need.dashboard
    # caches on it), kept by triggers so that no writer can forget it.
    ("change counter for cached figures", """
CREATE TABLE data_changes (id INTEGER PRIMARY KEY CHECK (id = 1), n INTEGER NOT NULL);
INSERT INTO data_changes VALUES (1, 0);
""" + _counted("people", "episodes", "aspirations", "caseload", "events", "handovers", "schedule_runs",
                 "team_capacity", "teams")),
    # Aspirations used "community" and "health" where the pathways, pages and Code say
    # community_inclusion and good_health: one vocabulary (planner.models.Outcome). SQLite cannot
    # change a CHECK, so the table is rebuilt (its change-counter triggers with it).
    ("one outcome vocabulary", """
CREATE TABLE aspirations_new (
    person_id TEXT NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    outcome TEXT NOT NULL CHECK (outcome IN ('employment', 'independent_living', 'community_inclusion', 'good_health')),
    words TEXT NOT NULL, updated_by TEXT NOT NULL, updated_at TEXT NOT NULL,
    PRIMARY KEY (person_id, outcome)
);
INSERT INTO aspirations_new SELECT person_id,
    CASE outcome WHEN 'community' THEN 'community_inclusion' WHEN 'health' THEN 'good_health' ELSE outcome END,
    words, updated_by, updated_at FROM aspirations;
DROP TABLE aspirations;
ALTER TABLE aspirations_new RENAME TO aspirations;
""" + _counted("aspirations")),
    # SEN2 2025 need codes (planner.models.Need): SPLD upper case, OTH for "Other", and "Not
    # recorded" is no code (a blank). DS is new and needs no change.
    ("SEN2 2025 need codes", """
UPDATE people SET primary_need = 'SPLD' WHERE primary_need = 'SpLD';
UPDATE people SET secondary_need = 'SPLD' WHERE secondary_need = 'SpLD';
UPDATE people SET primary_need = 'OTH' WHERE primary_need = 'Other';
UPDATE people SET secondary_need = 'OTH' WHERE secondary_need = 'Other';
UPDATE people SET primary_need = NULL WHERE primary_need = 'Not recorded';
UPDATE people SET secondary_need = NULL WHERE secondary_need = 'Not recorded';
"""),
    # The DfE SEN2 person-level return's modules (planner.exchange.sen2), each row keyed by the
    # person and the area's own id for the row, so re-importing a return changes nothing and
    # erasing a person removes them. The person's Unique Pupil and Learner Numbers go on people.
    ("SEN2 modules", """
ALTER TABLE people ADD COLUMN upn TEXT;
ALTER TABLE people ADD COLUMN uln TEXT;
CREATE TABLE sen2_persons (
    person_id TEXT NOT NULL PRIMARY KEY REFERENCES people (id) ON DELETE CASCADE,
    forename TEXT NOT NULL DEFAULT '', surname TEXT NOT NULL DEFAULT '', postcode TEXT, upn_unknown TEXT
);
CREATE TABLE sen2_requests (
    person_id TEXT NOT NULL REFERENCES people (id) ON DELETE CASCADE, id TEXT NOT NULL,
    received_date TEXT NOT NULL, request_source TEXT, rya INTEGER, outcome_date TEXT, outcome TEXT,
    mediation INTEGER, tribunal INTEGER, exported TEXT,
    PRIMARY KEY (person_id, id)
);
CREATE TABLE sen2_assessments (
    person_id TEXT NOT NULL, id TEXT NOT NULL, request_id TEXT NOT NULL,
    outcome TEXT, outcome_date TEXT, mediation INTEGER, tribunal INTEGER, other_mediation INTEGER,
    other_tribunal INTEGER, week20 INTEGER,
    PRIMARY KEY (person_id, id),
    FOREIGN KEY (person_id, request_id) REFERENCES sen2_requests (person_id, id) ON DELETE CASCADE
);
CREATE TABLE sen2_named_plans (
    person_id TEXT NOT NULL, id TEXT NOT NULL, assessment_id TEXT NOT NULL,
    start_date TEXT NOT NULL, plan_res TEXT, plan_wbp TEXT, pb INTEGER, oa INTEGER, dp INTEGER,
    cease_date TEXT, cease_reason INTEGER,
    PRIMARY KEY (person_id, id),
    FOREIGN KEY (person_id, assessment_id) REFERENCES sen2_assessments (person_id, id) ON DELETE CASCADE
);
CREATE TABLE sen2_plan_details (
    person_id TEXT NOT NULL, id TEXT NOT NULL, named_plan_id TEXT NOT NULL,
    urn TEXT, ukprn TEXT, sen_setting TEXT, sen_setting_other TEXT, placement_rank INTEGER,
    sen_unit INTEGER, resourced_provision INTEGER,
    PRIMARY KEY (person_id, id),
    FOREIGN KEY (person_id, named_plan_id) REFERENCES sen2_named_plans (person_id, id) ON DELETE CASCADE
);
CREATE TABLE sen2_active_plans (
    person_id TEXT NOT NULL, id TEXT NOT NULL, request_id TEXT NOT NULL,
    transfer_la TEXT, review_meeting TEXT, review_outcome TEXT, review_decision TEXT, review_draft TEXT,
    phase_transfer_due TEXT, phase_transfer_final TEXT,
    PRIMARY KEY (person_id, id),
    FOREIGN KEY (person_id, request_id) REFERENCES sen2_requests (person_id, id) ON DELETE CASCADE
);
CREATE TABLE sen2_placements (
    person_id TEXT NOT NULL, id TEXT NOT NULL, active_plan_id TEXT NOT NULL,
    urn TEXT, ukprn TEXT, sen_setting TEXT, sen_setting_other TEXT, placement_rank INTEGER,
    entry_date TEXT, leaving_date TEXT, res TEXT, wbp TEXT, sen_unit INTEGER, resourced_provision INTEGER,
    PRIMARY KEY (person_id, id),
    FOREIGN KEY (person_id, active_plan_id) REFERENCES sen2_active_plans (person_id, id) ON DELETE CASCADE
);
CREATE TABLE sen2_needs (
    person_id TEXT NOT NULL, id TEXT NOT NULL, active_plan_id TEXT NOT NULL,
    sen_type TEXT NOT NULL, rank INTEGER NOT NULL,
    PRIMARY KEY (person_id, id),
    FOREIGN KEY (person_id, active_plan_id) REFERENCES sen2_active_plans (person_id, id) ON DELETE CASCADE
);
CREATE INDEX sen2_active_plans_person ON sen2_active_plans (person_id);
"""),
    # The local offer: services read from an Open Referral UK feed (planner.exchange.oruk), one
    # row per service and area; the commissioner's places move with it.
    ("local offer", """
CREATE TABLE offer_services (
    area TEXT NOT NULL, id TEXT NOT NULL, name TEXT NOT NULL, description TEXT NOT NULL DEFAULT '',
    organization TEXT NOT NULL DEFAULT '', url TEXT, email TEXT, contact TEXT, status TEXT NOT NULL,
    minimum_age REAL, maximum_age REAL, eligibility TEXT NOT NULL DEFAULT '', send INTEGER NOT NULL DEFAULT 0,
    domain TEXT, outcomes TEXT NOT NULL DEFAULT '', terms TEXT NOT NULL DEFAULT '', places_per_year REAL,
    source TEXT NOT NULL DEFAULT '', imported_at TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (area, id)
);
""" + _counted("offer_services")),
    # A scheduler run while it is queued or running, so that it survives the app server that
    # started it and at most one runs per area whichever process started it (the unique index).
    # No change-counter trigger: its progress is not a change to the figures.
    ("scheduler jobs", """
CREATE TABLE scheduler_jobs (
    id INTEGER PRIMARY KEY, area TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('queued', 'running', 'done', 'failed')),
    started_by TEXT NOT NULL, started_at TEXT NOT NULL, heartbeat_at TEXT NOT NULL, finished_at TEXT,
    as_of TEXT NOT NULL, time_limit REAL NOT NULL, owner TEXT NOT NULL DEFAULT '',
    phase TEXT NOT NULL DEFAULT 'queued', info TEXT NOT NULL DEFAULT '{}', error TEXT,
    run_id INTEGER REFERENCES schedule_runs (id) ON DELETE SET NULL
);
CREATE UNIQUE INDEX scheduler_jobs_one_active ON scheduler_jobs (area) WHERE state IN ('queued', 'running');
"""),
    # Issue 11 ("the plan tells the truth"): the dates the law needs, and statuses that come from
    # the record. A person's record begins on a day (steps due before it are 'not recorded', not
    # overdue; blank: the first plan, see planner.planning.area.record_began). A proposal's steps carry their
    # status (a step due before the record began is stored as 'not recorded', never planned).
    # The old word 'completed' becomes 'done', the one vocabulary (planner.models.StepStatus).
    ("issue 11: law dates and recorded statuses", """
ALTER TABLE people ADD COLUMN record_started TEXT;
ALTER TABLE people ADD COLUMN year_group_offset INTEGER NOT NULL DEFAULT 0;
ALTER TABLE people ADD COLUMN sixth_form_at_school INTEGER NOT NULL DEFAULT 0;
ALTER TABLE people ADD COLUMN school_transfer TEXT;
ALTER TABLE people ADD COLUMN review_decision_sent TEXT;
ALTER TABLE people ADD COLUMN amendment_notice_sent TEXT;
ALTER TABLE people ADD COLUMN amended_plan_issued TEXT;
ALTER TABLE people ADD COLUMN advice_requested TEXT;
ALTER TABLE people ADD COLUMN draft_served TEXT;
ALTER TABLE people ADD COLUMN reassessment_request TEXT;
ALTER TABLE people ADD COLUMN reassessment_decision_sent TEXT;
ALTER TABLE people ADD COLUMN decision_notice_sent TEXT;
ALTER TABLE people ADD COLUMN mediation_certificate_issued TEXT;
ALTER TABLE people ADD COLUMN left_care TEXT;
ALTER TABLE people ADD COLUMN short_breaks_only INTEGER NOT NULL DEFAULT 0;
ALTER TABLE people ADD COLUMN foster_placement INTEGER NOT NULL DEFAULT 0;
ALTER TABLE people ADD COLUMN pa_requested TEXT;
ALTER TABLE people ADD COLUMN cares_for_adult INTEGER NOT NULL DEFAULT 0;
ALTER TABLE people ADD COLUMN pip_letter_date TEXT;
ALTER TABLE people ADD COLUMN pip_claimed TEXT;
ALTER TABLE people ADD COLUMN pip_second_letter_date TEXT;
ALTER TABLE people ADD COLUMN non_advanced_course INTEGER NOT NULL DEFAULT 0;
ALTER TABLE run_steps ADD COLUMN status TEXT NOT NULL DEFAULT 'planned';
UPDATE steps SET status = 'done' WHERE status = 'completed';
"""),
    # Tell it once (issue 14): every saved version of the young person's own words and choices,
    # so each edit is kept with who made it, in what role and when, and a stale save is refused;
    # communication needs (NHS Accessible Information Standard, DAPB1605); what each service
    # may see; sign-in sessions that survive a page refresh; a way to reach the named worker.
    ("tell it once: versions, communication needs, consent parts, sessions", """
CREATE TABLE own_words_versions (
    person_id TEXT NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    record TEXT NOT NULL CHECK (record IN ('profile', 'wishes', 'communication', 'consent')),
    version INTEGER NOT NULL, content TEXT NOT NULL,
    changed_by TEXT NOT NULL, changed_role TEXT NOT NULL DEFAULT '', changed_at TEXT NOT NULL,
    PRIMARY KEY (person_id, record, version)
);
CREATE TABLE communication_needs (
    person_id TEXT NOT NULL PRIMARY KEY REFERENCES people (id) ON DELETE CASCADE,
    how_i_communicate TEXT NOT NULL DEFAULT '', contact_methods TEXT NOT NULL DEFAULT '',
    information_formats TEXT NOT NULL DEFAULT '', communication_support TEXT NOT NULL DEFAULT '',
    communication_professionals TEXT NOT NULL DEFAULT '', other_needs TEXT NOT NULL DEFAULT '',
    version INTEGER NOT NULL DEFAULT 1, updated_by TEXT NOT NULL DEFAULT '', updated_at TEXT NOT NULL DEFAULT ''
);
ALTER TABLE consents ADD COLUMN parts TEXT NOT NULL DEFAULT '';
UPDATE consents SET parts = 'about_me,communication' WHERE shared = 1;
INSERT INTO own_words_versions
    SELECT p.person_id, 'profile', p.version,
           json_object('like_about_me', p.like_about_me, 'important_to_me', p.important_to_me,
                       'how_to_support_me', p.how_to_support_me),
           p.updated_by, coalesce(u.role, ''), p.updated_at
    FROM profiles p LEFT JOIN users u ON u.username = p.updated_by;
CREATE TABLE sessions (
    id_hash TEXT NOT NULL PRIMARY KEY,
    username TEXT NOT NULL REFERENCES users (username) ON DELETE CASCADE,
    created_at TEXT NOT NULL, last_seen TEXT NOT NULL, ended_at TEXT, ended_why TEXT NOT NULL DEFAULT ''
);
CREATE INDEX sessions_user ON sessions (username);
CREATE TABLE app_secrets (name TEXT NOT NULL PRIMARY KEY, value TEXT NOT NULL);
ALTER TABLE users ADD COLUMN phone TEXT;
"""),
    # Easy Read, once switched on, stays on for that account on every device (issue 14).
    ("easy read preference on the account", """
ALTER TABLE users ADD COLUMN easy_read INTEGER NOT NULL DEFAULT 0;
"""),
    # The caseloads the pages cache read steps too (a step moved or marked done), so the change
    # counter counts them (issue 12: pages cached on the store's change counter).
    ("change counter counts steps", """
""" + _counted("steps")),
    # Outcomes after 18 (issue 16): the groups leaders could not see as fields of the record,
    # dated outcome records (a worker's, or the young person's check-in) and what the young
    # person said they wanted, kept each time it changes (planner.outcomes). The vocabularies
    # are planner.outcomes.record's; the figures read both tables, so both move the counter.
    ("outcomes after 18: groups, outcome records, aspirations said", """
ALTER TABLE people ADD COLUMN sen_support INTEGER NOT NULL DEFAULT 0;
ALTER TABLE people ADD COLUMN part_time_timetable INTEGER NOT NULL DEFAULT 0;
ALTER TABLE people ADD COLUMN out_of_area_placement INTEGER NOT NULL DEFAULT 0;
ALTER TABLE people ADD COLUMN independent_placement INTEGER NOT NULL DEFAULT 0;
ALTER TABLE people ADD COLUMN youth_justice INTEGER NOT NULL DEFAULT 0;
CREATE TABLE outcome_records (
    id INTEGER PRIMARY KEY,
    person_id TEXT NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    observed_on TEXT NOT NULL, source TEXT NOT NULL, by_young_person INTEGER NOT NULL DEFAULT 0,
    activity TEXT CHECK (activity IN ('school_or_college', 'higher_education', 'apprenticeship',
        'supported_internship', 'training', 'paid_work', 'voluntary_work', 'day_service', 'neet')),
    paid_hours REAL CHECK (paid_hours BETWEEN 0 AND 100),
    activity_where TEXT NOT NULL DEFAULT '', activity_since TEXT,
    living TEXT CHECK (living IN ('with_family', 'supported_living', 'shared_lives', 'own_tenancy',
        'residential', 'other')),
    adult_gp INTEGER CHECK (adult_gp IN (0, 1)), health_check INTEGER CHECK (health_check IN (0, 1)),
    adult_services INTEGER CHECK (adult_services IN (0, 1)), friends INTEGER CHECK (friends IN (0, 1)),
    activities INTEGER CHECK (activities IN (0, 1)),
    travels_independently INTEGER CHECK (travels_independently IN (0, 1)),
    going TEXT CHECK (going IN ('well', 'ok', 'not_well')),
    aim_employment TEXT CHECK (aim_employment IN ('yes', 'partly', 'no')),
    aim_independent_living TEXT CHECK (aim_independent_living IN ('yes', 'partly', 'no')),
    aim_community_inclusion TEXT CHECK (aim_community_inclusion IN ('yes', 'partly', 'no')),
    aim_good_health TEXT CHECK (aim_good_health IN ('yes', 'partly', 'no')),
    cease_reason INTEGER CHECK (cease_reason BETWEEN 1 AND 9),
    note TEXT NOT NULL DEFAULT '', recorded_by TEXT NOT NULL, recorded_at TEXT NOT NULL
);
CREATE INDEX outcome_records_person ON outcome_records (person_id, observed_on);
CREATE TABLE aspirations_said (
    id INTEGER PRIMARY KEY,
    person_id TEXT NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    outcome TEXT NOT NULL CHECK (outcome IN ('employment', 'independent_living', 'community_inclusion', 'good_health')),
    words TEXT NOT NULL, said_on TEXT NOT NULL, recorded_by TEXT NOT NULL
);
CREATE INDEX aspirations_said_person ON aspirations_said (person_id, said_on);
""" + _counted("outcome_records", "aspirations_said")),
    # The outcome figures also count a plan that ended in an imported SEN2 return (module 4a:
    # cease date and reason), so its rows move the counter their cache is keyed on.
    ("outcome figures see ended SEN2 plans", """
""" + _counted("sen2_named_plans")),
)

SEN2_TABLES = ("sen2_persons", "sen2_requests", "sen2_assessments", "sen2_named_plans", "sen2_plan_details",
               "sen2_active_plans", "sen2_placements", "sen2_needs")

_TABLES = ("people", "episodes", "aspirations", "consents", "profiles", "teams", "team_capacity",
           "schedule_runs", "handovers", "steps", "events", "users", "caseload", "audit_log",
           "run_handovers", "run_steps", *SEN2_TABLES, "offer_services", "own_words_versions",
           "communication_needs", "sessions", "app_secrets", "outcome_records", "aspirations_said")
