"""The meeting pass (never adds a gap week or a breach, never more meetings) and the meeting
bound that keeps precedence (two meetings chained in one handover never merge)."""

import random

from hypothesis import example, given, settings
from hypothesis import strategies as st

from planner import validate
from planner.scheduler import bound, instances, meetings
from planner.scheduler.plan import capacity_use
from planner.scheduler.problem import CapacityChange, Handover, Problem, Step, Team
from tests.scheduler.test_properties import random_schedule, small

TEAMS = [Team(id="send", capacity=[CapacityChange(from_week=0, per_week=1)]), Team(id="family")]


def meeting(hid: str, n: int, ws: int, we: int, team: str = "family", after: str | None = None, **kw) -> Step:
    return Step(id=f"{hid}/{n}", handover_id=hid, person_id="p", team=team, duration_weeks=1, window_start=ws,
                window_end=we, meeting=True, mergeable=True, predecessors=[after] if after else [], **kw)


def test_chained_meetings_never_merge_so_the_bound_counts_both():
    # Two meetings of one handover, the second after the first, both with windows 0-10: they
    # can never be in one week. The bound without precedence says 1; with it, 2.
    first = meeting("h", 0, 0, 10)
    second = meeting("h", 1, 0, 10, after=first.id)
    p = Problem(teams=TEAMS, handovers=[Handover(id="h", person_id="p", children_end_week=20, last_step_id=second.id)],
                steps=[first, second])
    head, _ = bound.heads_tails(p)
    assert meetings.lower_bound(p, head) == 2
    assert bound.meeting_bound(p) == 2


def test_the_pass_moves_a_review_to_join_the_handover_meeting():
    # The annual review (SEND team, window weeks 4-9) sits in week 4; the family's handover
    # meeting (window 6-12) in week 10. Both fit week 8, inside both windows: one meeting.
    review = meeting("r", 0, 4, 9, team="send", deadline_week=9)
    other = meeting("h", 0, 6, 12)
    p = Problem(teams=TEAMS, handovers=[Handover(id="r", person_id="p", children_end_week=None, last_step_id=review.id),
                                        Handover(id="h", person_id="p", children_end_week=13, last_step_id=other.id)],
                steps=[review, other])
    starts = {review.id: 4, other.id: 10}
    assert validate.metrics(p, starts).meetings == 2
    changed = meetings.merge(p, starts, capacity_use(p, starts))
    m = validate.metrics(p, starts)
    assert changed == 1 and starts[review.id] == starts[other.id]
    assert (m.meetings, m.breaches, m.out_of_window) == (1, 0, 0)


@settings(max_examples=60, deadline=None)
@given(small, st.integers(0, 1000))
# Found on main: two of one person's assessments (asc_transitions, one place every 11 weeks)
# both moved into week 32's one place ("starts 2 steps in week 32, capacity 1").
@example(instances.generate(people=5, seed=964, weeks=10, capacity_scale=2.0), 0)
def test_the_pass_never_adds_a_gap_week_a_breach_or_a_meeting(p: Problem, seed: int):
    starts = random_schedule(p, random.Random(seed))
    before = validate.metrics(p, starts)
    use = capacity_use(p, starts)
    meetings.merge(p, starts, use)
    report = validate.check(p, starts)
    assert report.valid, report.problems
    after = report.metrics
    assert after.weighted_gap_weeks <= before.weighted_gap_weeks
    assert after.fairness <= before.fairness
    assert after.overdue_weeks <= before.overdue_weeks
    assert after.breaches <= before.breaches
    assert after.meetings <= before.meetings
    assert after.key() <= before.key()
    assert use == capacity_use(p, starts)  # the capacity count was kept up to date


def test_two_of_a_persons_steps_never_take_a_teams_last_place_together():
    # The SEND team has one place in weeks 0, 2 and 6 (then hardly any). The person's two
    # reviews at that team sit in weeks 0 and 2, a family meeting in week 6; all three windows
    # hold week 6, but only one review can move into its one place: two meetings, not one.
    rates = [(0, 1), (1, 0), (2, 1), (3, 0), (6, 1), (7, 0.01)]
    teams = [Team(id="send", capacity=[CapacityChange(from_week=w, per_week=r) for w, r in rates]), Team(id="family")]
    a = meeting("a", 0, 0, 8, team="send")
    b = meeting("b", 0, 0, 8, team="send")
    c = meeting("c", 0, 6, 8)
    p = Problem(teams=teams, handovers=[Handover(id=x, person_id="p", children_end_week=None, last_step_id=f"{x}/0")
                                        for x in "abc"], steps=[a, b, c])
    starts = {a.id: 0, b.id: 2, c.id: 6}
    assert validate.check(p, starts).valid and validate.metrics(p, starts).meetings == 3
    use = capacity_use(p, starts)
    assert meetings.merge(p, starts, use) == 1
    report = validate.check(p, starts)
    assert report.valid, report.problems
    assert list(starts.values()).count(6) == 2 and report.metrics.meetings == 2
    assert use == capacity_use(p, starts)
