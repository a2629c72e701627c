"""Small problems whose optimum was worked out by hand, solved to optimality by CP-SAT."""

from planner import validate
from planner.scheduler import bound, cpsat, greedy, replan
from planner.scheduler.problem import CapacityChange, Team
from tests.scheduler.helpers import chain, one_team, problem


def solve_all(p):
    start = greedy.schedule(p)
    new = cpsat.solve(p, start, set(start), time_limit=10, workers=1, seed=1)
    assert new is not None
    report = validate.check(p, new)
    assert report.valid, report.problems
    return new, report.metrics


def test_heavier_dependency_goes_first():
    # One assessment a week, two people due by week 1. Whoever waits has a 1-week gap;
    # the optimum makes the weight-1 person wait: 1 weighted gap week, not 3.
    p = problem(one_team(1),
                chain("light", "a", 1, [dict(team="asc", duration_weeks=1)], weight=1),
                chain("heavy", "b", 1, [dict(team="asc", duration_weeks=1)], weight=3))
    starts, m = solve_all(p)
    assert starts == {"b/0": 0, "a/0": 1}
    assert (m.weighted_gap_weeks, m.gap_weeks) == (1, 1)
    assert bound.lower_bound(p).weighted_gap_weeks == 1


def test_a_chain_waits_for_capacity():
    # Refer (family, 1 week) then assess (asc, 2 weeks); asc is full in weeks 0-3 (capacity
    # only from week 4). Children's service ends at week 3: the assessment ends at week 6 at
    # the earliest, 3 unavoidable gap weeks, and the bound proves it.
    teams = [Team(id="asc", capacity=[CapacityChange(from_week=0, per_week=0),
                                      CapacityChange(from_week=4, per_week=1)]), Team(id="family")]
    p = problem(teams, chain("p", "h", 3, [dict(team="family", duration_weeks=1),
                                           dict(team="asc", duration_weeks=2)], weight=2))
    starts, m = solve_all(p)
    assert starts["h/1"] == 4 and m.gap_weeks == 3 and m.weighted_gap_weeks == 6
    assert bound.lower_bound(p).weighted_gap_weeks == 6


def test_no_gap_beats_a_breach_and_a_breach_beats_a_meeting():
    # p's assessment (asc, capacity 1 a week) must end by week 1 for no gap (weight 1), q's by
    # week 1 to avoid a statutory breach (no gap deadline of its own until week 9). The gap
    # counts first, so q breaches.
    p = problem(one_team(1),
                chain("p", "a", 1, [dict(team="asc", duration_weeks=1)]),
                chain("q", "b", 9, [dict(team="asc", duration_weeks=1, deadline_week=1)]))
    starts, m = solve_all(p)
    assert starts == {"a/0": 0, "b/0": 1}
    assert (m.weighted_gap_weeks, m.breaches) == (0, 1)


def test_reviews_merge_into_one_meeting_inside_their_windows():
    # Three reviews of one person: windows 2-7, 5-9 and 6-12 (end boundaries). All fit in
    # week 6 (ends 7), so one meeting; nothing else is traded for it.
    meet = dict(team="family", duration_weeks=1, meeting=True, mergeable=True)
    p = problem(one_team(1),
                chain("p", "a", 30, [dict(meet, window_start=2, window_end=7)]),
                chain("p", "b", 30, [dict(meet, window_start=5, window_end=9)]),
                chain("p", "c", 30, [dict(meet, window_start=6, window_end=12)]))
    starts, m = solve_all(p)
    assert set(starts.values()) == {6}
    assert (m.meetings, m.meetings_unmerged, m.out_of_window) == (1, 3, 0)


def test_replan_moves_only_that_person():
    p = problem(one_team(1),
                chain("p", "a", 3, [dict(team="asc", duration_weeks=1)]),
                chain("q", "b", 3, [dict(team="asc", duration_weeks=1)]),
                chain("q", "c", 9, [dict(team="family", duration_weeks=1, earliest_week=4)]))
    start = {"a/0": 5, "b/0": 0, "c/0": 4}
    new = replan.replan(p, start, "p")
    assert validate.check(p, new).valid
    assert new["b/0"] == 0 and new["c/0"] == 4
    assert new["a/0"] == 1
