"""What the browser tests share: waiting for the app to be idle, a staff sign-in, and the axe
scan (WCAG 2.2 A and AA) reduced to its serious and critical violations."""

from __future__ import annotations

import re

from planner.demo import DEMO_PASSWORD

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def wait_ready(page):
    page.wait_for_selector('[data-testid="stApp"]')
    page.wait_for_function("() => !document.querySelector('[data-testid=\"stStatusWidget\"]')")


def sign_in_staff(page, url, username, password=DEMO_PASSWORD):
    page.goto(url)
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_text(re.compile("^Signed in as")).wait_for(timeout=40_000)
    wait_ready(page)


def choose(page, label, option, typed: str | None = None):
    """Pick an option of a select box; long lists show only some options, so type to filter."""
    box = page.get_by_role("combobox", name=label, exact=True)
    box.click()
    if not typed:
        # A click that lands while the long page is still settling (after an axe scan, which
        # scrolls through it) may not open the list: click once more if no option shows.
        try:
            page.get_by_role("option").first.wait_for(timeout=3_000)
        except Exception:
            box.click()
    if typed:
        box.press_sequentially(typed)
    page.get_by_role("option", name=option, exact=True).click()
    wait_ready(page)


def sign_out(page):
    """Click "Sign out" and wait until the sign-in page is back: the app ends the session in the
    store (issue 14: a session outlives a refresh), so going to another address before the
    click is handled would find the session still live."""
    page.get_by_role("button", name="Sign out").click()
    page.get_by_label("Username").wait_for(timeout=40_000)


def serious_violations(page, waivers=frozenset()) -> list[dict]:
    from axe_playwright_python.sync_playwright import Axe

    result = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]})
    return [v for v in result.response["violations"]
            if v["impact"] in ("serious", "critical") and v["id"] not in waivers]


def short(violations: list[dict]) -> list[tuple]:
    """A readable summary of violations for an assertion message."""
    return [(v["id"], v["impact"], v["help"], [n["html"][:120] for n in v["nodes"]][:3]) for v in violations]
