"""The pages under faults and hostile input (issue 17): no traceback ever (a database problem in
plain words, anything else as an error id), the sign-in page's lock-out the same for every
username, fail closed without a database, names shown as written (never as Markdown), a stale
"What I want" refused, and reading accounts, the audit log and the person picker audited."""

from __future__ import annotations

import logging
import re
import sqlite3

import pytest
from streamlit.testing.v1 import AppTest

from planner import access, store
from planner.access.store_records import open_records
from planner.views.pages import home
from planner.views.words import md
from tests.app.test_store_records import DEMO_PASSWORD, sign_in_with_password

from .conftest import APP, TODAY, store_app


def signed_in_app(path, db, username: str) -> AppTest:
    return store_app(db, username)


def shown_text(at: AppTest) -> str:
    parts = [e.value for kind in ("markdown", "error", "warning", "info", "success", "title", "header")
             for e in getattr(at, kind)]
    return "\n".join(str(p) for p in parts)


# --- no page ever shows a traceback --------------------------------------------------------------

def test_an_unexpected_error_shows_an_error_id_never_a_traceback(demo_db, db, monkeypatch, caplog):
    monkeypatch.setenv("PLANNER_DB", str(demo_db))

    def broken(req):
        raise RuntimeError("secret detail at /srv/planner/planner/views/pages/home.py")

    monkeypatch.setattr(home, "show", broken)
    at = signed_in_app(demo_db, db, "worker.ann")
    with caplog.at_level(logging.ERROR, logger="planner.app"):
        at.run()
    assert not at.exception
    message = at.error[0].value
    error_id = re.search(r"error ([0-9a-f]{8})", message).group(1)
    assert "secret" not in message and "/srv" not in message and "RuntimeError" not in message
    assert f"error {error_id}" in caplog.text and "RuntimeError: secret detail" in caplog.text


@pytest.mark.parametrize("content", [b"not a database at all" * 300, b"SQLite format 3\x00" + b"\xff" * 8000])
def test_a_damaged_database_shows_a_plain_message(tmp_path, monkeypatch, content):
    bad = tmp_path / "planner.db"
    bad.write_bytes(content)
    monkeypatch.setenv("PLANNER_DB", str(bad))
    at = AppTest.from_file(APP, default_timeout=30).run()
    assert not at.exception
    assert "damaged or is not a planner database" in at.error[0].value
    assert str(tmp_path) not in shown_text(at) and "Traceback" not in shown_text(at)


def test_a_save_that_meets_a_held_lock_says_busy_and_saves_nothing(demo_db, db, monkeypatch):
    monkeypatch.setenv("PLANNER_DB", str(demo_db))
    sam = store.get_user(db, "young.sam")["person_id"]
    at = signed_in_app(demo_db, db, "young.sam")
    conn = store.open_db(demo_db, check_same_thread=False)
    conn.execute("PRAGMA busy_timeout = 50")  # the app waits 10 s; the test need not
    at.session_state["database"] = conn
    at.session_state["records"] = open_records(conn, today=lambda: TODAY)
    at.switch_page("pages/my_plan.py").run()
    other = sqlite3.connect(str(demo_db), isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    at.text_area(key="asp_employment").input("Work with horses")
    at.button(key="FormSubmitter:aspirations_form-Save what I want").click().run()
    other.execute("ROLLBACK")
    other.close()
    assert not at.exception
    assert any("busy saving another change. Nothing was saved" in e.value for e in at.error)
    assert store.get_aspirations(db, sam).get("employment") != "Work with horses"


# --- the sign-in page -----------------------------------------------------------------------------

def test_an_unknown_username_is_locked_with_the_same_words_as_a_real_one(store_app_factory):
    messages = {}
    for username in ("young.alex", "young.nobody"):
        at = store_app_factory()
        seen = []
        at.run()
        for _ in range(access.MAX_FAILED_ATTEMPTS + 1):
            at.text_input(key="username").input(username)
            at.text_input(key="password").input("wrong password")
            at.button(key="FormSubmitter:sign_in_form-Sign in").click().run()
            assert not at.exception, at.exception
            seen += [e.value for e in at.error]
        messages[username] = seen
    assert messages["young.alex"] == messages["young.nobody"]
    assert len(messages["young.alex"]) == access.MAX_FAILED_ATTEMPTS + 1
    assert "locked" in messages["young.alex"][-1] and messages["young.alex"][-2] == access.LOCKED_NOW


@pytest.fixture
def store_app_factory(demo_db, monkeypatch):
    monkeypatch.setenv("PLANNER_DB", str(demo_db))

    def make() -> AppTest:
        at = AppTest.from_file(APP, default_timeout=30)
        at.session_state["today"] = TODAY
        return at

    return make


def test_without_a_database_the_app_fails_closed(tmp_path, monkeypatch):
    monkeypatch.setenv("PLANNER_DB", str(tmp_path / "not-built.db"))
    monkeypatch.delenv("PLANNER_SAMPLE", raising=False)
    at = AppTest.from_file(APP, default_timeout=30)
    sign_in_with_password(at, "admin.kim", DEMO_PASSWORD)
    assert "user" not in at.session_state
    assert "There is no database yet, so nobody can sign in" in at.warning[0].value
    assert "PLANNER_SAMPLE=1" in at.warning[0].value
    assert not (tmp_path / "not-built.db").exists()


def test_the_sample_only_when_the_operator_asks_for_it(tmp_path, monkeypatch):
    monkeypatch.setenv("PLANNER_DB", str(tmp_path / "not-built.db"))
    monkeypatch.setenv("PLANNER_SAMPLE", "1")
    at = AppTest.from_file(APP, default_timeout=30)
    sign_in_with_password(at, "worker.ann", DEMO_PASSWORD)
    assert at.session_state["user"].username == "worker.ann"


# --- names shown as written ---------------------------------------------------------------------

HOSTILE = "![x](https://evil.example/t.png) **Bold** [link](javascript:alert(1)) :red[x] $x$ <img src=x>"


def test_md_escapes_every_mark_and_keeps_the_text():
    escaped = md(HOSTILE + "\nnext line")
    assert re.sub(r"\\(.)", r"\1", escaped) == HOSTILE + " next line"
    for mark in "![]()*:$<>":
        assert not re.search(rf"(?<!\\){re.escape(mark)}", escaped), mark


def test_a_name_with_markdown_is_shown_as_written_on_a_persons_plan(demo_db, db, monkeypatch):
    monkeypatch.setenv("PLANNER_DB", str(demo_db))
    alex = store.get_user(db, "young.alex")["person_id"]
    store.update_person(db, alex, {"name": HOSTILE}, expected_version=None, by="test")
    at = signed_in_app(demo_db, db, "worker.ann")
    at.session_state["plan_person_id"] = alex
    at.switch_page("pages/person_plan.py").run()
    assert not at.exception
    headers = [h.value for h in at.header]
    assert any(h.startswith(md(HOSTILE) + ",") for h in headers), headers
    assert not any("![x](https" in h for h in headers)


def test_the_signed_in_name_is_escaped_in_the_greeting_and_the_sidebar(demo_db, db, monkeypatch):
    monkeypatch.setenv("PLANNER_DB", str(demo_db))
    db.execute("UPDATE users SET display_name = ? WHERE username = 'worker.ann'", [HOSTILE])
    at = signed_in_app(demo_db, db, "worker.ann").run()
    assert at.title[0].value == f"Hello, {md(HOSTILE)}"
    assert any(f"Signed in as **{md(HOSTILE)}**" in m.value for m in at.sidebar.markdown)


# --- a stale "What I want" ----------------------------------------------------------------------

def test_a_stale_what_i_want_is_refused_with_who_and_when(demo_db, db, monkeypatch):
    """Sam has My plan open in two tabs (his parent may not change his words: issue 14); the
    second save, made on the version the first one replaced, is refused and says who and when."""
    monkeypatch.setenv("PLANNER_DB", str(demo_db))
    sam = store.get_user(db, "young.sam")["person_id"]
    tabs = []
    for _ in range(2):
        at = signed_in_app(demo_db, db, "young.sam")
        at.run()
        at.switch_page("pages/my_plan.py").run()
        tabs.append(at)
    for tab, words in zip(tabs, ("Work with animals", "Be a vet"), strict=True):
        tab.text_area(key="asp_employment").input(words)
        tab.button(key="FormSubmitter:aspirations_form-Save what I want").click().run()
    assert not tabs[0].error
    refusal = (tabs[1].error or tabs[1].warning)[0].value
    assert "young.sam" in refusal and "Nothing was saved" in refusal
    assert store.get_aspirations(db, sam)["employment"] == "Work with animals"


# --- reads audited ------------------------------------------------------------------------------

@pytest.mark.parametrize("username, page, action", [
    ("admin.kim", "users", "view accounts"),
    ("admin.kim", "audit_log", "view audit log"),
    ("worker.ann", "person_plan", "people list viewed"),
])
def test_reading_a_list_of_people_is_audited(demo_db, db, monkeypatch, username, page, action):
    monkeypatch.setenv("PLANNER_DB", str(demo_db))
    at = signed_in_app(demo_db, db, username).run()
    at.switch_page(f"pages/{page}.py").run()
    assert not at.exception
    assert any(r["username"] == username and r["action"] == action for r in store.list_audit(db, limit=50))


def test_streamlit_never_shows_error_details_in_production():
    import tomllib
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    config = tomllib.loads((root / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["client"]["showErrorDetails"] == "none"
    serve = (root / "serve.py").read_text(encoding="utf-8")
    assert '"--client.showErrorDetails", "none"' in serve  # whatever folder the server starts in
