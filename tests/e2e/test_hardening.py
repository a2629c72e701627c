"""Issue 17 in the system Chromium: a name written as Markdown never makes the worker's browser
fetch anything, and a damaged database shows a plain message, never a traceback or a path."""

from __future__ import annotations

import datetime as dt

import pytest

from planner import demo, store
from planner.views.words import long_date
from tests.e2e.browser import sign_in_staff, wait_ready
from tests.e2e.conftest import app_server

pytestmark = pytest.mark.browser

NAME = "Riley ![track](http://evil.example/pixel.png) **Bold**"


@pytest.fixture(scope="module")
def hostile_name(tmp_path_factory):
    """The app on a Westmere database in which Alex's name is an image link: (url, alex's dob)."""
    path = tmp_path_factory.mktemp("hardening-e2e") / "planner.db"
    db = store.open_db(path)
    demo.build(db, "westmere", seed=1)
    alex = store.get_user(db, "young.alex")["person_id"]
    store.update_person(db, alex, {"name": NAME}, expected_version=None, by="test")
    dob = dt.date.fromisoformat(store.get_person(db, alex)["dob"])
    db.conn.close()
    with app_server(path, path.parent) as url:
        yield url, dob


def test_a_markdown_name_is_shown_as_written_and_fetches_nothing(hostile_name, page):
    url, dob = hostile_name
    asked: list[str] = []
    page.on("request", lambda request: asked.append(request.url))
    sign_in_staff(page, url, "worker.ann")
    page.get_by_test_id("stSidebarNav").get_by_role("link", name="A person's plan").click()
    page.get_by_role("heading", level=1, name="A person's plan").wait_for()
    box = page.get_by_role("combobox", name="Young person", exact=True)
    box.click()
    box.press_sequentially("Riley")
    page.get_by_role("option", name=f"{NAME} (born {long_date(dob)})", exact=True).click()
    wait_ready(page)
    heading = page.get_by_role("heading", level=2).filter(has_text="Riley").first
    heading.wait_for(timeout=60_000)
    assert heading.inner_text().startswith(NAME)  # the characters as typed, not an image or bold text
    assert page.locator('img[src*="evil.example"]').count() == 0
    assert not [u for u in asked if "evil.example" in u]


def test_a_damaged_database_shows_a_plain_message(tmp_path, page):
    bad = tmp_path / "planner.db"
    bad.write_bytes(b"this is not a database" * 500)
    with app_server(bad, tmp_path) as url:
        page.goto(url)
        page.get_by_text("damaged or is not a planner database").wait_for(timeout=60_000)
        text = page.locator('[data-testid="stApp"]').inner_text()
    assert "Traceback" not in text and str(tmp_path) not in text and "sqlite3" not in text
