"""The commissioner's "Capacity to buy" view: released figures only (no count from 1 to 7, no
person), a purchase that reaches its aim earliest first, a spreadsheet-safe CSV, the plan in
force beside the advice, kept while the store is unchanged and worked out again after a change."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re

import pytest

from planner import store
from planner.access.store_records import StoreRecords
from planner.exchange.exports import FORMULA_START
from planner.planning import runs
from planner.views.pages import Refused, Request, capacity_to_buy
from tests.planning.test_schedule import AREA, AS_OF

TEAM = "camhs_team"


def _area(db, people: int, per_week: float) -> None:
    """`people` young people whose CAMHS ends on one day; CAMHS care coordinators can start
    `per_week` pieces of work a week (a formula-like team name tests the CSV)."""
    store.upsert_teams(db, AREA, [
        {"id": TEAM, "name": "=CAMHS care coordinators", "unit": "week", "per_week": per_week, "from_date": "2020-01-01"},
        {"id": "adult_mental_health", "name": "Adult mental health", "unit": "month"},
        {"id": "send_team", "name": "SEND team", "unit": "month"},
    ], by="test")
    store.upsert_people(db, [
        {"id": f"{AREA}-{i}", "area": AREA, "local_id": str(i), "name": f"Person {i}", "dob": "2009-10-10",
         "camhs": 1, "ehc_plan": 1, "last_review": "2026-02-01"} for i in range(people)], by="test")
    store.upsert_episodes(db, [{"person_id": f"{AREA}-{i}", "service_id": "camhs", "start": "2020-01-01"}
                               for i in range(people)])
    for username, role in (("commissioner.cy", "commissioner"), ("admin.al", "administrator"),
                           ("worker.wes", "worker")):
        store.create_user(db, username, role, None, team_id=TEAM if role == "worker" else None)


@pytest.fixture
def open_db(tmp_path):
    made = []

    def make(people: int, per_week: float):
        path = tmp_path / f"planner-{people}.db"
        db = store.open_db(path)
        _area(db, people, per_week)
        db.path = path
        made.append(db)
        return db

    yield make
    for db in made:
        db.close()


def req(db, username: str) -> Request:
    records = StoreRecords(db, lambda: AS_OF)
    return Request(user=records.account(username).user, records=records, db=db, today=AS_OF,
                   now=dt.datetime(2026, 11, 23, 10), db_path=db.path)


def _cells(data: bytes) -> list[str]:
    text = data.decode("utf-8-sig")
    return [c for row in csv.reader(io.StringIO(text)) for c in row]


def test_the_advice_is_released_figures_and_a_purchase_that_reaches_its_aim(open_db):
    db = open_db(40, 0.2)
    got = capacity_to_buy.show(req(db, "commissioner.cy"), AREA)
    advice = got.advice
    (team,) = advice.teams
    assert team.shown and isinstance(team.waiting, int) and team.waiting >= 10 and team.waiting % 5 == 0
    assert isinstance(advice.weighted_gap, int) and advice.weighted_gap % 5 == 0
    assert f"about {team.waiting:,} handovers wait for it" in advice.summary
    assert "The plan in force" not in got.plan_words and "does not need a scheduling run" in got.plan_words
    buy = got.buy
    assert buy.met and buy.purchases and isinstance(buy.reached, int) and buy.reached <= buy.target
    assert [p.quarter for p in buy.purchases] == sorted(p.quarter for p in buy.purchases)  # earliest first
    first = buy.purchases[0]
    assert first.start == AS_OF + dt.timedelta(weeks=13 * (first.quarter - 1)) == advice.quarters[first.quarter - 1]
    assert first.end == first.start + dt.timedelta(weeks=13, days=-1)
    assert "buy" in buy.words and "=CAMHS care coordinators" in buy.words
    assert advice.savings_words.startswith("The =CAMHS care coordinators: one more start a week")
    # The CSV: every table, no count from 1 to 7 where people are counted, no person, safe cells.
    cells = _cells(got.csv)
    assert "Teams whose capacity causes gaps in testshire" in cells and "What to buy to cut the weighted gap by 50% "\
        "of what more capacity can remove" in cells
    assert not [c for c in cells if c.startswith(FORMULA_START)]
    assert "'=CAMHS care coordinators" in cells
    waiting_column = [row[1] for row in advice.team_table.rows()[1:]]
    assert not [n for n in waiting_column if isinstance(n, int) and 1 <= n <= 7]
    text = got.csv.decode("utf-8-sig")
    for i in range(40):
        assert f"{AREA}-{i}," not in text and f"Person {i}" not in text
    assert "2009-10-10" not in text


def test_a_small_number_waiting_is_hidden_and_so_are_its_weeks(open_db):
    db = open_db(5, 0.05)
    advice = capacity_to_buy.show(req(db, "commissioner.cy"), AREA).advice
    (team,) = advice.teams
    assert not team.shown and team.waiting == team.weighted_gap == "[c]"
    assert advice.weighted_gap == "[c]" and all(v == "[c]" for v in advice.savings.cells[0])
    assert "a small number of handovers wait for it, too few to give figures" in advice.summary
    assert not re.search(r"about \d", advice.summary)
    assert advice.cut.purchases  # what to buy is about the team, so it is still said
    assert "from about" not in advice.cut.words


def test_a_bigger_aim_buys_more_and_the_plan_in_force_is_shown_beside_it(open_db):
    db = open_db(40, 0.2)
    r = req(db, "commissioner.cy")
    bought = {share: sum(p.starts for p in capacity_to_buy.show(r, AREA, share).buy.purchases)
              for share in capacity_to_buy.SHARES}
    assert bought[25] <= bought[50] <= bought[75] <= bought[100] and bought[25] < bought[100]
    assert capacity_to_buy.show(r, AREA, 100).buy.aim == "remove all the gap more capacity can remove"
    runs.plan_area(db, AREA, AS_OF, time_limit=2, workers=1, accept_now=True)
    got = capacity_to_buy.show(r, AREA)
    assert "The plan in force (made on" in got.plan_words
    assert isinstance(got.plan.weighted_gap, int) and got.plan.weighted_gap >= got.advice.weighted_gap - 5


def test_the_advice_is_kept_until_the_store_changes(open_db):
    db = open_db(40, 0.2)
    r = req(db, "commissioner.cy")
    first = capacity_to_buy.show(r, AREA)
    assert capacity_to_buy.show(r, AREA).advice is first.advice  # the same state: from memory
    store.set_capacity(db, AREA, TEAM, AS_OF, 2.0, "test")
    after = capacity_to_buy.show(r, AREA)
    assert after.advice is not first.advice
    assert after.advice.teams == [] or after.advice.weighted_gap != first.advice.weighted_gap


def test_only_a_commissioner_or_an_administrator_sees_the_advice(open_db):
    db = open_db(5, 0.05)
    assert capacity_to_buy.show(req(db, "admin.al"), "no such area").area == AREA  # an unknown area: the first
    with pytest.raises(Refused, match="You cannot see this page"):
        capacity_to_buy.show(req(db, "worker.wes"), AREA)


def test_the_app_server_works_the_advice_out_ahead_but_not_after_every_change(open_db, monkeypatch):
    db = open_db(40, 0.2)
    capacity_to_buy._warmed.clear()
    assert capacity_to_buy.warm(db, AS_OF) == 1
    calls = []
    monkeypatch.setattr(capacity_to_buy.capacity, "capacity_advice", lambda *a, **k: calls.append(a))
    capacity_to_buy.show(req(db, "commissioner.cy"), AREA)  # the page opens on what was worked out
    assert calls == []
    store.set_capacity(db, AREA, TEAM, AS_OF, 0.3, "test")
    assert capacity_to_buy.warm(db, AS_OF) == 0  # changed, but worked out less than WARM_GAP ago
    monkeypatch.undo()  # the real advice again
    monkeypatch.setattr(capacity_to_buy, "WARM_GAP", 0.0)
    assert capacity_to_buy.warm(db, AS_OF) == 1
