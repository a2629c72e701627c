"""The family hears the truth (issue 11, item 9), in the system Chromium: Westmere is planned by
the scheduler with the CAMHS team unable to start any transition work for two years, so Sam's adult
mental health care starts after CAMHS ends; his parent signs in and reads that gap, with why,
what is being done and who to ask, on the home page."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from planner import store
from planner.planning import capacity, runs
from planner.views.journey import gaps
from tests.conftest import copy_db
from tests.e2e.browser import wait_ready
from tests.e2e.conftest import app_server
from tests.e2e.test_family_journey import sign_in

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def gap_db(westmere_db_path, tmp_path_factory):
    """Westmere planned today with the CAMHS team unable to start transition work for two years:
    the plan has a gap for Sam, worked out by the scheduler, not written by hand."""
    path = copy_db(westmere_db_path, tmp_path_factory.mktemp("gapdb") / "planner.db")
    db = store.open_db(path)
    today = dt.date.today()
    monday = today - dt.timedelta(days=today.weekday())
    # No CAMHS transition work can start for two years, then plenty (Westmere's CAMHS team has no
    # stated limit): whoever the scheduler favours, Sam's CAMHS (ending within those two years) ends
    # before his adult care can start. (A thinner team, one start in 10 weeks, left the gap to
    # someone else on some days.)
    capacity.change_capacity(db, "westmere", "camhs_team", monday, 0.0, by="test")
    capacity.change_capacity(db, "westmere", "camhs_team", monday + dt.timedelta(weeks=104), 50.0, by="test")
    runs.plan_area(db, "westmere", today, time_limit=5, workers=1, accept_now=True)
    sam = store.get_user(db, "young.sam")["person_id"]
    found = gaps(store.handovers_for(db, sam), store.steps_for(db, sam), today)
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.conn.close()
    assert found, "the plan should leave Sam a gap for this test to mean anything"
    return path, found


@pytest.fixture(scope="module")
def gap_server(gap_db, tmp_path_factory):
    with app_server(gap_db[0], tmp_path_factory.mktemp("gaplog")) as url:
        yield url


def test_a_family_reads_the_gap_on_their_home_page(gap_server, gap_db, page):
    (gap, *_) = gap_db[1]
    sign_in(page, gap_server, username="parent.sam")
    page.get_by_role("heading", name="Where the plan leaves a gap").wait_for()
    wait_ready(page)
    body = page.locator("body").inner_text()
    assert gap.headline in body
    assert re.search(r"That is \d+ weeks? after CAMHS \(children's mental health\) ends on", body)
    assert re.search(r"Why: there is no free place with the CAMHS care coordinators until \d{1,2} \w+ \d{4}\.", body)
    assert "No law makes the NHS keep CAMHS" in body
    assert "What is being done:" in body and "Who to ask: Ann Patel" in body
    assert "Adult support should be ready before then" not in body
