"""AppTest: the "Capacity to buy" page on a private copy of the Westmere demo database, with the
CAMHS care coordinators able to start one piece of work in a hundred weeks (so enough young
people wait for figures to be shown): the advice in words beside every chart, the tables, the
CSV download, the aim as a choice, the cache, and who may open it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from planner import store
from planner.access import Role, User
from planner.views.pages import capacity_to_buy

from .conftest import APP, TODAY

PAGES = Path(APP).parent / "pages"
COMMISSIONER = User(username="commissioner.lee", role=Role.COMMISSIONER, display_name="Lee Evans")
ADMIN = User(username="admin.kim", role=Role.ADMINISTRATOR, display_name="Kim")


@pytest.fixture
def short_of_camhs(demo_db, monkeypatch):
    db = store.open_db(demo_db)
    store.set_capacity(db, "westmere", "camhs_team", TODAY, 0.01, by="test")
    db.conn.close()
    monkeypatch.setenv("PLANNER_DB", str(demo_db))
    return demo_db


@pytest.fixture
def app():
    at = AppTest.from_file(APP, default_timeout=120)
    at.session_state["today"] = TODAY
    return at


def _open(app, user: User):
    app.session_state["user"] = user
    app.session_state["last_seen"] = dt.datetime.now()
    app.run()
    app.switch_page("pages/capacity_to_buy.py").run()
    assert not app.exception, app.exception
    return app


def _words(app) -> str:
    return " ".join(m.value for m in app.markdown)


def test_the_commissioner_reads_what_to_buy_in_words_tables_and_a_csv(app, short_of_camhs):
    _open(app, COMMISSIONER)
    assert [h.value for h in app.header] == ["Where the gaps come from", "When one more place saves most",
                                             "What to buy", "When each queue clears", "Download the advice"]
    words = _words(app)
    assert "CAMHS care coordinators: about 10 handovers wait for it" in words
    assert "To cut the weighted gap by 50% of what more capacity can remove, buy" in words
    assert "does not need a scheduling run" in words
    assert len(app.dataframe) == 4  # teams, savings, the purchase, the queues
    teams = app.dataframe[0].value
    assert list(teams["Team"]) == ["CAMHS care coordinators", "Total"]
    assert set(teams["handovers that wait"]) == {"10"}  # released: rounded to 5
    assert [b.label for b in app.get("download_button")] == ["Download the advice (CSV file)"]
    db = store.open_db(short_of_camhs)
    people = list(db.query("SELECT id, name FROM people"))
    db.conn.close()
    shown = words + " ".join(df.value.to_csv() for df in app.dataframe)
    assert not [p for p in people if p["id"] in shown or p["name"] in shown]


def test_a_bigger_aim_buys_more_and_a_rerun_reads_the_advice_from_memory(app, short_of_camhs, monkeypatch):
    calls = []
    real = capacity_to_buy.capacity.capacity_advice

    def counting(*args, **kwargs):
        calls.append(args[1])
        return real(*args, **kwargs)

    monkeypatch.setattr(capacity_to_buy.capacity, "capacity_advice", counting)
    capacity_to_buy.CACHE._items.clear()
    _open(app, COMMISSIONER)
    half = app.dataframe[2].value
    app.run()
    assert calls == ["westmere"]  # the second run: from memory
    app.selectbox(key="buy_share").set_value(100).run()
    assert not app.exception
    assert "To remove all the gap more capacity can remove, buy" in _words(app)
    assert app.dataframe[2].value["more starts"].astype(int).sum() >= half["more starts"].astype(int).sum()
    assert calls == ["westmere"]  # another aim re-uses the advice; only the purchase is worked out


def test_an_administrator_may_open_it_and_other_roles_may_not(app, short_of_camhs):
    _open(app, ADMIN)
    assert app.header[0].value == "Where the gaps come from"
    for user in (User(username="worker.ann", role=Role.WORKER, team_id="send_team"),
                 User(username="manager.raj", role=Role.TEAM_MANAGER, team_id="send_team"),
                 User(username="young.sam", role=Role.YOUNG_PERSON)):
        app.session_state["user"] = user
        app.session_state["last_seen"] = dt.datetime.now()
        app.run()
        with pytest.raises(ValueError, match="Could not find a navigation page"):
            app.switch_page("pages/capacity_to_buy.py")
    alone = AppTest.from_file(str(PAGES / "capacity_to_buy.py"), default_timeout=30)
    alone.session_state["user"] = User(username="worker.ann", role=Role.WORKER, team_id="send_team")
    alone.session_state["last_seen"] = dt.datetime.now()
    alone.run()
    assert "You cannot see this page" in alone.error[0].value and not alone.dataframe
