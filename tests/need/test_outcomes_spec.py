"""The commissioner's outcome indicators on a small hand-made area (planner.need.outcomes).

The people and their outcome records are the tables below; the expected figures were counted
by hand from them, person by person (the comment on each line says who). As of 15 January
2026 a point counts once its window (six months either side of the birthday) is over:
19 for those born on or before 16 July 2006, 21 on or before 16 July 2004, 25 on or before 16
July 2000. A plan that ended because the young person moved away (SEN2 reasons 5 and 7) takes
them out of the points whose window had not ended by then.

The same area copied ten times, through the store and disclosure control, gives ten times each
count (multiples of 10 are released as they are), so the released tables are checked too.
"""

from __future__ import annotations

import datetime as dt

import pytest

from planner import store
from planner.need import outcomes as oc

AS_OF = dt.date(2026, 1, 15)

# id | dob | ehc_plan | sen_support | need | ld_register | groups
PEOPLE = """
A | 2004-03-01 | 1 | 0 | ASD  | 0 |
B | 2004-05-10 | 1 | 0 | SEMH | 0 | youth_justice
C | 2005-01-20 | 0 | 1 | MLD  | 1 | part_time_timetable
D | 2005-08-15 | 1 | 0 | SLD  | 1 | independent_placement out_of_area_placement
E | 2006-07-16 | 0 | 0 | ASD  | 0 |
F | 2006-07-17 | 1 | 0 | ASD  | 0 |
G | 2004-02-01 | 0 | 0 | ASD  | 0 |
H | 2000-06-01 | 1 | 0 | PD   | 0 |
I | 2003-01-01 | 0 | 0 | SLD  | 1 |
J | 2004-01-01 | 0 | 0 | ASD  | 0 |
"""

# person | observed_on | facts (name=value)
RECORDS = """
A | 2023-03-01 | activity=paid_work
A | 2025-03-01 | activity=paid_work paid_hours=20 living=own_tenancy
B | 2023-05-01 | activity=neet
B | 2024-12-01 | activity=school_or_college living=with_family
B | 2025-06-01 | going=well aim_employment=yes
C | 2023-06-01 | activity=school_or_college
C | 2024-01-10 | activity=day_service health_check=1
D | 2024-03-01 | activity=school_or_college
D | 2024-10-01 | activity=supported_internship health_check=0
E | 2024-09-01 | cease_reason=6 activity=neet
F | 2025-09-01 | activity=paid_work
G | 2023-03-01 | cease_reason=5
H | 2021-06-01 | living=with_family
H | 2025-05-01 | activity=training paid_hours=5 living=supported_living
I | 2023-08-01 | health_check=1 living=residential
J | 2025-01-01 | cease_reason=7
"""

ALL = oc.ALL
# indicator | expected [met, not met, not known] for everyone (who)
EXPECTED_ALL = {
    "eet_19": [2, 2, 4],  # met A D; not met B (NEET) C (day service); not known E H I J; F not due; G moved
    "eet_21": [2, 0, 2],  # met A B; not known H I; G and J moved before their window ended
    "paid_21": [1, 1, 2],  # met A; not met B (college); not known H I
    "paid_25": [1, 0, 0],  # met H (paid hours beside training)
    "living_21": [1, 3, 0],  # met A (own tenancy); not met B H (family) I (residential)
    "living_25": [1, 0, 0],  # met H (supported living)
    "settled_21": [3, 1, 0],  # met A B H; not met I (residential)
    "health_check_19": [1, 1, 1],  # on the LD register: met C; not met D (the later record); not known I
    "health_check_21": [1, 0, 0],  # met I
}
# indicator, dimension | value -> expected
EXPECTED_BY = {
    ("eet_19", "plan"): {oc.EHC: [2, 1, 3], oc.SEN_SUPPORT: [0, 1, 0], oc.NEITHER: [0, 0, 1]},  # E, J: plan ended
    ("eet_19", "cohort"): {"2018": [0, 0, 1], "2021": [0, 0, 1], "2022": [1, 1, 1], "2023": [1, 1, 0],
                           "2024": [0, 0, 1]},
    ("eet_19", "need"): {"ASD": [1, 0, 2], "SEMH": [0, 1, 0], "MLD": [0, 1, 0], "SLD": [1, 0, 1], "PD": [0, 0, 1]},
    ("eet_19", "group"): {oc.GROUPS["sen_support"]: [0, 1, 0], oc.GROUPS["part_time_timetable"]: [0, 1, 0],
                          oc.GROUPS["out_of_area_placement"]: [1, 0, 0],
                          oc.GROUPS["independent_placement"]: [1, 0, 0], oc.GROUPS["youth_justice"]: [0, 1, 0],
                          ALL: [2, 2, 4]},
    ("eet_19", "area"): {"handmade": [2, 2, 4]},
}


def _rows(text: str) -> list[list[str]]:
    return [[c.strip() for c in line.split("|")] for line in text.strip().splitlines()]


def build_store(copies: int = 1):
    db = store.open_db(":memory:")
    people, records = [], []
    for k in range(copies):
        for pid, dob, ehc, sen, need, ld, groups in _rows(PEOPLE):
            row = {"id": f"{pid}{k}", "area": "handmade", "local_id": f"{pid}{k}", "dob": dob, "ehc_plan": int(ehc),
                   "sen_support": int(sen), "primary_need": need, "ld_register": int(ld)}
            row.update({g: 1 for g in groups.split()})
            people.append(row)
        for pid, day, facts in _rows(RECORDS):
            rec = {"person_id": f"{pid}{k}", "observed_on": day, "source": "annual review", "recorded_by": "test"}
            for fact in facts.split():
                name, value = fact.split("=")
                rec[name] = float(value) if name == "paid_hours" else int(value) if value.isdigit() else value
            records.append(rec)
    store.upsert_people(db, people, by="test")
    for rec in records:
        store.save_outcome_record(db, rec)
    return db


@pytest.fixture(scope="module")
def counts():
    db = build_store()
    return oc.tally(oc.people_from_store(db, "handmade"), AS_OF)


@pytest.mark.parametrize("indicator", sorted(EXPECTED_ALL))
def test_each_indicator_counts_everyone_once(counts, indicator):
    by_value = counts[0][indicator, "group"]
    assert by_value[ALL] == EXPECTED_ALL[indicator]
    # Every partition of the same people adds up to the same total.
    for dimension in ("cohort", "need", "area", "plan"):
        total = [sum(v[i] for v in counts[0][indicator, dimension].values()) for i in range(3)]
        assert total == EXPECTED_ALL[indicator], dimension


@pytest.mark.parametrize("key", sorted(EXPECTED_BY))
def test_breakdowns(counts, key):
    assert {k: list(v) for k, v in counts[0][key].items()} == EXPECTED_BY[key]


def test_own_aims_are_each_persons_latest_answer(counts):
    aims = counts[1]
    assert aims[oc.Outcome.EMPLOYMENT] == [1, 0, 0]  # B said yes
    assert sum(map(sum, aims.values())) == 1


def test_released_tables_are_ten_times_the_counts():
    db = build_store(copies=10)
    report = oc.outcomes_report(db, AS_OF, "handmade", use_cache=False)
    headline = report.view("headline").table
    for ind in oc.INDICATORS:
        row = headline.row_labels.index(ind.title)
        expected = [10 * n for n in EXPECTED_ALL[ind.key]]
        assert headline.cells[row] == expected, ind.key
        assert headline.row_totals[row] == sum(expected)
    plan = report.view("eet_19_by_plan").table
    assert plan.cells[plan.row_labels.index(oc.EHC)] == [20, 10, 30]
    assert report.view("own_aims").table.cells[0] == [10, 0, 0]
    # The percentages are worked out from the released figures.
    assert report.view("headline").extra["percent met"][0] == round(100 * 20 / 80)


def test_a_point_counts_only_once_its_window_is_over():
    db = build_store()
    before = oc.tally(oc.people_from_store(db, "handmade"), dt.date(2026, 1, 14))[0]["eet_19", "group"][ALL]
    assert before == [2, 2, 3]  # E's window ends on 15 January 2026
    after = oc.tally(oc.people_from_store(db, "handmade"), dt.date(2026, 1, 16))[0]["eet_19", "group"][ALL]
    assert after == [3, 2, 4]  # F's window is over: paid work on 1 September 2025


def test_a_plan_ended_in_an_imported_sen2_return_counts_too():
    """G's move away and E's ended plan, recorded only in the SEN2 named-plans module, take the
    same effect as the records above: G leaves the figures, E counts as having had a plan."""
    db = build_store()
    db.execute("DELETE FROM outcome_records WHERE cease_reason IS NOT NULL")
    for pid, day, reason in (("G0", "2023-03-01", 5), ("E0", "2024-09-01", 6), ("J0", "2025-01-01", 7)):
        db.execute("INSERT INTO sen2_requests (person_id, id, received_date) VALUES (?, 'R1', '2015-01-01')", [pid])
        db.execute("INSERT INTO sen2_assessments (person_id, id, request_id) VALUES (?, 'A1', 'R1')", [pid])
        before = store.figures.data_stamp(db)
        db.execute("INSERT INTO sen2_named_plans (person_id, id, assessment_id, start_date, cease_date, cease_reason) "
                   "VALUES (?, 'N1', 'A1', '2016-01-01', ?, ?)", [pid, day, reason])
        assert store.figures.data_stamp(db) > before  # the cached figures are worked out again
    counts = oc.tally(oc.people_from_store(db, "handmade"), AS_OF)[0]
    # E's NEET record went with the cease record: not known, still under an EHC plan.
    assert counts["eet_19", "plan"][oc.EHC] == [2, 1, 3]
    assert counts["eet_21", "group"][ALL] == EXPECTED_ALL["eet_21"]
