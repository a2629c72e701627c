"""The store: the only code that touches SQLite (through sqlite-utils).

Open a database with `open_db(path)`: foreign keys on, WAL, a busy timeout, and the numbered
migrations in `MIGRATIONS` applied (recorded in `schema_migrations`). Every write below runs
in one transaction (`db.atomic()`); pass `db` into several calls inside your own
`with db.atomic():` to make them one unit (nested blocks become savepoints).

Dates are ISO text (YYYY-MM-DD), times ISO text to the second, booleans 0/1.

Records two workers can edit (people, profiles, steps, team_capacity) carry `version`,
`updated_by` and `updated_at`. Pass the version you read as `expected_version`; if someone
saved in between, `ConflictError` says who and when, and nothing is written.

This package is the store's one way in: the functions below are defined in its modules, one per
group of tables (`schema`: tables and migrations; `db`: connections, errors, shared helpers;
`people`: people and episodes; `own_words`: aspirations, profile, consent; `teams`; `plans`:
scheduler runs and the accepted plan; `jobs`: scheduler runs while they are queued or running;
`events`; `users`: accounts and caseloads; `audit`), and
read models that other packages ask for their figures (`figures`: the commissioner's;
`caseloads`: a worker's or a team's people with their handovers and steps).

Functions other modules call:
- connection: `open_db(path)`, `default_db_path()`, `migrate(db)`, `schema_version(db)`
- bulk: `bulk_insert(db, table, rows)` inside `db.atomic()` (the demo generator)
- people: `get_person`, `person_model`, `list_people(db, **filters)`, `count_people`,
  `upsert_people(db, rows, by)` (by `area` + `local_id`), `update_person(db, id, changes,
  expected_version=, by=)`, `person_links` (facts for planner.access), `delete_person`
  (erasure; use planner.exchange.exports.erase_person, which also audits)
- episodes: `episodes_for`, `upsert_episodes`
- the young person's words: `get_aspirations`/`save_aspirations` (`aspirations_version`), `get_profile`/`save_profile`,
  `get_consents`/`set_consent`
- teams: `upsert_teams`, `list_teams`, `team_ids`, `capacity_for`, `set_capacity`
- schedules: `save_schedule_run`, `list_schedule_runs`, `save_handovers(db, handovers,
  steps)`, `handovers_for`, `steps_for`, `update_step`
- scheduler jobs: `claim_job` (one queued or running per area; `JobTaken`), `job_progress`,
  `finish_job`, `get_job`, `active_job`, `latest_job`, `reap_stale_jobs`
- events: `record_event`, `events_for`
- outcomes (planner.outcomes): `save_outcome_record`, `add_outcome_records` (an import),
  `outcome_records_for`, and what the young
  person said they wanted over time, `save_said`, `said_for` (save_aspirations keeps it too);
  the commissioner's outcome figures read `outcomes.outcome_people` and `outcomes.outcome_rows`
- users: `create_user`, `get_user`, `get_user_by_email`, `list_users`, `set_password`,
  `save_login_state`, `record_login_failure`, `reset_failures`, `assign_caseload`, `caseload`
- audit: `audit(db, user, action, person_id, detail)`, `list_audit`, `count_audit`
- a person's whole record: `person_record` (for a subject access request)
"""

from __future__ import annotations

from planner.store import caseloads, figures  # noqa: F401  (read models)
from planner.store.audit import (  # noqa: F401
    audit,
    count_audit,
    list_audit,
)
from planner.store.db import (  # noqa: F401
    BUSY_TIMEOUT_MS,
    DEFAULT_DB,
    BusyError,
    ConflictError,
    DatabaseUnavailable,
    NotFoundError,
    Store,
    StoreError,
    checkpoint,
    database_key,
    default_db_path,
    migrate,
    now_text,
    open_db,
    schema_version,
    table_counts,
    translate,
    translated,
    unsafe_fast_writes,
)
from planner.store.events import (  # noqa: F401
    events_for,
    record_event,
)
from planner.store.jobs import (  # noqa: F401
    ACTIVE,
    JobTaken,
    active_job,
    claim_job,
    finish_job,
    get_job,
    job_progress,
    latest_job,
    owner_here,
    reap_stale_jobs,
)
from planner.store.maintenance import (  # noqa: F401
    PAGES_PER_STEP,
    backup,
    check,
    open_read_only,
    restore,
)
from planner.store.offer import (  # noqa: F401
    OFFER_COLUMNS,
    local_offer,
    offer_places,
    replace_offer,
)
from planner.store.outcomes import (  # noqa: F401
    OUTCOME_PEOPLE_COLUMNS,
    OUTCOME_RECORD_COLUMNS,
    add_outcome_records,
    ended_plans,
    forget_generated_history,
    outcome_people,
    outcome_records_for,
    outcome_rows,
    people_with_aspirations,
    said_for,
    save_outcome_record,
    save_said,
)
from planner.store.own_words import (  # noqa: F401
    aspirations_version,
    get_aspirations,
    get_communication,
    get_consent_parts,
    get_consents,
    get_profile,
    row_authors,
    save_aspirations,
    save_communication,
    save_consent,
    save_profile,
    set_consent,
    words_history,
    words_versions,
)
from planner.store.people import (  # noqa: F401
    ERASED_ACCOUNT,
    PERSON_COLUMNS,
    PERSON_TABLES,
    area_episodes,
    area_people,
    areas,
    bulk_insert,
    count_people,
    delete_person,
    episodes_for,
    get_person,
    list_people,
    local_ids,
    person_id_for,
    person_links,
    person_model,
    person_record,
    person_row,
    set_generated_fields,
    update_person,
    upsert_episodes,
    upsert_people,
)
from planner.store.plans import (  # noqa: F401
    accept_run,
    add_step,
    count_replans_since,
    get_schedule_run,
    handovers_for,
    list_schedule_runs,
    meeting_steps,
    open_capacity_starts,
    person_with_most_handovers,
    planned_step_starts,
    prune_proposals,
    run_steps_for,
    save_handovers,
    save_person_plan,
    save_run_plan,
    save_schedule_run,
    step_states,
    steps_for,
    update_step,
)
from planner.store.returns import (  # noqa: F401
    ANNUAL_REVIEWS,
    ASSESSMENTS,
    CARE_ACT,
    GAPS_AT_18,
    PHASE_TRANSFERS,
    QUERIES,
    REVIEW_DECISIONS,
    annex_a_rows,
    figure_rows,
)
from planner.store.schema import (  # noqa: F401
    EVENT_KINDS,
    MIGRATIONS,
    OUTCOMES,
    ROLES,
    SEN2_TABLES,
    WORDS_RECORDS,
)
from planner.store.sen2 import (  # noqa: F401
    SEN2_COLUMNS,
    area_sen2_rows,
    people_with_sen2,
    replace_sen2,
    sen2_record,
)
from planner.store.sessions import (  # noqa: F401
    app_secret,
    create_session,
    end_session,
    end_sessions_for,
    get_session,
    touch_session,
)
from planner.store.teams import (  # noqa: F401
    capacity_for,
    list_teams,
    set_capacity,
    team_ids,
    upsert_teams,
)
from planner.store.users import (  # noqa: F401
    LoginCount,
    assign_caseload,
    caseload,
    create_user,
    get_user,
    get_user_by_email,
    list_users,
    move_to_caseload,
    named_worker,
    record_login_failure,
    reset_failures,
    save_login_state,
    set_contact,
    set_easy_read,
    set_password,
)
