"""The statutory evidence pack: Annex A List 1's header is the published list byte for byte, and
each figure on the demo areas equals an independent query written here (different arithmetic:
day counts with julianday and Python dates, not the store's date modifiers)."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
from collections import Counter

import pytest

from planner import schoolyear as sy
from planner import store
from planner.cli import main
from planner.exchange import annex_a, returns
from planner.need.disclosure import SUPPRESSED
from planner.planning import runs
from tests.conftest import copy_db

AS_OF = dt.date(2026, 1, 15)

# Annex A List 1 as published (Ofsted/CQC area SEND template, as Data to Insight's tools
# reproduce it): 21 headers, EN DASH in the establishment columns.
PUBLISHED_LIST_1 = (
    "Unique ID,UPN,ULN,Date of birth,Gender,Ethnicity,Date initial EHC plan issued,"
    "Date updated EHC plan issued,Date EHC plan last reviewed,SEN primary need,"
    "Main education establishment \u2013 URN,Main education establishment \u2013 phase,"
    "Subsidiary education establishment \u2013 phase (dual registration),Elective home education,"
    "Suspensions,Permanent exclusions,Absence,Pupil Premium,Known to children's social care?,"
    "Which children's social care team?,Does the child or young person have a disability?"
).encode("utf-8")


@pytest.fixture
def eastshire(eastshire_db):
    """The session's Eastshire (tests/conftest.py), built once."""
    return eastshire_db


@pytest.fixture(scope="module")
def westmere(westmere_db_path, tmp_path_factory):
    """Westmere (a copy of the session's, tests/conftest.py) planned from 12 January 2026 (3 s,
    one worker), so that the plan has handovers at 18."""
    db = store.open_db(copy_db(westmere_db_path, tmp_path_factory.mktemp("westmere") / "planner.db"))
    runs.plan_area(db, "westmere", dt.date(2026, 1, 12), time_limit=3, workers=1, accept_now=True)
    yield db
    db.close()


def test_list_1_header_is_the_published_list_byte_for_byte(eastshire):
    assert ",".join(annex_a.LIST_1).encode("utf-8") == PUBLISHED_LIST_1
    assert hashlib.sha256(PUBLISHED_LIST_1).hexdigest() == "9274cdce9f2d4c4da9638e0768ffcbb258772c6c22b30c82d46bfdf835f647f8"
    text = annex_a.list_1_csv(eastshire, "eastshire", AS_OF, by="test")
    assert text.encode("utf-8").split(b"\r\n")[0] == b"\xef\xbb\xbf" + PUBLISHED_LIST_1


def test_list_1_has_everyone_with_a_plan_and_only_them(eastshire):
    rows = annex_a.list_1_rows(eastshire, "eastshire", AS_OF)
    plans = eastshire.execute("SELECT local_id, dob, plan_issued, primary_need FROM people "
                              "WHERE area = 'eastshire' AND ehc_plan = 1 ORDER BY local_id").fetchall()
    assert [r["Unique ID"] for r in rows] == [p[0] for p in plans]
    for row, (_lid, dob, issued, need) in zip(rows, plans, strict=True):
        assert row["Date of birth"] == f"{dob[8:10]}/{dob[5:7]}/{dob[:4]}"
        assert row["Date initial EHC plan issued"] == f"{issued[8:10]}/{issued[5:7]}/{issued[:4]}"
        assert need is None or row["SEN primary need"].endswith(") " + ("OTH" if need == "DS" else need))
        assert row["Suspensions"] == row["Absence"] == ""  # not held by the planner
    assert annex_a.NEED_TEXT["DS"] == annex_a.NEED_TEXT["OTH"] == "l) OTH"


def _rows(db, sql, **params) -> list[tuple]:
    return db.execute(sql, params).fetchall()


def independent(db, key: str, area: str, as_of: dt.date) -> dict[str, list[int]]:
    """Each figure computed again, its own way."""
    a = as_of.isoformat()
    out: dict[str, list[int]] = {}
    if key == "phase-transfer":
        for due, final in _rows(db, "SELECT s.phase_transfer_due, s.phase_transfer_final FROM sen2_active_plans s, people p "
                                    "WHERE p.id = s.person_id AND p.area = :area AND s.phase_transfer_due <> ''", area=area):
            label = f"{due[:4]} ({ {'02-15': '15 February', '03-31': '31 March'}.get(due[5:], 'another date') })"
            col = (0 if final <= due else 1) if final else (2 if due < a else 3)
            out.setdefault(label, [0, 0, 0, 0])[col] += 1
    elif key == "annual-reviews":
        year_ago = sy.add_months(as_of, -12).isoformat()
        for dob, issued, last in _rows(db, "SELECT dob, plan_issued, last_review FROM people WHERE area = :area "
                                           "AND ehc_plan <> 0", area=area):
            age = sy.age_on(dt.date.fromisoformat(dob), as_of)
            band = "14-15" if age < 16 else "16-17" if age < 18 else "18-19" if age < 20 else "20-25"
            col = 0 if last and year_ago <= last <= a else (2 if issued and issued >= year_ago else 1)
            out.setdefault(band, [0, 0, 0])[col] += 1
    elif key == "review-decisions":
        for meeting, gap, decision in _rows(db, "SELECT s.review_meeting, julianday(s.review_decision) - "
                                                "julianday(s.review_meeting), s.review_decision FROM sen2_active_plans s "
                                                "JOIN people p ON p.id = s.person_id WHERE p.area = :area "
                                                "AND s.review_meeting <= :a", area=area, a=a):
            due = dt.date.fromisoformat(meeting) + dt.timedelta(days=28)
            col = (0 if gap <= 28 else 1) if decision else (2 if due < as_of else 3)
            out.setdefault(meeting[:4], [0, 0, 0, 0])[col] += 1
    elif key == "assessments":
        for issued, days, week20 in _rows(db, "SELECT n.start_date, julianday(n.start_date) - julianday(r.received_date), "
                                             "a.week20 FROM people p JOIN sen2_requests r ON r.person_id = p.id "
                                             "JOIN sen2_assessments a ON a.person_id = p.id AND a.request_id = r.id "
                                             "JOIN sen2_named_plans n ON n.person_id = p.id AND n.assessment_id = a.id "
                                             "WHERE p.area = :area AND n.start_date <= :a", area=area, a=a):
            col = 2 if week20 else (0 if days <= 140 else 1)
            out.setdefault(issued[:4], [0, 0, 0])[col] += 1
    elif key == "care-act":
        people = {pid: dt.date.fromisoformat(dob) for pid, dob in _rows(db, "SELECT id, dob FROM people WHERE area = :area", area=area)}
        firsts: dict[str, str] = {}
        for pid, day in _rows(db, "SELECT person_id, date FROM events WHERE kind = 'assessment_done' "
                                  "AND service_id = 'adult_social_care' AND date <= :a ORDER BY date DESC", a=a):
            firsts[pid] = day
        seen = set()
        for pid, start, end in _rows(db, "SELECT person_id, start, \"end\" FROM episodes WHERE service_id IN "
                                         "('childrens_social_care', 'short_breaks')"):
            if pid not in people or pid in seen:
                continue
            b18 = sy.anniversary(people[pid], 18)
            eve = (b18 - dt.timedelta(days=1)).isoformat()
            if start <= eve and (end is None or end >= eve) and b18 <= as_of:
                seen.add(pid)
                first = firsts.get(pid)
                col = 2 if first is None else (0 if first < b18.isoformat() else 1)
                out.setdefault(str(b18.year), [0, 0, 0])[col] += 1
    elif key == "gaps":
        for frm, to, dob, due, gap in _rows(db, "SELECT h.from_service, h.to_service, p.dob, h.due, h.gap_weeks FROM handovers h "
                                                "JOIN people p ON p.id = h.person_id WHERE p.area = :area", area=area):
            b18 = sy.anniversary(dt.date.fromisoformat(dob), 18)
            if due not in (b18.isoformat(), (b18 - dt.timedelta(days=1)).isoformat()):
                continue
            out.setdefault(f"{frm} to {to}", [0, 0, 0])[0 if gap == 0 else 1 if gap <= 4 else 2] += 1
    return dict(sorted(out.items()))


@pytest.mark.parametrize("key", returns.KEYS)
@pytest.mark.parametrize("area", ["eastshire", "westmere"])
def test_each_figure_equals_an_independent_query(request, key, area):
    db = request.getfixturevalue(area)
    f = returns.figure(db, key, area, AS_OF)
    assert dict(zip(f.rows, f.counts, strict=True)) == independent(db, key, area, AS_OF)


@pytest.mark.parametrize("key", returns.KEYS)
def test_the_demo_has_something_to_count(eastshire, westmere, key):
    db, area = (westmere, "westmere") if key == "gaps" else (eastshire, "eastshire")
    assert returns.figure(db, key, area, AS_OF).total > 0


def test_released_tables_hide_small_counts_and_round(eastshire):
    for f in returns.evidence_pack(eastshire, "eastshire", AS_OF):
        table = f.released()
        for row, cells in zip(f.counts, table.cells, strict=False):
            for true, shown in zip(row, cells, strict=True):
                assert shown == SUPPRESSED or shown == 0 or (isinstance(shown, int) and shown % 5 == 0
                                                              and abs(shown - true) <= 2 and true > 7)


def test_the_command_line_publishes_released_figures_only(eastshire, demo_db, tmp_path, capsys):
    path = demo_db  # a private copy of the session's Westmere (tests/conftest.py)
    assert main(["returns", "all", "--db", str(path), "--area", "westmere", "--as-of", "2026-01-15",
                 "--csv", str(tmp_path / "pack.csv")]) == 0
    text = (tmp_path / "pack.csv").read_text(encoding="utf-8-sig")
    cells = [c for row in csv.reader(io.StringIO(text)) for c in row[1:]]  # not the row labels (years)
    numbers = [int(c) for c in cells if c.isdigit()]
    assert numbers and all(n % 5 == 0 for n in numbers)
    assert main(["returns", "annex-a", "--db", str(path), "--area", "westmere", "--csv", str(tmp_path / "a.csv")]) == 0
    assert (tmp_path / "a.csv").read_bytes().startswith(b"\xef\xbb\xbf" + PUBLISHED_LIST_1)
    db = store.open_db(path)
    assert Counter(r["action"] for r in store.list_audit(db, limit=10))["export Annex A list 1"] == 1
    assert main(["returns", "sql"]) == 0
    assert "FROM sen2_active_plans" in capsys.readouterr().out


def test_the_readme_prints_every_figures_query():
    """Docs that cannot drift: the README's evidence-pack queries are the store's."""
    from planner.rules.docs import README

    text = README.read_text(encoding="utf-8")
    start = text.index("<!-- evidence-pack-sql")
    block = text[text.index("\n", start) + 1:text.index("<!-- /evidence-pack-sql -->")]
    assert block == returns.sql_docs()
