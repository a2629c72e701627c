"""The administrator's Data and Statutory returns pages on the Westmere demo database (AppTest;
uploading a file is in the browser test, tests/e2e/test_data.py)."""

from __future__ import annotations

import datetime as dt

import pytest

from planner import store
from tests.app.conftest import open_page, store_app

TODAY = dt.date(2026, 1, 15)


@pytest.fixture
def admin_app(demo_db, db, monkeypatch):
    monkeypatch.setenv("PLANNER_DB", str(demo_db))
    return store_app(db, "admin.kim", TODAY, timeout=60).run()


def actions(db) -> list[str]:
    return [r["action"] for r in store.list_audit(db, limit=200)]


def test_the_data_page_exports_and_audits(admin_app, db):
    open_page(admin_app, "data")
    assert [h.value for h in admin_app.header] == ["Import a file", "Export", "One person's record"]
    admin_app.selectbox(key="export_what").set_value("sen2")
    admin_app.button(key="export_prepare").click().run()
    assert not admin_app.exception
    assert "export SEN2" in actions(db)


def test_subject_access_then_erasure_with_the_id_typed(admin_app, db):
    open_page(admin_app, "data")
    sam = store.get_user(db, "young.sam")["person_id"]
    admin_app.text_input(key="person_search").input("Sam Taylor").run()
    assert admin_app.selectbox(key="person_chosen").value == sam
    admin_app.button(key="sar_prepare").click().run()
    assert not admin_app.exception and "subject access request" in actions(db)
    assert "cannot be undone" in admin_app.warning[0].value
    admin_app.text_input(key="erase_typed").input("not the id")
    admin_app.text_input(key="erase_reason").input("asked")
    admin_app.button(key="erase_confirm").click().run()
    assert "Nothing was erased: to confirm, type the person's id exactly" in admin_app.warning[-1].value
    assert store.get_person(db, sam) is not None
    admin_app.text_input(key="erase_typed").input(sam)
    admin_app.button(key="erase_confirm").click().run()
    assert not admin_app.exception
    assert admin_app.success[0].value.startswith(f"Erased {sam}:")
    assert store.get_person(db, sam) is None and "erase person" in actions(db)


def test_the_returns_page_shows_true_counts_and_prepares_the_published_file(admin_app, db):
    open_page(admin_app, "returns")
    headers = [h.value for h in admin_app.header]
    assert headers[:2] == ["Phase transfers: amended EHC plan finalised by the deadline",
                           "Annual reviews held within 12 months"]
    assert "evidence pack viewed" in actions(db)
    admin_app.button(key="returns_prepare").click().run()
    admin_app.button(key="annex_prepare").click().run()
    assert not admin_app.exception
    assert {"export evidence pack", "export Annex A list 1"} <= set(actions(db))


@pytest.mark.parametrize("page", ["data", "returns"])
def test_only_an_administrator_has_these_pages(page):
    from planner import access

    for role in access.Role:
        assert (page in access.ROLE_PAGES[role]) == (role is access.Role.ADMINISTRATOR)
