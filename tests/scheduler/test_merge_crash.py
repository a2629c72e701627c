"""`lns.merge_meetings` with a mergeable meeting at a limited team that has no window end: it
used to look up the team's capacity in week 10**9 (IndexError)."""

from collections import Counter, defaultdict

from planner import validate
from planner.scheduler import lns
from planner.scheduler.problem import CapacityChange, Handover, Problem, Step, Team


def test_a_limited_meeting_with_no_window_end_lines_up_without_crashing():
    teams = [Team(id="asc", capacity=[CapacityChange(from_week=0, per_week=1)]), Team(id="family")]
    # Two open-ended meetings of one person (no window end): one at the limited team, one with
    # the family. The line-up used to hold them in the last week it could imagine (10**9).
    a = Step(id="a/0", handover_id="a", person_id="p", team="asc", duration_weeks=1, window_start=2,
             meeting=True, mergeable=True)
    b = Step(id="b/0", handover_id="b", person_id="p", team="family", duration_weeks=1, window_start=5,
             meeting=True, mergeable=True)
    p = Problem(teams=teams, handovers=[Handover(id="a", person_id="p", children_end_week=None, last_step_id="a/0"),
                                        Handover(id="b", person_id="p", children_end_week=None, last_step_id="b/0")],
                steps=[a, b])
    starts = {"a/0": 2, "b/0": 5}
    use: dict[str, Counter] = defaultdict(Counter)
    use["asc"][2] += 1
    lns.merge_meetings(p, starts, use)
    report = validate.check(p, starts)
    assert report.valid, report.problems
    assert report.metrics.meetings == 1
    assert use["asc"][starts["a/0"]] == 1 and sum(use["asc"].values()) == 1
