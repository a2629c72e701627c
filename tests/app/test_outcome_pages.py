"""AppTest: a worker records an outcome on "A person's plan", the young person checks in on "My
plan", and the commissioner's "Outcomes after 18" page, on a private copy of the Westmere demo
database (with its outcome histories), on Monday 23 November 2026."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from streamlit.testing.v1 import AppTest

from planner import outcomes as oc
from planner import store
from planner.access import Role, User
from planner.need import outcomes as need_outcomes

from .conftest import APP, TODAY, texts

WORKER = User(username="worker.ann", role=Role.WORKER, display_name="Ann Patel", team_id="send_team")
COMMISSIONER = User(username="commissioner.lee", role=Role.COMMISSIONER, display_name="Lee Evans")
RECORD = "FormSubmitter:record_outcome-Save this outcome"
CHECK_IN = "FormSubmitter:check_in_form-Send my answers"


@pytest.fixture
def path(demo_db, monkeypatch):
    monkeypatch.setenv("PLANNER_DB", str(demo_db))
    return demo_db


@pytest.fixture
def db(path):
    conn = store.open_db(path)
    yield conn
    conn.close()


def user_of(db, username: str) -> User:
    row = store.get_user(db, username)
    return User(username=username, role=Role(row["role"]), display_name=row["display_name"],
                person_id=row["person_id"], team_id=row["team_id"])


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



def _audit(db, action: str) -> list[dict]:
    return list(db.query("SELECT * FROM audit_log WHERE action = ?", [action]))


# ---- the worker -------------------------------------------------------------------------------------

def test_a_worker_records_an_outcome_with_its_source(db):
    sam = user_of(db, "young.sam").person_id
    at = open_as(WORKER, "person_plan", plan_person_id=sam)
    assert "Outcomes" in [h.value for h in at.header]
    assert ("At 14 Sam wanted to be a vet; at 16 Sam wanted to work with animals. Nothing is recorded yet about "
            "work, learning or training.") in texts(at)
    at.selectbox(key="outcome_source").set_value("annual review")
    at.selectbox(key="outcome_activity").set_value("supported_internship")
    at.text_input(key="outcome_where").input("the farm park")
    at.selectbox(key="outcome_living").set_value("with_family")
    at.selectbox(key="outcome_friends").set_value(True)
    at.button(key=RECORD).click().run()
    assert not at.exception, at.exception
    assert "The commissioner's outcome figures count it" in at.success[0].value
    [rec] = oc.history(db, sam)
    assert (rec.activity, rec.activity_where, rec.living, rec.friends, rec.source, rec.recorded_by, rec.observed_on) \
        == ("supported_internship", "the farm park", "with_family", True, "annual review", "worker.ann", TODAY)
    assert [a["person_id"] for a in _audit(db, "record outcome")] == [sam]
    shown = texts(at)
    assert "on a supported internship at the farm park" in shown
    assert ("At 14 Sam wanted to be a vet; at 16 Sam wanted to work with animals: Sam is on a supported "
            "internship at the farm park.") in shown


def test_an_outcome_that_does_not_fit_is_refused_in_words(db):
    sam = user_of(db, "young.sam").person_id
    at = open_as(WORKER, "person_plan", plan_person_id=sam)
    at.selectbox(key="outcome_activity").set_value("neet")
    at.number_input(key="outcome_hours").set_value(12.0)
    at.button(key=RECORD).click().run()
    assert "paid hours do not fit not in education, work or training" in at.error[0].value
    assert oc.history(db, sam) == []


# ---- the young person --------------------------------------------------------------------------------

def test_the_young_person_checks_in_in_plain_words(db):
    young = user_of(db, "young.sam")
    at = open_as(young, "my_plan")
    assert "How is it going?" in [h.value for h in at.header]
    at.radio(key="check_in_going").set_value("well")
    at.selectbox(key="check_in_doing").set_value("school_or_college")
    at.radio(key="check_in_friends").set_value("yes")
    at.radio(key="check_in_aim_employment").set_value("partly")
    at.button(key=CHECK_IN).click().run()
    assert not at.exception, at.exception
    assert at.success[0].value.startswith("Thank you")
    [rec] = oc.history(db, young.person_id)
    assert rec.by_young_person and (rec.going, rec.activity, rec.friends, rec.aim_employment) == (
        "well", "school_or_college", True, "partly")
    assert _audit(db, "check-in")[0]["username"] == "young.sam"
    assert ("At 14 you wanted to be a vet; at 16 you wanted to work with animals: you are at school or college. "
            "On 23 November 2026 you said it is partly going the way you wanted.") in texts(at)
    assert "You last answered on 23 November 2026." in texts(at)


def test_an_empty_check_in_asks_for_one_answer(db):
    at = open_as(user_of(db, "young.sam"), "my_plan")
    at.button(key=CHECK_IN).click().run()
    assert "Answer at least one question" in at.warning[0].value


def test_a_parent_sees_what_they_wanted_but_does_not_answer_for_them(db):
    at = open_as(user_of(db, "parent.sam"), "my_plan")
    assert "How is it going?" not in [h.value for h in at.header]
    assert "What they wanted and what happened" in [h.value for h in at.header]
    assert "At 14 Sam wanted to be a vet; at 16 Sam wanted to work with animals." in texts(at)


# ---- the commissioner --------------------------------------------------------------------------------

def test_the_commissioners_outcomes_in_words_tables_and_no_person(db, monkeypatch):
    calls = []
    real = need_outcomes.build
    monkeypatch.setattr(need_outcomes, "build", lambda *a, **k: calls.append(1) or real(*a, **k))
    at = open_as(COMMISSIONER, "outcomes")
    assert [h.value for h in at.header] == ["Every indicator", "Is it going the way they wanted?", "Breakdowns",
                                            "Download the figures"]
    report = need_outcomes.outcomes_report(db, TODAY, None)
    shown = texts(at)
    for key in ("headline", "own_aims", "eet_19_by_cohort"):
        assert report.view(key).summary in shown, key
    assert "nationally 16.4%" in shown  # national figures beside the local ones
    at.selectbox(key="outcomes_indicator").set_value("paid_21")
    at.selectbox(key="outcomes_dimension").set_value("plan").run()
    assert report.view("paid_21_by_plan").summary in texts(at)
    assert len(calls) == 1  # every rerun read the figures from the cache
    cells = [str(c) for df in (*at.dataframe, *at.table) for c in df.value.to_numpy().ravel()]
    assert len(at.table) == 2 and "In education, employment or training at 19" in cells
    assert not any(re.fullmatch(r"[1-7]", c) for c in cells)
    everything = "\n".join(cells) + shown
    for person in db.query("SELECT id, name FROM people"):
        assert person["id"] not in everything and person["name"] not in everything
    assert [b.label for b in at.get("download_button")] == ["Download the figures (CSV file)"]


def test_only_the_commissioner_sees_the_outcomes_page(db):
    for user in (WORKER, user_of(db, "young.sam"), user_of(db, "manager.raj"), user_of(db, "admin.kim")):
        at = AppTest.from_file(APP, default_timeout=60)
        at.session_state["user"] = user
        at.session_state["last_seen"] = dt.datetime.now()
        at.run()
        with pytest.raises(ValueError, match="Could not find a navigation page"):
            at.switch_page("pages/outcomes.py")
