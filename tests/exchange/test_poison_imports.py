"""Every poison value an import used to accept (issue 17, defect 3), refused at the boundary with
the row, the column and what to do, and the database left byte-for-byte as it was."""

from __future__ import annotations

import datetime as dt
import shutil

import pytest

from planner import store
from planner.cli import main
from planner.exchange import imports

TODAY = dt.date(2026, 11, 23)


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    path = tmp_path_factory.mktemp("db") / "template.db"
    db = store.open_db(path)
    store.upsert_people(db, [
        {"area": "westmere", "local_id": "P1", "name": "Riley Example", "dob": "2010-01-01", "ehc_plan": 1,
         "plan_issued": "2015-01-01", "last_review": "2025-11-20", "record_started": "2020-01-01"},
        {"area": "westmere", "local_id": "P2", "name": "Maya Sample", "dob": "2009-09-01", "record_started": "2020-01-01"},
        {"area": "west", "local_id": "mere-P9", "name": "Other Area", "dob": "2011-02-02", "record_started": "2020-01-01"},
    ], by="t")
    store.upsert_teams(db, "westmere", [{"id": "send_team", "name": "SEND", "per_week": 4, "from_date": "2025-04-01"}])
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    return path


@pytest.fixture
def dbfile(template, tmp_path):
    path = tmp_path / "planner.db"
    shutil.copy(template, path)
    return path


def _import(dbfile, kind: str, content: str | bytes, tmp_path, area: str = "westmere", encoding=None):
    f = tmp_path / "in.csv"
    f.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    db = store.open_db(dbfile)
    try:
        return imports.import_file(db, kind, f, area=area, by="test", encoding=encoding, today=TODAY)
    finally:
        db.close()


POISON = {
    # dates of birth and a person's own dates
    "dob far future": ("people", "local_id,dob\nN1,9999-12-31\n", 2, "dob", "is in the future"),
    "dob tomorrow": ("people", "local_id,dob\nN1,2026-11-24\n", 2, "dob", "is in the future"),
    "dob too old": ("people", "local_id,dob\nN1,1900-01-01\n", 2, "dob", "27 or older"),
    "review in the future": ("people", "local_id,dob,ehc_plan,last_review\nN1,2010-01-01,Y,2031-01-01\n", 2,
                             "last_review", "is after today"),
    "post-16 move after 26": ("people", "local_id,dob,post16_move\nN1,2010-01-01,2040-01-01\n", 2, "post16_move",
                              "after the person's 26th birthday"),
    "date before birth": ("people", "local_id,dob,ehc_plan,plan_issued\nN1,2010-01-01,Y,2009-01-01\n", 2, "",
                          "is before the date of birth"),
    # a partial file that contradicts the stored record
    "partial contradicts stored": ("people", "local_id,dob,ehc_plan\nP1,2010-01-01,N\n", 2, "",
                                   "plan_issued and last_review need an EHC plan"),
    # text
    "control character": ("people", "local_id,dob,name\nN1,2010-01-01,Bell\x07Name\n", 2, "name",
                          "invisible control character (U+0007)"),
    "text reordering": ("people", "local_id,dob,name\nN1,2010-01-01,Sam\u202etxt.exe\n", 2, "name", "U+202E"),
    "name too long": ("people", "local_id,dob,name\nN1,2010-01-01," + "N" * 201 + "\n", 2, "name",
                      "at most 200 characters"),
    "cell too long": ("people", "local_id,dob,setting\nN1,2010-01-01," + "s" * 1500 + "\n", 2, "setting",
                      "the most is 1,000"),
    "id too long": ("people", "local_id,dob\n" + "L" * 70 + ",2010-01-01\n", 2, "local_id", "at most 64 characters"),
    "field over 128 KB": ("people", "local_id,dob,name\nN1,2010-01-01," + "x" * 140_000 + "\n", 2, "",
                          "longer than 131,072 characters"),
    "unclosed quote": ("people", 'local_id,dob,name\nN1,2010-01-01,"Riley\n' + "N2,2010-01-01,x\n" * 20_000, 2, "",
                       "never closed"),
    "NUL byte": ("people", "local_id,dob,name\nN1,2010-01-01,a\x00b\n", 2, "name", "control character (U+0000)"),
    # episodes
    "episode far future": ("episodes", "local_id,service_id,start\nP1,camhs,9999-12-31\n", 2, "start",
                           "after the person's 30th birthday"),
    "episode before birth": ("episodes", "local_id,service_id,start\nP1,camhs,1990-01-01\n", 2, "start",
                             "before the person's date of birth"),
    # team capacities
    "capacity inf": ("teams", "team_id,name,capacity,per\nsend_team,SEND,inf,week\n", 2, "capacity", "is not a number"),
    "capacity 1e400": ("teams", "team_id,name,capacity,per\nsend_team,SEND,1e400,week\n", 2, "capacity", "is not a number"),
    "capacity nan": ("teams", "team_id,name,capacity,per\nsend_team,SEND,nan,week\n", 2, "capacity", "is not a number"),
    "capacity negative": ("teams", "team_id,name,capacity,per\nsend_team,SEND,-1,week\n", 2, "capacity", "less than 0"),
    "capacity absurd": ("teams", "team_id,name,capacity,per\nsend_team,SEND,1e9,month\n", 2, "capacity",
                        "more than 10,000"),
    "capacity date far future": ("teams", "team_id,name,capacity,per,from_date\nsend_team,SEND,4,week,9999-12-31\n", 2,
                                 "from_date", "check the year"),
    "team id with spaces": ("teams", "team_id,name\nSEND Team!,SEND\n", 2, "team_id", "lower-case letters"),
}


@pytest.mark.parametrize("case", sorted(POISON))
def test_poison_value_is_refused_with_row_column_and_what_to_do(case, dbfile, tmp_path):
    kind, content, row, column, words = POISON[case]
    before = dbfile.read_bytes()
    with pytest.raises(imports.ImportRefused) as refused:
        _import(dbfile, kind, content, tmp_path)
    problems = refused.value.problems
    assert any(p.row == row and p.column == column and words in p.message for p in problems), problems
    assert dbfile.read_bytes() == before


def test_the_contradiction_says_the_stored_record_was_part_of_the_check(dbfile, tmp_path):
    with pytest.raises(imports.ImportRefused) as refused:
        _import(dbfile, "people", "local_id,dob,ehc_plan\nP1,2010-01-01,N\n", tmp_path)
    assert "a column the file leaves out keeps its stored value" in str(refused.value.problems[0])


def test_a_file_without_a_name_column_keeps_every_name(dbfile, tmp_path):
    counts = _import(dbfile, "people", "local_id,dob,camhs\nP1,2010-01-01,Y\nP2,2009-09-01,N\n", tmp_path)
    assert counts == {"inserted": 0, "updated": 1, "unchanged": 1}
    db = store.open_db(dbfile)
    assert [r["name"] for r in store.list_people(db, area="westmere")] == ["Riley Example", "Maya Sample"]
    assert store.get_person(db, "westmere-P1")["plan_issued"] == "2015-01-01"  # left out: kept
    db.close()


def test_a_partial_file_that_agrees_with_the_stored_record_imports(dbfile, tmp_path):
    assert _import(dbfile, "people", "local_id,dob,last_review\nP1,2010-01-01,2026-10-01\n", tmp_path)["updated"] == 1


def test_an_id_that_collides_with_another_areas_person_is_refused(dbfile, tmp_path):
    before = dbfile.read_bytes()
    with pytest.raises(imports.ImportRefused) as refused:
        _import(dbfile, "people", "local_id,dob\nP9,2010-01-01\n", tmp_path, area="west-mere")
    assert "which another person already has (mere-P9 in west)" in str(refused.value.problems[0])
    assert dbfile.read_bytes() == before


def test_an_undefined_windows_1252_byte_is_a_message_not_a_traceback(dbfile, tmp_path):
    with pytest.raises(imports.ImportRefused) as refused:
        _import(dbfile, "people", b"local_id,dob,name\nN1,2010-01-01,Zo\x81\n", tmp_path, encoding="cp1252")
    assert "not Windows-1252 either (byte 0x81" in str(refused.value.problems[0])


@pytest.mark.parametrize("case", ["capacity nan", "dob far future", "field over 128 KB", "NUL byte"])
def test_the_command_line_gives_one_line_per_problem_and_status_2(case, dbfile, tmp_path, capsys):
    kind, content, _row, _column, words = POISON[case]
    f = tmp_path / "in.csv"
    f.write_text(content, encoding="utf-8")
    assert main(["import", kind, str(f), "--db", str(dbfile), "--area", "westmere"]) == 2
    err = capsys.readouterr().err
    assert words in err and "nothing was imported" in err and "Traceback" not in err


@pytest.mark.parametrize("value", [float("nan"), float("inf"), -1.0, 1e9])
def test_a_capacity_typed_on_the_page_is_checked_the_same_way(dbfile, value):
    from planner.planning import capacity

    db = store.open_db(dbfile)
    with pytest.raises(ValueError, match="The capacity"):
        capacity.change_capacity(db, "westmere", "send_team", TODAY, value, "manager")
    assert [r["per_week"] for r in store.capacity_for(db, "westmere", "send_team")] == [4.0]
    db.close()


@pytest.mark.parametrize("dob, words", [("9999-12-31", "is in the future"), ("1900-01-01", "27 or older")])
def test_a_sen2_return_is_held_to_the_same_bounds(dob, words):
    from pathlib import Path

    from planner.exchange import sen2

    folder = Path(__file__).resolve().parents[2] / "data" / "samples" / "sen2"
    files = {p.name: p.read_bytes() for p in sorted(folder.glob("*.csv"))}
    files["person.csv"] = files["person.csv"].replace(b"2008-02-04", dob.encode())
    db = store.open_db(":memory:")
    with pytest.raises(imports.ImportRefused) as refused:
        sen2.import_return(db, files, area="eastshire")
    # Refused for the date of birth itself, or for dates that it would put before the birth.
    assert any((words in p.message and "S2-001" in p.message) or f"date of birth ({dob})" in p.message
               for p in refused.value.problems)
    assert store.count_people(db) == 0
    db.close()
