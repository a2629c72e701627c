"""The administrator's data tools in the system Chromium, on a Westmere demo database: upload a
file with a bad row, see the row's problem, fix it, import it, download the new person's
subject access files, erase them; and an axe scan (WCAG 2.2 A and AA) of the Data and
Statutory returns pages."""

from __future__ import annotations

import json
import re

import pytest

from planner import store
from tests.conftest import copy_db
from tests.e2e.browser import serious_violations, short, wait_ready
from tests.e2e.browser import sign_in_staff as sign_in
from tests.e2e.conftest import app_server

pytestmark = pytest.mark.browser

GOOD = "local_id,name,dob,primary_need,ehc_plan,plan_issued\nT1,Testy McTest,2009-04-01,DS,Y,2016-01-01\nT2,Other Test,2010-02-02,SpLD,N,\n"
BAD = GOOD.replace("2010-02-02", "31/02/2010")


@pytest.fixture(scope="module")
def westmere(westmere_db_path, tmp_path_factory):
    path = copy_db(westmere_db_path, tmp_path_factory.mktemp("westmere-data") / "planner.db")
    with app_server(path, path.parent) as url:
        yield url, path


def go(page, title: str, last_heading: str) -> None:
    page.get_by_test_id("stSidebarNav").get_by_role("link", name=title).click()
    page.get_by_role("heading", level=1, name=title).wait_for()
    page.get_by_role("heading", name=last_heading).wait_for(timeout=60_000)
    wait_ready(page)


def upload(page, path) -> None:
    page.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(str(path))
    wait_ready(page)


def test_administrator_imports_a_fixed_file_then_answers_and_erases(westmere, page, tmp_path):
    url, path = westmere
    sign_in(page, url, "admin.kim")
    go(page, "Data", "One person's record")

    (tmp_path / "people.csv").write_text(BAD, encoding="utf-8")
    upload(page, tmp_path / "people.csv")
    page.get_by_text("row 3, column dob: '31/02/2010' is not a date").wait_for()
    assert page.get_by_text("1 problem found, so nothing can be imported").is_visible()
    assert page.get_by_role("button", name=re.compile("^Import")).count() == 0

    (tmp_path / "fixed.csv").write_text(GOOD, encoding="utf-8")
    upload(page, tmp_path / "fixed.csv")
    page.get_by_text("2 rows are ready to import").wait_for()
    page.get_by_role("button", name="Import 2 rows").click()
    page.get_by_text("Imported: 2 inserted, 0 updated, 0 unchanged.").wait_for(timeout=60_000)
    wait_ready(page)

    page.get_by_label("Name or id").fill("Testy McTest")
    page.get_by_label("Name or id").press("Enter")
    page.get_by_role("button", name="Prepare the subject access files").click()
    with page.expect_download() as d:
        page.get_by_role("button", name="Download the record (JSON)").click()
    record = json.loads(open(d.value.path(), encoding="utf-8").read())
    assert record["person"]["name"] == "Testy McTest" and record["person"]["primary_need"] == "DS"
    with page.expect_download() as d:
        page.get_by_role("button", name="Download the record to read (HTML)").click()
    assert "Everything the transition planner holds about Testy McTest" in open(d.value.path(), encoding="utf-8").read()

    page.get_by_label("To confirm, type the person's id: westmere-T1").fill("westmere-T1")
    page.get_by_label("Why the record is being erased").fill("test person, no longer needed")
    page.get_by_label("Why the record is being erased").press("Enter")
    # Wait until the app has taken the reason (Streamlit's "Press Enter to apply" hint goes) and
    # finished that run: a click that lands while a run is still being requested can be merged
    # away with it, and the erasure would never be asked for.
    page.wait_for_function("() => !document.body.innerText.includes('Press Enter to apply')")
    wait_ready(page)
    page.get_by_role("button", name="Erase this record").click()
    page.get_by_text(re.compile("^Erased westmere-T1:")).wait_for(timeout=60_000)

    db = store.open_db(path)
    try:
        assert store.get_person(db, "westmere-T1") is None and store.get_person(db, "westmere-T2") is not None
        done = [(r["username"], r["action"]) for r in store.list_audit(db, limit=50)]
        for action in ("import people", "subject access request", "erase person"):
            assert ("admin.kim", action) in done, action
    finally:
        db.conn.close()


def test_data_and_returns_pages_pass_an_axe_scan(westmere, page):
    url, _ = westmere
    sign_in(page, url, "admin.kim")
    go(page, "Data", "One person's record")
    assert not short(serious_violations(page))
    go(page, "Statutory returns", "Downloads")
    assert page.get_by_role("heading", name="Phase transfers: amended EHC plan finalised by the deadline").is_visible()
    assert not short(serious_violations(page))
