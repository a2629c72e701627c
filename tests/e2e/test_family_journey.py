"""The young person's journey in the system Chromium, on the Westmere demo database: sign in,
timeline, options, downloads, no way to another person's record, axe (WCAG 2.2 A/AA) on every
page of the journey and the administrator's pages, keyboard only."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from planner.demo import DEMO_PASSWORD
from planner.schoolyear import anniversary
from planner.views.words import long_date
from tests.e2e.browser import serious_violations, wait_ready

pytestmark = pytest.mark.browser

# Violations in markup that Streamlit itself generates, which a page cannot change. Keep short.
WAIVERS: dict[str, str] = {
    # (none needed so far; add an id with the Streamlit element and version that causes it)
}
JOURNEY = ["Home", "My timeline", "Explore options", "My plan", "Downloads", "My account"]
ADMIN_PAGES = ["Users", "Audit log"]


def turns_18(person: dict) -> str:
    return long_date(anniversary(dt.date.fromisoformat(person["dob"]), 18))



def open_signed_out(page, url, path=""):
    """Open a URL in a new session; an unknown page shows Streamlit's "Page not found" dialog,
    which is closed with Escape like any dialog."""
    page.goto(f"{url}/{path}")
    page.get_by_label("Username").wait_for()
    wait_ready(page)
    dialog = page.get_by_role("dialog")
    if dialog.count():
        page.keyboard.press("Escape")
        dialog.wait_for(state="hidden")


def sign_in(page, url, path="", username="young.sam"):
    open_signed_out(page, url, path)
    user = page.get_by_label("Username")
    user.fill(username)
    page.get_by_label("Password", exact=True).fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_text("Signed in as").first.wait_for()  # the staff home page also says "signed in as"


# Text near the end of each page: waiting for it means the page has finished drawing.
LAST_ON_PAGE = {
    "Home": "Use the menu to see the whole timeline",
    "My timeline": "The list above says the same as the chart",
    "Explore options": "Who can help locally:",
    "My plan": "Every change here is kept, with who made it and when.",
    "Downloads": "My calendar",
    "My account": "For your safety you are signed out",
    "Users": "Unlock an account",
    "Audit log": re.compile(r"entr(y|ies) match"),
}


def go(page, title):
    page.get_by_test_id("stSidebarNav").get_by_role("link", name=title).click()
    page.get_by_role("heading", level=1, name=title if title != "Home" else re.compile("Hello")).wait_for()
    page.get_by_text(LAST_ON_PAGE[title]).first.wait_for(state="attached")
    wait_ready(page)


def axe_violations(page) -> list[dict]:
    return serious_violations(page, WAIVERS)


def test_main_flow_with_downloads(server, page, tmp_path, demo_people):
    sam = demo_people["sam"]
    sign_in(page, server)
    page.get_by_role("heading", name="Hello, Sam").wait_for()
    go(page, "My timeline")
    body = page.locator("body")
    assert "By 30 March 2026 your plan must be reviewed and changed" in body.inner_text()
    assert f"You turn 18 on {turns_18(sam)}." in body.inner_text()
    go(page, "Explore options")
    option = page.get_by_test_id("stExpander").filter(has_text="Supported internship")
    option.get_by_text("Supported internship", exact=True).click()
    option.get_by_text("What it is:").wait_for()
    assert "Who can help locally:" in option.inner_text()
    go(page, "Downloads")
    with page.expect_download() as d:
        page.get_by_role("button", name=re.compile("Download my plan")).click()
    plan = (tmp_path / "plan.html")
    d.value.save_as(plan)
    html = plan.read_text(encoding="utf-8")
    assert "My plan: Sam Taylor" in html and "@media print" in html and "Who to contact" in html
    assert "I want to work with animals." in html and "Alex" not in html
    with page.expect_download() as d:
        page.get_by_role("button", name=re.compile("Download my calendar")).click()
    ics_path = tmp_path / "dates.ics"
    d.value.save_as(ics_path)
    raw = ics_path.read_bytes()
    assert raw.startswith(b"BEGIN:VCALENDAR\r\n") and raw.endswith(b"END:VCALENDAR\r\n")
    eighteen = anniversary(dt.date.fromisoformat(sam["dob"]), 18)
    assert f"UID:{sam['id']}-birthday_18@".encode() in raw and f"DTSTART;VALUE=DATE:{eighteen:%Y%m%d}".encode() in raw
    assert f"UID:{sam['id']}-phase_transfer_deadline@".encode() not in raw  # 31 March 2026 has passed


@pytest.mark.parametrize("path", [
    "my_timeline?person_id={alex}",
    "my_plan?person={alex}&id={alex}",
    "downloads?person_id={alex}",
    "caseload?person_id={alex}",
    "person_plan?person={alex}",
    "users?person_id={alex}",
    "?person_id={alex}",
])
def test_no_url_reaches_another_persons_record(server, page, path, demo_people):
    alex = demo_people["alex"]
    path = path.format(alex=alex["id"])
    # Signed out: any URL shows only the sign-in form.
    open_signed_out(page, server, path)
    assert "Alex" not in page.locator("body").inner_text()
    # Signed in as Sam from that URL: still only Sam's record, whatever the query says.
    sign_in(page, server, path)
    wait_ready(page)
    for title in ("My timeline", "My plan", "Downloads"):
        go(page, title)
        text = page.locator("body").inner_text()
        assert "Alex" not in text and turns_18(alex) not in text and alex["id"] not in text
    nav = page.get_by_test_id("stSidebarNav").inner_text()
    assert "Caseload" not in nav and "A person's plan" not in nav and "Users" not in nav


def test_axe_every_page_of_the_journey(server, page):
    page.goto(server)
    page.get_by_label("Username").wait_for()
    wait_ready(page)
    found = {"Sign in": axe_violations(page)}
    sign_in(page, server)
    for title in JOURNEY:
        go(page, title)
        if title == "Explore options":
            page.get_by_test_id("stExpander").filter(has_text="Supported internship").get_by_text(
                "Supported internship", exact=True).click()  # scan an open option too
        found[title] = axe_violations(page)
    assert not report_of(found), report_of(found)


def report_of(found: dict[str, list[dict]]) -> dict:
    return {t: [(v["id"], v["impact"], v["help"], [n["html"][:120] for n in v["nodes"]]) for v in vs]
            for t, vs in found.items() if vs}


def test_axe_administrator_pages(server, page):
    sign_in(page, server, username="admin.kim")
    found = {}
    for title in ADMIN_PAGES:
        go(page, title)
        found[title] = axe_violations(page)
    assert not report_of(found), report_of(found)


def test_keyboard_only_sign_in_and_timeline(server, page):
    page.goto(server)
    page.get_by_label("Username").wait_for()
    wait_ready(page)
    # Tab to the username field from the top of the page, type, tab to the password, Enter.
    for _ in range(15):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement && document.activeElement.getAttribute('aria-label')") == "Username":
            break
    else:
        pytest.fail("Tab never reached the username field")
    page.keyboard.type("young.sam")
    page.keyboard.press("Tab")
    page.keyboard.type(DEMO_PASSWORD)
    page.keyboard.press("Enter")
    page.get_by_text("Signed in as").wait_for(timeout=40_000)
    # Let the home page finish drawing, so focus is not reset under the keyboard.
    page.get_by_text(LAST_ON_PAGE["Home"]).wait_for(timeout=40_000)
    wait_ready(page)
    # Tab to the "My timeline" link in the menu and open it with Enter.
    for _ in range(30):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement && document.activeElement.innerText") == "My timeline":
            break
    else:
        pytest.fail("Tab never reached the My timeline link")
    page.keyboard.press("Enter")
    page.get_by_role("heading", level=1, name="My timeline").wait_for()
    # The title is drawn first; under load the rest of the page can follow a moment later.
    page.get_by_role("heading", name="When you turn 18").wait_for()
