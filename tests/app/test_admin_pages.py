"""The administrator's pages on the Westmere demo database: users (list without password hashes,
create, a short password refused, a new password, unlock) and the audit log (newest first,
filters, pages, a CSV download with formula cells neutralised); and what they say in sample mode."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.testing.v1 import AppTest

from planner import access, store
from planner.access import admin
from planner.demo import DEMO_PASSWORD
from tests.app.conftest import open_page, store_app

APP = str(Path(__file__).resolve().parents[2] / "app.py")
TODAY = dt.date(2026, 11, 23)  # as tests/app/conftest.py
CREATE = "FormSubmitter:create_user_form-Create account"


@pytest.fixture
def admin_app(demo_db, db, monkeypatch):
    """The app on a private Westmere database, signed in as admin.kim."""
    monkeypatch.setenv("PLANNER_DB", str(demo_db))
    return store_app(db, "admin.kim", TODAY, timeout=30).run()


def everything_shown(at: AppTest) -> str:
    parts = [m.value for m in at.markdown] + [t.value.to_csv() for t in (*at.table, *at.dataframe)]
    return "\n".join(parts)


def audit_rows(db, **filters) -> list[tuple]:
    return [(r["username"], r["action"], r["person_id"], r["detail"]) for r in store.list_audit(db, **filters)]


# --- users -------------------------------------------------------------------------------------

def test_users_page_lists_accounts_never_hashes(admin_app, db):
    open_page(admin_app, "users")
    table = admin_app.dataframe[0].value
    assert list(table.columns) == list(admin.USER_COLUMNS.values())
    assert {"young.sam", "parent.sam", "worker.ann", "manager.raj", "commissioner.lee", "admin.kim"} <= set(table["Username"])
    assert "$argon2" not in everything_shown(admin_app)
    sam = table[table["Username"] == "young.sam"].iloc[0]
    assert sam["Role"] == "young person" and sam["Linked young person"] == store.get_user(db, "young.sam")["person_id"]
    assert sam["Status"] == "active"
    admin_app.selectbox(key="users_role").set_value(access.Role.WORKER).run()
    assert set(admin_app.dataframe[0].value["Role"]) == {"transition worker"}


def fill_new_account(at: AppTest, **values) -> AppTest:
    for key, value in values.items():
        if key in ("new_role", "new_team_id"):
            at.selectbox(key=key).set_value(value)
        else:
            at.text_input(key=key).input(value)
    return at.button(key=CREATE).click().run()


def test_create_a_worker_account(admin_app, db):
    open_page(admin_app, "users")
    fill_new_account(admin_app, new_username="jo.bloggs", new_role=access.Role.WORKER, new_display_name="Jo Bloggs",
                     new_email="Jo@Example.org", new_team_id="send_team", new_password="a good long password")
    assert not admin_app.error
    assert admin_app.success[0].value == "Created the account jo.bloggs (transition worker)."
    row = store.get_user(db, "jo.bloggs")
    assert (row["role"], row["team_id"], row["email"], row["person_id"]) == ("worker", "send_team", "jo@example.org", None)
    assert access.verify_password(row["password_hash"], "a good long password")
    assert ("admin.kim", "create account", None, "jo.bloggs as transition worker, team send_team") in audit_rows(db)
    assert "jo.bloggs" in set(admin_app.dataframe[0].value["Username"])


def test_create_a_parent_account_linked_to_a_person(admin_app, db):
    alex = store.get_user(db, "young.alex")["person_id"]
    open_page(admin_app, "users")
    fill_new_account(admin_app, new_username="parent.alex2", new_role=access.Role.PARENT_CARER,
                     new_person_id=alex, new_password="transition-demo-2")
    assert not admin_app.error
    assert store.get_user(db, "parent.alex2")["person_id"] == alex
    assert "parent.alex2" in store.person_links(db, alex)["parents"]
    assert ("admin.kim", "create account", alex, "parent.alex2 as parent or carer") in audit_rows(db)


@pytest.mark.parametrize(("values", "message"), [
    ({"new_username": "sam.short", "new_role": access.Role.COMMISSIONER, "new_password": "short"}, "A password needs at least 8 characters."),
    ({"new_username": "young.sam", "new_password": "long enough pw"}, "There is already an account called young.sam"),
    ({"new_username": "=cmd", "new_password": "long enough pw"}, "A username needs 2 to 100 letters"),
    ({"new_username": "pat.young", "new_role": access.Role.YOUNG_PERSON, "new_password": "long enough pw"},
     "must be linked to a young person"),
    ({"new_username": "pat.young", "new_role": access.Role.YOUNG_PERSON, "new_person_id": "westmere-nobody",
      "new_password": "long enough pw"}, "There is no young person with the id westmere-nobody"),
    ({"new_username": "pat.manager", "new_role": access.Role.TEAM_MANAGER, "new_password": "long enough pw"},
     "needs a team"),
    ({"new_username": "pat.x", "new_role": access.Role.COMMISSIONER, "new_email": "ANN@example.org",
      "new_password": "long enough pw"}, None),
])
def test_create_account_refusals(admin_app, db, values, message):
    if message is None:  # an email another account has
        store.create_user(db, "ann.sso", "worker", None, email="ann@example.org", team_id="send_team")
        message = "Another account already has that email address"
    before = len(store.list_users(db))
    open_page(admin_app, "users")
    fill_new_account(admin_app, **values)
    assert message in admin_app.error[0].value
    assert len(store.list_users(db)) == before
    assert not [r for r in audit_rows(db) if r[1] == "create account"]


def test_set_a_new_password(admin_app, db):
    open_page(admin_app, "users")
    admin_app.selectbox(key="reset_username").set_value("parent.sam")
    admin_app.text_input(key="reset_password").input("a brand new secret")
    admin_app.text_input(key="reset_again").input("a brand new secret")
    admin_app.button(key="FormSubmitter:reset_password_form-Set new password").click().run()
    assert "Set a new password for parent.sam" in admin_app.success[0].value
    row = store.get_user(db, "parent.sam")
    assert access.verify_password(row["password_hash"], "a brand new secret")
    assert not access.verify_password(row["password_hash"], DEMO_PASSWORD)
    assert ("admin.kim", "reset password", None, "parent.sam") in audit_rows(db)
    # Two different passwords, or a short one, are refused.
    admin_app.text_input(key="reset_password").input("one thing here")
    admin_app.text_input(key="reset_again").input("another thing")
    admin_app.button(key="FormSubmitter:reset_password_form-Set new password").click().run()
    assert "not the same" in admin_app.error[0].value


def test_unlock_a_locked_account(admin_app, db):
    open_page(admin_app, "users")
    assert "No account is locked." in everything_shown(admin_app)
    store.save_login_state(db, "young.sam", 0, dt.datetime.now() + dt.timedelta(minutes=15))
    admin_app.run()
    table = admin_app.dataframe[0].value
    assert table[table["Username"] == "young.sam"].iloc[0]["Status"].startswith("locked until")
    assert admin_app.selectbox(key="unlock_username").options == ["young.sam"]
    admin_app.button(key="FormSubmitter:unlock_form-Unlock").click().run()
    assert admin_app.success[0].value == "Unlocked young.sam. They can sign in again now."
    assert store.get_user(db, "young.sam")["locked_until"] is None
    assert ("admin.kim", "unlock account", None, "young.sam") in audit_rows(db)
    assert "No account is locked." in everything_shown(admin_app)


# --- audit log ---------------------------------------------------------------------------------

@pytest.fixture
def downloads(monkeypatch):
    """What each download button on the page would send, by file name."""
    sent: dict[str, bytes] = {}
    original = MediaFileManager.add

    def add(self, path_or_data, mimetype, coordinates, file_name=None, is_for_static_download=False):
        if file_name:
            sent[file_name] = path_or_data
        return original(self, path_or_data, mimetype, coordinates, file_name, is_for_static_download)

    monkeypatch.setattr(MediaFileManager, "add", add)
    return sent


FORMULA = '=HYPERLINK("http://evil.example","click")'


def test_audit_log_newest_first_filtered_paged_and_safe_csv(admin_app, db, downloads):
    # A sign-in attempt with a formula for a username: what was typed is never written to the log
    # (it is no account), only "unknown account" and a keyed hash.
    sign_in = AppTest.from_file(APP, default_timeout=30)
    sign_in.run()
    sign_in.text_input(key="username").input(FORMULA)
    sign_in.text_input(key="password").input("whatever")
    sign_in.button(key="FormSubmitter:sign_in_form-Sign in").click().run()
    refused = store.list_audit(db, limit=1)[0]
    assert refused["username"] == "(unknown account)" and "HYPERLINK" not in refused["detail"]
    # A formula that does reach the log (an old entry, say) is neutralised in the download.
    store.audit(db, FORMULA, "sign in refused")
    sam = store.get_user(db, "young.sam")["person_id"]
    for i in range(60):
        store.audit(db, "worker.ann", "read", sam, f"person plan {i}")

    open_page(admin_app, "audit_log")
    first = admin_app.dataframe[0].value
    assert len(first) == admin.PER_PAGE
    assert list(first["Detail"][:2]) == ["person plan 59", "person plan 58"]  # newest first
    assert "Page 1 of 2: 62 entries match." in everything_shown(admin_app)

    admin_app.text_input(key="audit_person_id").input(sam).run()
    assert "Page 1 of 2: 60 entries match." in everything_shown(admin_app)
    admin_app.number_input(key="audit_page").set_value(2).run()
    assert list(admin_app.dataframe[0].value["Detail"]) == [f"person plan {i}" for i in range(9, -1, -1)]

    admin_app.text_input(key="audit_person_id").input("").run()
    admin_app.text_input(key="audit_username").input(FORMULA).run()
    assert "Page 1 of 1: 1 entry matches." in everything_shown(admin_app)
    csv = downloads["audit-log.csv"].decode("utf-8-sig")
    lines = csv.splitlines()
    assert lines[0] == "at,username,action,person_id,detail"
    assert len(lines) == 2 and ",\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"click\"\")\",sign in refused," in lines[1]
    assert admin_app.get("download_button")[0].label == "Download the matching entry (CSV, safe to open in a spreadsheet)"


def test_audit_csv_neutralises_every_formula_start(db):
    for start in ("=", "+", "-", "@"):
        store.audit(db, f"{start}x", "sign in refused")
    body = admin.audit_csv(db).lstrip("\ufeff").splitlines()[1:]
    assert sorted(line.split(",")[1] for line in body) == ["'+x", "'-x", "'=x", "'@x"]


def test_audit_log_with_no_match(admin_app):
    open_page(admin_app, "audit_log")
    admin_app.text_input(key="audit_username").input("nobody.here").run()
    assert "No entries match." in everything_shown(admin_app)
    assert not admin_app.table and not admin_app.get("download_button")


# --- sample mode, and other roles -----------------------------------------------------------------

@pytest.mark.parametrize("page", ["users", "audit_log"])
def test_admin_pages_say_plainly_there_is_no_database(app, signed_in, monkeypatch, tmp_path, page):
    monkeypatch.setenv("PLANNER_DB", str(tmp_path / "not-built.db"))
    signed_in(app, "admin.kim")
    open_page(app, page)
    assert "There is no database yet" in app.info[0].value
    assert not app.table and not app.get("download_button")


@pytest.mark.parametrize("username", ["young.sam", "worker.ann", "manager.raj", "commissioner.lee"])
def test_only_the_administrator_has_the_pages(app, signed_in, username):
    signed_in(app, username)
    for page in ("users", "audit_log"):
        with pytest.raises(ValueError, match="Could not find a navigation page"):
            app.switch_page(f"pages/{page}.py")
