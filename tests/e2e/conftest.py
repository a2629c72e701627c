"""Browser fixtures: a Westmere demo database, a Streamlit server on it on a free port, and the
system Chromium.

Skipped when /usr/bin/chromium is absent, unless PLANNER_REQUIRE_BROWSER=1 (CI), which fails.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from planner import demo, store
from tests.conftest import copy_db

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def pytest_collection_modifyitems(config, items):
    if Path(CHROMIUM).exists():
        return
    if os.environ.get("PLANNER_REQUIRE_BROWSER") == "1":
        raise pytest.UsageError(f"PLANNER_REQUIRE_BROWSER=1 but {CHROMIUM} is missing (apt-get install chromium)")
    skip = pytest.mark.skip(reason=f"{CHROMIUM} not installed")
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def e2e_db(westmere_db_path, tmp_path_factory) -> Path:
    """The database the browser tests run on: PLANNER_E2E_DB if set (built as the Westmere demo
    area when it does not exist yet), else a copy of the session's Westmere (tests/conftest.py:
    150 people, the README's demo accounts), so the app reads and writes the real store, never
    its built-in sample."""
    if os.environ.get("PLANNER_E2E_DB"):
        path = Path(os.environ["PLANNER_E2E_DB"])
        if not path.exists():
            db = store.open_db(path)
            demo.build(db, "westmere", seed=1)
            db.conn.close()
        return path
    return copy_db(westmere_db_path, tmp_path_factory.mktemp("db") / "planner.db")


@pytest.fixture(scope="session")
def demo_people(e2e_db) -> dict[str, dict]:
    """The demo accounts' young people in that database: {"sam": people row, "alex": ...}."""
    db = store.open_db(e2e_db)
    try:
        return {key: store.get_person(db, store.get_user(db, f"young.{key}")["person_id"]) for key in ("sam", "alex")}
    finally:
        db.conn.close()


@contextlib.contextmanager
def app_server(db_path: Path, log_dir: Path):
    """The app (through serve.py, as `make run` starts it) on 127.0.0.1:<free port> with
    PLANNER_DB = `db_path`; yields its URL and stops the server by its process group."""
    port = _free_port()
    env = dict(os.environ, STREAMLIT_BROWSER_GATHER_USAGE_STATS="false", PLANNER_DB=str(db_path))
    log = open(log_dir / "streamlit.log", "w")  # noqa: SIM115
    proc = subprocess.Popen(
        [sys.executable, str(ROOT / "serve.py"), "--server.headless", "true", "--server.address", "127.0.0.1",
         "--server.port", str(port), "--server.fileWatcherType", "none"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(f"{url}/_stcore/health", timeout=2)
                break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"streamlit did not start; see {log.name}") from None
                time.sleep(0.3)
        yield url
    finally:
        os.killpg(proc.pid, signal.SIGTERM)  # the process group we started, by its id
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
        log.close()


@pytest.fixture(scope="session")
def server(tmp_path_factory, e2e_db):
    """The app on 127.0.0.1:<free port>, with PLANNER_DB pointing at the test database."""
    with app_server(e2e_db, tmp_path_factory.mktemp("log")) as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(accept_downloads=True, viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    pg.set_default_timeout(20_000)
    yield pg
    context.close()
