"""Hypothesis: on any small generated area the plan is valid, no worse than the construction
(greedy) on the objective, and never below any lower bound; and no bound ever exceeds what a
valid schedule does."""

import random

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from planner import validate
from planner.scheduler import bound, greedy, instances, meetings
from planner.scheduler.plan import plan

small = st.builds(instances.generate, people=st.integers(1, 8), seed=st.integers(0, 10_000),
                  weeks=st.integers(10, 80), capacity_scale=st.sampled_from([0.5, 1.0, 2.0]),
                  overdue=st.sampled_from([0.0, 0.0, 0.4]))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(small)
def test_plan_is_valid_no_worse_than_greedy_and_never_below_a_bound(p):
    result = plan(p, time_limit=3, workers=1, seed=1, round_limit=0.3, patience=5)
    report = validate.check(p, result.starts)
    assert report.valid, report.problems
    assert report.metrics == result.metrics
    # Lexicographic on the objective, so on its first three terms too.
    assert report.metrics.key() <= result.greedy.key()
    assert report.metrics.key()[:3] <= result.greedy.key()[:3]
    b = result.bound
    assert b.weighted_gap_weeks <= report.metrics.weighted_gap_weeks
    assert b.gap_weeks <= report.metrics.gap_weeks
    assert b.overdue_weeks <= report.metrics.overdue_weeks
    assert b.breaches <= report.metrics.breaches
    assert b.meetings <= report.metrics.meetings
    assert all(v >= 0 for v in result.distance().values())


def random_schedule(p, rng):
    """A valid schedule with random priorities and random waits."""
    order = p.topological()
    rng.shuffle(order)
    placed, starts, cap = set(), {}, greedy.Capacity(p)
    steps = []
    while order:  # random order that still puts predecessors first
        for s in order:
            if all(q in placed for q in s.predecessors):
                steps.append(s)
                placed.add(s.id)
                order.remove(s)
                break
    for s in steps:
        ready = max([s.earliest_week + rng.randint(0, 6)]
                    + [starts[q] + p.step_by_id[q].duration_weeks for q in s.predecessors])
        if cap.limited(s):
            ready = cap.first_free(s.team, ready)
            cap.take(s.team, ready)
        starts[s.id] = ready
    return starts


@settings(max_examples=100, deadline=None)
@given(small, st.integers(0, 1000))
def test_bounds_never_exceed_a_valid_schedule(p, seed):
    starts = random_schedule(p, random.Random(seed))
    report = validate.check(p, starts)
    assert report.valid, report.problems
    m = report.metrics
    b = bound.lower_bound(p)
    assert b.weighted_gap_weeks <= m.weighted_gap_weeks
    assert b.gap_weeks <= m.gap_weeks
    guided = bound.lower_bound(p, starts)
    assert guided.weighted_gap_weeks <= m.weighted_gap_weeks
    head, _ = bound.heads_tails(p)
    assert bound.breach_bound(p, head) <= m.breaches
    assert bound.overdue_bound(p, head) <= m.overdue_weeks
    assert meetings.lower_bound(p, head) <= m.meetings
