"""AppTest: "A person's plan" and "Scheduling" (transition worker, team manager) and "Team
capacity" (team manager, administrator) on a private copy of the Westmere demo database planned
by the scheduler (3 s, one worker, accepted), on Monday 23 November 2026."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from planner import store
from planner.access import Role, User
from planner.planning import capacity, jobs, weeks
from planner.views import plan
from planner.views.words import md

from .conftest import APP, TODAY, as_read, texts

PAGES = Path(APP).parent / "pages"
WORKER = User(username="worker.ann", role=Role.WORKER, display_name="Ann Patel", team_id="send_team")
MANAGER = User(username="manager.raj", role=Role.TEAM_MANAGER, display_name="Raj Singh", team_id="send_team")
ADMIN = User(username="admin.kim", role=Role.ADMINISTRATOR, display_name="Kim Shaw")
OTHERS = [User(username="young.sam", role=Role.YOUNG_PERSON), User(username="parent.sam", role=Role.PARENT_CARER),
          User(username="commissioner.lee", role=Role.COMMISSIONER)]
RECORD = "FormSubmitter:record_event-Record"


@pytest.fixture
def planned(planned_db, monkeypatch) -> Path:
    """A private copy of Westmere planned and accepted (tests/conftest.py), as PLANNER_DB."""
    monkeypatch.setenv("PLANNER_DB", str(planned_db))
    return planned_db


@pytest.fixture
def db(planned):
    conn = store.open_db(planned)
    yield conn
    conn.close()


@pytest.fixture
def sam(db) -> str:
    return store.get_user(db, "young.sam")["person_id"]


def open_as(user: User, page: str, **state) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.session_state["today"] = TODAY
    at.session_state["user"] = user
    at.session_state["last_seen"] = dt.datetime.now()
    for k, v in state.items():
        at.session_state[k] = v
    at.run()
    at.switch_page(f"pages/{page}.py").run()
    assert not at.exception, at.exception
    return at



def button(at: AppTest, key: str):
    return next(b for b in at.button if b.key == key)


# --- who may open the pages ------------------------------------------------------------------

@pytest.mark.parametrize("user, allowed", [
    (WORKER, {"person_plan", "scheduling"}),
    (MANAGER, {"person_plan", "scheduling", "team_capacity"}),
    (ADMIN, {"team_capacity"}),
    *[(u, set()) for u in OTHERS],
])
def test_each_role_gets_only_its_pages(planned, user, allowed):
    at = AppTest.from_file(APP, default_timeout=60)
    at.session_state["today"] = TODAY
    at.session_state["user"] = user
    at.session_state["last_seen"] = dt.datetime.now()
    at.run()
    assert allowed <= set(at.session_state["nav_pages"])
    for page in {"person_plan", "scheduling", "team_capacity"} - allowed:
        assert page not in at.session_state["nav_pages"]
        with pytest.raises(ValueError, match="Could not find a navigation page"):
            at.switch_page(f"pages/{page}.py")


@pytest.mark.parametrize("page, user", [("person_plan", OTHERS[2]), ("scheduling", ADMIN),
                                        ("team_capacity", WORKER), ("person_plan", OTHERS[0])])
def test_each_page_checks_the_role_again(planned, page, user):
    alone = AppTest.from_file(str(PAGES / f"{page}.py"), default_timeout=30)
    alone.session_state["user"] = user
    alone.session_state["last_seen"] = dt.datetime.now()
    alone.run()
    assert "You cannot see this page" in alone.error[0].value
    assert not alone.dataframe and not alone.button


def test_pages_say_plainly_when_there_is_no_database(tmp_path, monkeypatch):
    monkeypatch.setenv("PLANNER_DB", str(tmp_path / "none.db"))
    for user, page in ((WORKER, "person_plan"), (WORKER, "scheduling"), (MANAGER, "team_capacity")):
        at = open_as(user, page)
        assert "There is no database yet" in at.warning[0].value


# --- a person's plan ---------------------------------------------------------------------------

def test_person_plan_shows_handovers_steps_gaps_and_meetings(planned, db, sam):
    at = open_as(WORKER, "person_plan", plan_person_id=sam)
    assert at.selectbox(key="person_plan_choice").value == sam
    assert at.header[0].value.startswith("Sam Taylor, ")
    handovers = plan.handover_views(store.handovers_for(db, sam), store.steps_for(db, sam), TODAY)
    titles = [h.title for h in handovers]
    assert [s.value for s in at.subheader if s.value in titles] == titles
    shown = texts(at)
    for h in handovers:
        assert h.gap_sentence in shown
    table = at.dataframe[0].value
    assert list(table.columns) == ["Starts", "Ends", "Step", "Team", "Deadline", "Statutory deadline", "Status",
                                   "Meeting", "Why this week"]
    planned = [x for x in table["Starts"] if x is not None]  # steps due before the record began have no start
    assert planned == sorted(planned)  # in date order
    assert all(s[0] in "■◆▶▲○✖✕?" for s in table["Status"]) and all(table["Why this week"])
    assert "CAMHS care coordinators" in set(table["Team"])  # team names, not ids
    assert "Chart of" in str(at.get("vega_lite_chart")[0].proto) and "The tables below say the same" in shown
    # Told once: Sam shares his words with the SEND team, so Ann sees them first, the
    # communication needs flagged at the very top (Accessible Information Standard).
    assert as_read(at.warning[0].value) == ("Communication needs. Contact: by text message. Information: Easy Read. "
                                   "Support: give me extra time to answer; a person I know with me.")
    assert "I want to work with animals. (In Sam&#x27;s own words)" in " ".join(h.proto.body for h in at.get("html"))
    assert [e.label for e in at.expander if e.label.startswith("Referral to")]
    reads = [r for r in store.list_audit(db, person_id=sam) if r["username"] == "worker.ann"]
    assert reads and reads[0]["action"] == "read" and reads[0]["detail"] == "person plan"


def test_merged_meetings_say_which_reviews_and_who_to_invite(planned, db):
    people = plan.people_for(db, WORKER)
    teams = {t["id"]: t["name"] for t in store.list_teams(db, "westmere")}
    meeting = plan.meetings_for_people(db, people, teams)[0]
    at = open_as(WORKER, "person_plan", plan_person_id=meeting.person_id)
    line = f"In {meeting.when}: {' and '.join(meeting.titles)}. Invite: {meeting.invite}."
    assert line in texts(at) and "the young person and their family" in line
    rows = [r for df in at.dataframe for r in df.value.to_dict("records") if "Meeting" in r]
    assert any(str(r["Meeting"]).startswith("Yes, merged with: ") for r in rows)


def test_a_worker_cannot_open_someone_not_on_their_caseload(planned, db):
    other = store.caseload(db, "worker.westmere.002")[0]
    at = open_as(WORKER, "person_plan", plan_person_id=other["id"])
    assert at.selectbox(key="person_plan_choice").value is None
    assert other["name"] not in texts(at) and not at.dataframe
    assert not [r for r in store.list_audit(db, person_id=other["id"]) if r["username"] == "worker.ann"]


def test_a_team_manager_chooses_from_the_teams_people(planned, db, sam):
    at = open_as(MANAGER, "person_plan")
    options = at.selectbox(key="person_plan_choice").options
    assert len(options) == len(plan.people_for(db, MANAGER)) > len(plan.people_for(db, WORKER))
    at.selectbox(key="person_plan_choice").set_value(sam).run()
    assert at.header[0].value.startswith("Sam Taylor") and at.session_state["plan_person_id"] == sam


def _transfer(db, pid) -> dict:
    return next(s for s in store.steps_for(db, pid) if s["kind"] == "transfer" and s["status"] == "planned")


def test_moving_a_step_shows_the_effect_then_saves(planned, db, sam):
    transfer = _transfer(db, sam)
    due = dt.date.fromisoformat(next(h for h in store.handovers_for(db, sam) if h["id"] == transfer["handover_id"])["due"])
    later = due + dt.timedelta(weeks=8)
    at = open_as(WORKER, "person_plan", plan_person_id=sam)
    at.selectbox(key="move_step").set_value(transfer["id"]).run()
    at.date_input(key="move_date").set_value(later).run()
    button(at, "show_effect").click().run()
    assert not at.exception, at.exception
    shown = texts(at)
    effect = at.session_state["person_plan_effect"].effect
    assert effect.gap_weeks_after > effect.gap_weeks_before
    assert f"Gap weeks: {effect.gap_weeks_before} → {effect.gap_weeks_after}" in shown
    assert "Statutory deadlines missed:" in shown and "Separate family meetings:" in shown
    assert "weeks after" in shown  # the gap after the change, in words
    assert f"Moving “{transfer['title']}” to start on or after {later.day} {later:%B %Y}" in shown
    moved = at.dataframe[-1].value if "To" in at.dataframe[-1].value.columns else None
    assert moved is not None and transfer["title"] in set(moved["Step"])
    assert _transfer(db, sam)["start"] == transfer["start"]  # nothing saved yet
    button(at, "save_effect").click().run()
    assert not at.exception, at.exception
    assert f"Saved. Gap weeks are now {effect.gap_weeks_after}" in at.success[0].value
    saved = next(s for s in store.steps_for(db, sam) if s["id"] == transfer["id"])
    assert saved["start"] >= weeks.monday_of(later).isoformat() and saved["pinned"] == 1
    assert any(r["action"] == "re-plan" and r["username"] == "worker.ann" for r in store.list_audit(db, person_id=sam))


def test_a_save_after_someone_else_saved_is_refused(planned, db, sam):
    transfer = _transfer(db, sam)
    at = open_as(WORKER, "person_plan", plan_person_id=sam)
    at.selectbox(key="move_step").set_value(transfer["id"]).run()
    at.date_input(key="move_date").set_value(dt.date.fromisoformat(transfer["start"]) + dt.timedelta(weeks=4)).run()
    button(at, "show_effect").click().run()
    # Another worker records a change to one of Sam's steps in the meantime.
    other = store.steps_for(db, sam)[-1]
    store.update_step(db, other["id"], {"reason": "moved by hand"}, expected_version=other["version"], by="worker.bob")
    button(at, "save_effect").click().run()
    assert not at.exception, at.exception
    error = at.error[0].value
    assert "changed by worker.bob" in error and "Nothing was saved" in error
    assert _transfer(db, sam)["start"] == transfer["start"]
    assert "person_plan_effect" not in at.session_state


def test_recording_what_happened_marks_the_step_and_plans_a_follow_up(planned, db, sam):
    transfer = _transfer(db, sam)
    at = open_as(WORKER, "person_plan", plan_person_id=sam)
    at.selectbox(key="event_kind").set_value("adult_service_started")
    at.selectbox(key="event_step").set_value(transfer["id"])
    at.button(key=RECORD).click().run()
    assert not at.exception, at.exception
    assert "is marked done" in at.success[0].value
    at.selectbox(key="event_kind").set_value("did_not_attend")
    at.selectbox(key="event_step").set_value(transfer["id"])
    at.text_area(key="event_note").input("missed the first appointment")
    at.button(key=RECORD).click().run()
    assert "a follow-up is planned within two weeks" in at.success[0].value
    assert any(s["kind"] == "follow_up" and "dna_follow_up" in s["id"] for s in store.steps_for(db, sam))
    events = store.events_for(db, sam)
    assert [(e["kind"], e["recorded_by"]) for e in events][-2:] == [("adult_service_started", "worker.ann"),
                                                                     ("did_not_attend", "worker.ann")]
    assert "missed the first appointment" in texts(at)


# --- scheduling -----------------------------------------------------------------------------------

def test_run_the_scheduler_in_the_background_then_accept(planned, db):
    at = open_as(WORKER, "scheduling")
    assert at.number_input(key="schedule_limit").value == 50
    assert "There is no proposal waiting" in texts(at)
    at.number_input(key="schedule_limit").set_value(5)
    button(at, "run_scheduler").click().run()
    job_id = at.session_state["schedule_job"]
    assert at.get("progress"), "a progress bar while the run goes on"
    # A team manager opening the page meanwhile sees the same run and cannot start another.
    other = open_as(MANAGER, "scheduling")
    if jobs.REGISTRY.get(job_id).done is False:
        assert button(other, "run_scheduler").disabled and "worker.ann started a run" in other.info[0].value
    job = jobs.REGISTRY.wait(job_id, 120)
    assert job.done and job.error is None, job.error
    at.run()
    shown = texts(at)
    assert f"proposal {job.result.run_id} plans" in at.success[0].value
    compare = at.dataframe[0].value
    assert list(compare.columns) == ["Measure", "Current plan", "Proposal", "Change"]
    assert list(compare["Measure"]) == list(plan.MEASURES.values())
    assert "Compared with the current plan, the proposal has" in shown
    assert "Distance from the lower bound:" in shown
    assert store.get_schedule_run(db, job.result.run_id)["status"] == "proposed"
    # Only a team manager or an administrator accepts an area's plan.
    assert button(at, "accept_plan").disabled
    assert any("Only a team manager or an administrator can accept" in c.value for c in at.caption)
    manager = open_as(MANAGER, "scheduling")
    button(manager, "accept_plan").click().run()
    assert not manager.exception, manager.exception
    assert f"Accepted: run {job.result.run_id} is now the plan for Westmere" in manager.success[0].value
    assert store.get_schedule_run(db, job.result.run_id)["status"] == "accepted"
    assert any(r["action"] == "accept plan" for r in store.list_audit(db, username="manager.raj"))
    assert "There is no proposal waiting" in texts(manager)


def test_scheduling_lists_the_merged_meetings_of_the_caseload(planned, db):
    at = open_as(WORKER, "scheduling")
    teams = {t["id"]: t["name"] for t in store.list_teams(db, "westmere")}
    meetings = plan.meetings_for_people(db, plan.people_for(db, WORKER), teams)
    table = at.dataframe[-1].value
    assert list(table.columns) == ["Week of", "Young person", "Reviews held together", "Who to invite"]
    assert len(table) == len(meetings) > 0
    assert set(table["Young person"]) <= {p["name"] for p in plan.people_for(db, WORKER)}
    audit = store.list_audit(db, username="worker.ann")[0]
    assert audit["action"] == "meetings viewed" and audit["person_id"] is None


# --- team capacity --------------------------------------------------------------------------------

def test_team_capacity_over_time_in_a_table_and_in_words(planned, db):
    at = open_as(MANAGER, "team_capacity")
    shown = texts(at)
    for t in plan.team_capacities(store.list_teams(db, "westmere"), store.capacity_for(db, "westmere"), TODAY):
        assert t.text in shown
    table = at.dataframe[0].value
    assert len(table) == len(store.capacity_for(db, "westmere"))
    # A team manager changes their own team's capacity only; an administrator any team's.
    assert at.selectbox(key="capacity_team").options == ["SEND team (EHC plan caseworkers)"]
    admin = open_as(ADMIN, "team_capacity")
    assert len(admin.selectbox(key="capacity_team").options) == len(store.list_teams(db, "westmere"))


def test_what_if_then_save_per_month_stored_per_week(planned, db):
    at = open_as(MANAGER, "team_capacity")
    at.radio(key="capacity_per").set_value("month").run()
    amount = next(n for n in at.number_input if n.key.startswith("capacity_amount"))
    assert amount.value == pytest.approx(2.641 * 52 / 12, abs=0.01)  # the rate in force, per month
    at.date_input(key="capacity_from").set_value(dt.date(2027, 4, 1)).run()
    amount = next(n for n in at.number_input if n.key.startswith("capacity_amount"))
    amount.set_value(round(amount.value + 4, 2)).run()
    button(at, "capacity_show").click().run()
    assert not at.exception, at.exception
    shown = texts(at)
    assert "The effect of this change" in [s.value for s in at.subheader]
    assert "Gap weeks:" in shown and "The lower bound (the least gap any plan could have" in shown
    assert not [r for r in store.capacity_for(db, "westmere", "send_team") if r["from_date"] == "2027-04-01"]
    button(at, "capacity_save").click().run()
    assert not at.exception, at.exception
    assert f"Saved: {md('SEND team (EHC plan caseworkers)')}, about" in at.success[0].value  # the name escaped
    row = next(r for r in store.capacity_for(db, "westmere", "send_team") if r["from_date"] == "2027-04-01")
    assert row["per_week"] == pytest.approx((round(2.641 * 52 / 12, 2) + 4) * 12 / 52)
    assert row["updated_by"] == "manager.raj"
    assert store.list_audit(db, username="manager.raj")[0]["action"] == "set capacity"


def test_a_stale_capacity_edit_is_refused(planned, db):
    at = open_as(ADMIN, "team_capacity")
    at.selectbox(key="capacity_team").set_value("send_team").run()
    at.date_input(key="capacity_from").set_value(dt.date(2027, 4, 1)).run()
    # Someone else sets the same team's capacity from the same date first.
    capacity.change_capacity(db, "westmere", "send_team", dt.date(2027, 4, 1), 9.0, "manager.raj")
    button(at, "capacity_save").click().run()
    assert "changed by manager.raj" in at.error[0].value and "Nothing was saved" in at.error[0].value
    rows = [r for r in store.capacity_for(db, "westmere", "send_team") if r["from_date"] == "2027-04-01"]
    assert [(r["per_week"], r["updated_by"]) for r in rows] == [(9.0, "manager.raj")]
