"""The administrator's data page, as library calls: preview shows each bad row and writes
nothing, confirm imports all at once with progress, every export and subject access request is
audited, and erasure needs the person's id typed."""

from __future__ import annotations

import datetime as dt
import io
import json
import zipfile
from pathlib import Path

import pytest

from planner import store
from planner.exchange.imports import ImportRefused
from planner.resources import LOCAL_OFFER
from planner.views import data_admin

SEN2 = Path(__file__).resolve().parents[2] / "data" / "samples" / "sen2"
GOOD = "local_id,name,dob,primary_need,ehc_plan,plan_issued\nT1,Test Person,2009-04-01,DS,Y,2016-01-01\nT2,Other Test,2010-02-02,SpLD,N,\n"
BAD = GOOD.replace("2010-02-02", "31/02/2010")


@pytest.fixture
def db():
    d = store.open_db(":memory:")
    yield d
    d.close()


def actions(db) -> list[str]:
    return [r["action"] for r in store.list_audit(db, limit=100)]


def test_preview_names_the_bad_row_and_writes_nothing(db):
    p = data_admin.preview(db, "people", {"people.csv": BAD.encode()}, "eastshire")
    assert not p.ok and p.problems == ["row 3, column dob: '31/02/2010' is not a date (use DD/MM/YYYY or YYYY-MM-DD)"]
    assert "nothing can be imported" in p.summary
    assert store.count_people(db) == 0
    with pytest.raises(ImportRefused):
        data_admin.confirm(db, "people", {"people.csv": BAD.encode()}, "eastshire", by="admin.kim")
    assert store.count_people(db) == 0


def test_a_fixed_file_previews_then_imports_with_progress(db):
    p = data_admin.preview(db, "people", {"people.csv": GOOD.encode()}, "eastshire")
    assert p.ok and p.rows == 2 and p.sample[0]["local_id"] == "T1" and "ready to import" in p.summary
    seen = []
    message = data_admin.confirm(db, "people", {"people.csv": GOOD.encode()}, "eastshire", by="admin.kim",
                                 progress=lambda done, total, phase: seen.append((done, total)))
    assert message == "Imported: 2 inserted, 0 updated, 0 unchanged."
    assert seen == [(2, 2)] and store.get_person(db, "eastshire-T2")["primary_need"] == "SPLD"
    assert "import people" in actions(db)


def test_a_sen2_zip_and_a_local_offer_preview_and_import(db):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for f in SEN2.glob("*.csv"):
            z.write(f, f.name)
    files = {"return.zip": buf.getvalue()}
    p = data_admin.preview(db, "sen2", files, "eastshire")
    assert p.ok and p.rows == 15 and p.sample[11]["primary need"] == "DS"
    assert data_admin.confirm(db, "sen2", files, "eastshire", by="admin.kim").startswith("Imported: 15 inserted")
    offer = {LOCAL_OFFER["eastshire"].name: LOCAL_OFFER["eastshire"].read_bytes()}
    p = data_admin.preview(db, "offer", offer, "eastshire")
    assert p.ok and p.rows == 12 and "age range: 11 of 12 (92%)" in p.notes
    assert data_admin.confirm(db, "offer", offer, "eastshire", by="admin.kim") == \
        "Imported: 12 added, 0 changed, 0 unchanged, 0 removed."
    assert {"import SEN2", "import local offer"} <= set(actions(db))


@pytest.mark.parametrize("what", list(data_admin.EXPORTS))
def test_every_export_downloads_and_is_audited(db, what):
    data_admin.confirm(db, "sen2", {f.name: f.read_bytes() for f in SEN2.glob("*.csv")}, "eastshire", by="admin.kim")
    before = len(actions(db))
    d = data_admin.export(db, what, "eastshire", "admin.kim", dt.date(2026, 1, 15))
    assert d.data and d.file_name.endswith((".csv", ".zip"))
    assert len(actions(db)) == before + 1


def test_subject_access_gives_the_whole_record_as_json_and_html(db):
    data_admin.confirm(db, "sen2", {f.name: f.read_bytes() for f in SEN2.glob("*.csv")}, "eastshire", by="admin.kim")
    found = data_admin.find_people(db, "Invented", by="admin.kim")
    assert [p["id"] for p in found] == ["eastshire-S2-012"]
    assert [p["id"] for p in data_admin.find_people(db, "S2-012", by="admin.kim")] == ["eastshire-S2-012"]
    sar = data_admin.subject_access(db, "eastshire-S2-012", by="admin.kim")
    record = json.loads(sar.json_text)
    assert record["person"]["name"] == "Lee Invented" and record["sen2_needs"][0]["sen_type"] == "DS"
    assert "<h1>Everything the transition planner holds about Lee Invented</h1>" in sar.html_text
    assert "<h2>Sen2 needs</h2>" in sar.html_text and "Nothing held." in sar.html_text
    assert "subject access request" in actions(db)


def test_the_subject_access_page_escapes_what_it_shows():
    page = data_admin.record_html({"person": {"name": "<script>alert(1)</script>"}, "events": []})
    assert "<script>alert" not in page and "&lt;script&gt;" in page


def test_erasure_needs_the_id_typed_and_a_reason(db):
    data_admin.confirm(db, "sen2", {f.name: f.read_bytes() for f in SEN2.glob("*.csv")}, "eastshire", by="admin.kim")
    preview = data_admin.erasure_preview(db, "eastshire-S2-001")
    assert preview.rows["sen2_requests"] == 1 and "cannot be undone" in preview.sentence
    with pytest.raises(ValueError, match="type the person's id exactly"):
        data_admin.erase(db, "eastshire-S2-001", "eastshire-S2-00", by="admin.kim", reason="asked")
    with pytest.raises(ValueError, match="say why"):
        data_admin.erase(db, "eastshire-S2-001", "eastshire-S2-001", by="admin.kim", reason=" ")
    assert store.get_person(db, "eastshire-S2-001") is not None
    message = data_admin.erase(db, "eastshire-S2-001", "eastshire-S2-001", by="admin.kim", reason="asked (art. 17)")
    assert message.startswith("Erased eastshire-S2-001:") and "1 sen2 requests" in message
    assert store.get_person(db, "eastshire-S2-001") is None
    assert store.sen2_record(db, "eastshire-S2-001")["sen2_needs"] == []
    entry = store.list_audit(db, limit=1)[0]
    assert entry["action"] == "erase person" and "Invented" not in entry["detail"]
