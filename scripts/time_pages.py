"""Time every page of the app, click to drawn, for each demo account, on Eastshire.

    .venv/bin/python scripts/time_pages.py [--db PATH] [--repeat N] [--accounts young.sam,...]

Builds the Eastshire demo area and its first plan (`planner demo --area eastshire`, then
`planner schedule --time-limit 30`) at --db when it is not there yet (default
data/time-pages.db, a few minutes once), starts the app on it (serve.py, as `make run` does),
then in the system Chromium signs in as each account (password transition-demo) and clicks
through its menu. A page counts as drawn when its title, the last thing it draws (`DRAWN`) and
an idle app (no "running" indicator) are all on screen. Prints one line per account and page
with the best and the median of --repeat visits, and the machine's load (`uptime`) before and
after, since the figures only mean something on an idle machine.
"""

from __future__ import annotations

import argparse
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]
PASSWORD = "transition-demo"
ACCOUNTS = ["young.sam", "young.alex", "parent.sam", "parent.alex", "worker.ann", "manager.raj",
            "commissioner.lee", "admin.kim"]
# page title -> the last thing the page draws (text or a pattern)
DRAWN: dict[str, str | re.Pattern] = {
    "Home": re.compile(r"Use the menu to"),
    "My timeline": "The list above says the same as the chart",
    "Their timeline": "The list above says the same as the chart",
    "Explore options": re.compile(r"options\*?\*? match|\d+ options match"),
    "My plan": "Every change here is kept",
    "Their plan": "Every change here is kept",
    "Downloads": re.compile(r"A calendar file with"),
    "My account": "Sign out of the planner",
    "Caseload": "In the month after",
    "A person's plan": "Choose a young person to see their plan.",
    "Scheduling": "Family meetings held together",
    "Team capacity": "Change a team's capacity",
    "Unmet need": "Download the figures",
    "Capacity to buy": "Download the advice",
    "Outcomes after 18": "Download the figures",
    "Users": "Unlock an account",
    "Audit log": re.compile(r"entr(y|ies) match"),
    "Data": "One person's record",
    "Statutory returns": re.compile(r"^Downloads$"),
}
# menu title -> the page's own heading where they differ (a parent reads "Sam's plan")
HEADINGS: dict[str, re.Pattern] = {
    "Home": re.compile("Hello"),
    "Their plan": re.compile("'s plan$"),
    "Their timeline": re.compile("'s timeline$"),
}


def build(db: Path) -> None:
    if db.exists():
        return
    print(f"Building Eastshire at {db} (a few minutes, once)...", flush=True)
    subprocess.run([BIN / "planner", "demo", "--area", "eastshire", "--db", str(db), "--quiet"], check=True)
    subprocess.run([BIN / "planner", "schedule", "--db", str(db), "--time-limit", "30"], check=True,
                   stdout=subprocess.DEVNULL)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_app(db: Path) -> tuple[subprocess.Popen, str]:
    port = free_port()
    env = dict(os.environ, PLANNER_DB=str(db), STREAMLIT_BROWSER_GATHER_USAGE_STATS="false")
    proc = subprocess.Popen(
        [sys.executable, str(ROOT / "serve.py"), "--server.headless", "true", "--server.address", "127.0.0.1",
         "--server.port", str(port), "--server.fileWatcherType", "none"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90
    while True:
        try:
            urllib.request.urlopen(f"{url}/_stcore/health", timeout=2)
            return proc, url
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                stop_app(proc)
                raise SystemExit("the app did not start") from None
            time.sleep(0.3)


def stop_app(proc: subprocess.Popen) -> None:
    os.killpg(proc.pid, signal.SIGTERM)  # the process group this script started
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)


def idle(page) -> None:
    page.wait_for_function("() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=120_000)


def drawn(page, title: str) -> None:
    heading = HEADINGS.get(title, title)
    page.get_by_role("heading", level=1, name=heading).wait_for(timeout=120_000)
    page.get_by_text(DRAWN[title]).first.wait_for(state="attached", timeout=120_000)
    idle(page)


def sign_in(page, url: str, username: str) -> float:
    page.goto(url)
    page.get_by_label("Username").wait_for(timeout=60_000)
    idle(page)
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    t0 = time.perf_counter()
    page.get_by_role("button", name="Sign in").click()
    drawn(page, "Home")
    return time.perf_counter() - t0


def visit(page, title: str) -> float:
    t0 = time.perf_counter()
    page.get_by_test_id("stSidebarNav").get_by_role("link", name=title, exact=True).click()
    drawn(page, title)
    return time.perf_counter() - t0


def menu(page) -> list[str]:
    return [t.strip() for t in page.get_by_test_id("stSidebarNav").get_by_role("link").all_inner_texts()]


def uptime() -> str:
    return subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", type=Path, default=ROOT / "data" / "time-pages.db")
    parser.add_argument("--repeat", type=int, default=3, help="visits of each page (default 3)")
    parser.add_argument("--accounts", default=",".join(ACCOUNTS))
    parser.add_argument("--target", type=float, default=1.0, help="seconds a page should draw in (default 1)")
    args = parser.parse_args()
    build(args.db)
    before = uptime()
    proc, url = start_app(args.db)
    rows: list[tuple[str, str, list[float]]] = []
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
            for username in args.accounts.split(","):
                page = browser.new_page(viewport={"width": 1280, "height": 900})
                signed = [sign_in(page, url, username)]
                titles = [t for t in menu(page) if t in DRAWN]
                times: dict[str, list[float]] = {t: [] for t in titles}
                for _ in range(args.repeat):
                    for title in titles:
                        times[title].append(visit(page, title))
                rows.append((username, "sign in to Home", signed))
                rows += [(username, t, times[t]) for t in titles]
                page.close()
            browser.close()
    finally:
        stop_app(proc)
    print(f"Load before: {before}")
    print(f"Load after:  {uptime()}")
    print(f"{'account':<18} {'page':<18} {'best s':>7} {'median s':>9}")
    for username, title, seconds in rows:
        over = "  over the target" if title != "sign in to Home" and statistics.median(seconds) > args.target else ""
        print(f"{username:<18} {title:<18} {min(seconds):>7.2f} {statistics.median(seconds):>9.2f}{over}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
