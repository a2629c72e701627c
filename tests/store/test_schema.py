"""The exact schema of every table (name:type, ! = NOT NULL, * = part of the primary key)."""

from __future__ import annotations

import pytest

from planner import store

EXPECTED = {
    "schema_migrations": "id:INTEGER* name:TEXT! applied_at:TEXT!",
    "people": "id:TEXT!* area:TEXT! local_id:TEXT! name:TEXT! dob:TEXT! sex:TEXT ethnicity:TEXT primary_need:TEXT secondary_need:TEXT setting:TEXT worker:TEXT ehc_plan:INTEGER! plan_issued:TEXT last_review:TEXT assessment_request:TEXT post16_move:TEXT looked_after:INTEGER! looked_after_since:TEXT care_leaver:INTEGER! childrens_social_care:INTEGER! continuing_care:INTEGER! camhs:INTEGER! paediatrics:INTEGER! ld_register:INTEGER! dla:INTEGER! uc_exception:INTEGER! entered_services:TEXT known_to_pfa:INTEGER! young_carer:INTEGER! parent_consent:INTEGER! version:INTEGER! updated_by:TEXT! updated_at:TEXT! secondary_mh_need:INTEGER upn:TEXT uln:TEXT record_started:TEXT year_group_offset:INTEGER! sixth_form_at_school:INTEGER! school_transfer:TEXT review_decision_sent:TEXT amendment_notice_sent:TEXT amended_plan_issued:TEXT advice_requested:TEXT draft_served:TEXT reassessment_request:TEXT reassessment_decision_sent:TEXT decision_notice_sent:TEXT mediation_certificate_issued:TEXT left_care:TEXT short_breaks_only:INTEGER! foster_placement:INTEGER! pa_requested:TEXT cares_for_adult:INTEGER! pip_letter_date:TEXT pip_claimed:TEXT pip_second_letter_date:TEXT non_advanced_course:INTEGER! sen_support:INTEGER! part_time_timetable:INTEGER! out_of_area_placement:INTEGER! independent_placement:INTEGER! youth_justice:INTEGER!",
    "episodes": "id:INTEGER* person_id:TEXT! service_id:TEXT! start:TEXT! end:TEXT end_actual:INTEGER!",
    "aspirations": "person_id:TEXT!* outcome:TEXT!* words:TEXT! updated_by:TEXT! updated_at:TEXT!",
    "consents": "person_id:TEXT!* service_id:TEXT!* shared:INTEGER! changed_by:TEXT! changed_at:TEXT! parts:TEXT!",
    "profiles": "person_id:TEXT!* like_about_me:TEXT! important_to_me:TEXT! how_to_support_me:TEXT! version:INTEGER! updated_by:TEXT! updated_at:TEXT!",
    "teams": "area:TEXT!* id:TEXT!* name:TEXT! unit:TEXT! note:TEXT!",
    "team_capacity": "area:TEXT!* team_id:TEXT!* from_date:TEXT!* per_week:REAL! version:INTEGER! updated_by:TEXT! updated_at:TEXT!",
    "schedule_runs": "id:INTEGER* area:TEXT! started_at:TEXT! finished_at:TEXT run_by:TEXT! method:TEXT! status:TEXT! gap_weeks:REAL breaches:INTEGER detail:TEXT!",
    "handovers": "id:TEXT!* person_id:TEXT! from_service:TEXT! to_service:TEXT! due:TEXT status:TEXT! run_id:INTEGER title:TEXT! gap_weeks:INTEGER! weight:INTEGER!",
    "steps": "id:TEXT!* handover_id:TEXT! person_id:TEXT! kind:TEXT! title:TEXT! team_id:TEXT duration_weeks:INTEGER earliest:TEXT deadline:TEXT start:TEXT end:TEXT status:TEXT! version:INTEGER! updated_by:TEXT! updated_at:TEXT! window_start:TEXT window_end:TEXT meeting:INTEGER! uses_capacity:INTEGER! statutory:INTEGER! after:TEXT! pinned:INTEGER! reason:TEXT!",
    "run_handovers": "run_id:INTEGER!* id:TEXT!* person_id:TEXT! from_service:TEXT! to_service:TEXT! due:TEXT title:TEXT! gap_weeks:INTEGER! weight:INTEGER!",
    "run_steps": "run_id:INTEGER!* id:TEXT!* handover_id:TEXT! person_id:TEXT! kind:TEXT! title:TEXT! team_id:TEXT duration_weeks:INTEGER earliest:TEXT deadline:TEXT start:TEXT end:TEXT window_start:TEXT window_end:TEXT meeting:INTEGER! uses_capacity:INTEGER! statutory:INTEGER! after:TEXT! reason:TEXT! status:TEXT!",
    "events": "id:INTEGER* person_id:TEXT! kind:TEXT! date:TEXT! service_id:TEXT step_id:TEXT note:TEXT! recorded_by:TEXT! recorded_at:TEXT!",
    "users": "username:TEXT!* role:TEXT! display_name:TEXT! email:TEXT password_hash:TEXT person_id:TEXT team_id:TEXT failed_attempts:INTEGER! locked_until:TEXT created_at:TEXT! phone:TEXT easy_read:INTEGER!",
    "caseload": "worker:TEXT!* person_id:TEXT!* since:TEXT!",
    "audit_log": "id:INTEGER* at:TEXT! username:TEXT! action:TEXT! person_id:TEXT detail:TEXT!",
    "data_changes": "id:INTEGER* n:INTEGER!",
    "sen2_persons": "person_id:TEXT!* forename:TEXT! surname:TEXT! postcode:TEXT upn_unknown:TEXT",
    "sen2_requests": "person_id:TEXT!* id:TEXT!* received_date:TEXT! request_source:TEXT rya:INTEGER outcome_date:TEXT outcome:TEXT mediation:INTEGER tribunal:INTEGER exported:TEXT",
    "sen2_assessments": "person_id:TEXT!* id:TEXT!* request_id:TEXT! outcome:TEXT outcome_date:TEXT mediation:INTEGER tribunal:INTEGER other_mediation:INTEGER other_tribunal:INTEGER week20:INTEGER",
    "sen2_named_plans": "person_id:TEXT!* id:TEXT!* assessment_id:TEXT! start_date:TEXT! plan_res:TEXT plan_wbp:TEXT pb:INTEGER oa:INTEGER dp:INTEGER cease_date:TEXT cease_reason:INTEGER",
    "sen2_plan_details": "person_id:TEXT!* id:TEXT!* named_plan_id:TEXT! urn:TEXT ukprn:TEXT sen_setting:TEXT sen_setting_other:TEXT placement_rank:INTEGER sen_unit:INTEGER resourced_provision:INTEGER",
    "sen2_active_plans": "person_id:TEXT!* id:TEXT!* request_id:TEXT! transfer_la:TEXT review_meeting:TEXT review_outcome:TEXT review_decision:TEXT review_draft:TEXT phase_transfer_due:TEXT phase_transfer_final:TEXT",
    "sen2_placements": "person_id:TEXT!* id:TEXT!* active_plan_id:TEXT! urn:TEXT ukprn:TEXT sen_setting:TEXT sen_setting_other:TEXT placement_rank:INTEGER entry_date:TEXT leaving_date:TEXT res:TEXT wbp:TEXT sen_unit:INTEGER resourced_provision:INTEGER",
    "sen2_needs": "person_id:TEXT!* id:TEXT!* active_plan_id:TEXT! sen_type:TEXT! rank:INTEGER!",
    "offer_services": "area:TEXT!* id:TEXT!* name:TEXT! description:TEXT! organization:TEXT! url:TEXT email:TEXT contact:TEXT status:TEXT! minimum_age:REAL maximum_age:REAL eligibility:TEXT! send:INTEGER! domain:TEXT outcomes:TEXT! terms:TEXT! places_per_year:REAL source:TEXT! imported_at:TEXT!",
    "scheduler_jobs": "id:INTEGER* area:TEXT! state:TEXT! started_by:TEXT! started_at:TEXT! heartbeat_at:TEXT! finished_at:TEXT as_of:TEXT! time_limit:REAL! owner:TEXT! phase:TEXT! info:TEXT! error:TEXT run_id:INTEGER",
    "own_words_versions": "person_id:TEXT!* record:TEXT!* version:INTEGER!* content:TEXT! changed_by:TEXT! changed_role:TEXT! changed_at:TEXT!",
    "communication_needs": "person_id:TEXT!* how_i_communicate:TEXT! contact_methods:TEXT! information_formats:TEXT! communication_support:TEXT! communication_professionals:TEXT! other_needs:TEXT! version:INTEGER! updated_by:TEXT! updated_at:TEXT!",
    "sessions": "id_hash:TEXT!* username:TEXT! created_at:TEXT! last_seen:TEXT! ended_at:TEXT ended_why:TEXT!",
    "app_secrets": "name:TEXT!* value:TEXT!",
    "outcome_records": "id:INTEGER* person_id:TEXT! observed_on:TEXT! source:TEXT! by_young_person:INTEGER! activity:TEXT paid_hours:REAL activity_where:TEXT! activity_since:TEXT living:TEXT adult_gp:INTEGER health_check:INTEGER adult_services:INTEGER friends:INTEGER activities:INTEGER travels_independently:INTEGER going:TEXT aim_employment:TEXT aim_independent_living:TEXT aim_community_inclusion:TEXT aim_good_health:TEXT cease_reason:INTEGER note:TEXT! recorded_by:TEXT! recorded_at:TEXT!",
    "aspirations_said": "id:INTEGER* person_id:TEXT! outcome:TEXT! words:TEXT! said_on:TEXT! recorded_by:TEXT!",
}

FOREIGN_KEYS = {
    "episodes": {("person_id", "people", "id", "CASCADE")},
    "aspirations": {("person_id", "people", "id", "CASCADE")},
    "consents": {("person_id", "people", "id", "CASCADE")},
    "profiles": {("person_id", "people", "id", "CASCADE")},
    "team_capacity": {("area", "teams", "area", "CASCADE"), ("team_id", "teams", "id", "CASCADE")},
    "handovers": {("person_id", "people", "id", "CASCADE"), ("run_id", "schedule_runs", "id", "SET NULL")},
    "steps": {("handover_id", "handovers", "id", "CASCADE"), ("person_id", "people", "id", "CASCADE")},
    "events": {("person_id", "people", "id", "CASCADE"), ("step_id", "steps", "id", "SET NULL")},
    "users": {("person_id", "people", "id", "SET NULL")},
    "run_handovers": {("run_id", "schedule_runs", "id", "CASCADE"), ("person_id", "people", "id", "CASCADE")},
    "run_steps": {("run_id", "schedule_runs", "id", "CASCADE"), ("person_id", "people", "id", "CASCADE")},
    "caseload": {("worker", "users", "username", "CASCADE"), ("person_id", "people", "id", "CASCADE")},
    # SEN2 modules: each row belongs to its person and its parent row (a composite key).
    "sen2_persons": {("person_id", "people", "id", "CASCADE")},
    "sen2_requests": {("person_id", "people", "id", "CASCADE")},
    **{child: {("person_id", parent, "person_id", "CASCADE"), (key, parent, "id", "CASCADE")}
       for child, parent, key in (("sen2_assessments", "sen2_requests", "request_id"),
                                  ("sen2_named_plans", "sen2_assessments", "assessment_id"),
                                  ("sen2_plan_details", "sen2_named_plans", "named_plan_id"),
                                  ("sen2_active_plans", "sen2_requests", "request_id"),
                                  ("sen2_placements", "sen2_active_plans", "active_plan_id"),
                                  ("sen2_needs", "sen2_active_plans", "active_plan_id"))},
    "scheduler_jobs": {("run_id", "schedule_runs", "id", "SET NULL")},
    "own_words_versions": {("person_id", "people", "id", "CASCADE")},
    "communication_needs": {("person_id", "people", "id", "CASCADE")},
    "sessions": {("username", "users", "username", "CASCADE")},
    "outcome_records": {("person_id", "people", "id", "CASCADE")},
    "aspirations_said": {("person_id", "people", "id", "CASCADE")},
}


def _shape(db, table: str) -> str:
    cols = db.execute(f"PRAGMA table_info({table})").fetchall()
    return " ".join(f"{n}:{t}{'!' if nn else ''}{'*' if pk else ''}" for _, n, t, nn, _, pk in cols)


def test_exactly_these_tables(fresh_db):
    assert set(fresh_db.table_names()) == set(EXPECTED)


@pytest.mark.parametrize("table", sorted(EXPECTED))
def test_table_schema(fresh_db, table):
    assert _shape(fresh_db, table) == EXPECTED[table]


@pytest.mark.parametrize("table", sorted(EXPECTED))
def test_foreign_keys(fresh_db, table):
    rows = fresh_db.execute(f"PRAGMA foreign_key_list({table})").fetchall()
    assert {(r[3], r[2], r[4], r[6]) for r in rows} == FOREIGN_KEYS.get(table, set())


def test_connection_settings(file_db):
    path, db = file_db
    assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("PRAGMA busy_timeout").fetchone()[0] == store.BUSY_TIMEOUT_MS
    assert store.schema_version(db) == len(store.MIGRATIONS)


def test_migrating_twice_changes_nothing(file_db):
    path, db = file_db
    before = list(db.iterdump())
    assert store.migrate(db) == len(store.MIGRATIONS)
    again = store.open_db(path)
    assert list(again.iterdump()) == before
    again.close()


def test_default_path_follows_planner_db(monkeypatch, tmp_path):
    monkeypatch.delenv("PLANNER_DB", raising=False)
    assert str(store.default_db_path()) == "data/planner.db"
    monkeypatch.setenv("PLANNER_DB", str(tmp_path / "x.db"))
    assert store.default_db_path() == tmp_path / "x.db"


def test_people_columns_are_the_record_fields(fresh_db):
    """The people table holds exactly planner.models.PersonRecord's fields (and its version):
    a new field on the record needs a migration, and a column the model does not know fails."""
    columns = {c.name for c in fresh_db["people"].columns}
    assert columns == set(store.PERSON_COLUMNS) | {"version", "updated_by", "updated_at"}


def test_migration_5_moves_stored_aspirations_to_the_one_outcome_vocabulary(tmp_path):
    """A database made before migration 5 keeps its young people's words, under the outcome
    names the pathways and pages use; the change counter still sees aspirations."""
    import sqlite3

    from planner.store.db import _statements

    path = tmp_path / "old.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE schema_migrations (id INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)")
    for number, (name, sql) in enumerate(store.MIGRATIONS[:4], start=1):
        for statement in _statements(sql):
            conn.execute(statement)
        conn.execute("INSERT INTO schema_migrations VALUES (?, ?, 'then')", [number, name])
    conn.execute("INSERT INTO people (id, area, local_id, dob) VALUES ('a-1', 'a', '1', '2010-01-01')")
    conn.executemany("INSERT INTO aspirations VALUES ('a-1', ?, ?, 'young', 'then')",
                     [("employment", "A job"), ("community", "Drama club"), ("health", "Sleep better")])
    conn.commit()
    conn.close()
    db = store.open_db(path)
    assert store.get_aspirations(db, "a-1") == {"employment": "A job", "community_inclusion": "Drama club",
                                                "good_health": "Sleep better"}
    before = store.figures.data_stamp(db)
    store.save_aspirations(db, "a-1", {"good_health": "Walk every day"}, by="young")
    assert store.figures.data_stamp(db) > before
    db.close()


def test_migration_names_are_unique():
    names = [name for name, _ in store.MIGRATIONS]
    assert len(names) == len(set(names))


def test_a_migration_written_on_a_branch_applies_after_later_ones(tmp_path, monkeypatch):
    """Migrations are known by name: one that lands after a database was migrated past its place
    still runs, once."""
    from planner.store import db as store_db

    path = tmp_path / "m.db"
    store.open_db(path).close()
    extra = ("a late branch's table", "CREATE TABLE late_branch (id INTEGER PRIMARY KEY);")
    monkeypatch.setattr(store_db, "MIGRATIONS", (*store.MIGRATIONS[:2], extra, *store.MIGRATIONS[2:]))
    db = store.open_db(path)
    assert "late_branch" in db.table_names()
    names = [r["name"] for r in db.query("SELECT name FROM schema_migrations")]
    assert names.count("a late branch's table") == 1 and len(names) == len(store.MIGRATIONS) + 1
    store_db.migrate(db)  # again: nothing more
    assert db.execute("SELECT count(*) FROM schema_migrations").fetchone()[0] == len(store.MIGRATIONS) + 1
    db.close()
