"""The validator, one feasible and one infeasible schedule per constraint kind, and metrics."""

from planner import validate
from tests.scheduler.helpers import chain, one_team, problem


def two_steps():
    return problem(one_team(1), chain("p", "h", 6, [
        dict(team="asc", duration_weeks=2, earliest_week=1),
        dict(team="family", duration_weeks=1, deadline_week=5, window_start=3, window_end=6),
    ]))


def test_a_complete_schedule_is_valid():
    assert validate.check(two_steps(), {"h/0": 1, "h/1": 3}).valid


def test_every_step_needs_a_start():
    report = validate.check(two_steps(), {"h/0": 1})
    assert not report.valid and "h/1 has no start week" in report.problems[0]


def test_earliest_start():
    assert validate.check(two_steps(), {"h/0": 1, "h/1": 4}).valid
    report = validate.check(two_steps(), {"h/0": 0, "h/1": 4})
    assert not report.valid and "before its earliest week 1" in report.problems[0]


def test_precedence():
    assert validate.check(two_steps(), {"h/0": 1, "h/1": 3}).valid
    report = validate.check(two_steps(), {"h/0": 1, "h/1": 2})
    assert not report.valid and "before h/0 ends (week 3)" in report.problems[0]


def test_capacity_per_team_week():
    p = problem(one_team(1), chain("p", "a", 9, [dict(team="asc", duration_weeks=1)]),
                chain("q", "b", 9, [dict(team="asc", duration_weeks=1)]))
    assert validate.check(p, {"a/0": 0, "b/0": 1}).valid
    report = validate.check(p, {"a/0": 2, "b/0": 2})
    assert not report.valid and "team asc starts 2 steps in week 2, capacity 1" in report.problems[0]


def test_fractional_capacity_is_spread_over_weeks():
    p = problem(one_team(0.5), chain("p", "a", 9, [dict(team="asc", duration_weeks=1)]),
                chain("q", "b", 9, [dict(team="asc", duration_weeks=1)]))
    assert p.capacity["asc"][:4] == [0, 1, 0, 1]
    assert not validate.check(p, {"a/0": 0, "b/0": 1}).valid
    assert validate.check(p, {"a/0": 1, "b/0": 3}).valid


def test_capacity_can_change_over_time():
    from planner.scheduler.problem import CapacityChange, Team
    team = Team(id="asc", capacity=[CapacityChange(from_week=0, per_week=2),
                                    CapacityChange(from_week=3, per_week=0)])
    assert team.weekly(5) == [2, 2, 2, 0, 0]


def test_gap_weeks_are_weighted():
    p = problem(one_team(1), chain("p", "h", 4, [dict(team="asc", duration_weeks=2)], weight=3))
    m = validate.check(p, {"h/0": 2}).metrics
    assert (m.gap_weeks, m.weighted_gap_weeks) == (0, 0)
    m = validate.check(p, {"h/0": 5}).metrics
    assert (m.gap_weeks, m.weighted_gap_weeks, m.handovers_with_gap) == (3, 9, 1)


def test_breach_and_window_cost_but_are_allowed():
    def cost(week):
        report = validate.check(two_steps(), {"h/0": 1, "h/1": week})
        assert report.valid
        return report.metrics.breaches, report.metrics.out_of_window

    # h/0 has no window; h/1's window is weeks 3-5 (end boundary 6), its deadline boundary 5.
    assert cost(3) == (0, 0)
    assert cost(5) == (1, 0)
    assert cost(6) == (1, 1)


def meetings(tolerance=0):
    meet = dict(team="family", duration_weeks=1, meeting=True, mergeable=True)
    return problem(one_team(1),
                   chain("p", "a", 20, [dict(meet, window_start=2, window_end=8)]),
                   chain("p", "b", 20, [dict(meet, window_start=4, window_end=10)]),
                   chain("p", "c", 20, [dict(meet, mergeable=False)]),
                   chain("q", "d", 20, [dict(meet, window_start=4, window_end=10)]),
                   tolerance=tolerance)


def test_meetings_merge_for_one_person_in_one_week_inside_each_window():
    m = validate.check(meetings(), {"a/0": 5, "b/0": 5, "c/0": 5, "d/0": 5}).metrics
    # p's two mergeable reviews are one meeting; p's other meeting and q's stay separate.
    assert (m.meetings, m.meetings_unmerged) == (3, 4)


def test_meetings_outside_a_window_or_in_other_weeks_do_not_merge():
    assert validate.check(meetings(), {"a/0": 5, "b/0": 6, "c/0": 5, "d/0": 5}).metrics.meetings == 4
    assert validate.check(meetings(), {"a/0": 9, "b/0": 9, "c/0": 9, "d/0": 5}).metrics.meetings == 4


def test_meeting_tolerance():
    assert validate.check(meetings(1), {"a/0": 5, "b/0": 6, "c/0": 5, "d/0": 5}).metrics.meetings == 3
