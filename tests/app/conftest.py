"""AppTest fixtures: an app signed in as any sample account, on a fixed date."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from streamlit.runtime.pages_manager import PagesManager
from streamlit.testing.v1 import AppTest

from planner.access.records import sample_records

APP = str(Path(__file__).resolve().parents[2] / "app.py")
TODAY = dt.date(2026, 11, 23)


@pytest.fixture(autouse=True)
def _navigation_not_pages_folder(monkeypatch):
    """AppTest resets PagesManager.uses_pages_directory before every run, so with a folder
    named pages/ each rerun would execute the page file alone (Streamlit's old multipage mode)
    instead of app.py. A live server sets it to False on its first st.navigation call and keeps
    it; this makes AppTest behave like that live server."""
    original = PagesManager.__init__

    def init(self, *args, **kwargs):
        original(self, *args, **kwargs)
        PagesManager.uses_pages_directory = False

    monkeypatch.setattr(PagesManager, "__init__", init)


@pytest.fixture
def records():
    return sample_records()


@pytest.fixture
def app(records):
    """A fresh app on the sample records, not signed in."""
    at = AppTest.from_file(APP, default_timeout=30)
    at.session_state["records"] = records
    at.session_state["today"] = TODAY
    return at


@pytest.fixture
def signed_in(records):
    """signed_in(app, username): the app run once as that sample account."""

    def sign(at: AppTest, username: str) -> AppTest:
        at.session_state["user"] = records.account(username).user
        at.session_state["last_seen"] = dt.datetime.now()
        return at.run()

    return sign


@pytest.fixture(scope="session")
def westmere_db_path(tmp_path_factory) -> Path:
    """A Westmere demo database (150 people, the demo accounts), built once per test session.
    Tests that write copy it first (`demo_db`)."""
    from planner import demo, store

    path = tmp_path_factory.mktemp("westmere") / "planner.db"
    db = store.open_db(path)
    demo.build(db, "westmere", seed=1)
    db.conn.close()
    return path


@pytest.fixture
def demo_db(westmere_db_path, tmp_path) -> Path:
    """A private copy of the Westmere demo database for one test."""
    import shutil

    from planner import store

    src = store.open_db(westmere_db_path)
    src.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    src.conn.close()
    path = tmp_path / "planner.db"
    shutil.copy(westmere_db_path, path)
    return path


@pytest.fixture
def db(demo_db):
    """An open store connection on the private Westmere copy (closed after the test)."""
    from planner import store

    conn = store.open_db(demo_db)
    yield conn
    conn.conn.close()
