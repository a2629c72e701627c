"""Annual reviews (a handover that ends nothing), the greedy's back-of-queue rule for reviews
that are late anyway, meetings joining a family's other meetings, and the meeting bound."""

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from planner import validate
from planner.scheduler import bound, greedy, instances
from planner.scheduler.problem import CapacityChange, Handover, Problem, Step, Team
from tests.scheduler.test_properties import random_schedule, small

SEND = [Team(id="send", capacity=[CapacityChange(from_week=0, per_week=1)]), Team(id="family")]


def review(person: str, n: int, deadline: int, window=(0, None)) -> Step:
    return Step(id=f"{person}/annual_review/{n}", handover_id=f"{person}/annual_review", person_id=person,
                team="send", duration_weeks=1, deadline_week=deadline, earliest_week=window[0], window_start=window[0],
                window_end=window[1] if window[1] is not None else deadline, meeting=True, mergeable=True)


def cycle(person: str, last: str) -> Handover:
    return Handover(id=f"{person}/annual_review", person_id=person, children_end_week=None, last_step_id=last)


def test_a_review_cycle_never_counts_as_a_gap():
    late = review("a", 1, deadline=1)
    p = Problem(teams=SEND, handovers=[cycle("a", late.id)], steps=[late])
    m = validate.metrics(p, {late.id: 30})
    assert (m.gap_weeks, m.breaches) == (0, 1)
    assert bound.lower_bound(p).gap_weeks == 0


def test_reviews_late_anyway_go_to_the_back_so_fewer_are_late():
    # One review a week; two due by the end of week 0, one by the end of week 1. Earliest
    # deadline first makes two late (a in week 0, b in week 1 late, c in week 2 late); sending
    # b, late anyway, to the back keeps c on time.
    a, b, c = review("a", 1, 1), review("b", 1, 1), review("c", 1, 2)
    p = Problem(teams=SEND, handovers=[cycle("a", a.id), cycle("b", b.id), cycle("c", c.id)], steps=[a, b, c])
    starts = greedy.schedule(p)
    report = validate.check(p, starts)
    assert report.valid
    assert report.metrics.breaches == 1


def test_a_step_an_adult_service_waits_for_is_never_sent_to_the_back():
    first = Step(id="h/0", handover_id="h", person_id="a", team="send", duration_weeks=1, deadline_week=1)
    last = Step(id="h/1", handover_id="h", person_id="a", team="family", duration_weeks=1, predecessors=["h/0"])
    other = review("b", 1, 1)
    p = Problem(teams=SEND, handovers=[Handover(id="h", person_id="a", children_end_week=2, last_step_id="h/1"),
                                       cycle("b", other.id)], steps=[first, last, other])
    assert greedy.deferrable(p) == {other.id}


def test_a_meeting_joins_the_family_meeting_already_in_its_window():
    # The transition plan meeting (unlimited team) could start in week 0, but the family's
    # review is in week 3 and inside its window, so it is held with it.
    rev = review("a", 1, deadline=4, window=(3, 4))
    plan_meeting = Step(id="h/0", handover_id="h", person_id="a", team="family", duration_weeks=1,
                        window_start=0, window_end=6, meeting=True, mergeable=True)
    p = Problem(teams=SEND, handovers=[cycle("a", rev.id), Handover(id="h", person_id="a", children_end_week=10,
                                                                    last_step_id="h/0")], steps=[rev, plan_meeting])
    starts = greedy.schedule(p)
    assert starts[rev.id] == starts[plan_meeting.id] == 3
    assert validate.metrics(p, starts).meetings == 1


@settings(max_examples=60, deadline=None)
@given(small, st.integers(0, 1000))
def test_meeting_bound_never_exceeds_a_valid_schedule(p: Problem, seed: int):
    starts = random_schedule(p, random.Random(seed))
    assert bound.meeting_bound(p) <= validate.metrics(p, starts).meetings
    assert bound.meeting_bound(p) <= validate.metrics(p, greedy.schedule(p)).meetings


def test_meeting_bound_counts_meetings_that_cannot_merge():
    p = instances.generate(20, seed=3)
    assert 0 < bound.meeting_bound(p) <= validate.metrics(p, greedy.schedule(p)).meetings_unmerged


def test_a_gap_behind_a_small_team_names_the_team_and_its_weeks():
    # One assessment every 4 weeks (the first place comes in week 3): both people wait through
    # weeks with no capacity at all, which bind as much as a full week.
    from planner.scheduler import plan as plan_

    teams = [Team(id="amh", capacity=[CapacityChange(from_week=0, per_week=0.25)])]
    steps, handovers = [], []
    for person in ("a", "b"):
        steps.append(Step(id=f"{person}/0", handover_id=person, person_id=person, team="amh", duration_weeks=1))
        handovers.append(Handover(id=person, person_id=person, children_end_week=1, last_step_id=f"{person}/0"))
    p = Problem(teams=teams, handovers=handovers, steps=steps)
    starts = greedy.schedule(p)
    head, _ = bound.heads_tails(p)
    gaps = {g.person_id: g for g in plan_.explain_gaps(p, starts, head)}
    first, second = sorted(gaps.values(), key=lambda g: g.weeks)
    assert (first.binding_team, first.binding_weeks, first.weeks) == ("amh", [0, 1, 2], 3)
    assert (second.binding_team, second.binding_weeks, second.weeks) == ("amh", list(range(7)), 7)
