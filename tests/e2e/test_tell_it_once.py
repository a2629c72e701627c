"""Tell it once, consent that decides and pages a young person can use, in the system Chromium
on a private Westmere database (these tests change consent, so they have their own):

- a worker sees Sam's profile and communication needs only while Sam shares them with her team,
  and loses them on the next page load after he withdraws;
- Sam (over compulsory school age) stops his parent seeing his record: the parent's next page
  load is refused; a parent can never change Sam's own words;
- a refresh and a new tab stay signed in; signing out ends it in every tab;
- the Easy Read view: sentences of at most 15 words, a picture with alt text on every item,
  remembered for the account;
- axe (WCAG 2.2 A/AA) finds nothing serious on these pages, and every chart's text is at least
  4.5:1 against its background (computed colours, in the browser);
- the printed plan fits on 2 or 3 A4 pages;
- 390 px phone screenshots of Home and the timeline, saved for review.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from planner import demo, store
from planner.demo import DEMO_PASSWORD
from planner.own_words import ALL_PARTS
from planner.views.words import long_date
from tests.e2e.browser import serious_violations, short, wait_ready
from tests.e2e.conftest import app_server

pytestmark = pytest.mark.browser

SCREENSHOTS = Path(os.environ.get("PLANNER_SCREENSHOTS", "/work/notes/screenshots"))
PHONE = {"width": 390, "height": 844}
EHC = "Education, health and care (EHC) plan"
PLAN_END = "Every change here is kept, with who made it and when."


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    """(url, db path): the app on its own Westmere database."""
    path = tmp_path_factory.mktemp("tell-it-once") / "planner.db"
    db = store.open_db(path)
    demo.build(db, "westmere", seed=1)
    db.conn.close()
    with app_server(path, path.parent) as url:
        yield url, path


@pytest.fixture
def fresh(browser):
    """fresh(width=1280): a new browser (its own cookies) with one page."""
    contexts = []

    def make(viewport=None, mobile=False):
        ctx = browser.new_context(viewport=viewport or {"width": 1280, "height": 900}, accept_downloads=True,
                                  is_mobile=mobile, has_touch=mobile, device_scale_factor=2 if mobile else 1)
        contexts.append(ctx)
        page = ctx.new_page()
        page.set_default_timeout(30_000)
        return page

    yield make
    for ctx in contexts:
        ctx.close()


def sam_of(path: Path) -> dict:
    db = store.open_db(path)
    try:
        return store.get_person(db, store.get_user(db, "young.sam")["person_id"])
    finally:
        db.conn.close()


def sign_in(page, url, username):
    page.goto(url)
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password", exact=True).fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_text("Signed in as").first.wait_for(timeout=40_000)
    wait_ready(page)
    page.wait_for_function("() => document.cookie.includes('planner_session=')")  # the session's token


def go(page, title, last):
    """Open a page from the menu (opening the menu first on a phone) and wait for its last words."""
    page.wait_for_function("() => document.querySelector('[data-testid=\"stSidebarNav\"]') || "
                           "document.querySelector('[data-testid=\"stExpandSidebarButton\"]')")
    wait_ready(page)
    nav = page.get_by_test_id("stSidebarNav")
    if page.get_by_test_id("stExpandSidebarButton").is_visible():  # the menu is closed (a phone)
        page.get_by_test_id("stExpandSidebarButton").click()
    nav.get_by_role("link", name=title).click()
    page.get_by_text(last).first.wait_for(timeout=40_000)
    wait_ready(page)


def body(page) -> str:
    return page.locator("body").inner_text()


def switch(page, label: str):
    """Flip a Streamlit toggle by its words, and wait for the page to settle."""
    page.get_by_text(label, exact=True).click()
    wait_ready(page)


def open_sams_plan(page, url, sam):
    sign_in(page, url, "worker.ann")
    choose_sam(page, sam)


def choose_sam(page, sam):
    go(page, "A person's plan", "Choose a young person to see their plan.")
    box = page.get_by_role("combobox", name="Young person", exact=True)
    box.click()
    box.press_sequentially("Sam")
    page.get_by_role("option", name=f"Sam Taylor (born {long_date(dt.date.fromisoformat(sam['dob']))})",
                     exact=True).click()
    page.get_by_text("Record what happened").first.wait_for(timeout=60_000)
    wait_ready(page)


def test_a_worker_sees_sams_words_only_while_he_shares_them(app, fresh):
    url, path = app
    sam = sam_of(path)
    worker, young = fresh(), fresh()
    open_sams_plan(worker, url, sam)
    seen = body(worker)
    assert "Communication needs. Contact: by text message. Information: Easy Read." in seen
    assert "I want to work with animals." in seen and "In Sam's own words" in seen
    assert "How Sam Taylor communicates" in seen

    sign_in(young, url, "young.sam")
    go(young, "My plan", PLAN_END)
    switch(young, f"Share about me and what I want with {EHC}")
    young.get_by_text(f"{EHC} now sees: How I communicate.").first.wait_for()
    switch(young, f"Share how I communicate with {EHC}")
    young.get_by_text("no longer sees any of the plan").first.wait_for()

    worker.reload()  # the worker's next page load (still signed in: the session survives a refresh)
    choose_sam(worker, sam)
    worker.get_by_text("has not agreed to share").first.wait_for(timeout=60_000)
    wait_ready(worker)
    now = body(worker)
    assert "I want to work with animals." not in now and "Easy Read" not in now
    assert "Communication needs." not in now

    switch(young, f"Share about me and what I want with {EHC}")  # shared again: seen again
    young.get_by_text(f"{EHC} now sees").first.wait_for()
    worker.reload()
    choose_sam(worker, sam)
    worker.get_by_text("I want to work with animals.").first.wait_for(timeout=60_000)
    db = store.open_db(path)
    try:  # as it was, for the tests after
        store.save_consent(db, sam["id"], {"ehc_plan": ALL_PARTS}, "young.sam")
    finally:
        db.conn.close()


def test_sam_stops_his_parent_seeing_his_record(app, fresh):
    url, path = app
    parent, young = fresh(), fresh()
    sign_in(parent, url, "parent.sam")
    parent.get_by_text("This is Sam's plan").first.wait_for()
    go(parent, "Their timeline", "The list above says the same as the chart")
    assert "When Sam turns 18" in body(parent) and "Sam turns 18 on" in body(parent)
    assert "My plan" not in parent.get_by_test_id("stSidebarNav").inner_text()

    sign_in(young, url, "young.sam")
    try:
        go(young, "My plan", PLAN_END)
        assert "You decide who sees your plan." in body(young)
        switch(young, "My parent or carer can see my plan")
        young.get_by_text("can no longer see your plan").first.wait_for()

        parent.reload()  # the parent's next page load is refused
        parent.get_by_text("They have not said yes to sharing it with you.").first.wait_for(timeout=60_000)
        assert "I want to work with animals." not in body(parent)
        db = store.open_db(path)
        try:
            sam_id = store.get_user(db, "young.sam")["person_id"]
            refused = [r for r in store.list_audit(db, person_id=sam_id) if r["action"] == "read refused"]
            assert refused and refused[0]["username"] == "parent.sam"
        finally:
            db.conn.close()
    finally:
        db = store.open_db(path)
        try:  # as it was, for the tests after
            store.save_consent(db, store.get_user(db, "young.sam")["person_id"], {}, "young.sam", parent=True)
        finally:
            db.conn.close()


def test_a_parent_cannot_change_sams_words(app, fresh):
    url, path = app
    parent = fresh()
    sign_in(parent, url, "parent.sam")
    go(parent, "Their plan", PLAN_END)
    work = parent.get_by_label("What work or learning would you like to do?")
    expect(work).to_have_value("I want to work with animals.")
    expect(work).to_be_disabled()
    assert "These are the young person's own words. Only they can change them." in body(parent)
    for button in ("Save these answers", "Save the profile", "Save communication needs"):
        assert parent.get_by_role("button", name=button).is_disabled()
    db = store.open_db(path)
    try:
        sam_id = store.get_user(db, "young.sam")["person_id"]
        assert store.get_aspirations(db, sam_id)["employment"] == "I want to work with animals."
    finally:
        db.conn.close()


def test_refresh_and_a_new_tab_stay_signed_in_and_signing_out_ends_both(app, browser):
    url, _ = app
    ctx = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        first = ctx.new_page()
        sign_in(first, url, "young.sam")
        assert any(c["name"] == "planner_session" for c in ctx.cookies())
        first.reload()
        first.get_by_text("Signed in as").first.wait_for(timeout=40_000)
        assert not first.get_by_label("Username").count()
        second = ctx.new_page()
        second.goto(f"{url}/my_timeline")
        second.get_by_role("heading", level=1, name="My timeline").wait_for(timeout=40_000)
        # Sign out in the first tab: the second is signed out on its next page load.
        first.get_by_role("button", name="Sign out").click()
        first.get_by_label("Username").wait_for()
        second.reload()
        second.get_by_label("Username").wait_for(timeout=40_000)
        assert "Signed in as" not in body(second)
        third = ctx.new_page()
        third.goto(url)
        third.get_by_label("Username").wait_for(timeout=40_000)
    finally:
        ctx.close()


WORDS = re.compile(r"[\w'£%-]+")


def test_easy_read_has_short_sentences_and_a_picture_for_every_item(app, fresh):
    url, _ = app
    page = fresh()
    sign_in(page, url, "young.sam")
    switch(page, "Easy Read")
    page.locator(".easy-read li").first.wait_for()
    try:
        for view in ("Home", "My timeline"):
            if view == "My timeline":
                go(page, "My timeline", "What happens next in your life")
                page.locator(".easy-read li").first.wait_for()
            items = page.locator(".easy-read li")
            assert items.count() >= 3
            for i in range(items.count()):
                item = items.nth(i)
                img = item.locator("img")
                assert img.count() == 1 and (img.get_attribute("alt") or "").strip(), item.inner_html()[:200]
                assert img.evaluate("i => i.complete && i.naturalWidth > 0")  # the picture is drawn
                for sentence in re.split(r"(?<=[.!?])\s+", item.inner_text().strip()):
                    assert len(WORDS.findall(sentence)) <= 15, sentence
            assert not serious_violations(page), short(serious_violations(page))
        # Remembered: a new browser signed in as Sam starts in Easy Read.
        again = fresh()
        sign_in(again, url, "young.sam")
        again.locator(".easy-read li").first.wait_for()
    finally:
        switch(page, "Easy Read")


def test_axe_on_the_new_pages(app, fresh):
    url, path = app
    found = {}
    young = fresh()
    sign_in(young, url, "young.sam")
    found["Home"] = short(serious_violations(young))
    go(young, "My plan", PLAN_END)
    found["My plan"] = short(serious_violations(young))
    go(young, "My timeline", "The list above says the same as the chart")
    found["My timeline"] = short(serious_violations(young))
    go(young, "Downloads", "Include dates that have passed")
    found["Downloads"] = short(serious_violations(young))
    worker = fresh()
    open_sams_plan(worker, url, sam_of(path))
    found["A person's plan"] = short(serious_violations(worker))
    assert not {k: v for k, v in found.items() if v}, found


CONTRAST = """(el) => {
  const lum = (c) => { const [r, g, b] = c.match(/[\\d.]+/g).slice(0, 3).map(Number).map(v => v / 255)
      .map(v => v <= 0.04045 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4));
    return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
  const canvas = document.createElement('canvas').getContext('2d');
  const rgb = (c) => { canvas.fillStyle = '#000'; canvas.fillStyle = c; return canvas.fillStyle.startsWith('#')
      ? 'rgb(' + [1, 3, 5].map(i => parseInt(canvas.fillStyle.slice(i, i + 2), 16)).join(',') + ')' : canvas.fillStyle; };
  const bgOf = (node) => { for (let n = node; n; n = n.parentElement) {
      const b = getComputedStyle(n).backgroundColor; if (b && !b.startsWith('rgba(0, 0, 0, 0)') && b !== 'transparent') return b; }
    return 'rgb(255,255,255)'; };
  const svg = el.querySelector('svg');
  const rect = svg && svg.querySelector('rect.background');
  const bg = rect ? rgb(getComputedStyle(rect).fill) : rgb(bgOf(el));
  return Array.from(el.querySelectorAll('text')).filter(t => t.textContent.trim()).map(t => {
    const fg = rgb(getComputedStyle(t).fill);
    const [a, b] = [lum(fg), lum(bg)].sort((x, y) => y - x);
    return {text: t.textContent.trim(), fg, bg, ratio: (a + 0.05) / (b + 0.05),
            size: parseFloat(getComputedStyle(t).fontSize), opacity: getComputedStyle(t).fillOpacity};
  });
}"""


def chart_text(page) -> list[dict]:
    charts = page.locator(".vega-embed")
    charts.first.wait_for(timeout=40_000)
    page.wait_for_function("() => document.querySelectorAll('.vega-embed svg text').length > 0")
    return [t for i in range(charts.count()) for t in charts.nth(i).evaluate(CONTRAST)]


def test_every_chart_has_text_at_4_5_to_1(app, fresh):
    url, path = app
    texts = {}
    young = fresh()
    sign_in(young, url, "young.sam")
    go(young, "My timeline", "The list above says the same as the chart")
    texts["My timeline"] = chart_text(young)
    worker = fresh()
    open_sams_plan(worker, url, sam_of(path))
    if worker.locator(".vega-embed").count():  # only once the scheduler has planned Sam's handovers
        texts["A person's plan"] = chart_text(worker)
    commissioner = fresh()
    sign_in(commissioner, url, "commissioner.lee")
    go(commissioner, "Unmet need", "Download the figures")
    texts["Unmet need"] = chart_text(commissioner)
    assert all(texts.values()), texts
    low = {page: [(t["text"], t["fg"], t["bg"], round(t["ratio"], 2)) for t in found
                  if t["ratio"] < 4.5 or float(t["opacity"] or 1) < 1] for page, found in texts.items()}
    assert not {k: v for k, v in low.items() if v}, low


PAGE_COUNT = re.compile(rb"/Type\s*/Page(?!s)")


def test_the_printed_plan_fits_on_2_or_3_a4_pages(app, fresh, tmp_path):
    url, _ = app
    for username, button in (("young.sam", "Download my plan"), ("parent.sam", "Download Sam's plan")):
        page = fresh()
        sign_in(page, url, username)
        go(page, "Downloads", "Include dates that have passed")
        with page.expect_download() as d:
            page.get_by_role("button", name=re.compile(button)).click()
        html = tmp_path / f"{username}.html"
        d.value.save_as(html)
        text = html.read_text(encoding="utf-8")
        assert "Who to contact" in text and "Ann Patel" in text and "What happens next" in text
        assert "I want to work with animals." in text
        printer = fresh()
        printer.set_content(text)
        pdf = printer.pdf(format="A4", print_background=True)
        pages = len(PAGE_COUNT.findall(pdf))
        assert 2 <= pages <= 3, (username, pages)


def full_page_shot(page, path: Path):
    """Streamlit scrolls inside its own container: grow the phone's viewport to the page's height
    (keeping 390 px wide) so the screenshot holds the whole page."""
    height = page.evaluate("() => Math.max(...Array.from(document.querySelectorAll("
                           "'[data-testid=\"stMain\"], [data-testid=\"stAppViewContainer\"], section.main')).map("
                           "e => e.scrollHeight), document.body.scrollHeight)")
    page.set_viewport_size({"width": PHONE["width"], "height": min(int(height) + 40, 12_000)})
    wait_ready(page)
    page.screenshot(path=str(path), full_page=True)
    page.set_viewport_size(PHONE)


def test_phone_screenshots_of_home_and_the_timeline(app, fresh):
    url, _ = app
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page = fresh(viewport=PHONE, mobile=True)
    sign_in(page, url, "young.sam")
    page.get_by_text("Who to contact").first.wait_for()
    # On a phone the menu is closed over the page, and nothing is wider than the screen.
    assert page.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"]
    full_page_shot(page, SCREENSHOTS / "home-390.png")
    go(page, "My timeline", "The list above says the same as the chart")
    expect(page.get_by_test_id("stExpandSidebarButton")).to_be_visible()  # the menu closed after choosing a page
    full_page_shot(page, SCREENSHOTS / "timeline-390.png")
    switch_menu = page.get_by_test_id("stExpandSidebarButton")
    switch_menu.click()
    switch(page, "Easy Read")
    page.locator(".easy-read li").first.wait_for()
    full_page_shot(page, SCREENSHOTS / "timeline-easy-read-390.png")
    go(page, "Home", "This is your plan")
    page.locator(".easy-read li").first.wait_for()
    full_page_shot(page, SCREENSHOTS / "home-easy-read-390.png")
    switch_menu.click()
    switch(page, "Easy Read")
    assert all((SCREENSHOTS / f).stat().st_size > 10_000 for f in ("home-390.png", "timeline-390.png"))
