"""planner.views.plan: statuses in words and symbols, gaps in words, merged family meetings, a
run beside the current plan, and capacity over time, on plain store-shaped rows."""

from __future__ import annotations

import datetime as dt

import pytest

from planner.views import plan as pv

TODAY = dt.date(2026, 11, 23)


def s(sid, start, end, **kw):
    return {"id": sid, "handover_id": kw.pop("handover_id", "h1"), "person_id": kw.pop("person_id", "p1"),
            "title": kw.pop("title", sid), "start": start, "end": end, "status": kw.pop("status", "planned"), **kw}


@pytest.mark.parametrize("row, key", [
    (s("a", "2026-10-05", "2026-10-11", status="done"), "done"),
    (s("a", None, None, deadline="2024-06-01", status="not_recorded"), "not_recorded"),
    (s("a", "2027-01-04", "2027-01-10", status="cancelled"), "cancelled"),
    (s("a", "2027-01-04", "2027-01-10", status="refused"), "refused"),
    (s("a", "2027-01-04", "2027-01-10", deadline="2026-11-20"), "overdue"),
    (s("a", "2026-11-23", "2026-12-06", deadline="2027-01-01"), "due"),
    (s("a", "2027-01-04", "2027-01-17", deadline="2027-01-10"), "late"),
    (s("a", "2027-01-04", "2027-01-10", deadline="2027-03-31"), "planned"),
])
def test_status_has_a_symbol_and_words(row, key):
    assert pv.status_key(row, TODAY) == key
    symbol, words = pv.status_words(row, TODAY).split(" ", 1)
    assert symbol in "■◆▶▲○✖✕?" and words[0].isupper()


def test_every_status_has_its_own_symbol():
    symbols = [w.split(" ", 1)[0] for w in pv.STATUS_WORDS.values()]
    assert len(set(symbols)) == len(symbols)


@pytest.mark.parametrize("handover, steps, words", [
    ({"from_service": "childrens_social_care", "to_service": "adult_social_care", "due": "2027-06-01",
      "gap_weeks": 6}, [], "Adult social care (with a personal budget) starts 6 weeks after Children's social care ends"),
    ({"from_service": "camhs", "to_service": "primary_care_mh", "due": "2027-10-09", "gap_weeks": 1}, [],
     "GP mental health support starts 1 week after CAMHS (children's mental health) ends"),
    ({"from_service": "camhs", "to_service": "adult_mental_health", "due": "2027-10-09", "gap_weeks": 0}, [], "no gap"),
    # Stored without a gap: worked out from the steps, rounded up to whole weeks.
    ({"from_service": "camhs", "to_service": "adult_mental_health", "due": "2027-10-09"},
     [s("t", "2027-10-11", "2027-10-24", kind="transfer"), s("f", "2028-01-03", "2028-01-09", kind="follow_up")],
     "Adult mental health team starts 3 weeks after CAMHS (children's mental health) ends"),
    ({"from_service": "ehc_plan", "to_service": "ehc_plan", "due": None, "gap_weeks": 0}, [],
     "no gap (a cycle of reviews, not a move between services)"),
])
def test_gap_in_words(handover, steps, words):
    assert pv.gap_words(handover, pv.gap_weeks_of(handover, steps)) == words


def _meeting_steps():
    window = {"window_start": "2026-11-01", "window_end": "2027-03-31", "meeting": 1}
    return [
        s("review", "2027-01-11", "2027-01-17", title="Annual review", team_id="send_team", handover_id="r", **window),
        s("plan", "2027-01-11", "2027-01-24", title="Transition plan", team_id="camhs_team", **window),
        s("chc", "2027-01-11", "2027-01-17", title="CHC review", team_id="chc", **{**window, "window_end": "2027-01-12"}),
        s("done", "2027-01-11", "2027-01-17", title="Done review", team_id="x", status="done", **window),
        s("alone", "2027-02-01", "2027-02-07", title="Pathway plan review", team_id="leaving_care", **window),
        s("other", "2027-01-11", "2027-01-17", title="Someone else's review", team_id="x", person_id="p2", **window),
        s("refer", "2027-01-11", "2027-01-17", title="Referral", team_id="camhs_team"),
    ]


def test_merged_meetings_hold_a_persons_reviews_in_one_week_inside_their_windows():
    teams = {"send_team": "SEND team", "camhs_team": "CAMHS care coordinators"}
    meetings = pv.merged_meetings(_meeting_steps(), teams, {"p1": "Sam Taylor"})
    assert len(meetings) == 1  # the CHC review ends outside its window; done, alone and p2 do not merge
    m = meetings[0]
    assert (m.person_id, m.name, m.week_of) == ("p1", "Sam Taylor", dt.date(2027, 1, 11))
    assert m.titles == ["Transition plan", "Annual review"]
    assert m.invite == "CAMHS care coordinators, SEND team, the young person and their family"
    assert m.when == "the week of 11 January 2027"


def test_handover_views_in_date_order_with_meeting_and_gap_words():
    handovers = [
        {"id": "r", "from_service": "ehc_plan", "to_service": "ehc_plan", "due": None, "gap_weeks": 0,
         "title": "Annual reviews"},
        {"id": "h1", "from_service": "camhs", "to_service": "adult_mental_health", "due": "2027-10-09",
         "gap_weeks": 2, "title": "CAMHS to adult mental health"},
    ]
    views = pv.handover_views(handovers, _meeting_steps()[:5], TODAY, {"camhs_team": "CAMHS"})
    assert [v.id for v in views] == ["h1", "r"]  # a review cycle has no end date: last
    h1 = views[0]
    assert [x.id for x in h1.steps] == ["chc", "done", "plan", "alone"]  # by start, then id
    assert h1.gap_sentence == "▲ Adult mental health team starts 2 weeks after CAMHS (children's mental health) ends."
    by_id = {x.id: x for x in h1.steps}
    assert by_id["plan"].meeting == "Yes, merged with: Annual review" and by_id["plan"].team == "CAMHS"
    assert by_id["alone"].meeting == "Yes, on its own"
    assert by_id["done"].status == "■ Done" and not by_id["done"].open
    assert views[1].gap_sentence == "○ No gap (a cycle of reviews, not a move between services)."


def test_moves_lists_only_steps_whose_start_changes():
    before = [s("a", "2027-01-04", "2027-01-10"), s("b", "2027-02-01", "2027-02-07")]
    after = [s("a", "2027-01-04", "2027-01-10"), s("b", "2027-03-01", "2027-03-07"), s("c", "2027-04-05", "2027-04-11")]
    assert pv.moves(before, after) == [
        {"id": "b", "title": "b", "from": dt.date(2027, 2, 1), "to": dt.date(2027, 3, 1)},
        {"id": "c", "title": "c", "from": None, "to": dt.date(2027, 4, 5)},
    ]


FINAL = {"gap_weeks": 5, "weighted_gap_weeks": 10, "handovers_with_gap": 1, "breaches": 96, "meetings": 511,
         "out_of_window": 132}


def test_compare_a_proposal_with_the_current_plan():
    current = {**FINAL, "gap_weeks": 6, "meetings": 509}
    rows = pv.compare(current, FINAL)
    assert [r["Measure"] for r in rows] == list(pv.MEASURES.values())
    assert rows[0] == {"Measure": pv.MEASURES["gap_weeks"], "Current plan": 6, "Proposal": 5, "Change": "1 fewer"}
    assert rows[3]["Change"] == "the same" and rows[4]["Change"] == "2 more"
    assert pv.compare_words(current, FINAL) == (
        "Compared with the current plan, the proposal has 1 fewer gap week (6 → 5), the same number of statutory "
        "deadlines missed (96) and 2 more separate family meetings (509 → 511).")
    assert pv.compare(None, FINAL)[0]["Change"] == "no current plan to compare"
    assert pv.compare_words(None, FINAL).startswith("There is no accepted plan yet")


@pytest.mark.parametrize("final, bound, words", [
    ({**FINAL, "gap_weeks": 0, "weighted_gap_weeks": 0}, None, "No gaps:"),
    (FINAL, None, "No lower bound was worked out"),
    (FINAL, {"gap_weeks": 5, "weighted_gap_weeks": 10, "by_team": {"amh": 10, "send": 0}},
     "As good as any plan can be with this capacity: the 5 gap weeks left cannot be avoided without more capacity. "
     "The capacity that holds it back: Adult mental health."),
    (FINAL, {"gap_weeks": 3, "weighted_gap_weeks": 6, "by_team": {"amh": 6}},
     "4 weighted gap weeks more than the lower bound of 6 (3 gap weeks). No plan can do better than the lower "
     "bound with this capacity, so at most 4 could still be saved."),
    (FINAL, {"gap_weeks": 0, "weighted_gap_weeks": 0, "by_team": {}}, "10 weighted gap weeks (5 gap weeks) that a better plan"),
])
def test_distance_from_the_lower_bound_in_words_and_numbers(final, bound, words):
    assert words in pv.bound_words(final, bound, {"amh": "Adult mental health"})


def test_capacity_per_month_is_stored_per_week():
    assert pv.to_per_week(13, "month") == pytest.approx(3.0)
    assert pv.to_per_week(2.5, "week") == 2.5
    with pytest.raises(ValueError, match="negative"):
        pv.to_per_week(-1, "week")
    assert pv.rate_words(3.0, "month") == "about 13 a month (3 a week)"
    assert pv.rate_words(0.5, "academic year") == "about 26 an academic year (0.5 a week)"
    assert pv.rate_words(2.641, "week") == "2.64 a week"


def test_team_capacities_over_time_in_words():
    teams = [{"id": "send", "name": "SEND team", "unit": "month"}, {"id": "gp", "name": "GP practice", "unit": "week"},
             {"id": "new", "name": "New team", "unit": "week"}]
    rows = [{"team_id": "send", "from_date": "2026-04-01", "per_week": 3.0},
            {"team_id": "send", "from_date": "2025-04-01", "per_week": 2.5},
            {"team_id": "new", "from_date": "2027-01-04", "per_week": 1.0}]
    caps = {c.team_id: c for c in pv.team_capacities(teams, rows, TODAY)}
    assert caps["send"].now == 3.0 and [r["from_date"] for r in caps["send"].changes] == ["2025-04-01", "2026-04-01"]
    assert caps["send"].text == ("SEND team: about 10.8 a month (2.5 a week) from 1 April 2025; then about 13 a month "
                                 "(3 a week) from 1 April 2026.")
    assert caps["gp"].now is None and caps["gp"].text == "GP practice: no stated limit."
    assert caps["new"].now is None and caps["new"].text.endswith("No stated limit before the first of these dates.")


def test_meetings_for_many_people_from_the_store():
    from planner import store

    db = store.open_db(":memory:")
    n = 1200  # more than one batch of parameters
    store.upsert_people(db, [{"id": f"a-{i}", "area": "a", "local_id": str(i), "name": f"Person {i}",
                              "dob": "2009-10-10"} for i in range(n)], by="test")
    window = {"window_start": "2026-11-01", "window_end": "2027-03-31", "meeting": 1, "status": "planned"}
    handovers = [{"id": f"a-{i}/h", "person_id": f"a-{i}", "from_service": "camhs", "to_service": "gp"}
                 for i in range(n)]
    steps = [{"id": f"a-{i}/h/{k}", "handover_id": f"a-{i}/h", "person_id": f"a-{i}", "title": k, "team_id": k, "kind": k,
              "start": "2027-01-11", "end": "2027-01-17", **window} for i in range(n) for k in ("review", "plan")]
    store.save_handovers(db, handovers, steps)
    people = [{"id": f"a-{i}", "name": f"Person {i}"} for i in range(n)]
    meetings = pv.meetings_for_people(db, people, {"review": "SEND team"})
    assert len(meetings) == n and {m.name for m in meetings} == {p["name"] for p in people}
    assert meetings[0].titles == ["plan", "review"] and meetings[0].teams == ["plan", "SEND team"]
    assert pv.meetings_for_people(db, [], {}) == []
