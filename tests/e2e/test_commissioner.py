"""The commissioner and the worker in the system Chromium, on a Westmere demo database: the
unmet-need dashboard and its CSV (no count from 1 to 7, no person), and an axe scan (WCAG 2.2 A
and AA) of the unmet-need and caseload pages."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest

from planner import store
from tests.conftest import copy_db
from tests.e2e.browser import serious_violations, short, sign_out, wait_ready
from tests.e2e.browser import sign_in_staff as sign_in
from tests.e2e.conftest import app_server

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]


def _plan_a_few(db) -> None:
    """Handovers for three of worker.ann's young people, as the scheduler stores them."""
    people = [r["id"] for r in store.caseload(db, "worker.ann")][:3]
    handovers, steps = [], []
    for k, pid in enumerate(people):
        hid = f"e2e-h{k}"
        handovers.append({"id": hid, "person_id": pid, "from_service": "camhs", "to_service": "adult_mental_health",
                          "due": "2027-03-01"})
        steps.append({"id": f"e2e-s{k}", "handover_id": hid, "person_id": pid, "kind": "refer",
                      "title": "Refer to adult mental health", "team_id": "camhs_team", "status": "planned",
                      "start": f"2026-11-{16 + 7 * k}", "end": "2027-03-28" if k == 0 else "2026-12-20",
                      "deadline": "2026-11-20" if k == 1 else "2027-01-15"})
    store.save_handovers(db, handovers, steps)


@pytest.fixture(scope="module")
def westmere(westmere_db_path, tmp_path_factory):
    """The app on a Westmere demo database (150 people, the demo accounts): (url, db path)."""
    path = tmp_path_factory.mktemp("westmere-e2e") / "planner.db"
    copy_db(westmere_db_path, path)
    db = store.open_db(path)
    _plan_a_few(db)
    db.conn.close()
    with app_server(path, path.parent) as url:
        yield url, path



# The last heading of each page: once it is drawn and the app is idle, the page is complete.
LAST_HEADING = {"Unmet need": "Download the figures", "Caseload": "In the month after"}


def go(page, title):
    page.get_by_test_id("stSidebarNav").get_by_role("link", name=title).click()
    page.get_by_role("heading", level=1, name=title).wait_for()
    page.get_by_role("heading", name=LAST_HEADING[title]).wait_for(timeout=60_000)
    wait_ready(page)


def axe_violations(page) -> list[tuple]:
    return short(serious_violations(page))


def people(path) -> list[dict]:
    db = store.open_db(path)
    rows = list(db.query("SELECT id, name, dob FROM people"))
    db.conn.close()
    return rows


def test_commissioner_downloads_figures_without_small_counts_or_people(westmere, page, tmp_path):
    url, path = westmere
    sign_in(page, url, "commissioner.lee")
    go(page, "Unmet need")
    body = page.locator("body").inner_text()
    assert "Team actions needed against capacity" in body and "Over the next five years" in body
    with page.expect_download() as d:
        page.get_by_role("button", name="Download the figures (CSV file)").click()
    saved = tmp_path / "figures.csv"
    d.value.save_as(saved)
    text = saved.read_text(encoding="utf-8-sig")
    cells = [c.strip() for row in csv.reader(io.StringIO(text)) for c in row]
    assert "NICE QS140 indicators (2023 numbering)" in cells and "[c]" in cells
    numbers = [int(c) for c in cells if re.fullmatch(r"\d+", c)]
    assert numbers and not [n for n in numbers if 1 <= n <= 7]
    assert "1-7" not in cells
    for person in people(path):
        for value in (person["id"], person["name"], person["dob"]):
            assert value not in text, value
    on_page = page.locator("body").inner_text()
    assert not [p["name"] for p in people(path) if p["name"] in on_page]


def test_axe_unmet_need_and_caseload(westmere, page):
    url, _ = westmere
    found = {}
    sign_in(page, url, "commissioner.lee")
    go(page, "Unmet need")
    found["Unmet need"] = axe_violations(page)
    for username in ("worker.ann", "manager.raj"):
        sign_out(page)
        sign_in(page, url, username)
        go(page, "Caseload")
        assert "▲ At risk of a gap" in page.locator("body").inner_text()
        found[f"Caseload ({username})"] = axe_violations(page)
    # A filter reruns the page in the live server (a new script thread, the same connection).
    page.get_by_role("combobox", name="Show", exact=True).click()
    page.get_by_role("option", name="At risk of a gap only").click()
    page.get_by_text(re.compile(r"^Showing 1 of \d+\.$")).wait_for()
    report = {k: v for k, v in found.items() if v}
    assert not report, report
