"""The local offer from Open Referral UK: the sample feed loads with its quality report, both
page shapes are read from a URL, a broken feed names the service and field and writes nothing,
and the feed changes what the options explorer offers and the commissioner's places."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from planner import store
from planner.cli import main
from planner.exchange import oruk
from planner.exchange.imports import ImportRefused
from planner.models import Person
from planner.need import dashboard
from planner.resources import LOCAL_OFFER
from planner.views import local_offer

FEED = LOCAL_OFFER["eastshire"]
BROKEN = Path(__file__).with_name("oruk-broken.json")
TODAY = dt.date(2026, 1, 15)


@pytest.fixture
def db():
    d = store.open_db(":memory:")
    yield d
    d.close()


def test_the_sample_feed_loads_with_its_quality_report(db):
    counts, quality = oruk.import_feed(db, FEED, area="eastshire", by="admin.kim")
    assert counts == {"added": 12, "changed": 0, "unchanged": 0, "removed": 0}
    assert (quality.services, quality.with_id, quality.with_contact, quality.with_url) == (12, 12, 12, 12)
    assert quality.with_age_range == 11  # annual health checks: from 14, no upper age
    assert quality.shares()["age range"] == pytest.approx(11 / 12)
    offer = {s["name"]: s for s in store.local_offer(db, "eastshire")}
    internship = offer["Supported internships at Eastshire General Hospital"]
    assert (internship["minimum_age"], internship["maximum_age"], internship["send"]) == (16, 24, 1)
    assert (internship["domain"], internship["outcomes"], internship["places_per_year"]) == ("employment", "employment", 12)
    assert offer["Young adult community mental health pathway"]["send"] == 0
    assert store.list_audit(db, limit=1)[0]["action"] == "import local offer"
    again, _ = oruk.import_feed(db, FEED, area="eastshire")
    assert again["unchanged"] == 12


def test_a_broken_feed_names_the_service_and_field_and_writes_nothing(db):
    oruk.import_feed(db, FEED, area="eastshire")
    before = list(db.iterdump())
    with pytest.raises(ImportRefused) as refused:
        oruk.import_feed(db, BROKEN, area="eastshire")
    messages = [str(p) for p in refused.value.problems]
    assert messages == [
        "oruk-broken.json: service 1 (Eastside Drop-in (record with no id)), field id: is missing; every "
        "service needs its own id (a UUID)",
        "oruk-broken.json: service 2 (Kingsford Day Opportunities (bad age range)), field maximum_age: 18 is "
        "below minimum_age 25: no one could use the service"]
    assert list(db.iterdump()) == before


@pytest.mark.parametrize(("content", "expected"), [
    (b"{not json", "is not JSON: Expecting property name enclosed in double quotes (line 1, column 2)"),
    (b'{"total_pages": 1, "contents": []}', "the feed has no services"),
    (b'{"hello": "world"}', "is not an Open Referral UK feed"),
    (b'[{"id": "a", "name": "A", "status": "open"}]', "service 1 (A), field status: 'open' should be one of"),
    (b'[{"id": "a", "name": "A", "status": "active", "minimum_age": "sixteen"}]', "field minimum_age: 'sixteen' is not an age"),
    (b'[{"id": "a", "name": "A", "status": "active"}, {"id": "a", "name": "B", "status": "active"}]',
     "service 2 (B), field id: a is also the id of service 1"),
])
def test_bad_feeds(db, tmp_path, content, expected):
    path = tmp_path / "feed.json"
    path.write_bytes(content)
    with pytest.raises(ImportRefused) as refused:
        oruk.import_feed(db, path, area="eastshire")
    assert any(expected in str(p) for p in refused.value.problems), [str(p) for p in refused.value.problems]
    assert store.local_offer(db) == []


def _pages(shape: str) -> dict[str, bytes]:
    services = json.loads(FEED.read_text(encoding="utf-8"))["contents"]
    pages = [services[i:i + 5] for i in range(0, len(services), 5)]
    out = {}
    for n, chunk in enumerate(pages, start=1):
        if shape == "3.0":
            doc = {"total_items": len(services), "total_pages": len(pages), "page_number": n, "size": len(chunk),
                   "first_page": n == 1, "last_page": n == len(pages), "empty": False, "contents": chunk}
        else:  # ORUK v1 (Spring): zero-based page number
            doc = {"totalElements": len(services), "totalPages": len(pages), "number": n - 1, "size": 5,
                   "first": n == 1, "last": n == len(pages), "content": chunk}
        url = "https://feed.example/services?per_page=5" + ("" if n == 1 else f"&page={n}")
        out[url] = json.dumps(doc).encode()
    return out


@pytest.mark.parametrize("shape", ["3.0", "v1"])
def test_the_same_code_reads_every_page_of_a_url(db, shape):
    pages = _pages(shape)
    asked = []

    def fetch(url):
        asked.append(url)
        return pages[url]

    counts, quality = oruk.import_feed(db, "https://feed.example/services?per_page=5", area="eastshire", fetch=fetch)
    assert counts["added"] == 12 and quality.services == 12 and len(asked) == 3
    from_file = {s["id"] for s in store.local_offer(db, "eastshire")}
    assert from_file == {s["id"] for s in json.loads(FEED.read_text(encoding="utf-8"))["contents"]}


def test_a_smaller_feed_replaces_the_offer(db, tmp_path):
    oruk.import_feed(db, FEED, area="eastshire")
    doc = json.loads(FEED.read_text(encoding="utf-8"))
    doc["contents"] = doc["contents"][:3]
    (tmp_path / "small.json").write_text(json.dumps(doc), encoding="utf-8")
    counts, _ = oruk.import_feed(db, tmp_path / "small.json", area="eastshire")
    assert counts == {"added": 0, "changed": 0, "unchanged": 3, "removed": 9}


def _explore(db, dob: dt.date) -> dict[str, object]:
    person = Person(dob=dob, ehc_plan=True)
    return {o.name: o for o in local_offer.options_for(person, TODAY, store.local_offer(db, "eastshire"))}


def test_the_feed_changes_what_the_options_explorer_offers(db):
    seventeen, nineteen = dt.date(2008, 9, 20), dt.date(2006, 9, 20)
    before = _explore(db, seventeen)
    oruk.import_feed(db, FEED, area="eastshire")
    after = _explore(db, seventeen)
    added = set(after) - set(before)
    assert "Friday Friends inclusive youth club" in added and "Supported internships at Eastshire General Hospital" in added
    assert "Willow House overnight short breaks" in added  # 8 to 17
    assert "Harbour Lane supported living" in added  # from 18, within two years
    assert after["Harbour Lane supported living"].by_when == "From your 18th birthday, 20 September 2026."
    assert after["Friday Friends inclusive youth club"].for_send and after["Friday Friends inclusive youth club"].from_local_offer
    older = _explore(db, nineteen)
    assert "Willow House overnight short breaks" not in older and "Eastshire Children and Young People's Mental Health Service (CAMHS)" not in older
    assert "Young adult community mental health pathway" in older


def test_the_feed_changes_the_commissioners_places(demo_db):
    db = store.open_db(demo_db)  # a private copy of the session's Westmere (tests/conftest.py)

    def places() -> dict[str, int]:
        board = dashboard.dashboard(db, TODAY, "westmere", use_cache=False)
        labels = ["employment", "independent_living", "community_inclusion", "good_health"]
        return dict(zip(labels, board.view("aspirations").extra["places a year"], strict=True))

    before = places()
    oruk.import_feed(db, FEED, area="westmere")
    after = places()
    # the feed's places a year: internships 12, college 60 and Northbrook 20 (employment); Northbrook 20,
    # supported living 8 and travel training 40 (independent living); youth club 30 and travel training 40
    assert after["employment"] - before["employment"] == 92
    assert after["independent_living"] - before["independent_living"] == 68
    assert after["community_inclusion"] - before["community_inclusion"] == 70
    assert after["good_health"] == before["good_health"]


def test_the_command_line_checks_and_imports(tmp_path, capsys):
    dbfile = tmp_path / "p.db"
    assert main(["offer", "check", str(FEED)]) == 0
    assert "age range: 11 of 12 (92%)" in capsys.readouterr().out
    assert main(["offer", "import", str(BROKEN), "--db", str(dbfile)]) == 2
    assert "service 1 (Eastside Drop-in (record with no id)), field id" in capsys.readouterr().err
    assert main(["offer", "import", str(FEED), "--db", str(dbfile), "--area", "eastshire"]) == 0
    assert main(["offer", "list", "--db", str(dbfile), "--area", "eastshire"]) == 0
    assert "Independent travel training" in capsys.readouterr().out
