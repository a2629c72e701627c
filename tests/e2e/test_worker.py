"""The transition worker's journey in the system Chromium, on a private Westmere demo database: run
the scheduler (a short time limit) and watch its progress, accept the plan, open Sam's plan, move
the step that starts the adult service and see the gap appear, save, record what happened; and an
axe scan (WCAG 2.2 A and AA) of Scheduling, A person's plan and Team capacity (a team manager)."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from planner import store
from planner.views.words import long_date
from tests.conftest import copy_db
from tests.e2e.browser import choose, serious_violations, short, sign_out, wait_ready
from tests.e2e.browser import sign_in_staff as sign_in
from tests.e2e.conftest import app_server

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
# Text at the end of each page: once it is drawn and the app is idle, the page is complete.
LAST = {"Scheduling": "Family meetings held together", "A person's plan": "Choose a young person to see their plan.",
        "Team capacity": "Change a team's capacity"}



@pytest.fixture(scope="module")
def westmere(westmere_db_path, tmp_path_factory):
    """The app on its own Westmere database (no plan yet): (url, db path). Its own, because this
    test accepts a plan and moves steps, which the other browser tests must not see."""
    path = tmp_path_factory.mktemp("worker-e2e") / "planner.db"
    copy_db(westmere_db_path, path)
    with app_server(path, path.parent) as url:
        yield url, path



def go(page, title):
    page.get_by_test_id("stSidebarNav").get_by_role("link", name=title).click()
    page.get_by_role("heading", level=1, name=title).wait_for()
    page.get_by_text(LAST[title]).first.wait_for(timeout=60_000)
    wait_ready(page)



def set_date(page, label, day: dt.date):
    """A date field is a group of day, month and year segments: type into each, as a keyboard
    user does (each segment moves on to the next when it is full)."""
    field = page.get_by_role("group", name=label, exact=True)
    field.get_by_role("spinbutton").first.click()
    page.keyboard.type(f"{day:%d%m%Y}")
    page.keyboard.press("Tab")
    wait_ready(page)


def axe_violations(page) -> list[tuple]:
    return short(serious_violations(page))


def body(page) -> str:
    return page.locator("body").inner_text()


def test_worker_plans_the_area_moves_a_step_and_records_what_happened(westmere, page):
    url, path = westmere
    found = {}
    sign_in(page, url, "worker.ann")
    go(page, "Scheduling")
    assert "There is no accepted plan yet" in body(page)

    # Run the scheduler with a short time limit; the page keeps working while it runs.
    limit = page.get_by_label("Time limit (seconds)", exact=True)
    limit.fill("5")
    limit.press("Enter")
    wait_ready(page)
    page.get_by_role("button", name="Run the scheduler").click()
    page.get_by_role("progressbar").first.wait_for(timeout=20_000)
    page.get_by_text(re.compile("^The scheduler finished in")).wait_for(timeout=120_000)
    page.get_by_role("button", name="Accept this plan").wait_for()
    wait_ready(page)
    text = body(page)
    assert "Compared with" in text or "There is no accepted plan yet: accepting this proposal" in text
    assert "Distance from the lower bound:" in text
    found["Scheduling (proposal)"] = axe_violations(page)
    # Only a team manager (or an administrator) accepts an area's plan.
    sign_out(page)
    sign_in(page, url, "manager.raj")
    go(page, "Scheduling")
    page.get_by_role("button", name="Accept this plan").click()
    page.get_by_text(re.compile(r"^Accepted: run \d+ is now the plan for Westmere")).wait_for(timeout=60_000)
    wait_ready(page)
    found["Scheduling (accepted)"] = axe_violations(page)
    sign_out(page)
    sign_in(page, url, "worker.ann")

    # Sam's plan: the step that starts the adult service, moved 8 weeks after CAMHS ends.
    db = store.open_db(path)
    sam = store.get_person(db, store.get_user(db, "young.sam")["person_id"])
    transfer = next(s for s in store.steps_for(db, sam["id"]) if s["kind"] == "transfer")
    due = dt.date.fromisoformat(next(h["due"] for h in store.handovers_for(db, sam["id"])
                                     if h["id"] == transfer["handover_id"]))
    db.conn.close()
    go(page, "A person's plan")
    choose(page, "Young person", f"Sam Taylor (born {long_date(dt.date.fromisoformat(sam['dob']))})", "Sam Tay")
    page.get_by_role("heading", name=re.compile("^Sam Taylor, ")).wait_for()
    page.get_by_text("Record what happened").first.wait_for()
    wait_ready(page)
    assert "Handovers and their steps" in body(page) and "○ No gap." in body(page)
    found["A person's plan"] = axe_violations(page)
    choose(page, "Step to move", f"{transfer['title']}, starts {long_date(dt.date.fromisoformat(transfer['start']))}",
           transfer['title'][:12])
    set_date(page, "New start date", due + dt.timedelta(weeks=8))
    page.get_by_role("button", name="Show the effect").click()
    page.get_by_text("The effect of this change").wait_for(timeout=60_000)
    page.get_by_text(re.compile(r"Gap weeks: \d+ → \d+")).wait_for(timeout=60_000)  # drawn after the heading
    wait_ready(page)
    change = re.search(r"Gap weeks: (\d+) → (\d+)", body(page))
    assert change and int(change.group(2)) > int(change.group(1)), body(page)
    assert "weeks after CAMHS" in body(page)
    found["A person's plan (effect)"] = axe_violations(page)
    page.get_by_role("button", name="Save", exact=True).click()
    page.get_by_text(f"Saved. Gap weeks are now {change.group(2)} for Sam Taylor.").wait_for(timeout=30_000)
    wait_ready(page)
    assert "▲ " in body(page) and "weeks after CAMHS" in body(page)  # the gap, with its symbol

    # Record what happened: the transition plan meeting was held.
    first = "Transition plan agreed with you and your family"
    choose(page, "What happened", "A meeting was held")
    page.get_by_role("combobox", name="Which step", exact=True).click()
    page.get_by_role("option", name=re.compile("^" + re.escape(first))).first.click()
    page.get_by_label("Note").fill("Met with Sam and her mum")
    page.get_by_role("button", name="Record").click()
    page.get_by_text(f"Recorded, and “{first}” is marked done.").wait_for(timeout=30_000)
    wait_ready(page)
    db = store.open_db(path)  # the tables are drawn on a canvas: read what was stored
    events = store.events_for(db, sam["id"])
    done = {s["title"]: s["status"] for s in store.steps_for(db, sam["id"])}
    moved = next(s for s in store.steps_for(db, sam["id"]) if s["id"] == transfer["id"])
    db.conn.close()
    assert [(e["kind"], e["note"], e["recorded_by"]) for e in events] == [
        ("meeting_held", "Met with Sam and her mum", "worker.ann")]
    assert done[first] == "done" and moved["pinned"] == 1 and moved["start"] > transfer["start"]

    # A team manager's capacity page, and its what-if.
    sign_out(page)
    sign_in(page, url, "manager.raj")
    go(page, "Team capacity")
    assert "SEND team (EHC plan caseworkers): about" in body(page)
    found["Team capacity"] = axe_violations(page)
    page.get_by_role("button", name="Show the effect").click()
    page.get_by_text("The effect of this change").wait_for(timeout=60_000)
    page.get_by_text(re.compile(r"Gap weeks: \d+ now → \d+")).wait_for(timeout=60_000)  # drawn after the heading
    wait_ready(page)
    found["Team capacity (what-if)"] = axe_violations(page)
    report = {k: v for k, v in found.items() if v}
    assert not report, report
