"""Overdue steps (a statutory deadline already passed, nothing recorded) are planned as soon as
capacity allows: every week one ends past its soonest possible end counts (`overdue_weeks`,
ranked below the gap terms and above new breaches), in the oracle, the greedy, the per-team
flows, CP-SAT, the bound and the whole plan."""

import random

import pytest
from hypothesis import HealthCheck, given, settings

from planner import validate
from planner.scheduler import bound, cpsat, flow, greedy, instances
from planner.scheduler.plan import capacity_use, plan
from planner.scheduler.problem import CapacityChange, Handover, Problem, Step, Team
from tests.scheduler.test_properties import random_schedule, small


def review(person: str, *, earliest: int = 0, overdue: bool = False, deadline: int | None = None,
           window: tuple[int, int] | None = None, team: str = "send") -> tuple[Step, Handover]:
    """An annual review (a cycle: no children's service ends); overdue: due by its soonest end."""
    hid = f"{person}/annual_review"
    if overdue:
        deadline = earliest + 1
        window = (earliest, earliest + 1)
    step = Step(id=f"{hid}/0", handover_id=hid, person_id=person, team=team, duration_weeks=1,
                earliest_week=earliest, deadline_week=deadline, due_now_week=earliest + 1 if overdue else None,
                window_start=window[0] if window else None, window_end=window[1] if window else None,
                meeting=True, mergeable=True)
    return step, Handover(id=hid, person_id=person, children_end_week=None, last_step_id=step.id)


def area(teams, *reviews, extra_steps=(), extra_handovers=()) -> Problem:
    return Problem(teams=teams, steps=[s for s, _ in reviews] + list(extra_steps),
                   handovers=[h for _, h in reviews] + list(extra_handovers))


def send(*rates: tuple[int, float]) -> list[Team]:
    return [Team(id="send", capacity=[CapacityChange(from_week=w, per_week=r) for w, r in rates]), Team(id="family")]


def every_way(p: Problem) -> dict[str, dict[str, int]]:
    """The schedule found by the greedy, the per-team flows, one whole CP-SAT model and the plan."""
    start = greedy.schedule(p)
    exact = cpsat.solve_all(p, start, time_limit=10, seed=1)
    assert exact is not None
    out = {"greedy": start, "flows": flow.solve(p, start)[0], "cp-sat": exact[0],
           "plan": plan(p, time_limit=5, workers=1, seed=1).starts}
    for name, starts in out.items():
        report = validate.check(p, starts)
        assert report.valid, (name, report.problems)
    return out


@pytest.mark.parametrize(("rates", "notice", "week"), [
    ([(0, 1)], 0, 0),  # room at once: week 0
    ([(0, 1)], 2, 2),  # two weeks' notice of the meeting: its first feasible week
    ([(0, 0), (3, 1)], 0, 3),  # no place before week 3: the first week with one
])
def test_an_overdue_step_at_a_team_with_room_goes_in_its_first_feasible_week(rates, notice, week):
    # Beside it, two reviews not yet due, whose windows open at week 0 and that would fill the
    # first places if lateness past a breach cost nothing.
    p = area(send(*rates), review("a", window=(0, 6), deadline=30), review("b", window=(0, 6), deadline=30),
             review("late", earliest=notice, overdue=True))
    for name, starts in every_way(p).items():
        assert starts["late/annual_review/0"] == week, name
        assert validate.metrics(p, starts).overdue_weeks == week - notice, name


def test_under_contention_overdue_steps_are_served_before_others_windows():
    # One place a week. Three reviews overdue (soonest end: week 1), three not yet due whose
    # windows are weeks 0-3. Only one overdue review can be on time, so the breach count is the
    # same whatever the order (2); the windows would put the three on-time ones first, the
    # overdue weeks put the overdue ones first: weeks 0, 1 and 2, the others after.
    reviews = [review(f"o{i}", overdue=True) for i in range(3)]
    reviews += [review(f"n{i}", window=(0, 3), deadline=40) for i in range(3)]
    p = area(send((0, 1)), *reviews)
    for name, starts in every_way(p).items():
        assert sorted(starts[f"o{i}/annual_review/0"] for i in range(3)) == [0, 1, 2], name
        m = validate.metrics(p, starts)
        assert (m.overdue_steps, m.overdue_weeks, m.overdue_longest, m.breaches) == (3, 3, 2, 2), name
        assert m.out_of_window == 5, name  # two overdue ones late, the three others after them


def test_an_overdue_step_is_traded_for_at_most_one_new_breach():
    # One place a week; an overdue review (soonest end week 1) and five reviews due by weeks
    # 1..5 (the i-th must start by week i-1). Left to the back, the overdue one is the only
    # breach; taken at once, it costs exactly one of the others (the one due first goes last):
    # the breach already happening is dealt with, one new one is made, never more.
    reviews = [review("late", overdue=True)]
    reviews += [review(f"r{i}", deadline=i, window=(0, i)) for i in range(1, 6)]
    p = area(send((0, 1)), *reviews)
    for name, starts in every_way(p).items():
        m = validate.metrics(p, starts)
        assert starts["late/annual_review/0"] == 0, name
        assert (m.overdue_weeks, m.breaches) == (0, 1), name


def test_a_gap_still_comes_before_an_overdue_review():
    # One place a week. An adult service's assessment must start in week 0 or the young person
    # (weight 3) has a gap; the overdue review waits one week for it.
    assess = Step(id="h/0", handover_id="h", person_id="q", team="send", duration_weeks=1)
    handover = Handover(id="h", person_id="q", children_end_week=1, last_step_id="h/0", weight=3)
    p = area(send((0, 1)), review("late", overdue=True), extra_steps=[assess], extra_handovers=[handover])
    for name, starts in every_way(p).items():
        m = validate.metrics(p, starts)
        assert (starts["h/0"], starts["late/annual_review/0"]) == (0, 1), name
        assert (m.weighted_gap_weeks, m.overdue_weeks) == (0, 1), name


def test_an_overdue_step_after_a_limited_step_pulls_it_forward():
    # A referral (limited team) then an overdue statutory step of the family's: the referral's
    # week decides the overdue step's end, so the flow serves it before a review not yet due.
    refer = Step(id="h/0", handover_id="h", person_id="q", team="send", duration_weeks=1)
    late = Step(id="h/1", handover_id="h", person_id="q", team="family", duration_weeks=2, predecessors=["h/0"],
                deadline_week=3, due_now_week=3)
    handover = Handover(id="h", person_id="q", children_end_week=None, last_step_id="h/1")
    p = area(send((0, 1)), review("a", window=(0, 1), deadline=1), extra_steps=[refer, late], extra_handovers=[handover])
    for name, starts in every_way(p).items():
        m = validate.metrics(p, starts)
        assert (starts["h/0"], starts["h/1"]) == (0, 1), name
        assert (m.overdue_weeks, m.breaches) == (0, 1), name


def test_the_overdue_bound_counts_what_capacity_forces():
    # Four overdue reviews, one place a week: weeks 0..3, so 0 + 1 + 2 + 3 = 6 overdue weeks
    # whatever the plan; and a step whose notice alone ends it past its soonest end adds none.
    p = area(send((0, 1)), *[review(f"o{i}", overdue=True) for i in range(4)])
    assert bound.overdue_bound(p) == 6
    result = plan(p, time_limit=5, workers=1, seed=1)
    assert result.metrics.overdue_weeks == result.bound.overdue_weeks == 6
    assert result.distance()["overdue_weeks"] == 0


def test_the_greedy_never_puts_an_overdue_review_to_the_back():
    # The greedy gives way for half a year with annual reviews that are late anyway (so that
    # more of the others keep their deadlines), but never with an overdue one.
    reviews = [review("late", overdue=True)] + [review(f"r{i}", deadline=i + 1, window=(0, i + 1)) for i in range(30)]
    p = area(send((0, 1)), *reviews)
    assert greedy.schedule(p)["late/annual_review/0"] == 0
    assert "late/annual_review/0" not in greedy.deferrable(p)


def no_overdue_step_waits_while_a_place_is_free(p: Problem, starts: dict[str, int]) -> list[str]:
    by_id = p.step_by_id
    use = capacity_use(p, starts)
    waiting = []
    for s in p.steps:
        if not s.overdue:
            continue
        ready = max([s.earliest_week] + [starts[q] + by_id[q].duration_weeks for q in s.predecessors])
        if s.uses_capacity and s.team in p.capacity:
            free = [w for w in range(ready, starts[s.id]) if use[s.team][w] < p.capacity[s.team][w]]
        else:
            free = list(range(ready, starts[s.id]))
        if free:
            waiting.append(f"{s.id} starts in week {starts[s.id]}, week {free[0]} was free")
    return waiting


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(small.filter(lambda p: any(s.overdue for s in p.steps)))
def test_in_every_plan_no_overdue_step_waits_while_its_team_has_a_place_free(p: Problem):
    result = plan(p, time_limit=3, workers=1, seed=1, round_limit=0.3, patience=5)
    assert result.valid
    assert not no_overdue_step_waits_while_a_place_is_free(p, result.starts)
    assert result.bound.overdue_weeks <= result.metrics.overdue_weeks


@settings(max_examples=40, deadline=None)
@given(small.filter(lambda p: any(s.overdue for s in p.steps)))
def test_pulling_overdue_steps_forward_only_gains(p: Problem):
    starts = random_schedule(p, random.Random(1))
    before = validate.metrics(p, starts)
    use = capacity_use(p, starts)
    greedy.pull_overdue(p, starts, use)
    report = validate.check(p, starts)
    assert report.valid, report.problems
    assert report.metrics.key() <= before.key()
    assert report.metrics.key()[:2] == before.key()[:2] or report.metrics.key()[:2] < before.key()[:2]
    assert report.metrics.overdue_weeks <= before.overdue_weeks
    assert use == capacity_use(p, starts)
    assert not no_overdue_step_waits_while_a_place_is_free(p, starts)


def test_the_generator_makes_overdue_steps_only_when_asked():
    plain = instances.generate(40, seed=5, weeks=30)
    late = instances.generate(40, seed=5, weeks=30, overdue=0.5)
    assert not any(s.overdue for s in plain.steps)
    assert any(s.overdue for s in late.steps)
    same = {s.id for s in plain.steps}
    # The overdue draws do not disturb the rest of the instance.
    assert same <= {s.id for s in late.steps}
    assert [h.id for h in plain.handovers] == [h.id for h in late.handovers if not h.id.endswith("annual_review")]
