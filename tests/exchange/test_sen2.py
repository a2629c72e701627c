"""The SEN2 return: every 2025 need code imports, a bad return names every problem and writes
nothing, and an export of the record imports back to the same record (stored and derived)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from planner import store
from planner.cli import main
from planner.exchange import imports, sen2
from planner.exchange.sen2_spec import MODULES
from planner.models import Need, Person

SAMPLE = Path(__file__).resolve().parents[2] / "data" / "samples" / "sen2"
AREA = "eastshire"


def sample_files() -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(SAMPLE.glob("*.csv"))}


def record_of(db) -> dict:
    """Everything a return sets: people (less the change stamps) and SEN2 rows, by local id."""
    out = {}
    for p in store.list_people(db, area=AREA):
        facts = {k: v for k, v in p.items() if k not in ("version", "updated_by", "updated_at")}
        out[p["local_id"]] = (facts, store.sen2_record(db, p["id"]))
    return out


@pytest.fixture
def db():
    d = store.open_db(":memory:")
    yield d
    d.close()


def test_2025_need_codes_are_the_dfe_list():
    assert [n.value for n in Need] == ["SPLD", "MLD", "SLD", "PMLD", "SEMH", "SLCN", "HI", "VI", "MSI", "PD",
                                       "ASD", "DS", "OTH"]


@pytest.mark.parametrize(("written", "code"), [("SpLD", "SPLD"), ("spld", "SPLD"), ("Other", "OTH"),
                                               ("ds", "DS"), ("OTH", "OTH"), (" asd ", "ASD")])
def test_old_spellings_are_aliases(written, code):
    assert Need(written) is Need(code)
    assert Person(dob=dt.date(2010, 1, 1), primary_need=written).primary_need is Need(code)


def test_every_2025_need_code_imports_in_a_return(db):
    sen2.import_return(db, sample_files(), area=AREA)
    needs = {p["primary_need"] for p in store.list_people(db, area=AREA)} - {None}
    assert needs == {n.value for n in Need}


def test_every_2025_need_code_imports_as_people(db, tmp_path):
    rows = "".join(f"N{i},2009-01-0{1 + i % 9},{code}\n" for i, code in enumerate([*Need, "SpLD", "Other", "Not recorded"]))
    (tmp_path / "p.csv").write_text("local_id,dob,primary_need\n" + rows, encoding="utf-8")
    imports.import_file(db, "people", tmp_path / "p.csv", area=AREA)
    got = {p["local_id"]: p["primary_need"] for p in store.list_people(db, area=AREA)}
    assert got["N0"] == "SPLD" and got["N11"] == "DS" and got["N12"] == "OTH"
    assert got["N13"] == "SPLD" and got["N14"] == "OTH" and got["N15"] is None


def test_a_return_maps_onto_the_record(db):
    counts = sen2.import_return(db, sample_files(), area=AREA)
    assert counts["inserted"] == 15 and counts["SEN2 records changed"] == 15
    p = store.get_person(db, "eastshire-S2-012")
    assert (p["name"], p["ehc_plan"], p["primary_need"], p["secondary_need"]) == ("Lee Invented", 1, "DS", "OTH")
    assert p["plan_issued"] == "2014-09-11" and p["last_review"] == "2025-01-10" and p["upn"] == "X900000000012"
    ceased = store.get_person(db, "eastshire-S2-014")  # CeaseReason 4: moved on to paid employment
    assert ceased["ehc_plan"] == 0 and ceased["plan_issued"] is None
    assert store.sen2_record(db, ceased["id"])["sen2_named_plans"][0]["cease_reason"] == 4
    pending = store.get_person(db, "eastshire-S2-015")
    assert pending["ehc_plan"] == 0 and pending["assessment_request"] == "2025-11-03"


def test_importing_twice_changes_nothing(db):
    sen2.import_return(db, sample_files(), area=AREA)
    before = list(db.iterdump())
    counts = sen2.import_return(db, sample_files(), area=AREA)
    assert counts["unchanged"] == 15 and counts["SEN2 records changed"] == 0
    assert [line for line in db.iterdump() if "audit_log" not in line] == [line for line in before if "audit_log" not in line]


def test_export_reimports_to_the_same_record(db):
    sen2.import_return(db, sample_files(), area=AREA)
    exported = sen2.export_return(db, AREA, reference_date=dt.date(2026, 1, 15), lea="999")
    again = store.open_db(":memory:")
    sen2.import_return(again, {k: v.encode() for k, v in exported.items()}, area=AREA)
    assert record_of(again) == record_of(db)
    second = sen2.export_return(again, AREA, reference_date=dt.date(2026, 1, 15), lea="999")
    assert {k: v for k, v in second.items() if k != "header.csv"} == {k: v for k, v in exported.items() if k != "header.csv"}
    # the export holds the file as written, row for row (the sample is already canonical)
    for m in MODULES:
        assert exported[m.file].replace("\r\n", "\n") == (SAMPLE / m.file).read_text(encoding="utf-8"), m.file


def test_people_without_a_return_export_from_their_record(db, tmp_path):
    (tmp_path / "p.csv").write_text(
        "local_id,name,dob,primary_need,secondary_need,ehc_plan,plan_issued,last_review,assessment_request\n"
        "Q1,Ada Lovelace Byron,2009-05-01,ASD,SEMH,Y,2016-02-01,2025-09-30,2015-10-01\n"
        "Q2,No Request,2009-05-01,MLD,,Y,2016-02-01,,\n", encoding="utf-8")
    imports.import_file(db, "people", tmp_path / "p.csv", area=AREA)
    exported = sen2.export_return(db, AREA)
    assert "Q2," in exported["not-in-this-return.csv"] and "Q2" not in exported["person.csv"]
    again = store.open_db(":memory:")
    sen2.import_return(again, {k: v.encode() for k, v in exported.items()}, area=AREA)
    a, b = store.get_person(db, "eastshire-Q1"), store.get_person(again, "eastshire-Q1")
    for field in ("name", "dob", "primary_need", "secondary_need", "ehc_plan", "plan_issued", "last_review",
                  "assessment_request"):
        assert a[field] == b[field], field


@pytest.mark.parametrize(("file", "content", "expected"), [
    ("senneed.csv", "SENneedID,ActivePlanID,SENtype,SENtypeRank\nX1,P001,NSA,1\n",
     "senneed.csv, row 2, column SENtype: 'NSA' is not a SEN2 2025 need code"),
    ("senneed.csv", "SENneedID,ActivePlanID,SENtype,SENtypeRank\nX1,P999,ASD,1\n",
     "senneed.csv, row 2, column ActivePlanID: 'P999' is not in activeplans.csv"),
    ("senneed.csv", "SENneedID,ActivePlanID,SENtype,SENtypeRank\nX1,P001,ASD,1\nX2,P001,MLD,1\n",
     "senneed.csv, row 3, column SENtypeRank: P001 already has a rank 1 (primary) on row 2"),
    ("senneed.csv", "SENneedID,ActivePlanID,SENtype,SENtypeRank,ShoeSize\n",
     "senneed.csv, row 1, column shoesize: unknown column"),
    ("namedplan.csv", "NamedPlanID,AssessmentID,StartDate,CeaseDate,CeaseReason\nN1,A001,2015-01-01,2020-01-01,\n",
     "namedplan.csv, row 2, column CeaseReason: a ceased plan needs both CeaseDate and CeaseReason"),
    ("namedplan.csv", "NamedPlanID,AssessmentID,StartDate,CeaseDate,CeaseReason\nN1,A001,2015-01-01,2020-01-01,10\n",
     "namedplan.csv, row 2, column CeaseReason: '10' is not one of the codes 1, 2, 3, 4, 5, 6, 7, 8, 9"),
    ("activeplans.csv", "ActivePlanID,RequestID,ReviewMeeting,ReviewOutcome,LastReview\nP001,R001,2025-05-01,M,2025-04-01\n",
     "activeplans.csv, row 2, column LastReview: 2025-04-01 is before ReviewMeeting (2025-05-01)"),
    ("activeplans.csv", "ActivePlanID,RequestID,ReviewOutcome\nP001,R001,X\n",
     "activeplans.csv, row 2, column ReviewOutcome: 'X' is not one of the codes A, C, M"),
    ("person.csv", "PersonID,PersonBirthDate,UPN\nS2-001,31/02/2009,\n",
     "person.csv, row 2, column PersonBirthDate: '31/02/2009' is not a date (use YYYY-MM-DD or DD/MM/YYYY)"),
    ("person.csv", "PersonID,PersonBirthDate,UniqueLearnerNumber\nS2-001,2009-01-01,12345\n",
     "person.csv, row 2, column UniqueLearnerNumber: '12345' is not a 10-digit ULN"),
    ("requests.csv", "RequestID,PersonID,ReceivedDate\nR001,S2-001,1999-01-01\nR001,S2-001,2019-01-01\n",
     "requests.csv, row 2, column ReceivedDate: 1999-01-01 is before the date of birth"),
    ("requests.csv", "RequestID,PersonID,ReceivedDate\nR001,S2-001,2019-01-01\nR001,S2-001,2019-01-01\n",
     "requests.csv, row 3, column RequestID: repeats row 2 (the same id)"),
    ("placementdetail.csv", "PlacementDetailID,ActivePlanID,URN\nL1,P001,\n",
     "placementdetail.csv, row 2, column URN: give the setting's URN, its UKPRN or a SENsetting code"),
    ("plandetail.csv", "PlanDetailID,NamedPlanID,URN\nD1,N001,12AB\n",
     "plandetail.csv, row 2, column URN: '12AB' is not a 6-digit URN"),
    ("plandetail.csv", None, "plandetail.csv: plandetail.csv is missing"),
])
def test_a_bad_return_names_the_problem_and_writes_nothing(db, file, content, expected):
    sen2.import_return(db, sample_files(), area=AREA)
    before = list(db.iterdump())
    files = sample_files()
    if content is None:
        del files[file]
    else:
        files[file] = content.encode()
    with pytest.raises(imports.ImportRefused) as refused:
        sen2.import_return(db, files, area=AREA)
    assert any(str(p).startswith(expected) for p in refused.value.problems), [str(p) for p in refused.value.problems]
    assert list(db.iterdump()) == before


def test_every_bad_row_is_reported_at_once(db):
    files = sample_files()
    files["senneed.csv"] = b"SENneedID,ActivePlanID,SENtype,SENtypeRank\nX1,P001,NSA,1\nX2,P999,ASD,1\nX3,P002,ASD,3\n"
    with pytest.raises(imports.ImportRefused) as refused:
        sen2.import_return(db, files, area=AREA)
    rows = sorted(p.row for p in refused.value.problems if p.file == "senneed.csv")
    assert rows == [2, 3, 4]
    assert store.count_people(db) == 0


def test_a_collect_blade_export_reads_with_its_own_column_names(db):
    files = sample_files()
    blade = {}
    for name, data in files.items():
        text = data.decode()
        for ours, theirs in (("PersonID", "persontableid"), ("RequestID", "requeststableid"),
                             ("RequestSource", "rquestsource")):
            text = text.replace(ours, theirs, 1) if name in ("person.csv", "requests.csv") else text
        blade[f"Blade-Export_15-01-2026_{name}"] = text.encode()
    lines = blade["Blade-Export_15-01-2026_person.csv"].decode().splitlines()
    blade["Blade-Export_15-01-2026_person.csv"] = "\n".join(
        [lines[0].lower() + ",NativeId,personorderseqcolumn"] + [line + ",1,1" for line in lines[1:]]).encode()
    sen2.import_return(db, blade, area=AREA)
    assert store.count_people(db, area=AREA) == 15


def test_stored_spellings_are_migrated(tmp_path):
    path = tmp_path / "old.db"
    db = store.open_db(path)
    db.table("people").insert_all([
        {"id": "a-1", "area": "a", "local_id": "1", "dob": "2009-01-01", "primary_need": "SpLD", "secondary_need": "Other"},
        {"id": "a-2", "area": "a", "local_id": "2", "dob": "2009-01-01", "primary_need": "Not recorded"}])
    db.execute("DELETE FROM schema_migrations WHERE name = 'SEN2 2025 need codes'")
    db.conn.commit()
    db.close()
    db = store.open_db(path)
    assert [(p["primary_need"], p["secondary_need"]) for p in store.list_people(db)] == [("SPLD", "OTH"), (None, None)]
    store.person_model(store.get_person(db, "a-1"))  # reads as the 2025 codes


def test_the_command_line_imports_and_exports(tmp_path, capsys):
    dbfile = tmp_path / "p.db"
    assert main(["sen2", "import", str(SAMPLE), "--db", str(dbfile), "--area", AREA]) == 0
    assert main(["sen2", "export", "--out", str(tmp_path / "out.zip"), "--db", str(dbfile), "--area", AREA,
                 "--reference-date", "2026-01-15", "--lea", "999"]) == 0
    fresh = tmp_path / "q.db"
    assert main(["sen2", "import", str(tmp_path / "out.zip"), "--db", str(fresh), "--area", AREA]) == 0
    bad = tmp_path / "bad"
    bad.mkdir()
    for name, data in sample_files().items():
        (bad / name).write_bytes(data.replace(b"DS,1", b"Downs,1"))
    assert main(["sen2", "import", str(bad), "--db", str(fresh), "--area", AREA]) == 2
    assert "senneed.csv, row 16, column SENtype: 'Downs' is not a SEN2 2025 need code" in capsys.readouterr().err


# --- any valid return round-trips ---------------------------------------------------------------

day = st.dates(dt.date(2008, 1, 1), dt.date(2025, 12, 31))


@st.composite
def returns(draw):
    n = draw(st.integers(1, 6))
    person, requests, assessments, plans, active, needs = [], [], [], [], [], []
    for i in range(n):
        dob = draw(st.dates(dt.date(2000, 1, 1), dt.date(2007, 12, 31)))
        name = draw(st.sampled_from(["Ann", "Bo Li", "Cy", "Di"]))
        person.append(f"P{i},{name},X,{dob},{draw(st.sampled_from(['M', 'F', '']))},WBRI,,,,")
        received = draw(day)
        requests.append(f"R{i},P{i},{received},,0,,,0,0,")
        if draw(st.booleans()):
            issued = received + dt.timedelta(days=draw(st.integers(0, 400)))
            assessments.append(f"A{i},R{i},,{issued},0,0,0,0,{int(draw(st.booleans()))}")
            ceased = draw(st.booleans())
            cease = f"{issued + dt.timedelta(days=draw(st.integers(0, 900)))},{draw(st.integers(1, 9))}" if ceased else ","
            plans.append(f"N{i},A{i},{issued},,,0,0,0,{cease}")
        if draw(st.booleans()):
            meeting = draw(st.one_of(st.none(), day.filter(lambda d, dob=dob: d > dob)))
            decision = meeting + dt.timedelta(days=draw(st.integers(0, 60))) if meeting else None
            outcome = draw(st.sampled_from("AMC")) if meeting else ""
            active.append(f"P{i}A,R{i},,{meeting or ''},{outcome},{decision or ''},,,")
            codes = draw(st.lists(st.sampled_from(list(Need)), min_size=0, max_size=2, unique=True))
            needs += [f"S{i}{r},P{i}A,{c.value},{r}" for r, c in enumerate(codes, start=1)]
    files = {m.file: ",".join(m.columns) + "\n" for m in MODULES}
    for name, lines in (("person.csv", person), ("requests.csv", requests), ("assessment.csv", assessments),
                        ("namedplan.csv", plans), ("activeplans.csv", active), ("senneed.csv", needs)):
        files[name] += "".join(line + "\n" for line in lines)
    return {k: v.encode() for k, v in files.items()}


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(returns())
def test_any_valid_return_round_trips(files):
    db = store.open_db(":memory:")
    try:
        sen2.import_return(db, files, area=AREA)
    except imports.ImportRefused as refused:  # a drawn date can fall before the date of birth
        assert all("before" in p.message for p in refused.problems), [str(p) for p in refused.problems]
        return
    again = store.open_db(":memory:")
    sen2.import_return(again, {k: v.encode() for k, v in sen2.export_return(db, AREA).items()}, area=AREA)
    assert record_of(again) == record_of(db)
