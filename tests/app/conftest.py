"""AppTest fixtures: an app signed in as any sample account, on a fixed date. The Westmere
databases (`demo_db`, `planned_db`, `db`) are in tests/conftest.py."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from streamlit.runtime.pages_manager import PagesManager
from streamlit.testing.v1 import AppTest

from planner.access.records import sample_records
from planner.access.store_records import open_records
from tests.conftest import TODAY  # noqa: F401  (Monday 23 November 2026; the app tests import it from here)

APP = str(Path(__file__).resolve().parents[2] / "app.py")


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


def as_read(markdown: str) -> str:
    """What a reader sees of a page's Markdown: the backslashes that keep typed text from being
    read as Markdown (planner.views.words.md) taken out."""
    return re.sub(r"\\(.)", r"\1", markdown)


def texts(at: AppTest) -> str:
    """Every message, heading and table of a page run, as a reader sees it (one string)."""
    parts = [e.value for kind in ("markdown", "success", "info", "warning", "error", "header", "subheader")
             for e in getattr(at, kind)]
    parts += [df.value.to_csv() for df in at.dataframe]
    return as_read("\n".join(str(p) for p in parts))


def store_app(db, username: str, today: dt.date = TODAY, timeout: float = 30) -> AppTest:
    """The app (not yet run) on the store `db` (its file in PLANNER_DB), signed in as `username`."""
    at = AppTest.from_file(APP, default_timeout=timeout)
    at.session_state["today"] = today
    at.session_state["user"] = open_records(db).account(username).user
    at.session_state["last_seen"] = dt.datetime.now()
    return at


def open_page(at: AppTest, page: str) -> AppTest:
    """Go to `pages/<page>.py` and run it; it must not raise."""
    at.switch_page(f"pages/{page}.py").run()
    assert not at.exception, at.exception
    return at
