"""Outcomes after 18 in the system Chromium, on a private Westmere demo database whose outcome
records are set so that one more record crosses a rounding step: 12 young people in education
at 19 and 12 who said work is going the way they wanted (both released as 10). A worker records
that one more was at college at 19, the young person (Sam) says work is going the way they
wanted, and the commissioner's page then shows 15 for both, and never a count of 1 to 7, on the
page or in its CSV file. Also an axe scan (WCAG 2.2 A and AA) of the Outcomes page."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re

import pytest

from planner import demo, store
from planner.need import outcomes as need_outcomes
from planner.outcomes.record import Point, window
from planner.views.words import long_date
from tests.e2e.browser import choose, serious_violations, short, sign_out, wait_ready
from tests.e2e.browser import sign_in_staff as sign_in
from tests.e2e.conftest import app_server

pytestmark = pytest.mark.browser

TODAY = dt.date.today()  # the live server counts up to its own today
EET_19 = "In education, employment or training at 19"
WORK = "Work, learning or training"


def _in_scope_at_19(db, person_id: str) -> bool:
    dob = dt.date.fromisoformat(store.get_person(db, person_id)["dob"])
    return window(Point.AGE_19, dob)[1] <= TODAY


@pytest.fixture(scope="module")
def westmere(tmp_path_factory):
    """The app on its own Westmere database: (url, db path, the worker's young person)."""
    path = tmp_path_factory.mktemp("outcomes-e2e") / "planner.db"
    db = store.open_db(path)
    demo.build(db, "westmere", seed=1)
    db.execute("DELETE FROM outcome_records")  # a test set-up: start from records we can count
    sam = store.get_user(db, "young.sam")["person_id"]
    ann = [r["id"] for r in store.caseload(db, "worker.ann") if _in_scope_at_19(db, r["id"])]
    target, others = ann[0], [r["id"] for r in db.query("SELECT id FROM people ORDER BY id")
                              if r["id"] not in (ann[0], sam) and _in_scope_at_19(db, r["id"])]
    assert len(others) >= 24
    for pid in others[:12]:
        dob = dt.date.fromisoformat(store.get_person(db, pid)["dob"])
        store.save_outcome_record(db, {"person_id": pid, "observed_on": window(Point.AGE_19, dob)[0] + dt.timedelta(days=90),
                                       "source": "annual review", "activity": "school_or_college", "recorded_by": "t"})
    for pid in others[12:24]:
        store.save_outcome_record(db, {"person_id": pid, "observed_on": TODAY - dt.timedelta(days=10),
                                       "source": "the young person's check-in", "by_young_person": 1,
                                       "aim_employment": "yes", "recorded_by": "t"})
    report = need_outcomes.outcomes_report(db, TODAY, use_cache=False)
    assert report.view("headline").table.cells[0][0] == 10 and report.view("own_aims").table.cells[0][0] == 10
    person = store.get_person(db, target)
    db.conn.close()
    with app_server(path, path.parent) as url:
        yield url, path, person


def go(page, title, last):
    page.get_by_test_id("stSidebarNav").get_by_role("link", name=title).click()
    page.get_by_role("heading", level=1, name=title).wait_for()
    page.get_by_text(last).first.wait_for(timeout=60_000)
    wait_ready(page)



def set_date(page, label, day: dt.date):
    field = page.get_by_role("group", name=label, exact=True)
    field.get_by_role("spinbutton").first.click()
    page.keyboard.type(f"{day:%d%m%Y}")
    page.keyboard.press("Tab")
    page.keyboard.press("Escape")  # close the calendar the typing opened
    wait_ready(page)


def tables(page) -> dict[str, list[str]]:
    """The static tables of the page (the headline and own aims): first cell -> the row."""
    static = page.get_by_test_id("stTableStyledTable")
    static.nth(1).get_by_text(WORK).wait_for()
    rows = {}
    for row in static.locator("tr").all():
        cells = [c.strip() for c in row.locator("th, td").all_inner_texts()]
        if cells:
            rows[cells[0]] = cells
    return rows


def no_small_counts(cells) -> None:
    numbers = [int(c) for c in cells if re.fullmatch(r"\d+", c)]
    assert numbers and not [n for n in numbers if 1 <= n <= 7], numbers


def commissioner_figures(page, url, tmp_path, name):
    sign_in(page, url, "commissioner.lee")
    go(page, "Outcomes after 18", "Download the figures (CSV file)")
    shown = tables(page)
    no_small_counts([c for row in shown.values() for c in row[1:5]])
    with page.expect_download() as d:
        page.get_by_role("button", name="Download the figures (CSV file)").click()
    saved = tmp_path / f"{name}.csv"
    d.value.save_as(saved)
    no_small_counts([c.strip() for row in csv.reader(io.StringIO(saved.read_text(encoding="utf-8-sig"))) for c in row])
    sign_out(page)
    return shown


def test_a_worker_and_a_young_person_record_and_the_commissioner_sees_it(westmere, page, tmp_path):
    url, path, person = westmere
    before = commissioner_figures(page, url, tmp_path, "before")
    assert before[EET_19][1] == "10" and before[WORK][1] == "10"

    # The worker: the young person was at college at 19 (from the annual review).
    sign_in(page, url, "worker.ann")
    go(page, "A person's plan", "Choose a young person to see their plan.")
    dob = dt.date.fromisoformat(person["dob"])
    choose(page, "Young person", f"{person['name']} (born {long_date(dob)})", person["name"][:6])
    page.get_by_role("heading", name="Outcomes").wait_for(timeout=60_000)
    wait_ready(page)
    set_date(page, "Date it was true", window(Point.AGE_19, dob)[0] + dt.timedelta(days=120))
    choose(page, "Education, work or training", "At school or college")
    page.get_by_role("button", name="Save this outcome").click()
    page.get_by_text("Recorded. The commissioner's outcome figures count it from now on.").wait_for(timeout=30_000)
    sign_out(page)

    # The young person: "How is it going?" on My plan.
    sign_in(page, url, "young.sam")
    go(page, "My plan", "Send my answers")
    group = page.get_by_role("radiogroup", name="Work or learning: is it going the way you wanted?")
    group.get_by_text("Yes", exact=True).click()
    page.get_by_role("button", name="Send my answers").click()
    page.get_by_text("Thank you. Your answers are saved").wait_for(timeout=30_000)
    sign_out(page)

    after = commissioner_figures(page, url, tmp_path, "after")
    assert after[EET_19][1] == "15" and after[WORK][1] == "15"
    db = store.open_db(path)
    kinds = [(r["recorded_by"], r["by_young_person"]) for r in db.query(
        "SELECT recorded_by, by_young_person FROM outcome_records WHERE recorded_by != 't'")]
    db.conn.close()
    assert sorted(kinds) == [("worker.ann", 0), ("young.sam", 1)]


def test_axe_outcomes_page(westmere, page):
    url, _, _ = westmere
    sign_in(page, url, "commissioner.lee")
    go(page, "Outcomes after 18", "Download the figures (CSV file)")
    found = short(serious_violations(page))
    assert not found, found
